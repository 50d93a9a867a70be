"""Moving around the window from the keyboard: the View menu and the shortcut list.

The View menu has one action per section (Ctrl+1 … Ctrl+9 for the first nine) and
Next/Previous Section (Ctrl+PgDown/Ctrl+PgUp, wherever focus is). The Keyboard
Shortcuts dialog is built from the window's actual QActions, so an action added
anywhere (a feature's ``MenuEntry(menu="view")`` included) is listed without
anyone keeping a list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sreplan.ui.views import TableWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget


def _clean(text: str) -> str:
    """A menu text as read aloud: mnemonics and trailing tab hints removed."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").split("\t")[0]


class SectionNavigation:
    """The View menu's section actions for ``tabs``, kept checked on the shown section."""

    def __init__(self, window: QWidget, tabs: QTabWidget, menu: QMenu) -> None:
        self._tabs = tabs
        self.group = QActionGroup(window)
        self.section_actions: list[QAction] = []
        for index in range(tabs.count()):
            title = tabs.tabText(index)
            action = QAction(f"&{index + 1} {title}" if index < 9 else title, window)
            action.setCheckable(True)
            if index < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.setStatusTip(f"Show the {title} section")
            action.triggered.connect(lambda _c=False, i=index: tabs.setCurrentIndex(i))
            self.group.addAction(action)
            menu.addAction(action)
            self.section_actions.append(action)
        menu.addSeparator()
        self.next_action = QAction("&Next Section", window)
        self.next_action.setShortcut(QKeySequence("Ctrl+PgDown"))
        self.next_action.triggered.connect(lambda: self.step(1))
        self.previous_action = QAction("&Previous Section", window)
        self.previous_action.setShortcut(QKeySequence("Ctrl+PgUp"))
        self.previous_action.triggered.connect(lambda: self.step(-1))
        for action in (self.next_action, self.previous_action):
            # Wherever focus is: a table or a field must not swallow them.
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            menu.addAction(action)
        tabs.currentChanged.connect(self._check)
        self._check(tabs.currentIndex())

    def step(self, delta: int) -> None:
        count = self._tabs.count()
        if count:
            self._tabs.setCurrentIndex((self._tabs.currentIndex() + delta) % count)

    def set_enabled(self, enabled: bool) -> None:
        """Sections exist only while a plan is shown."""
        for action in (*self.section_actions, self.next_action, self.previous_action):
            action.setEnabled(enabled)

    def _check(self, index: int) -> None:
        if 0 <= index < len(self.section_actions):
            self.section_actions[index].setChecked(True)


_TYPABLE_SPECIAL = {
    *(getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13)),
    Qt.Key.Key_Delete, Qt.Key.Key_Insert, Qt.Key.Key_Backspace, Qt.Key.Key_Return,
    Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Space,
}


def _typable(sequence: QKeySequence) -> bool:
    """Keys on an ordinary keyboard: not the media keys ("Open", "Undo", F14) that the
    platform's standard shortcuts add as alternatives."""
    if sequence.isEmpty():
        return False
    key = sequence[0].key()  # type: ignore[index]  # the stubs miss __getitem__
    return key.value < 0x01000000 or key in _TYPABLE_SPECIAL


def shortcut_rows(menu_bar: QMenuBar, extra: list[QAction]) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action with a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> Iterator[tuple[str, QAction]]:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                yield from walk(sub, f"{path} › {_clean(sub.title())}")
            elif not action.isSeparator():
                yield path, action

    found: list[tuple[str, QAction]] = []
    for top in menu_bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            found.extend(walk(menu, _clean(menu.title())))
    found.extend(("Other", a) for a in extra)
    for path, action in found:
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText)
            for k in action.shortcuts()
            if _typable(k)
        ]
        if id(action) in seen or not any(keys):
            continue
        seen.add(id(action))
        rows.append((path, _clean(action.text()), ", ".join(k for k in keys if k)))
    return rows


class ShortcutsDialog(QDialog):
    """Help › Keyboard Shortcuts: every shortcut of the window, read from its actions."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        layout = QVBoxLayout(self)
        note = QLabel(
            "Tab and Shift+Tab move between fields and tables; the arrow keys move inside "
            "a table. In the plan list, Enter or Space shows the highlighted plan."
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = TableWidget(len(rows), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the dialog lists, for tests and screen readers."""
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]
