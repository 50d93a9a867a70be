"""Writes of the tracker: hand-added items here, owned items through their owner's store.

A change asked of an item that belongs to a checkpoint, a finding or a postmortem is
made to that record (one truth): closing a checkpoint-owned item marks the checkpoint
Done. Every check that refuses bad input raises :class:`ActionError`, before anything
is written, and a bulk change runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sreplan.actions.model import (
    ActionStatus,
    Priority,
    SourceKind,
    TrackedAction,
    due_error,
    reason_error,
    title_error,
)
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace


class ActionError(WorkspaceError):
    """A tracker edit that was refused, phrased for the user."""


_UNSET: Any = object()


@dataclass(frozen=True)
class ActionChange:
    """What to set on items; a field left at ``UNSET`` is kept."""

    title: Any = _UNSET
    owner: Any = _UNSET
    due: Any = _UNSET  # date or None
    priority: Any = _UNSET
    status: Any = _UNSET
    reason: str = ""  # with status NOT_DOING

    def fields(self) -> set[str]:
        return {
            name
            for name in ("title", "owner", "due", "priority", "status")
            if getattr(self, name) is not _UNSET
        }


UNSET = _UNSET

_CHECKPOINT_STATUS = {
    ActionStatus.OPEN: "not_started",
    ActionStatus.IN_PROGRESS: "in_progress",
    ActionStatus.DONE: "done",
    ActionStatus.NOT_DOING: "waived",
}
_FINDING_STATUS = {
    ActionStatus.OPEN: "open",
    ActionStatus.IN_PROGRESS: "in_progress",
    ActionStatus.DONE: "resolved",
    ActionStatus.NOT_DOING: "accepted_risk",
}
_RISK = {Priority.P0: "high", Priority.P1: "medium", Priority.P2: "low"}


def check_change(item: TrackedAction, change: ActionChange) -> None:
    """Refuse a change the item cannot take, naming the item and why."""
    wanted = change.fields()
    refused = wanted - item.editable
    if refused:
        raise ActionError(
            f"“{item.title}” is a {item.kind.label.lower()} that clears when its cause is "
            f"fixed: open it (double-click) and change it there."
        )
    problem = None
    if "title" in wanted:
        problem = title_error(change.title)
    if problem is None and "due" in wanted:
        problem = due_error(item.created, change.due)
    if problem is None and "status" in wanted:
        problem = reason_error(change.status, change.reason)
    if problem:
        raise ActionError(f"“{item.title}”: {problem}")


def apply_change(
    ws: Workspace, items: Sequence[TrackedAction], change: ActionChange, today: date
) -> int:
    """Apply ``change`` to every item (each in its owning record), in one transaction."""
    for item in items:
        check_change(item, change)
    with ws.write():
        for item in items:
            _WRITERS[item.kind](ws, item, change, today)
    return len(items)


def _checkpoint(ws: Workspace, item: TrackedAction, change: ActionChange, today: date) -> None:
    from sreplan.checkpoints.store import CheckpointError, update_checkpoint

    values: dict[str, Any] = {}
    if change.title is not UNSET:
        values["title"] = change.title.strip()
    if change.owner is not UNSET:
        values["owner"] = change.owner.strip()
    if change.due is not UNSET:
        values["due_date"] = change.due.isoformat() if change.due else None
    if change.priority is not UNSET:
        values["risk"] = _RISK[change.priority]
    if change.status is not UNSET:
        values["status"] = _CHECKPOINT_STATUS[change.status]
        if change.status is ActionStatus.NOT_DOING:
            values["waiver_reason"], values["waiver_note"] = "other", change.reason.strip()
    try:
        update_checkpoint(ws, item.record_id, values)
    except CheckpointError as exc:
        raise ActionError(str(exc)) from exc


def _finding(ws: Workspace, item: TrackedAction, change: ActionChange, today: date) -> None:
    from sreplan.architecture.findings import update_finding

    values: dict[str, Any] = {}
    if change.title is not UNSET:
        values["title"] = change.title.strip()
    if change.owner is not UNSET:
        values["owner"] = change.owner.strip()
    if change.due is not UNSET:
        values["due_date"] = change.due.isoformat() if change.due else None
    if change.priority is not UNSET:
        values["risk"] = _RISK[change.priority]
    if change.status is not UNSET:
        values["status"] = _FINDING_STATUS[change.status]
        if change.status is ActionStatus.NOT_DOING:
            values["status_reason"] = change.reason.strip()
    try:
        update_finding(ws, item.record_id, values)
    except WorkspaceError as exc:
        raise ActionError(str(exc)) from exc


def _postmortem(ws: Workspace, item: TrackedAction, change: ActionChange, today: date) -> None:
    from sreplan.incidents.model import ActionStatus as IncidentActionStatus
    from sreplan.incidents.model import Priority as IncidentPriority
    from sreplan.incidents.store import get_action, update_action

    action = get_action(ws, item.record_id)
    if change.title is not UNSET:
        action = replace(action, title=change.title.strip())
    if change.owner is not UNSET:
        action = replace(action, owner=change.owner.strip())
    if change.due is not UNSET:
        action = replace(action, due=change.due)
    if change.priority is not UNSET:
        action = replace(action, priority=IncidentPriority(change.priority.value))
    if change.status is not UNSET:
        reason = change.reason.strip() if change.status is ActionStatus.NOT_DOING else ""
        action = replace(
            action, status=IncidentActionStatus(change.status.value), status_reason=reason
        )
    try:
        update_action(ws, item.record_id, action)
    except WorkspaceError as exc:
        raise ActionError(str(exc)) from exc


def _manual(ws: Workspace, item: TrackedAction, change: ActionChange, today: date) -> None:
    values: dict[str, Any] = {}
    if change.title is not UNSET:
        values["title"] = change.title.strip()
    if change.owner is not UNSET:
        values["owner"] = change.owner.strip()
    if change.due is not UNSET:
        values["due_date"] = change.due.isoformat() if change.due else None
    if change.priority is not UNSET:
        values["priority"] = change.priority.value
    if change.status is not UNSET:
        values["status"] = change.status.value
        values["status_reason"] = (
            change.reason.strip() if change.status is ActionStatus.NOT_DOING else ""
        )
        if change.status.is_open:
            values["closed_on"] = None
        elif item.status.is_open or item.closed is None:
            values["closed_on"] = today.isoformat()
    records.update(ws, "actions", item.record_id, values)


_WRITERS = {
    SourceKind.CHECKPOINT: _checkpoint,
    SourceKind.FINDING: _finding,
    SourceKind.SESSION: _finding,
    SourceKind.POSTMORTEM: _postmortem,
    SourceKind.MANUAL: _manual,
}


# Hand-added items ------------------------------------------------------------------------


def add_action(
    ws: Workspace,
    plan_id: str,
    title: str,
    *,
    created: date,
    owner: str = "",
    due: date | None = None,
    priority: Priority = Priority.P1,
    phase_id: str | None = None,
    action_id: str | None = None,
) -> str:
    """Insert a hand-added item; refuse a blank title, a due date before its creation, or a
    phase of another plan."""
    problem = title_error(title) or due_error(created, due)
    if problem:
        raise ActionError(problem)
    if phase_id is not None:
        same_plan(ws, "phases", phase_id, plan_id, "phase")
    action_id = action_id or new_id()
    records.insert(
        ws,
        "actions",
        [
            {
                "id": action_id,
                "plan_id": plan_id,
                "title": title.strip(),
                "owner": owner.strip(),
                "due_date": due.isoformat() if due else None,
                "priority": priority.value,
                "status": ActionStatus.OPEN.value,
                "created_on": created.isoformat(),
                "phase_id": phase_id,
            }
        ],
    )
    return action_id


def set_phase(ws: Workspace, action_id: str, phase_id: str | None) -> None:
    """Link a hand-added item to the phase whose gate it holds (None: no phase)."""
    plan_id = records.fetch(ws, "actions", action_id, ("plan_id",))["plan_id"]
    if phase_id is not None:
        same_plan(ws, "phases", phase_id, plan_id, "phase")
    records.update(ws, "actions", action_id, {"phase_id": phase_id})


def same_plan(ws: Workspace, table: str, record_id: str, plan_id: str, what: str) -> None:
    """Refuse a link to a record of another plan (or one that does not exist)."""
    rows = ws.rows(f"SELECT plan_id FROM {table} WHERE id = ?", [record_id])
    if not rows:
        raise ActionError(f"The {what} to link no longer exists.")
    if rows[0]["plan_id"] != plan_id:
        raise ActionError(f"That {what} belongs to another plan: link a {what} of this plan.")


def action_row(ws: Workspace, action_id: str) -> Mapping[str, Any]:
    return records.fetch(
        ws, "actions", action_id, ("id", "plan_id", "title", "phase_id", "notes", "created_on")
    )
