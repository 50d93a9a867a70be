"""The records a capacity plan is made of, and the refusals a form shows at the field."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sreplan.kernel.choices import Choice


class Redundancy(Choice):
    N_PLUS_K = "n_plus_k", "N+k spare units"
    ZONE = "zone", "Survive the loss of one zone"


class ScalingStrategy(Choice):
    HORIZONTAL = "horizontal", "Horizontal autoscaling"
    VERTICAL = "vertical", "Vertical"
    MANUAL = "manual", "Manual"
    SHARDING = "sharding", "Sharding"


class EventKind(Choice):
    MULTIPLIER = "multiplier", "Demand multiplier"
    ABSOLUTE = "absolute", "Absolute peak"


class Scenario(Choice):
    LOAD = "load", "Load"
    SOAK = "soak", "Soak"
    STRESS = "stress", "Stress"
    SPIKE = "spike", "Spike"


@dataclass(frozen=True)
class Resource:
    """A capacity dimension, e.g. "checkout API peak RPS", and how it is provisioned."""

    id: str
    plan_id: str
    name: str
    unit: str = ""
    unit_name: str = "instance"
    component_id: str | None = None
    capacity_per_unit: float = 1.0
    current_units: int = 1
    redundancy: Redundancy = Redundancy.N_PLUS_K
    spare_units: int = 0
    zones: int = 3
    headroom_pct: float = 70.0
    scaling: ScalingStrategy = ScalingStrategy.MANUAL
    autoscale_min: int | None = None
    autoscale_max: int | None = None
    lead_time_days: int = 0
    model_override: str = ""
    notes: str = ""
    position: int = 0
    # False until someone gives the capacity per unit: no sizing is shown without it.
    capacity_known: bool = True


@dataclass(frozen=True)
class PlannedEvent:
    """A planned peak: a window with a demand multiplier or an absolute peak."""

    id: str
    plan_id: str
    resource_id: str | None
    name: str
    starts_on: date
    ends_on: date
    kind: EventKind = EventKind.MULTIPLIER
    multiplier: float = 1.0
    peak: float = 0.0
    notes: str = ""

    def applies_to(self, resource_id: str) -> bool:
        return self.resource_id is None or self.resource_id == resource_id


@dataclass(frozen=True)
class GrowthAssumption:
    """Monthly growth that stands in for a forecast when history is too short."""

    id: str
    plan_id: str
    resource_id: str
    monthly_growth_pct: float
    baseline: float | None = None
    rationale: str = ""


def counted(n: int, noun: str) -> str:
    """"1 instance", "3 instances", "2 boxes": a count with its noun in the right number."""
    if n == 1 or not noun:
        return f"{n:,} {noun}".strip()
    plural = f"{noun}es" if noun.endswith(("s", "x", "ch", "sh")) else f"{noun}s"
    return f"{n:,} {plural}"


_SPAN_UNITS = (("year", 365 * 86400.0), ("day", 86400.0), ("hour", 3600.0), ("minute", 60.0),
               ("second", 1.0))


def span_text(seconds: float) -> str:
    """A span in its two largest units, exactly to the second: "4 seconds", "1 day 6 hours".

    When smaller units remain they are said to remain ("just over 2 days").
    """
    left = round(max(seconds, 0.0))
    if left == 0:
        return "no time (a single instant)"
    parts: list[str] = []
    for name, size in _SPAN_UNITS:
        count = int(left // size)
        if count:
            parts.append(counted(count, name))
            left -= int(count * size)
        if len(parts) == 2 or (parts and not count):
            break  # "1 day 6 hours", never "1 day 0 hours 5 minutes"
    text = " ".join(parts)
    return f"just over {text}" if left else text


NEEDS_CAPACITY = ("sizing needs the capacity per unit: set it to see units needed, run-out "
                  "and order-by dates")


def target_text(pct: float) -> str:
    """What "headroom 70" means: 70 % target utilisation, leaving 30 % headroom."""
    return f"target utilisation {pct:g}%, i.e. {100 - pct:g}% headroom"


# --- Refusals at the field: each returns the message to show, or None when fine.


def capacity_per_unit_error(value: float) -> str | None:
    if not math.isfinite(value) or value <= 0:
        return "Capacity per unit must be more than 0."
    return None


def headroom_error(pct: float) -> str | None:
    if not math.isfinite(pct) or not 0 < pct <= 100:
        return "Target utilisation must be more than 0% and at most 100%."
    return None


def redundancy_error(redundancy: Redundancy, spare: int, zones: int, units: int) -> str | None:
    if units < 1:
        return "A resource needs at least one unit."
    if redundancy is Redundancy.N_PLUS_K:
        if spare not in (0, 1, 2):
            return "k must be 0, 1 or 2."
        if spare >= units:
            return f"k ({spare}) must be less than the current units ({units})."
    else:
        if zones < 2:
            return "Surviving a zone loss needs at least 2 zones."
        if units < zones:
            return f"Spread {units} units over {zones} zones leaves a zone empty; add units."
    return None


MAX_GROWTH_PCT = 1000.0  # % a month: beyond that compounding leaves any forecast's range
MAX_DEMAND = 1e15


def growth_error(pct: float, baseline: float | None) -> str | None:
    if not math.isfinite(pct) or not -100 < pct <= MAX_GROWTH_PCT:
        return f"Growth must be above -100% and at most {MAX_GROWTH_PCT:,.0f}% a month."
    if baseline is not None and not (math.isfinite(baseline) and 0 <= baseline <= MAX_DEMAND):
        return "The baseline must be from 0 to 10^15."
    return None


def autoscale_error(strategy: ScalingStrategy, low: int | None, high: int | None) -> str | None:
    if strategy is not ScalingStrategy.HORIZONTAL:
        return None
    if low is not None and low < 0:
        return "The autoscaling minimum cannot be negative."
    if low is not None and high is not None and high < low:
        return f"The autoscaling maximum ({high}) is below the minimum ({low})."
    return None


def event_error(event: PlannedEvent) -> str | None:
    if not event.name.strip():
        return "An event needs a name."
    if event.ends_on < event.starts_on:
        return f"The event ends ({event.ends_on}) before it starts ({event.starts_on})."
    if event.kind is EventKind.MULTIPLIER and not (
        math.isfinite(event.multiplier) and event.multiplier > 0
    ):
        return "The demand multiplier must be more than 0."
    if event.kind is EventKind.ABSOLUTE:
        if event.resource_id is None:
            return "An absolute peak needs a resource to apply to."
        if not (math.isfinite(event.peak) and event.peak >= 0):
            return "The absolute peak must be a number of at least 0."
    return None
