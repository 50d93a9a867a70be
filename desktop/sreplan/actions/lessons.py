"""Lessons become controls: a finding, a postmortem action or a hand-added item turns,
in one step, into the control that keeps it (a checklist item, optionally also in a
custom template; a proposed ADR; a capacity event; or a change to an SLO).

``lesson_controls`` links the two both ways; the lesson counts as kept when its
control is done (checklist item Done, ADR Accepted, SLO Agreed, capacity event
planned), and the tracker shows it closed with the control named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sreplan.actions.store import ActionError, same_plan
from sreplan.kernel import records
from sreplan.kernel.choices import Choice
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace


class LessonKind(Choice):
    FINDING = "finding", "Review finding"
    POSTMORTEM = "postmortem", "Postmortem action"
    MANUAL = "manual", "Action item"


class ControlKind(Choice):
    CHECKPOINT = "checkpoint", "Checklist item"
    ADR = "adr", "Decision record"
    SLO = "slo", "SLO change"
    CAPACITY_EVENT = "capacity_event", "Capacity event"


_LESSON_TABLE = {
    LessonKind.FINDING: ("findings", "title", "created_at", "description"),
    LessonKind.POSTMORTEM: ("incident_actions", "title", None, "title"),
    LessonKind.MANUAL: ("actions", "title", "created_on", "notes"),
}
_CONTROL = {  # table, title column, SQL that is true when the control is done
    ControlKind.CHECKPOINT: ("checkpoints", "title", "status = 'done'"),
    ControlKind.ADR: ("adrs", "'ADR-' || printf('%04d', number) || ': ' || title",
                      "status = 'accepted'"),
    ControlKind.SLO: ("slos", "coalesce(nullif(display_name, ''), name)", "status = 'agreed'"),
    ControlKind.CAPACITY_EVENT: ("capacity_events", "name", "1"),
}  # fmt: skip


@dataclass(frozen=True)
class Lesson:
    kind: LessonKind
    id: str
    title: str
    day: date | None  # when it was learnt
    detail: str


@dataclass(frozen=True)
class LessonControl:
    id: str
    lesson: Lesson
    control_kind: ControlKind
    control_id: str
    control_title: str
    done: bool
    created: date
    template_key: str | None

    @property
    def lesson_date(self) -> date | None:
        return self.lesson.day


def _day(text: object) -> date | None:
    return date.fromisoformat(str(text)[:10]) if text else None


def get_lesson(ws: Workspace, plan_id: str, kind: LessonKind, lesson_id: str) -> Lesson:
    """The lesson, refused when it is gone or belongs to another plan."""
    table, title, day, detail = _LESSON_TABLE[kind]
    same_plan(ws, table, lesson_id, plan_id, kind.label.lower())
    row = records.fetch(ws, table, lesson_id, [c for c in {title, detail, day or title}])
    when = _day(row[day]) if day else None
    if kind is LessonKind.POSTMORTEM:
        when = _day(
            ws.scalar(
                "SELECT i.started_at FROM incidents i JOIN incident_actions a "
                "ON a.incident_id = i.id WHERE a.id = ?",
                [lesson_id],
            )
        )
    return Lesson(kind, lesson_id, str(row[title]), when, str(row[detail]))


def _link(
    ws: Workspace, plan_id: str, lesson: Lesson, kind: ControlKind, control_id: str,
    today: date, template_key: str | None = None,
) -> str:  # fmt: skip
    link_id = new_id()
    records.insert(ws, "lesson_controls", [{
        "id": link_id, "plan_id": plan_id, "lesson_kind": lesson.kind.value,
        "lesson_id": lesson.id, "control_kind": kind.value, "control_id": control_id,
        "template_key": template_key, "created_on": today.isoformat(),
    }])  # fmt: skip
    return link_id


_CONTROL_TABLE = {k: v[0] for k, v in _CONTROL.items()}


def link_existing(
    ws: Workspace, plan_id: str, kind: LessonKind, lesson_id: str, control: ControlKind,
    control_id: str, *, today: date,
) -> str:  # fmt: skip
    """Record that an existing record is the control that keeps the lesson."""
    lesson = get_lesson(ws, plan_id, kind, lesson_id)
    same_plan(ws, _CONTROL_TABLE[control], control_id, plan_id, control.label.lower())
    taken = ws.scalar(
        "SELECT 1 FROM lesson_controls WHERE lesson_kind = ? AND lesson_id = ? "
        "AND control_kind = ? AND control_id = ?",
        [kind.value, lesson_id, control.value, control_id],
    )
    if taken:
        raise ActionError("That control already keeps this lesson.")
    with ws.write():
        return _link(ws, plan_id, lesson, control, control_id, today)


def to_checkpoint(
    ws: Workspace, plan_id: str, kind: LessonKind, lesson_id: str, *, phase_id: str,
    today: date, title: str | None = None, template_key: str | None = None,
) -> str:  # fmt: skip
    """A checklist item that keeps the lesson (and, with ``template_key``, the same item in
    that custom template, so every future engagement gets it). Returns the item's id."""
    from sreplan.checkpoints.model import Checkpoint, Risk
    from sreplan.checkpoints.store import add_checkpoint, get_phase

    lesson = get_lesson(ws, plan_id, kind, lesson_id)
    same_plan(ws, "phases", phase_id, plan_id, "phase")
    text = (title or lesson.title).strip()
    with ws.write():
        item_key = _add_to_template(ws, template_key, get_phase(ws, phase_id).name, text,
                                    lesson.detail) if template_key else None  # fmt: skip
        item = add_checkpoint(ws, Checkpoint(
            new_id(), plan_id, phase_id, text, guidance=f"Keeps the lesson: {lesson.title}",
            risk=Risk.HIGH, template_key=item_key,
        ))  # fmt: skip
        _link(ws, plan_id, lesson, ControlKind.CHECKPOINT, item.id, today, template_key)
    return item.id


def _add_to_template(ws: Workspace, key: str, phase: str, title: str, guidance: str) -> str:
    from sreplan.checkpoints.model import Risk
    from sreplan.checkpoints.template_store import custom_templates, save_custom_template
    from sreplan.checkpoints.templates import TemplateItem, slug

    template = next((t for t in custom_templates(ws) if t.key == key), None)
    if template is None:
        raise ActionError(
            f"No custom template '{key}': save the checklist as a template first "
            "(built-in templates cannot be changed)."
        )
    taken = {i.key for i in template.items}
    item_key, n = slug(title), 1
    while item_key in taken:
        n += 1
        item_key = f"{slug(title)}-{n}"
    phases = template.phases if phase in template.phases else (*template.phases, phase)
    item = TemplateItem(item_key, phase, title, guidance=guidance.strip(), risk=Risk.HIGH)
    save_custom_template(ws, replace(template, phases=phases, items=(*template.items, item)))
    return item_key


def to_adr(ws: Workspace, plan_id: str, kind: LessonKind, lesson_id: str, *, today: date) -> str:
    """A proposed ADR whose context is the lesson. Returns the ADR's id."""
    from sreplan.architecture.adr import Adr
    from sreplan.architecture.adr_store import add_adr, next_number

    lesson = get_lesson(ws, plan_id, kind, lesson_id)
    with ws.write():
        context = f"Lesson: {lesson.title}\n\n{lesson.detail}".strip()
        adr_id = add_adr(ws, plan_id, Adr(next_number(ws, plan_id), lesson.title, context=context))
        _link(ws, plan_id, lesson, ControlKind.ADR, adr_id, today)
    return adr_id


def to_slo_change(
    ws: Workspace, plan_id: str, kind: LessonKind, lesson_id: str, *, slo_id: str, today: date
) -> str:
    """Link the lesson to the SLO (target or alerts) it changes; kept when the SLO is agreed."""
    lesson = get_lesson(ws, plan_id, kind, lesson_id)
    same_plan(ws, "slos", slo_id, plan_id, "SLO")
    with ws.write():
        _link(ws, plan_id, lesson, ControlKind.SLO, slo_id, today)
    return slo_id


def to_capacity_event(
    ws: Workspace, plan_id: str, kind: LessonKind, lesson_id: str, *, starts_on: date,
    ends_on: date, multiplier: float, today: date, resource_id: str | None = None,
) -> str:  # fmt: skip
    """A planned capacity event (a peak to size for) that keeps the lesson."""
    lesson = get_lesson(ws, plan_id, kind, lesson_id)
    if ends_on < starts_on:
        raise ActionError("The event ends before it starts.")
    if not 0 < multiplier <= 100 or multiplier == 1:
        raise ActionError("A load factor must be above 0 and at most 100, and not 1.")
    if resource_id is not None:
        same_plan(ws, "capacity_resources", resource_id, plan_id, "capacity resource")
    event_id = new_id()
    with ws.write():
        records.insert(ws, "capacity_events", [{
            "id": event_id, "plan_id": plan_id, "resource_id": resource_id,
            "name": lesson.title, "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(), "kind": "multiplier", "multiplier": multiplier,
            "notes": f"Keeps the lesson: {lesson.title}",
        }])  # fmt: skip
        _link(ws, plan_id, lesson, ControlKind.CAPACITY_EVENT, event_id, today)
    return event_id


def lesson_links(ws: Workspace, plan_id: str) -> list[LessonControl]:
    """Every lesson of the plan with the control it became, oldest link first."""
    found = []
    for row in ws.rows(
        "SELECT * FROM lesson_controls WHERE plan_id = ? ORDER BY created_on, rowid", [plan_id]
    ):
        kind = ControlKind(row["control_kind"])
        table, title, done = _CONTROL[kind]
        control = ws.rows(
            f"SELECT {title} AS title, ({done}) AS done FROM {table} WHERE id = ?",
            [row["control_id"]],
        )
        if not control:
            continue  # the control was deleted: the lesson is open again
        try:
            lesson = get_lesson(ws, plan_id, LessonKind(row["lesson_kind"]), row["lesson_id"])
        except (ActionError, LookupError):
            continue
        found.append(LessonControl(
            row["id"], lesson, kind, row["control_id"], str(control[0]["title"]),
            bool(control[0]["done"]), date.fromisoformat(row["created_on"]), row["template_key"],
        ))  # fmt: skip
    return found


def controls_of(ws: Workspace, plan_id: str, lesson_key: str) -> list[LessonControl]:
    """The controls a lesson became (``lesson_key``: ``"<kind>:<id>"``)."""
    kind, _, lesson_id = lesson_key.partition(":")
    return [c for c in lesson_links(ws, plan_id)
            if c.lesson.kind.value == kind and c.lesson.id == lesson_id]  # fmt: skip


def lessons_of(ws: Workspace, plan_id: str, control_id: str) -> list[LessonControl]:
    """The lessons a control keeps (the other direction of the link)."""
    return [c for c in lesson_links(ws, plan_id) if c.control_id == control_id]
