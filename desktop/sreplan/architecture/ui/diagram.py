"""The diagram tab: the chart module and matplotlib load only when it is first shown.

Zoom (Ctrl+wheel, or the wheel alone where ``wheel_zooms``) redraws the same figure at
another resolution, so text stays sharp; ``set_highlight`` marks the component under
discussion in meeting mode by the figure's own ``component-<id>`` artists.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from sreplan.architecture.lint import flagged
from sreplan.architecture.lint_triage import run_lint
from sreplan.architecture.store import load_inventory
from sreplan.architecture.ui.common import LINT_TABLES
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change, Operations

HIGHLIGHT = "#1565c0"
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.25, 5.0)


class DiagramView(QWidget):
    """Redraws when the inventory or the lint triage changes, only while visible."""

    def __init__(self, ops: Operations, *, wheel_zooms: bool = False) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._dirty = True
        self._canvas: Any = None
        self.wheel_zooms = wheel_zooms
        self._zoom: float | None = 1.0  # None: fit the view
        self._inches = (0.0, 0.0)
        self._dpi = 100.0
        self._highlight: str | None = None
        self._restyle: list[tuple[Any, Any, float]] = []  # (artist, edge colour, line width)
        self.caption = plain_label("")
        self.caption.setWordWrap(True)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setAccessibleName("Architecture diagram")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll_area, 1)
        self.scroll_area.viewport().installEventFilter(self)
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._dirty = True
        if self.isVisible():
            self.redraw()

    def _on_changed(self, change: Change) -> None:
        if change.touches(*LINT_TABLES):
            self._dirty = True
            if self.isVisible():
                self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from sreplan.architecture.chart import architecture_figure

        self._dirty = False
        if self._plan_id is None:
            return
        inventory = load_inventory(self._ops.ws, self._plan_id)
        state = run_lint(self._ops.ws, self._plan_id)
        spofs, deps = flagged(list(state.untriaged + state.accepted))
        figure = architecture_figure(inventory, spof_ids=spofs, flagged_dependency_ids=deps)
        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        width, height = figure.get_size_inches()
        self._inches = (float(width), float(height))
        self._dpi = float(figure.get_dpi())
        canvas.installEventFilter(self)
        # takeWidget() hands the old canvas to Python, which frees it when the last
        # reference goes; deleteLater() on top of that would free it twice.
        self.scroll_area.takeWidget()
        self.scroll_area.setWidget(canvas)
        self._canvas = canvas
        self._restyle = []
        self._mark(self._highlight)
        self._apply_zoom()
        self.caption.setText(
            f"{len(inventory.components)} components, {len(inventory.dependencies)} "
            "dependencies. Red boxes: single points of failure; red arrows: flagged by the "
            "lint; dashed: asynchronous; faint: degradable."
        )

    @property
    def figure(self) -> Any:
        return None if self._canvas is None else self._canvas.figure

    # Zoom and highlight ----------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """The scale the diagram is drawn at now (1.0: as the report draws it)."""
        return self._zoom if self._zoom is not None else self._fit_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def zoom_to_fit(self) -> None:
        self._zoom = None
        self._apply_zoom()

    def set_zoom(self, zoom: float) -> None:
        self._zoom = min(max(zoom, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        self._apply_zoom()

    def _fit_zoom(self) -> float:
        width, height = self._inches
        if width <= 0 or height <= 0:
            return 1.0
        view = self.scroll_area.viewport().size()
        fit = min(view.width() / (width * self._dpi), view.height() / (height * self._dpi))
        return min(max(fit * 0.98, ZOOM_RANGE[0]), ZOOM_RANGE[1])

    def _apply_zoom(self) -> None:
        if self._canvas is None:
            return
        dpi = self._dpi * self.zoom
        width, height = self._inches
        self._canvas.figure.set_dpi(dpi)
        self._canvas.setFixedSize(max(1, round(width * dpi)), max(1, round(height * dpi)))
        self._canvas.figure.set_size_inches(width, height, forward=False)
        self._canvas.draw_idle()
        self._show_highlight()

    def set_highlight(self, component_id: str | None) -> None:
        """Outline one component (the one under discussion); None clears it."""
        if component_id == self._highlight:
            return
        self._highlight = component_id
        for artist, colour, width in self._restyle:
            artist.set_edgecolor(colour)
            artist.set_linewidth(width)
        self._restyle = []
        self._mark(component_id)
        if self._canvas is not None:
            self._canvas.draw_idle()
            self._show_highlight()

    def _show_highlight(self) -> None:
        """Scroll a zoomed-in diagram so the outlined component is in view."""
        for artist, _colour, _width in self._restyle[:1]:
            box = artist.get_window_extent()
            ratio = self._canvas.devicePixelRatioF() or 1.0
            x = int((box.x0 + box.x1) / 2 / ratio)
            y = int(self._canvas.height() - (box.y0 + box.y1) / 2 / ratio)
            margin = int(max(box.width, box.height) / ratio)
            self.scroll_area.ensureVisible(x, y, margin, margin)

    @property
    def highlighted(self) -> str | None:
        """The component outlined in the figure now, if the figure has it."""
        return self._highlight if self._restyle else None

    def _mark(self, component_id: str | None) -> None:
        if component_id is None or self._canvas is None:
            return
        gid = f"component-{component_id}"
        for artist in self._canvas.figure.findobj(lambda a: a.get_gid() == gid):
            if hasattr(artist, "set_edgecolor"):
                self._restyle.append((artist, artist.get_edgecolor(), artist.get_linewidth()))
                artist.set_edgecolor(HIGHLIGHT)
                artist.set_linewidth(4.5)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            assert isinstance(event, QWheelEvent)
            control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            steps = event.angleDelta().y()
            if (self.wheel_zooms or control) and steps:
                self.zoom_in() if steps > 0 else self.zoom_out()
                return True
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom is None:
            self._apply_zoom()
