"""A table model over the ids of one table's records, for any feature.

The model holds only ids, in display order; rows are fetched in blocks when a
view asks for them, so thousands of records cost one small query per screen.
Edits made in a cell go through Operations (undoable, committed at once), and
the model reloads itself when a change touches its table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer

from sreplan.kernel import records
from sreplan.kernel.choices import Choice
from sreplan.ui.operations import Change, Operations
from sreplan.ui.views import two_lines

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    key: str  # the table column
    title: str
    editable: bool = True
    choice: type[Choice] | None = None  # show labels, store keys
    display: Callable[[Any], str] | None = None
    parse: Callable[[str], Any] | None = None  # raises ValueError with a message
    width: int = 0


@dataclass
class _Query:
    table: str
    where: str = "plan_id = ?"
    params: Sequence[Any] = field(default_factory=tuple)
    order_by: str = "rowid"


class _Blank(dict[str, Any]):
    """A row with nothing in it, for views still painting after their file closed."""

    def __missing__(self, key: str) -> None:
        return None


class RecordTableModel(QAbstractTableModel):
    """Rows are records of ``table`` matching ``where``; columns are :class:`Column` specs."""

    BLOCK = 200
    # Headers on two lines ("Restore\ntested"), so a wide table fits narrower columns.
    wrap_headers = False

    def __init__(
        self,
        ops: Operations,
        table: str,
        columns: Sequence[Column],
        order_by: str = "rowid",
        noun: str = "Record",
    ) -> None:
        super().__init__()
        self._ops = ops
        self._columns = list(columns)
        self._query = _Query(table, order_by=order_by)
        self._noun = noun
        self._ids: list[str] = []
        self._rows: dict[str, dict[str, Any]] = {}
        self._plan_id: str | None = None
        self.edit_error: Callable[[str], None] = ops.failed.emit
        # A reset while a view commits a cell editor leaves Qt with a released editor
        # that commits again ("commitData called with an editor that does not belong to
        # this view"): during setData the new values show at once, the reset comes after.
        self._committing = False
        self._reload_later = QTimer(self)
        self._reload_later.setSingleShot(True)
        self._reload_later.setInterval(0)
        self._reload_later.timeout.connect(self.reload)
        ops.changed.connect(self._on_changed)

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    @property
    def table(self) -> str:
        return self._query.table

    def set_plan(
        self, plan_id: str | None, where: str = "plan_id = ?", params: Sequence[Any] | None = None
    ) -> None:
        self._plan_id = plan_id
        self._query.where = where
        self._query.params = tuple(params) if params is not None else (plan_id,)
        self.reload()

    def reload(self) -> None:
        if self._ops.closed:  # a reload put off until after a commit, once the file is closed
            return
        self.beginResetModel()
        self._rows.clear()
        if self._plan_id is None:
            self._ids = []
        else:
            q = self._query
            self._ids = records.select_ids(self._ops.ws, q.table, q.where, q.params, q.order_by)
        self.endResetModel()

    def _on_changed(self, change: Change) -> None:
        if not change.touches(self._query.table):
            return
        if self._committing:
            self._rows.clear()
            if self._ids:
                last = self.index(len(self._ids) - 1, len(self._columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            self._reload_later.start()
        else:
            self.reload()

    def record_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, record_id: str) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def record(self, row: int) -> dict[str, Any]:
        if self._ops.closed:  # a header sizing to contents after the window closed
            return _Blank()
        record_id = self._ids[row]
        if record_id not in self._rows:
            block = self._ids[row : row + self.BLOCK]
            self._rows.update(records.rows_by_id(self._ops.ws, self._query.table, block))
        return self._rows[record_id]

    # Qt model interface -----------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        title = self._columns[section].title
        if role == Qt.ItemDataRole.DisplayRole:
            return two_lines(title) if self.wrap_headers else title
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return title
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._columns[index.column()].editable and not self._ops.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if self._ops.closed:  # a header sizing to contents after the window closed
            return None
        column = self._columns[index.column()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        value = self.record(index.row()).get(column.key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value if column.choice is not None else self._display(column, value)
        if role == SORT_ROLE:
            return value if isinstance(value, (int, float)) else self._display(column, value)
        return None

    @staticmethod
    def _display(column: Column, value: Any) -> str:
        if value is None:
            return ""
        if column.display is not None:
            return column.display(value)
        if column.choice is not None:
            try:
                return column.choice(value).label
            except ValueError:
                return str(value)
        return str(value)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self._columns[index.column()]
        if column.parse is not None and isinstance(value, str):
            try:
                value = column.parse(value)
            except ValueError as exc:
                self.edit_error(f"{column.title}: {exc}")
                return False
        self._committing = True
        try:
            return self._ops.set_fields(
                self._query.table,
                self._ids[index.row()],
                {column.key: value},
                f"Edit {self._noun} {column.title}",
                self._plan_id,
            )
        finally:
            self._committing = False
