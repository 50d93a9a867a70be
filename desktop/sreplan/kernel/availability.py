"""Availability arithmetic for dependencies: serial chains and redundant replicas.

Availabilities are fractions in [0, 1] (0.999, not 99.9).
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def serial_availability(availabilities: Iterable[float]) -> float:
    """All must work: the product of the parts' availabilities."""
    return math.prod(_checked(a) for a in availabilities)


def redundant_availability(availability: float, replicas: int) -> float:
    """Any one of N independent replicas suffices: 1 − (1 − a)^N."""
    if replicas < 1:
        raise ValueError("a component needs at least one replica")
    return 1.0 - (1.0 - _checked(availability)) ** replicas


def _checked(a: float) -> float:
    if not 0.0 <= a <= 1.0 or math.isnan(a):
        raise ValueError(f"availability must be a fraction between 0 and 1, not {a}")
    return a


def composite_availability(parts: Iterable[tuple[float, int]]) -> float:
    """A serial chain whose links may be redundant: each part is (availability, replicas)."""
    return serial_availability(redundant_availability(a, n) for a, n in parts)
