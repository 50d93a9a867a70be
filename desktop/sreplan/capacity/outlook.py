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
    NEEDS_CAPACITY,
    EventKind,
    GrowthAssumption,
    PlannedEvent,
    Resource,
    ScalingStrategy,
    counted,
    span_text,
)
from sreplan.capacity.seasonal import DAY, FloatArray, typical_step_days

__all__ = ["SIZING_BOUND", "Outlook", "WhatIf", "compute_outlook", "parse_horizon",
           "span_text", "to_date", "to_epoch"]

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
            capacity_known=resource.capacity_known or self.capacity_per_unit is not None,
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
    units_needed: int | None  # None: the capacity per unit is not known
    utilisation_pct: float | None  # of the current surviving capacity, at the sizing bound

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
    # The forecast starts at the last observation: when that is more than one period
    # before today, dates and "already past" are read as of the history's end.
    as_of: date | None = None
    history_ends: date | None = None
    history_stale: bool = False
    # One "units needed" figure: the most any forecast point needs, events included,
    # with the event that drives it (None when the forecast without events needs most).
    units_needed_planned: int | None = None
    driving_event: EventPeak | None = None
    sized: bool = True  # False without a capacity per unit: demand only

    today: date | None = None

    @property
    def history_note(self) -> str | None:
        """"History ends 1960-12-01, 65 years and 11 months ago: …" when it is stale."""
        if not self.history_stale or self.history_ends is None or self.today is None:
            return None
        return stale_history_text(self.history_ends, self.today)

    def units_text(self, unit_name: str, have: int) -> str | None:
        """"39 instances with Black Friday (×3); 15 without events; 15 today"."""
        if self.units_needed is None or self.units_needed_planned is None:
            return None
        if self.driving_event is None:
            events = "; no planned event needs more" if self.event_peaks else ""
            return f"{counted(self.units_needed, unit_name)}{events}; {have} today"
        return (f"{counted(self.units_needed_planned, unit_name)} with "
                f"{self.driving_event.label}; {self.units_needed} without events; "
                f"{have} today")


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
    events = sorted((e for e in events if e.applies_to(resource.id)),
                    key=lambda e: (e.starts_on, e.ends_on, e.name, e.id))
    now = to_epoch(today)
    step_days = typical_step_days(times) if len(times) > 2 else 1.0
    history_ends = to_date(float(times[-1])) if len(times) else None
    stale = bool(len(times)) and now - float(times[-1]) > max(step_days, 1.0) * DAY
    as_of = history_ends if stale and history_ends is not None else today
    horizon_end = as_of + timedelta(days=horizon_days)
    forecast = forecast_demand(times, values, growth, res.model_override,
                               float(times[-1]) if stale else now)
    sized = res.capacity_known
    usable = sizing.usable_capacity(res) if sized else 0.0
    raw = sizing.raw_capacity(res) if sized else 0.0
    warnings: list[str] = []
    unsized = [] if sized else [f"{NEEDS_CAPACITY[0].upper()}{NEEDS_CAPACITY[1:]}; shown: the "
                                "demand forecast only."]
    if forecast is None:
        return Outlook(res, None, None, None, horizon_end, None, None, None, None, None,
                       raw, usable, (), None, None, False,
                       ("No demand history and no growth assumption: nothing to forecast.",
                        *unsized),
                       as_of, history_ends, stale, today=today, sized=sized)
    start = forecast.last_time
    end = max(to_epoch(horizon_end), start + DAY)
    grid = _grid(start, end, step_days)

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
    units = sizing.units_needed(res, sizing_peak) if sized else None

    event_peaks = []
    for event in events:
        window_start = max(to_epoch(event.starts_on), start)
        window_end = to_epoch(event.ends_on) + DAY
        if window_end <= start:
            continue  # already over: history shows how it went
        at = _grid(window_start - DAY / 24, window_end - 1.0, step_days)
        band = _apply_events(project(at), [event], what_if)
        upper = float(band.hi95.max())
        event_peaks.append(EventPeak(
            event, _multiplier(event, what_if), float(band.mean.max()), upper,
            sizing.units_needed(res, upper) if sized else None,
            sizing.utilisation_pct(res, upper) if sized else None))

    exhaustion: date | None = None
    if not sized:
        pass  # no capacity, no run-out date
    elif len(values) and float(values[-1]) > usable:
        exhaustion = to_date(start)
    else:
        over = np.nonzero(planned.hi95 > usable)[0]
        if over.size:
            exhaustion = to_date(float(planned.times[over[0]]))
    order_by = exhaustion - timedelta(days=res.lead_time_days) if exhaustion else None
    order_by_past = order_by is not None and order_by < as_of

    if stale and history_ends is not None:
        warnings.append(stale_history_text(history_ends, today))
    if exhaustion is not None:
        warnings.append(f"Demand ({SIZING_BOUND}) exceeds usable capacity from {exhaustion}.")
    if order_by_past and order_by is not None:
        warnings.append(f"Order-by date {order_by} is already past "
                        + (f"at the end of the history, {as_of} " if stale else "")
                        + f"(lead time {res.lead_time_days} days).")
    for ep in event_peaks:
        if ep.units_needed is not None and ep.units_needed > res.current_units:
            warnings.append(f"{ep.label} needs {counted(ep.units_needed, res.unit_name)}; "
                            f"{res.current_units} today.")
    ceiling = res.autoscale_max if res.scaling is ScalingStrategy.HORIZONTAL else None
    most = None if units is None else max(
        [units, *(ep.units_needed for ep in event_peaks if ep.units_needed is not None)])
    if ceiling and most is not None and most > ceiling:
        warnings.append(f"Autoscaling stops at {counted(ceiling, res.unit_name)}, but the plan "
                        f"needs {most}: raise the maximum before the peak.")
    warnings += unsized
    if units is not None and units > res.current_units:
        warnings.append(f"The forecast peak by {horizon_end} needs "
                        f"{counted(units, res.unit_name)}; {res.current_units} today.")
    span = float(times[-1]) - float(times[0]) if len(times) > 1 else 0.0
    if forecast.kind is not ModelKind.GROWTH and span * 2 < horizon_days * DAY:
        warnings.append(f"The history covers only {span_text(span)}: a forecast "
                        f"{horizon_days} days ahead reaches far beyond it.")
    driving = max((ep for ep in event_peaks if ep.units_needed is not None),
                  key=lambda ep: ep.units_needed or 0, default=None)
    if driving is not None and (units is None or (driving.units_needed or 0) <= units):
        driving = None
    return Outlook(
        res, forecast, baseline, planned, horizon_end, peak,
        (float(baseline.lo80[top]), float(baseline.hi80[top])),
        (float(baseline.lo95[top]), float(baseline.hi95[top])), units,
        sizing.utilisation_pct(res, sizing_peak) if sized else None,
        raw, usable, tuple(event_peaks), exhaustion, order_by,
        order_by_past, tuple(warnings), as_of, history_ends, stale, most, driving,
        today=today, sized=sized)


def stale_history_text(ends: date, today: date) -> str:
    return (f"History ends {ends}, {_ago(ends, today)}: the forecast starts there, not "
            f"today, and its dates are as of {ends}.")


def _ago(then: date, today: date) -> str:
    """Complete years and months (or days) from ``then`` to ``today``: "65 years and 11 months
    ago"."""
    months = (today.year - then.year) * 12 + today.month - then.month
    if today.day < then.day:
        months -= 1
    if months < 1:
        return counted((today - then).days, "day") + " ago"
    years, months = divmod(months, 12)
    parts = [counted(n, word) for n, word in ((years, "year"), (months, "month")) if n]
    return " and ".join(parts) + " ago"


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
