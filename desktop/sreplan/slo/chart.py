"""Error-budget burn-down of one SLO at its alert burn rates.

Deterministic (no timestamps, fixed styling) so the same SLO draws the same
figure in the Qt canvas, in a PDF and in a test. Built on ``Figure`` directly
(never pyplot), so no global state and nothing to close.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure, SubplotParams
from matplotlib.ticker import MaxNLocator

from sreplan.kernel.charts import plain_text
from sreplan.kernel.durations import DAY, Duration, format_seconds
from sreplan.slo.error_budget import burn_down, burn_rate_alerts
from sreplan.slo.model import AlertRule, Severity

_COLOURS = {Severity.PAGE: ("#c0392b", "#e67e22"), Severity.TICKET: ("#2471a3", "#7d3c98")}
DEFAULT_SIZE = (6.4, 3.6)  # inches: fits a Qt pane and the A4 text width at 100 dpi


@plain_text
def burn_down_figure(
    title: str,
    target: float | None,
    window: Duration,
    rules: Sequence[AlertRule],
    *,
    size: tuple[float, float] = DEFAULT_SIZE,
) -> Figure:
    """Budget remaining over the window at each rule's burn rate, with the alert points."""
    # Fixed margins rather than constrained layout: the size is known, and a report of
    # hundreds of SLOs should not pay for a layout solve per chart.
    fig = Figure(figsize=size, dpi=100, subplotpars=SubplotParams(0.1, 0.13, 0.98, 0.87))
    draw_burn_down(fig, title, target, window, rules)
    return fig


@plain_text
def draw_burn_down(
    fig: Figure, title: str, target: float | None, window: Duration, rules: Sequence[AlertRule]
) -> None:
    """Draw the burn-down into ``fig`` (cleared first), e.g. the figure of a live canvas."""
    fig.clear()
    ax = fig.add_subplot()
    # Burn rates and exhaustion times do not depend on the target (only error ratios do,
    # and they are not drawn), so any target gives the same curves.
    alerts = burn_rate_alerts(99.0 if target is None else target, window, rules)
    span_days = window.seconds / DAY
    scale, unit = (1.0, "days") if span_days >= 2 else (24.0, "hours")
    if span_days * 24 < 2:
        scale, unit = 24.0 * 60, "minutes"

    rates = [a.burn_rate for a in alerts]
    if not any(abs(r - 1.0) < 1e-9 for r in rates):
        (steady,) = burn_down(window, [1.0])
        ax.plot(
            [d * scale for d in steady.days],
            steady.remaining,
            color="#7f8c8d",
            lw=1.0,
            ls="--",
            label="burn rate 1× · budget lasts exactly the window",
        )
    used = {Severity.PAGE: 0, Severity.TICKET: 0}
    for alert, curve in zip(alerts, burn_down(window, rates), strict=True):
        palette = _COLOURS[alert.rule.severity]
        colour = palette[used[alert.rule.severity] % len(palette)]
        used[alert.rule.severity] += 1
        rule = alert.rule
        ax.plot(
            [d * scale for d in curve.days],
            curve.remaining,
            color=colour,
            lw=1.6,
            label=(
                f"{rule.severity.label} {alert.burn_rate:.3g}× ({rule.long_window}/"
                f"{rule.short_window}) · {rule.budget_spent:g}% spent · empty in "
                f"{format_seconds(alert.exhaust_seconds)}"
            ),
        )
        # The alert fires once the long window has spent the rule's share of the budget.
        fire_x = rule.long_window.seconds / DAY * scale
        if fire_x <= span_days * scale:
            ax.plot(
                [fire_x],
                [100.0 - rule.budget_spent],
                marker="o",
                ms=5,
                color=colour,
                markeredgecolor="white",
                zorder=3,
            )
    # Light rules at the budget levels where alerts fire, and at each quarter of the budget
    # (drawn as plain lines: a full grid costs a report of hundreds of charts dearly).
    levels = {100.0 - a.rule.budget_spent for a in alerts} | {25.0, 50.0, 75.0}
    ax.hlines(sorted(levels), 0, span_days * scale, colors="#e3e6e8", lw=0.6, zorder=0)
    ax.set_xlim(0, span_days * scale)
    ax.set_ylim(0, 102)
    ax.set_xlabel(f"Time into the window ({unit}); dots: where each alert fires", fontsize=8)
    ax.set_ylabel("Error budget left (%)", fontsize=8)
    # The curves depend only on the window and the rules (budget shares), never on the
    # target: a report can draw one chart for every SLO with the same window.
    goal = f"{target:g}% over " if target is not None else ""
    subtitle = f"{goal}{window.label}: error budget at the alert burn rates"
    ax.set_title(f"{title}\n{subtitle}" if title else subtitle, fontsize=8.5, loc="left")
    ax.tick_params(labelsize=7)
    # Few ticks: each is a path and a text in the PDF's vector drawing.
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.legend(fontsize=6.5, loc="upper right", frameon=True, framealpha=0.9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
