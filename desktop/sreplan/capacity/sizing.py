"""Sizing arithmetic: usable capacity after losses and headroom, units needed, utilisation."""

from __future__ import annotations

import math

from sreplan.capacity.model import Redundancy, Resource


def units_lost(resource: Resource, units: int | None = None) -> int:
    """Units that may be gone at the peak: k spares, or the largest of the zones."""
    total = resource.current_units if units is None else units
    if resource.redundancy is Redundancy.ZONE:
        return math.ceil(total / max(resource.zones, 1))
    return resource.spare_units


def surviving_units(resource: Resource) -> int:
    return max(resource.current_units - units_lost(resource), 0)


def raw_capacity(resource: Resource) -> float:
    return resource.capacity_per_unit * resource.current_units


def usable_capacity(resource: Resource) -> float:
    """Capacity per unit × the units left after N+k or a zone loss × the headroom target."""
    return resource.capacity_per_unit * surviving_units(resource) * resource.headroom_pct / 100.0


def units_needed(resource: Resource, peak: float) -> int:
    """Units to provision so that, after the planned loss, the peak stays under headroom."""
    per_unit = resource.capacity_per_unit * resource.headroom_pct / 100.0
    serving = max(math.ceil(peak / per_unit - 1e-9), 1) if peak > 0 else 1
    if resource.redundancy is Redundancy.N_PLUS_K:
        return serving + resource.spare_units
    zones = max(resource.zones, 2)
    # Units spread evenly over the zones; the largest zone holds ceil(total / zones).
    total = serving + math.ceil(serving / (zones - 1))
    while total - 1 - math.ceil((total - 1) / zones) >= serving:
        total -= 1
    while total - math.ceil(total / zones) < serving:
        total += 1
    return max(total, zones)


def utilisation_pct(resource: Resource, demand: float) -> float:
    """Demand as a share of the capacity left after the planned loss (before headroom)."""
    capacity = resource.capacity_per_unit * surviving_units(resource)
    return math.inf if capacity <= 0 else demand / capacity * 100.0
