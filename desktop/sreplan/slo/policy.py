"""The plan's alert policy, error-budget policy and each SLO's dependencies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sreplan.kernel import records
from sreplan.kernel.durations import parse_duration
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace
from sreplan.slo.dependencies import DependencyCheck, DependencyPart, check_dependencies
from sreplan.slo.model import (
    DEFAULT_ALERT_RULES,
    AlertRule,
    BudgetPolicyStep,
    PolicyTrigger,
    Severity,
    SloDependency,
)


def alert_rules(ws: Workspace, plan_id: str) -> tuple[AlertRule, ...]:
    """The plan's burn-rate alert rules; the workbook's defaults when it has none."""
    rules = stored_alert_rules(ws, plan_id)
    return rules or DEFAULT_ALERT_RULES


def stored_alert_rules(ws: Workspace, plan_id: str) -> tuple[AlertRule, ...]:
    rows = ws.rows(
        "SELECT id, position, severity, long_window, short_window, budget_spent "
        "FROM alert_policy_rules WHERE plan_id = ? ORDER BY position, rowid",
        [plan_id],
    )
    return tuple(
        AlertRule(
            severity=Severity(r["severity"]),
            long_window=parse_duration(r["long_window"]),
            short_window=parse_duration(r["short_window"]),
            budget_spent=r["budget_spent"],
            id=r["id"],
            position=r["position"],
        )
        for r in rows
    )


def alert_rule_row(plan_id: str, rule: AlertRule, position: int) -> dict[str, Any]:
    return {
        "id": rule.id or new_id(),
        "plan_id": plan_id,
        "position": position,
        "severity": rule.severity.value,
        "long_window": rule.long_window.shorthand,
        "short_window": rule.short_window.shorthand,
        "budget_spent": float(rule.budget_spent),
    }


def replace_alert_rules(ws: Workspace, plan_id: str, rules: Sequence[AlertRule]) -> None:
    """Make ``rules`` the plan's alert policy, in one transaction."""
    with ws.write() as conn:
        conn.execute("DELETE FROM alert_policy_rules WHERE plan_id = ?", [plan_id])
        records.insert(
            ws, "alert_policy_rules", [alert_rule_row(plan_id, r, i) for i, r in enumerate(rules)]
        )


def budget_policy(ws: Workspace, plan_id: str) -> list[BudgetPolicyStep]:
    rows = ws.rows(
        "SELECT id, plan_id, position, trigger_kind, consumed_percent, burn_rate, burn_window, "
        "action FROM error_budget_policy_steps WHERE plan_id = ? ORDER BY position, rowid",
        [plan_id],
    )
    return [
        BudgetPolicyStep(
            id=r["id"],
            plan_id=r["plan_id"],
            position=r["position"],
            trigger=PolicyTrigger(r["trigger_kind"]),
            action=r["action"],
            consumed_percent=r["consumed_percent"],
            burn_rate=r["burn_rate"],
            burn_window=parse_duration(r["burn_window"]) if r["burn_window"] else None,
        )
        for r in rows
    ]


def budget_step_row(step: BudgetPolicyStep) -> dict[str, Any]:
    return {
        "id": step.id,
        "plan_id": step.plan_id,
        "position": step.position,
        "trigger_kind": step.trigger.value,
        "consumed_percent": step.consumed_percent,
        "burn_rate": step.burn_rate,
        "burn_window": step.burn_window.shorthand if step.burn_window else None,
        "action": step.action,
    }


def dependencies(ws: Workspace, slo_id: str) -> list[SloDependency]:
    rows = ws.rows(
        "SELECT id, plan_id, slo_id, name, depends_on_slo_id, availability, replicas, position "
        "FROM slo_dependencies WHERE slo_id = ? ORDER BY position, rowid",
        [slo_id],
    )
    return [SloDependency(**r) for r in rows]


def dependency_row(dep: SloDependency) -> dict[str, Any]:
    return {
        "id": dep.id,
        "plan_id": dep.plan_id,
        "slo_id": dep.slo_id,
        "position": dep.position,
        "name": dep.name,
        "depends_on_slo_id": dep.depends_on_slo_id,
        "availability": dep.availability,
        "replicas": dep.replicas,
    }


def dependency_parts(ws: Workspace, slo_id: str) -> list[DependencyPart]:
    """Each dependency's availability: the linked SLO's target, or the figure entered."""
    rows = ws.rows(
        "SELECT d.name, d.availability, d.replicas, s.target AS linked_target, "
        "coalesce(nullif(s.display_name, ''), s.name) AS linked_name "
        "FROM slo_dependencies d LEFT JOIN slos s ON s.id = d.depends_on_slo_id "
        "WHERE d.slo_id = ? ORDER BY d.position, d.rowid",
        [slo_id],
    )
    parts = []
    for r in rows:
        availability = r["linked_target"] if r["linked_target"] is not None else r["availability"]
        if availability is None:
            continue
        parts.append(
            DependencyPart(r["name"] or r["linked_name"] or "", availability, r["replicas"])
        )
    return parts


def dependency_check(ws: Workspace, slo_id: str, target: float) -> DependencyCheck:
    return check_dependencies(target, dependency_parts(ws, slo_id))
