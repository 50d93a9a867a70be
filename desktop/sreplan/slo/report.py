"""Reliability goals: the SLOs, what their budgets allow, alerting, policy and dependencies."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from sreplan.kernel import Workspace
from sreplan.kernel.durations import Duration, format_seconds
from sreplan.kernel.report.document import heading
from sreplan.kernel.report.figures import drawing_flowable
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table, facts_table
from sreplan.kernel.report.text import RISK_HIGH, capped, gap, note, nothing_recorded, para
from sreplan.slo.dependencies import DependencyCheck
from sreplan.slo.error_budget import ErrorBudget, burn_rate_alerts
from sreplan.slo.model import AlertRule, Slo, SloStatus
from sreplan.slo.policy import (
    alert_rules,
    budget_policy,
    dependency_check,
    stored_alert_rules,
)
from sreplan.slo.report_chart import burn_down_drawing
from sreplan.slo.store import list_services, list_slis, list_slos
from sreplan.slo.summary import slos_at_risk

CHART_HEIGHT = 250  # points: two charts with their facts fit an A4 page
PACK_SLOS = 15  # SLOs at risk the meeting pack lists


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    if options.meeting_pack:
        return _at_risk(ws, plan_id)
    slos = list_slos(ws, plan_id)
    if not slos:
        return nothing_recorded("No reliability goals recorded for this plan.")
    services = {s.id: s.name for s in list_services(ws, plan_id)}
    slis = {s.id: s for s in list_slis(ws, plan_id)}
    rules = alert_rules(ws, plan_id)
    checks = {s.id: dependency_check(ws, s.id, s.target) for s in slos}
    agreed = sum(1 for s in slos if s.status is SloStatus.AGREED)
    story: list[Flowable] = [
        para(
            f"{len(slos)} SLOs for {len({s.service_id for s in slos})} services; {agreed} agreed, "
            f"{len(slos) - agreed} still draft. Error budgets are 100 % minus the target over "
            "the SLO's window; months count as 30 days, quarters as 90."
        ),
        heading("Service level objectives"),
        _slo_table(slos, services),
        heading("Dependency warnings"),
        *_dependency_story(slos, checks),
        heading("Error-budget policy"),
        *_policy_story(ws, plan_id),
    ]
    story += [heading("Burn-rate alerts"), *_alert_story(ws, plan_id, slos, rules)]
    story.append(heading("Budget burn-down per SLO"))
    story.append(
        para(
            "Each chart shows the share of the budget left over the SLO's window if errors "
            "arrived at a constant alert burn rate from a full budget; the dots mark where "
            "each alert would fire. In budget terms the curves depend only on the window, "
            "not on the target."
        )
    )
    charts: dict[Duration, Flowable] = {}
    for slo in slos:
        key = slo.window.duration  # the curves depend only on window and rules: share
        if key not in charts:
            drawing = burn_down_drawing("", None, slo.window.duration, rules)
            charts[key] = drawing_flowable(drawing, max_height=CHART_HEIGHT)
        sli = slis.get(slo.sli_id)
        facts = [
            (
                "Service / SLI",
                f"{services.get(slo.service_id, '—')} / "
                f"{sli.title if sli else '—'} ({sli.kind.label if sli else ''})",
            ),
            ("Objective", _objective(slo, sli.sli_type.value if sli else "")),
            ("Owner / status", f"{slo.owner or 'no owner'} / {slo.status.label}"),
        ]
        if slo.rationale:
            facts.append(("Rationale", slo.rationale))
        story.append(
            KeepTogether([heading(slo.title, level=2), facts_table(facts), gap(4), charts[key]])
        )
    return story


def _at_risk(ws: Workspace, plan_id: str) -> list[Flowable]:
    """The meeting pack: SLOs aiming higher than their dependencies allow, capped."""
    found = slos_at_risk(ws, plan_id)
    if not found:
        return [note("No SLO aims higher than its dependencies allow.")]
    shown = found[:PACK_SLOS]
    story: list[Flowable] = [
        para(f"{len(found)} SLOs aim higher than their dependencies allow (serial chains "
             "multiply; N replicas give 1 − (1 − a)^N)."),
        data_table(
            [Column("SLO", 1.6), Column("Owner", 0.9), Column("Target", 0.6, "RIGHT"),
             Column("Dependencies allow", 0.9, "RIGHT"), Column("Status", 0.6)],
            [(capped(s.title, 200), capped(s.owner, 100) or "no owner", f"{s.target:g} %",
              f"{ceiling:.4f} %",
              s.status.label) for s, ceiling in shown],
            emphasis=[(3, n, RISK_HIGH) for n in range(len(shown))],
        ),
    ]
    if len(found) > PACK_SLOS:
        story.append(note(f"… and {len(found) - PACK_SLOS} more in the full report."))
    return story


def _budget_minutes(slo: Slo) -> float:
    return ErrorBudget(slo.target, slo.window.duration).bad_seconds / 60


def _slo_table(slos: list[Slo], services: dict[str, str]) -> Flowable:
    rows = []
    for slo in slos:
        budget = ErrorBudget(slo.target, slo.window.duration)
        rows.append(
            (
                slo.title,
                services.get(slo.service_id, "—"),
                f"{slo.target:g} %",
                slo.window.label,
                f"{budget.fraction:.4%}",
                f"{budget.bad_seconds / 60:,.1f}",
                format_seconds(budget.bad_seconds),
                slo.status.label,
            )
        )
    return data_table(
        [
            Column("SLO", 2.0),
            Column("Service", 0.9),
            Column("Target", 0.65, "RIGHT"),
            Column("Window", 1.0),
            Column("Budget", 0.75, "RIGHT"),
            Column("Budget (min)", 0.8, "RIGHT"),
            Column("Bad time", 0.9, "RIGHT"),
            Column("Status", 0.75),
        ],
        rows,
    )


def _objective(slo: Slo, sli_type: str) -> str:
    text = f"{slo.target:g} % over {slo.window.label}, {slo.budgeting_method.label}"
    if sli_type == "threshold" and slo.objective_op is not None and slo.objective_value is not None:
        text = f"metric {slo.objective_op.label} {slo.objective_value:g}: " + text
    if slo.timeslice_window is not None and slo.budgeting_method.value != "Occurrences":
        slices = f"{slo.timeslice_window.label} slices"
        if slo.timeslice_target is not None:
            slices += f" good at {slo.timeslice_target:g} %"
        text += f" ({slices})"
    return text


def _dependency_story(slos: list[Slo], checks: dict[str, DependencyCheck]) -> list[Flowable]:
    failing = [(s, checks[s.id]) for s in slos if not checks[s.id].achievable]
    checked = sum(1 for s in slos if checks[s.id].ceiling is not None)
    if not failing:
        if not checked:
            return [note("No dependencies recorded, so no target was checked against them.")]
        return [
            para(
                f"All {checked} SLOs with recorded dependencies are within what their "
                "dependencies allow (serial chains multiply; N replicas give "
                "1 − (1 − a)^N)."
            )
        ]
    return [
        para(f"{len(failing)} of {checked} checked SLOs aim higher than their dependencies allow."),
        data_table(
            [
                Column("SLO", 1.4),
                Column("Target", 0.6, "RIGHT"),
                Column("Dependencies allow", 0.9, "RIGHT"),
                Column("Warning", 3.0),
            ],
            [
                (s.title, f"{s.target:g} %", f"{c.ceiling:.4f} %", c.warning or "")
                for s, c in failing
            ],
            emphasis=[(2, n, RISK_HIGH) for n in range(len(failing))],
        ),
    ]


def _alert_story(
    ws: Workspace, plan_id: str, slos: list[Slo], rules: tuple[AlertRule, ...]
) -> list[Flowable]:
    source = (
        "the plan's alert policy"
        if stored_alert_rules(ws, plan_id)
        else "the SRE workbook's default policy (the plan has none of its own)"
    )
    story: list[Flowable] = [
        para(
            f"Multiwindow, multi-burn-rate alerts from {source}. Burn rate = budget spent × "
            "window ÷ long window; alert when the error ratio exceeds burn rate × (1 − target) "
            "over both windows. Figures per SLO window and target:"
        )
    ]
    combos = sorted(
        # 30d and 1M are the same length: the unit breaks the tie, so the order
        # never depends on set iteration (string hashes differ between processes).
        {(s.window.duration, s.target) for s in slos},
        key=lambda c: (c[0].seconds, c[1], c[0].unit, c[0].count),
    )
    rows = []
    for window, target in combos:
        for alert in burn_rate_alerts(target, window, rules):
            rule = alert.rule
            rows.append(
                (
                    window.label,
                    f"{target:g} %",
                    rule.severity.label,
                    f"{rule.long_window} / {rule.short_window}",
                    f"{rule.budget_spent:g} %",
                    f"{alert.burn_rate:.4g}",
                    f"{alert.error_ratio:.4%}",
                    format_seconds(alert.exhaust_seconds),
                )
            )
    story.append(
        data_table(
            [
                Column("Window", 1.0),
                Column("Target", 0.6, "RIGHT"),
                Column("Severity", 0.6),
                Column("Long / short", 0.8),
                Column("Spent", 0.55, "RIGHT"),
                Column("Burn rate", 0.65, "RIGHT"),
                Column("Error ratio >", 0.8, "RIGHT"),
                Column("Budget gone in", 0.9, "RIGHT"),
            ],
            rows,
        )
    )
    return story


def _policy_story(ws: Workspace, plan_id: str) -> list[Flowable]:
    steps = budget_policy(ws, plan_id)
    if not steps:
        return [note("No error-budget policy recorded: agree one before the SLOs take effect.")]
    return [
        data_table(
            [Column("#", 0.3, "RIGHT"), Column("When", 1.6), Column("Then", 4.0)],
            [(str(i + 1), step.condition, step.action) for i, step in enumerate(steps)],
        )
    ]


SECTION = ReportSection(
    key="slos", title="Reliability goals", in_meeting_pack=True, build=build, order=20,
    meeting_title="SLOs at risk", meeting_order=60,
)
