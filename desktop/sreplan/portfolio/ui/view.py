"""The portfolio view: every plan of the workspace in one sortable, searchable table.

It is what the window shows when no plan is selected. Double-clicking a row (or
pressing Enter) opens that plan. Figures reload after any change, when shown.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sreplan.checkpoints.gates import Verdict
from sreplan.portfolio.figures import PortfolioRow, complete_row, portfolio
from sreplan.portfolio.table import HEADER, cells
from sreplan.ui import dialogs
from sreplan.ui.operations import Change, Operations
from sreplan.ui.tones import Tone, colour, mute
from sreplan.ui.views import TableView

if TYPE_CHECKING:
    from sreplan.ui.report_job import ReportJob

_Index = QModelIndex | QPersistentModelIndex
# Two-line headers keep the number columns narrow; the text is the shared HEADER's.
VIEW_HEADER = tuple(h.replace(" ", "\n", 1) if i >= 5 else h for i, h in enumerate(HEADER))
# What needs attention first; team, model and stage (columns 1-3) move to the end.
VISIBLE_FIRST = (0, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NUMERIC = {5, 6, 7, 9}


class PortfolioModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[PortfolioRow] = []
        self._cells: list[tuple[str, ...]] = []
        self.today = date.today()

    def set_rows(self, rows: list[PortfolioRow], today: date) -> None:
        self.beginResetModel()
        self.rows, self.today = rows, today
        self._cells = [cells(r, today) for r in rows]
        self.endResetModel()

    def update_row(self, n: int, row: PortfolioRow) -> None:
        self.rows[n] = row
        self._cells[n] = cells(row, self.today)
        self.dataChanged.emit(self.index(n, 0), self.index(n, len(HEADER) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADER)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return VIEW_HEADER[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[index.row()][column]
        if role == Qt.ItemDataRole.UserRole:
            return row.plan_id
        if role == SORT_ROLE:
            return self._sort_key(index.row(), column)
        if role == Qt.ItemDataRole.ForegroundRole and self._alarming(row, column):
            return colour(Tone.BAD)
        return None

    def _sort_key(self, n: int, column: int) -> object:
        row = self.rows[n]
        if column in NUMERIC:
            text = self._cells[n][column]
            return int(text) if text.isdigit() else -1
        if column == 8:
            if not row.complete or row.capacity_shortfalls is None:
                return -1
            return row.capacity_shortfalls
        if column == 10:
            return row.review_due.isoformat() if row.review_overdue and row.review_due else (
                row.next_review.isoformat() if row.next_review else "9999")
        if column == 4:
            order = {Verdict.NOT_READY: 0, Verdict.READY_WITH_RISKS: 1, Verdict.READY: 2}
            return order.get(row.gate, 3) if row.gate else 3
        return self._cells[n][column].casefold()

    @staticmethod
    def _alarming(row: PortfolioRow, column: int) -> bool:
        return (
            (column == 4 and row.gate is Verdict.NOT_READY)
            or (column == 5 and row.open_p0 > 0)
            or (column == 6 and row.overdue_actions > 0)
            or (column == 7 and row.slos_at_risk > 0)
            or (column == 8 and bool(row.capacity_shortfalls))
            or (column == 10 and row.review_overdue)
        )


def _with_details(row: PortfolioRow, done: PortfolioRow | None) -> PortfolioRow:
    """``row`` (fresh cheap columns) with the per-plan figures worked out before, if any."""
    if done is None or done.next_event_id != row.next_event_id:
        return row
    return replace(
        row,
        open_p0=done.open_p0,
        overdue_actions=done.overdue_actions,
        slos_at_risk=done.slos_at_risk,
        capacity_shortfalls=done.capacity_shortfalls,
        complete=True,
    )


class PortfolioView(QWidget):
    """Every plan's figures; ``open_plan`` carries the id of the plan to open.

    The columns a few queries give for every plan show at once; the figures that need a
    model per plan (actions, SLOs at risk, capacity) are filled in behind, a slice of
    plans per turn of the event loop, so the view opens at once and stays responsive.
    """

    open_plan = Signal(str)
    figures_ready = Signal()
    exported = Signal(str)  # what the export ended with, for the status line and tests
    SLICE_SECONDS = 0.03

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._stale = True
        self.model = PortfolioModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.hint = QLabel(
            "Every plan of the workspace. Current gate: the first phase not yet Ready. "
            "SLOs at risk: incidents spent half or more of the error budget in the current "
            "window. Double-click a plan to open it."
        )
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        mute(self.hint)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by service, team, model, stage or gate")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter portfolio")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = TableView()
        self.view.setAccessibleName("Portfolio")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Column widths from the first rows only: measuring every cell of 200 plans is slow.
        self.view.horizontalHeader().setResizeContentsPrecision(60)
        self.view.horizontalHeader().setStretchLastSection(True)
        header = self.view.horizontalHeader()
        for visual, logical in enumerate(VISIBLE_FIRST):
            header.moveSection(header.visualIndex(logical), visual)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        self.export_button = QPushButton("Export Portfolio PDF…")
        self.export_button.setToolTip("One page with every plan, for your own management")
        self.export_button.clicked.connect(self.export_pdf)
        self.export_status = QLabel()
        self.export_status.setTextFormat(Qt.TextFormat.PlainText)
        mute(self.export_status)
        self._job: ReportJob | None = None
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_status)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self._pending: list[int] = []
        # Completed rows by plan, for the day they were worked out on.
        self._details: dict[str, PortfolioRow] = {}
        self._details_day: date | None = None
        self._filler = QTimer(self)
        self._filler.setSingleShot(True)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._fill_slice)
        ops.changed.connect(self._on_changed)

    @property
    def complete(self) -> bool:
        return not self._pending

    def reload(self, today: date | None = None) -> None:
        today = today or date.today()
        if today != self._details_day:
            self._details, self._details_day = {}, today
        rows = [
            _with_details(row, self._details.get(row.plan_id))
            for row in portfolio(self._ops.ws, today, complete=False)
        ]
        self.model.set_rows(rows, today)
        self.title.setText(f"Portfolio: {len(rows)} plan{'s' if len(rows) != 1 else ''}")
        self._fit_columns()
        self._stale = False
        self._pending = [n for n, row in enumerate(rows) if not row.complete]
        self._filler.start()

    def _fit_columns(self) -> None:
        self.view.resizeColumnsToContents()
        for column in NUMERIC:  # counts need no more than their two-line header
            self.view.setColumnWidth(column, 66)

    def _fill_slice(self) -> None:
        if self._ops.closed:
            self._pending = []
            return
        started = time.perf_counter()
        ws, today = self._ops.ws, self.model.today
        while self._pending and time.perf_counter() - started < self.SLICE_SECONDS:
            n = self._pending.pop(0)
            row = complete_row(ws, self.model.rows[n], today)
            self._details[row.plan_id] = row
            self.model.update_row(n, row)
        if self._pending:
            self._filler.start()
        else:
            self._fit_columns()
            self.figures_ready.emit()

    def _on_changed(self, change: Change) -> None:
        # A change to one plan moves only that plan's figures; the others are kept.
        if change.plan_id is None:
            self._details.clear()
        else:
            self._details.pop(change.plan_id, None)
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def export_pdf(self, destination: Path | None = None) -> None:
        """Write the portfolio page in a child process (ReportLab stays out of the GUI)."""
        if self._job is not None and self._job.running:
            return
        if destination is None:
            suggestion = self._ops.ws.path.with_name(f"{self._ops.ws.path.stem} portfolio.pdf")
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export Portfolio PDF", str(suggestion), "PDF files (*.pdf)"
            )
            if not chosen:
                return
            destination = Path(chosen)
        # Imported here: the report job brings ReportLab's names, which the window must
        # not pay for when it opens on the portfolio.
        from sreplan.kernel.report.registry import Preset
        from sreplan.ui.report_job import ExportRequest, ReportJob

        request = ExportRequest("", destination, Preset.FULL, portfolio=True)
        job = ReportJob(self._ops.ws, request, self)
        job.succeeded.connect(lambda result: self._exported(f"Wrote {result.path.name}"))
        job.failed.connect(self._export_failed)
        job.cancelled.connect(lambda: self._exported("Export cancelled"))
        self._job = job
        self.export_button.setEnabled(False)
        self.export_status.setText("Exporting…")
        job.start()

    def _exported(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.export_status.setText(message)
        self.exported.emit(message)

    def _export_failed(self, message: str) -> None:
        self._exported("Export failed")
        dialogs.show_error(self, "Portfolio PDF not written", message)

    def _open(self, index: QModelIndex) -> None:
        plan_id = index.data(Qt.ItemDataRole.UserRole)
        if plan_id:
            self.open_plan.emit(str(plan_id))
