"""The rollout step chart as the report prints it: a ReportLab drawing, no matplotlib
(the app's chart.py draws the same series, colours and marks with matplotlib)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing

from sreplan.kernel.report.document import BODY_WIDTH
from sreplan.kernel.report.plot import Plot, colour, nice_ticks, number
from sreplan.resilience.chart import ANALYSIS, GATE, LINE
from sreplan.resilience.model import RolloutPlan, traffic_series

HEIGHT = 170.0


def rollout_drawing(r: RolloutPlan, *, width: float = BODY_WIDTH,
                    height: float = HEIGHT) -> Drawing:
    """Traffic share (%) against hours since the rollout started; gates and analyses marked."""
    times, shares = traffic_series(r)
    end = max(times[-1] if times else 0.0, 0.1) * 1.03
    plot = Plot(width, height, 0.0, end, 0.0, 105.0, left=44, top=20, bottom=30)
    plot.line(times, shares, colour(LINE), width=1.8)
    t = 0.0
    for n, s in enumerate(r.steps, 1):
        bake = (s.bake_seconds or 0) / 3600
        if s.manual_gate:
            plot.vline(t + bake, colour(GATE), width=1.0, dash=(1, 2))
        if s.analysis:
            plot.dot(t, s.traffic_percent, colour(ANALYSIS))
        below = s.traffic_percent > 90  # keep the number inside the frame at the top
        plot.label(plot.px(t) + 3, plot.py(s.traffic_percent) + (-10 if below else 4), str(n),
                   size=7)
        t += bake
    xticks = [(v, number(v)) for v in nice_ticks(0.0, end, 9)]
    yticks = [(v, f"{v:g}") for v in (0, 20, 40, 60, 80, 100)]
    plot.axes(xticks, yticks, xlabel="Hours since the rollout started",
              ylabel="New version's traffic (%)", box=True)
    plot.title(f"{r.name} ({r.strategy.label.lower()})", size=9)
    return plot.drawing()
