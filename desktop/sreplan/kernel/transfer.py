"""Moving plans between workspace files: import (all-or-nothing) and copies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.workspace import Workspace, open_workspace


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


def read_incoming(
    ws: Workspace, source: Path
) -> tuple[list[IncomingPlan], dict[str, records.Snapshot]]:
    """Every plan in ``source`` with its full snapshot, and whether its id clashes here."""
    if Path(source).absolute() == ws.path:
        raise WorkspaceError("That is the workspace already open; choose another file to import.")
    other = open_workspace(source, ws.schema, read_only=True)
    try:
        plans = other.rows("SELECT id, name FROM plans ORDER BY name COLLATE NOCASE")
        snapshots = {p["id"]: records.capture(other, "plans", [p["id"]]) for p in plans}
    finally:
        other.close()
    incoming = [
        IncomingPlan(
            p["id"], p["name"], bool(ws.scalar("SELECT 1 FROM plans WHERE id = ?", [p["id"]]))
        )
        for p in plans
    ]
    return incoming, snapshots


def prepare_import(
    ws: Workspace,
    snapshots: Mapping[str, records.Snapshot],
    decisions: Mapping[str, Conflict],
) -> list[PreparedPlan]:
    """Decide, once, the exact rows each incoming plan will write (fresh ids where needed).

    Preparing first keeps the import repeatable: redo after undo writes the same ids.
    """
    prepared: list[PreparedPlan] = []
    for plan_id, snapshot in snapshots.items():
        exists = bool(ws.scalar("SELECT 1 FROM plans WHERE id = ?", [plan_id]))
        replace = exists and decisions.get(plan_id, Conflict.KEEP_BOTH) is Conflict.REPLACE
        replaced = records.capture(ws, "plans", [plan_id]) if replace else None
        if (exists and not replace) or _any_id_taken(
            ws, snapshot, ignore_plan=plan_id if replace else None
        ):
            snapshot = records.with_new_ids(snapshot)
        prepared.append(PreparedPlan(snapshot, replaced))
    return prepared


@dataclass(frozen=True)
class PreparedPlan:
    rows: records.Snapshot
    replaces: records.Snapshot | None  # the plan it replaces, kept so undo can put it back

    @property
    def plan_id(self) -> str:
        return str(self.rows.rows("plans")[0]["id"])


def apply_import(ws: Workspace, prepared: list[PreparedPlan]) -> ImportResult:
    """Write the prepared plans in one transaction: every plan goes in, or none does."""
    with ws.write():
        for plan in prepared:
            if plan.replaces is not None:
                records.delete(ws, "plans", [plan.plan_id])
            records.restore(ws, plan.rows)
    replaced = sum(1 for p in prepared if p.replaces is not None)
    return ImportResult(len(prepared) - replaced, replaced, tuple(p.plan_id for p in prepared))


def undo_import(ws: Workspace, prepared: list[PreparedPlan]) -> None:
    with ws.write():
        records.delete(ws, "plans", [p.plan_id for p in prepared])
        for plan in prepared:
            if plan.replaces is not None:
                records.restore(ws, plan.replaces)


def import_plans(
    ws: Workspace,
    snapshots: Mapping[str, records.Snapshot],
    decisions: Mapping[str, Conflict],
) -> ImportResult:
    return apply_import(ws, prepare_import(ws, snapshots, decisions))


def _any_id_taken(
    ws: Workspace, snapshot: records.Snapshot, ignore_plan: str | None = None
) -> bool:
    """A record id of the incoming plan already used here (e.g. imported twice before)."""
    for table, rows in snapshot.tables:
        for row in rows:
            owner = ws.scalar(
                f"SELECT {'id' if table == 'plans' else 'plan_id'} FROM {table} WHERE id = ?",
                [row["id"]],
            )
            if owner is not None and owner != ignore_plan:
                return True
    return False
