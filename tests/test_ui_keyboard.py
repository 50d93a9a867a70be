"""The main window from the keyboard alone: Tab order, the plan list, sections, F1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from sreplan.features import create_plan, open_workspace
from sreplan.plans.store import new_plan
from sreplan.ui.main_window import MainWindow
from sreplan.ui.navigation import ShortcutsDialog
from sreplan.ui.sections import SECTIONS
from tests import badfiles
from tests.qt_helpers import answering, make_window

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = badfiles.demo_workspace(tmp_path / "demo.sreplan")
    ws = open_workspace(path)
    try:  # a second and third plan, so walking the list can pass the one shown
        for name in ("Billing", "Catalog"):
            create_plan(ws, new_plan(name))
    finally:
        ws.close()
    return path


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    # With several plans the window opens on the portfolio; these tests start on the
    # first plan of the list, as the window did before there was a portfolio.
    win.select_plan(win.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole))
    yield win
    win.close()


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_tab_enters_the_plan_table_and_leaves_it_on_the_next_tab(
    qtbot: QtBot, window: MainWindow
) -> None:
    shown = window.plan_id
    window.search.setFocus()
    qtbot.waitUntil(lambda: focused() is window.search)
    qtbot.keyClick(window.search, Qt.Key.Key_Tab)
    assert focused() is window.plan_view
    qtbot.keyClick(window.plan_view, Qt.Key.Key_Tab)
    assert focused() is window.new_plan_button
    qtbot.keyClick(window.new_plan_button, Qt.Key.Key_Backtab)
    assert focused() is window.plan_view
    qtbot.keyClick(window.plan_view, Qt.Key.Key_Backtab)
    assert focused() is window.search
    assert window.plan_id == shown, "passing through chose nothing"


def test_arrows_highlight_and_enter_or_space_shows_the_plan(
    qtbot: QtBot, window: MainWindow
) -> None:
    shown = window.plan_id
    view = window.plan_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(2):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    highlighted = view.currentIndex().data(Qt.ItemDataRole.UserRole)
    assert highlighted != shown
    assert window.plan_id == shown, "arrow keys only move the highlight"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.plan_id == highlighted
    assert window.windowTitle().startswith(window.plan_name() or "?")

    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    first = view.currentIndex().data(Qt.ItemDataRole.UserRole)
    assert first != highlighted and window.plan_id == highlighted
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.plan_id == first

    # Leaving without choosing puts the highlight back on the plan shown.
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().data(Qt.ItemDataRole.UserRole) != first
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex().data(Qt.ItemDataRole.UserRole) == first


def test_ctrl_digits_open_sections_and_ctrl_page_keys_cycle_from_a_table(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    assert window.tabs.tabText(1) == SECTIONS[1].title
    assert window.navigation.section_actions[1].isChecked()

    qtbot.keyClick(window.search, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    checklist = window.editor("checkpoints").view  # type: ignore[attr-defined]
    checklist.setFocus()
    qtbot.waitUntil(lambda: focused() is checklist)
    qtbot.keyClick(checklist, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 3
    qtbot.keyClick(focused(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    for _ in range(2):
        qtbot.keyClick(focused(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == len(SECTIONS) - 1, "it wraps around"
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0


def test_f1_lists_every_shortcut_from_the_actions(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[list[tuple[str, str, str]]] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ShortcutsDialog):
            QTimer.singleShot(10, read_and_close)
            return
        seen.append(dialog.rows())
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_F1)
    assert seen, "F1 showed no dialog"
    rows = {(menu, command): keys for menu, command, keys in seen[0]}
    assert rows[("View", f"2 {SECTIONS[1].title}")] == "Ctrl+2"
    assert rows[("View", "Next Section")] == "Ctrl+PgDown"
    assert rows[("View", "Previous Section")] == "Ctrl+PgUp"
    assert rows[("Help", "Keyboard Shortcuts")] == "F1"
    assert rows[("File", "Export Report…")] == "Ctrl+Shift+E"  # a MenuEntry, not the shell's
    assert rows[("Plan", "New Plan")] == "Ctrl+N"  # not the "New" media key
    assert len(seen[0]) == len(set(rows)), "each action once"


def test_every_table_in_every_section_lets_tab_leave(qtbot: QtBot, window: MainWindow) -> None:
    for section in SECTIONS:
        editor = window.editor(section.key)
        views = editor.findChildren(QAbstractItemView)
        assert all(not v.tabKeyNavigation() for v in views), (
            section.key, [v.accessibleName() for v in views if v.tabKeyNavigation()]
        )
    people = window.editor("overview").stakeholder_view  # type: ignore[attr-defined]
    people.setFocus()
    qtbot.waitUntil(lambda: focused() is people)
    qtbot.keyClick(people, Qt.Key.Key_Backtab)
    assert focused() is not people
    people.setFocus()
    qtbot.keyClick(people, Qt.Key.Key_Tab)
    assert focused() is not people


def test_tables_are_built_from_the_keyboard_friendly_views() -> None:
    """A bare QTableView/QTableWidget steps cell by cell on Tab; use sreplan.ui.views."""
    bare = re.compile(r"(?<![\w.])(QTableView|QTableWidget)\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "desktop" / "sreplan").rglob("*.py")
        if path.name != "views.py" and bare.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_delete_in_the_plan_list_names_the_highlighted_plan(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    view = window.plan_view
    view.setFocus()
    qtbot.waitUntil(lambda: focused() is view)
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    highlighted = view.currentIndex().siblingAtColumn(0).data(Qt.ItemDataRole.DisplayRole)
    assert window.plan_name() != highlighted
    seen: list[str] = []
    with answering("Cancel", seen):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert highlighted in seen[0], "the confirmation names the plan the user looks at"
    assert window.plan_name() == highlighted
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert int(ws.scalar("SELECT count(*) FROM plans")) == 3, "cancelled: nothing gone"
    finally:
        ws.close()
