"""The architecture diagram as the report prints it: a ReportLab drawing, no matplotlib.

The same layout (graph.layered_layout), sizes, colours, curves and legend as the
app's figure in chart.py, drawn directly: importing matplotlib alone cost a report
about 0.3 s. Names are also fitted to their box, so no text leaves it.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from reportlab.graphics.shapes import Drawing, Group, Line, Path, Polygon, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from sreplan.architecture.chart import (
    _BOX_H,
    _BOX_W,
    _X_GAP,
    _Y_GAP,
    EDGE,
    FLAG,
    KIND_COLOURS,
    _clip,
    _label,
)
from sreplan.architecture.graph import back_edges, layered_layout
from sreplan.architecture.model import CallMode, Criticality, Inventory
from sreplan.kernel.report.fonts import SANS
from sreplan.kernel.report.plot import INK, fit

BOX_EDGE = "#7a8793"
_LEGEND_BAND = 0.45 * 72  # points, as the figure's


def _faded(hex_code: str, alpha: float) -> Color:
    c = HexColor(hex_code)
    return Color(c.red, c.green, c.blue, alpha=alpha)


def architecture_drawing(
    inventory: Inventory,
    *,
    spof_ids: Collection[str] = (),
    flagged_dependency_ids: Collection[str] = (),
) -> Drawing:
    """The inventory in dependency layers; single points of failure and flagged edges red."""
    comps = sorted(inventory.components, key=lambda c: (c.name.casefold(), c.id))
    ids = [c.id for c in comps]
    known = set(ids)
    deps = [d for d in inventory.dependencies if d.source_id in known and d.target_id in known]
    pairs = [(d.source_id, d.target_id) for d in deps]
    layout = layered_layout(ids, pairs)
    width = min(18.0, max(6.5, layout.width * 1.75 + 1.0)) * 72
    height = min(24.0, max(2.6, layout.height * 1.0 + 1.1)) * 72
    drawing = Drawing(width, height)
    xy = {n: (x * _X_GAP, -y * _Y_GAP) for n, (x, y) in layout.positions.items()}
    if not xy:
        return drawing
    xs = [p[0] for p in xy.values()]
    ys = [p[1] for p in xy.values()]
    x0, x1 = min(xs) - _BOX_W / 2 - 0.2, max(xs) + _BOX_W / 2 + 0.2
    y0, y1 = min(ys) - _BOX_H / 2 - 0.15, max(ys) + _BOX_H / 2 + 0.15
    left, bottom = 0.01 * width, _LEGEND_BAND
    sx = 0.98 * width / (x1 - x0)
    sy = (height - _LEGEND_BAND - 0.02 * height) / (y1 - y0)

    def point(p: tuple[float, float]) -> tuple[float, float]:
        return left + (p[0] - x0) * sx, bottom + (p[1] - y0) * sy

    upward = back_edges(ids, pairs)
    flagged = set(flagged_dependency_ids)
    edges = Group()
    for d in deps:
        is_flagged = d.id in flagged
        start, end = (point(p) for p in _clip(xy[d.source_id], xy[d.target_id]))
        bend = 0.35 if (d.source_id, d.target_id) in upward else 0.0
        alpha = 1.0 if d.criticality is Criticality.CRITICAL else 0.55
        colour = _faded(FLAG if is_flagged else EDGE, alpha)
        lw = 1.6 if is_flagged else 0.9
        edges.add(_arrow(start, end, bend, colour, lw, dashed=d.mode is not CallMode.SYNC))
    drawing.add(edges)
    font = 8.0 if len(comps) <= 24 else 6.5
    box_w, box_h = _BOX_W * sx, _BOX_H * sy
    for c in comps:
        cx, cy = point(xy[c.id])
        spof = c.id in spof_ids
        drawing.add(Rect(cx - box_w / 2, cy - box_h / 2, box_w, box_h, rx=0.08 * sx,
                         ry=0.08 * sy, fillColor=HexColor(KIND_COLOURS[c.kind]),
                         strokeColor=HexColor(FLAG if spof else BOX_EDGE),
                         strokeWidth=2.2 if spof else 0.8))
        step = font * 1.25
        for n, text in enumerate((_label(c.name), c.kind.label)):
            drawing.add(String(cx, cy + step * (0.5 - n) - font * 0.35,
                               fit(text, font, box_w - 4), fontName=SANS, fontSize=font,
                               fillColor=INK, textAnchor="middle"))
    drawing.add(_legend(width))
    return drawing


def _arrow(start: tuple[float, float], end: tuple[float, float], bend: float, colour: Color,
           lw: float, *, dashed: bool) -> Group:
    """A line (or, for an upward edge, matplotlib's arc3 curve) with a filled head."""
    (ax, ay), (bx, by) = start, end
    # arc3: a quadratic curve whose control point sits ``bend`` × the span off the middle.
    cx, cy = (ax + bx) / 2 + bend * (by - ay), (ay + by) / 2 - bend * (bx - ax)
    tx, ty = (bx - cx, by - cy) if bend else (bx - ax, by - ay)
    length = math.hypot(tx, ty) or 1.0
    ux, uy = tx / length, ty / length
    head_len, head_half = 0.4 * 9, 0.2 * 9  # "-|>" at mutation_scale 9, as in chart.py
    hx, hy = bx - ux * head_len, by - uy * head_len  # the line stops at the head's base
    line = Path(strokeColor=colour, strokeWidth=lw, fillColor=None,
                strokeDashArray=[4 * lw, 3 * lw] if dashed else None)
    line.moveTo(ax, ay)
    if bend:
        line.curveTo(ax + 2 / 3 * (cx - ax), ay + 2 / 3 * (cy - ay),
                     hx + 2 / 3 * (cx - hx), hy + 2 / 3 * (cy - hy), hx, hy)
    else:
        line.lineTo(hx, hy)
    head = Polygon([bx, by, hx - uy * head_half, hy + ux * head_half,
                    hx + uy * head_half, hy - ux * head_half],
                   fillColor=colour, strokeColor=colour, strokeWidth=0.5)
    return Group(line, head)


def _legend(width: float) -> Group:
    size, swatch, gap = 7.0, 18.0, 14.0
    items: list[tuple[str, str]] = [("sync call", "sync"), ("async", "async"),
                                    ("flagged by lint", "flag"),
                                    ("single point of failure", "spof")]
    total = sum(swatch + 4 + stringWidth(text, SANS, size) for text, _ in items)
    total += gap * (len(items) - 1)
    x, y = (width - total) / 2, 12.0
    group = Group()
    for text, kind in items:
        mid = y + size * 0.35
        if kind == "spof":
            group.add(Rect(x, y - 1, swatch, size + 1, fillColor=white,
                           strokeColor=HexColor(FLAG), strokeWidth=2))
        else:
            group.add(Line(x, mid, x + swatch, mid,
                           strokeColor=HexColor(FLAG if kind == "flag" else EDGE),
                           strokeWidth=1.6 if kind == "flag" else 1.0,
                           strokeDashArray=[4, 3] if kind == "async" else None))
        group.add(String(x + swatch + 4, y, text, fontName=SANS, fontSize=size, fillColor=INK))
        x += swatch + 4 + stringWidth(text, SANS, size) + gap
    return group
