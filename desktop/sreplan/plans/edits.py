"""Every change a user makes to plans, as kernel :class:`~sreplan.kernel.edits.Edit` objects.

The app puts them on its undo stack (``ops.run(edit)``); tests below the UI
apply and revert them directly. A new plan comes with every feature's start,
so its Edit is built where all features are known (``features.create_plan``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sreplan.kernel import edits, transfer
from sreplan.kernel.edits import Edit
from sreplan.kernel.workspace import Workspace, now_iso
from sreplan.plans import store

STAKEHOLDERS = "stakeholders"


def set_fields(plan_id: str, values: Mapping[str, Any], label: str, merge: bool = False) -> Edit:
    """Change fields of the plan; ``updated_at`` moves only with a real change."""
    return edits.set_fields(
        "plans", plan_id, values, label, plan_id=plan_id, merge=merge,
        stamp={"updated_at": now_iso()},
    )


def duplicate_plan(plan_id: str, new_name: str, copy_id: str) -> Edit:
    """Copy the plan with everything in it under fresh ids, the copy itself as ``copy_id``."""

    def action(ws: Workspace) -> None:
        store.duplicate_plan(ws, plan_id, new_name, copy_id)

    return edits.make("Duplicate Plan", {"plans"}, action, plan_id=copy_id)


def delete_plan(plan_id: str) -> Edit:
    return edits.delete("plans", [plan_id], "Delete Plan", plan_id=plan_id)


def import_plans(prepared: Sequence[transfer.PreparedPlan]) -> Edit:
    """Merge prepared plans of another file in; ``result`` is the :class:`ImportResult`."""
    plans = list(prepared)
    tables = {t for p in plans for t, _ in p.rows.tables} | {"plans"}
    label = "Import Plan" if len(plans) == 1 else f"Import {len(plans)} Plans"
    return edits.make(
        label, tables, lambda ws: transfer.apply_import(ws, plans),
        plan_id=plans[0].plan_id if plans else None,
    )


def add_stakeholder(row: Mapping[str, Any]) -> Edit:
    return edits.insert(STAKEHOLDERS, [row], "Add Stakeholder", plan_id=str(row["plan_id"]))


def remove_stakeholders(plan_id: str, ids: Sequence[str]) -> Edit:
    label = "Remove Stakeholder" if len(ids) == 1 else f"Remove {len(ids)} Stakeholders"
    return edits.delete(STAKEHOLDERS, ids, label, plan_id=plan_id)

