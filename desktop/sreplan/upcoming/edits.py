"""Every change a user makes to planned changes and review cadence, as kernel Edits.

A change's fields go through :func:`set_change_fields`, not the generic record edit,
because a load factor or a date also moves the change's capacity event: both are
one undo step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sreplan.capacity.store import EVENTS
from sreplan.kernel import edits, records
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace
from sreplan.upcoming import store
from sreplan.upcoming.review import CADENCES

TABLES = frozenset({store.CHANGES, store.CHANGE_COMPONENTS, EVENTS})


def add_change(plan_id: str, change_id: str, title: str, kind: str) -> Edit:
    return edits.make(
        "Add Change",
        TABLES,
        lambda ws: store.add_change(ws, plan_id, change_id, title, kind),
        plan_id=plan_id,
    )


def set_change_fields(
    change_id: str, values: Mapping[str, Any], label: str, plan_id: str | None, merge: bool
) -> Edit:
    """Fields of one change (keystrokes merge into one step) and its capacity event."""
    new = dict(values)

    def save(ws: Workspace) -> None:
        old = records.fetch(ws, store.CHANGES, change_id, new)
        if all(old[k] == v for k, v in new.items()):
            return
        store.update_change(ws, change_id, new)

    key = (store.CHANGES, change_id, tuple(sorted(new))) if merge else None
    return edits.make(label, TABLES, save, plan_id=plan_id, merge_key=key)


def set_components(plan_id: str, change_id: str, ids: Iterable[str], label: str) -> Edit:
    chosen = list(ids)
    return edits.make(
        label,
        {store.CHANGE_COMPONENTS},
        lambda ws: store.set_components(ws, plan_id, change_id, chosen),
        plan_id=plan_id,
    )


def remove_changes(plan_id: str | None, ids: Sequence[str]) -> Edit:
    chosen = list(ids)
    label = "Remove Change" if len(chosen) == 1 else f"Remove {len(chosen)} Changes"
    return edits.make(label, TABLES, lambda ws: store.delete_changes(ws, chosen), plan_id=plan_id)


def set_review_cadence(plan_id: str, weeks: int | None) -> Edit:
    """Review every ``weeks`` weeks; None: no cadence (the row goes)."""
    if weeks is not None and weeks not in CADENCES:
        raise ValueError(f"unsupported cadence {weeks}")

    def save(ws: Workspace) -> None:
        existing = ws.scalar(f"SELECT id FROM {store.CADENCES} WHERE plan_id = ?", [plan_id])
        if weeks is None:
            if existing:
                records.delete(ws, store.CADENCES, [existing])
        elif existing:
            records.update(ws, store.CADENCES, existing, {"every_weeks": weeks})
        else:
            records.insert(
                ws, store.CADENCES, [{"id": new_id(), "plan_id": plan_id, "every_weeks": weeks}]
            )

    return edits.make("Change Review Cadence", {store.CADENCES}, save, plan_id=plan_id)
