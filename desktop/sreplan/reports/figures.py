"""matplotlib figures as vector drawings: text stays text, nothing is rasterised.

The figure is written as SVG with ``svg.fonttype='none'`` (text as text, not
paths) and converted by svglib into a ReportLab Drawing whose "DejaVu Sans"
text uses the embedded report font (see :mod:`.fonts`). Charts must not use
rasterised artists (``imshow``, ``rasterized=True``): those would embed images.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Drawing

from .document import BODY_WIDTH
from .fonts import register_fonts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

def figure_flowable(
    figure: Figure, *, width: float = BODY_WIDTH, max_height: float | None = None
) -> Drawing:
    """``figure`` as a vector Drawing scaled to ``width`` points (and ``max_height``)."""
    import matplotlib
    from svglib.svglib import svg2rlg

    register_fonts()
    buffer = io.BytesIO()
    # Text as text (selectable, embedded font); a fixed salt gives stable ids and bytes.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "sreplan-report"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    buffer.seek(0)
    drawing = svg2rlg(buffer)
    if drawing is None:  # pragma: no cover - svglib returns None only for unreadable SVG
        raise ValueError("the chart could not be converted for the report")
    scale = width / drawing.width
    if max_height is not None and drawing.height * scale > max_height:
        scale = max_height / drawing.height
    drawing.scale(scale, scale)
    drawing.width *= scale
    drawing.height *= scale
    drawing.hAlign = "CENTER"
    return drawing
