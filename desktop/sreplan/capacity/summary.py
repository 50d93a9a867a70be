"""Capacity's part of the executive summary: each resource that runs out before its next
event or the horizon (date and units missing), and a shortfall before a peak event as a risk.

Light to import: the forecast (numpy) loads on the first call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sreplan.capacity.model import ScalingStrategy, counted
from sreplan.kernel.summary import Part, SummaryItem, Tone
from sreplan.kernel.workspace import Workspace

if TYPE_CHECKING:
    from sreplan.capacity.outlook import EventPeak, Outlook

SOURCE = "Capacity"
HORIZON_DAYS = 180  # the report's horizon: its forecast table reaches 180 days


@dataclass(frozen=True)
class Shortfall:
    """Why a resource is at risk, in the words the summary and the meeting pack print."""

    outlook: Outlook
    runs_out: date | None  # when demand first exceeds usable capacity
    event: EventPeak | None  # the next planned event it cannot carry
    needed: int | None
    have: int
    ceiling: int | None  # the autoscaling maximum when it is below what is needed

    @property
    def missing(self) -> int | None:
        return None if self.needed is None else max(self.needed - self.have, 0)

    def text(self) -> str:
        r = self.outlook.resource
        parts = []
        if self.runs_out is not None:
            parts.append(f"runs out {self.runs_out}")
        if self.event is not None:
            parts.append(f"{self.event.event.name} ({self.event.event.starts_on}) needs "
                         f"{counted(self.event.units_needed or 0, r.unit_name)}")
        elif self.needed is not None:
            parts.append(f"needs {counted(self.needed, r.unit_name)} by "
                         f"{self.outlook.horizon_end}")
        parts.append(f"{self.have} today")
        if self.missing:
            parts.append(f"{self.missing} missing")
        if self.ceiling is not None:
            parts.append(f"autoscaling capped at {self.ceiling}")
        if self.outlook.order_by is not None:
            past = " (already past)" if self.outlook.order_by_past else ""
            parts.append(f"order by {self.outlook.order_by}{past}")
        return "; ".join(parts)


def shortfall(o: Outlook, today: date) -> Shortfall | None:
    """The resource's shortfall before its next event or the horizon, or None if it copes."""
    r = o.resource
    if not o.sized or o.forecast is None:
        return None
    upcoming = sorted((ep for ep in o.event_peaks if ep.event.ends_on >= today),
                      key=lambda ep: (ep.event.starts_on, ep.event.name))
    short = [ep for ep in upcoming
             if ep.units_needed is not None and ep.units_needed > r.current_units]
    event = short[0] if short else None
    needed = event.units_needed if event is not None else o.units_needed_planned
    if o.exhaustion is None and event is None:
        return None
    ceiling = r.autoscale_max if r.scaling is ScalingStrategy.HORIZONTAL else None
    if ceiling is not None and (needed is None or needed <= ceiling):
        ceiling = None
    return Shortfall(o, o.exhaustion, event, needed, r.current_units, ceiling)


def shortfalls(ws: Workspace, plan_id: str, today: date) -> list[Shortfall]:
    """Every resource at risk, soonest run-out first."""
    from sreplan.capacity.outlook_store import plan_outlooks

    found = [s for o in plan_outlooks(ws, plan_id, today=today, horizon_days=HORIZON_DAYS)
             if (s := shortfall(o, today)) is not None]
    return sorted(found, key=lambda s: (s.runs_out or date.max, s.outlook.resource.name,
                                        s.outlook.resource.id))


def contribute(ws: Workspace, plan_id: str, today: date) -> list[SummaryItem]:
    items = []
    for s in shortfalls(ws, plan_id, today):
        r = s.outlook.resource
        key = (f"capacity:{r.id}",)
        items.append(SummaryItem(Part.CAPACITY, r.name, SOURCE, due=s.outlook.order_by,
                                 detail=s.text(), rank=0 if s.event else 1, keys=key,
                                 tone=Tone.BAD))
        if s.event is not None:
            items.append(SummaryItem(
                Part.RISK, f"{r.name} cannot carry {s.event.event.name}", SOURCE,
                due=s.outlook.order_by, detail=s.text(), rank=0, keys=key, tone=Tone.BAD,
                kind="Capacity shortfall"))
    return items
