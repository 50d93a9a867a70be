"""Forecast models: recovered slopes, doubling times, seasonal profiles and honest intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sreplan.capacity.choice import forecast_demand, holdout_errors
from sreplan.capacity.forecast import ModelKind, fit_trend
from sreplan.capacity.model import GrowthAssumption
from sreplan.capacity.seasonal import DAY, season_for

START = 1_767_225_600.0  # 2026-01-01 00:00 UTC, a Thursday


def days(n: int, step: float = 1.0) -> np.ndarray:
    return START + np.arange(n) * step * DAY


def test_an_exact_line_recovers_its_slope() -> None:
    t = days(60)
    y = 100.0 + 2.5 * np.arange(60)
    fit = fit_trend(ModelKind.LINEAR, t, y)
    assert fit.slope_per_day == pytest.approx(2.5)
    assert fit.intercept == pytest.approx(100.0)
    assert fit.sigma == pytest.approx(0.0, abs=1e-9)
    future = fit.predict(np.array([START + 100 * DAY]))
    assert future.mean[0] == pytest.approx(350.0)


def test_an_exponential_series_recovers_its_doubling_time() -> None:
    t = days(200)
    y = 50.0 * 2.0 ** (np.arange(200) / 45.0)
    forecast = forecast_demand(t, y)
    assert forecast is not None
    assert forecast.kind is ModelKind.LOG_LINEAR
    assert forecast.predictor.doubling_days == pytest.approx(45.0, rel=1e-6)
    assert "Exponential growth" in forecast.reason and "held back" in forecast.reason


def test_a_seasonal_series_recovers_its_profile() -> None:
    profile = np.array([40.0, 10.0, 0.0, -5.0, 5.0, -30.0, -20.0])  # Mon..Sun, sums to 0
    t = days(10 * 7)
    weekday = ((t / DAY + 3) % 7).astype(int)  # 0 = Monday
    y = 500.0 + 1.5 * np.arange(len(t)) + profile[weekday]
    forecast = forecast_demand(t, y)
    assert forecast is not None
    assert forecast.kind is ModelKind.LINEAR_SEASONAL
    fit = forecast.predictor
    assert fit.season is not None and fit.season.name == "weekly"
    assert fit.profile is not None
    np.testing.assert_allclose(fit.profile, profile, atol=1e-3)
    assert fit.slope_per_day == pytest.approx(1.5)


def test_yearly_profile_for_monthly_data_needs_two_cycles() -> None:
    months = np.array([np.datetime64("2020-01") + i for i in range(36)])
    t = months.astype("datetime64[s]").astype(np.int64).astype(np.float64)
    assert season_for(t) is not None and season_for(t).name == "yearly"  # type: ignore[union-attr]
    assert season_for(t[:18]) is None


@pytest.mark.parametrize(("level", "z"), [(80, 1.2816), (95, 1.96)])
def test_the_interval_covers_about_its_share_of_held_back_points(level: int, z: float) -> None:
    rng = np.random.default_rng(7)
    inside = total = 0
    for _ in range(40):
        n = 400
        t = days(n)
        y = 1000.0 + 3.0 * np.arange(n) + rng.normal(0, 50, n)
        train = 300
        fit = fit_trend(ModelKind.LINEAR, t[:train], y[:train])
        band = fit.predict(t[train:])
        lo, hi = (band.lo80, band.hi80) if level == 80 else (band.lo95, band.hi95)
        inside += int(np.count_nonzero((y[train:] >= lo) & (y[train:] <= hi)))
        total += n - train
    assert inside / total == pytest.approx(level / 100, abs=0.03)


def test_holdout_picks_the_model_with_the_lowest_recent_error() -> None:
    t = days(120)
    y = 200.0 * np.exp(np.arange(120) * 0.02)
    scores = dict(holdout_errors(t, y))
    assert scores[ModelKind.LOG_LINEAR] < scores[ModelKind.LINEAR]


def test_the_user_can_override_the_model_and_is_told_what_holdout_would_pick() -> None:
    t = days(120)
    y = 200.0 * np.exp(np.arange(120) * 0.02)
    forecast = forecast_demand(t, y, override="linear")
    assert forecast is not None and forecast.kind is ModelKind.LINEAR and forecast.overridden
    assert "chosen by you" in forecast.reason and "Exponential growth" in forecast.reason


def test_log_models_are_not_offered_when_values_touch_zero() -> None:
    t = days(60)
    y = np.abs(np.sin(np.arange(60))) * 10
    y[5] = 0.0
    forecast = forecast_demand(t, y, override="log_linear")
    assert forecast is not None and not forecast.kind.is_log
    assert "does not fit" in forecast.reason


def test_under_three_points_the_growth_assumption_stands_in_labelled() -> None:
    growth = GrowthAssumption("g", "p", "r", 10.0)
    forecast = forecast_demand(days(2), np.array([100.0, 110.0]), growth)
    assert forecast is not None and forecast.kind is ModelKind.GROWTH
    assert forecast.reason.startswith("Growth assumption")
    month_later = forecast.predictor.predict(np.array([forecast.last_time + 30.4375 * DAY]))
    assert month_later.mean[0] == pytest.approx(121.0)
    assert forecast.predictor.doubling_days == pytest.approx(
        math.log(2) / math.log(1.1) * 30.4375)


def test_no_history_uses_the_baseline_or_gives_no_forecast() -> None:
    empty = np.empty(0)
    assert forecast_demand(empty, empty) is None
    growth = GrowthAssumption("g", "p", "r", 5.0, baseline=40.0)
    forecast = forecast_demand(empty, empty, growth, now=START)
    assert forecast is not None and forecast.last_value == 40.0
    assert "assumed baseline" in forecast.reason
