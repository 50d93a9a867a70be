"""Open action items from reliability goals: SLOs still to agree, targets out of reach."""

from __future__ import annotations

from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import SloStatus
from sreplan.slo.policy import dependency_check
from sreplan.slo.store import list_slos

SOURCE = "Reliability goals"


def slo_action_items(ws: Workspace, plan_id: str) -> list[ActionItem]:
    items = []
    for slo in list_slos(ws, plan_id):
        check = dependency_check(ws, slo.id, slo.target)
        if check.ceiling is not None and not check.achievable:
            items.append(
                ActionItem(
                    source=SOURCE,
                    title=(
                        f"Make '{slo.title}' achievable: {slo.target:g} % exceeds the "
                        f"{check.ceiling:.4f} % its dependencies allow"
                    ),
                    owner=slo.owner,
                    due=None,
                    risk="High",
                    status=slo.status.label,
                    record_id=slo.id,
                )
            )
        if slo.status is SloStatus.DRAFT:
            items.append(
                ActionItem(
                    source=SOURCE,
                    title=f"Agree the SLO '{slo.title}' ({slo.target:g} % over {slo.window.label})",
                    owner=slo.owner,
                    due=None,
                    status=slo.status.label,
                    record_id=slo.id,
                )
            )
    return items
