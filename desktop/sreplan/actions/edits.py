"""Every tracker change as one undoable ``Edit``: a bulk edit of 500 items is one step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sreplan.actions import evidence, links, store
from sreplan.actions.evidence import EvidenceKind
from sreplan.actions.model import Priority, TrackedAction
from sreplan.actions.store import ActionChange
from sreplan.kernel.edits import Edit
from sreplan.kernel.workspace import Workspace

# Named for views of hand-added items; an edit also reports every table it actually wrote
# (``Edit.touched``), so a status change of a checkpoint refreshes only checkpoint views.
TABLES = frozenset({"actions"})


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def change_items(
    plan_id: str | None,
    items: Sequence[TrackedAction],
    change: ActionChange,
    today: date | None = None,
) -> Edit:
    """One edit that sets ``change`` on every item, each in the record that owns it."""
    fields = ", ".join(sorted(change.fields()))
    label = f"Set {fields} of {_plural(len(items), 'action item')}"
    day = today or date.today()
    for item in items:  # refuse at once, before anything is built or written
        store.check_change(item, change)

    def run(ws: Workspace) -> int:
        return store.apply_change(ws, items, change, day)

    return Edit(label, TABLES, run, plan_id)


def add_action(
    plan_id: str,
    title: str,
    *,
    created: date,
    owner: str = "",
    due: date | None = None,
    priority: Priority = Priority.P1,
    phase_id: str | None = None,
    action_id: str | None = None,
) -> Edit:
    def run(ws: Workspace) -> str:
        return store.add_action(
            ws, plan_id, title, created=created, owner=owner, due=due, priority=priority,
            phase_id=phase_id, action_id=action_id,
        )

    return Edit("Add Action Item", TABLES, run, plan_id)


def set_phase(plan_id: str | None, action_id: str, phase_id: str | None) -> Edit:
    def run(ws: Workspace) -> None:
        store.set_phase(ws, action_id, phase_id)

    return Edit("Link Action Item to Phase", TABLES, run, plan_id)


def delete_actions(plan_id: str | None, ids: Sequence[str]) -> Edit:
    def run(ws: Workspace) -> None:
        from sreplan.kernel import records

        records.delete(ws, "actions", ids)

    return Edit(f"Delete {_plural(len(ids), 'Action Item')}", TABLES, run, plan_id)


# Lessons, evidence and links (section 2 and 5) ----------------------------------------------

LOOP_TABLES = frozenset({"lesson_controls", "checkpoint_evidence_links", "service_components"})


def make_control(plan_id: str, label: str, create: Callable[[Workspace], str]) -> Edit:
    """One step from a lesson to its control: ``create`` makes the control and the link."""
    return Edit(label, TABLES | LOOP_TABLES, create, plan_id)


def link_evidence(plan_id: str, checkpoint_id: str, kind: EvidenceKind, record_id: str) -> Edit:
    def run(ws: Workspace) -> str:
        with ws.write():
            return evidence.link_evidence(ws, checkpoint_id, kind, record_id)

    return Edit("Name Checklist Evidence", LOOP_TABLES, run, plan_id)


def link_service(plan_id: str, service_id: str, component_id: str) -> Edit:
    def run(ws: Workspace) -> str:
        with ws.write():
            return links.link_service(ws, service_id, component_id)

    return Edit("Link Service to Component", LOOP_TABLES, run, plan_id)
