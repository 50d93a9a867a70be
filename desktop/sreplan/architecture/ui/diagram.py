"""The diagram tab: the chart module and matplotlib load only when it is first shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from sreplan.architecture.lint import flagged
from sreplan.architecture.lint_triage import run_lint
from sreplan.architecture.store import load_inventory
from sreplan.architecture.ui.common import LINT_TABLES
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change, Operations


class DiagramView(QWidget):
    """Redraws when the inventory or the lint triage changes, only while visible."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._dirty = True
        self._canvas: Any = None
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
        dpi = figure.get_dpi()
        canvas.setFixedSize(int(width * dpi), int(height * dpi))
        # takeWidget() hands the old canvas to Python, which frees it when the last
        # reference goes; deleteLater() on top of that would free it twice.
        self.scroll_area.takeWidget()
        self.scroll_area.setWidget(canvas)
        self._canvas = canvas
        self.caption.setText(
            f"{len(inventory.components)} components, {len(inventory.dependencies)} "
            "dependencies. Red boxes: single points of failure; red arrows: flagged by the "
            "lint; dashed: asynchronous; faint: degradable."
        )

    @property
    def figure(self) -> Any:
        return None if self._canvas is None else self._canvas.figure
