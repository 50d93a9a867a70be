"""The diagram tab: paints the same geometry as the PDF, zoomable, one component highlightable.

The geometry module (and the report font it measures with) loads only when the tab is
first shown; matplotlib is never needed. Zoom (Ctrl+wheel, or the wheel alone where
``wheel_zooms``) repaints the same geometry at another scale, so text stays sharp;
``set_highlight`` outlines the component under discussion in meeting mode.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from sreplan.architecture.lint import flagged
from sreplan.architecture.lint_triage import run_lint
from sreplan.architecture.store import load_inventory
from sreplan.architecture.ui.common import LINT_TABLES
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change, Operations

if TYPE_CHECKING:
    from sreplan.architecture.diagram import Arrow, DiagramGeometry, Text

HIGHLIGHT = "#1565c0"
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.25, 5.0)
DEFAULT_ZOOM = 1.5  # screen pixels per point: the PDF's 8 pt text at 12 px
_MARGIN = 12.0


class DiagramCanvas(QWidget):
    """Paints a :class:`DiagramGeometry` at ``zoom`` pixels per point."""

    component_clicked = Signal(str)

    def __init__(self, geometry: DiagramGeometry, zoom: float, family: str) -> None:
        super().__init__()
        self.geometry_ = geometry
        self.zoom = zoom
        self.family = family
        self.highlighted: str | None = None
        self.setAccessibleName("Architecture diagram")
        self._resize()

    def _resize(self) -> None:
        width, height = self.full_size()
        self.setFixedSize(max(1, round(width * self.zoom)), max(1, round(height * self.zoom)))

    def full_size(self) -> tuple[float, float]:
        """The drawing's size at zoom 1, margins included."""
        return self.geometry_.width + 2 * _MARGIN, self.geometry_.height + 2 * _MARGIN

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._resize()
        self.update()

    def component_at(self, x: float, y: float) -> str | None:
        px, py = x / self.zoom - _MARGIN, y / self.zoom - _MARGIN
        for box in self.geometry_.boxes:
            r = box.rect
            if r.x <= px <= r.right and r.y <= py <= r.bottom:
                return box.component_id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.component_at(event.position().x(), event.position().y())
        if found is not None:
            self.component_clicked.emit(found)
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.scale(self.zoom, self.zoom)
        painter.translate(_MARGIN, _MARGIN)
        for arrow in self.geometry_.arrows:
            self._arrow(painter, arrow)
        for box in self.geometry_.boxes:
            r = box.rect
            rect = QRectF(r.x, r.y, r.width, r.height)
            if box.component_id == self.highlighted:
                painter.setPen(QPen(QColor(HIGHLIGHT), 3.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(-4, -4, 4, 4), 6, 6)
            painter.setPen(QPen(QColor(box.border), box.border_width))
            painter.setBrush(QBrush(QColor(box.fill)))
            painter.drawRoundedRect(rect, 4, 4)
            for text in box.texts:
                self._text(painter, text)
        painter.end()

    def _arrow(self, painter: QPainter, arrow: Arrow) -> None:
        pen = QPen(QColor(arrow.colour), arrow.width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        if arrow.dashed:
            pen.setDashPattern([4 / arrow.width, 3 / arrow.width])
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(*arrow.points[0]))
        for p in arrow.points[1:]:
            path.lineTo(QPointF(*p))
        painter.drawPath(path)
        (bx, by), (tx, ty) = arrow.points[-2], arrow.points[-1]
        length = ((tx - bx) ** 2 + (ty - by) ** 2) ** 0.5 or 1.0
        ux, uy = (tx - bx) / length, (ty - by) / length
        cx, cy = tx - ux * 6, ty - uy * 6
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(arrow.colour)))
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(tx, ty),
                    QPointF(cx - uy * 2.6, cy + ux * 2.6),
                    QPointF(cx + uy * 2.6, cy - ux * 2.6),
                ]
            )
        )
        for text in arrow.label:
            self._text(painter, text)

    def _text(self, painter: QPainter, text: Text) -> None:
        font = QFont(self.family)
        font.setPixelSize(100)  # drawn at 100 px, scaled down: fractional sizes stay exact
        font.setBold(text.bold)
        painter.setFont(font)
        painter.setPen(QColor(text.colour))
        painter.save()
        painter.translate(text.x, text.y)
        painter.scale(text.size / 100, text.size / 100)
        width = painter.fontMetrics().horizontalAdvance(text.text)
        painter.drawText(QPointF(-width / 2, 0), text.text)
        painter.restore()


class DiagramView(QWidget):
    """Redraws when the inventory or the lint triage changes, only while visible.

    ``set_highlight(component_id)`` outlines one component and scrolls it into view;
    ``set_zoom``/``zoom_in``/``zoom_out``/``zoom_to_fit`` (and Ctrl+wheel) scale it;
    ``component_clicked`` says which box was clicked.
    """

    component_clicked = Signal(str)

    def __init__(self, ops: Operations, *, wheel_zooms: bool = False) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._dirty = True
        self._canvas: DiagramCanvas | None = None
        self.wheel_zooms = wheel_zooms
        self._zoom: float | None = DEFAULT_ZOOM  # None: fit the view
        self._highlight: str | None = None
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
        from sreplan.architecture.diagram import diagram_geometry

        self._dirty = False
        if self._plan_id is None:
            return
        inventory = load_inventory(self._ops.ws, self._plan_id)
        state = run_lint(self._ops.ws, self._plan_id)
        spofs, deps = flagged(list(state.untriaged + state.accepted))
        geometry = diagram_geometry(inventory, spof_ids=spofs, flagged_dependency_ids=deps)
        canvas = DiagramCanvas(geometry, DEFAULT_ZOOM, _font_family())
        canvas.highlighted = self._highlight
        canvas.component_clicked.connect(self.component_clicked)
        canvas.installEventFilter(self)
        # takeWidget() hands the old canvas to Python, which frees it when the last
        # reference goes; deleteLater() on top of that would free it twice.
        self.scroll_area.takeWidget()
        self.scroll_area.setWidget(canvas)
        self._canvas = canvas
        self._apply_zoom()
        self.caption.setText(
            f"{len(inventory.components)} components, {len(inventory.dependencies)} "
            "dependencies. Red boxes: single points of failure; red arrows: flagged by the "
            "lint; dashed: asynchronous; faint: degradable; beside a call: its timeout and "
            "retries. Ctrl+wheel zooms."
        )

    @property
    def geometry_drawn(self) -> DiagramGeometry | None:
        """What is on screen (None before the tab is first shown)."""
        return None if self._canvas is None else self._canvas.geometry_

    @property
    def figure(self) -> DiagramGeometry | None:
        """The old name of :attr:`geometry_drawn`, for callers that wait for a drawing."""
        return self.geometry_drawn

    # Zoom and highlight ----------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Screen pixels per point of the diagram now."""
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
        if self._canvas is None:
            return DEFAULT_ZOOM
        width, height = self._canvas.full_size()
        view = self.scroll_area.viewport().size()
        fit = min(view.width() / width, view.height() / height) * 0.98
        return float(min(max(fit, ZOOM_RANGE[0]), ZOOM_RANGE[1]))

    def _apply_zoom(self) -> None:
        if self._canvas is not None:
            self._canvas.set_zoom(self.zoom)
            self._show_highlight()

    @property
    def _inches(self) -> tuple[float, float]:
        """The drawing's size in inches at zoom 1 (with :attr:`_dpi`, its pixel size)."""
        width, height = (0.0, 0.0) if self._canvas is None else self._canvas.full_size()
        return width / self._dpi, height / self._dpi

    _dpi = 72.0

    def set_highlight(self, component_id: str | None) -> None:
        """Outline one component (the one under discussion); None clears it."""
        self._highlight = component_id
        if self._canvas is not None:
            self._canvas.highlighted = component_id
            self._canvas.update()
            self._show_highlight()

    @property
    def highlighted(self) -> str | None:
        """The component outlined in the drawing now, if the drawing has it."""
        canvas = self._canvas
        if (
            canvas is None
            or self._highlight is None
            or canvas.geometry_.box(self._highlight) is None
        ):
            return None
        return self._highlight

    def _show_highlight(self) -> None:
        """Scroll a zoomed-in diagram so the outlined component is in view."""
        canvas = self._canvas
        box = (
            None
            if canvas is None or self._highlight is None
            else (canvas.geometry_.box(self._highlight))
        )
        if canvas is not None and box is not None:
            r, z = box.rect, canvas.zoom
            self.scroll_area.ensureVisible(
                int((r.x + r.width / 2 + _MARGIN) * z),
                int((r.y + r.height / 2 + _MARGIN) * z),
                int(r.width * z),
                int(r.height * z),
            )

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


@cache
def _font_family() -> str:
    """The report's DejaVu Sans, so text measures in the app as in the PDF."""
    from sreplan.kernel.report.fonts import font_dir

    ident = QFontDatabase.addApplicationFont(str(font_dir() / "DejaVuSans.ttf"))
    QFontDatabase.addApplicationFont(str(font_dir() / "DejaVuSans-Bold.ttf"))
    families = QFontDatabase.applicationFontFamilies(ident) if ident >= 0 else []
    return families[0] if families else "DejaVu Sans"
