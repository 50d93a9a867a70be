"""The budget burn-down as the report prints it: a ReportLab drawing, no matplotlib.

Same curves, colours and labels as the app's chart (both come from burn_series).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing

from sreplan.kernel.durations import Duration
from sreplan.kernel.report.document import BODY_WIDTH
from sreplan.kernel.report.plot import Plot, colour, nice_ticks, number
from sreplan.slo.burn_series import LEVEL, YLABEL, BurnSeries, burn_series
from sreplan.slo.model import AlertRule

HEIGHT = 230.0


def burn_down_plot(series: BurnSeries, title: str, *, y0: float = 0.0, y1: float = 102.0,
                   width: float = BODY_WIDTH, height: float = HEIGHT) -> Plot:
    """A plot with the burn-down drawn, ready for more (the incidents' real steps)."""
    lines = title.count("\n") + 1
    plot = Plot(width, height, 0.0, series.span, y0, y1, top=6 + 10.5 * lines, left=42)
    for level in series.levels:
        plot.hline(level, colour(LEVEL), width=0.6, behind=True)
    for curve in series.curves:
        plot.line(curve.xs, curve.ys, colour(curve.colour), width=curve.width,
                  dash=(4, 2) if curve.dashed else None, label=curve.label)
    for curve in series.curves:
        if curve.fires_at is not None:
            plot.dot(*curve.fires_at, colour(curve.colour))
    xticks = [(t, number(t)) for t in nice_ticks(0.0, series.span, 7, integer=True)]
    yticks = [(t, f"{t:g}") for t in (0, 25, 50, 75, 100) if y0 <= t <= y1]
    plot.axes(xticks, yticks, xlabel=series.xlabel, ylabel=YLABEL, grid=False)
    plot.title(title)
    return plot


def burn_down_drawing(title: str, target: float | None, window: Duration,
                      rules: Sequence[AlertRule], *, width: float = BODY_WIDTH,
                      height: float = HEIGHT) -> Drawing:
    """Budget remaining over the window at each alert burn rate, with the alert points."""
    series = burn_series(target, window, rules)
    plot = burn_down_plot(series, f"{title}\n{series.subtitle}" if title else series.subtitle,
                          width=width, height=height)
    plot.legend("upper right", max_width=plot.plot_width * 0.55)
    return plot.drawing()
