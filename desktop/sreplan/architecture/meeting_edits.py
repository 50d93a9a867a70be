"""Meeting mode's changes, one undoable kernel Edit each (see architecture/edits.py)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date

from sreplan.architecture import findings, meeting_store, session_store
from sreplan.architecture.agenda import Decision
from sreplan.architecture.edits import FINDING_TABLES
from sreplan.architecture.reviews import Finding
from sreplan.kernel.edits import Edit
from sreplan.kernel.workspace import Workspace

AGENDA_TABLES = frozenset({"agenda_items", "review_sessions"})
DECISION_TABLES = frozenset({"session_decisions", "adrs", "adr_options"})
SESSION_TABLES = AGENDA_TABLES | {"session_participants", "session_components"}


def capture_finding(plan_id: str, finding: Finding, component_ids: Iterable[str] = ()) -> Edit:
    """A finding captured in the meeting, linked to the component under discussion."""
    ids = list(component_ids)
    return Edit(
        "Capture Finding",
        FINDING_TABLES,
        lambda ws: findings.add_finding(ws, plan_id, finding, ids),
        plan_id,
    )


def record_decision(plan_id: str, decision: Decision) -> Edit:
    return Edit(
        "Record Decision",
        DECISION_TABLES,
        lambda ws: meeting_store.add_decision(ws, decision),
        plan_id,
    )


def make_adr(plan_id: str, decision_id: str, adr_id: str) -> Edit:
    """A proposed ADR from a decision; ``Edit.result`` is its number."""
    return Edit(
        "Make ADR from Decision",
        DECISION_TABLES,
        lambda ws: meeting_store.make_adr(ws, decision_id, adr_id),
        plan_id,
    )


def add_agenda_item(plan_id: str, session_id: str, item_id: str, title: str) -> Edit:
    return Edit(
        "Add Agenda Item",
        AGENDA_TABLES,
        lambda ws: meeting_store.add_item(ws, session_id, item_id, title),
        plan_id,
    )


def move_to_item(plan_id: str, session_id: str, item_id: str | None) -> Edit:
    """Make an item current; stepping through the agenda in a row is one undo step."""
    key: Hashable = ("agenda_current", session_id)
    return Edit(
        "Move to Agenda Item",
        AGENDA_TABLES,
        lambda ws: meeting_store.set_current(ws, session_id, item_id),
        plan_id,
        key,
    )


def set_item_done(plan_id: str, item_id: str, done: bool) -> Edit:
    return Edit(
        "Mark Agenda Item Done" if done else "Reopen Agenda Item",
        AGENDA_TABLES,
        lambda ws: meeting_store.set_done(ws, item_id, done),
        plan_id,
    )


def set_item_component(plan_id: str, item_id: str, component_id: str | None) -> Edit:
    return Edit(
        "Change Component under Discussion",
        AGENDA_TABLES,
        lambda ws: meeting_store.set_item_component(ws, item_id, component_id),
        plan_id,
    )


def set_agenda_text(
    plan_id: str | None, session_id: str, text: str, label: str, merge: bool
) -> Edit:
    """The sessions form's agenda box: keystrokes merge into one step, items follow the text."""

    def save(ws: Workspace) -> None:
        if session_store.session_agenda(ws, session_id) != text:
            meeting_store.set_agenda_text(ws, session_id, text)

    key = ("review_sessions", session_id, ("agenda",)) if merge else None
    return Edit(label, AGENDA_TABLES, save, plan_id, key)


def start_follow_up(
    plan_id: str, session_id: str, title: str, held_on: date | None, previous_id: str | None
) -> Edit:
    return Edit(
        "Start Review Session",
        SESSION_TABLES,
        lambda ws: meeting_store.start_follow_up(
            ws, plan_id, session_id, title, held_on, previous_id
        ),
        plan_id,
    )
