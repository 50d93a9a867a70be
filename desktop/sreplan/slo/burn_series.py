"""What a budget burn-down chart shows, as plain data: one source for the app's
matplotlib chart (chart.py) and the report's ReportLab drawing (report_chart.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sreplan.kernel.durations import DAY, Duration, format_seconds
from sreplan.slo.error_budget import burn_down, burn_rate_alerts
from sreplan.slo.model import AlertRule, Severity

COLOURS = {Severity.PAGE: ("#c0392b", "#e67e22"), Severity.TICKET: ("#2471a3", "#7d3c98")}
STEADY = "#7f8c8d"
LEVEL = "#e3e6e8"


@dataclass(frozen=True)
class Curve:
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    colour: str
    width: float
    dashed: bool
    label: str
    fires_at: tuple[float, float] | None  # where the alert fires (x, budget left), if in view


@dataclass(frozen=True)
class BurnSeries:
    span: float  # the window in the chart's unit
    unit: str  # days, hours or minutes
    curves: tuple[Curve, ...]
    levels: tuple[float, ...]  # budget levels to mark with a light rule
    subtitle: str

    @property
    def xlabel(self) -> str:
        return f"Time into the window ({self.unit}); dots: where each alert fires"


YLABEL = "Error budget left (%)"


def burn_series(target: float | None, window: Duration, rules: Sequence[AlertRule]) -> BurnSeries:
    """Budget remaining over the window at each rule's burn rate, with the alert points."""
    # Burn rates and exhaustion times do not depend on the target (only error ratios do,
    # and they are not drawn), so any target gives the same curves.
    alerts = burn_rate_alerts(99.0 if target is None else target, window, rules)
    span_days = window.seconds / DAY
    scale, unit = (1.0, "days") if span_days >= 2 else (24.0, "hours")
    if span_days * 24 < 2:
        scale, unit = 24.0 * 60, "minutes"
    curves: list[Curve] = []
    rates = [a.burn_rate for a in alerts]
    if not any(abs(r - 1.0) < 1e-9 for r in rates):
        (steady,) = burn_down(window, [1.0])
        curves.append(Curve(tuple(d * scale for d in steady.days), tuple(steady.remaining),
                            STEADY, 1.0, True,
                            "burn rate 1× · budget lasts exactly the window", None))
    used = {Severity.PAGE: 0, Severity.TICKET: 0}
    for alert, curve in zip(alerts, burn_down(window, rates), strict=True):
        palette = COLOURS[alert.rule.severity]
        colour = palette[used[alert.rule.severity] % len(palette)]
        used[alert.rule.severity] += 1
        rule = alert.rule
        # The alert fires once the long window has spent the rule's share of the budget.
        fire_x = rule.long_window.seconds / DAY * scale
        fires = (fire_x, 100.0 - rule.budget_spent) if fire_x <= span_days * scale else None
        curves.append(Curve(
            tuple(d * scale for d in curve.days), tuple(curve.remaining), colour, 1.6, False,
            f"{rule.severity.label} {alert.burn_rate:.3g}× ({rule.long_window}/"
            f"{rule.short_window}) · {rule.budget_spent:g}% spent · empty in "
            f"{format_seconds(alert.exhaust_seconds)}",
            fires,
        ))
    levels = tuple(sorted({100.0 - a.rule.budget_spent for a in alerts} | {25.0, 50.0, 75.0}))
    goal = f"{target:g}% over " if target is not None else ""
    subtitle = f"{goal}{window.label}: error budget at the alert burn rates"
    return BurnSeries(span_days * scale, unit, tuple(curves), levels, subtitle)
