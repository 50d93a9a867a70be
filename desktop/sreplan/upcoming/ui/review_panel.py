"""The plan overview's review panel: cadence, next review (overdue in red) and good news."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel

from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import Tone, style
from sreplan.upcoming import edits
from sreplan.upcoming.review import good_news, review_status

CHOICES = (None, 1, 2, 3, 4, 6, 8, 12, 26, 52)
WATCHED = ("review_cadences", "review_sessions", "plans", "checkpoints", "phases", "incidents",
           "slos", "incident_slos")


def _choice_text(weeks: int | None) -> str:
    if weeks is None:
        return "No cadence"
    return "Every week" if weeks == 1 else f"Every {weeks} weeks"


class ReviewPanel(QGroupBox):
    def __init__(self, ctx: SectionContext) -> None:
        super().__init__("Reviews")
        self._ops = ctx.ops
        self._plan_id: str | None = None
        self.cadence = QComboBox()
        self.cadence.setAccessibleName("Review cadence")
        for weeks in CHOICES:
            self.cadence.addItem(_choice_text(weeks), weeks)
        self.cadence.activated.connect(self._chosen)
        self.status = QLabel()
        self.news = QLabel()
        for label in (self.status, self.news):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.status.setAccessibleName("Next review")
        self.news.setAccessibleName("What went well")
        self.news.setStyleSheet(style(Tone.GOOD))
        form = QFormLayout(self)
        form.addRow("Re&view cadence:", self.cadence)
        form.addRow("Next review:", self.status)
        form.addRow("What went well:", self.news)
        self.cadence.setEnabled(not self._ops.read_only)
        self._ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.refresh()

    def refresh(self) -> None:
        if self._plan_id is None:
            return
        today = date.today()
        status = review_status(self._ops.ws, self._plan_id, today)
        index = self.cadence.findData(status.every_weeks)
        if index < 0:  # a cadence this list does not offer, e.g. from a newer build
            self.cadence.addItem(_choice_text(status.every_weeks), status.every_weeks)
            index = self.cadence.count() - 1
        self.cadence.setCurrentIndex(index)
        self.status.setText(status.text(today))
        self.status.setStyleSheet(style(Tone.BAD, bold=True) if status.overdue(today) else "")
        news = good_news(self._ops.ws, self._plan_id, today)
        self.news.setText("\n".join(f"• {line}" for line in news) or "Nothing to report yet.")

    def _chosen(self, index: int) -> None:
        if self._plan_id is not None:
            self._ops.run(edits.set_review_cadence(self._plan_id, self.cadence.itemData(index)))

    def _on_changed(self, change: Change) -> None:
        if change.touches(*WATCHED):
            self.refresh()
