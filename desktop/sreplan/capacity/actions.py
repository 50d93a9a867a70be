"""The capacity provider of open action items, light to import (numpy loads on first call)."""

from __future__ import annotations

from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace


def capacity_actions(ws: Workspace, plan_id: str) -> list[ActionItem]:
    """Capacity to order: every resource that runs out within the default horizon."""
    from sreplan.capacity.outlook_store import order_actions

    return order_actions(ws, plan_id)
