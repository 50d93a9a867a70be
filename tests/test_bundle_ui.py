"""Plans as code in the app: export/import a folder (one undo step), milestones, changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sreplan.features import open_workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.milestone_store import list_milestones
from sreplan.ui import bundle_actions
from sreplan.ui.bundle_actions import ChangesDialog, RecordMilestoneDialog
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
    win.show()
    qtbot.waitExposed(win)
    win.select_plan(DEMO_PLAN_ID)
    yield win
    win.close()


def _on_disk(path: Path, sql: str) -> object:
    ws = open_workspace(path, read_only=True)
    try:
        return ws.scalar(sql)
    finally:
        ws.close()


def _menu_action(window: MainWindow, text: str) -> QAction:
    for menu in (window.menuBar().actions()):
        for action in menu.menu().actions() if menu.menu() else []:
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu item {text}")


def test_export_then_import_a_folder_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    assert _menu_action(window, "Export Plan as Folder…")
    assert _menu_action(window, "Import Plan from Folder…")
    folder = tmp_path / "bundle"
    bundle_actions.export_to(window, str(folder))
    assert (folder / "plan.yaml").is_file()
    assert window.statusBar().currentMessage().startswith("Exported the plan")
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "name: Checkout service", "name: Checkout from git"), encoding="utf-8")
    data = folder / "checkpoints.yaml"
    data.write_text(data.read_text("utf-8").replace("status: blocked", "status: done"),
                    encoding="utf-8")
    assert bundle_actions.import_from(window, str(folder))
    assert _on_disk(demo_path, "SELECT name FROM plans") == "Checkout from git"
    assert _on_disk(demo_path, "SELECT count(*) FROM checkpoints WHERE status = 'blocked'") == 0
    assert window.undo_action.text() == "&Undo Import Plan from bundle"
    window.undo_action.trigger()
    assert _on_disk(demo_path, "SELECT name FROM plans") == "Checkout service"
    assert _on_disk(demo_path, "SELECT count(*) FROM checkpoints WHERE status = 'blocked'") > 0
    window.redo_action.trigger()
    assert _on_disk(demo_path, "SELECT name FROM plans") == "Checkout from git"


def test_record_milestone_and_see_what_changed(
    qtbot: QtBot, window: MainWindow, demo_path: Path, qtmodeltester  # type: ignore[no-untyped-def]
) -> None:
    _menu_action(window, "Record Milestone…").trigger()
    dialog = window.findChild(RecordMilestoneDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Design review")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    ws = open_workspace(demo_path, read_only=True)
    assert [m.name for m in list_milestones(ws, DEMO_PLAN_ID)] == ["Design review"]
    ws.close()
    assert window.undo_action.text() == "&Undo Record Milestone Design review"

    _menu_action(window, "Changes Since Milestone…").trigger()
    changes = window.findChild(ChangesDialog)
    assert changes is not None
    qtbot.waitExposed(changes)
    qtmodeltester.check(changes.model)
    assert changes.model.rowCount() == 0
    assert changes.summary.text().endswith("no changes.")
    checkpoint = window.ws.scalar(
        "SELECT id FROM checkpoints WHERE status = 'blocked' ORDER BY title"
    )
    window.ops.set_fields("checkpoints", checkpoint, {"status": "done"}, "Set status",
                          plan_id=DEMO_PLAN_ID)
    qtbot.waitUntil(lambda: changes.model.rowCount() > 0)
    kinds = {(c.area, c.kind) for c in changes.model.changes}
    assert ("Checklist", "status") in kinds
    changes.close()
    QApplication.processEvents()


def test_a_name_taken_is_said_in_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    for _ in range(2):
        _menu_action(window, "Record Milestone…").trigger()
        dialog = window.findChildren(RecordMilestoneDialog)[-1]
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.name, "Kick-off")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "already has a milestone named 'Kick-off'" in dialog.error.text()
    assert dialog.isVisible()
    dialog.reject()


def test_closing_a_review_session_records_a_milestone(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    from sreplan.architecture.ui.meeting_screen import MeetingScreen

    screen = MeetingScreen(window.ops, window.settings, window)
    screen.open(DEMO_PLAN_ID, "Checkout service")
    qtbot.waitExposed(screen)
    session = screen.session_id
    assert session is not None and screen.close_review.isEnabled()
    qtbot.mouseClick(screen.close_review, Qt.MouseButton.LeftButton)
    assert screen.status.text().startswith("Review closed: milestone")
    ws = open_workspace(demo_path, read_only=True)
    recorded = list_milestones(ws, DEMO_PLAN_ID)
    ws.close()
    assert len(recorded) == 1 and recorded[0].session_id == session
    qtbot.mouseClick(screen.close_review, Qt.MouseButton.LeftButton)
    assert "closed already" in screen.status.text()
    window.undo_action.trigger()
    assert _on_disk(demo_path, "SELECT count(*) FROM milestones") == 0
    screen.leave()
