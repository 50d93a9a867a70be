"""The architecture diagram for the PDF: the geometry of :mod:`.diagram` as ReportLab drawings.

Drawn at 1:1 (a point of geometry is a point on paper), so text keeps the size the
geometry gives it (8 pt or more). A diagram taller than a page is cut into pieces
between rows of boxes; a line leaving the foot of one piece resumes at the same x at
the top of the next.
"""

from __future__ import annotations

import itertools

from reportlab.graphics.shapes import Drawing, Group, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import Color, HexColor

from sreplan.architecture.diagram import LABEL_SIZE, MUTED, Arrow, DiagramGeometry, Text
from sreplan.architecture.layered import Point
from sreplan.kernel.report.fonts import SANS, SANS_BOLD, register_fonts

_ARROW_LENGTH, _ARROW_HALF_WIDTH = 6.0, 2.6
_CONTINUED = "continues on the next page ↓"
MARGIN = 3.0  # room for box borders and arrowheads at the drawing's edges
_FOOT = 14.0  # room for the "continues" line under a piece


def diagram_drawings(
    geometry: DiagramGeometry,
    *,
    max_height: float,
    first_height: float | None = None,
    max_width: float | None = None,
) -> list[Drawing]:
    """The diagram in pieces no taller than ``max_height`` (the first no taller than
    ``first_height``, when it shares its page with a heading), cut only between rows.

    Drawn 1:1 unless the geometry is wider than ``max_width``, which the layout avoids
    (it adds rows instead) and only a row crossed by some 60 long edges can force: then
    the pieces are scaled to fit rather than run off the page."""
    full_width = geometry.width + 2 * MARGIN
    scale = 1.0 if max_width is None or full_width <= max_width else max_width / full_width
    cuts = [top - 1.0 for top, _ in geometry.rows[1:]]  # just above a row
    pieces: list[tuple[float, float]] = []
    start = 0.0
    while True:
        room = (max_height if pieces or first_height is None else first_height) / scale
        if geometry.height - start + 2 * MARGIN <= room:
            break
        later = [c for c in cuts if c > start]
        if not later:
            break
        fitting = [c for c in later if c - start + _FOOT + 2 * MARGIN <= room]
        cut = fitting[-1] if fitting else later[0]
        pieces.append((start, cut))
        start = cut
    pieces.append((start, geometry.height))
    drawings = [
        _piece(geometry, top, bottom, continued=n < len(pieces) - 1)
        for n, (top, bottom) in enumerate(pieces)
    ]
    if scale < 1.0:
        for drawing in drawings:
            drawing.scale(scale, scale)
            drawing.width *= scale
            drawing.height *= scale
    return drawings


def _piece(geometry: DiagramGeometry, top: float, bottom: float, *, continued: bool) -> Drawing:
    register_fonts()
    foot = _FOOT if continued else 0.0
    height = bottom - top + 2 * MARGIN + foot
    drawing = Drawing(geometry.width + 2 * MARGIN, height)

    def at(p: Point) -> tuple[float, float]:
        return p[0] + MARGIN, height - MARGIN - (p[1] - top)

    edges, labels = Group(), Group()
    for arrow in geometry.arrows:
        for run in _clipped(arrow.points, top, bottom):
            edges.add(_line(arrow, [at(p) for p in run]))
        if arrow.points and top <= arrow.points[-1][1] <= bottom + 0.01:
            edges.add(_head(arrow, at(arrow.points[-2]), at(arrow.points[-1])))
        r = arrow.label_rect
        if r is not None and top <= r.y and r.y + r.height <= bottom:
            for line in arrow.label:
                labels.add(_string(line, at))
    boxes = Group()
    for box in geometry.boxes:
        r = box.rect
        if not top <= r.y <= bottom:
            continue
        x, y = at((r.x, r.y + r.height))
        boxes.add(
            Rect(
                x,
                y,
                r.width,
                r.height,
                rx=4,
                ry=4,
                fillColor=HexColor(box.fill),
                strokeColor=HexColor(box.border),
                strokeWidth=box.border_width,
            )
        )
        for text in box.texts:
            boxes.add(_string(text, at))
    drawing.add(edges)
    drawing.add(labels)
    drawing.add(boxes)
    if continued:
        drawing.add(
            String(
                drawing.width - MARGIN,
                3,
                _CONTINUED,
                fontName=SANS,
                fontSize=LABEL_SIZE,
                fillColor=HexColor(MUTED),
                textAnchor="end",
            )
        )
    drawing.hAlign = "CENTER"
    return drawing


def _string(text: Text, at: object) -> String:
    x, y = at((text.x, text.y))  # type: ignore[operator]
    return String(
        x,
        y,
        text.text,
        fontName=SANS_BOLD if text.bold else SANS,
        fontSize=text.size,
        fillColor=HexColor(text.colour),
        textAnchor="middle",
    )


def _line(arrow: Arrow, points: list[tuple[float, float]]) -> PolyLine:
    flat = [v for p in points for v in p]
    return PolyLine(
        flat,
        strokeColor=HexColor(arrow.colour),
        strokeWidth=arrow.width,
        strokeDashArray=[4, 3] if arrow.dashed else None,
        strokeLineJoin=1,
    )


def _head(arrow: Arrow, before: tuple[float, float], tip: tuple[float, float]) -> Polygon:
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - ux * _ARROW_LENGTH, tip[1] - uy * _ARROW_LENGTH
    colour: Color = HexColor(arrow.colour)
    return Polygon(
        [
            tip[0],
            tip[1],
            bx - uy * _ARROW_HALF_WIDTH,
            by + ux * _ARROW_HALF_WIDTH,
            bx + uy * _ARROW_HALF_WIDTH,
            by - ux * _ARROW_HALF_WIDTH,
        ],
        fillColor=colour,
        strokeColor=colour,
        strokeWidth=0.5,
    )


def _clipped(points: tuple[Point, ...], top: float, bottom: float) -> list[list[Point]]:
    """The parts of an axis-parallel polyline between ``top`` and ``bottom``."""
    runs: list[list[Point]] = []
    current: list[Point] = []
    for a, b in itertools.pairwise(points):
        lo, hi = sorted((a[1], b[1]))
        if hi < top or lo > bottom:
            if current:
                runs.append(current)
                current = []
            continue
        ca = (a[0], min(max(a[1], top), bottom))
        cb = (b[0], min(max(b[1], top), bottom))
        if current and current[-1] == ca:
            current.append(cb)
        else:
            if current:
                runs.append(current)
            current = [ca, cb]
    if current:
        runs.append(current)
    return runs
