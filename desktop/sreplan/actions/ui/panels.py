"""The loop's measures under the tracker, over a period the user picks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from sreplan.actions.measures import describe, measure
from sreplan.actions.model import TrackedAction
from sreplan.ui.fields import plain_label
from sreplan.ui.sections import SectionContext

PERIODS = (("Last 30 days", 30), ("Last 90 days", 90), ("Last 365 days", 365))


class LoopPanel(QWidget):
    """Refreshed by the tracker after each reload, from the items it already holds."""

    def __init__(self, ctx: SectionContext, items: Callable[[], list[TrackedAction]]) -> None:
        super().__init__()
        self._ctx = ctx
        self._items = items
        self._plan_id: str | None = None
        self.period = QComboBox()
        for label, _ in PERIODS:
            self.period.addItem(label)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(self.refresh)
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Measures of the loop")
        top = QHBoxLayout()
        top.addWidget(plain_label("Measures of the loop over"))
        top.addWidget(self.period)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.text)

    def set_plan(self, plan_id: str | None) -> None:
        """Set before the tracker reloads: its ``reloaded`` signal refreshes the measures."""
        self._plan_id = plan_id

    def refresh(self, *_args: object) -> None:
        if self._plan_id is None:
            self.text.clear()
            return
        today = date.today()
        days = PERIODS[self.period.currentIndex()][1]
        start = today - timedelta(days=days)
        m = measure(self._ctx.ops.ws, self._plan_id, start, today, today, self._items())
        self.text.setText("\n".join(describe(m)))
