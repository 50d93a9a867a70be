"""The checkpoint editor driven from the keyboard and mouse, then checked on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from sreplan.checkpoints.model import CheckpointStatus, Risk
from sreplan.checkpoints.store import list_checkpoints
from sreplan.checkpoints.ui.dialogs import WaiverDialog
from sreplan.checkpoints.ui.editor import CheckpointEditor
from sreplan.features import open_workspace
from sreplan.plans.demo import DEMO_PLAN_ID
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


@pytest.fixture
def editor(window: MainWindow) -> CheckpointEditor:
    widget = window.editor("checkpoints")
    assert isinstance(widget, CheckpointEditor)
    return widget


def on_disk(path: Path) -> dict[str, tuple[str, str, str]]:
    """title -> (status, owner, updated_at), read from the file by a separate connection."""
    ws = open_workspace(path, read_only=True)
    try:
        return {
            c.title: (c.status.value, c.owner, c.updated_at)
            for c in list_checkpoints(ws, DEMO_PLAN_ID)
        }
    finally:
        ws.close()


def select_rows(editor: CheckpointEditor, rows: list[int]) -> None:
    model = editor.view.selectionModel()
    model.clearSelection()
    for row in rows:
        model.select(
            editor.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    first = editor.model.index(rows[0], 0)
    model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)


def test_models_pass_modeltester(qtmodeltester, editor: CheckpointEditor) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(editor.model)
    editor.search.setText("capacity")
    qtmodeltester.check(editor.model)


def test_bulk_owner_change_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, editor: CheckpointEditor, demo_path: Path
) -> None:
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(4):
        qtbot.keyClick(editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(editor.selected_ids()) == 5
    titles = [editor.model.record(r)["title"] for r in range(5)]

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        edit = dialog.findChild(QLineEdit)  # type: ignore[union-attr]
        edit.setText("Jordan Lee")
        dialog.accept()  # type: ignore[union-attr]

    QTimer.singleShot(0, answer)
    editor.owner_button.click()
    stored = on_disk(demo_path)
    assert all(stored[t][1] == "Jordan Lee" for t in titles)
    assert window.undo_action.text() == "&Undo Set Owner of 5 Checkpoints"
    assert len(editor.selected_ids()) == 5, "the selection survives the refresh"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = on_disk(demo_path)
    assert all(restored[t][1] != "Jordan Lee" for t in titles)
    window.redo_action.trigger()
    assert all(on_disk(demo_path)[t][1] == "Jordan Lee" for t in titles)


def test_space_cycles_status_of_selection_and_undo_restores_each(
    qtbot: QtBot, window: MainWindow, editor: CheckpointEditor, demo_path: Path
) -> None:
    before = on_disk(demo_path)
    select_rows(editor, [3, 16])  # In progress and Not started
    editor.view.setFocus()
    first = editor.model.record(3)["title"]
    second = editor.model.record(16)["title"]
    assert (before[first][0], before[second][0]) == ("in_progress", "not_started")
    qtbot.keyClick(editor.view, Qt.Key.Key_Space)
    after = on_disk(demo_path)
    assert after[first][0] == after[second][0] == "done"
    assert after[first][2] > before[first][2], "last changed is stamped"
    assert "High-risk" in " ".join(editor.gates.rules)
    window.undo_action.trigger()
    assert on_disk(demo_path) == before


def test_waived_asks_for_a_reason_and_cancel_changes_nothing(
    qtbot: QtBot, editor: CheckpointEditor, demo_path: Path
) -> None:
    before = on_disk(demo_path)
    select_rows(editor, [0, 1])

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WaiverDialog)
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.reject()

    QTimer.singleShot(0, cancel)
    editor.status_actions[CheckpointStatus.WAIVED].trigger()
    assert on_disk(demo_path) == before

    def waive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WaiverDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.note.setText("Owned by the platform team")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, waive)
    editor.status_actions[CheckpointStatus.WAIVED].trigger()
    stored = on_disk(demo_path)
    titles = [editor.model.record(r)["title"] for r in (0, 1)]
    assert all(stored[t][0] == "waived" for t in titles)
    ws = open_workspace(demo_path, read_only=True)
    try:
        notes = {c.waiver_note for c in list_checkpoints(ws, DEMO_PLAN_ID) if c.title in titles}
    finally:
        ws.close()
    assert notes == {"Owned by the platform team"}


def test_filters_and_search_narrow_the_table(qtbot: QtBot, editor: CheckpointEditor) -> None:
    assert editor.model.rowCount() == 18
    editor.risk_filter.setCurrentIndex(editor.risk_filter.findData(Risk.HIGH.value))
    assert editor.model.rowCount() == 7
    editor.status_filter.setCurrentIndex(editor.status_filter.findData("in_progress"))
    assert [editor.model.record(r)["title"] for r in range(editor.model.rowCount())] == [
        "Load test confirms capacity at forecast peak"
    ]
    assert editor.count_label.text() == "1 of 18 items"
    editor.clear_filters()
    qtbot.keyClicks(editor.search, "runbook")
    assert editor.model.rowCount() == 2  # the runbook item, and alerts that link to runbooks
    editor.search.clear()
    editor.owner_filter.setCurrentIndex(editor.owner_filter.findData("Sofia Reyes"))
    assert editor.model.rowCount() == 2


def test_enter_edits_the_title_in_place_and_saves(
    qtbot: QtBot, editor: CheckpointEditor, demo_path: Path
) -> None:
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Return)
    field = editor.view.viewport().findChild(QLineEdit)
    assert isinstance(field, QLineEdit) and field.isVisible()
    field.selectAll()
    qtbot.keyClicks(field, "Architecture diagram reviewed")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Architecture diagram reviewed" in on_disk(demo_path))
    assert editor.form.title.text() == "Architecture diagram reviewed"


def test_sorting_by_risk_puts_high_first(editor: CheckpointEditor) -> None:
    editor.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    risks = [editor.model.record(r)["risk"] for r in range(editor.model.rowCount())]
    assert risks == sorted(risks, key=["high", "medium", "low"].index)


def test_apply_template_is_one_undo_step(
    window: MainWindow, editor: CheckpointEditor, demo_path: Path
) -> None:
    from sreplan.checkpoints.template_store import find_template

    editor.transfer.apply_template(find_template(None, "practices"))
    assert len(on_disk(demo_path)) == 28
    assert editor.model.rowCount() == 28
    window.undo_action.trigger()
    assert len(on_disk(demo_path)) == 18
    window.redo_action.trigger()
    assert len(on_disk(demo_path)) == 28


def test_overview_shows_every_phase_gate(window: MainWindow) -> None:
    overview = window.editor("overview")
    panel = overview._panels[0]  # type: ignore[attr-defined]
    assert panel.view.rules == [
        "Design: Ready with risks: 1 Medium/Low-risk item open",
        "Development: Ready with risks: 1 Medium/Low-risk item open",
        "Testing: Not ready: 1 High-risk item open",
        # The demo's hand-added P0 action item linked to Deployment holds that gate too.
        "Deployment: Not ready: 1 High-risk item open (1 blocked); open P0 action item "
        "“Rehearse the checkout failover before the holiday freeze” (Added by hand · Deployment)",
        "Operations: Ready with risks: 2 Medium/Low-risk items open",
        "Overall: Not ready: 2 High-risk items open (1 blocked); open P0 action item "
        "“Rehearse the checkout failover before the holiday freeze” (Added by hand · Deployment)",
    ]


def test_phases_rename_and_reorder_undoably(
    window: MainWindow, editor: CheckpointEditor, demo_path: Path
) -> None:
    from sreplan.checkpoints.ui.phases import PhasesDialog

    dialog = PhasesDialog(editor.edits, editor)
    dialog.list.setCurrentRow(4)
    dialog.move_phase(-1)
    assert dialog.list.currentRow() == 3
    assert editor.phase_filter.itemText(5) == "Deployment"
    assert editor.edits.rename_phase(dialog.current_id() or "", "Run")
    assert editor.gates.rules[3].startswith("Run:")
    seen: list[str] = []
    with answering(seen=seen):
        assert not editor.edits.rename_phase(dialog.current_id() or "", "design")
    assert seen == ["The plan already has a phase named 'design'."]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert editor.phase_filter.itemText(5) == "Operations"
    dialog.close()


def test_form_typing_is_one_undo_step_and_phase_moves_the_item(
    qtbot: QtBot, window: MainWindow, editor: CheckpointEditor, demo_path: Path
) -> None:
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    title = editor.model.record(0)["title"]
    owner = editor.form.owner
    owner.setFocus()
    owner.selectAll()
    qtbot.keyClicks(owner, "Sam Ortiz")
    qtbot.keyClick(owner, Qt.Key.Key_Tab)
    assert on_disk(demo_path)[title][1] == "Sam Ortiz"
    window.undo_action.trigger()
    assert on_disk(demo_path)[title][1] == "Aiko Tanaka", "the whole typing is one step"

    operations = editor.form.phase.findText("Operations")
    editor.form.phase.setCurrentIndex(operations)
    editor.form.phase.activated.emit(operations)
    row = editor.model.row_of(editor.current_id() or "")
    assert editor.model.record(row)["phase_name"] == "Operations"
    assert editor.gates.rules[0].startswith("Design: Ready with risks")


def test_export_markdown_and_import_a_bad_template_from_the_ui(
    editor: CheckpointEditor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "checklist.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    editor.transfer.export_checklist("md")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Checklist: Checkout service")
    assert "- [x] Architecture diagram with request paths is current" in text

    bad = tmp_path / "bad.yaml"
    bad.write_text("key: t\nname: T\nitems:\n  - {key: a, phase: Launch, title: A}\n", "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = demo_path.read_bytes()
    seen: list[str] = []
    with answering(seen=seen):
        editor.transfer.import_template()
    assert seen == [f"{bad}, line 4: unknown phase 'Launch'; expected one of: Design, "
                    "Development, Testing, Deployment, Operations"]
    assert demo_path.read_bytes() == before


def test_save_as_template_then_reapply_adds_nothing(
    window: MainWindow, editor: CheckpointEditor
) -> None:
    from sreplan.checkpoints.template_store import custom_templates

    template = editor.edits.save_as_template("checkout-std", "Checkout standard", "")
    assert template is not None and len(template.items) == 18
    assert [t.key for t in custom_templates(editor.edits.ws)] == ["checkout-std"]
    assert editor.edits.apply_template(template) == (0, 18)
    assert window.undo_action.text() == "&Undo Save Template Checkout standard"
    window.undo_action.trigger()
    assert custom_templates(editor.edits.ws) == []


def test_insert_adds_to_the_current_phase_and_delete_removes_with_undo(
    qtbot: QtBot, window: MainWindow, editor: CheckpointEditor, demo_path: Path
) -> None:
    editor.view.setCurrentIndex(editor.model.index(9, 0))  # a Testing item
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Insert)
    stored = on_disk(demo_path)
    assert "New checkpoint" in stored and len(stored) == 19
    new_row = editor.model.row_of(editor.current_id() or "")
    assert editor.model.record(new_row)["phase_name"] == "Testing"
    assert editor.form.title.hasFocus() or QApplication.focusWidget() is editor.form.title

    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert "New checkpoint" not in on_disk(demo_path)
    window.undo_action.trigger()
    assert "New checkpoint" in on_disk(demo_path)


def test_an_export_onto_the_open_workspace_is_refused(
    editor: CheckpointEditor, monkeypatch: pytest.MonkeyPatch, demo_path: Path
) -> None:
    """Choosing the workspace itself in the save dialog must not replace it with Markdown."""
    from PySide6.QtWidgets import QFileDialog

    link = demo_path.with_name("checklist.md")
    link.hardlink_to(demo_path)
    before = demo_path.read_bytes()
    for target in (demo_path, link):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        seen: list[str] = []
        with answering(seen=seen):
            editor.transfer.export_checklist("md")
        assert any("is the workspace itself" in text for text in seen)
        assert demo_path.read_bytes() == before


def test_status_changes_refresh_gates_and_rows_as_a_full_reload_would(
    qtbot: QtBot, window: MainWindow, editor: CheckpointEditor, demo_path: Path
) -> None:
    """The editor counts only the rows an edit wrote; the result equals a recount."""
    from sreplan.checkpoints.queries import gate_summary
    from sreplan.checkpoints.ui.gates import GatePanel, GateSummaryView

    def recount() -> tuple[str, ...]:
        ws = open_workspace(demo_path, read_only=True)
        try:
            fresh = GateSummaryView()
            fresh.set_summary(gate_summary(ws, DEMO_PLAN_ID))
            return tuple(fresh.rules)
        finally:
            ws.close()

    overview = window.editor("overview")
    window.editor("checkpoints")
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(3):
        qtbot.keyClick(editor.view, Qt.Key.Key_Space)
        qtbot.keyClick(editor.view, Qt.Key.Key_Down)
    title = editor.model.record(0)["title"]
    assert on_disk(demo_path)[title][0] == editor.model.record(0)["status"]
    assert editor.view.currentIndex().row() == 3, "the cursor stays where it was"
    assert tuple(editor.gates.rules) == recount()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert tuple(editor.gates.rules) == recount()
    assert editor.model.record(0)["status"] == on_disk(demo_path)[title][0]
    panel = overview.findChild(GatePanel)
    assert tuple(panel.view.rules) == recount()
