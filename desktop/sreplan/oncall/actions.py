"""The on-call provider of open action items: every failing check before go-live."""

from __future__ import annotations

from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace


def oncall_actions(ws: Workspace, plan_id: str) -> list[ActionItem]:
    from sreplan.kernel.errors import UserError
    from sreplan.oncall.service import evaluate

    try:
        result = evaluate(ws, plan_id)
    except UserError as exc:
        return [ActionItem("On-call", f"Fix the rotation: {exc}", "", None, "High", "Failing")]
    if result is None:
        return []
    return [
        ActionItem(
            "On-call", f"{c.title}: {c.detail}", "", None, "High", "Failing", result.rotation.id
        )
        for c in result.checks
        if c.failed
    ]
