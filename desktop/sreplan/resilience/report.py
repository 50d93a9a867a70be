"""Resilience: recovery objectives and their checks, experiments with their last result,
rollout plans with the budget they put at risk and their step charts."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from sreplan.kernel import Workspace
from sreplan.kernel.durations import format_seconds
from sreplan.kernel.report.figures import drawing_flowable
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table, facts_table
from sreplan.kernel.report.text import RISK_HIGH, gap, note, nothing_recorded, para
from sreplan.resilience.assess import assess
from sreplan.resilience.model import Outcome

CHART_HEIGHT = 190


def _subheading(title: str) -> Flowable:
    """A minor heading that stays out of the outline and contents (they list the section)."""
    return para(title, "h3")


def _s(value: float | None) -> str:
    return "—" if value is None else ("0 s" if value == 0 else format_seconds(value))


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    a = assess(ws, plan_id, options.report_date)
    if not (a.objectives or a.experiments or a.rollouts):
        return nothing_recorded("No recovery objectives, experiments or rollout plans recorded.")
    failing = a.failing
    deviated = [e for e in a.experiments
                if e.last_run and e.last_run.outcome is Outcome.DEVIATED]
    story: list[Flowable] = [para(
        f"{len(failing)} of {len(a.checks)} resilience checks fail; {len(deviated)} of "
        f"{len(a.experiments)} chaos experiments deviated on their latest run. Restore tests "
        f"are due every {a.policy_days} days.")]
    story.append(_subheading("Failing checks"))
    if failing:
        story.append(data_table(
            [Column("Risk", 0.6), Column("Check", 1.6), Column("Reason", 4.2)],
            [(c.risk, c.kind.label, c.reason) for c in failing],
            emphasis=[(0, n, RISK_HIGH) for n, c in enumerate(failing) if c.risk == "High"]))
    else:
        story.append(note("Every check passes."))
    story.append(_subheading("Recovery objectives"))
    if a.objectives:
        story.append(data_table(
            [Column("For", 1.3), Column("RPO", 0.7, "RIGHT"), Column("Reachable", 0.8, "RIGHT"),
             Column("RTO", 0.7, "RIGHT"), Column("Backups", 2.0), Column("Replication", 1.0)],
            [(v.subject, _s(v.objective.rpo_seconds), _s(v.reachable_rpo),
              _s(v.objective.rto_seconds),
              v.objective.backup_method + (f" (every {_s(v.objective.backup_interval_seconds)})"
                                           if v.objective.backup_interval_seconds else ""),
              v.objective.replication.label + (
                  f", lag {_s(v.objective.replication_lag_seconds)}"
                  if v.objective.replication_lag_seconds else ""))
             for v in a.objectives]))
    else:
        story.append(note("No recovery objectives recorded."))
    story.append(_subheading("Chaos experiments"))
    if a.experiments:
        story.append(data_table(
            [Column("Experiment", 1.8), Column("SLO", 1.1), Column("Fault", 1.0),
             Column("Blast radius", 0.9), Column("Latest run", 1.6)],
            [(v.experiment.title, v.slo.name if v.slo else "—", v.experiment.fault or "—",
              f"{v.experiment.blast_percent:g} % {v.experiment.blast_unit.label}"
              if v.experiment.blast_percent is not None else "—",
              f"{v.last_run.ran_on}: {v.last_run.outcome.label}" if v.last_run else "never run")
             for v in a.experiments],
            emphasis=[(4, n, RISK_HIGH) for n, v in enumerate(a.experiments)
                      if v.last_run and v.last_run.outcome is Outcome.DEVIATED]))
        if not options.meeting_pack:
            for v in a.experiments:
                if v.abort:
                    story.append(para(f"{v.experiment.title}: {v.abort.text()}."))
    else:
        story.append(note("No chaos experiments recorded."))
    title: list[Flowable] = [_subheading("Rollout plans")]
    if not a.rollouts:
        story += [*title, note("No rollout plans recorded.")]
    for r in a.rollouts:
        pct = (f" ({r.risk.percent_of_remaining:.1f} % of the error budget)"
               if r.risk.percent_of_remaining is not None else "")
        caught = (f"stopped at step {r.risk.caught_at_step}" if r.risk.caught_at_step
                  else "no step with an analysis or gate stops it")
        facts = facts_table([
            ("Component / strategy", f"{r.component} / {r.rollout.strategy.label}"),
            ("Steps", para(", ".join(
                f"{s.traffic_percent:g} % for {_s(s.bake_seconds)}"
                + (" + gate" if s.manual_gate else "") + (" + analysis" if s.analysis else "")
                for s in r.rollout.steps) or "—")),
            ("Total time", _s(r.total_seconds)),
            ("Rollback", f"{r.rollout.rollback_method or '—'} "
                         f"({_s(r.rollout.rollback_seconds)})"),
            ("Budget at risk", f"{_s(r.risk.bad_seconds)} of full outage{pct}; {caught}"),
            ("Criteria", "; ".join(r.criteria.lines()) if r.criteria else "no SLO linked"),
        ])
        parts: list[Flowable] = [*title, _subheading(r.rollout.name)]
        title = []
        if not options.meeting_pack and r.rollout.steps:
            from sreplan.resilience.report_chart import rollout_drawing

            parts.append(drawing_flowable(rollout_drawing(r.rollout), max_height=CHART_HEIGHT))
        story += [KeepTogether([*parts, gap(4), facts]), gap(6)]
    return story


# The meeting pack stays short: its "Open risks" already lists the failing resilience
# checks and deviated experiments (they are High and Medium action items).
SECTION = ReportSection(
    key="resilience", title="Resilience", in_meeting_pack=False, build=build, order=55
)
