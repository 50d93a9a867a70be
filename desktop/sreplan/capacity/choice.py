"""Choosing a forecast model by its error on the most recent, held-back history."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sreplan.capacity.forecast import GrowthFit, ModelKind, Predictor, fit_trend
from sreplan.capacity.model import GrowthAssumption, span_text
from sreplan.capacity.seasonal import DAY, FloatArray, season_for

HOLDOUT_SHARE = 0.2
MIN_POINTS_FOR_HOLDOUT = 8
# A more complex model must beat a simpler one by this much to be preferred.
PREFER_SIMPLER_WITHIN = 0.05
_ORDER = (ModelKind.LINEAR, ModelKind.LOG_LINEAR, ModelKind.LINEAR_SEASONAL,
          ModelKind.LOG_LINEAR_SEASONAL)


@dataclass(frozen=True)
class Forecast:
    """The model in use, why it was chosen, and how each candidate did on the holdout."""

    predictor: Predictor
    reason: str
    last_time: float
    last_value: float
    holdout_errors: tuple[tuple[ModelKind, float], ...] = ()
    overridden: bool = False

    @property
    def kind(self) -> ModelKind:
        return self.predictor.kind


def candidates(times: FloatArray, values: FloatArray) -> list[ModelKind]:
    """The models this history can support, simplest first."""
    out = [ModelKind.LINEAR]
    positive = bool(np.all(values > 0))
    if positive:
        out.append(ModelKind.LOG_LINEAR)
    if season_for(times) is not None:
        out.append(ModelKind.LINEAR_SEASONAL)
        if positive:
            out.append(ModelKind.LOG_LINEAR_SEASONAL)
    return out


def _fit(kind: ModelKind, times: FloatArray, values: FloatArray) -> Predictor:
    return fit_trend(kind, times, values, season_for(times) if kind.is_seasonal else None)


def holdout_errors(times: FloatArray, values: FloatArray) -> list[tuple[ModelKind, float]]:
    """Mean absolute error of each candidate fitted on the older 80%, tested on the newest 20%."""
    n = len(times)
    cut = n - max(1, round(n * HOLDOUT_SHARE))
    train_t, train_v = times[:cut], values[:cut]
    test_t, test_v = times[cut:], values[cut:]
    scores = []
    for kind in candidates(train_t, train_v):
        predicted = _fit(kind, train_t, train_v).predict(test_t).mean
        scores.append((kind, float(np.mean(np.abs(predicted - test_v)))))
    return scores


def _pick(scores: list[tuple[ModelKind, float]], scale: float) -> tuple[ModelKind, float]:
    ranked = sorted(scores, key=lambda s: _ORDER.index(s[0]))
    best = ranked[0]
    noise = 1e-9 * max(scale, 1.0)  # differences below rounding error are ties
    for kind, error in ranked[1:]:
        if error < best[1] * (1.0 - PREFER_SIMPLER_WITHIN) - noise:
            best = (kind, error)
    return best


def _fmt(value: float) -> str:
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def forecast_demand(times: FloatArray, values: FloatArray,
                    growth: GrowthAssumption | None = None, override: str = "",
                    now: float = float("nan")) -> Forecast | None:
    """Fit the history (every point of it) and say which model and why; None without data."""
    n = len(times)
    if n < 3:
        return _growth_fallback(times, values, growth, now)
    last_t, last_v = float(times[-1]), float(values[-1])
    available = candidates(times, values)
    wanted = ModelKind(override) if override in {k.value for k in available} else None
    if n < MIN_POINTS_FOR_HOLDOUT:
        kind = wanted or ModelKind.LINEAR
        why = (f"Only {n} points: too few to hold back a test period, so "
               f"{kind.label.lower()} is used.")
        return Forecast(_fit(kind, times, values), why, last_t, last_v, (), wanted is not None)
    scores = holdout_errors(times, values)
    best, best_error = _pick(scores, float(np.mean(np.abs(values))))
    held = n - (n - max(1, round(n * HOLDOUT_SHARE)))
    span_days = (times[-1] - times[-held]) / DAY
    others = "; ".join(f"{k.label.lower()} {_fmt(e)}" for k, e in scores if k is not best)
    why = (f"{best.label} had the lowest error on the newest {held:,} points "
           f"({span_text(span_days * DAY)}) held back: mean absolute error {_fmt(best_error)}"
           + (f" (vs {others})." if others else "."))
    if len(scores) > 1 and best is not min(scores, key=lambda s: s[1])[0]:
        why += f" Simpler models win unless {PREFER_SIMPLER_WITHIN:.0%} better."
    note = ""
    if override and wanted is None:
        note = f" Your choice ({ModelKind(override).label.lower()}) does not fit this history."
    if wanted is not None and wanted is not best:
        why = f"{wanted.label}: chosen by you. The holdout would pick: {why}"
        best = wanted
    return Forecast(_fit(best, times, values), why + note, last_t, last_v, tuple(scores),
                    wanted is not None)


def _growth_fallback(times: FloatArray, values: FloatArray,
                     growth: GrowthAssumption | None, now: float) -> Forecast | None:
    if len(times):
        t0, level = float(times[-1]), float(values[-1])
    elif growth is not None and growth.baseline is not None:
        t0, level = now, float(growth.baseline)
    else:
        return None
    pct = growth.monthly_growth_pct if growth is not None else 0.0
    source = "the last point" if len(times) else "the assumed baseline"
    why = (f"Growth assumption: {pct:+g}% a month from {source} ({_fmt(level)}), because the "
           f"history has fewer than 3 points.")
    return Forecast(GrowthFit(t0, level, pct), why, t0, level)
