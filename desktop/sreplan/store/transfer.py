"""Moving plans between workspace files: import (all-or-nothing) and copies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from . import records
from .errors import WorkspaceError
from .workspace import Workspace, open_workspace


class Conflict(StrEnum):
    """What to do with an incoming plan whose id is already in this workspace."""

    KEEP_BOTH = "keep_both"
    REPLACE = "replace"


@dataclass(frozen=True)
class IncomingPlan:
    id: str
    name: str
    clashes: bool


@dataclass(frozen=True)
class ImportResult:
    added: int
    replaced: int
    plan_ids: tuple[str, ...]


def read_incoming(ws: Workspace, source: Path) -> tuple[list[IncomingPlan], dict[str, records.Snapshot]]:
    """Every plan in ``source`` with its full snapshot, and whether its id clashes here."""
    if Path(source).absolute() == ws.path:
        raise WorkspaceError("That is the workspace already open; choose another file to import.")
    other = open_workspace(source, read_only=True)
    try:
        plans = other.rows("SELECT id, name FROM plans ORDER BY name COLLATE NOCASE")
        snapshots = {p["id"]: records.capture(other, "plans", [p["id"]]) for p in plans}
    finally:
        other.close()
    incoming = [
        IncomingPlan(p["id"], p["name"], bool(ws.scalar("SELECT 1 FROM plans WHERE id = ?", [p["id"]])))
        for p in plans
    ]
    return incoming, snapshots


def import_plans(
    ws: Workspace,
    snapshots: Mapping[str, records.Snapshot],
    decisions: Mapping[str, Conflict],
) -> ImportResult:
    """Merge the snapshots in one transaction: every plan goes in, or none does."""
    added = replaced = 0
    ids: list[str] = []
    with ws.write():
        for plan_id, snapshot in snapshots.items():
            exists = bool(ws.scalar("SELECT 1 FROM plans WHERE id = ?", [plan_id]))
            if exists and decisions.get(plan_id, Conflict.KEEP_BOTH) is Conflict.REPLACE:
                records.delete(ws, "plans", [plan_id])
                replaced += 1
            else:
                added += 1
            if _any_id_taken(ws, snapshot):
                snapshot = records.with_new_ids(snapshot)
            records.restore(ws, snapshot)
            ids.append(str(snapshot.rows("plans")[0]["id"]))
    return ImportResult(added, replaced, tuple(ids))


def _any_id_taken(ws: Workspace, snapshot: records.Snapshot) -> bool:
    """A record id of the incoming plan already used here (e.g. imported twice before)."""
    for table, rows in snapshot.tables:
        for row in rows:
            if ws.scalar(f"SELECT 1 FROM {table} WHERE id = ?", [row["id"]]):
                return True
    return False
