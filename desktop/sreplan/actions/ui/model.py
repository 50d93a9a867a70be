"""The tracker table: a model over the keys of the items the filter lets through.

Items are collected per source and cached; an edit re-collects only the sources whose
tables it touched (a status change re-reads one query, not the capacity outlook), then
the filter and sort run over the cached rows in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from sreplan.actions.edits import change_items
from sreplan.actions.model import ActionStatus, TrackedAction
from sreplan.actions.sources import (
    KEPT_TABLES,
    collect,
    kept_lessons,
    plan_exists,
    stale_sources,
    with_kept_lessons,
)
from sreplan.actions.store import ActionChange, ActionError
from sreplan.actions.tracker import ActionFilter, select, tie_order
from sreplan.ui.operations import Change, Operations
from sreplan.ui.tones import Tone, colour

_Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class ActionColumn:
    key: str
    title: str
    width: int


COLUMNS: tuple[ActionColumn, ...] = (
    ActionColumn("priority", "Priority", 56),
    ActionColumn("title", "Action item", 300),
    ActionColumn("source", "Source", 170),
    ActionColumn("owner", "Owner", 110),
    ActionColumn("due", "Due", 84),
    ActionColumn("status", "Status", 84),
    ActionColumn("created", "Created", 84),
    ActionColumn("closed", "Closed", 84),
)
COLUMN = {c.key: i for i, c in enumerate(COLUMNS)}
_STATUS_TONES = {
    ActionStatus.DONE: Tone.GOOD,
    ActionStatus.IN_PROGRESS: Tone.ACTIVE,
    ActionStatus.NOT_DOING: Tone.NEUTRAL,
}


_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, KEY_ROLE,
})  # fmt: skip


class ActionTableModel(QAbstractTableModel):
    reloaded = Signal()  # after every filter, sort or reload
    items_changed = Signal()  # the items themselves were read again (counts, measures)

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._by_source: dict[str, list[TrackedAction]] = {}
        self._all: list[TrackedAction] = []  # every item, in the tie-break order
        self._kept: dict[str, str] = {}  # lessons closed by their control
        self._shown: list[TrackedAction] = []
        self._rows: dict[str, int] = {}
        self._filter = ActionFilter()
        self._sort = ("priority", False)
        self.today = date.today()
        ops.changed.connect(self._on_changed)

    # State -----------------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._by_source = {} if plan_id is None else collect(self._ops.ws, plan_id)
        self._kept = {} if plan_id is None else kept_lessons(self._ops.ws, plan_id)
        self._items_read()

    def set_filter(self, where: ActionFilter) -> None:
        if where != self._filter:
            self._filter = where
            self.refilter()

    @property
    def filter(self) -> ActionFilter:
        return self._filter

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        wanted = (COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self._sort or not self._shown:  # the header asks twice per click
            self._sort = wanted
            self.refilter()

    def refilter(self) -> None:
        self.today = date.today()
        sort, descending = self._sort
        shown = select(self._all, self._filter, sort, descending, self.today, presorted=True)
        if [i.key for i in shown] == [i.key for i in self._shown] and shown:
            # Same rows in the same order (an owner or title changed): repaint only, so the
            # selection, the scroll position and an open cell editor all stay put.
            self._shown = shown
            last = self.index(len(shown) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        else:
            self.beginResetModel()
            self._shown = shown
            self._rows = {item.key: row for row, item in enumerate(shown)}
            self.endResetModel()
        self.reloaded.emit()

    def _on_changed(self, change: Change) -> None:
        if self._plan_id is None:
            return
        stale = stale_sources(change.tables)
        kept_stale = change.touches(*KEPT_TABLES)
        if not stale and not kept_stale:
            return
        if not plan_exists(self._ops.ws, self._plan_id):
            return  # the plan is gone; the window selects another one
        self._by_source.update(collect(self._ops.ws, self._plan_id, stale))
        if kept_stale:
            self._kept = kept_lessons(self._ops.ws, self._plan_id)
        self._items_read()

    def _items_read(self) -> None:
        every = [i for items in self._by_source.values() for i in items]
        self._all = tie_order(with_kept_lessons(every, self._kept))
        self.refilter()
        self.items_changed.emit()

    # Lookup ------------------------------------------------------------------------------

    def items(self) -> list[TrackedAction]:
        return self._all

    def item(self, row: int) -> TrackedAction:
        return self._shown[row]

    def row_of(self, key: str) -> int:
        return self._rows.get(key, -1)

    # Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    _FIXED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if (
            index.column() == COLUMN["title"]
            and "title" in self._shown[index.row()].editable
            and not self._ops.read_only
        ):
            return self._FIXED | Qt.ItemFlag.ItemIsEditable  # F2 renames, in its own record
        return self._FIXED

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COLUMN["title"]:
            return False
        item = self._shown[index.row()]
        title = str(value).strip()
        if title == item.title:
            return True
        try:
            edit = change_items(self._plan_id, [item], ActionChange(title=title))
        except ActionError as exc:
            self._ops.failed.emit(str(exc))
            return False
        return self._ops.run(edit)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Painting asks for a dozen roles per cell: answer the unused ones first.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        item = self._shown[index.row()]
        column = COLUMNS[index.column()].key
        if role == KEY_ROLE:
            return item.key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _display(item, column, self.today)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(item, column)
        if role == Qt.ItemDataRole.FontRole:
            if column == "title" and not item.is_open:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if column == "due" and item.overdue(self.today):
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _tooltip(self, item: TrackedAction, column: str) -> str | None:
        if column == "status" and item.reason:
            return f"{item.status.label}: {item.reason}"
        if column == "due" and item.overdue(self.today):
            return f"Overdue: due {item.due}"
        if column == "source":
            return f"{item.source} (double-click to open it)"
        return _display(item, column, self.today) or None

    def _colour(self, item: TrackedAction, column: str) -> QBrush | None:
        if item.overdue(self.today) and column in ("due", "title"):
            return QBrush(colour(Tone.BAD))  # overdue: red, and bold (FontRole)
        if column == "status":
            tone = _STATUS_TONES.get(item.status)
            return QBrush(colour(tone)) if tone else None
        if column == "priority" and item.priority.value == "P0" and item.is_open:
            return QBrush(colour(Tone.BAD))
        return None


def _display(item: TrackedAction, column: str, today: date) -> str:
    value: Any = getattr(item, column)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if column in ("priority", "status"):
        return str(value.label)
    if column == "owner" and not value:
        return "unassigned"
    return str(value)
