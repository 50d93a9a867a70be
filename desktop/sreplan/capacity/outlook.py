"""Everything the plan says about one resource: forecast, planned peaks, sizing and dates.

What-if inputs (extra growth, event multiplier, headroom, capacity per unit, k)
are applied here, so every figure and the chart recompute from one call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import numpy as np

from sreplan.capacity import sizing
from sreplan.capacity.choice import Forecast, forecast_demand
from sreplan.capacity.forecast import MONTH_DAYS, Band, ModelKind
from sreplan.capacity.model import (
    EventKind,
    GrowthAssumption,
    PlannedEvent,
    Resource,
    ScalingStrategy,
    counted,
)
from sreplan.capacity.seasonal import DAY, FloatArray, typical_step_days

MAX_GRID_POINTS = 2000
SIZING_BOUND = "95% upper bound"


@dataclass(frozen=True)
class WhatIf:
    """Temporary overrides to explore a plan; nothing here is saved."""

    extra_growth_pct_month: float = 0.0
    event_multiplier: float | None = None
    headroom_pct: float | None = None
    capacity_per_unit: float | None = None
    spare_units: int | None = None

    def apply(self, resource: Resource) -> Resource:
        return replace(
            resource,
            headroom_pct=resource.headroom_pct if self.headroom_pct is None
            else self.headroom_pct,
            capacity_per_unit=resource.capacity_per_unit if self.capacity_per_unit is None
            else self.capacity_per_unit,
            spare_units=resource.spare_units if self.spare_units is None else self.spare_units,
        )

    @property
    def is_neutral(self) -> bool:
        return self == WhatIf()


@dataclass(frozen=True)
class EventPeak:
    event: PlannedEvent
    multiplier: float
    peak: float  # central planned peak
    peak_upper: float  # the sizing bound
    units_needed: int
    utilisation_pct: float  # of the current surviving capacity, at the sizing bound

    @property
    def label(self) -> str:
        if self.event.kind is EventKind.ABSOLUTE:
            return f"{self.event.name} (peak {self.event.peak:,.0f})"
        return f"{self.event.name} (×{self.multiplier:g})"


@dataclass(frozen=True)
class Outlook:
    resource: Resource  # with what-if overrides applied
    forecast: Forecast | None
    baseline: Band | None  # forecast over the horizon without events
    planned: Band | None  # with events applied: what capacity must carry
    horizon_end: date
    peak: float | None
    peak_interval80: tuple[float, float] | None
    peak_interval95: tuple[float, float] | None
    units_needed: int | None
    utilisation_pct: float | None
    raw_capacity: float
    usable_capacity: float
    event_peaks: tuple[EventPeak, ...]
    exhaustion: date | None
    order_by: date | None
    order_by_past: bool
    warnings: tuple[str, ...]


def to_epoch(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def to_date(seconds: float) -> date:
    return datetime.fromtimestamp(seconds, UTC).date()


def _grid(start: float, end: float, step_days: float) -> FloatArray:
    step = max(step_days * DAY, (end - start) / MAX_GRID_POINTS, 3600.0)
    if end <= start:
        return np.array([start + step])
    return np.arange(start + step, end + step, step, dtype=np.float64)


def _growth_factor(band_times: FloatArray, since: float, pct: float) -> FloatArray:
    months = np.maximum(band_times - since, 0.0) / DAY / MONTH_DAYS
    return np.asarray((1.0 + pct / 100.0) ** months, dtype=np.float64)


def _multiplier(event: PlannedEvent, what_if: WhatIf) -> float:
    if event.kind is EventKind.MULTIPLIER and what_if.event_multiplier is not None:
        return what_if.event_multiplier
    return event.multiplier


def _apply_events(band: Band, events: list[PlannedEvent], what_if: WhatIf) -> Band:
    parts = [band.mean.copy(), band.lo80.copy(), band.hi80.copy(), band.lo95.copy(),
             band.hi95.copy()]
    for event in events:
        inside = (band.times >= to_epoch(event.starts_on)) & (
            band.times < to_epoch(event.ends_on) + DAY)
        if not inside.any():
            continue
        for part in parts:
            if event.kind is EventKind.ABSOLUTE:
                part[inside] = np.maximum(part[inside], event.peak)
            else:
                part[inside] *= _multiplier(event, what_if)
    return Band(band.times, *parts)


def compute_outlook(resource: Resource, times: FloatArray, values: FloatArray,
                    events: list[PlannedEvent], growth: GrowthAssumption | None, *,
                    today: date, horizon_days: int = 180,
                    what_if: WhatIf | None = None) -> Outlook:
    """The full capacity picture for one resource as of ``today``."""
    what_if = what_if or WhatIf()
    res = what_if.apply(resource)
    events = sorted((e for e in events if e.applies_to(resource.id)), key=lambda e: e.starts_on)
    horizon_end = today + timedelta(days=horizon_days)
    now = to_epoch(today)
    forecast = forecast_demand(times, values, growth, res.model_override, now)
    usable = sizing.usable_capacity(res)
    warnings: list[str] = []
    if forecast is None:
        return Outlook(res, None, None, None, horizon_end, None, None, None, None, None,
                       sizing.raw_capacity(res), usable, (), None, None, False,
                       ("No demand history and no growth assumption: nothing to forecast.",))
    start = forecast.last_time
    end = max(to_epoch(horizon_end), start + DAY)
    grid = _grid(start, end, typical_step_days(times) if len(times) > 2 else 1.0)

    def project(at: FloatArray) -> Band:
        band = forecast.predictor.predict(at)
        if what_if.extra_growth_pct_month:
            band = band.scaled(_growth_factor(at, start, what_if.extra_growth_pct_month))
        return band

    baseline = project(grid)
    planned = _apply_events(baseline, events, what_if)
    top = int(np.argmax(baseline.mean))
    peak = float(baseline.mean[top])
    # Intervals widen with distance, so the highest upper bound can come after the peak.
    sizing_peak = float(baseline.hi95.max())
    units = sizing.units_needed(res, sizing_peak)

    event_peaks = []
    for event in events:
        window_start = max(to_epoch(event.starts_on), start)
        window_end = to_epoch(event.ends_on) + DAY
        if window_end <= start:
            continue  # already over: history shows how it went
        at = _grid(window_start - DAY / 24, window_end - 1.0, typical_step_days(times)
                   if len(times) > 2 else 1.0)
        band = _apply_events(project(at), [event], what_if)
        upper = float(band.hi95.max())
        event_peaks.append(EventPeak(
            event, _multiplier(event, what_if), float(band.mean.max()), upper,
            sizing.units_needed(res, upper), sizing.utilisation_pct(res, upper)))

    exhaustion: date | None = None
    if len(values) and float(values[-1]) > usable:
        exhaustion = to_date(start)
    else:
        over = np.nonzero(planned.hi95 > usable)[0]
        if over.size:
            exhaustion = to_date(float(planned.times[over[0]]))
    order_by = exhaustion - timedelta(days=res.lead_time_days) if exhaustion else None
    order_by_past = order_by is not None and order_by < today

    if exhaustion is not None:
        warnings.append(f"Demand ({SIZING_BOUND}) exceeds usable capacity from {exhaustion}.")
    if order_by_past and order_by is not None:
        warnings.append(f"Order-by date {order_by} is already past "
                        f"(lead time {res.lead_time_days} days).")
    for ep in event_peaks:
        if ep.units_needed > res.current_units:
            warnings.append(f"{ep.label} needs {counted(ep.units_needed, res.unit_name)}; "
                            f"{res.current_units} today.")
    ceiling = res.autoscale_max if res.scaling is ScalingStrategy.HORIZONTAL else None
    most = max([units, *(ep.units_needed for ep in event_peaks)])
    if ceiling and most > ceiling:
        warnings.append(f"Autoscaling stops at {counted(ceiling, res.unit_name)}, but the plan "
                        f"needs {most}: raise the maximum before the peak.")
    if units > res.current_units:
        warnings.append(f"The forecast peak by {horizon_end} needs "
                        f"{counted(units, res.unit_name)}; {res.current_units} today.")
    span_days = (float(times[-1]) - float(times[0])) / DAY if len(times) > 1 else 0.0
    if forecast.kind is not ModelKind.GROWTH and span_days * 2 < horizon_days:
        warnings.append(f"The history covers only {_span_text(span_days)}: a forecast "
                        f"{horizon_days} days ahead reaches far beyond it.")
    return Outlook(
        res, forecast, baseline, planned, horizon_end, peak,
        (float(baseline.lo80[top]), float(baseline.hi80[top])),
        (float(baseline.lo95[top]), float(baseline.hi95[top])), units,
        sizing.utilisation_pct(res, sizing_peak),
        sizing.raw_capacity(res), usable, tuple(event_peaks), exhaustion, order_by,
        order_by_past, tuple(warnings))


def _span_text(days: float) -> str:
    if days >= 2:
        return counted(round(days), "day")
    return counted(max(round(days * 24), 1), "hour")


def parse_horizon(text: str) -> int:
    """'90d', '26w', '6m', '1y' or a bare number of days -> days."""
    cleaned = text.strip().lower()
    units = {"d": 1.0, "w": 7.0, "m": MONTH_DAYS, "y": 365.25}
    try:
        if cleaned and cleaned[-1] in units:
            days = float(cleaned[:-1]) * units[cleaned[-1]]
        else:
            days = float(cleaned)
    except ValueError:
        raise ValueError(f"horizon {text!r} is not like 90d, 26w, 6m or 1y") from None
    if not math.isfinite(days) or days < 1 or days > 3660:
        raise ValueError(f"horizon {text!r} must be between 1 day and 10 years")
    return round(days)
