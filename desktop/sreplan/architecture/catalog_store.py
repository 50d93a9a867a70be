"""The patterns and antipatterns catalog: built-in YAML package data plus the plan's own entries."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from sreplan.architecture.catalog import CatalogEntry, EntryKind
from sreplan.checkpoints.model import Category
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace

_FILES = (
    ("patterns.yaml", EntryKind.PATTERN),
    ("antipatterns.yaml", EntryKind.ANTIPATTERN),
    ("cloud_native.yaml", EntryKind.CLOUD_NATIVE),
)


@cache
def builtin_entries() -> tuple[CatalogEntry, ...]:
    """The catalog shipped with the app, read once."""
    import yaml

    entries: list[CatalogEntry] = []
    folder = resources.files("sreplan") / "data" / "catalog"
    for name, kind in _FILES:
        data: list[dict[str, Any]] = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        for item in data:
            entries.append(
                CatalogEntry(
                    key=item["key"],
                    name=item["name"],
                    kind=kind,
                    summary=item["summary"],
                    applies_when=item["applies_when"],
                    what_to_check=tuple(item.get("what_to_check") or ()),
                    checkpoint_category=item.get("checkpoint_category", ""),
                )
            )
    return tuple(entries)


def _category_label(key: str) -> str:
    """The checkpoints feature's label for a category key ("backup_dr" → its label)."""
    try:
        return Category(key).label
    except ValueError:
        return key


def user_entries(ws: Workspace, plan_id: str) -> list[CatalogEntry]:
    return [
        CatalogEntry(
            key=f"user:{r['id']}",
            name=r["name"],
            kind=EntryKind(r["kind"]),
            summary=r["summary"],
            applies_when=r["applies_when"],
            what_to_check=tuple(x for x in r["what_to_check"].splitlines() if x.strip()),
            checkpoint_category=r["checkpoint_category"],
            built_in=False,
        )
        for r in ws.rows(
            "SELECT id, name, kind, summary, applies_when, what_to_check, checkpoint_category "
            "FROM catalog_entries WHERE plan_id = ? ORDER BY name COLLATE NOCASE",
            [plan_id],
        )
    ]


def all_entries(ws: Workspace, plan_id: str) -> list[CatalogEntry]:
    return [*builtin_entries(), *user_entries(ws, plan_id)]


def entry_names(ws: Workspace, plan_id: str) -> dict[str, str]:
    return {e.key: e.name for e in all_entries(ws, plan_id)}


def add_entry(ws: Workspace, plan_id: str, entry: CatalogEntry) -> str:
    """Add a user entry; returns its ``user:<id>`` key."""
    if not entry.name.strip():
        raise WorkspaceError("A catalog entry needs a name.")
    entry_id = new_id()
    records.insert(
        ws,
        "catalog_entries",
        [
            {
                "id": entry_id,
                "plan_id": plan_id,
                "name": entry.name.strip(),
                "kind": entry.kind.value,
                "summary": entry.summary,
                "applies_when": entry.applies_when,
                "what_to_check": "\n".join(entry.what_to_check),
                "checkpoint_category": entry.checkpoint_category,
            }
        ],
    )
    return f"user:{entry_id}"
