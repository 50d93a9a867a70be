"""The Actions section driven like a person: filter, bulk edit, undo, refusal, link back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from sreplan.actions.model import SourceKind
from sreplan.actions.ui.editor import ActionsEditor
from sreplan.checkpoints.ui.editor import CheckpointEditor
from sreplan.features import open_workspace
from sreplan.ui.main_window import MainWindow
from tests import badfiles
from tests.qt_helpers import make_window


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return badfiles.demo_workspace(tmp_path / "demo.sreplan")


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def editor(window: MainWindow) -> ActionsEditor:
    widget = window.editor("actions")
    assert isinstance(widget, ActionsEditor)
    return widget


def owners_on_disk(path: Path) -> dict[str, str]:
    """title -> owner of checkpoints and hand-added items, by a separate connection."""
    ws = open_workspace(path, read_only=True)
    try:
        rows = ws.rows("SELECT title, owner FROM checkpoints UNION ALL SELECT title, owner "
                       "FROM actions")  # fmt: skip
        return {r["title"]: r["owner"] for r in rows}
    finally:
        ws.close()


def select_rows(editor: ActionsEditor, rows: list[int]) -> None:
    model = editor.view.selectionModel()
    model.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        model.select(editor.model.index(row, 0), flags)


def test_model_passes_modeltester(qtmodeltester, editor: ActionsEditor) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(editor.model)


def test_filter_then_bulk_owner_edit_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, editor: ActionsEditor, demo_path: Path
) -> None:
    assert "open P0" in editor.summary.text()
    qtbot.keyClicks(editor.search, "checkout")
    shown = [editor.model.item(r) for r in range(editor.model.rowCount())]
    assert shown and all("checkout" in f"{i.title} {i.source}".casefold() for i in shown)
    editable = [r for r in range(editor.model.rowCount()) if editor.model.item(r).editable]
    assert len(editable) >= 2
    titles = [editor.model.item(r).title for r in editable]
    kinds = {editor.model.item(r).kind for r in editable}
    assert SourceKind.MANUAL in kinds and len(kinds) >= 2
    before = owners_on_disk(demo_path)

    select_rows(editor, editable)
    qtbot.mouseClick(editor.owner_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.owner_edit, "Robin Vale")
    qtbot.mouseClick(editor.set_owner_button, Qt.MouseButton.LeftButton)

    after = owners_on_disk(demo_path)
    assert all(after[t] == "Robin Vale" for t in titles if t in after)
    assert window.undo_action.text().startswith("&Undo Set owner of")
    window.undo_action.trigger()
    assert owners_on_disk(demo_path) == before


def test_not_doing_without_a_reason_is_refused_at_the_field(
    qtbot: QtBot, editor: ActionsEditor, demo_path: Path
) -> None:
    qtbot.keyClicks(editor.search, "runbook payment-gateway")
    assert editor.model.rowCount() == 1
    select_rows(editor, [0])
    editor.status_edit.setFocus()
    qtbot.keyClicks(editor.status_edit, "Not")  # type-ahead; a space would open the popup
    assert editor.status_edit.currentText() == "Not doing"
    qtbot.mouseClick(editor.set_status_button, Qt.MouseButton.LeftButton)
    assert "needs a written reason" in editor.error.text()
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert ws.scalar("SELECT count(*) FROM actions WHERE status = 'not_doing'") == 0
    finally:
        ws.close()
    qtbot.keyClicks(editor.reason_edit, "Covered by the new paging runbook")
    qtbot.keyClick(editor.reason_edit, Qt.Key.Key_Return)
    assert editor.error.text() == ""
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert ws.scalar("SELECT status_reason FROM actions WHERE status = 'not_doing'") == (
            "Covered by the new paging runbook"
        )
    finally:
        ws.close()


def test_a_bad_due_date_is_refused_at_the_field(qtbot: QtBot, editor: ActionsEditor) -> None:
    select_rows(editor, [0])
    qtbot.keyClicks(editor.due_edit, "next week")
    qtbot.keyClick(editor.due_edit, Qt.Key.Key_Return)
    assert "YYYY-MM-DD" in editor.error.text()


def test_double_click_opens_the_checkpoint_in_the_checklist(
    qtbot: QtBot, window: MainWindow, editor: ActionsEditor
) -> None:
    qtbot.keyClicks(editor.search, "Load test confirms capacity")
    assert editor.model.rowCount() == 1
    item = editor.model.item(0)
    rect = editor.view.visualRect(editor.model.index(0, 1))
    viewport = editor.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    checklist = window.editor("checkpoints")
    assert isinstance(checklist, CheckpointEditor)
    assert window.tabs.currentWidget().isAncestorOf(checklist)
    assert checklist.current_id() == item.record_id


def test_adding_an_item_by_hand(qtbot: QtBot, editor: ActionsEditor, demo_path: Path) -> None:
    qtbot.keyClicks(editor.new_title, "Review the paging policy with product")
    qtbot.keyClick(editor.new_title, Qt.Key.Key_Return)
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert ws.scalar("SELECT priority FROM actions WHERE title LIKE 'Review the paging%'") == (
            "P1"
        )
    finally:
        ws.close()
    assert editor.model.row_of(
        next(i.key for i in editor.model.items() if i.title.startswith("Review the paging"))
    ) >= 0


def test_a_postmortem_lesson_becomes_a_checklist_item_in_one_step(
    qtbot: QtBot, window: MainWindow, editor: ActionsEditor, demo_path: Path
) -> None:
    qtbot.keyClicks(editor.search, "Automate orders database failover")
    assert editor.model.rowCount() == 1
    select_rows(editor, [0])
    editor.pages.setCurrentWidget(editor.control_page)
    page = editor.control_page
    assert page.kind.currentText() == "Checklist item"
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == ""
    assert "Became checklist item" in page.links.text()
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert ws.scalar(
            "SELECT count(*) FROM checkpoints WHERE title = "
            "'Automate orders database failover and rehearse it quarterly'"
        ) == 1
        assert ws.scalar("SELECT control_kind FROM lesson_controls WHERE lesson_kind = "
                         "'postmortem' ORDER BY rowid DESC LIMIT 1") == "checkpoint"  # fmt: skip
    finally:
        ws.close()
    window.undo_action.trigger()  # one step back: the item and the link both go
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert ws.scalar(
            "SELECT count(*) FROM checkpoints WHERE title = "
            "'Automate orders database failover and rehearse it quarterly'"
        ) == 0
    finally:
        ws.close()


def test_a_condition_cannot_become_a_control(qtbot: QtBot, editor: ActionsEditor) -> None:
    editor.source_filter.setCurrentIndex(editor.source_filter.findData("capacity"))
    select_rows(editor, [0])
    qtbot.mouseClick(editor.control_page.create_button, Qt.MouseButton.LeftButton)
    assert "condition, not a lesson" in editor.control_page.error.text()


def test_naming_evidence_shows_the_contradiction(
    qtbot: QtBot, editor: ActionsEditor, demo_path: Path
) -> None:
    page = editor.evidence_page
    editor.pages.setCurrentWidget(page)
    page.item.setCurrentIndex(page.item.findText("Deployments are automated and repeatable"))
    page.kind.setCurrentIndex(page.kind.findData("adr"))
    page.record.setCurrentIndex(page.record.findText(
        "ADR-0002 Put a circuit breaker around the payment provider"))  # fmt: skip
    qtbot.mouseClick(page.link_button, Qt.MouseButton.LeftButton)
    assert "“Deployments are automated and repeatable” is Done" in page.found.text()


def test_f2_renames_a_hand_added_item_in_its_own_table(
    qtbot: QtBot, window: MainWindow, editor: ActionsEditor, demo_path: Path
) -> None:
    qtbot.keyClicks(editor.search, "handover")
    assert editor.model.rowCount() == 1
    editor.view.setFocus()
    editor.view.setCurrentIndex(editor.model.index(0, 1))
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    line = editor.view.viewport().findChild(QLineEdit)  # the cell editor F2 opened
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "Agree the on-call handover with payments and fraud")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.State.EditingState)
    ws = open_workspace(demo_path, read_only=True)
    try:
        assert ws.scalar("SELECT count(*) FROM actions WHERE title = "
                         "'Agree the on-call handover with payments and fraud'") == 1  # fmt: skip
    finally:
        ws.close()
