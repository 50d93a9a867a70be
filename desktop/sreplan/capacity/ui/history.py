"""Demand history: a typed and pasted table over the series, and imports off the UI thread."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sreplan.capacity import edits
from sreplan.capacity.formats.common import ImportedSeries, SeriesImportError
from sreplan.capacity.formats.series_csv import parse_timestamp, parse_value, read_csv_text
from sreplan.capacity.series_store import load_series
from sreplan.capacity.store import resource_row
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.operations import Change, Operations
from sreplan.ui.views import TableView

_Index = QModelIndex | QPersistentModelIndex
TABLE = "capacity_demand"


def push_series(ops: Operations, plan_id: str, resource_id: str, times: np.ndarray,
                values: np.ndarray, label: str) -> bool:
    """Replace a resource's history as one undoable step."""
    return ops.run(edits.set_series(plan_id, resource_id, times, values, label))


def _stamp(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, UTC)
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M:%S")


class SeriesModel(QAbstractTableModel):
    """Rows are points of the history, newest last; edits replace the series undoably."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self.resource_id: str | None = None
        self.plan_id: str | None = None
        self.unit = ""
        self.times = np.empty(0)
        self.values = np.empty(0)
        # No reset while a view commits a cell editor (Qt would commit the released
        # editor again): the reset follows once the commit is over.
        self._committing = False
        self._reload_later = QTimer(self)
        self._reload_later.setSingleShot(True)
        self._reload_later.setInterval(0)
        self._reload_later.timeout.connect(self._reload)
        ops.changed.connect(self._on_changed)

    def load(self, resource_id: str | None, plan_id: str | None) -> None:
        self.beginResetModel()
        self.resource_id, self.plan_id = resource_id, plan_id
        if resource_id:
            self.times, self.values = load_series(self._ops.ws, resource_id)
            row = resource_row(self._ops.ws, resource_id)
            self.unit = str(row["unit"]) if row else ""
        else:
            self.times, self.values = np.empty(0), np.empty(0)
        self.endResetModel()

    def _reload(self) -> None:
        if not self._ops.closed:
            self.load(self.resource_id, self.plan_id)

    def _on_changed(self, change: Change) -> None:
        if not change.touches(TABLE, "capacity_resources"):
            return
        if self._committing:
            self._reload_later.start()
        else:
            self.load(self.resource_id, self.plan_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.times)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return ("Time (UTC)", f"Demand ({self.unit})" if self.unit else "Demand")[section]
        return section + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if self._ops.read_only else base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.times):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return _stamp(float(self.times[index.row()]))
            return f"{float(self.values[index.row()]):,.6g}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.resource_id:
            return False
        times, values = self.times.copy(), self.values.copy()
        try:
            if index.column() == 0:
                times[index.row()] = parse_timestamp(str(value))
            else:
                number = parse_value(str(value))
                if not np.isfinite(number) or number < 0:
                    raise ValueError("demand must be a finite number of at least 0")
                values[index.row()] = number
        except (ValueError, OverflowError) as exc:
            self._ops.failed.emit(f"Row {index.row() + 1}: {value!r} was not stored: {exc}.")
            return False
        assert self.plan_id is not None
        self._committing = True
        try:
            stored = push_series(self._ops, self.plan_id, self.resource_id, times, values,
                                 "Edit Demand Point")
        finally:
            self._committing = False
        if stored:
            self.times, self.values = times, values  # shown now; the reload sorts them
            self.dataChanged.emit(index, index)
        return stored


class HistoryPanel(QWidget):
    """The history table with add, remove and paste; the import buttons live beside it."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self.model = SeriesModel(ops)
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Demand history")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.add_button = QPushButton("Add point")
        self.remove_button = QPushButton("Remove points")
        self.paste_button = QPushButton("Paste from spreadsheet")
        self.import_button = QPushButton("Import CSV or Prometheus JSON…")
        self.add_button.clicked.connect(self.add_point)
        self.remove_button.clicked.connect(self.remove_selected)
        self.paste_button.clicked.connect(self.paste)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.paste_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        self.empty = EmptyState(
            "No demand history yet. A forecast needs the resource's past demand: import a "
            "CSV or Prometheus JSON export, paste two columns from a spreadsheet, or type "
            "points.",
            "&Import a demand series…",
            self.import_button.click,  # the same file dialog as the button below
        )
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Paste, self.view, self.paste)
        self.model.modelReset.connect(self._summarise)

    def _summarise(self) -> None:
        n = len(self.model.times)
        self.empty.setVisible(not n and self.model.resource_id is not None)
        self.empty.set_read_only(self._ops.read_only)
        self.summary.setVisible(bool(n))
        if not n:
            self.summary.setText("No demand history yet: type points, paste two columns from a "
                                 "spreadsheet, or import a file.")
            return
        self.summary.setText(f"{n:,} points from {_stamp(float(self.model.times[0]))} to "
                             f"{_stamp(float(self.model.times[-1]))}; peak "
                             f"{float(self.model.values.max()):,.6g}.")

    def _push(self, times: np.ndarray, values: np.ndarray, label: str) -> bool:
        m = self.model
        if not m.resource_id or not m.plan_id:
            return False
        return push_series(self._ops, m.plan_id, m.resource_id, times, values, label)

    def add_point(self) -> None:
        m = self.model
        if len(m.times):
            step = float(np.median(np.diff(m.times[-10:]))) if len(m.times) > 1 else 86_400.0
            when, value = float(m.times[-1]) + step, float(m.values[-1])
        else:
            today = datetime.now(UTC).date()
            when, value = datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp(), 0
        if self._push(np.append(m.times, when), np.append(m.values, value), "Add Demand Point"):
            last = self.model.index(self.model.rowCount() - 1, 1)
            self.view.setCurrentIndex(last)
            self.view.scrollTo(last)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows:
            return
        keep = np.ones(len(self.model.times), dtype=bool)
        keep[rows] = False
        self._push(self.model.times[keep], self.model.values[keep],
                   f"Remove {len(rows)} Demand Point" + ("s" if len(rows) > 1 else ""))

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip() or not self.model.resource_id:
            return
        try:
            pasted = read_csv_text(text, source="the pasted text")
        except SeriesImportError as exc:
            self._ops.failed.emit(str(exc))
            return
        self.merge(pasted, "Paste Demand Points")

    def merge(self, series: ImportedSeries, label: str, replace: bool = False) -> bool:
        """Add the points (a pasted timestamp replaces the stored one), or replace them all."""
        if replace:
            times, values = series.times, series.values
        else:
            keep = ~np.isin(self.model.times, series.times)
            times = np.concatenate([self.model.times[keep], series.times])
            values = np.concatenate([self.model.values[keep], series.values])
        return self._push(times, values, label)
