"""The checklist table: a model over the ids of a plan's checkpoints.

Filtering and sorting are one SQL query returning ids (see
``store.checkpoint_queries``); rows are fetched in blocks when the view paints
them, so 5,000 items cost one small query per screen, not 5,000 objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from sreplan.checkpoints.model import (
    Category,
    CheckpointStatus,
    OwnerSide,
    Risk,
    WaiverReason,
    waiver_text,
)
from sreplan.checkpoints.queries import (
    CheckpointFilter,
    checkpoint_ids,
    order_columns,
    rows_by_id,
)
from sreplan.checkpoints.ui.ops import CheckpointOps
from sreplan.kernel.choices import Choice
from sreplan.ui.operations import Change
from sreplan.ui.tones import Tone, colour

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class CheckpointColumn:
    key: str  # stored column
    title: str
    sort_key: str
    choice: type[Choice] | None = None
    editable: bool = False
    width: int = 100


COLUMNS: tuple[CheckpointColumn, ...] = (
    # Widths fit a 1280-pixel window beside the plan list; the title stretches.
    CheckpointColumn("title", "Checkpoint", "title", editable=True, width=200),
    CheckpointColumn("phase_name", "Phase", "phase", width=95),
    CheckpointColumn("status", "Status", "status", CheckpointStatus, width=90),
    CheckpointColumn("risk", "Risk", "risk", Risk, editable=True, width=62),
    CheckpointColumn("owner", "Owner", "owner", editable=True, width=105),
    CheckpointColumn("owner_side", "Side", "owner_side", OwnerSide, editable=True, width=80),
    CheckpointColumn("category", "Category", "category", Category, editable=True, width=140),
    CheckpointColumn("due_date", "Due", "due_date", width=84),
    CheckpointColumn("updated_at", "Last changed", "updated_at", width=92),
)
COLUMN = {c.key: i for i, c in enumerate(COLUMNS)}

_STATUS_TONES = {
    CheckpointStatus.DONE: Tone.GOOD,
    CheckpointStatus.BLOCKED: Tone.BAD,
    CheckpointStatus.IN_PROGRESS: Tone.ACTIVE,
    CheckpointStatus.WAIVED: Tone.NEUTRAL,
    CheckpointStatus.NOT_APPLICABLE: Tone.NEUTRAL,
}


class CheckpointTableModel(QAbstractTableModel):
    """Rows are the plan's checkpoints matching the filter, in the chosen order."""

    BLOCK = 200
    reloaded = Signal()

    def __init__(self, actions: CheckpointOps) -> None:
        super().__init__()
        self._actions = actions
        self._ids: list[str] = []
        self._positions: dict[str, int] | None = None
        self._rows: dict[str, dict[str, Any]] = {}
        self._plan_id: str | None = None
        self._filter = CheckpointFilter()
        self._sort = ("phase", False)
        self._today = date.today()
        actions.ops.changed.connect(self._on_changed)

    # State -----------------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._filter = CheckpointFilter()
        self.reload()

    def set_filter(self, where: CheckpointFilter) -> None:
        if where != self._filter:
            self._filter = where
            self.reload()

    @property
    def filter(self) -> CheckpointFilter:
        return self._filter

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (COLUMNS[column].sort_key, order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def reload(self) -> None:
        """Query the ids again; rows are fetched as they are shown."""
        self.beginResetModel()
        self._rows.clear()
        self._today = date.today()
        self._ids = self._query_ids()
        self._positions = None
        self.endResetModel()
        self.reloaded.emit()

    def _on_changed(self, change: Change) -> None:
        if not change.touches("checkpoints", "phases", "plans"):
            return
        columns = change.updated_columns("checkpoints")
        if columns is not None and columns.isdisjoint(
            self._filter.columns() | order_columns(self._sort[0])
        ):
            # Only fields that neither filter nor order the rows (a status change with no
            # status filter): the same ids in the same order, so refetch and repaint just
            # the rows that changed.
            self._refresh_rows(change.row_ids("checkpoints"))
            self.reloaded.emit()
            return
        if self._query_ids() == self._ids:
            # Same rows in the same order (a status or owner change, an edit): repaint only,
            # so selection, scroll position and an open cell editor all stay put.
            self._rows.clear()
            if self._ids:
                last = self.index(len(self._ids) - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            self.reloaded.emit()
        else:
            self.reload()

    def _refresh_rows(self, ids: frozenset[str]) -> None:
        rows = sorted(r for r in (self.row_of(i) for i in ids) if r >= 0)
        cached = [i for i in ids if i in self._rows]
        if cached:
            self._rows.update(rows_by_id(self._actions.ws, cached))
        if rows:
            last = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))

    def _query_ids(self) -> list[str]:
        if self._plan_id is None:
            return []
        sort, descending = self._sort
        return checkpoint_ids(self._actions.ws, self._plan_id, self._filter, sort, descending)

    # Lookup ------------------------------------------------------------------------------

    def record_id(self, row: int) -> str:
        return self._ids[row]

    def ids(self) -> list[str]:
        return list(self._ids)

    def row_of(self, record_id: str) -> int:
        if self._positions is None:
            self._positions = {rid: i for i, rid in enumerate(self._ids)}
        return self._positions.get(record_id, -1)

    def record(self, row: int) -> dict[str, Any]:
        record_id = self._ids[row]
        if record_id not in self._rows:
            start = max(0, row - self.BLOCK // 4)
            self._rows.update(rows_by_id(self._actions.ws, self._ids[start : start + self.BLOCK]))
        return self._rows[record_id]

    # Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    _FIXED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    _EDITABLE = _FIXED | Qt.ItemFlag.ItemIsEditable

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Called for every cell of a selection: keep it to a lookup.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if COLUMNS[index.column()].editable and not self._actions.ops.read_only:
            return self._EDITABLE
        return self._FIXED

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        column = COLUMNS[index.column()]
        row = self.record(index.row())
        value = row.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value if value is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(column, row)
        struck = not CheckpointStatus(row["status"]).counts_toward_gate
        if role == Qt.ItemDataRole.FontRole and column.key == "title" and struck:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    @staticmethod
    def _display(column: CheckpointColumn, value: Any) -> str:
        if value is None:
            return ""
        if column.choice is not None:
            return column.choice(value).label
        if column.key == "updated_at":  # the date; the tooltip has the time too
            return str(value)[:10]
        return str(value)

    def _tooltip(self, column: CheckpointColumn, row: dict[str, Any]) -> str | None:
        if column.key == "title":
            return row["guidance"] or None
        if column.key == "status" and row["status"] == CheckpointStatus.WAIVED:
            reason = WaiverReason(row["waiver_reason"]) if row["waiver_reason"] else None
            return "Waived: " + waiver_text(reason, row["waiver_note"])
        if column.key == "due_date" and self._overdue(row):
            return "Overdue"
        if column.key == "updated_at" and row["updated_at"]:
            return str(row["updated_at"])[:16].replace("T", " ")
        return self._display(column, row.get(column.key)) or None

    def _overdue(self, row: dict[str, Any]) -> bool:
        due = row["due_date"]
        open_ = CheckpointStatus(row["status"]).is_open
        return bool(due) and open_ and str(due) < self._today.isoformat()

    def _colour(self, column: CheckpointColumn, row: dict[str, Any]) -> QBrush | None:
        if column.key == "status":
            tone = _STATUS_TONES.get(CheckpointStatus(row["status"]))
            return QBrush(colour(tone)) if tone else None
        if column.key == "risk" and row["risk"] == Risk.HIGH:
            return QBrush(colour(Tone.BAD))
        if column.key == "due_date" and self._overdue(row):
            return QBrush(colour(Tone.BAD))
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = COLUMNS[index.column()]
        if not column.editable:
            return False
        if isinstance(value, str) and column.choice is None:
            value = value.strip()
            if column.key == "title" and not value:
                self._actions.ops.failed.emit("A checkpoint needs a title.")
                return False
        if self.record(index.row()).get(column.key) == value:
            return True
        return self._actions.edit(
            self._ids[index.row()], {column.key: value}, f"Edit Checkpoint {column.title}"
        )
