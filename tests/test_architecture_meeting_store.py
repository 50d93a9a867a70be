"""Meeting mode below the UI: agenda items, decisions, ADRs from decisions, follow-ups."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sreplan.architecture import meeting_edits, meeting_store
from sreplan.architecture.agenda import (
    AgendaItem,
    Decision,
    agenda_lines,
    component_under_discussion,
    elapsed_text,
    follow_up_title,
    parse_due,
)
from sreplan.architecture.session_store import session_agenda
from sreplan.features import open_workspace
from sreplan.kernel import Workspace
from sreplan.kernel.errors import UserError
from sreplan.kernel.ids import new_id, stable_id
from sreplan.plans.demo import DEMO_PLAN_ID
from tests.test_migrations_pinned import FIXTURES

SESSION = stable_id("demo/architecture/session/1")
TODAY = date(2026, 11, 30)


def test_the_demo_agenda_is_items_one_per_line(demo_ws: Workspace) -> None:
    items = meeting_store.agenda_items(demo_ws, SESSION)
    assert [i.title for i in items] == agenda_lines(session_agenda(demo_ws, SESSION))
    assert len(items) == 5 and not any(i.done or i.current for i in items)


def test_a_version_8_file_gets_its_typed_agenda_as_items(tmp_path: Path) -> None:
    old = tmp_path / "old.sreplan"
    old.write_bytes((FIXTURES / "demo_user_version_8.sreplan").read_bytes())
    ws = open_workspace(old)
    try:
        for (sid,) in ws.conn.execute("SELECT id FROM review_sessions"):
            titles = [i.title for i in meeting_store.agenda_items(ws, sid)]
            assert titles == agenda_lines(session_agenda(ws, sid)) and titles
    finally:
        ws.close()


def test_typing_the_agenda_reconciles_items_line_by_line(demo_ws: Workspace) -> None:
    first = meeting_store.agenda_items(demo_ws, SESSION)
    meeting_store.set_done(demo_ws, first[0].id, True)
    meeting_store.set_agenda_text(demo_ws, SESSION, "Request path, again\n\n  New topic  \n")
    items = meeting_store.agenda_items(demo_ws, SESSION)
    assert [(i.title, i.done) for i in items] == [
        ("Request path, again", True),
        ("New topic", False),
    ]
    assert items[0].id == first[0].id
    assert session_agenda(demo_ws, SESSION) == "Request path, again\n\n  New topic  \n"


def test_only_one_item_is_current(demo_ws: Workspace) -> None:
    items = meeting_store.agenda_items(demo_ws, SESSION)
    meeting_store.set_current(demo_ws, SESSION, items[1].id)
    meeting_store.set_current(demo_ws, SESSION, items[3].id)
    assert [i.current for i in meeting_store.agenda_items(demo_ws, SESSION)] == [
        False, False, False, True, False,
    ]
    with pytest.raises(sqlite3.IntegrityError), demo_ws.write() as conn:
        conn.execute("UPDATE agenda_items SET is_current = 1 WHERE session_id = ?", [SESSION])


def test_moving_through_the_agenda_undoes_and_redoes(demo_ws: Workspace) -> None:
    items = meeting_store.agenda_items(demo_ws, SESSION)
    first = meeting_edits.move_to_item(DEMO_PLAN_ID, SESSION, items[0].id)
    first.apply(demo_ws)
    second = meeting_edits.move_to_item(DEMO_PLAN_ID, SESSION, items[1].id)
    second.apply(demo_ws)
    first.absorb(second)  # what the undo stack does with consecutive moves
    first.revert(demo_ws)
    assert not any(i.current for i in meeting_store.agenda_items(demo_ws, SESSION))
    first.apply(demo_ws)
    assert [i.current for i in meeting_store.agenda_items(demo_ws, SESSION)][:2] == [False, True]


def test_a_decision_becomes_a_proposed_adr_once(demo_ws: Workspace) -> None:
    decision = Decision(new_id(), SESSION, "Cap autoscaling at 40 instances", "Sale needs 39.")
    meeting_edits.record_decision(DEMO_PLAN_ID, decision).apply(demo_ws)
    edit = meeting_edits.make_adr(DEMO_PLAN_ID, decision.id, new_id())
    edit.apply(demo_ws)
    adr = demo_ws.rows("SELECT number, title, status, context FROM adrs ORDER BY number")[-1]
    assert adr == {
        "number": edit.result,
        "title": "Cap autoscaling at 40 instances",
        "status": "proposed",
        "context": "Sale needs 39.",
    }
    (stored,) = meeting_store.decisions(demo_ws, SESSION)
    assert stored.adr_label == f"ADR-{edit.result:04d}"
    with pytest.raises(UserError, match="already has an ADR"):
        meeting_edits.make_adr(DEMO_PLAN_ID, decision.id, new_id()).apply(demo_ws)
    edit.revert(demo_ws)
    assert meeting_store.decisions(demo_ws, SESSION)[0].adr_id is None
    assert demo_ws.scalar("SELECT count(*) FROM adrs WHERE title LIKE 'Cap autoscaling%'") == 0


def test_a_follow_up_starts_with_the_open_items(demo_ws: Workspace) -> None:
    items = meeting_store.agenda_items(demo_ws, SESSION)
    meeting_store.set_done(demo_ws, items[0].id, True)
    meeting_store.set_item_component(demo_ws, items[2].id, None)
    new = new_id()
    edit = meeting_edits.start_follow_up(DEMO_PLAN_ID, new, "Follow-up", TODAY, SESSION)
    edit.apply(demo_ws)
    carried = meeting_store.agenda_items(demo_ws, new)
    assert [i.title for i in carried] == [i.title for i in items[1:]]
    assert session_agenda(demo_ws, new) == "\n".join(i.title for i in items[1:])
    assert demo_ws.scalar("SELECT held_on FROM review_sessions WHERE id = ?", [new]) == "2026-11-30"
    edit.revert(demo_ws)
    assert meeting_store.agenda_items(demo_ws, new) == []


def test_an_item_added_in_the_meeting_is_appended_to_the_typed_agenda(demo_ws: Workspace) -> None:
    before = session_agenda(demo_ws, SESSION)
    meeting_edits.add_agenda_item(DEMO_PLAN_ID, SESSION, new_id(), " Rollback plan ").apply(demo_ws)
    assert session_agenda(demo_ws, SESSION) == before + "\nRollback plan"
    assert meeting_store.agenda_items(demo_ws, SESSION)[-1].title == "Rollback plan"
    with pytest.raises(UserError):
        meeting_store.add_item(demo_ws, SESSION, new_id(), "   ")


def test_due_dates_as_typed() -> None:
    assert parse_due("", TODAY) is None
    assert parse_due("2026-12-24", TODAY) == date(2026, 12, 24)
    assert parse_due("+10d", TODAY) == date(2026, 12, 10)
    assert parse_due("+2W", TODAY) == date(2026, 12, 14)
    with pytest.raises(UserError, match="“next week” is not a date"):
        parse_due("next week", TODAY)


def test_the_component_under_discussion() -> None:
    names = [("db", "Orders database"), ("o", "Orders"), ("pay", "Payment provider")]
    item = AgendaItem("i", "s", 0, "2. Orders database: replication and restores")
    assert component_under_discussion(item, names) == "db"
    assert component_under_discussion(AgendaItem("i", "s", 0, "Ordersdb"), names) is None
    linked = AgendaItem("i", "s", 0, "Orders database", component_id="pay")
    assert component_under_discussion(linked, names) == "pay"
    assert component_under_discussion(None, names) is None


def test_small_texts() -> None:
    assert elapsed_text(65.9) == "1:05" and elapsed_text(3725) == "1:02:05"
    assert follow_up_title("Follow-up: Checkout") == "Follow-up: Checkout"
    assert follow_up_title(None) == "Review session"


@given(st.text())
def test_agenda_lines_are_the_non_blank_lines(text: str) -> None:
    lines = agenda_lines(text)
    assert all(line and line == line.strip() and "\n" not in line for line in lines)
    assert agenda_lines("\n".join(lines)) == lines
