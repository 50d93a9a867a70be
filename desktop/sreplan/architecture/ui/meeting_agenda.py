"""Meeting mode's agenda: the items with the current one highlighted and a timer for each.

The timers count while an item is current and meeting mode is on screen; they are the
room's stopwatch, kept in memory and never written to the file (nobody typed them).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import meeting_edits, meeting_store
from sreplan.architecture.agenda import AgendaItem, component_under_discussion, elapsed_text
from sreplan.architecture.store import component_names
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import error_label, plain_label
from sreplan.ui.operations import Change, Operations
from sreplan.ui.views import TableView

Index = QModelIndex | QPersistentModelIndex
CURRENT_BACKGROUND = QColor("#ffe8a3")
DONE_FOREGROUND = QColor("#6b6b6b")


class ItemTimers:
    """Elapsed time per agenda item; only the running one moves."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._spent: dict[str, float] = {}
        self._running: str | None = None
        self._since = 0.0

    def run(self, item_id: str | None) -> None:
        """Stop the running item's timer and start ``item_id``'s (None: stop)."""
        if item_id == self._running:
            return
        self.stop()
        self._running = item_id
        self._since = self._clock()

    def stop(self) -> None:
        if self._running is not None:
            now = self._clock()
            self._spent[self._running] = self.elapsed(self._running, now)
        self._running = None

    @property
    def running(self) -> str | None:
        return self._running

    def elapsed(self, item_id: str, now: float | None = None) -> float:
        spent = self._spent.get(item_id, 0.0)
        if item_id == self._running:
            spent += (self._clock() if now is None else now) - self._since
        return spent


class AgendaModel(QAbstractTableModel):
    """Item and time, the current item bold on a highlight, done items greyed and ticked."""

    def __init__(self, timers: ItemTimers) -> None:
        super().__init__()
        self.timers = timers
        self.items: list[AgendaItem] = []

    def set_items(self, items: list[AgendaItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def tick(self) -> None:
        """Show the running timer's new value."""
        for row, item in enumerate(self.items):
            if item.id == self.timers.running:
                cell = self.index(row, 1)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == 1:
                return elapsed_text(self.timers.elapsed(item.id))
            marker = "▶ " if item.current else ("✓ " if item.done else "")
            return f"{marker}{item.title}"
        if role == Qt.ItemDataRole.FontRole and item.current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and item.current:
            return QBrush(CURRENT_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DONE_FOREGROUND if item.done and not item.current else QColor("#000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AgendaPanel(QWidget):
    """The agenda of one session: step through it, mark items done, add items."""

    def __init__(self, ops: Operations, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._ops = ops
        self.plan_id: str | None = None
        self.session_id: str | None = None
        self.timers = ItemTimers(clock)
        self.model = AgendaModel(self.timers)
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Agenda")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setShowGrid(False)
        self.view.horizontalHeader().hide()
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(lambda index: self.move_to(index.row()))
        self.empty = plain_label("No agenda yet: add items below (Ctrl+G).")
        self.empty.setWordWrap(True)
        self.component_combo = QComboBox()
        self.component_combo.setAccessibleName("Component under discussion")
        self.component_combo.activated.connect(lambda _i: self._component_chosen())
        self.add_edit = QLineEdit()
        self.add_edit.setPlaceholderText("Add an item (Ctrl+G), Enter adds")
        self.add_edit.setAccessibleName("New agenda item")
        self.add_edit.returnPressed.connect(self.add_item)
        self.error = error_label()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.model.tick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(plain_label("Component (Ctrl+K)"))
        layout.addWidget(self.component_combo)
        layout.addWidget(self.add_edit)
        layout.addWidget(self.error)
        ops.changed.connect(self._on_changed)

    # Loading -----------------------------------------------------------------------

    def set_session(self, plan_id: str | None, session_id: str | None) -> None:
        self.plan_id, self.session_id = plan_id, session_id
        self.reload()

    def reload(self) -> None:
        ws = self._ops.ws
        items = meeting_store.agenda_items(ws, self.session_id)
        self.model.set_items(items)
        self.empty.setVisible(not items)
        self.view.setVisible(bool(items))
        components = component_names(ws, self.plan_id) if self.plan_id else []
        self.component_combo.clear()
        current = self.current_item
        untied = replace(current, component_id=None) if current else None
        guess = component_under_discussion(untied, components)
        named = dict(components)
        self.component_combo.addItem(
            f"From the item’s title: {named[guess]}" if guess else "None", None
        )
        for cid, name in components:
            self.component_combo.addItem(name, cid)
        linked = current.component_id if current else None
        self.component_combo.setCurrentIndex(max(0, self.component_combo.findData(linked)))
        self.component_combo.setEnabled(current is not None and not self._ops.read_only)
        self.add_edit.setEnabled(self.session_id is not None and not self._ops.read_only)
        self._follow_current()

    def _on_changed(self, change: Change) -> None:
        if change.touches("agenda_items", "review_sessions", "components"):
            self.reload()

    @property
    def current_item(self) -> AgendaItem | None:
        return next((i for i in self.model.items if i.current), None)

    def component_under_discussion(self) -> str | None:
        ws = self._ops.ws
        names = component_names(ws, self.plan_id) if self.plan_id else []
        return component_under_discussion(self.current_item, names)

    # Timers ------------------------------------------------------------------------

    def _follow_current(self) -> None:
        current = self.current_item
        if self.isVisible():
            self.timers.run(current.id if current else None)
        if current is not None:
            self.view.scrollTo(self.model.index(self.model.items.index(current), 0))

    def resume(self) -> None:
        """Meeting mode is on screen: the current item's timer runs."""
        current = self.current_item
        self.timers.run(current.id if current else None)
        self.ticker.start()

    def pause(self) -> None:
        self.timers.stop()
        self.ticker.stop()

    # Commands ----------------------------------------------------------------------

    def move_to(self, row: int) -> bool:
        items = self.model.items
        if self.plan_id is None or self.session_id is None or not 0 <= row < len(items):
            return False
        if self._ops.read_only:  # the file cannot take it; the banner says why
            return False
        edit = meeting_edits.move_to_item(self.plan_id, self.session_id, items[row].id)
        return self._ops.run(edit)

    def step(self, delta: int) -> bool:
        """Next (+1) or previous (-1) item; from no current item, the first not done."""
        items = self.model.items
        current = self.current_item
        if current is None:
            pending = [n for n, i in enumerate(items) if not i.done]
            return self.move_to(pending[0] if pending else 0)
        return self.move_to(items.index(current) + delta)

    def toggle_done(self) -> bool:
        current = self.current_item
        if self.plan_id is None or current is None or self._ops.read_only:
            return False
        edit = meeting_edits.set_item_done(self.plan_id, current.id, not current.done)
        return self._ops.run(edit)

    def add_item(self) -> str | None:
        title = self.add_edit.text().strip()
        if self.plan_id is None or self.session_id is None:
            return None
        if not title:
            self.error.setText("Type the item, then press Enter.")
            self.error.show()
            return None
        self.error.hide()
        item_id = new_id()
        if not self._ops.run(
            meeting_edits.add_agenda_item(self.plan_id, self.session_id, item_id, title)
        ):
            return None
        self.add_edit.clear()
        return item_id

    def _component_chosen(self) -> None:
        current = self.current_item
        if self.plan_id is None or current is None:
            return
        chosen = self.component_combo.currentData()
        self._ops.run(meeting_edits.set_item_component(self.plan_id, current.id, chosen))
