"""Everything the resilience checks say about a plan, read once from the workspace.

The CLI, the report, the action items and the editor all show this one assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sreplan.kernel.workspace import Workspace
from sreplan.resilience import store
from sreplan.resilience.model import (
    AbortCondition,
    BudgetAtRisk,
    Check,
    Criteria,
    Experiment,
    ExperimentRun,
    RecoveryObjective,
    RolloutPlan,
    SloFacts,
    abort_condition,
    budget_at_risk,
    criteria,
    evidence_checks,
    experiment_checks,
    latest_run,
    reachable_rpo,
    recovery_checks,
    rollout_checks,
    total_seconds,
    worst_case_cost,
)


@dataclass(frozen=True)
class ObjectiveView:
    objective: RecoveryObjective
    subject: str
    reachable_rpo: int | None


@dataclass(frozen=True)
class ExperimentView:
    experiment: Experiment
    slo: SloFacts | None
    last_run: ExperimentRun | None
    abort: AbortCondition | None
    worst_case_percent: float | None
    targets: tuple[str, ...]


@dataclass(frozen=True)
class RolloutView:
    rollout: RolloutPlan
    component: str
    slo: SloFacts | None
    total_seconds: int
    risk: BudgetAtRisk
    criteria: Criteria | None
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Assessment:
    objectives: tuple[ObjectiveView, ...]
    experiments: tuple[ExperimentView, ...]
    rollouts: tuple[RolloutView, ...]
    checks: tuple[Check, ...]  # every check, passing ones included
    policy_days: int

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


def assess(ws: Workspace, plan_id: str, today: date) -> Assessment:
    names = store.component_names(ws, plan_id)
    slos = store.slo_facts(ws, plan_id)
    objectives = store.list_objectives(ws, plan_id)
    days = store.policy_days(ws, plan_id)
    checks = recovery_checks(objectives, store.list_restore_tests(ws, plan_id),
                             store.list_drills(ws, plan_id), store.component_facts(ws, plan_id),
                             today, days)
    experiments = store.list_experiments(ws, plan_id)
    runs = store.list_runs(ws, plan_id)
    checks += experiment_checks(experiments, runs)
    checks += evidence_checks(store.evidence_links(ws, plan_id), experiments, runs)
    exp_views = []
    for e in experiments:
        slo = slos.get(e.slo_id) if e.slo_id else None
        alerts = store.alert_windows(ws, plan_id, slo) if slo else []
        exp_views.append(ExperimentView(
            e, slo, latest_run(r for r in runs if r.experiment_id == e.id),
            abort_condition(slo, alerts, e.abort_budget_percent) if slo else None,
            worst_case_cost(e, slo) if slo else None,
            tuple(names.get(t, "?") for t in e.target_ids)))
    rollout_views = []
    for r in store.list_rollouts(ws, plan_id):
        slo = slos.get(r.slo_id) if r.slo_id else None
        alerts = store.alert_windows(ws, plan_id, slo) if slo else []
        own = tuple(rollout_checks(r, slo, alerts))
        checks += own
        rollout_views.append(RolloutView(
            r, names.get(r.component_id, "?"), slo, total_seconds(r), budget_at_risk(r, slo),
            criteria(slo, alerts) if slo else None, own))
    objective_views = tuple(
        ObjectiveView(o, "The plan" if o.component_id is None else names.get(o.component_id, "?"),
                      reachable_rpo(o))
        for o in objectives)
    return Assessment(objective_views, tuple(exp_views), tuple(rollout_views), tuple(checks),
                      days)
