"""OpenSLO AlertPolicies kept as the file wrote them, and which SLO references which.

The plan's own alert policy (``policy.alert_rules``) is SRE Plan's: budget spent
per window, applied to every SLO whose ``plan_alert_policy`` is set. The
policies here came from OpenSLO files: burn rates exactly as written, per
policy, referenced by the SLOs that referenced them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sreplan.kernel import records
from sreplan.kernel.durations import Duration, parse_duration
from sreplan.kernel.workspace import Workspace

POLICY_COLUMNS = (
    "id", "plan_id", "position", "name", "display_name", "description", "alert_when_no_data",
    "alert_when_resolved", "alert_when_breaching", "notification_targets", "labels",
    "annotations",
)  # fmt: skip
CONDITION_COLUMNS = (
    "id", "plan_id", "policy_id", "position", "name", "display_name", "description",
    "severity", "op", "threshold", "lookback_window", "alert_after", "labels", "annotations",
)  # fmt: skip


@dataclass(frozen=True)
class OpenSloCondition:
    id: str
    plan_id: str
    policy_id: str
    position: int
    name: str
    display_name: str
    description: str
    severity: str  # as written ("page", "critical", …)
    op: str  # lt, lte, gt, gte
    threshold: float  # the burn rate as written
    lookback_window: Duration
    alert_after: Duration
    labels: str = "{}"
    annotations: str = "{}"


@dataclass(frozen=True)
class OpenSloPolicy:
    id: str
    plan_id: str
    position: int
    name: str
    display_name: str = ""
    description: str = ""
    alert_when_no_data: bool | None = None
    alert_when_resolved: bool | None = None
    alert_when_breaching: bool | None = None
    notification_targets: str = "[]"  # JSON list as written
    labels: str = "{}"
    annotations: str = "{}"
    conditions: tuple[OpenSloCondition, ...] = ()


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _unflag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def policy_row(policy: OpenSloPolicy) -> dict[str, Any]:
    row = {c: getattr(policy, c) for c in POLICY_COLUMNS}
    for key in ("alert_when_no_data", "alert_when_resolved", "alert_when_breaching"):
        row[key] = _flag(row[key])
    return row


def condition_row(condition: OpenSloCondition) -> dict[str, Any]:
    row = {c: getattr(condition, c) for c in CONDITION_COLUMNS}
    row["threshold"] = float(condition.threshold)
    row["lookback_window"] = condition.lookback_window.shorthand
    row["alert_after"] = condition.alert_after.shorthand
    return row


def list_policies(ws: Workspace, plan_id: str) -> list[OpenSloPolicy]:
    """The plan's OpenSLO alert policies with their conditions, in import order."""
    conditions: dict[str, list[OpenSloCondition]] = {}
    for r in ws.rows(
        f"SELECT {', '.join(CONDITION_COLUMNS)} FROM openslo_alert_conditions "
        "WHERE plan_id = ? ORDER BY position, rowid",
        [plan_id],
    ):
        values = dict(r)
        values["lookback_window"] = parse_duration(r["lookback_window"])
        values["alert_after"] = parse_duration(r["alert_after"])
        conditions.setdefault(r["policy_id"], []).append(OpenSloCondition(**values))
    policies = []
    for r in ws.rows(
        f"SELECT {', '.join(POLICY_COLUMNS)} FROM openslo_alert_policies "
        "WHERE plan_id = ? ORDER BY position, rowid",
        [plan_id],
    ):
        values = dict(r)
        for key in ("alert_when_no_data", "alert_when_resolved", "alert_when_breaching"):
            values[key] = _unflag(values[key])
        policies.append(OpenSloPolicy(**values, conditions=tuple(conditions.get(r["id"], ()))))
    return policies


def policy_links(ws: Workspace, plan_id: str) -> dict[str, list[str]]:
    """For each SLO of the plan, the ids of the OpenSLO policies it references, in order."""
    links: dict[str, list[str]] = {}
    for r in ws.rows(
        "SELECT slo_id, policy_id FROM slo_alert_policies WHERE plan_id = ? "
        "ORDER BY position, rowid",
        [plan_id],
    ):
        links.setdefault(r["slo_id"], []).append(r["policy_id"])
    return links


def save_policy(ws: Workspace, policy: OpenSloPolicy) -> None:
    """Insert the policy, or replace the one with its id (conditions included)."""
    with ws.write() as conn:
        row = policy_row(policy)
        exists = ws.scalar("SELECT count(*) FROM openslo_alert_policies WHERE id = ?", [policy.id])
        if exists:
            records.update(ws, "openslo_alert_policies", policy.id, row)
            conn.execute("DELETE FROM openslo_alert_conditions WHERE policy_id = ?", [policy.id])
        else:
            records.insert(ws, "openslo_alert_policies", [row])
        records.insert(
            ws, "openslo_alert_conditions", [condition_row(c) for c in policy.conditions]
        )


def set_slo_policies(
    ws: Workspace, plan_id: str, slo_id: str, policy_ids: Sequence[str], new_id: Any
) -> None:
    """Make ``policy_ids`` the OpenSLO policies ``slo_id`` references, in this order."""
    with ws.write() as conn:
        conn.execute("DELETE FROM slo_alert_policies WHERE slo_id = ?", [slo_id])
        unique = list(dict.fromkeys(policy_ids))
        records.insert(
            ws,
            "slo_alert_policies",
            [
                {
                    "id": new_id(),
                    "plan_id": plan_id,
                    "slo_id": slo_id,
                    "policy_id": pid,
                    "position": i,
                }
                for i, pid in enumerate(unique)
            ],
        )


_OPS = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}


def describe_condition(condition: OpenSloCondition) -> str:
    """One line a person reads: "page: burn rate ≥ 14.4 over 1h, for 5m"."""
    threshold = format(condition.threshold, ".15g")
    return (
        f"{condition.severity}: burn rate {_OPS.get(condition.op, condition.op)} {threshold} "
        f"over {condition.lookback_window.shorthand}, for {condition.alert_after.shorthand}"
    )
