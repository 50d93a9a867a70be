"""An SLO's budget burn-down with its incidents as real steps, as the report prints it
(a ReportLab drawing; the app draws the same series with matplotlib in chart.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.graphics.shapes import Drawing

from sreplan.incidents.chart import incident_steps, real_line
from sreplan.incidents.model import Incident
from sreplan.kernel.durations import DAY
from sreplan.kernel.report.plot import colour
from sreplan.slo.burn_series import burn_series
from sreplan.slo.model import AlertRule, Slo
from sreplan.slo.report_chart import burn_down_plot

REAL = "#111111"


def incidents_burn_down_drawing(slo: Slo, rules: Sequence[AlertRule],
                                incidents: Sequence[Incident], start: datetime,
                                caption: str) -> Drawing:
    series = burn_series(slo.target, slo.window.duration, rules)
    steps = incident_steps(incidents, slo, start)
    window_days = slo.window.duration.seconds / DAY
    title = f"{caption}\n{series.subtitle}"
    if window_days < 2:
        plot = burn_down_plot(series, title)
    else:
        xs, ys = real_line(steps, window_days)
        plot = burn_down_plot(series, title, y0=min(-5.0, min(ys) - 5), y1=105.0)
        plot.line(xs, ys, colour(REAL), width=2.2, label="incidents (real)")
        for day, left, key in steps:
            plot.label(plot.px(day) + 4, plot.py(left) - 10, key, size=7)
    plot.legend("upper right", size=6, max_width=plot.plot_width * 0.55)
    return plot.drawing()
