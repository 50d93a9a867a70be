"""Capacity: per resource its chart, forecast table, run-out and order-by dates and the
units each planned event needs; then the benchmarks."""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.platypus import Flowable, KeepTogether

from sreplan.capacity.benchmarks import verdict
from sreplan.capacity.model import NEEDS_CAPACITY, Redundancy, counted, target_text
from sreplan.capacity.outlook import SIZING_BOUND, Outlook, to_epoch
from sreplan.capacity.outlook_store import plan_outlooks
from sreplan.capacity.series_store import load_series
from sreplan.capacity.sizing import units_needed
from sreplan.capacity.store import list_benchmarks, list_resources
from sreplan.capacity.summary import HORIZON_DAYS, shortfalls
from sreplan.kernel import Workspace
from sreplan.kernel.report.document import BODY_WIDTH, heading
from sreplan.kernel.report.figures import drawing_flowable
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table, facts_table
from sreplan.kernel.report.text import (
    RISK_HIGH,
    capped,
    gap,
    is_empty,
    note,
    nothing_recorded,
    para,
)

MILESTONES = (30, 90, 180)
PACK_RESOURCES = 3  # resources at risk the meeting pack charts


def _n(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    today = options.report_date
    if options.meeting_pack:
        return _warnings(ws, plan_id, today)
    story: list[Flowable] = []
    outlooks = plan_outlooks(ws, plan_id, today=today, horizon_days=HORIZON_DAYS)
    benchmarks = _benchmarks(ws, plan_id)
    if not outlooks and is_empty(benchmarks):
        return nothing_recorded("No capacity resources or benchmarks recorded.")
    if not outlooks:
        story.append(note("No capacity resources recorded."))
    for outlook in outlooks:
        story += _resource(ws, outlook, outlook.as_of or today)
    story.append(heading("Benchmarks", 1))
    story += benchmarks
    return story


def _resource(ws: Workspace, o: Outlook, today: date) -> list[Flowable]:
    from sreplan.capacity.report_chart import capacity_drawing

    r = o.resource
    unit = f" {r.unit}" if r.unit else ""
    title = heading(r.name, 1)
    if o.forecast is None:
        return [title, note(o.warnings[0])]
    times, values = load_series(ws, r.id)
    chart = drawing_flowable(capacity_drawing(o, times, values), width=BODY_WIDTH)
    facts = facts_table([
        ("Model", f"{o.forecast.kind.label}. {o.forecast.reason}"),
        *([("History", o.history_note)] if o.history_note else []),
        ("Capacity", f"Not set: {NEEDS_CAPACITY}." if not o.sized else
                     f"{_n(o.usable_capacity)}{unit} usable of {_n(o.raw_capacity)} raw "
                     f"({counted(r.current_units, r.unit_name)} × {_n(r.capacity_per_unit)}; "
                     f"{_redundancy(o)}; {target_text(r.headroom_pct)})"),
        ("Units needed", o.units_text(r.unit_name, r.current_units) or "—"),
        ("Runs out", f"{o.exhaustion} ({SIZING_BOUND} of planned demand crosses usable "
                     "capacity)" if o.exhaustion else f"Not before {o.horizon_end}"
         if o.sized else "— (needs the capacity per unit)"),
        ("Order by", "—" if o.order_by is None else
         f"{o.order_by} (lead time {r.lead_time_days} days)"
         + (" — ALREADY PAST" if o.order_by_past else "")),
        ("Scaling", f"{r.scaling.label}; {r.notes}" if r.notes else r.scaling.label),
    ])
    parts: list[Flowable] = [KeepTogether([title, chart]), gap(4), facts, gap(6),
                             _forecast_table(o, today)]
    if o.event_peaks:
        parts += [gap(6), _events_table(o)]
    # The History and Capacity facts above already say these two.
    warnings = [w for w in o.warnings if w != o.history_note and not (
        not o.sized and w.startswith("Sizing needs"))]
    if warnings:
        parts += [gap(4), *(para(w) for w in warnings)]
    return parts


def _warnings(ws: Workspace, plan_id: str, today: date) -> list[Flowable]:
    """The meeting pack: each resource at risk with its chart, the rest a count."""
    from sreplan.capacity.report_chart import capacity_drawing

    at_risk = shortfalls(ws, plan_id, today)
    if not at_risk:
        return [note("No resource runs out before its next event or the forecast horizon.")]
    story: list[Flowable] = []
    for s in at_risk[:PACK_RESOURCES]:
        o = s.outlook
        times, values = load_series(ws, o.resource.id)
        chart = drawing_flowable(capacity_drawing(o, times, values), width=BODY_WIDTH)
        story += [KeepTogether([heading(capped(o.resource.name, 200), 1), para(s.text()), chart]),
                  *(para(w, "small") for w in o.warnings), gap(6)]
    if len(at_risk) > PACK_RESOURCES:
        story.append(note(f"… and {len(at_risk) - PACK_RESOURCES} more in the full report."))
    return story


def _redundancy(o: Outlook) -> str:
    r = o.resource
    if r.redundancy is Redundancy.ZONE:
        return f"survives losing 1 of {r.zones} zones"
    return f"N+{r.spare_units}"


def _forecast_table(o: Outlook, today: date) -> Flowable:
    import numpy as np

    assert o.forecast is not None and o.planned is not None
    r = o.resource
    rows = []
    for days in MILESTONES:
        when = today + timedelta(days=days)
        at = np.array([to_epoch(when)])
        band = o.forecast.predictor.predict(at)
        if o.forecast.kind.is_assumed:
            interval80 = interval95 = "none (an assumption)"
        else:
            interval80 = f"{_n(float(band.lo80[0]))}–{_n(float(band.hi80[0]))}"
            interval95 = f"{_n(float(band.lo95[0]))}–{_n(float(band.hi95[0]))}"
        rows.append((str(when), _n(float(band.mean[0])), interval80, interval95,
                     str(units_needed(r, float(band.hi95[0]))) if o.sized else "—"))
    return data_table(
        [Column("Date", 1.0), Column(f"Forecast {r.unit}".strip(), 1.0, "RIGHT"),
         Column("80% interval", 1.3, "RIGHT"), Column("95% interval", 1.3, "RIGHT"),
         Column(f"{r.unit_name.capitalize()}s needed without events", 1.0, "RIGHT")], rows)


def _events_table(o: Outlook) -> Flowable:
    r = o.resource
    rows = [(ep.label, f"{ep.event.starts_on} – {ep.event.ends_on}", _n(ep.peak_upper),
             "—" if ep.units_needed is None else str(ep.units_needed), str(r.current_units),
             "—" if ep.utilisation_pct is None else f"{ep.utilisation_pct:,.0f}%")
            for ep in o.event_peaks]
    short = [(3, n, RISK_HIGH) for n, ep in enumerate(o.event_peaks)
             if ep.units_needed is not None and ep.units_needed > r.current_units]
    return data_table(
        [Column("Event", 1.6), Column("Window", 1.5), Column("Planned peak", 1.0, "RIGHT"),
         Column("Needed", 0.8, "RIGHT"), Column("Today", 0.7, "RIGHT"),
         Column("Load on today's", 0.9, "RIGHT")], rows, emphasis=short)


def _benchmarks(ws: Workspace, plan_id: str) -> list[Flowable]:
    benches = list_benchmarks(ws, plan_id)
    if not benches:
        return nothing_recorded("No benchmarks recorded.")
    names = {r.id: r.name for r in list_resources(ws, plan_id)}
    rows, marks = [], []
    for n, b in enumerate(benches):
        result = verdict(b)
        per = b.throughput_per_instance
        rows.append((f"{b.name} · {b.scenario.label} · {b.run_on or 'undated'}",
                     names.get(b.resource_id or "", "—"), b.target_text(), b.results_text(),
                     "—" if per is None else f"{per:,.1f}", result.label,
                     b.evidence_url or "—"))
        if result.passed is False:
            marks.append((5, n, RISK_HIGH))
    return [data_table(
        [Column("Benchmark", 1.7), Column("Resource", 1.0), Column("Target", 1.3),
         Column("Measured", 1.4), Column("Per unit", 0.75, "RIGHT"), Column("Verdict", 0.75),
         Column("Evidence", 1.6)], rows, emphasis=marks)]


SECTION = ReportSection(
    key="capacity", title="Capacity", in_meeting_pack=True, build=build, order=50,
    meeting_title="Capacity warnings", meeting_order=50,
)
