"""Open postmortem action items, and postmortems the policy still requires, for every list.

They appear wherever the plan's action items do (the report appendix, open risks).
"""

from __future__ import annotations

from sreplan.incidents.summary import summaries
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace

SOURCE = "Incidents"
_RISK = {"P0": "High", "P1": "Medium", "P2": "Low"}


def incident_action_items(ws: Workspace, plan_id: str) -> list[ActionItem]:
    items = []
    for summary in summaries(ws, plan_id):
        incident = summary.incident
        if summary.check.red:
            items.append(
                ActionItem(
                    source=SOURCE,
                    title=f"{incident.key}: {summary.check.message}",
                    owner="",
                    due=None,
                    risk="High",
                    status="Postmortem required",
                    record_id=incident.id,
                )
            )
        for action in incident.actions:
            if not action.is_open:
                continue
            items.append(
                ActionItem(
                    source=SOURCE,
                    title=f"{incident.key}: {action.title} ({action.priority.value})",
                    owner=action.owner,
                    due=action.due,
                    risk=_RISK[action.priority.value],
                    status=action.status.label,
                    record_id=action.id,
                )
            )
    return items
