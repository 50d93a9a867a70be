"""The main window driven as a person would, then checked on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sreplan.features import open_workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import get_plan, list_plans
from sreplan.ui.main_window import MainWindow
from tests import badfiles
from tests.qt_helpers import answering, make_window


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return badfiles.demo_workspace(tmp_path / "demo.sreplan")


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def stored_names(path: Path) -> list[str]:
    ws = open_workspace(path, read_only=True)
    try:
        return sorted(p.name for p in list_plans(ws))
    finally:
        ws.close()


def test_create_rename_undo_redo_delete_reopen(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    overview = window.editor("overview")
    name = overview.name_edit  # type: ignore[attr-defined]
    assert name.hasFocus() or QApplication.focusWidget() is name
    assert stored_names(demo_path) == ["Checkout service", "New plan"]

    name.selectAll()
    qtbot.keyClicks(name, "Search API")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert stored_names(demo_path) == ["Checkout service", "Search API"]
    assert window.undo_action.text() == "&Undo Rename Plan"

    qtbot.keyClick(
        name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )  # one step for the typing
    assert stored_names(demo_path) == ["Checkout service", "New plan"]
    assert name.text() == "New plan"
    window.redo_action.trigger()
    assert stored_names(demo_path) == ["Checkout service", "Search API"]
    assert name.text() == "Search API"

    window.plan_view.setFocus()
    with answering("Delete"):
        window.plan_actions.delete_action.trigger()
    assert stored_names(demo_path) == ["Checkout service"]
    window.undo_action.trigger()
    assert stored_names(demo_path) == ["Checkout service", "Search API"]
    assert window.plan_name() == "Search API"

    window.close()
    again = make_window(demo_path)
    qtbot.addWidget(again)
    assert sorted(
        again.plans.data(again.plans.index(r, 0)) for r in range(again.plans.rowCount())
    ) == [
        "Checkout service",
        "Search API",
    ]
    again.close()


def test_empty_name_is_refused_at_the_field(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    overview = window.editor("overview")
    name = overview.name_edit  # type: ignore[attr-defined]
    name.selectAll()
    qtbot.keyClick(name, Qt.Key.Key_Delete)
    assert overview.name_error.isVisible()  # type: ignore[attr-defined]
    assert "needs a service or product name" in overview.name_error.text()  # type: ignore[attr-defined]
    assert stored_names(demo_path) == ["Checkout service"]


def test_target_before_start_is_refused(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    overview = window.editor("overview")
    start = get_plan(window.ws, DEMO_PLAN_ID).start_date
    assert start is not None
    target_edit = overview.target_edit  # type: ignore[attr-defined]
    _check, date_edit = target_edit.widgets()
    date_edit.setDate(date_edit.date().addYears(-5))
    assert overview.dates_error.isVisible()  # type: ignore[attr-defined]
    ws = open_workspace(demo_path, read_only=True)
    assert get_plan(ws, DEMO_PLAN_ID).target_date is not None
    assert get_plan(ws, DEMO_PLAN_ID).target_date > start  # type: ignore[operator]
    ws.close()


def test_combo_and_stakeholders_are_undoable(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    overview = window.editor("overview")
    combo = overview.status_combo  # type: ignore[attr-defined]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    ws = open_workspace(demo_path, read_only=True)
    assert get_plan(ws, DEMO_PLAN_ID).status.label == "Paused"
    ws.close()
    assert window.undo_action.text() == "&Undo Change Status"
    window.undo_action.trigger()
    assert combo.currentText() == "Active"

    people = overview.stakeholders  # type: ignore[attr-defined]
    count = people.rowCount()
    qtbot.mouseClick(overview.add_person, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert people.rowCount() == count + 1
    window.undo_action.trigger()
    assert people.rowCount() == count
    index = people.index(0, 1)
    assert people.setData(index, "Incident commander")
    assert people.data(people.index(0, 1)) == "Incident commander"
    ws = open_workspace(demo_path, read_only=True)
    assert get_plan(ws, DEMO_PLAN_ID).stakeholders[0].role == "Incident commander"
    ws.close()


def test_models_pass_modeltester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.plans)
    qtmodeltester.check(window.proxy)
    qtmodeltester.check(window.editor("overview").stakeholders)  # type: ignore[attr-defined]


def test_search_filters_by_team_and_status(qtbot: QtBot, window: MainWindow) -> None:
    window.plan_actions.new_plan()
    qtbot.keyClicks(window.search, "payments")
    assert window.proxy.rowCount() == 1
    window.search.clear()
    qtbot.keyClicks(window.search, "proposed")
    assert window.proxy.rowCount() == 1
    assert window.proxy.index(0, 0).data() == "New plan"


MARKUP = '<img src="/etc/hosts"><b>bold</b>'


def test_markup_in_names_is_shown_literally(qtbot: QtBot, window: MainWindow) -> None:
    overview = window.editor("overview")
    name = overview.name_edit  # type: ignore[attr-defined]
    name.selectAll()
    qtbot.keyClicks(name, MARKUP)
    assert window.plans.data(window.plans.index(0, 0)) == MARKUP
    assert MARKUP in window.windowTitle()
    seen: list[str] = []
    with answering(seen=seen):
        window.about()
    assert MARKUP in seen[0]
    from sreplan.ui.dialogs import show_about  # the box is plain text, never rich text

    del show_about


def test_bad_file_shows_a_dialog_and_keeps_the_workspace(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    for case, build in badfiles.REFUSED.items():
        path = build(tmp_path / f"{case}.sreplan")
        before = path.read_bytes()
        seen: list[str] = []
        with answering(seen=seen):
            assert not window.open_path(path)
        assert badfiles.EXPECTED_WORDS[case] in seen[0]
        assert path.read_bytes() == before
        assert window.plan_name() == "Checkout service"


def test_read_only_file_shows_notice(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = badfiles.demo_workspace(tmp_path / "ro.sreplan")
    path.chmod(0o444)
    assert window.open_path(path)
    assert window.banner.isVisible() and "read-only" in window.banner.text()
    assert "[read-only]" in window.windowTitle()
    assert not window.plan_actions.new_action.isEnabled()
    assert window.editor("overview").name_edit.isReadOnly()  # type: ignore[attr-defined]


def test_second_window_opens_read_only(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    second = make_window(demo_path)
    qtbot.addWidget(second)
    assert second.ws.read_only
    assert "already open" in second.banner.text()
    second.close()


def test_reopen_for_editing_once_the_other_writer_lets_go(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    """A read-only second window offers Reopen for Editing when the first one closes."""
    second = make_window(demo_path)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.ws.read_only and not second.reopen_button.isVisible()
    window.close()  # the first window lets go of the writer lock
    qtbot.waitUntil(second.reopen_button.isVisible, timeout=10_000)
    qtbot.mouseClick(second.reopen_button, Qt.MouseButton.LeftButton)
    assert not second.ws.read_only
    assert not second.banner_box.isVisible()
    overview = second.editor("overview")
    overview.name_edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(overview.name_edit, "Reopened")  # type: ignore[attr-defined]
    second.commit_pending_edit()
    second.close()
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert ws.scalar("SELECT name FROM plans") == "Reopened"
    finally:
        ws.close()


def test_drop_a_workspace_opens_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other.sreplan"
    ws = open_workspace(other, create=True)
    ws.close()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.ws.path == other
    assert window.plans.rowCount() == 0
    assert str(other) == window.recent_files()[0]


def test_duplicate_and_import(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    window.plan_actions.duplicate_plan()
    assert stored_names(demo_path) == ["Checkout service", "Checkout service (copy)"]
    window.undo_action.trigger()
    assert stored_names(demo_path) == ["Checkout service"]

    colleague = badfiles.demo_workspace(tmp_path / "colleague.sreplan")
    with answering("Keep Both"):
        window.plan_actions.import_from(colleague)
    assert stored_names(demo_path) == ["Checkout service", "Checkout service"]
    assert window.undo_action.text() == "&Undo Import Plan"
    window.undo_action.trigger()
    assert stored_names(demo_path) == ["Checkout service"]


def test_save_copy_and_status_bar(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "copy.sreplan"
    window.ws.save_copy(target)
    assert stored_names(target) == ["Checkout service"]
    assert str(window.ws.path) in window.path_label.text()
    window.plan_actions.new_plan()
    assert window.saved_label.text().startswith("All changes saved at")


def test_geometry_and_splitter_are_remembered(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    window.resize(780, 560)
    window.splitter.setSizes([300, 480])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(demo_path)
    qtbot.addWidget(again)
    again.show()
    assert again.size().width() == 780
    assert again.splitter.sizes() == sizes
    again.close()


def test_plan_id_survives_as_selection(window: MainWindow) -> None:
    assert window.plan_id == DEMO_PLAN_ID


def test_closing_while_a_cell_is_being_edited_saves_it(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    overview = window.editor("overview")
    qtbot.mouseClick(overview.add_person, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not overview.add_person  # type: ignore[attr-defined]
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Grace Hopper")
    window.close()
    ws = open_workspace(demo_path, read_only=True)
    names = [p.name for p in get_plan(ws, DEMO_PLAN_ID).stakeholders]
    ws.close()
    assert "Grace Hopper" in names
