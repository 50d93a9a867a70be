"""Lessons become controls: one step from a finding, a postmortem action or an item to
the control; both ways linked; the lesson closes when the control is done; the loop
measures against hand-computed figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sreplan.actions import lessons
from sreplan.actions.lessons import ControlKind, LessonKind
from sreplan.actions.measures import (
    LessonLink,
    item_measures,
    lesson_days,
    measure,
    repeats,
)
from sreplan.actions.model import ActionStatus, Priority, SourceKind, TrackedAction, key_of
from sreplan.actions.sources import all_items
from sreplan.actions.store import ActionError
from sreplan.kernel.workspace import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from tests.conftest import DEMO_DATE

TODAY = DEMO_DATE


def _id(ws: Workspace, table: str, column: str, value: str) -> str:
    return str(ws.scalar(f"SELECT id FROM {table} WHERE {column} = ?", [value]))


def _phase(ws: Workspace, name: str) -> str:
    return str(ws.scalar("SELECT id FROM phases WHERE plan_id = ? AND name = ?",
                         [DEMO_PLAN_ID, name]))  # fmt: skip


def test_lesson_to_checklist_item_to_template(demo_ws: Workspace) -> None:
    from sreplan.checkpoints.template_store import (
        apply_template,
        custom_templates,
        plan_as_template,
        save_custom_template,
    )
    from sreplan.features import create_plan
    from sreplan.plans.model import Plan

    with demo_ws.write():
        save_custom_template(demo_ws, plan_as_template(demo_ws, DEMO_PLAN_ID, "shop", "Shops"))
    action = _id(demo_ws, "incident_actions", "title",
                 "Automate orders database failover and rehearse it quarterly")  # fmt: skip
    operations = _phase(demo_ws, "Operations")
    checkpoint = lessons.to_checkpoint(
        demo_ws, DEMO_PLAN_ID, LessonKind.POSTMORTEM, action, phase_id=operations,
        today=TODAY, template_key="shop",
    )  # fmt: skip
    row = demo_ws.rows("SELECT * FROM checkpoints WHERE id = ?", [checkpoint])[0]
    assert row["title"] == "Automate orders database failover and rehearse it quarterly"
    assert row["risk"] == "high" and row["template_key"]
    # Both ways: from the lesson to its control and back.
    [link] = lessons.controls_of(demo_ws, DEMO_PLAN_ID, f"postmortem:{action}")
    assert (link.control_kind, link.control_id, link.done) == (ControlKind.CHECKPOINT, checkpoint,
                                                               False)  # fmt: skip
    assert [c.lesson.id for c in lessons.lessons_of(demo_ws, DEMO_PLAN_ID, checkpoint)] == [action]
    # The template carries it to every future engagement.
    template = next(t for t in custom_templates(demo_ws) if t.key == "shop")
    assert row["title"] in [i.title for i in template.items]
    create_plan(demo_ws, Plan(id="next", name="Next engagement"))
    with demo_ws.write():
        apply_template(demo_ws, "next", template)
    assert demo_ws.scalar("SELECT count(*) FROM checkpoints WHERE plan_id = 'next' AND title = ?",
                          [row["title"]]) == 1  # fmt: skip


def test_the_lesson_closes_when_its_control_is_done(demo_ws: Workspace) -> None:
    action = _id(demo_ws, "incident_actions", "title",
                 "Automate orders database failover and rehearse it quarterly")  # fmt: skip
    key = key_of(SourceKind.POSTMORTEM, action)
    checkpoint = lessons.to_checkpoint(
        demo_ws, DEMO_PLAN_ID, LessonKind.POSTMORTEM, action,
        phase_id=_phase(demo_ws, "Operations"), today=TODAY,
    )  # fmt: skip
    item = next(i for i in all_items(demo_ws, DEMO_PLAN_ID) if i.key == key)
    assert item.status is ActionStatus.IN_PROGRESS  # its control is not done yet
    with demo_ws.write():
        demo_ws.conn.execute("UPDATE checkpoints SET status = 'done' WHERE id = ?", [checkpoint])
    item = next(i for i in all_items(demo_ws, DEMO_PLAN_ID) if i.key == key)
    assert item.status is ActionStatus.DONE
    assert item.reason.startswith("Kept by its control: Checklist item")
    assert "status" not in item.editable


def test_a_finding_becomes_a_proposed_adr_and_a_capacity_event(demo_ws: Workspace) -> None:
    finding = _id(demo_ws, "findings", "title", "Orders database has untested backups")
    adr = lessons.to_adr(demo_ws, DEMO_PLAN_ID, LessonKind.FINDING, finding, today=TODAY)
    row = demo_ws.rows("SELECT status, title, context FROM adrs WHERE id = ?", [adr])[0]
    assert row["status"] == "proposed" and row["title"] == "Orders database has untested backups"
    assert row["context"].startswith("Lesson: Orders database has untested backups")
    event = lessons.to_capacity_event(
        demo_ws, DEMO_PLAN_ID, LessonKind.FINDING, finding, starts_on=TODAY,
        ends_on=TODAY + timedelta(days=2), multiplier=2.0, today=TODAY,
    )  # fmt: skip
    assert demo_ws.scalar("SELECT multiplier FROM capacity_events WHERE id = ?", [event]) == 2.0
    links = lessons.controls_of(demo_ws, DEMO_PLAN_ID, f"finding:{finding}")
    kinds = [c.control_kind for c in links]
    assert kinds == [ControlKind.ADR, ControlKind.CAPACITY_EVENT]


@pytest.mark.parametrize("factor", [0.0, 1.0, 1000.0])
def test_a_capacity_event_refuses_a_pointless_load_factor(
    demo_ws: Workspace, factor: float
) -> None:
    finding = _id(demo_ws, "findings", "title", "Orders database has untested backups")
    before = demo_ws.scalar("SELECT count(*) FROM lesson_controls")
    with pytest.raises(ActionError, match="load factor"):
        lessons.to_capacity_event(
            demo_ws, DEMO_PLAN_ID, LessonKind.FINDING, finding,
            starts_on=TODAY, ends_on=TODAY, multiplier=factor, today=TODAY,
        )  # fmt: skip
    assert demo_ws.scalar("SELECT count(*) FROM lesson_controls") == before


def test_a_lesson_of_another_plan_is_refused(demo_ws: Workspace) -> None:
    from sreplan.features import create_plan
    from sreplan.plans.model import Plan

    create_plan(demo_ws, Plan(id="other", name="Other"))
    finding = _id(demo_ws, "findings", "title", "Orders database has untested backups")
    with pytest.raises(ActionError, match="another plan"):
        lessons.to_adr(demo_ws, "other", LessonKind.FINDING, finding, today=TODAY)


def _item(due: date | None, status: ActionStatus, created: date | None, closed: date | None,
          n: int) -> TrackedAction:  # fmt: skip
    return TrackedAction(f"manual:{n}", SourceKind.MANUAL, str(n), "Added by hand", f"Item {n}",
                         "", due, Priority.P1, status, created=created, closed=closed)  # fmt: skip


def test_loop_measures_against_hand_computed_figures() -> None:
    d = date(2026, 6, 1)
    items = [
        _item(d + timedelta(5), ActionStatus.DONE, d, d + timedelta(4), 1),  # on time
        _item(d + timedelta(5), ActionStatus.DONE, d, d + timedelta(9), 2),  # late
        _item(d + timedelta(6), ActionStatus.NOT_DOING, d, None, 3),  # closed, date unknown
        _item(d + timedelta(7), ActionStatus.OPEN, d - timedelta(10), None, 4),  # overdue
        _item(d + timedelta(40), ActionStatus.OPEN, d + timedelta(10), None, 5),  # not yet due
        _item(d - timedelta(50), ActionStatus.DONE, d, d, 6),  # due before the period
    ]
    today = d + timedelta(20)
    due, on_time, unknown, overdue, age = item_measures(items, d, today, today)
    # Due in the period: 1, 2, 3, 4. Known outcomes: 1 (on time), 2 (late), 4 (open): 1 of 3.
    assert (due, on_time, unknown, overdue) == (4, 1, 1, 1)
    # Open ages on day 20: item 4 created day -10 → 30 days; item 5 created day 10 → 10.
    assert age == 20
    links = [LessonLink(d, d + timedelta(3)), LessonLink(d, d + timedelta(11)),
             LessonLink(d, d - timedelta(1)), LessonLink(None, d + timedelta(2))]  # fmt: skip
    assert lesson_days(links, d, today) == (7, 3)  # median of 3 and 11; 3 made in the period
    incidents = [
        ("INC-1", d, "Checkout API", "Deploy"),
        ("INC-2", d + timedelta(3), "Checkout API", "Deploy"),
        ("INC-3", d + timedelta(4), "Checkout API", "Load"),
        ("INC-4", d - timedelta(30), "Orders", "Deploy"),  # before the period
        ("INC-5", d, "Orders", "Deploy"),
    ]
    [repeat] = repeats(incidents, d, today)
    assert repeat.component == "Checkout API" and repeat.trigger == "Deploy"
    assert repeat.incidents == ("INC-1", "INC-2")


def test_measure_on_the_demo_counts_the_overdue_items(demo_ws: Workspace) -> None:
    m = measure(demo_ws, DEMO_PLAN_ID, TODAY - timedelta(days=90), TODAY, TODAY)
    overdue = [i for i in all_items(demo_ws, DEMO_PLAN_ID) if i.overdue(TODAY)]
    assert m.overdue == len(overdue) > 0
