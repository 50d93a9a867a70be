"""Incidents in the report: the log, budget spent, each postmortem condensed, and actions.

The meeting pack keeps to the incidents since the last review session (or the
last 90 days when no review was held) and their open action items.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from reportlab.platypus import Flowable, KeepTogether

from sreplan.incidents import store
from sreplan.incidents.budget import postmortem_threshold
from sreplan.incidents.model import Incident, format_minutes, format_timestamp
from sreplan.incidents.summary import IncidentSummary, incident_statistics, summaries
from sreplan.kernel import Workspace
from sreplan.kernel.report.document import heading
from sreplan.kernel.report.figures import drawing_flowable
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table, facts_table
from sreplan.kernel.report.text import RISK_HIGH, gap, nothing_recorded, para
from sreplan.slo.policy import alert_rules
from sreplan.slo.store import list_slos


def _spent(s: IncidentSummary) -> str:
    return "; ".join(
        f"{sp.slo_title} {sp.percent:.1f} %" if sp.percent is not None else f"{sp.slo_title} ?"
        for sp in s.spends
    ) or "—"  # fmt: skip


def _log(rows: list[IncidentSummary]) -> Flowable:
    return data_table(
        [Column("#", 0.55), Column("Incident", 1.9), Column("Sev.", 0.6),
         Column("Status", 1.0), Column("Impact", 0.8, "RIGHT"), Column("Budget spent", 1.35),
         Column("Postmortem", 1.2), Column("Actions", 0.8, "RIGHT")],
        [(s.incident.key, s.incident.title, s.incident.severity, s.incident.status.label,
          format_minutes(s.incident.impact_minutes) or "—", _spent(s), s.postmortem_state,
          str(s.open_actions)) for s in rows],
        emphasis=[(6, n, RISK_HIGH) for n, s in enumerate(rows) if s.check.red],
    )  # fmt: skip


def _condensed(s: IncidentSummary, names: dict[str, str]) -> list[Flowable]:
    i = s.incident
    facts: list[tuple[str, str]] = [
        ("Severity / status", f"{i.severity} / {i.status.label}"),
        ("Impact", f"{format_timestamp(i.started_at) or '?'} for "
                   f"{format_minutes(i.impact_minutes) or '?'}"),
        ("Budget spent", _spent(s)),
    ]  # fmt: skip
    if i.component_ids:
        facts.append(("Components", ", ".join(names.get(c, "?") for c in i.component_ids)))
    if i.trigger or i.root_cause_category:
        facts.append(("Trigger / root cause", f"{i.trigger or '—'} / "
                                                f"{i.root_cause_category or '—'}"))  # fmt: skip
    if i.product_share is not None:
        facts.append(("Product engineering", f"{i.product_share:.0f} % of responders"))
    if s.policy:
        facts.append(("Policy reached", "\n".join(s.policy)))
    if s.check.required:
        facts.append(("Postmortem rule", s.check.message))
    story: list[Flowable] = [heading(f"{i.key}: {i.title}", level=2), facts_table(facts)]
    for label, text in (("Summary", i.summary), ("Impact", i.impact),
                        ("Root causes", i.root_causes)):  # fmt: skip
        if text.strip():
            story += [para(label, "small-bold"), para(text)]
    lessons = [(label, text) for label, text in (
        ("What went well", i.went_well), ("What went wrong", i.went_wrong),
        ("Where we got lucky", i.got_lucky)) if text.strip()]  # fmt: skip
    for label, text in lessons:
        story += [para(label, "small-bold"), para(text)]
    starred = [t for t in i.timeline if t.starred]
    if starred:
        story.append(data_table([Column("Time", 1.2), Column("Event", 4.0)],
                                [(format_timestamp(t.at) or "—", t.event) for t in starred]))
    if i.actions:
        story.append(gap(3))
        story.append(data_table(
            [Column("Action item", 2.8), Column("Type", 0.7), Column("Pri.", 0.4),
             Column("Owner", 1.0), Column("Due", 0.8), Column("Status", 0.8)],
            [(a.title, a.kind.label, a.priority.value, a.owner or "—",
              a.due.isoformat() if a.due else "—",
              a.status.label + (f": {a.status_reason}" if a.status_reason else ""))
             for a in i.actions],
        ))  # fmt: skip
    return [KeepTogether(story[:2]), *story[2:]]


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    today = options.report_date
    rows = summaries(ws, plan_id, today)
    if not rows:
        return nothing_recorded("No incidents recorded for this plan.")
    components = dict(store.component_choices(ws, plan_id))
    if options.meeting_pack:
        last = store.last_review_date(ws, plan_id, today)
        since = last or today - timedelta(days=90)
        moment = datetime.combine(since, time(0), tzinfo=UTC)
        recent = [s for s in rows if s.incident.started_at and s.incident.started_at >= moment]
        what = (f"since the last review on {last}" if last
                else "in the last 90 days (no review held yet)")  # fmt: skip
        story: list[Flowable] = [para(f"Incidents {what}: {len(recent)}.")]
        if recent:
            story.append(_log(recent))
        red = [s for s in rows if s.check.red]
        for s in red:
            story.append(para(s.check.message))
        return story
    threshold = postmortem_threshold(ws, plan_id)
    incidents = [s.incident for s in rows]
    stats = incident_statistics(ws, plan_id, incidents)
    story = [
        para(
            f"{len(rows)} incidents. Budget spent is each incident's bad minutes or bad events "
            "as a share of the linked SLO's error budget over its window. The plan's "
            f"error-budget policy asks for a postmortem with a P0 action item from {threshold:g} "
            "% of one SLO's budget in one incident."
        ),
        heading("Incident log"),
        _log(rows),
        heading("Time to detect and to mitigate"),
        para(_distribution_text(stats)),
    ]
    story += _burn_downs(ws, plan_id, incidents, options)
    story.append(heading("Postmortems"))
    for s in rows:
        story += _condensed(s, components)
    return story


def _distribution_text(stats: object) -> str:
    from sreplan.incidents.summary import Statistics

    assert isinstance(stats, Statistics)
    parts = []
    for label, d in (("Time to detect", stats.time_to_detect),
                     ("Time to mitigate", stats.time_to_mitigate)):  # fmt: skip
        if d.count:
            parts.append(f"{label}: median {format_minutes(d.median)}, range "
                         f"{format_minutes(d.low)} – {format_minutes(d.high)} "
                         f"({d.count} incidents).")  # fmt: skip
        else:
            parts.append(f"{label}: not enough timestamps.")
    if stats.per_slo:
        parts.append("Incidents per SLO: " + ", ".join(f"{n} {c}" for n, c in stats.per_slo) + ".")
    if stats.per_component:
        parts.append("Per component: "
                     + ", ".join(f"{n} {c}" for n, c in stats.per_component) + ".")  # fmt: skip
    if stats.repeats:
        parts.append("Repeat incidents (same component and trigger): " + "; ".join(
            f"{c} / {t}: {', '.join(k)}" for c, t, k in stats.repeats) + ".")  # fmt: skip
    return " ".join(parts)


def _burn_downs(
    ws: Workspace, plan_id: str, incidents: list[Incident], options: ReportOptions
) -> list[Flowable]:
    from sreplan.incidents.chart import chart_window
    from sreplan.incidents.report_chart import incidents_burn_down_drawing

    story: list[Flowable] = []
    rules = alert_rules(ws, plan_id)
    for slo in list_slos(ws, plan_id):
        linked = [i for i in incidents if slo.id in i.slo_ids and i.started_at]
        if not linked:
            continue
        start, caption = chart_window(slo, linked, options.moment)
        if not story:
            story.append(heading("Budget burn-down with incidents"))
            story.append(para("The black line is the budget left after each incident (real "
                              "steps); the coloured curves are the alert burn rates."))  # fmt: skip
        drawing = incidents_burn_down_drawing(slo, rules, linked, start, caption)
        story.append(drawing_flowable(drawing, max_height=250))
    return story


SECTION = ReportSection(
    key="incidents", title="Incidents", in_meeting_pack=False, build=build, order=45
)
