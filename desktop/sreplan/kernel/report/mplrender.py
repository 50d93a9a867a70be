"""A matplotlib renderer that draws a Figure straight into a ReportLab Drawing.

Much faster than writing SVG and parsing it back (the figure is drawn once,
nothing is serialised), and just as vector: paths stay paths and text stays
text in the embedded report font. Artists it does not handle (images, hatches,
Gouraud shading) raise :class:`UnsupportedArtistError`; :mod:`.figures` then falls back
to the SVG route.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from matplotlib.backend_bases import GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath
from matplotlib.transforms import IdentityTransform
from reportlab.graphics.shapes import FILL_NON_ZERO, Drawing, Group, String
from reportlab.graphics.shapes import Path as RlPath
from reportlab.lib.colors import Color

from sreplan.kernel.charts import quiet_missing_glyphs
from sreplan.kernel.report.fonts import (
    MONO,
    SANS,
    SANS_BOLD,
    SANS_BOLD_ITALIC,
    SANS_ITALIC,
    font,
    printable,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.transforms import Transform

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


class UnsupportedArtistError(Exception):
    """The figure uses something this renderer cannot draw as vectors."""


class DrawingRenderer(RendererBase):
    """Renders at 72 dpi, so matplotlib's pixels are PDF points."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self.drawing = Drawing(width, height)

    def start(self, width: float, height: float) -> None:
        """Begin a new figure (the renderer is reused: matplotlib caches text metrics per
        renderer, and tick labels repeat from chart to chart)."""
        self.width = width
        self.height = height
        self.drawing = Drawing(width, height)

    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def points_to_pixels(self, points: Any) -> Any:
        return points

    def option_image_nocomposite(self) -> bool:
        return True

    def draw_image(self, gc: Any, x: float, y: float, im: Any, transform: Any = None) -> None:
        raise UnsupportedArtistError("images")

    def draw_gouraud_triangles(self, *args: Any) -> None:
        raise UnsupportedArtistError("Gouraud shading")

    def draw_path(
        self,
        gc: GraphicsContextBase,
        path: MplPath,
        transform: Transform,
        rgbFace: Any = None,  # noqa: N803 - matplotlib's name
    ) -> None:
        if gc.get_hatch() is not None:
            raise UnsupportedArtistError("hatching")
        fill = _colour(rgbFace, gc) if rgbFace is not None else None
        stroke = _colour(gc.get_rgb(), gc) if gc.get_linewidth() > 0 else None
        if fill is None and stroke is None:
            return
        shape = _rl_path(path, transform)
        if shape is None:
            return
        shape.fillColor = fill
        shape.strokeColor = stroke
        if stroke is not None:
            shape.strokeWidth = gc.get_linewidth()
            shape.strokeLineCap = _CAPS.get(gc.get_capstyle(), 0)
            shape.strokeLineJoin = _JOINS.get(gc.get_joinstyle(), 0)
            offset, dashes = gc.get_dashes()
            pattern = [float(d) for d in dashes] if dashes is not None else []  # type: ignore[union-attr, arg-type]
            if any(pattern):
                shape.strokeDashArray = (offset, pattern) if offset else pattern
        self._add(gc, shape)

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: bool | str = False,
        mtext: Any = None,
    ) -> None:
        if ismath:  # mathtext and TeX are drawn as outlines, as matplotlib's own backends do
            self._draw_text_as_path(gc, x, y, s, prop, angle, ismath, mtext)  # type: ignore[attr-defined]
            return
        colour = _colour(gc.get_rgb(), gc)
        if colour is None or not s.strip():
            return
        text = String(0, 0, printable(s), fontName=_font(prop), fontSize=prop.get_size_in_points(),
                      fillColor=colour)
        group = Group(text)
        group.translate(x, y)
        if angle:
            group.rotate(angle)
        self._add(gc, group)

    def _add(self, gc: GraphicsContextBase, shape: Any) -> None:
        clip = _clip_shape(gc)
        self.drawing.add(Group(clip, shape) if clip is not None else shape)


def figure_drawing(figure: Figure) -> Drawing:
    """``figure`` drawn as a ReportLab Drawing the size of the figure, in points."""
    width_in, height_in = figure.get_size_inches()
    renderer = _renderer()
    renderer.start(width_in * 72.0, height_in * 72.0)
    dpi = figure.dpi
    figure.dpi = 72.0
    try:
        with quiet_missing_glyphs():
            figure.draw(renderer)
    finally:
        figure.dpi = dpi
    return renderer.drawing


_local = threading.local()


def _renderer() -> DrawingRenderer:
    """This thread's renderer (a figure is drawn on one thread at a time)."""
    if not hasattr(_local, "renderer"):
        _local.renderer = DrawingRenderer(0, 0)
    renderer: DrawingRenderer = _local.renderer
    return renderer


def _colour(rgba: Any, gc: GraphicsContextBase) -> Color | None:
    if rgba is None:
        return None
    r, g, b = rgba[0], rgba[1], rgba[2]
    alpha = gc.get_alpha() if gc.get_forced_alpha() else (rgba[3] if len(rgba) > 3 else 1.0)
    if alpha is None:
        alpha = 1.0
    if alpha <= 0:
        return None
    return Color(r, g, b, alpha=alpha)


def _font(prop: FontProperties) -> str:
    families = [f.lower() for f in prop.get_family()]
    if "monospace" in families or "dejavu sans mono" in families:
        return font(MONO)
    weight = prop.get_weight()
    bold = (weight if isinstance(weight, int) else {"semibold": 600, "demibold": 600,
            "bold": 700, "heavy": 800, "extra bold": 800, "black": 900}.get(weight, 400)) >= 600
    italic = prop.get_style() in ("italic", "oblique")
    if bold:
        return font(SANS_BOLD_ITALIC) if italic else SANS_BOLD
    return SANS_ITALIC if italic else SANS


def _rl_path(path: MplPath, transform: Transform) -> Any:
    """The path in ReportLab terms; quadratic curves become cubic ones."""
    shape = RlPath(fillMode=FILL_NON_ZERO, autoclose="svg")
    x0 = y0 = 0.0
    empty = True
    for vertices, code in path.iter_segments(transform, remove_nans=True, clip=None):
        if code == MplPath.MOVETO:
            x0, y0 = vertices[-2], vertices[-1]
            shape.moveTo(x0, y0)
        elif code == MplPath.LINETO:
            x0, y0 = vertices[-2], vertices[-1]
            shape.lineTo(x0, y0)
            empty = False
        elif code == MplPath.CURVE3:
            qx, qy, x2, y2 = vertices
            shape.curveTo(x0 + 2 / 3 * (qx - x0), y0 + 2 / 3 * (qy - y0),
                          x2 + 2 / 3 * (qx - x2), y2 + 2 / 3 * (qy - y2), x2, y2)
            x0, y0 = x2, y2
            empty = False
        elif code == MplPath.CURVE4:
            shape.curveTo(*vertices)
            x0, y0 = vertices[-2], vertices[-1]
            empty = False
        elif code == MplPath.CLOSEPOLY:
            shape.closePath()
    return None if empty else shape


def _clip_shape(gc: GraphicsContextBase) -> Any:
    """A clipping path for the gc's clip rectangle and clip path, or None."""
    rect = gc.get_clip_rectangle()
    clip_path, _ = gc.get_clip_path()
    if rect is None and clip_path is None:
        return None
    clip = RlPath(isClipPath=1, fillMode=FILL_NON_ZERO)
    if clip_path is not None:
        shape = _rl_path(clip_path.get_fully_transformed_path(), IdentityTransform())
        if shape is not None:
            clip = shape
            clip.isClipPath = 1
    elif rect is not None:
        x, y, w, h = rect.bounds
        clip.moveTo(x, y)
        clip.lineTo(x + w, y)
        clip.lineTo(x + w, y + h)
        clip.lineTo(x, y + h)
        clip.closePath()
    clip.fillColor = None
    clip.strokeColor = None
    return clip
