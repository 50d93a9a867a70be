"""Loading what a resource's outlook needs from the workspace, and computing it."""

from __future__ import annotations

from datetime import date

from sreplan.capacity import store as capacity
from sreplan.capacity.model import counted
from sreplan.capacity.outlook import Outlook, WhatIf, compute_outlook
from sreplan.capacity.series_store import load_series
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace


def resource_outlook(ws: Workspace, resource_id: str, *, today: date, horizon_days: int = 180,
                     what_if: WhatIf | None = None) -> Outlook:
    resource = capacity.get_resource(ws, resource_id)
    times, values = load_series(ws, resource_id)
    events = [e for e in capacity.list_events(ws, resource.plan_id) if e.applies_to(resource.id)]
    return compute_outlook(resource, times, values, events, capacity.growth_for(ws, resource_id),
                           today=today, horizon_days=horizon_days, what_if=what_if)


def plan_outlooks(ws: Workspace, plan_id: str, *, today: date,
                  horizon_days: int = 180) -> list[Outlook]:
    events = capacity.list_events(ws, plan_id)
    growth = capacity.list_growth(ws, plan_id)
    out = []
    for resource in capacity.list_resources(ws, plan_id):
        times, values = load_series(ws, resource.id)
        out.append(compute_outlook(resource, times, values, events, growth.get(resource.id),
                                   today=today, horizon_days=horizon_days))
    return out


def order_actions(ws: Workspace, plan_id: str) -> list[ActionItem]:
    """Capacity to order: every resource that runs out within the default horizon."""
    items = []
    for o in plan_outlooks(ws, plan_id, today=date.today()):
        needed = o.units_needed_planned  # events included
        if o.order_by is None or needed is None:
            continue
        r = o.resource
        items.append(ActionItem(
            source="Capacity",
            title=f"Add capacity to {r.name}: {counted(needed, r.unit_name)} needed, "
                  f"{r.current_units} today (runs out {o.exhaustion})",
            owner="",
            due=o.order_by,
            risk="High" if o.order_by_past else "Medium",
            status="Order-by date passed" if o.order_by_past else "Open",
            record_id=r.id,
        ))
    return items
