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
from sreplan.kernel.durations import Duration
from sreplan.slo.burn_series import LEVEL, YLABEL, burn_series
from sreplan.slo.model import AlertRule

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
    series = burn_series(target, window, rules)
    for curve in series.curves:
        ax.plot(curve.xs, curve.ys, color=curve.colour, lw=curve.width,
                ls="--" if curve.dashed else "-", label=curve.label)
        if curve.fires_at is not None:
            ax.plot([curve.fires_at[0]], [curve.fires_at[1]], marker="o", ms=5,
                    color=curve.colour, markeredgecolor="white", zorder=3)
    # Light rules at the budget levels where alerts fire, and at each quarter of the budget
    # (drawn as plain lines: a full grid costs a report of hundreds of charts dearly).
    ax.hlines(series.levels, 0, series.span, colors=LEVEL, lw=0.6, zorder=0)
    ax.set_xlim(0, series.span)
    ax.set_ylim(0, 102)
    ax.set_xlabel(series.xlabel, fontsize=8)
    ax.set_ylabel(YLABEL, fontsize=8)
    # The curves depend only on the window and the rules (budget shares), never on the
    # target: a report can draw one chart for every SLO with the same window.
    subtitle = series.subtitle
    ax.set_title(f"{title}\n{subtitle}" if title else subtitle, fontsize=8.5, loc="left")
    ax.tick_params(labelsize=7)
    # Few ticks: each is a path and a text in the PDF's vector drawing.
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.legend(fontsize=6.5, loc="upper right", frameon=True, framealpha=0.9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
