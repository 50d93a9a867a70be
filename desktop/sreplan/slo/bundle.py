"""Reliability goals in a bundle: every record in ``slos/sreplan.yaml``, OpenSLO beside it."""

from __future__ import annotations

from sreplan.kernel.bundle import BundlePart, Change, Records, TableFile
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import (
    BudgetingMethod,
    Operator,
    PolicyTrigger,
    Severity,
    SliKind,
    SliType,
    SloStatus,
)

FILE = "slos/sreplan.yaml"
OPENSLO = "slos/openslo.yaml"

PART = BundlePart(
    files=(
        TableFile(
            FILE,
            (
                "services",
                "slis",
                "slos",
                "slo_dependencies",
                "alert_policy_rules",
                "error_budget_policy_steps",
                "openslo_alert_policies",
                "openslo_alert_conditions",
                "slo_alert_policies",
            ),
            choices={
                "slis.kind": SliKind,
                "slis.sli_type": SliType,
                "slos.budgeting_method": BudgetingMethod,
                "slos.objective_op": Operator,
                "slos.status": SloStatus,
                "alert_policy_rules.severity": Severity,
                "error_budget_policy_steps.trigger_kind": PolicyTrigger,
            },
        ),
    ),
    derived="sreplan.slo.bundle:derived",
    derived_paths=(OPENSLO,),
    changes="sreplan.slo.bundle:changes",
)


def derived(ws: Workspace, plan_id: str) -> dict[str, str]:
    """The SLOs as OpenSLO v1 (what ``export-openslo`` writes), for OpenSLO tools."""
    from sreplan.slo.openslo_export import export_openslo

    has_slos = ws.scalar("SELECT count(*) FROM slos WHERE plan_id = ?", [plan_id])
    return {OPENSLO: export_openslo(ws, plan_id)} if has_slos else {}


def _percent(value: object) -> str:
    return f"{value:g} %" if isinstance(value, (int, float)) else "no target"


def changes(before: Records, after: Records) -> list[Change]:
    old = {r["id"]: r for r in before.get(FILE, {}).get("slos", [])}
    new = {r["id"]: r for r in after.get(FILE, {}).get("slos", [])}
    found: list[Change] = []
    for sid in sorted(new.keys() - old.keys(), key=lambda i: new[i]["name"]):
        found.append(Change("SLOs", "added", new[sid]["name"], _percent(new[sid]["target"])))
    for sid in sorted(old.keys() - new.keys(), key=lambda i: old[i]["name"]):
        found.append(Change("SLOs", "removed", old[sid]["name"]))
    for sid in sorted(old.keys() & new.keys(), key=lambda i: new[i]["name"]):
        was, now = old[sid], new[sid]
        if (was["target"], was["time_window"]) != (now["target"], now["time_window"]):
            detail = f"{_percent(was['target'])} over {was['time_window']} → "
            detail += f"{_percent(now['target'])} over {now['time_window']}"
            found.append(Change("SLOs", "retargeted", now["name"], detail))
    return found
