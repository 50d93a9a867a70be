"""Collects open action items from every feature that has them.

A feature adds a provider ``(workspace, plan_id) -> list[ActionItem]`` to
``PROVIDERS``; the report's action-items appendix and any overview read them
through :func:`open_action_items`.
"""

from __future__ import annotations

from collections.abc import Callable

from sreplan.architecture.findings import open_finding_actions
from sreplan.capacity.actions import capacity_actions
from sreplan.checkpoints.queries import open_checkpoint_actions
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace
from sreplan.slo.actions import slo_action_items

Provider = Callable[[Workspace, str], list[ActionItem]]

PROVIDERS: tuple[Provider, ...] = (
    slo_action_items,
    capacity_actions,
    open_checkpoint_actions,
    open_finding_actions,
)


def open_action_items(ws: Workspace, plan_id: str) -> list[ActionItem]:
    """Every open item, soonest due first; items without a due date last."""
    items = [item for provider in PROVIDERS for item in provider(ws, plan_id)]
    return sorted(items, key=lambda i: (i.due is None, i.due or 0, i.source, i.title))
