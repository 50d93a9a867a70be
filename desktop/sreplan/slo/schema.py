"""Tables of reliability goals: services, SLIs, SLOs, dependencies and the plan's policies.

Durations are stored in OpenSLO shorthand ("30d", "1m"); targets as percentages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_DURATION = "GLOB '[1-9]*[mhdwMQY]'"


def _create_slo_tables(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE services (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE slis (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            display_name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            sli_type TEXT NOT NULL CHECK (sli_type IN ('ratio', 'threshold')),
            good_events TEXT NOT NULL DEFAULT '',
            total_events TEXT NOT NULL DEFAULT '',
            data_source TEXT NOT NULL DEFAULT '',
            good_query TEXT NOT NULL DEFAULT '',
            total_query TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE slos (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            sli_id TEXT NOT NULL REFERENCES slis(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            display_name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            target REAL NOT NULL CHECK (target > 0 AND target < 100),
            time_window TEXT NOT NULL CHECK (time_window {_DURATION}),
            window_rolling INTEGER NOT NULL DEFAULT 1 CHECK (window_rolling IN (0, 1)),
            calendar_start TEXT NOT NULL DEFAULT '',
            time_zone TEXT NOT NULL DEFAULT '',
            budgeting_method TEXT NOT NULL,
            objective_op TEXT CHECK (objective_op IN ('lt', 'lte', 'gt', 'gte')),
            objective_value REAL,
            timeslice_target REAL CHECK (timeslice_target > 0 AND timeslice_target <= 100),
            timeslice_window TEXT CHECK (timeslice_window {_DURATION}),
            owner TEXT NOT NULL DEFAULT '',
            rationale TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft',
            request_rate REAL CHECK (request_rate >= 0)
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE slo_dependencies (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            slo_id TEXT NOT NULL REFERENCES slos(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL DEFAULT '',
            depends_on_slo_id TEXT REFERENCES slos(id) ON DELETE CASCADE,
            availability REAL CHECK (availability > 0 AND availability <= 100),
            replicas INTEGER NOT NULL DEFAULT 1 CHECK (replicas >= 1),
            CHECK (depends_on_slo_id IS NOT NULL OR availability IS NOT NULL)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE error_budget_policy_steps (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('consumed', 'burn_rate')),
            consumed_percent REAL CHECK (consumed_percent >= 0),
            burn_rate REAL CHECK (burn_rate > 0),
            burn_window TEXT CHECK (burn_window {_DURATION}),
            action TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE alert_policy_rules (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            severity TEXT NOT NULL CHECK (severity IN ('page', 'ticket')),
            long_window TEXT NOT NULL CHECK (long_window {_DURATION}),
            short_window TEXT NOT NULL CHECK (short_window {_DURATION}),
            budget_spent REAL NOT NULL CHECK (budget_spent > 0 AND budget_spent <= 100)
        ) STRICT
        """
    )
    for sql in (
        "CREATE INDEX services_plan ON services(plan_id, position)",
        "CREATE INDEX slis_plan ON slis(plan_id)",
        "CREATE INDEX slos_plan ON slos(plan_id)",
        "CREATE INDEX slos_service ON slos(service_id)",
        "CREATE INDEX slos_sli ON slos(sli_id)",
        "CREATE INDEX slo_dependencies_slo ON slo_dependencies(slo_id, position)",
        "CREATE INDEX slo_dependencies_target ON slo_dependencies(depends_on_slo_id)",
        "CREATE INDEX slo_dependencies_plan ON slo_dependencies(plan_id)",
        "CREATE INDEX error_budget_policy_plan ON error_budget_policy_steps(plan_id, position)",
        "CREATE INDEX alert_policy_plan ON alert_policy_rules(plan_id, position)",
    ):
        db.execute(sql)


def _openslo_fidelity(db: Database) -> None:
    """What OpenSLO files say that the first tables could not hold, kept for export.

    SLIs keep their description, ``counter``, a ``bad`` query, each metric source
    mapping as it came (JSON, only where it is not plain ``type`` + ``query``),
    labels and annotations. SLOs keep labels and annotations and say whether the
    plan's own alert policy applies to them. OpenSLO AlertPolicies are kept per
    policy with their burn-rate conditions exactly as written, and which SLO
    references which policy.
    """
    json_default = "TEXT NOT NULL DEFAULT '{}'"  # JSON written by the store
    for table, column, kind in (
        ("slis", "description", "TEXT NOT NULL DEFAULT ''"),
        ("slis", "counter", "INTEGER CHECK (counter IN (0, 1))"),
        ("slis", "bad_query", "TEXT NOT NULL DEFAULT ''"),
        ("slis", "metric_sources", json_default),
        ("slis", "labels", json_default),
        ("slis", "annotations", json_default),
        ("slos", "labels", json_default),
        ("slos", "annotations", json_default),
        (
            "slos",
            "plan_alert_policy",
            "INTEGER NOT NULL DEFAULT 1 CHECK (plan_alert_policy IN (0, 1))",
        ),
    ):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute(
        """
        CREATE TABLE openslo_alert_policies (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            display_name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            alert_when_no_data INTEGER CHECK (alert_when_no_data IN (0, 1)),
            alert_when_resolved INTEGER CHECK (alert_when_resolved IN (0, 1)),
            alert_when_breaching INTEGER CHECK (alert_when_breaching IN (0, 1)),
            notification_targets TEXT NOT NULL DEFAULT '[]',
            labels TEXT NOT NULL DEFAULT '{}',
            annotations TEXT NOT NULL DEFAULT '{}',
            UNIQUE (plan_id, name)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE openslo_alert_conditions (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            policy_id TEXT NOT NULL REFERENCES openslo_alert_policies(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL DEFAULT '',
            display_name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL CHECK (length(trim(severity)) > 0),
            op TEXT NOT NULL CHECK (op IN ('lt', 'lte', 'gt', 'gte')),
            threshold REAL NOT NULL,
            lookback_window TEXT NOT NULL CHECK (lookback_window {_DURATION}),
            alert_after TEXT NOT NULL CHECK (alert_after {_DURATION}),
            labels TEXT NOT NULL DEFAULT '{{}}',
            annotations TEXT NOT NULL DEFAULT '{{}}'
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE slo_alert_policies (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            slo_id TEXT NOT NULL REFERENCES slos(id) ON DELETE CASCADE,
            policy_id TEXT NOT NULL REFERENCES openslo_alert_policies(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (slo_id, policy_id)
        ) STRICT
        """
    )
    for sql in (
        "CREATE INDEX openslo_alert_conditions_policy "
        "ON openslo_alert_conditions(policy_id, position)",
        "CREATE INDEX openslo_alert_conditions_plan ON openslo_alert_conditions(plan_id)",
        "CREATE INDEX slo_alert_policies_slo ON slo_alert_policies(slo_id, position)",
        "CREATE INDEX slo_alert_policies_policy ON slo_alert_policies(policy_id)",
        "CREATE INDEX slo_alert_policies_plan ON slo_alert_policies(plan_id)",
    ):
        db.execute(sql)


STEPS = (
    ("0001_slo_tables", _create_slo_tables),
    ("0002_openslo_fidelity", _openslo_fidelity),
)
