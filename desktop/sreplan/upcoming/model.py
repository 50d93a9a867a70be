"""A planned change from the product team, and the refusals its form shows at the field."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from sreplan.kernel.choices import Choice

# A load factor multiplies the expected demand: 2 doubles it, 0.5 halves it.
MAX_LOAD_FACTOR = 100.0


class ChangeKind(Choice):
    LAUNCH = "launch", "Launch"
    FEATURE = "feature", "Feature"
    MIGRATION = "migration", "Migration"
    ARCHITECTURE = "architecture", "Architecture change"
    TRAFFIC = "traffic", "Traffic change"


@dataclass(frozen=True)
class PlannedChange:
    id: str
    plan_id: str
    title: str
    kind: ChangeKind = ChangeKind.LAUNCH
    planned_on: date | None = None
    owner: str = ""
    load_factor: float | None = None
    load_until: date | None = None
    phase_id: str | None = None
    capacity_event_id: str | None = None
    notes: str = ""
    component_ids: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Flag:
    """Why a change needs a second look before it ships."""

    reason: str


def parse_load_factor(text: str) -> float | None:
    """The typed load factor ("1.5", "×2", "150%"); blank is none. ValueError says why not."""
    cleaned = text.strip().lstrip("×x").strip()
    if not cleaned:
        return None
    percent = cleaned.endswith("%")
    try:
        value = float(cleaned.rstrip("%").replace(",", "").strip())
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a load factor; type a number such as 1.5 (×1.5 the load)."
        ) from None
    return value / 100.0 if percent else value


def load_factor_error(text: str) -> str | None:
    try:
        value = parse_load_factor(text)
    except ValueError as exc:
        return str(exc)
    if value is None:
        return None
    if not math.isfinite(value) or value <= 0:
        return "A load factor must be more than 0 (1 keeps today's load, 2 doubles it)."
    if value > MAX_LOAD_FACTOR:
        return (
            f"A load factor of {value:g} is more than {MAX_LOAD_FACTOR:g}× today's load; "
            "check the figure (1.5 means 50% more load)."
        )
    return None


def title_error(text: str) -> str | None:
    if not text.strip():
        return "A change needs a title."
    if len(text) > 300:
        return "Keep the title under 300 characters."
    return None


def load_until_error(until: date | None, planned_on: date | None) -> str | None:
    if until is not None and planned_on is not None and until < planned_on:
        return f"The load ends ({until.isoformat()}) before the change ({planned_on.isoformat()})."
    return None


def factor_text(value: float | None) -> str:
    return "" if value is None else f"×{value:g}"
