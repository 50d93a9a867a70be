"""Hand-added items join the plan's open action items (the report appendix, open risks)."""

from __future__ import annotations

from sreplan.actions.sources import manual_items
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace

_RISK = {"P0": "High", "P1": "Medium", "P2": "Low"}


def manual_action_items(ws: Workspace, plan_id: str) -> list[ActionItem]:
    return [
        ActionItem("Actions", i.title, i.owner, i.due, _RISK[i.priority.value], i.status.label,
                   i.record_id)
        for i in manual_items(ws, plan_id)
        if i.status.is_open
    ]
