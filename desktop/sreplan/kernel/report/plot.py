"""Report charts drawn straight into ReportLab drawings, without matplotlib.

A fresh ``sreplan export-pdf`` spent most of its time importing matplotlib and
running its layout engine for a handful of line charts. :class:`Plot` is the
little a report chart needs: a fixed plot area, data-to-point mapping, lines,
shaded bands and spans, rules, dots, ticks, a legend and labels. Every text is
fitted (shortened with an ellipsis) to the room it has, so a long resource name
or unit never runs out of the chart or off the page; data is clipped to the
plot area. The app's Qt charts still use matplotlib (``<feature>/chart.py``);
both take their series, colours and labels from the same feature code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from sreplan.kernel.report.fonts import SANS, printable, register_fonts

INK = HexColor("#1f2933")
AXIS = HexColor("#3e4c59")
GRID = HexColor("#dddddd")
Tick = tuple[float, str]


@cache
def colour(hex_code: str) -> Color:
    return HexColor(hex_code)


def fit(text: str, size: float, width: float, font: str = SANS) -> str:
    """``text`` (printable) shortened with an ellipsis to fit ``width`` points."""
    text = " ".join(printable(text).split())
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid].rstrip() + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo else ""


@dataclass(frozen=True)
class LegendEntry:
    label: str
    stroke: Color | None = None
    fill: Color | None = None
    dash: tuple[float, ...] | None = None
    width: float = 1.2


class Plot:
    """A chart of ``width`` × ``height`` points whose plot area shows x0..x1 × y0..y1.

    ``left``, ``bottom``, ``right`` and ``top`` are the margins around the plot area,
    in points, for tick labels, axis labels and the title.
    """

    def __init__(self, width: float, height: float, x0: float, x1: float, y0: float,
                 y1: float, *, left: float = 46, bottom: float = 30, right: float = 10,
                 top: float = 18) -> None:
        register_fonts()
        self.width, self.height = width, height
        self.x0, self.x1 = x0, x1 if x1 != x0 else x0 + 1
        self.y0, self.y1 = y0, y1 if y1 != y0 else y0 + 1
        self.left, self.bottom = left, bottom
        self.plot_width = width - left - right
        self.plot_height = height - bottom - top
        self.back = Group()  # spans, grid
        self.data = Group()  # clipped to the plot area
        self.front = Group()  # axes, labels, legend
        self.legend_entries: list[LegendEntry] = []

    # -- coordinates ------------------------------------------------------------

    def px(self, x: float) -> float:
        return self.left + (x - self.x0) / (self.x1 - self.x0) * self.plot_width

    def py(self, y: float) -> float:
        return self.bottom + (y - self.y0) / (self.y1 - self.y0) * self.plot_height

    @property
    def top_y(self) -> float:
        return self.bottom + self.plot_height

    @property
    def right_x(self) -> float:
        return self.left + self.plot_width

    # -- data ----------------------------------------------------------------------

    def line(self, xs: Sequence[float], ys: Sequence[float], stroke: Color, *,
             width: float = 1.0, dash: tuple[float, ...] | None = None,
             label: str | None = None) -> None:
        points: list[float] = []
        for x, y in zip(xs, ys, strict=True):
            if math.isfinite(x) and math.isfinite(y):
                points += [round(self.px(x), 2), round(self.py(y), 2)]
        if len(points) >= 4:
            self.data.add(PolyLine(points, strokeColor=stroke, strokeWidth=width,
                                   strokeDashArray=list(dash) if dash else None,
                                   strokeLineJoin=1))
        if label:
            self.legend_entries.append(LegendEntry(label, stroke=stroke, dash=dash, width=width))

    def band(self, xs: Sequence[float], lo: Sequence[float], hi: Sequence[float], fill: Color,
             *, label: str | None = None) -> None:
        points = [v for x, y in zip(xs, hi, strict=True) for v in (self.px(x), self.py(y))]
        points += [v for x, y in zip(reversed(xs), reversed(lo), strict=True)
                   for v in (self.px(x), self.py(y))]
        if len(points) >= 6:
            self.data.add(Polygon([round(p, 2) for p in points], fillColor=fill,
                                  strokeColor=None, strokeWidth=0))
        if label:
            self.legend_entries.append(LegendEntry(label, fill=fill))

    def hline(self, y: float, stroke: Color, *, width: float = 1.0,
              dash: tuple[float, ...] | None = None, label: str | None = None,
              behind: bool = False) -> None:
        shape = Line(self.left, self.py(y), self.right_x, self.py(y), strokeColor=stroke,
                     strokeWidth=width, strokeDashArray=list(dash) if dash else None)
        (self.back if behind else self.data).add(shape)
        if label:
            self.legend_entries.append(LegendEntry(label, stroke=stroke, dash=dash, width=width))

    def vline(self, x: float, stroke: Color, *, width: float = 1.0,
              dash: tuple[float, ...] | None = None) -> None:
        self.data.add(Line(self.px(x), self.bottom, self.px(x), self.top_y, strokeColor=stroke,
                           strokeWidth=width, strokeDashArray=list(dash) if dash else None))

    def vspan(self, x0: float, x1: float, fill: Color) -> None:
        a, b = max(self.px(x0), self.left), min(self.px(x1), self.right_x)
        if b > a:
            self.back.add(Rect(a, self.bottom, b - a, self.plot_height, fillColor=fill,
                               strokeColor=None, strokeWidth=0))

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Color) -> None:
        a, b = self.px(x0), self.px(x1)
        c, d = self.py(y0), self.py(y1)
        self.data.add(Rect(min(a, b), min(c, d), abs(b - a), abs(d - c), fillColor=fill,
                           strokeColor=None, strokeWidth=0))

    def dot(self, x: float, y: float, fill: Color, *, radius: float = 2.5) -> None:
        self.data.add(Circle(self.px(x), self.py(y), radius, fillColor=fill,
                             strokeColor=white, strokeWidth=0.6))

    # -- text ----------------------------------------------------------------------

    def label(self, x: float, y: float, text: str, *, size: float = 7, fill: Color = INK,
              anchor: str = "start", font: str = SANS, backed: bool = False,
              most: float | None = None) -> None:
        """Text at point (x, y) (points, not data), fitted inside the plot area and, if
        given, into ``most`` points."""
        room = (self.right_x - x) if anchor == "start" else (
            x - self.left if anchor == "end" else self.plot_width)
        if most is not None:
            room = min(room, most)
        text = fit(text, size, max(room - 2, 0), font)
        if not text:
            return
        if backed:
            w = stringWidth(text, font, size)
            left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
            self.front.add(Rect(left - 1, y - size * 0.25, w + 2, size * 1.15, fillColor=white,
                                strokeColor=None, strokeWidth=0))
        self.front.add(String(x, y, text, fontName=font, fontSize=size, fillColor=fill,
                              textAnchor=anchor))

    def title(self, text: str, *, size: float = 8.5) -> None:
        lines = text.split("\n")
        y = self.height - size - 1
        for line in lines:
            self.front.add(String(self.left, y, fit(line, size, self.width - self.left),
                                  fontName=SANS, fontSize=size, fillColor=INK))
            y -= size * 1.2

    def axes(self, xticks: Sequence[Tick], yticks: Sequence[Tick], *, xlabel: str = "",
             ylabel: str = "", size: float = 7, grid: bool = True,
             box: bool = False) -> None:
        """Axis lines, ticks with labels (each fitted to its room), axis titles, grid."""
        group = self.front
        for value, text in yticks:
            y = self.py(value)
            if grid:
                self.back.add(Line(self.left, y, self.right_x, y, strokeColor=GRID,
                                   strokeWidth=0.5))
            group.add(Line(self.left - 3, y, self.left, y, strokeColor=AXIS, strokeWidth=0.6))
            group.add(String(self.left - 5, y - size * 0.35, fit(text, size, self.left - 16),
                             fontName=SANS, fontSize=size, fillColor=INK, textAnchor="end"))
        spacing = self.plot_width / max(len(xticks), 1)
        for value, text in xticks:
            x = self.px(value)
            if grid:
                self.back.add(Line(x, self.bottom, x, self.top_y, strokeColor=GRID,
                                   strokeWidth=0.5))
            group.add(Line(x, self.bottom - 3, x, self.bottom, strokeColor=AXIS,
                           strokeWidth=0.6))
            for n, part in enumerate(text.split("\n")):
                group.add(String(x, self.bottom - 4 - size * (n + 1), fit(part, size, spacing),
                                 fontName=SANS, fontSize=size, fillColor=INK,
                                 textAnchor="middle"))
        group.add(Line(self.left, self.bottom, self.right_x, self.bottom, strokeColor=AXIS,
                       strokeWidth=0.7))
        group.add(Line(self.left, self.bottom, self.left, self.top_y, strokeColor=AXIS,
                       strokeWidth=0.7))
        if box:
            group.add(Line(self.left, self.top_y, self.right_x, self.top_y, strokeColor=AXIS,
                           strokeWidth=0.7))
            group.add(Line(self.right_x, self.bottom, self.right_x, self.top_y,
                           strokeColor=AXIS, strokeWidth=0.7))
        if xlabel:
            lines = max(text.count("\n") + 1 for _, text in xticks) if xticks else 1
            group.add(String(self.left + self.plot_width / 2,
                             self.bottom - 6 - size * (lines + 1.3),
                             fit(xlabel, size + 0.5, self.plot_width), fontName=SANS,
                             fontSize=size + 0.5, fillColor=INK, textAnchor="middle"))
        if ylabel:
            text = String(0, 0, fit(ylabel, size + 0.5, self.plot_height), fontName=SANS,
                          fontSize=size + 0.5, fillColor=INK, textAnchor="middle")
            turned = Group(text)
            turned.translate(size + 2, self.bottom + self.plot_height / 2)
            turned.rotate(90)
            group.add(turned)

    def legend(self, where: str = "upper left", *, size: float = 6.5,
               max_width: float | None = None) -> None:
        """The labelled series in a white box inside the plot area (``upper left``/``right``)."""
        if not self.legend_entries:
            return
        room = max_width or self.plot_width * 0.62
        swatch, pad, step = 14.0, 3.0, size * 1.35
        texts = [fit(e.label, size, room - swatch - 3 * pad) for e in self.legend_entries]
        width = min(room, max(stringWidth(t, SANS, size) for t in texts) + swatch + 3 * pad)
        height = step * len(texts) + pad
        x = self.left + 4 if where == "upper left" else self.right_x - 4 - width
        top = self.top_y - 4
        box = Group(Rect(x, top - height, width, height, fillColor=white,
                         fillOpacity=0.9, strokeColor=GRID, strokeWidth=0.5))
        for n, (entry, text) in enumerate(zip(self.legend_entries, texts, strict=True)):
            y = top - pad - step * n - size * 0.8
            mid = y + size * 0.3
            if entry.fill is not None:
                box.add(Rect(x + pad, y - 0.5, swatch, size * 0.9, fillColor=entry.fill,
                             strokeColor=None, strokeWidth=0))
            if entry.stroke is not None:
                box.add(Line(x + pad, mid, x + pad + swatch, mid, strokeColor=entry.stroke,
                             strokeWidth=entry.width,
                             strokeDashArray=list(entry.dash) if entry.dash else None))
            box.add(String(x + swatch + 2 * pad, y, text, fontName=SANS, fontSize=size,
                           fillColor=INK))
        self.front.add(box)

    # -- result ----------------------------------------------------------------------

    def drawing(self) -> Drawing:
        drawing = Drawing(self.width, self.height)
        drawing.add(self.back)
        clip = Path(isClipPath=1, fillColor=None, strokeColor=None)
        clip.moveTo(self.left, self.bottom)
        clip.lineTo(self.right_x, self.bottom)
        clip.lineTo(self.right_x, self.top_y)
        clip.lineTo(self.left, self.top_y)
        clip.closePath()
        drawing.add(Group(clip, self.data))
        drawing.add(self.front)
        return drawing


def nice_ticks(lo: float, hi: float, most: int = 6, *, integer: bool = False) -> list[float]:
    """Round tick values covering lo..hi, at most ``most`` of them (1, 2, 2.5, 5 × 10^n)."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if integer:
            step = max(1.0, round(step))
        if (hi - lo) / step <= most - 1 + 1e-9:
            break
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def number(value: float) -> str:
    """A tick label: thousands separated, no needless decimals."""
    if abs(value) >= 10:
        return f"{value:,.0f}"
    return f"{value:g}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_ticks(first: date, last: date, most: int = 9) -> list[tuple[date, str]]:
    """Dates for ticks between ``first`` and ``last``: month starts (the year printed at
    January and at the first tick) or, for short spans, days."""
    span = (last - first).days
    if span <= 62:
        step = next(s for s in (1, 2, 7, 14, 31) if span / s <= most - 1)
        days = [first + timedelta(days=n) for n in range(0, span + 1, step)]
        return [(d, f"{d.day} {_MONTHS[d.month - 1]}") for d in days]
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next(s for s in (1, 2, 3, 4, 6, 12, 24, 60) if months / s <= most - 1)
    index = first.year * 12 + first.month - 1
    index += -index % step if step <= 12 else 0
    ticks: list[tuple[date, str]] = []
    while True:
        d = date(index // 12, index % 12 + 1, 1)
        if d > last:
            break
        if d >= first:
            label = str(d.year) if d.month == 1 or step >= 12 else _MONTHS[d.month - 1]
            ticks.append((d, label))
        index += step
    return ticks
