"""Measures of the feedback loop over a chosen period.

* Closed by the due date: of the items that fell due in the period (and are due by
  today), the share closed on or before their due date. An item closed without a
  known closing date is left out and counted as such, never guessed.
* Overdue now, and the median age of open items (days since they were created).
* Lesson to control: median days from a lesson (a finding, a postmortem) to the
  control it became, for controls made in the period.
* Repeat incidents: incidents in the period that share a component and a trigger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from sreplan.actions.model import TrackedAction
from sreplan.kernel.workspace import Workspace


@dataclass(frozen=True)
class Repeat:
    component: str
    trigger: str
    incidents: tuple[str, ...]  # INC-n keys, oldest first


@dataclass(frozen=True)
class LoopMeasures:
    start: date
    end: date
    due_in_period: int
    closed_on_time: int
    closing_date_unknown: int
    overdue: int
    median_open_age_days: float | None
    lesson_to_control_days: float | None
    controls_made: int
    repeats: tuple[Repeat, ...]

    @property
    def on_time_share(self) -> float | None:
        """0-1 of the items due in the period with a known outcome; None when none."""
        known = self.due_in_period - self.closing_date_unknown
        return None if known <= 0 else self.closed_on_time / known


def item_measures(
    items: Sequence[TrackedAction], start: date, end: date, today: date
) -> tuple[int, int, int, int, float | None]:
    """(due in period, closed on time, closing date unknown, overdue, median open age)."""
    last = min(end, today)
    due = [i for i in items if i.due is not None and start <= i.due <= last]
    on_time = unknown = 0
    for i in due:
        if i.is_open:
            continue
        if i.closed is None:
            unknown += 1
        elif i.due is not None and i.closed <= i.due:
            on_time += 1
    overdue = sum(1 for i in items if i.overdue(today))
    ages = [a for i in items if i.is_open and (a := i.age_days(today)) is not None]
    return len(due), on_time, unknown, overdue, (median(ages) if ages else None)


@dataclass(frozen=True)
class LessonLink:
    lesson_date: date | None
    control_date: date


def lesson_days(links: Sequence[LessonLink], start: date, end: date) -> tuple[float | None, int]:
    """(median days from lesson to control, controls made in the period)."""
    made = [link for link in links if start <= link.control_date <= end]
    days = [(link.control_date - link.lesson_date).days for link in made if link.lesson_date]
    return (median(days) if days else None), len(made)


def repeats(
    incidents: Sequence[tuple[str, date | None, str, str]], start: date, end: date
) -> tuple[Repeat, ...]:
    """Incidents ``(key, day, component, trigger)`` in the period sharing component and trigger."""
    groups: dict[tuple[str, str], list[tuple[date, str]]] = {}
    for key, day, component, trigger in incidents:
        if day is None or not start <= day <= end or not trigger.strip():
            continue
        groups.setdefault((component, trigger.strip()), []).append((day, key))
    return tuple(
        Repeat(component, trigger, tuple(k for _, k in sorted(found)))
        for (component, trigger), found in sorted(groups.items())
        if len(found) > 1
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def incident_rows(ws: Workspace, plan_id: str) -> list[tuple[str, date | None, str, str]]:
    return [
        (f"INC-{n}", _day(started), name, trigger)
        for n, started, name, trigger in ws.conn.execute(
            "SELECT i.number, i.started_at, c.name, i.trigger_type FROM incidents i "
            "JOIN incident_components ic ON ic.incident_id = i.id "
            "JOIN components c ON c.id = ic.component_id WHERE i.plan_id = ?",
            [plan_id],
        )
    ]


def measure(
    ws: Workspace,
    plan_id: str,
    start: date,
    end: date,
    today: date | None = None,
    items: Sequence[TrackedAction] | None = None,
) -> LoopMeasures:
    """The loop's measures over ``start``-``end`` (``items``: the tracker's, if at hand)."""
    from sreplan.actions.lessons import lesson_links
    from sreplan.actions.sources import all_items

    today = today or date.today()
    if items is None:
        items = all_items(ws, plan_id)
    due, on_time, unknown, overdue, age = item_measures(items, start, end, today)
    links = [LessonLink(link.lesson_date, link.created) for link in lesson_links(ws, plan_id)]
    days, made = lesson_days(links, start, end)
    return LoopMeasures(
        start, end, due, on_time, unknown, overdue, age, days, made,
        repeats(incident_rows(ws, plan_id), start, end),
    )  # fmt: skip


def describe(m: LoopMeasures) -> list[str]:
    """The measures as sentences, for the Actions section and the report."""
    share = m.on_time_share
    lines = [
        f"Closed by the due date: {share:.0%} of {m.due_in_period - m.closing_date_unknown} "
        f"items due {m.start} – {m.end}" if share is not None
        else f"Closed by the due date: no item fell due {m.start} – {m.end}",
    ]
    if m.closing_date_unknown:
        lines[0] += f" ({m.closing_date_unknown} closed without a known date left out)"
    age = "n/a" if m.median_open_age_days is None else f"{m.median_open_age_days:g} days"
    lines.append(f"Overdue now: {m.overdue}; median age of open items: {age}")
    if m.lesson_to_control_days is None:
        lines.append(f"Lesson to control: no control made in the period ({m.controls_made})")
    else:
        lines.append(
            f"Lesson to control: median {m.lesson_to_control_days:g} days "
            f"({m.controls_made} controls made)"
        )
    if m.repeats:
        lines.append("Repeat incidents: " + "; ".join(
            f"{r.component} / {r.trigger}: {', '.join(r.incidents)}" for r in m.repeats
        ))  # fmt: skip
    else:
        lines.append("Repeat incidents: none on the same component and trigger")
    return lines
