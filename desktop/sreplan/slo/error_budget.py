"""Error budgets, allowed downtime and multiwindow, multi-burn-rate alerts.

Figures follow the SRE workbook ("Implementing SLOs", "Alerting on SLOs"):
99.9 % over 30 days allows 43.2 minutes of bad time, and a 30-day window pages
at burn rates 14.4 (1 h) and 6 (6 h) and opens tickets at 3 (1 d) and 1 (3 d).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sreplan.kernel.durations import DAY, Duration
from sreplan.slo.model import AlertRule


@dataclass(frozen=True)
class ErrorBudget:
    """What a target allows over its window, three ways."""

    target: float  # percent
    window: Duration

    @property
    def fraction(self) -> float:
        """The share of events (or time) that may be bad: 1 − target."""
        return (100.0 - self.target) / 100.0

    @property
    def bad_seconds(self) -> float:
        """Allowed bad time per window."""
        return self.fraction * self.window.seconds

    def bad_events(self, requests_per_second: float) -> float:
        """Allowed bad events per window at a steady request rate."""
        if requests_per_second < 0:
            raise ValueError("a request rate cannot be negative")
        return self.fraction * requests_per_second * self.window.seconds


@dataclass(frozen=True)
class DowntimeRow:
    period: str
    seconds: float  # length of the period
    allowed_seconds: float


# The periods of the allowed-downtime table, as SLO calculators show them.
DOWNTIME_PERIODS: tuple[tuple[str, float], ...] = (
    ("Day", DAY),
    ("Week", 7 * DAY),
    ("28 days", 28 * DAY),
    ("30 days", 30 * DAY),
    ("Quarter (90 days)", 90 * DAY),
    ("Year (365 days)", 365 * DAY),
)


def downtime_table(target: float) -> list[DowntimeRow]:
    fraction = (100.0 - target) / 100.0
    return [DowntimeRow(name, secs, fraction * secs) for name, secs in DOWNTIME_PERIODS]


@dataclass(frozen=True)
class BurnRateAlert:
    """One alert rule scaled to an SLO's window and target."""

    rule: AlertRule
    burn_rate: float
    error_ratio: float  # alert when the error ratio exceeds this over both windows
    exhaust_seconds: float  # time to spend the whole budget at this burn rate

    @property
    def budget_spent_fraction(self) -> float:
        return self.rule.budget_spent / 100.0


def burn_rate(budget_spent_percent: float, window: Duration, long_window: Duration) -> float:
    """Burn rate = budget fraction spent × window hours ÷ long-window hours."""
    return budget_spent_percent / 100.0 * window.hours / long_window.hours


def budget_spent_for(burn: float, window: Duration, long_window: Duration) -> float:
    """The inverse of :func:`burn_rate`: percent of budget a burn rate spends in the long window."""
    return burn * long_window.hours / window.hours * 100.0


def burn_rate_alerts(
    target: float, window: Duration, rules: Iterable[AlertRule]
) -> list[BurnRateAlert]:
    fraction = (100.0 - target) / 100.0
    alerts = []
    for rule in rules:
        rate = burn_rate(rule.budget_spent, window, rule.long_window)
        alerts.append(
            BurnRateAlert(
                rule=rule,
                burn_rate=rate,
                error_ratio=rate * fraction,
                exhaust_seconds=window.seconds / rate if rate > 0 else float("inf"),
            )
        )
    return alerts


def alert_warnings(window: Duration, rules: Iterable[AlertRule]) -> list[str]:
    """Rules that cannot work for this window: the long window must fit inside it."""
    warnings = []
    for rule in rules:
        if rule.long_window.seconds > window.seconds:
            warnings.append(
                f"The {rule.severity.label.lower()} alert's long window ({rule.long_window.label}) "
                f"is longer than the SLO window ({window.label}); it can never fire as intended."
            )
        if rule.short_window.seconds > rule.long_window.seconds:
            warnings.append(
                f"The {rule.severity.label.lower()} alert's short window "
                f"({rule.short_window.label}) "
                f"is longer than its long window ({rule.long_window.label})."
            )
    return warnings


@dataclass(frozen=True)
class BurnDown:
    """Budget remaining (percent) over the window, for one constant burn rate."""

    burn_rate: float
    days: tuple[float, ...]
    remaining: tuple[float, ...]


def burn_down(window: Duration, rates: Sequence[float]) -> list[BurnDown]:
    """Remaining budget at each constant burn rate, from a full budget at the window's start.

    Each curve is exact: a straight line to zero at the exhaustion time, then flat.
    """
    span_days = window.seconds / DAY
    curves = []
    for rate in rates:
        if rate <= 0:
            curves.append(BurnDown(rate, (0.0, span_days), (100.0, 100.0)))
            continue
        empty_at = span_days / rate
        if empty_at >= span_days:
            end = max(0.0, 100.0 - 100.0 * rate)
            curves.append(BurnDown(rate, (0.0, span_days), (100.0, end)))
        else:
            curves.append(BurnDown(rate, (0.0, empty_at, span_days), (100.0, 0.0, 0.0)))
    return curves
