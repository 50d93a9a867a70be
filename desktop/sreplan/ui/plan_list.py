"""The plan list: a table model over plan ids, searchable by name, team or status."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from sreplan.kernel import Workspace
from sreplan.plans.store import PlanSummary, list_plans

_Index = QModelIndex | QPersistentModelIndex


class PlanListModel(QAbstractTableModel):
    """Rows are plans; ``reload()`` re-reads the summaries after a change."""

    COLUMNS = ("Name", "Team", "Status")

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self._ws = ws
        self._plans: list[PlanSummary] = []
        self._shown: str | None = None
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._plans = list_plans(self._ws)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._plans)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._plans):
            return None
        plan = self._plans[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (plan.name, plan.product_team, plan.status.label)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return plan.id
        if role == Qt.ItemDataRole.FontRole and plan.id == self._shown:
            font = QFont()
            font.setBold(True)  # the plan on the right, apart from the keyboard highlight
            return font
        return None

    def set_shown(self, plan_id: str | None) -> None:
        rows = [self.row_of(p) for p in (self._shown, plan_id) if p is not None]
        self._shown = plan_id
        for row in rows:
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def row_of(self, plan_id: str) -> int:
        for row, plan in enumerate(self._plans):
            if plan.id == plan_id:
                return row
        return -1


class PlanFilterModel(QSortFilterProxyModel):
    """Case-insensitive search over every column (name, team, status)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortLocaleAware(True)
