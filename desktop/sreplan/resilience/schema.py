"""Tables of resilience by design: recovery objectives, restore tests, drills, chaos
experiments with their runs, and rollout plans with their steps and analysis metrics.

Durations are whole seconds (``> 0``), shares are percentages. Chaos Toolkit and Argo
Rollouts blocks SRE Plan keeps but does not interpret are JSON text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_PLAN = "plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE"


def _s(column: str, null: bool = True) -> str:
    not_null = "" if null else " NOT NULL"
    return f"{column} INTEGER{not_null} CHECK ({column} > 0)"


def _create(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE resilience_settings (
            id TEXT PRIMARY KEY,
            {_PLAN} UNIQUE,
            restore_policy_days INTEGER NOT NULL DEFAULT 90 CHECK (restore_policy_days > 0)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE recovery_objectives (
            id TEXT PRIMARY KEY,
            {_PLAN},
            component_id TEXT REFERENCES components(id) ON DELETE CASCADE,
            {_s("rpo_seconds", False)},
            {_s("rto_seconds", False)},
            backup_method TEXT NOT NULL DEFAULT '',
            {_s("backup_interval_seconds")},
            replication TEXT NOT NULL DEFAULT 'none'
                CHECK (replication IN ('none', 'async', 'sync')),
            {_s("replication_lag_seconds")},
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX recovery_objectives_component "
               "ON recovery_objectives(component_id) WHERE component_id IS NOT NULL")
    db.execute("CREATE UNIQUE INDEX recovery_objectives_plan_level "
               "ON recovery_objectives(plan_id) WHERE component_id IS NULL")
    db.execute(
        f"""
        CREATE TABLE restore_tests (
            id TEXT PRIMARY KEY,
            {_PLAN},
            objective_id TEXT NOT NULL REFERENCES recovery_objectives(id) ON DELETE CASCADE,
            tested_on TEXT NOT NULL,
            restored TEXT NOT NULL DEFAULT '',
            {_s("restore_seconds", False)},
            data_lost_seconds INTEGER CHECK (data_lost_seconds >= 0),
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX restore_tests_objective ON restore_tests(objective_id, tested_on)")
    db.execute(
        f"""
        CREATE TABLE dr_drills (
            id TEXT PRIMARY KEY,
            {_PLAN},
            component_id TEXT REFERENCES components(id) ON DELETE CASCADE,
            scenario TEXT NOT NULL CHECK (scenario IN ('instance_loss', 'zone_loss',
                'region_loss', 'data_corruption', 'operator_error')),
            held_on TEXT NOT NULL,
            {_s("recovery_seconds")},
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX dr_drills_plan ON dr_drills(plan_id, held_on)")
    db.execute("CREATE INDEX dr_drills_component ON dr_drills(component_id)")
    db.execute(
        f"""
        CREATE TABLE chaos_faults (
            id TEXT PRIMARY KEY,
            {_PLAN},
            label TEXT NOT NULL CHECK (length(trim(label)) > 0),
            UNIQUE (plan_id, label)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE experiments (
            id TEXT PRIMARY KEY,
            {_PLAN},
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            hypothesis TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            slo_id TEXT REFERENCES slos(id) ON DELETE SET NULL,
            tolerance TEXT NOT NULL DEFAULT '',
            fault TEXT NOT NULL DEFAULT '',
            environment TEXT NOT NULL DEFAULT '',
            blast_percent REAL CHECK (blast_percent > 0 AND blast_percent <= 100),
            blast_unit TEXT NOT NULL DEFAULT 'traffic'
                CHECK (blast_unit IN ('traffic', 'instances')),
            abort_budget_percent REAL NOT NULL DEFAULT 5
                CHECK (abort_budget_percent > 0 AND abort_budget_percent <= 100),
            {_s("duration_seconds")},
            schedule TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            ctk_tags TEXT NOT NULL DEFAULT '',
            ctk_configuration TEXT NOT NULL DEFAULT '',
            ctk_probes TEXT NOT NULL DEFAULT '',
            ctk_method TEXT NOT NULL DEFAULT '',
            ctk_rollbacks TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX experiments_plan ON experiments(plan_id)")
    db.execute("CREATE INDEX experiments_slo ON experiments(slo_id)")
    db.execute(
        f"""
        CREATE TABLE experiment_targets (
            id TEXT PRIMARY KEY,
            {_PLAN},
            experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
            component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (experiment_id, component_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX experiment_targets_component ON experiment_targets(component_id)")
    db.execute(
        f"""
        CREATE TABLE experiment_runs (
            id TEXT PRIMARY KEY,
            {_PLAN},
            experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
            ran_on TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('held', 'deviated')),
            observations TEXT NOT NULL DEFAULT '',
            budget_spent REAL CHECK (budget_spent >= 0),
            finding_id TEXT REFERENCES findings(id) ON DELETE SET NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX experiment_runs_experiment ON experiment_runs(experiment_id, ran_on)")
    db.execute("CREATE INDEX experiment_runs_finding ON experiment_runs(finding_id)")
    db.execute(
        f"""
        CREATE TABLE checkpoint_evidence (
            id TEXT PRIMARY KEY,
            {_PLAN},
            checkpoint_id TEXT NOT NULL UNIQUE REFERENCES checkpoints(id) ON DELETE CASCADE,
            experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE
        ) STRICT
        """
    )
    db.execute("CREATE INDEX checkpoint_evidence_experiment ON checkpoint_evidence(experiment_id)")
    db.execute(
        f"""
        CREATE TABLE rollout_plans (
            id TEXT PRIMARY KEY,
            {_PLAN},
            component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            strategy TEXT NOT NULL CHECK (strategy IN ('canary', 'blue_green', 'rolling',
                'phased_zone', 'phased_region')),
            slo_id TEXT REFERENCES slos(id) ON DELETE SET NULL,
            rollback_method TEXT NOT NULL DEFAULT '',
            {_s("rollback_seconds")},
            failure_percent REAL NOT NULL DEFAULT 100
                CHECK (failure_percent > 0 AND failure_percent <= 100),
            {_s("analysis_interval_seconds", False)},
            failure_limit INTEGER NOT NULL DEFAULT 1 CHECK (failure_limit >= 0),
            active_service TEXT NOT NULL DEFAULT '',
            preview_service TEXT NOT NULL DEFAULT '',
            auto_promotion INTEGER NOT NULL DEFAULT 1 CHECK (auto_promotion IN (0, 1)),
            pre_promotion_analysis TEXT NOT NULL DEFAULT '',
            {_s("scale_down_delay_seconds")},
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX rollout_plans_plan ON rollout_plans(plan_id)")
    db.execute("CREATE INDEX rollout_plans_component ON rollout_plans(component_id)")
    db.execute("CREATE INDEX rollout_plans_slo ON rollout_plans(slo_id)")
    db.execute(
        f"""
        CREATE TABLE rollout_steps (
            id TEXT PRIMARY KEY,
            {_PLAN},
            rollout_id TEXT NOT NULL REFERENCES rollout_plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            traffic_percent REAL NOT NULL CHECK (traffic_percent >= 0 AND traffic_percent <= 100),
            {_s("bake_seconds")},
            manual_gate INTEGER NOT NULL DEFAULT 0 CHECK (manual_gate IN (0, 1)),
            analysis TEXT NOT NULL DEFAULT '',
            experiment TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX rollout_steps_rollout ON rollout_steps(rollout_id, position)")
    db.execute(
        f"""
        CREATE TABLE rollout_metrics (
            id TEXT PRIMARY KEY,
            {_PLAN},
            rollout_id TEXT NOT NULL REFERENCES rollout_plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            template TEXT NOT NULL,
            name TEXT NOT NULL,
            query TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            {_s("interval_seconds")},
            success_condition TEXT NOT NULL DEFAULT '',
            failure_condition TEXT NOT NULL DEFAULT '',
            failure_limit INTEGER CHECK (failure_limit >= 0),
            count INTEGER CHECK (count >= 0)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX rollout_metrics_rollout ON rollout_metrics(rollout_id, position)")


STEPS = (("0001_resilience", _create),)
