"""Charts as vector drawings: text stays text, nothing is rasterised.

The report's own charts are ReportLab drawings made with :mod:`.plot` (no
matplotlib to import): :func:`drawing_flowable` adds one, and :func:`chart` defers
a function that returns one. matplotlib figures are still accepted; two ways in:

- :func:`figure_flowable` takes a Figure the section already built.
- :func:`chart` takes a module-level chart function and its arguments
  (``chart(burn_chart, slo)``, where ``burn_chart(slo) -> Figure``). The report
  builder draws every such chart before layout, spread over worker processes
  when there are many (300 SLO charts use every core); the arguments must be
  picklable, as ``charts/`` functions' plain data arguments are.

Figures are drawn by :mod:`.mplrender` straight into a ReportLab Drawing; a
figure using something it cannot draw as vectors (images, hatches) goes the
slower way, through SVG with ``svg.fonttype='none'`` and svglib. Charts should
avoid rasterised artists (``imshow``, ``rasterized=True``): they embed images.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from sreplan.kernel.charts import quiet_missing_glyphs
from sreplan.kernel.report.document import BODY_WIDTH, is_draft, raise_if_cancelled
from sreplan.kernel.report.fonts import register_fonts

if TYPE_CHECKING:
    from concurrent.futures import Future

    from matplotlib.figure import Figure

ChartFunction = Callable[..., "Figure | Drawing"]
ChartSpec = tuple[ChartFunction, tuple[Any, ...], dict[str, Any], float, "float | None"]
# Below this many charts, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 16


def figure_flowable(
    figure: Figure, *, width: float = BODY_WIDTH, max_height: float | None = None
) -> Chart:
    """``figure`` as a vector drawing scaled to ``width`` points (and ``max_height``)."""
    raise_if_cancelled()
    register_fonts()
    drawn = Chart(_no_function, (), {}, width, max_height)
    drawn.drawing = _scaled(_figure_drawing(figure), width, max_height)
    return drawn


class Chart(Flowable):  # type: ignore[misc]
    """A chart drawn from ``function(*args, **kwargs)`` when the report is built."""

    def __init__(
        self,
        function: ChartFunction,
        args: Sequence[Any],
        kwargs: dict[str, Any],
        width: float,
        max_height: float | None,
    ) -> None:
        super().__init__()
        self.spec: ChartSpec = (function, tuple(args), dict(kwargs), width, max_height)
        self.drawing: Drawing | None = None
        self.hAlign = "CENTER"

    def resolve(self) -> Drawing:
        if self.drawing is None:
            self.drawing = render_chart(self.spec)
        return self.drawing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        drawing = self.resolve()
        self.width, self.height = drawing.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        if not is_draft(self.canv):
            self.resolve().drawOn(self.canv, 0, 0)


def chart(
    function: ChartFunction,
    *args: Any,
    width: float = BODY_WIDTH,
    max_height: float | None = None,
    **kwargs: Any,
) -> Chart:
    """A chart of ``function(*args, **kwargs)``, drawn (maybe in parallel) at build time."""
    return Chart(function, args, kwargs, width, max_height)


def drawing_flowable(
    drawing: Drawing, *, width: float = BODY_WIDTH, max_height: float | None = None
) -> Chart:
    """A ReportLab drawing (see :mod:`.plot`) as a chart of the report, fitted like a figure."""
    raise_if_cancelled()
    drawn = Chart(_no_function, (), {}, width, max_height)
    drawn.drawing = _scaled(drawing, width, max_height)
    return drawn


def render_chart(spec: ChartSpec) -> Drawing:
    """Build and draw one chart; runs in a worker process for big reports.

    The function returns a matplotlib Figure or, drawn without matplotlib, a Drawing.
    """
    function, args, kwargs, width, max_height = spec
    register_fonts()
    made = function(*args, **kwargs)
    drawing = made if isinstance(made, Drawing) else _figure_drawing(made)
    return _scaled(drawing, width, max_height)


def render_charts(
    charts: Iterable[Chart], cancelled: Callable[[], bool], progress: Callable[[int, int], None]
) -> None:
    """Draw every chart, in worker processes when there are many and cores to spare."""
    pending = [c for c in charts if c.drawing is None]
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                  else os.cpu_count() or 1, 8)
    # A frozen (PyInstaller) app would start copies of itself as workers: stay serial.
    if len(pending) < PARALLEL_THRESHOLD or workers < 2 or getattr(sys, "frozen", False):
        for done, item in enumerate(pending, start=1):
            if cancelled():
                return
            item.resolve()
            progress(done, len(pending))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: never fork the (possibly multi-threaded, Qt) parent itself.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sreplan.kernel.report.figures", "matplotlib.figure"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: list[tuple[Chart, Future[Drawing]]] = [
            (item, pool.submit(render_chart, item.spec)) for item in pending
        ]
        for done, (item, future) in enumerate(futures, start=1):
            if cancelled():
                pool.shutdown(wait=True, cancel_futures=True)
                return
            try:
                item.drawing = future.result()
            except (pickle.PicklingError, AttributeError, TypeError):
                # e.g. a chart function defined inside another: draw it here instead
                # (a real bug in the chart raises again, with its own traceback).
                item.resolve()
            progress(done, len(pending))


def _no_function() -> Figure:
    raise AssertionError("a chart made from a Figure is drawn already")


def _figure_drawing(figure: Figure) -> Drawing:
    from sreplan.kernel.report.mplrender import UnsupportedArtistError, figure_drawing

    try:
        return figure_drawing(figure)
    except UnsupportedArtistError:
        return _svg_drawing(figure)


def _svg_drawing(figure: Figure) -> Drawing:
    import matplotlib
    from svglib.svglib import svg2rlg

    from sreplan.kernel.report.fonts import register_svg_fonts

    register_svg_fonts()
    buffer = io.BytesIO()
    # Text as text (selectable, embedded font); a fixed salt gives stable ids and bytes.
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "sreplan-report"}
    ), quiet_missing_glyphs():
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    buffer.seek(0)
    drawing = svg2rlg(buffer)
    if drawing is None:  # pragma: no cover - svglib returns None only for unreadable SVG
        raise ValueError("the chart could not be converted for the report")
    return drawing


def _scaled(drawing: Drawing, width: float, max_height: float | None) -> Drawing:
    scale = width / drawing.width
    if max_height is not None and drawing.height * scale > max_height:
        scale = max_height / drawing.height
    if abs(scale - 1) < 1e-9:  # drawn at its printed size (see .plot): leave it be
        drawing.hAlign = "CENTER"
        return drawing
    drawing.scale(scale, scale)
    drawing.width *= scale
    drawing.height *= scale
    drawing.hAlign = "CENTER"
    return drawing
