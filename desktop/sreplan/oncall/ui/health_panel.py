"""Checks before go-live with their sources, and the fairness table and bar chart, for a range."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.errors import UserError
from sreplan.oncall.formats import ImportedShift, imported_fairness
from sreplan.oncall.health import DEFAULT_RANGE_WEEKS, FAIL, PASS, FairnessRow, day_range
from sreplan.oncall.model import Rotation
from sreplan.oncall.service import Evaluation, evaluate_rotation
from sreplan.oncall.ui.calendar import person_colour
from sreplan.oncall.ui.models import Column, RecordTable
from sreplan.ui.fields import DateEdit
from sreplan.ui.tones import Tone, colour
from sreplan.ui.views import TableView

_STATUS = {PASS: ("Pass", Tone.GOOD), FAIL: ("Fail", Tone.BAD), "info": ("Note", Tone.NEUTRAL)}


class _Row:
    """A fairness row with an ``id`` for the table model."""

    def __init__(self, row: FairnessRow) -> None:
        self.id = row.person_id
        self.row = row


class _Imported:
    """A row of the imported schedule's fairness, with the design's hours beside it."""

    def __init__(self, row: dict[str, Any], designed: dict[str, float]) -> None:
        self.id = str(row["person"])
        self.row = row
        hours = designed.get(self.id.casefold())
        self.designed = "not on the rotation" if hours is None else f"{hours:.1f}"


class FairnessChart(QWidget):
    """Horizontal bars per person: hours on call, the off-hours part darker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FairnessRow] = []
        self.rotation: Rotation | None = None
        self.setAccessibleName("Fairness chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rotation: Rotation, rows: list[FairnessRow]) -> None:
        self.rotation = rotation
        self.rows = rows
        self.setMinimumHeight(30 + 22 * max(1, len(rows)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(500, 30 + 22 * max(1, len(self.rows)))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        if not self.rows or self.rotation is None:
            painter.end()
            return
        metrics = QFontMetrics(self.font())
        label_w = min(180, max(metrics.horizontalAdvance(r.name) for r in self.rows) + 12)
        value_w = metrics.horizontalAdvance("0000 h") + 8
        most = max(r.hours for r in self.rows) or 1.0
        width = self.width() - label_w - value_w - 8
        text_pen = QPen(palette.text().color())
        for i, r in enumerate(self.rows):
            y = 6 + i * 22
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(4, y, label_w - 8, 18),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(r.name, Qt.TextElideMode.ElideRight, label_w - 8),
            )
            full = width * r.hours / most
            off = width * r.off_hours / most
            base = person_colour(self.rotation, r.person_id)
            painter.fillRect(QRectF(label_w, y + 2, full, 14), base.lighter(140))
            painter.fillRect(QRectF(label_w, y + 2, off, 14), base)
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(label_w + full + 4, y, value_w, 18),
                Qt.AlignmentFlag.AlignVCenter,
                f"{r.hours:.0f} h",
            )
        painter.end()


class HealthPanel(QWidget):
    """The range, the checks (with sources and findings), the fairness table and chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rotation: Rotation | None = None
        self.result: Evaluation | None = None
        self.today = date.today()
        self.from_edit = DateEdit()
        self.to_edit = DateEdit()
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self.recompute)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("From"))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel("to"))
        top.addWidget(self.to_edit)
        top.addWidget(self.note, 1)

        self.checks = QTreeWidget()
        self.checks.setAccessibleName("Checks before go-live")
        self.checks.setHeaderLabels(["Check", "Result", "Detail", "Source"])
        self.checks.setRootIsDecorated(True)
        self.checks.setWordWrap(True)
        self.checks.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.checks.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.checks.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.checks.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.checks.header().resizeSection(3, 230)

        self.fair_model = RecordTable(
            [
                Column("Person", lambda x: x.row.name),
                Column("Role", lambda x: "SRE" if x.row.role == "sre" else "Product"),
                Column("Site", lambda x: x.row.site),
                Column("Hours", lambda x: f"{x.row.hours:.1f}", align_right=True),
                Column("Shifts", lambda x: str(x.row.shifts), align_right=True),
                Column("Off-hours", lambda x: f"{x.row.off_hours:.1f}", align_right=True),
                Column("Holiday hours", lambda x: f"{x.row.holiday_hours:.1f}", align_right=True),
                Column("Share of time", lambda x: f"{x.row.share:.1f} %", align_right=True),
            ]
        )
        self.fair_view = TableView()
        self.fair_view.setModel(self.fair_model)
        self.fair_view.setAccessibleName("Fairness per person")
        self.fair_view.verticalHeader().hide()
        self.fair_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.fair_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.fair_view.horizontalHeader().setStretchLastSection(True)
        self.fair_view.verticalHeader().setDefaultSectionSize(
            self.fair_view.fontMetrics().height() + 8
        )
        self.spread = QLabel()
        self.spread.setTextFormat(Qt.TextFormat.PlainText)
        self.chart = FairnessChart()
        self.imported_name = ""
        self.imported_shifts: list[ImportedShift] = []
        self.compare_button = QPushButton("Compare with a &schedule (.ics)…")
        self.compare_title = QLabel(
            "Import a schedule exported from a paging tool to compare "
            "its fairness with this design, over the same range."
        )
        self.compare_title.setTextFormat(Qt.TextFormat.PlainText)
        self.compare_title.setWordWrap(True)
        self.compare_model = RecordTable(
            [
                Column("Person (imported)", lambda x: x.row["person"]),
                Column("Hours", lambda x: f"{x.row['hours']:.1f}", align_right=True),
                Column("Shifts", lambda x: str(x.row["shifts"]), align_right=True),
                Column("Off-hours", lambda x: f"{x.row['off_hours']:.1f}", align_right=True),
                Column("Share of time", lambda x: f"{x.row['share']:.1f} %", align_right=True),
                Column("Designed hours", lambda x: x.designed, align_right=True),
            ]
        )
        self.compare_view = TableView()
        self.compare_view.setModel(self.compare_model)
        self.compare_view.setAccessibleName("Imported schedule fairness")
        self.compare_view.verticalHeader().hide()
        self.compare_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.compare_view.horizontalHeader().setStretchLastSection(True)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Fairness")
        heading.setStyleSheet("font-weight: bold;")
        lower_layout.addWidget(heading)
        row = QHBoxLayout()
        row.addWidget(self.fair_view, 3)
        chart_box = QVBoxLayout()
        chart_box.addWidget(self.chart)
        legend = QLabel(
            "Bar: hours on call; darker part: off-hours (nights, weekends, "
            "in the person's own time zone)."
        )
        legend.setTextFormat(Qt.TextFormat.PlainText)
        legend.setWordWrap(True)
        chart_box.addWidget(legend)
        chart_box.addStretch(1)
        row.addLayout(chart_box, 2)
        lower_layout.addLayout(row, 1)
        lower_layout.addWidget(self.spread)
        compare = QWidget()
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        top_row = QHBoxLayout()
        top_row.addWidget(self.compare_title, 1)
        top_row.addWidget(self.compare_button)
        compare_layout.addLayout(top_row)
        compare_layout.addWidget(self.compare_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.checks)
        split.addWidget(lower)
        split.addWidget(compare)
        split.setSizes([200, 330, 120])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._set_range(self.today, self.today + timedelta(weeks=DEFAULT_RANGE_WEEKS, days=-1))

    def _set_range(self, first: date, last: date) -> None:
        for edit, day in ((self.from_edit, first), (self.to_edit, last)):
            blocker = edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(blocker)

    def set_range(self, first: date, last: date) -> None:
        self._set_range(first, last)
        self.recompute()

    def set_rotation(self, rotation: Rotation | None) -> None:
        self.rotation = rotation
        self.recompute()

    def set_imported(self, name: str, shifts: list[ImportedShift]) -> None:
        self.imported_name = name
        self.imported_shifts = shifts
        self._compare()

    def _compare(self) -> None:
        if not self.imported_shifts or self.result is None:
            self.compare_model.set_rows([])
            return
        start, end = self.result.schedule.start, self.result.schedule.end
        designed = {r.name.casefold(): r.hours for r in self.result.fairness.rows}
        rows = imported_fairness(self.rotation, self.imported_shifts, start, end)
        self.compare_model.set_rows([_Imported(r, designed) for r in rows])
        self.compare_title.setText(
            f"Imported schedule {self.imported_name!r}: {len(rows)} people hold its shifts "
            "in this range; the last column is the same person's hours in this design."
        )

    def recompute(self) -> None:
        self.checks.clear()
        if self.rotation is None or not self.rotation.layers:
            self.result = None
            self.fair_model.set_rows([])
            self.note.setText("Add people and a layer to check the rotation.")
            self.spread.setText("")
            return
        first = self.from_edit.date().toPython()
        last = self.to_edit.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        if last < first:
            self.note.setText("The end of the range is before its start.")
            return
        try:
            start, end = day_range(first, last, self.rotation.zone)
            self.result = evaluate_rotation(self.rotation, start, end)
        except UserError as exc:
            self.result = None
            self.note.setText(str(exc))
            return
        failing = len(self.result.failing)
        capped = " The range was capped to two years." if self.result.schedule.capped else ""
        self.note.setText(
            (f"{failing} check(s) failing." if failing else "Every check passes.") + capped
        )
        for check in self.result.checks:
            label, tone = _STATUS.get(check.status, ("?", Tone.NEUTRAL))
            item = QTreeWidgetItem([check.title, label, check.detail, check.source])
            item.setForeground(1, colour(tone))
            item.setToolTip(2, check.detail)
            item.setToolTip(3, check.source)
            for finding in check.findings:
                QTreeWidgetItem(item, ["", "", finding, ""])
            self.checks.addTopLevelItem(item)
        rows = list(self.result.fairness.rows)
        self.fair_model.set_rows([_Row(r) for r in rows])
        self.chart.set_rows(self.rotation, rows)
        self._compare()
        spread = self.result.fairness.spread
        self.spread.setText(
            "Spread of hours (most / least): "
            + ("n/a (someone has no hours)" if spread is None else f"{spread:.2f}")
        )
