"""Open postmortem action items, for everywhere the plan's action items appear."""

from __future__ import annotations

from sreplan.incidents.store import list_incidents
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace

SOURCE = "Incidents"
_RISK = {"P0": "High", "P1": "Medium", "P2": "Low"}


def incident_action_items(ws: Workspace, plan_id: str) -> list[ActionItem]:
    items = []
    for incident in list_incidents(ws, plan_id):
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
