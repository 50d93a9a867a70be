"""The plan list: a table model over plan ids, searchable by name, team or status."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

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
        return None

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
