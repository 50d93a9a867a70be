"""Every change a person makes to resilience records, as an undoable kernel ``Edit``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sreplan.kernel.edits import Action, Edit, make
from sreplan.kernel.workspace import Workspace
from sreplan.resilience import store
from sreplan.resilience.model import (
    Drill,
    Experiment,
    RecoveryObjective,
    RestoreTest,
    RolloutPlan,
    RolloutStep,
)

OBJECTIVE_TABLES = ("recovery_objectives", "restore_tests", "dr_drills", "resilience_settings")
EXPERIMENT_TABLES = ("experiments", "experiment_targets", "experiment_runs", "findings",
                     "finding_components", "finding_catalog", "chaos_faults",
                     "checkpoint_evidence")
ROLLOUT_TABLES = ("rollout_plans", "rollout_steps", "rollout_metrics")


def _call(fn: Callable[..., object], *args: Any) -> Action:
    """An action that writes through the store and ignores what it returns."""

    def action(ws: Workspace) -> None:
        fn(ws, *args)

    return action


def add_objective(o: RecoveryObjective, subject: str) -> Edit:
    return make(f"Add recovery objectives for {subject}", OBJECTIVE_TABLES,
                _call(store.add_objective, o), plan_id=o.plan_id)


def update_objective(plan_id: str, objective_id: str, values: dict[str, Any]) -> Edit:
    field = next(iter(values)).replace("_", " ") if len(values) == 1 else "recovery objectives"
    return make(f"Change {field}", OBJECTIVE_TABLES,
                _call(store.update_objective, objective_id, values), plan_id=plan_id,
                merge_key=("objective", objective_id, tuple(values)))


def add_restore_test(t: RestoreTest) -> Edit:
    return make("Log restore test", OBJECTIVE_TABLES, _call(store.add_restore_test, t),
                plan_id=t.plan_id)


def add_drill(d: Drill) -> Edit:
    return make("Log DR drill", OBJECTIVE_TABLES, _call(store.add_drill, d),
                plan_id=d.plan_id)


def set_policy_days(plan_id: str, days: int) -> Edit:
    return make("Change restore-test policy", OBJECTIVE_TABLES,
                _call(store.set_policy_days, plan_id, days), plan_id=plan_id)


def delete(plan_id: str, table: str, ids: Sequence[str], what: str) -> Edit:
    tables = {*OBJECTIVE_TABLES, *EXPERIMENT_TABLES, *ROLLOUT_TABLES}
    return make(f"Delete {what}", tables, _call(store.delete_rows, table, ids),
                plan_id=plan_id)


def add_experiment(e: Experiment) -> Edit:
    return make(f"Add experiment '{e.title}'", EXPERIMENT_TABLES,
                _call(store.add_experiment, e), plan_id=e.plan_id)


def update_experiment(plan_id: str, experiment_id: str, values: dict[str, Any]) -> Edit:
    field = next(iter(values)).replace("_", " ") if len(values) == 1 else "experiment"
    return make(f"Change {field}", EXPERIMENT_TABLES,
                _call(store.update_experiment, experiment_id, values), plan_id=plan_id,
                merge_key=("experiment", experiment_id, tuple(values)))


def set_targets(plan_id: str, experiment_id: str, ids: Sequence[str]) -> Edit:
    return make("Change experiment targets", EXPERIMENT_TABLES,
                _call(store.set_targets, plan_id, experiment_id, ids), plan_id=plan_id)


def record_run(plan_id: str, run: store.RunInput) -> Edit:
    label = "Record deviated run" if run.outcome.value == "deviated" else "Record run"
    return make(label, EXPERIMENT_TABLES, _call(store.record_run, plan_id, run),
                plan_id=plan_id)


def add_fault(plan_id: str, label: str) -> Edit:
    return make(f"Add fault '{label.strip()}'", EXPERIMENT_TABLES,
                _call(store.add_fault, plan_id, label), plan_id=plan_id)


def set_evidence(plan_id: str, checkpoint_id: str, experiment_id: str | None) -> Edit:
    return make("Change checkpoint evidence", EXPERIMENT_TABLES,
                _call(store.set_evidence, plan_id, checkpoint_id, experiment_id),
                plan_id=plan_id)


def add_rollout(r: RolloutPlan) -> Edit:
    return make(f"Add rollout plan '{r.name}'", ROLLOUT_TABLES,
                _call(store.add_rollout, r), plan_id=r.plan_id)


def update_rollout(plan_id: str, rollout_id: str, values: dict[str, Any]) -> Edit:
    field = next(iter(values)).replace("_", " ") if len(values) == 1 else "rollout plan"
    return make(f"Change {field}", ROLLOUT_TABLES,
                _call(store.update_rollout, rollout_id, values), plan_id=plan_id,
                merge_key=("rollout", rollout_id, tuple(values)))


def replace_steps(plan_id: str, rollout_id: str, steps: Sequence[RolloutStep],
                  label: str = "Change rollout steps") -> Edit:
    return make(label, ROLLOUT_TABLES, _call(store.replace_steps, rollout_id, steps),
                plan_id=plan_id)


def apply(ws: Workspace, edit: Edit) -> Edit:
    """Apply an edit outside the app (CLI, tests); returns it for undo."""
    edit.apply(ws)
    return edit
