"""The portfolio view: every plan of the workspace in one sortable, searchable table.

It is what the window shows when no plan is selected. Double-clicking a row (or
pressing Enter) opens that plan. Figures reload after any change, when shown.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sreplan.checkpoints.gates import Verdict
from sreplan.portfolio.figures import PortfolioRow, portfolio
from sreplan.portfolio.table import HEADER, cells
from sreplan.ui.operations import Change, Operations
from sreplan.ui.tones import Tone, colour, mute

_Index = QModelIndex | QPersistentModelIndex
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

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADER)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
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
            return int(self._cells[n][column])
        if column == 8:
            return -1 if row.capacity_shortfalls is None else row.capacity_shortfalls
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


class PortfolioView(QWidget):
    """Every plan's figures; ``open_plan`` carries the id of the plan to open."""

    open_plan = Signal(str)

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
        self.view = QTableView()
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
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        ops.changed.connect(self._on_changed)

    def reload(self, today: date | None = None) -> None:
        today = today or date.today()
        rows = portfolio(self._ops.ws, today)
        self.model.set_rows(rows, today)
        self.title.setText(f"Portfolio: {len(rows)} plan{'s' if len(rows) != 1 else ''}")
        self.view.resizeColumnsToContents()
        self._stale = False

    def _on_changed(self, _change: Change) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def _open(self, index: QModelIndex) -> None:
        plan_id = index.data(Qt.ItemDataRole.UserRole)
        if plan_id:
            self.open_plan.emit(str(plan_id))
