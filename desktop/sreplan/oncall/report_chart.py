"""The fairness chart as the report prints it: hours on call per person as bars, the
off-hours part darker (a ReportLab drawing; the app's chart.py draws the same with
matplotlib, in the same colours)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from sreplan.kernel.report.document import BODY_WIDTH
from sreplan.kernel.report.fonts import SANS
from sreplan.kernel.report.plot import INK, Plot, colour, fit, nice_ticks, number
from sreplan.oncall.chart_colours import PERSON_COLOURS
from sreplan.oncall.health import FairnessRow

ROW = 16.0  # points per person


def _light(c: Color) -> Color:
    """The colour at 45 % on white, as the app draws the whole hours (alpha 0.45)."""
    return Color(1 - 0.45 * (1 - c.red), 1 - 0.45 * (1 - c.green), 1 - 0.45 * (1 - c.blue))


def fairness_drawing(rows: Sequence[FairnessRow], width: float = BODY_WIDTH) -> Drawing:
    most = max((r.hours for r in rows), default=1.0) or 1.0
    n = max(1, len(rows))
    height = 58 + ROW * n
    names_width = min(130.0, width * 0.3)
    plot = Plot(width, height, 0.0, most * 1.15, -0.6, n - 0.4, left=names_width,
                bottom=30, top=22, right=12)
    for i, r in enumerate(rows):
        y = n - 1 - i
        base = colour(PERSON_COLOURS[i % len(PERSON_COLOURS)])
        plot.rect(0, y - 0.4, r.hours, y + 0.4, _light(base))
        plot.rect(0, y - 0.4, r.off_hours, y + 0.4, base)
        plot.label(plot.px(r.hours) + 2, plot.py(y) - 2.8, f"{r.hours:.0f} h", size=7.5)
        plot.front.add(String(names_width - 5, plot.py(y) - 2.8,
                              fit(r.name, 7.5, names_width - 8), fontName=SANS, fontSize=7.5,
                              fillColor=INK, textAnchor="end"))
    xticks = [(t, number(t)) for t in nice_ticks(0.0, most * 1.15, 7)]
    plot.axes(xticks, [], xlabel="Hours", grid=False, size=7.5)
    # The legend sits above the bars, as in the app.
    swatch, top = 12.0, height - 12
    x: float = plot.left
    for fill, text in ((_light(colour("#666666")), "Hours on call"),
                       (colour("#666666"), "Off-hours part (nights, weekends, own time zone)")):
        plot.front.add(Rect(x, top - 1, swatch, 7, fillColor=fill, strokeColor=None,
                            strokeWidth=0))
        label = fit(text, 7, plot.right_x - x - swatch - 3)
        plot.front.add(String(x + swatch + 3, top, label, fontName=SANS, fontSize=7,
                              fillColor=INK))
        x += swatch + 3 + stringWidth(label, SANS, 7) + 16
    plot.front.add(Line(plot.left, plot.bottom, plot.left, plot.top_y, strokeColor=INK,
                        strokeWidth=0.7))
    return plot.drawing()
