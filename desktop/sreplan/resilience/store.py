"""Reading and writing resilience records (rows <-> the model's dataclasses)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sreplan.architecture.findings import add_finding, new_finding
from sreplan.architecture.lint import Risk
from sreplan.architecture.reviews import FindingKind
from sreplan.architecture.store import load_inventory
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace
from sreplan.resilience.model import (
    BUILTIN_FAULTS,
    DEFAULT_POLICY_DAYS,
    AlertWindow,
    AnalysisMetric,
    BlastUnit,
    ComponentFacts,
    CtkParts,
    Drill,
    Experiment,
    ExperimentRun,
    Outcome,
    RecoveryObjective,
    Replication,
    RestoreTest,
    RolloutPlan,
    RolloutStep,
    Scenario,
    SloFacts,
    Strategy,
    experiment_errors,
    objective_errors,
    rollout_errors,
)
from sreplan.slo.error_budget import burn_rate_alerts
from sreplan.slo.policy import alert_rules
from sreplan.slo.store import get_sli, list_slos


class ResilienceStoreError(WorkspaceError):
    """A resilience record that cannot be written as given."""


# Settings --------------------------------------------------------------------------------


def policy_days(ws: Workspace, plan_id: str) -> int:
    value = ws.scalar(
        "SELECT restore_policy_days FROM resilience_settings WHERE plan_id = ?", [plan_id]
    )
    return int(value) if value else DEFAULT_POLICY_DAYS


def set_policy_days(ws: Workspace, plan_id: str, days: int) -> None:
    if days <= 0:
        raise ResilienceStoreError("The restore-test policy must be at least one day.")
    with ws.write() as conn:
        conn.execute(
            "INSERT INTO resilience_settings (id, plan_id, restore_policy_days) VALUES (?, ?, ?) "
            "ON CONFLICT(plan_id) DO UPDATE SET restore_policy_days = excluded.restore_policy_days",
            [new_id(), plan_id, days],
        )


# Facts from other features ---------------------------------------------------------------


def component_facts(ws: Workspace, plan_id: str) -> list[ComponentFacts]:
    return [
        ComponentFacts(c.id, c.name, c.stateful, c.zones, c.instances, c.owner_team,
                       managed=c.kind.value in ("external", "edge"))
        for c in load_inventory(ws, plan_id).components
    ]


def component_names(ws: Workspace, plan_id: str) -> dict[str, str]:
    return {
        r["id"]: r["name"]
        for r in ws.rows("SELECT id, name FROM components WHERE plan_id = ? "
                         "ORDER BY position, name COLLATE NOCASE", [plan_id])
    }


def component_by_name(ws: Workspace, plan_id: str, name: str) -> str:
    found = ws.scalar(
        "SELECT id FROM components WHERE plan_id = ? AND name = ? COLLATE NOCASE",
        [plan_id, name.strip()],
    )
    if not found:
        known = ", ".join(component_names(ws, plan_id).values()) or "none"
        raise ResilienceStoreError(f"The plan has no component named {name!r} (it has: {known}).")
    return str(found)


def slo_facts(ws: Workspace, plan_id: str) -> dict[str, SloFacts]:
    return {
        s.id: SloFacts(s.id, s.title, s.target, s.window.duration.seconds, s.objective_value,
                       s.objective_op.label if s.objective_op else "")
        for s in list_slos(ws, plan_id)
    }


def slo_by_name(ws: Workspace, plan_id: str, name: str) -> str | None:
    for s in list_slos(ws, plan_id):
        if name in (s.name, s.display_name):
            return s.id
    return None


def alert_windows(ws: Workspace, plan_id: str, slo: SloFacts) -> list[AlertWindow]:
    from sreplan.kernel.durations import Duration

    window = Duration(max(1, round(slo.window_seconds / 86400)), "d")
    return [
        AlertWindow(a.rule.severity.value, a.rule.long_window.seconds,
                    a.rule.short_window.seconds, a.burn_rate)
        for a in burn_rate_alerts(slo.target, window, alert_rules(ws, plan_id))
    ]


def sli_queries(ws: Workspace, slo_id: str) -> tuple[str, str, str]:
    """(good query, total query, SLI name) of an SLO's SLI."""
    sli_id = ws.scalar("SELECT sli_id FROM slos WHERE id = ?", [slo_id])
    sli = get_sli(ws, sli_id)
    return sli.good_query, sli.total_query, sli.title


# Recovery objectives, restore tests, drills ----------------------------------------------

OBJECTIVE_COLUMNS = ("id", "plan_id", "component_id", "rpo_seconds", "rto_seconds",
                     "backup_method", "backup_interval_seconds", "replication",
                     "replication_lag_seconds", "notes")


def objective_from_row(row: dict[str, Any]) -> RecoveryObjective:
    values = {c: row[c] for c in OBJECTIVE_COLUMNS}
    values["replication"] = Replication(row["replication"])
    return RecoveryObjective(**values)


def objective_to_row(o: RecoveryObjective) -> dict[str, Any]:
    row = {c: getattr(o, c) for c in OBJECTIVE_COLUMNS}
    row["replication"] = o.replication.value
    return row


def list_objectives(ws: Workspace, plan_id: str) -> list[RecoveryObjective]:
    rows = ws.rows(
        f"SELECT {', '.join('o.' + c for c in OBJECTIVE_COLUMNS)} FROM recovery_objectives o "
        "LEFT JOIN components c ON c.id = o.component_id WHERE o.plan_id = ? "
        "ORDER BY o.component_id IS NOT NULL, c.position, c.name COLLATE NOCASE, o.rowid",
        [plan_id],
    )
    return [objective_from_row(r) for r in rows]


def get_objective(ws: Workspace, objective_id: str) -> RecoveryObjective:
    return objective_from_row(records.fetch(ws, "recovery_objectives", objective_id,
                                            OBJECTIVE_COLUMNS))


def add_objective(ws: Workspace, o: RecoveryObjective) -> str:
    problems = objective_errors(o)
    if problems:
        raise ResilienceStoreError(problems[0] + ".")
    taken = ws.scalar(
        "SELECT 1 FROM recovery_objectives WHERE plan_id = ? AND component_id IS ?",
        [o.plan_id, o.component_id],
    )
    if taken:
        what = "the plan" if o.component_id is None else "this component"
        raise ResilienceStoreError(f"There are already recovery objectives for {what}.")
    with ws.write():
        records.insert(ws, "recovery_objectives", [objective_to_row(o)])
    return o.id


def update_objective(ws: Workspace, objective_id: str, values: dict[str, Any]) -> None:
    current = get_objective(ws, objective_id)
    converted: dict[str, Any] = {
        k: (Replication(v) if k == "replication" else v) for k, v in values.items()
    }
    changed = replace(current, **converted)
    problems = objective_errors(changed)
    if problems:
        raise ResilienceStoreError(problems[0] + ".")
    row = objective_to_row(changed)
    with ws.write():
        records.update(ws, "recovery_objectives", objective_id, {k: row[k] for k in values})


def delete_rows(ws: Workspace, table: str, ids: Iterable[str]) -> None:
    records.delete(ws, table, ids)


TEST_COLUMNS = ("id", "plan_id", "objective_id", "tested_on", "restored", "restore_seconds",
                "data_lost_seconds", "notes")


def list_restore_tests(ws: Workspace, plan_id: str) -> list[RestoreTest]:
    rows = ws.rows(
        f"SELECT {', '.join(TEST_COLUMNS)} FROM restore_tests WHERE plan_id = ? "
        "ORDER BY tested_on DESC, rowid", [plan_id])
    return [RestoreTest(**{**r, "tested_on": date.fromisoformat(r["tested_on"])}) for r in rows]


def add_restore_test(ws: Workspace, t: RestoreTest) -> str:
    if t.restore_seconds <= 0:
        raise ResilienceStoreError("The time to restore must be longer than zero.")
    if t.data_lost_seconds is not None and t.data_lost_seconds < 0:
        raise ResilienceStoreError("The data lost cannot be negative.")
    row = {c: getattr(t, c) for c in TEST_COLUMNS}
    row["tested_on"] = t.tested_on.isoformat()
    with ws.write():
        records.insert(ws, "restore_tests", [row])
    return t.id


DRILL_COLUMNS = ("id", "plan_id", "component_id", "scenario", "held_on", "recovery_seconds",
                 "notes")


def list_drills(ws: Workspace, plan_id: str) -> list[Drill]:
    rows = ws.rows(f"SELECT {', '.join(DRILL_COLUMNS)} FROM dr_drills WHERE plan_id = ? "
                   "ORDER BY held_on DESC, rowid", [plan_id])
    return [Drill(**{**r, "scenario": Scenario(r["scenario"]),
                     "held_on": date.fromisoformat(r["held_on"])}) for r in rows]


def add_drill(ws: Workspace, d: Drill) -> str:
    if d.recovery_seconds is not None and d.recovery_seconds <= 0:
        raise ResilienceStoreError("The measured recovery time must be longer than zero.")
    row = {c: getattr(d, c) for c in DRILL_COLUMNS}
    row["scenario"] = d.scenario.value
    row["held_on"] = d.held_on.isoformat()
    with ws.write():
        records.insert(ws, "dr_drills", [row])
    return d.id


# Experiments -----------------------------------------------------------------------------

EXPERIMENT_COLUMNS = ("id", "plan_id", "title", "hypothesis", "description", "slo_id",
                      "tolerance", "fault", "environment", "blast_percent", "blast_unit",
                      "abort_budget_percent", "duration_seconds", "schedule", "owner")
CTK_COLUMNS = ("ctk_tags", "ctk_configuration", "ctk_probes", "ctk_method", "ctk_rollbacks")


def experiment_to_row(e: Experiment) -> dict[str, Any]:
    row = {c: getattr(e, c) for c in EXPERIMENT_COLUMNS}
    row["blast_unit"] = e.blast_unit.value
    ctk = e.ctk or CtkParts()
    for column in CTK_COLUMNS:
        row[column] = getattr(ctk, column.removeprefix("ctk_"))
    return row


def _experiment(row: dict[str, Any], targets: tuple[str, ...]) -> Experiment:
    values = {c: row[c] for c in EXPERIMENT_COLUMNS}
    values["blast_unit"] = BlastUnit(row["blast_unit"])
    ctk = CtkParts(*(row[c] for c in CTK_COLUMNS))
    return Experiment(**values, target_ids=targets, ctk=ctk if any(row[c] for c in CTK_COLUMNS)
                      else None)


def list_experiments(ws: Workspace, plan_id: str) -> list[Experiment]:
    targets: dict[str, list[str]] = {}
    for r in ws.rows("SELECT experiment_id, component_id FROM experiment_targets "
                     "WHERE plan_id = ? ORDER BY position, rowid", [plan_id]):
        targets.setdefault(r["experiment_id"], []).append(r["component_id"])
    rows = ws.rows(
        f"SELECT {', '.join(EXPERIMENT_COLUMNS + CTK_COLUMNS)} FROM experiments "
        "WHERE plan_id = ? ORDER BY title COLLATE NOCASE, rowid", [plan_id])
    return [_experiment(r, tuple(targets.get(r["id"], ()))) for r in rows]


def get_experiment(ws: Workspace, experiment_id: str) -> Experiment:
    row = records.fetch(ws, "experiments", experiment_id, EXPERIMENT_COLUMNS + CTK_COLUMNS)
    targets = tuple(r[0] for r in ws.conn.execute(
        "SELECT component_id FROM experiment_targets WHERE experiment_id = ? "
        "ORDER BY position, rowid", [experiment_id]))
    return _experiment(row, targets)


def add_experiment(ws: Workspace, e: Experiment) -> str:
    problems = experiment_errors(e)
    if problems:
        raise ResilienceStoreError(problems[0] + ".")
    with ws.write():
        records.insert(ws, "experiments", [experiment_to_row(e)])
        set_targets(ws, e.plan_id, e.id, e.target_ids)
    return e.id


def update_experiment(ws: Workspace, experiment_id: str, values: dict[str, Any]) -> None:
    current = get_experiment(ws, experiment_id)
    converted: dict[str, Any] = {
        k: (BlastUnit(v) if k == "blast_unit" else v) for k, v in values.items()
    }
    changed = replace(current, **converted)
    problems = experiment_errors(changed)
    if problems:
        raise ResilienceStoreError(problems[0] + ".")
    row = experiment_to_row(changed)
    with ws.write():
        records.update(ws, "experiments", experiment_id, {k: row[k] for k in values})


def set_targets(ws: Workspace, plan_id: str, experiment_id: str, ids: Iterable[str]) -> None:
    with ws.write() as conn:
        conn.execute("DELETE FROM experiment_targets WHERE experiment_id = ?", [experiment_id])
        records.insert(ws, "experiment_targets", [
            {"id": new_id(), "plan_id": plan_id, "experiment_id": experiment_id,
             "component_id": cid, "position": n}
            for n, cid in enumerate(dict.fromkeys(ids))
        ])


RUN_COLUMNS = ("id", "experiment_id", "ran_on", "outcome", "observations", "budget_spent",
               "finding_id")


def list_runs(ws: Workspace, plan_id: str) -> list[ExperimentRun]:
    rows = ws.rows(f"SELECT {', '.join(RUN_COLUMNS)} FROM experiment_runs WHERE plan_id = ? "
                   "ORDER BY ran_on DESC, rowid DESC", [plan_id])
    return [ExperimentRun(**{**r, "ran_on": date.fromisoformat(r["ran_on"]),
                             "outcome": Outcome(r["outcome"])}) for r in rows]


@dataclass(frozen=True)
class RunInput:
    experiment_id: str
    ran_on: date
    outcome: Outcome
    observations: str = ""
    budget_spent: float | None = None
    antipattern: str = ""  # a catalog key, for the finding a deviated run creates
    finding_due: date | None = None


def record_run(ws: Workspace, plan_id: str, run: RunInput, run_id: str | None = None) -> str:
    """Store a run; a deviated one also creates a finding (with the antipattern, if any)."""
    if run.budget_spent is not None and run.budget_spent < 0:
        raise ResilienceStoreError("The budget spent cannot be negative.")
    e = get_experiment(ws, run.experiment_id)
    finding_id = None
    with ws.write():
        if run.outcome is Outcome.DEVIATED:
            finding = new_finding(
                f"Chaos experiment '{e.title}' deviated",
                description=(f"Run of {run.ran_on}: {run.observations}".strip()
                             if run.observations else f"Run of {run.ran_on}."),
                kind=FindingKind.ANTIPATTERN if run.antipattern else FindingKind.RISK,
                risk=Risk.HIGH,
                recommendation="Fix what the run exposed, then run the experiment again.",
                owner=e.owner,
                due=run.finding_due,
            )
            finding_id = add_finding(ws, plan_id, finding, e.target_ids,
                                     [run.antipattern] if run.antipattern else [])
        rid = run_id or new_id()
        records.insert(ws, "experiment_runs", [{
            "id": rid, "plan_id": plan_id, "experiment_id": run.experiment_id,
            "ran_on": run.ran_on.isoformat(), "outcome": run.outcome.value,
            "observations": run.observations, "budget_spent": run.budget_spent,
            "finding_id": finding_id,
        }])
    return rid


def fault_catalog(ws: Workspace, plan_id: str) -> list[str]:
    own = [r[0] for r in ws.conn.execute(
        "SELECT label FROM chaos_faults WHERE plan_id = ? ORDER BY label COLLATE NOCASE",
        [plan_id])]
    return [label for _, label in BUILTIN_FAULTS] + own


def add_fault(ws: Workspace, plan_id: str, label: str) -> None:
    label = label.strip()
    if not label:
        raise ResilienceStoreError("A fault needs a name.")
    if label.casefold() in (f.casefold() for f in fault_catalog(ws, plan_id)):
        raise ResilienceStoreError(f"The fault catalog already has {label!r}.")
    with ws.write():
        records.insert(ws, "chaos_faults", [{"id": new_id(), "plan_id": plan_id,
                                             "label": label}])


def evidence_links(ws: Workspace, plan_id: str) -> list[tuple[str, str, bool, str]]:
    return [
        (r["id"], r["title"], r["status"] == "done", r["experiment_id"])
        for r in ws.rows(
            "SELECT c.id, c.title, c.status, e.experiment_id FROM checkpoint_evidence e "
            "JOIN checkpoints c ON c.id = e.checkpoint_id WHERE e.plan_id = ?", [plan_id])
    ]


def set_evidence(ws: Workspace, plan_id: str, checkpoint_id: str,
                 experiment_id: str | None) -> None:
    with ws.write() as conn:
        conn.execute("DELETE FROM checkpoint_evidence WHERE checkpoint_id = ?", [checkpoint_id])
        if experiment_id:
            records.insert(ws, "checkpoint_evidence", [{
                "id": new_id(), "plan_id": plan_id, "checkpoint_id": checkpoint_id,
                "experiment_id": experiment_id}])


# Rollouts --------------------------------------------------------------------------------

ROLLOUT_COLUMNS = ("id", "plan_id", "component_id", "name", "strategy", "slo_id",
                   "rollback_method", "rollback_seconds", "failure_percent",
                   "analysis_interval_seconds", "failure_limit", "active_service",
                   "preview_service", "auto_promotion", "pre_promotion_analysis",
                   "scale_down_delay_seconds", "notes")
STEP_COLUMNS = ("id", "traffic_percent", "bake_seconds", "manual_gate", "analysis",
                "experiment")
METRIC_COLUMNS = ("id", "template", "name", "query", "address", "interval_seconds",
                  "success_condition", "failure_condition", "failure_limit", "count")


def rollout_row(r: RolloutPlan) -> dict[str, Any]:
    row = {c: getattr(r, c) for c in ROLLOUT_COLUMNS}
    row["strategy"] = r.strategy.value
    row["auto_promotion"] = int(r.auto_promotion)
    return row


def _rollout(row: dict[str, Any], steps: tuple[RolloutStep, ...],
             metrics: tuple[AnalysisMetric, ...]) -> RolloutPlan:
    values = {c: row[c] for c in ROLLOUT_COLUMNS}
    values["strategy"] = Strategy(row["strategy"])
    values["auto_promotion"] = bool(row["auto_promotion"])
    return RolloutPlan(**values, steps=steps, metrics=metrics)


def list_rollouts(ws: Workspace, plan_id: str) -> list[RolloutPlan]:
    rows = ws.rows(f"SELECT {', '.join(ROLLOUT_COLUMNS)} FROM rollout_plans WHERE plan_id = ? "
                   "ORDER BY name COLLATE NOCASE, rowid", [plan_id])
    return [_rollout(r, _steps(ws, r["id"]), _metrics(ws, r["id"])) for r in rows]


def get_rollout(ws: Workspace, rollout_id: str) -> RolloutPlan:
    row = records.fetch(ws, "rollout_plans", rollout_id, ROLLOUT_COLUMNS)
    return _rollout(row, _steps(ws, rollout_id), _metrics(ws, rollout_id))


def _steps(ws: Workspace, rollout_id: str) -> tuple[RolloutStep, ...]:
    rows = ws.rows(f"SELECT {', '.join(STEP_COLUMNS)} FROM rollout_steps WHERE rollout_id = ? "
                   "ORDER BY position", [rollout_id])
    return tuple(RolloutStep(**{**r, "manual_gate": bool(r["manual_gate"])}) for r in rows)


def _metrics(ws: Workspace, rollout_id: str) -> tuple[AnalysisMetric, ...]:
    rows = ws.rows(f"SELECT {', '.join(METRIC_COLUMNS)} FROM rollout_metrics "
                   "WHERE rollout_id = ? ORDER BY position", [rollout_id])
    return tuple(AnalysisMetric(**r) for r in rows)


def _check_rollout(r: RolloutPlan) -> None:
    problems = rollout_errors(r)
    if problems:
        raise ResilienceStoreError(f"Rollout {r.name!r}: {problems[0]}.")


def add_rollout(ws: Workspace, r: RolloutPlan) -> str:
    """Insert a rollout plan with its steps and metrics, all or nothing."""
    _check_rollout(r)
    with ws.write():
        records.insert(ws, "rollout_plans", [rollout_row(r)])
        _write_steps(ws, r.plan_id, r.id, r.steps)
        records.insert(ws, "rollout_metrics", [
            {**{c: getattr(m, c) for c in METRIC_COLUMNS}, "id": m.id or new_id(),
             "plan_id": r.plan_id, "rollout_id": r.id, "position": n}
            for n, m in enumerate(r.metrics)])
    return r.id


def _write_steps(ws: Workspace, plan_id: str, rollout_id: str,
                 steps: Sequence[RolloutStep]) -> None:
    records.insert(ws, "rollout_steps", [
        {**{c: getattr(s, c) for c in STEP_COLUMNS}, "id": s.id or new_id(),
         "manual_gate": int(s.manual_gate), "plan_id": plan_id, "rollout_id": rollout_id,
         "position": n}
        for n, s in enumerate(steps)])


def update_rollout(ws: Workspace, rollout_id: str, values: dict[str, Any]) -> None:
    current = get_rollout(ws, rollout_id)
    converted: dict[str, Any] = {
        k: (Strategy(v) if k == "strategy" else v) for k, v in values.items()
    }
    changed = replace(current, **converted)
    _check_rollout(changed)
    row = rollout_row(changed)
    with ws.write():
        records.update(ws, "rollout_plans", rollout_id, {k: row[k] for k in values})


def replace_steps(ws: Workspace, rollout_id: str, steps: Sequence[RolloutStep]) -> None:
    current = get_rollout(ws, rollout_id)
    _check_rollout(replace(current, steps=tuple(steps)))
    with ws.write() as conn:
        conn.execute("DELETE FROM rollout_steps WHERE rollout_id = ?", [rollout_id])
        _write_steps(ws, current.plan_id, rollout_id, steps)


# Lists the editor offers -----------------------------------------------------------------


def slo_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    return [(s.id, f"{s.title} ({s.target:g} %)") for s in list_slos(ws, plan_id)]


def antipattern_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    from sreplan.architecture.catalog import EntryKind
    from sreplan.architecture.catalog_store import all_entries

    return [(e.key, e.name) for e in all_entries(ws, plan_id)
            if e.kind is EntryKind.ANTIPATTERN]


def checkpoint_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    from sreplan.checkpoints.store import list_checkpoints

    return [(c.id, c.title) for c in list_checkpoints(ws, plan_id)]


def evidence_of(ws: Workspace, checkpoint_id: str) -> str | None:
    found = ws.scalar("SELECT experiment_id FROM checkpoint_evidence WHERE checkpoint_id = ?",
                      [checkpoint_id])
    return str(found) if found else None
