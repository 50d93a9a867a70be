"""Usable capacity, units needed, N+k, zone loss, utilisation, exhaustion and order-by dates."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from sreplan.capacity import sizing
from sreplan.capacity.model import (
    PlannedEvent,
    Redundancy,
    Resource,
    capacity_per_unit_error,
    headroom_error,
    redundancy_error,
)
from sreplan.capacity.outlook import WhatIf, compute_outlook, parse_horizon, to_epoch

TODAY = date(2026, 11, 27)
API = Resource("r", "p", "API", unit="RPS", capacity_per_unit=500.0, current_units=10,
               spare_units=1, headroom_pct=80.0, lead_time_days=30)


def test_usable_capacity_with_n_plus_k() -> None:
    assert sizing.raw_capacity(API) == 5000
    assert sizing.usable_capacity(API) == pytest.approx(500 * 9 * 0.8)


def test_usable_capacity_after_losing_the_largest_zone() -> None:
    zoned = replace(API, redundancy=Redundancy.ZONE, zones=3, current_units=10)
    assert sizing.units_lost(zoned) == 4  # 4 + 3 + 3
    assert sizing.usable_capacity(zoned) == pytest.approx(500 * 6 * 0.8)


@pytest.mark.parametrize(("peak", "k", "expected"), [
    (3999.0, 0, 10), (4000.0, 0, 10), (4001.0, 0, 11), (4001.0, 1, 12), (4001.0, 2, 13),
    (0.0, 1, 2),
])
def test_units_needed_is_ceil_of_peak_over_usable_per_unit_plus_k(
        peak: float, k: int, expected: int) -> None:
    assert sizing.units_needed(replace(API, spare_units=k), peak) == expected


@pytest.mark.parametrize(("serving", "zones", "expected"), [(10, 3, 15), (9, 3, 14), (4, 2, 8),
                                                             (1, 3, 3)])
def test_units_needed_survives_a_zone_loss(serving: int, zones: int, expected: int) -> None:
    zoned = replace(API, redundancy=Redundancy.ZONE, zones=zones, headroom_pct=100.0)
    total = sizing.units_needed(zoned, serving * 500.0)
    assert total == expected
    assert total - sizing.units_lost(zoned, total) >= serving
    assert total - 1 - sizing.units_lost(zoned, total - 1) < serving or total == zones


def test_utilisation_is_of_the_capacity_left_after_the_loss() -> None:
    assert sizing.utilisation_pct(API, 2250.0) == pytest.approx(50.0)


def test_fields_refuse_impossible_values() -> None:
    assert capacity_per_unit_error(0) and capacity_per_unit_error(-1)
    assert capacity_per_unit_error(0.5) is None
    assert headroom_error(0) and headroom_error(100.5) and headroom_error(float("nan"))
    assert headroom_error(100) is None
    assert redundancy_error(Redundancy.N_PLUS_K, 2, 3, 2) == (
        "k (2) must be less than the current units (2).")
    assert redundancy_error(Redundancy.N_PLUS_K, 1, 3, 2) is None
    assert redundancy_error(Redundancy.ZONE, 0, 1, 6)


def _linear(days: int, start: float, per_day: float) -> tuple[np.ndarray, np.ndarray]:
    t = np.array([to_epoch(TODAY - timedelta(days=days - i)) for i in range(days)])
    return t, start + per_day * np.arange(days)


def test_exhaustion_is_when_the_upper_bound_crosses_usable_capacity() -> None:
    t, y = _linear(100, 1000.0, 10.0)  # an exact line reaches 1990 at its last point
    outlook = compute_outlook(API, t, y, [], None, today=TODAY, horizon_days=365)
    # Usable is 3600; an exact line (zero-width interval) gets there after 161 more days.
    assert outlook.exhaustion == TODAY - timedelta(days=1) + timedelta(days=162)
    assert outlook.order_by == outlook.exhaustion - timedelta(days=30)
    assert not outlook.order_by_past


def test_an_order_by_date_already_past_is_flagged() -> None:
    t, y = _linear(100, 1000.0, 10.0)
    slow = replace(API, lead_time_days=400)
    outlook = compute_outlook(slow, t, y, [], None, today=TODAY, horizon_days=365)
    assert outlook.order_by_past
    assert any("already past" in w for w in outlook.warnings)


def test_events_multiply_the_forecast_and_size_their_peak() -> None:
    t, y = _linear(100, 1000.0, 0.0)
    sale = PlannedEvent("e", "p", None, "Sale", TODAY + timedelta(days=30),
                        TODAY + timedelta(days=32), multiplier=3.0)
    outlook = compute_outlook(API, t, y, [sale], None, today=TODAY, horizon_days=90)
    (peak,) = outlook.event_peaks
    assert peak.peak == pytest.approx(3000.0)
    assert peak.units_needed == sizing.units_needed(API, 3000.0) == 9
    assert outlook.exhaustion is None  # 3000 < 3600 usable
    doubled = compute_outlook(API, t, y, [sale], None, today=TODAY, horizon_days=90,
                              what_if=WhatIf(event_multiplier=4.0))
    assert doubled.event_peaks[0].units_needed == 11
    assert doubled.exhaustion == sale.starts_on
    assert any("Sale" in w and "11" in w for w in doubled.warnings)


def test_what_if_inputs_change_every_figure() -> None:
    t, y = _linear(100, 1000.0, 10.0)
    base = compute_outlook(API, t, y, [], None, today=TODAY, horizon_days=180)
    tighter = compute_outlook(API, t, y, [], None, today=TODAY, horizon_days=180,
                              what_if=WhatIf(headroom_pct=60.0, capacity_per_unit=400.0,
                                             spare_units=2, extra_growth_pct_month=5.0))
    assert tighter.usable_capacity == pytest.approx(400 * 8 * 0.6)
    assert tighter.peak is not None and base.peak is not None and tighter.peak > base.peak
    assert tighter.units_needed is not None and base.units_needed is not None
    assert tighter.units_needed > base.units_needed
    assert tighter.exhaustion is not None and base.exhaustion is not None
    assert tighter.exhaustion < base.exhaustion


def test_horizons_parse_like_people_write_them() -> None:
    assert parse_horizon("90d") == 90
    assert parse_horizon("26w") == 182
    assert parse_horizon("6m") == 183
    assert parse_horizon("1y") == 365
    with pytest.raises(ValueError, match="like 90d"):
        parse_horizon("soon")


def test_order_by_dates_are_open_action_items(tmp_path: object) -> None:
    from sreplan.features import open_action_items, open_workspace, seed_demo

    ws = open_workspace(tmp_path / "demo.sreplan", create=True)  # type: ignore[operator]
    try:
        plan = seed_demo(ws)  # as of today: the provider looks from today too
        items = [i for i in open_action_items(ws, plan) if i.source == "Capacity"]
    finally:
        ws.close()
    titles = " ".join(i.title for i in items)
    assert "Checkout API peak RPS" in titles
    assert re.search(r"\d+ instances needed, 15 today", titles)
    assert all(i.due is not None for i in items)


def test_a_short_history_stretched_far_is_flagged() -> None:
    t, y = _linear(10, 1000.0, 1.0)
    outlook = compute_outlook(API, t, y, [], None, today=TODAY, horizon_days=180)
    assert any("covers only 9 days" in w for w in outlook.warnings)
    long = compute_outlook(API, *_linear(100, 1000.0, 1.0), [], None, today=TODAY,
                           horizon_days=180)
    assert not any("covers only" in w for w in long.warnings)


def test_counts_read_naturally() -> None:
    from sreplan.capacity.model import counted

    assert counted(1, "instance") == "1 instance"
    assert counted(38, "instance") == "38 instances"
    assert counted(2, "box") == "2 boxes"
    assert counted(1200, "node") == "1,200 nodes"
