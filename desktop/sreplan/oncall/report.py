"""On-call: the rotation, the checks before go-live, fairness (table and chart) for the next
twelve weeks, and who holds each layer in the next four weeks.

Failing checks also reach the executive "Open risks" section (and so the meeting
pack) as High-risk action items, through ``oncall.actions``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from reportlab.platypus import Flowable, KeepTogether

from sreplan.kernel import Workspace
from sreplan.kernel.errors import UserError
from sreplan.kernel.report.document import heading
from sreplan.kernel.report.figures import chart
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table, facts_table
from sreplan.kernel.report.text import RISK_HIGH, gap, note, nothing_recorded, para
from sreplan.oncall import store
from sreplan.oncall.health import FAIL, PASS, default_range
from sreplan.oncall.model import (
    RESTRICTION_LABELS,
    ROLE_LABELS,
    WEEKDAYS,
    Layer,
    Rotation,
    days_label,
    to_utc,
)
from sreplan.oncall.report_chart import fairness_drawing
from sreplan.oncall.service import Evaluation, evaluate_rotation

_RESULT = {PASS: "Pass", FAIL: "Fail", "info": "Note"}
MAX_FINDINGS = 5


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    rotation = store.load_rotation(ws, plan_id)
    if rotation is None:
        return nothing_recorded("No on-call rotation designed yet.")
    story: list[Flowable] = [*_rotation(rotation)]
    if not rotation.layers:
        return [*story, note("The rotation has no layers yet.")]
    start, end = default_range(options.report_date, rotation.zone)
    try:
        result = evaluate_rotation(rotation, start, end)
    except UserError as exc:
        return [*story, note(f"The rotation cannot be expanded: {exc}")]
    story += _checks(result, options)
    story += _fairness(result, options)
    story += _next_weeks(result, options)
    return story


def _layer_text(layer: Layer) -> str:
    unit = layer.shift_unit[:-1] if layer.shift_count == 1 else layer.shift_unit
    when = (
        f"handoff {WEEKDAYS[layer.handoff_weekday]} {layer.handoff_time}"
        if layer.shift_unit == "weeks"
        else f"handoff at {layer.handoff_time}"
    )
    text = f"{layer.shift_count} {unit} shifts, {when}, from {layer.starts_on}"
    if layer.restriction != "none":
        text += f"; {RESTRICTION_LABELS[layer.restriction].lower()}"
        if layer.restriction == "working_hours":
            text += f" ({layer.restriction_start}–{layer.restriction_end})"
    if layer.follow_the_sun:
        sites = ", ".join(f"{s.site} from {s.starts_at}" for s in layer.sun_sites)
        text += f"; follow-the-sun: {sites}"
    return text + f"; {len(layer.members)} people."


def _rotation(rotation: Rotation) -> list[Flowable]:
    facts = [("Rotation", f"{rotation.name} (times in {rotation.time_zone})")]
    facts += [(layer.name, _layer_text(layer)) for layer in rotation.layers]
    if rotation.incidents_per_week is not None:
        facts.append(("Expected incidents", f"{rotation.incidents_per_week:g} a week"))
    if rotation.product_share_target is not None:
        facts.append(("Agreed product share", f"{rotation.product_share_target:g} %"))
    people = data_table(
        [Column("Person", 1.4), Column("Role", 1.2), Column("Site", 0.8),
         Column("Time zone", 1.2), Column("Working hours", 1.3), Column("Holidays", 0.75)],
        [(p.name, ROLE_LABELS.get(p.role, p.role), p.site, p.time_zone,
          f"{p.work_start}–{p.work_end}, {days_label(p.work_days)}", p.country or "—")
         for p in rotation.people],
    )  # fmt: skip
    story: list[Flowable] = [facts_table(facts), gap(6), people]
    if rotation.overrides:
        tz = rotation.zone
        names = {p.id: p.name for p in rotation.people}
        layers = {la.id: la.name for la in rotation.layers}
        story += [
            gap(6),
            data_table(
                [
                    Column("Override", 1.0),
                    Column("Covered by", 1.1),
                    Column("Instead of", 1.1),
                    Column("From", 1.1),
                    Column("Until", 1.1),
                    Column("Reason", 1.6),
                ],
                [
                    (
                        layers.get(o.layer_id, "?"),
                        names.get(o.person_id, "?"),
                        names.get(o.covered_id, "?") if o.covered_id else "whoever is on",
                        f"{o.start.astimezone(tz):%Y-%m-%d %H:%M}",
                        f"{o.end.astimezone(tz):%Y-%m-%d %H:%M}",
                        o.reason,
                    )
                    for o in rotation.overrides
                ],
            ),
        ]
    return story


def _range_text(result: Evaluation) -> str:
    tz = result.rotation.zone
    last = result.schedule.end.astimezone(tz) - timedelta(seconds=1)
    return f"{result.schedule.start.astimezone(tz):%d %b %Y} – {last:%d %b %Y}"


def _checks(result: Evaluation, options: ReportOptions) -> list[Flowable]:
    rows, marks = [], []
    for n, c in enumerate(result.checks):
        detail = c.detail
        if c.findings:
            shown = "; ".join(c.findings[:MAX_FINDINGS])
            more = len(c.findings) - MAX_FINDINGS
            detail += f" {shown}" + (f"; … and {more} more" if more > 0 else "") + "."
        rows.append((c.title, _RESULT.get(c.status, c.status), detail, c.source))
        if c.failed:
            marks.append((1, n, RISK_HIGH))
    failing = len(result.failing)
    summary = (
        f"{failing} of {len(result.checks)} checks fail" if failing else "Every check passes"
    ) + f" for {_range_text(result)}."
    return [
        heading("Checks before go-live", 1),
        para(summary),
        data_table(
            [
                Column("Check", 1.2),
                Column("Result", 0.5),
                Column("Detail", 3.2),
                Column("Source", 1.5),
            ],
            rows,
            emphasis=marks,
        ),
    ]


def _fairness(result: Evaluation, options: ReportOptions) -> list[Flowable]:
    rows = list(result.fairness.rows)
    spread = result.fairness.spread
    spread_text = "n/a" if spread is None else f"{spread:.2f}"
    intro = para(
        f"Hours on call per person for {_range_text(result)}; off-hours are nights and "
        "weekends in each person's own time zone, holidays their country's public holidays. "
        f"Spread (most / least hours): {spread_text}."
    )
    table = data_table(
        [
            Column("Person", 1.5),
            Column("Site", 0.8),
            Column("Hours", 0.7, "RIGHT"),
            Column("Shifts", 0.6, "RIGHT"),
            Column("Off-hours", 0.8, "RIGHT"),
            Column("Holiday hours", 0.9, "RIGHT"),
            Column("Share of time", 0.9, "RIGHT"),
        ],
        [
            (r.name, r.site, f"{r.hours:.1f}", str(r.shifts), f"{r.off_hours:.1f}",
             f"{r.holiday_hours:.1f}", f"{r.share:.1f} %")
            for r in rows
        ],
    )  # fmt: skip
    return [
        KeepTogether([heading("Fairness", 1), intro, table]),
        gap(6),
        chart(fairness_drawing, rows, max_height=320),
    ]


def _next_weeks(result: Evaluation, options: ReportOptions) -> list[Flowable]:
    """Who holds each layer, week by week, for the next four weeks (hours per person)."""
    rotation = result.rotation
    tz = rotation.zone
    first = options.report_date - timedelta(days=options.report_date.weekday())
    names = {p.id: p.name for p in rotation.people}
    rows = []
    for week in range(4):
        day = first + timedelta(weeks=week)
        a, _ = to_utc(datetime.combine(day, time(0, 0)), tz)
        b, _ = to_utc(datetime.combine(day + timedelta(weeks=1), time(0, 0)), tz)
        cells = [f"{day:%d %b}"]
        for layer in rotation.layers:
            hours: dict[str, float] = defaultdict(float)
            for s in result.schedule.shifts:
                if s.layer_id == layer.id and s.start < b and s.end > a:
                    hours[s.person_id] += (min(s.end, b) - max(s.start, a)).total_seconds() / 3600
            cells.append(
                ", ".join(f"{names.get(p, '?')} {h:.0f} h" for p, h in hours.items()) or "nobody"
            )
        rows.append(cells)
    columns = [Column("Week of", 0.6)] + [Column(la.name, 2.0) for la in rotation.layers]
    return [
        heading("The next four weeks", 1),
        note("Weeks from Monday, in the rotation's time zone; hours held per person."),
        data_table(columns, rows),
    ]


SECTION = ReportSection(key="oncall", title="On-call", in_meeting_pack=False, build=build, order=60)
