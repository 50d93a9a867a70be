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


STEPS = (("0001_slo_tables", _create_slo_tables),)
