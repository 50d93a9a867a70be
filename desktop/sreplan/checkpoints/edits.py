"""Every change a user makes to a checklist, as one undoable kernel ``Edit`` each.

Each function returns an :class:`~sreplan.kernel.edits.Edit` whose action writes
through the store; the first apply journals the rows it wrote, so undo and redo
replay exactly those rows (same ids). A bulk status change of 500 items is one
edit, and so is applying a template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sreplan.checkpoints import store, template_store
from sreplan.checkpoints.model import Checkpoint, CheckpointStatus, WaiverReason
from sreplan.checkpoints.templates import Template
from sreplan.kernel import records
from sreplan.kernel.edits import Edit
from sreplan.kernel.workspace import Workspace

# What a checklist view shows: every checkpoint edit names them, so views reload.
TABLES = frozenset({"checkpoints", "phases", "checkpoint_templates"})


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _edit(label: str, plan_id: str | None, action: Any, merge_key: Any = None) -> Edit:
    def run(ws: Workspace) -> None:
        action(ws)  # store functions return counts or records; the edit only needs the writes

    return Edit(label, TABLES, run, plan_id, merge_key)


# Items -----------------------------------------------------------------------------------


def edit_checkpoint(
    plan_id: str | None,
    checkpoint_id: str,
    values: Mapping[str, Any],
    label: str,
    *,
    merge: bool = False,
) -> Edit:
    """Change fields of one item (validated by the store; last-changed set).

    With ``merge``, successive edits of the same fields (typing) are one undo step.
    """
    values = dict(values)
    merge_key = ("checkpoint", checkpoint_id, tuple(sorted(values))) if merge else None
    return _edit(
        label,
        plan_id,
        lambda ws: store.update_checkpoint(ws, checkpoint_id, values),
        merge_key,
    )


def set_status(
    plan_id: str | None,
    ids: Sequence[str],
    status: CheckpointStatus,
    reason: WaiverReason | None = None,
    note: str = "",
) -> Edit:
    ids = list(ids)
    return _edit(
        f"Set {_plural(len(ids), 'Checkpoint')} to {status.label}",
        plan_id,
        lambda ws: store.set_status(ws, ids, status, reason, note),
    )


def set_owner(plan_id: str | None, ids: Sequence[str], owner: str) -> Edit:
    ids = list(ids)
    return _edit(
        f"Set Owner of {_plural(len(ids), 'Checkpoint')}",
        plan_id,
        lambda ws: store.set_owner(ws, ids, owner),
    )


def add_checkpoint(plan_id: str, phase_id: str, checkpoint_id: str, title: str) -> Edit:
    """Add an item at the end of a phase, under the id the caller chose (to select it)."""
    item = Checkpoint(checkpoint_id, plan_id, phase_id, title)
    return _edit("Add Checkpoint", plan_id, lambda ws: store.add_checkpoint(ws, item))


def delete_checkpoints(plan_id: str | None, ids: Sequence[str]) -> Edit:
    ids = list(ids)
    return _edit(
        f"Delete {_plural(len(ids), 'Checkpoint')}",
        plan_id,
        lambda ws: records.delete(ws, "checkpoints", ids),
    )


def move_to_phase(plan_id: str | None, ids: Sequence[str], phase_id: str) -> Edit:
    """Move items to the end of another phase, keeping their order."""
    ids = list(ids)
    return _edit(
        f"Move {_plural(len(ids), 'Checkpoint')}",
        plan_id,
        lambda ws: store.move_checkpoints(ws, ids, phase_id),
    )


# Phases ----------------------------------------------------------------------------------


def add_phase(plan_id: str, name: str, phase_id: str) -> Edit:
    return _edit("Add Phase", plan_id, lambda ws: store.add_phase(ws, plan_id, name, phase_id))


def add_default_phases(plan_id: str) -> Edit:
    """The five default phases, for a plan (from an older file) that has none."""
    return _edit(
        "Add Default Phases", plan_id, lambda ws: store.add_default_phases(ws, plan_id)
    )


def rename_phase(plan_id: str | None, phase_id: str, name: str) -> Edit:
    return _edit("Rename Phase", plan_id, lambda ws: store.rename_phase(ws, phase_id, name))


def reorder_phases(plan_id: str, ordered_ids: Sequence[str]) -> Edit:
    ordered = list(ordered_ids)
    return _edit(
        "Reorder Phases", plan_id, lambda ws: store.reorder_phases(ws, plan_id, ordered)
    )


def delete_phase(plan_id: str | None, phase_id: str) -> Edit:
    """Delete a phase with its items; undo brings both back."""
    return _edit("Delete Phase", plan_id, lambda ws: store.delete_phase(ws, phase_id))


# Templates -------------------------------------------------------------------------------


def apply_template(plan_id: str, template: Template) -> Edit:
    """Merge a template into the plan; undo removes exactly what it added."""
    return _edit(
        f"Apply Template {template.name}",
        plan_id,
        lambda ws: template_store.apply_template(ws, plan_id, template),
    )


def save_as_template(plan_id: str, key: str, name: str, description: str) -> Edit:
    """Save the checklist as a custom template (items get template keys written back)."""

    def save(ws: Workspace) -> None:
        template = template_store.plan_as_template(ws, plan_id, key, name, description)
        template_store.save_custom_template(ws, template)

    return _edit(f"Save Template {name}", plan_id, save)


def import_template(plan_id: str | None, template: Template) -> Edit:
    """Add a template read from a file to the workspace's custom templates."""
    return _edit(
        f"Import Template {template.name}",
        plan_id,
        lambda ws: template_store.save_custom_template(ws, template),
    )
