"""The SLO list: a table model over SLO ids, rows fetched in blocks when shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from sreplan.kernel.durations import format_seconds, parse_duration
from sreplan.slo.error_budget import ErrorBudget
from sreplan.slo.model import SliKind, SloStatus
from sreplan.slo.store import slo_ids, slo_list_rows
from sreplan.ui.operations import Change, Operations
from sreplan.ui.record_model import ID_ROLE, SORT_ROLE

_Index = QModelIndex | QPersistentModelIndex
TABLES = ("slos", "services", "slis")


def _window(row: dict[str, Any]) -> str:
    label = parse_duration(row["time_window"]).label
    return label if row["window_rolling"] else f"{label} (calendar)"


def _budget(row: dict[str, Any]) -> float:
    return ErrorBudget(row["target"], parse_duration(row["time_window"])).bad_seconds


COLUMNS: tuple[tuple[str, Any], ...] = (
    ("SLO", lambda r: r["display_name"] or r["name"]),
    ("Service", lambda r: r["service"]),
    ("SLI kind", lambda r: SliKind(r["kind"]).label),
    ("Target", lambda r: f"{r['target']:g} %"),
    ("Window", _window),
    ("Budget", lambda r: format_seconds(_budget(r))),
    ("Owner", lambda r: r["owner"]),
    ("Status", lambda r: SloStatus(r["status"]).label),
)
_SORT_KEYS: dict[int, Any] = {3: lambda r: r["target"], 5: _budget}


class SloTableModel(QAbstractTableModel):
    """Read-only rows; the form beside the list does the editing."""

    BLOCK = 200

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._ids: list[str] = []
        self._rows: dict[str, dict[str, Any]] = {}
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._ids = slo_ids(self._ops.ws, self._plan_id) if self._plan_id else []
        self.endResetModel()

    def _on_changed(self, change: Change) -> None:
        if not change.touches(*TABLES):
            return
        ids = slo_ids(self._ops.ws, self._plan_id) if self._plan_id else []
        if ids == self._ids:
            # Same rows: refresh their cells in place, so selection and scroll stay put.
            self._rows.clear()
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(COLUMNS) - 1))
            return
        self.reload()

    def record_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, record_id: str) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def _row(self, row: int) -> dict[str, Any]:
        record_id = self._ids[row]
        if record_id not in self._rows:
            self._rows.update(slo_list_rows(self._ops.ws, self._ids[row : row + self.BLOCK]))
        return self._rows[record_id]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if self._ops.closed:  # a header sizing to contents after the window closed
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(COLUMNS[index.column()][1](self._row(index.row())))
        if role == SORT_ROLE:
            key = _SORT_KEYS.get(index.column())
            row = self._row(index.row())
            return key(row) if key else str(COLUMNS[index.column()][1](row)).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SloFilterModel(QSortFilterProxyModel):
    """Sorts by the real value (target as a number) and filters on any shown column."""

    def __init__(self, source: SloTableModel) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
