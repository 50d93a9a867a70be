"""Demand forecasts: linear and log-linear trends, optionally with a seasonal profile.

Each model is an ordinary least-squares fit (in log space for exponential
growth) whose residual spread gives 80% and 95% prediction intervals. With
fewer than three points the plan's growth assumption stands in, labelled so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sreplan.capacity.seasonal import DAY, FloatArray, Season
from sreplan.kernel.choices import Choice

Z80 = 1.2815515655446004
Z95 = 1.959963984540054
MONTH_DAYS = 30.4375


class ModelKind(Choice):
    LINEAR = "linear", "Linear trend"
    LOG_LINEAR = "log_linear", "Exponential growth"
    LINEAR_SEASONAL = "linear_seasonal", "Linear trend + seasonal"
    LOG_LINEAR_SEASONAL = "log_linear_seasonal", "Exponential growth + seasonal"
    GROWTH = "growth", "Growth assumption"

    @property
    def is_log(self) -> bool:
        return self in (ModelKind.LOG_LINEAR, ModelKind.LOG_LINEAR_SEASONAL)

    @property
    def is_assumed(self) -> bool:
        """The growth assumption, not a fit: it has no statistical interval."""
        return self is ModelKind.GROWTH

    @property
    def is_seasonal(self) -> bool:
        return self in (ModelKind.LINEAR_SEASONAL, ModelKind.LOG_LINEAR_SEASONAL)


@dataclass(frozen=True)
class Band:
    """A forecast over some timestamps: the central line and its 80%/95% intervals."""

    times: FloatArray
    mean: FloatArray
    lo80: FloatArray
    hi80: FloatArray
    lo95: FloatArray
    hi95: FloatArray

    def scaled(self, factor: FloatArray | float) -> Band:
        return Band(self.times, self.mean * factor, self.lo80 * factor, self.hi80 * factor,
                    self.lo95 * factor, self.hi95 * factor)

    def __len__(self) -> int:
        return len(self.times)


@dataclass(frozen=True)
class TrendFit:
    """A fitted trend (plus optional seasonal profile) that predicts with intervals."""

    kind: ModelKind
    t0: float
    intercept: float
    slope_per_day: float
    sigma: float
    n: int
    x_mean: float
    x_ss: float
    season: Season | None = None
    profile: FloatArray | None = field(default=None, repr=False)

    def predict(self, times: FloatArray) -> Band:
        x = (times - self.t0) / DAY
        centre = self.intercept + self.slope_per_day * x
        if self.season is not None and self.profile is not None:
            centre = centre + self.profile[self.season.phase(times)]
        spread = self.sigma * np.sqrt(1.0 + 1.0 / self.n + (x - self.x_mean) ** 2 / self.x_ss)
        parts = [centre, centre - Z80 * spread, centre + Z80 * spread,
                 centre - Z95 * spread, centre + Z95 * spread]
        if self.kind.is_log:
            parts = [np.exp(p) for p in parts]
        else:
            parts = [parts[0], *(np.maximum(p, 0.0) for p in parts[1:])]
        return Band(times, *parts)

    @property
    def doubling_days(self) -> float | None:
        """For exponential growth, the days it takes demand to double."""
        if self.kind.is_log and self.slope_per_day > 0:
            return math.log(2.0) / self.slope_per_day
        return None

    def monthly_growth_pct(self, level: float) -> float:
        if self.kind.is_log:
            return (math.exp(self.slope_per_day * MONTH_DAYS) - 1.0) * 100.0
        return self.slope_per_day * MONTH_DAYS / level * 100.0 if level > 0 else 0.0


@dataclass(frozen=True)
class GrowthFit:
    """Compound monthly growth from a starting level; no statistical interval."""

    t0: float
    level: float
    monthly_growth_pct: float
    kind: ModelKind = ModelKind.GROWTH

    def predict(self, times: FloatArray) -> Band:
        months = (times - self.t0) / DAY / MONTH_DAYS
        mean = self.level * (1.0 + self.monthly_growth_pct / 100.0) ** months
        return Band(times, mean, mean, mean, mean, mean)

    @property
    def doubling_days(self) -> float | None:
        g = self.monthly_growth_pct / 100.0
        return math.log(2.0) / math.log1p(g) * MONTH_DAYS if g > 0 else None


Predictor = TrendFit | GrowthFit


def _dot(a: FloatArray, b: FloatArray) -> float:
    # Elementwise then sum: on a busy machine a threaded BLAS dot is 20x slower.
    return float(np.sum(a * b))


def fit_trend(kind: ModelKind, times: FloatArray, values: FloatArray,
              season: Season | None = None) -> TrendFit:
    """Least squares of value (or log value) on time, plus one level per seasonal bin.

    With a season the fit is exact in one pass (Frisch–Waugh): the slope comes from
    time and value each centred on their bin means; each bin's level is the rest.
    """
    if kind.is_seasonal and season is None:
        raise ValueError(f"{kind.label} needs a seasonal cycle")
    if kind.is_log and not bool(np.all(values > 0)):
        raise ValueError("exponential growth needs every value above zero")
    n = len(times)
    t0 = float(times[0])
    x = (times - t0) / DAY
    z = np.log(values) if kind.is_log else np.asarray(values, dtype=np.float64)
    x_mean = float(x.mean())
    xc = x - x_mean
    x_ss = _dot(xc, xc) or 1.0
    profile: FloatArray | None = None
    if kind.is_seasonal and season is not None:
        phases = season.phase(times)
        counts = np.bincount(phases, minlength=season.bins).astype(np.float64)
        seen = counts > 0
        safe = np.where(seen, counts, 1.0)
        x_bin = np.bincount(phases, weights=x, minlength=season.bins) / safe
        z_bin = np.bincount(phases, weights=z, minlength=season.bins) / safe
        x_in = x - x_bin[phases]
        spread = _dot(x_in, x_in)
        slope = _dot(x_in, z - z_bin[phases]) / spread if spread > 0 else 0.0
        levels = z_bin - slope * x_bin
        intercept = float(levels[seen].mean())
        profile = np.where(seen, levels - intercept, 0.0)
        fitted = intercept + slope * x + profile[phases]
        used = 1 + int(np.count_nonzero(seen))
    else:
        slope = _dot(xc, z) / x_ss
        intercept = float(z.mean()) - slope * x_mean
        fitted = intercept + slope * x
        used = 2
    residual = z - fitted
    sigma = math.sqrt(_dot(residual, residual) / max(n - used, 1))
    return TrendFit(kind, t0, intercept, slope, sigma, n, x_mean, x_ss,
                    season if profile is not None else None, profile)
