"""The Resilience section driven as a person would, then checked on disk; undo included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from sreplan.features import open_action_items, open_workspace
from sreplan.resilience.ui.editor import ResilienceEditor
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
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    yield win
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()
    win.close()


def section(window: MainWindow) -> ResilienceEditor:
    editor = window.editor("resilience")
    assert isinstance(editor, ResilienceEditor)
    QApplication.processEvents()
    return editor


def on_disk(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    ws = open_workspace(path, read_only=True)
    try:
        return ws.rows(sql, params)
    finally:
        ws.close()


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an item the way a keyboard user does: focus the combo and type its start."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered in {combo.accessibleName()}"
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentIndex() == index:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up)
    assert combo.currentText() == text


def click_row(qtbot: QtBot, view: QTableView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_add_objectives_and_undo(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    ed = section(window)
    ed.setCurrentIndex(0)
    choose(qtbot, ed.obj_component, "Session cache")
    qtbot.keyClicks(ed.obj_rpo, "1h")
    qtbot.keyClicks(ed.obj_rto, "15m")
    qtbot.keyClicks(ed.obj_method, "RDB snapshots")
    qtbot.keyClicks(ed.obj_interval, "6h")
    qtbot.mouseClick(ed.add_objective_button, Qt.MouseButton.LeftButton)
    rows = on_disk(demo_path, "SELECT o.rpo_seconds, o.rto_seconds, o.backup_interval_seconds "
                   "FROM recovery_objectives o JOIN components c ON c.id = o.component_id "
                   "WHERE c.name = 'Session cache'")
    assert rows == [{"rpo_seconds": 3600, "rto_seconds": 900, "backup_interval_seconds": 21600}]
    # the reachable RPO (6 h) misses the 1 h target, and the section says so
    qtbot.waitUntil(lambda: any("Session cache" in c[0] for c in ed.objectives.cells))

    def checks() -> list[str]:
        return [ed.recovery_checks.item(i).text() for i in range(ed.recovery_checks.count())]

    assert any("Session cache: the design can lose 6 h" in c for c in checks())
    window.undo_action.trigger()
    assert on_disk(demo_path, "SELECT 1 FROM recovery_objectives o JOIN components c "
                   "ON c.id = o.component_id WHERE c.name = 'Session cache'") == []
    window.redo_action.trigger()
    assert len(on_disk(demo_path, "SELECT 1 FROM recovery_objectives")) == 3


def test_bad_duration_is_refused_inline(qtbot: QtBot, window: MainWindow,
                                        demo_path: Path) -> None:
    ed = section(window)
    qtbot.keyClicks(ed.obj_rpo, "-5m")
    qtbot.keyClicks(ed.obj_rto, "1h")
    qtbot.mouseClick(ed.add_objective_button, Qt.MouseButton.LeftButton)
    assert ed.obj_error.isVisible() and "RPO target" in ed.obj_error.text()
    assert len(on_disk(demo_path, "SELECT 1 FROM recovery_objectives")) == 2


def test_edit_an_objective_in_the_table_and_undo(qtbot: QtBot, window: MainWindow,
                                                 demo_path: Path) -> None:
    ed = section(window)
    view = ed.objective_view
    rect = view.visualRect(ed.objectives.index(0, 3))  # the orders database's RTO
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = view.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit) and editor.text() == "1h"
    editor.selectAll()
    qtbot.keyClicks(editor, "3h")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    sql = "SELECT rto_seconds FROM recovery_objectives WHERE rpo_seconds = 300"
    qtbot.waitUntil(lambda: on_disk(demo_path, sql) == [{"rto_seconds": 10800}])
    window.undo_action.trigger()
    assert on_disk(demo_path, sql) == [{"rto_seconds": 3600}]


def test_experiment_with_a_deviated_run_creates_finding_and_action(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    ed = section(window)
    ed.setCurrentIndex(1)
    qtbot.keyClicks(ed.exp_title, "Inventory latency")
    qtbot.keyClicks(ed.exp_hypothesis, "Checkout stays within its SLO")
    choose(qtbot, ed.exp_slo, "Checkout availability (99.9 %)")
    ed.exp_fault.setFocus()
    ed.exp_fault.lineEdit().selectAll()
    qtbot.keyClicks(ed.exp_fault.lineEdit(), "Packet loss")
    target = next(ed.exp_targets.item(i) for i in range(ed.exp_targets.count())
                  if ed.exp_targets.item(i).text() == "Inventory service")
    rect = ed.exp_targets.visualItemRect(target)
    box = rect.topLeft() + (rect.bottomLeft() - rect.topLeft()) / 2  # the check box at the left
    box.setX(box.x() + 8)
    qtbot.mouseClick(ed.exp_targets.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert target.checkState() == Qt.CheckState.Checked
    qtbot.keyClicks(ed.exp_blast, "5")
    qtbot.keyClicks(ed.exp_duration, "20m")
    qtbot.keyClicks(ed.exp_owner, "Catalog")
    qtbot.mouseClick(ed.add_experiment_button, Qt.MouseButton.LeftButton)
    rows = on_disk(demo_path, "SELECT id, fault, blast_percent, duration_seconds FROM "
                   "experiments WHERE title = 'Inventory latency'")
    assert [(r["fault"], r["blast_percent"], r["duration_seconds"]) for r in rows] == [
        ("Packet loss", 5.0, 1200)]
    assert on_disk(demo_path, "SELECT label FROM chaos_faults") == [{"label": "Packet loss"}]
    qtbot.waitUntil(lambda: rows[0]["id"] in ed.experiments.ids)
    click_row(qtbot, ed.experiment_view, ed.experiments.ids.index(rows[0]["id"]))
    choose(qtbot, ed.run_outcome, "Deviated")
    qtbot.keyClicks(ed.run_observations, "Timeouts cascaded to checkout")
    qtbot.keyClicks(ed.run_budget, "3")
    choose(qtbot, ed.run_antipattern, ed.run_antipattern.itemText(1))
    qtbot.mouseClick(ed.record_run_button, Qt.MouseButton.LeftButton)
    finding = on_disk(demo_path, "SELECT f.id, f.kind, f.risk FROM findings f JOIN "
                      "experiment_runs r ON r.finding_id = f.id WHERE r.experiment_id = ?",
                      (rows[0]["id"],))
    assert [(f["kind"], f["risk"]) for f in finding] == [("antipattern", "high")]
    ws = open_workspace(demo_path, read_only=True)
    try:
        plan = ws.scalar("SELECT id FROM plans")
        titles = [i.title for i in open_action_items(ws, plan)]
    finally:
        ws.close()
    assert any("'Inventory latency' deviated" in t for t in titles)

    window.undo_action.trigger()  # the run and its finding go together
    assert on_disk(demo_path, "SELECT 1 FROM findings WHERE id = ?",
                   (finding[0]["id"],)) == []
    assert on_disk(demo_path, "SELECT 1 FROM experiment_runs WHERE experiment_id = ?",
                   (rows[0]["id"],)) == []
    window.undo_action.trigger()  # the experiment and the fault it added to the catalog
    assert on_disk(demo_path, "SELECT 1 FROM experiments WHERE title = 'Inventory latency'") == []
    assert on_disk(demo_path, "SELECT 1 FROM chaos_faults") == []


def test_rollout_plan_with_steps_and_undo(qtbot: QtBot, window: MainWindow,
                                          demo_path: Path) -> None:
    ed = section(window)
    ed.setCurrentIndex(2)
    qtbot.keyClicks(ed.ro_name, "Inventory canary")
    choose(qtbot, ed.ro_component, "Inventory service")
    choose(qtbot, ed.ro_slo, "Checkout availability (99.9 %)")
    qtbot.keyClicks(ed.ro_method, "abort")
    qtbot.keyClicks(ed.ro_rollback, "1m")
    qtbot.mouseClick(ed.add_rollout_button, Qt.MouseButton.LeftButton)
    [plan] = on_disk(demo_path, "SELECT id FROM rollout_plans WHERE name = 'Inventory canary'")
    qtbot.waitUntil(lambda: plan["id"] in ed.rollouts.ids)
    click_row(qtbot, ed.rollout_view, ed.rollouts.ids.index(plan["id"]))
    for traffic, bake in (("10", "2m"), ("100", "1h")):
        qtbot.keyClicks(ed.step_traffic, traffic)
        qtbot.keyClicks(ed.step_bake, bake)
        qtbot.mouseClick(ed.add_step_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not ed._refresh_timer.isActive())
    steps = on_disk(demo_path, "SELECT traffic_percent, bake_seconds FROM rollout_steps "
                    "WHERE rollout_id = ? ORDER BY position", (plan["id"],))
    assert steps == [{"traffic_percent": 10.0, "bake_seconds": 120},
                     {"traffic_percent": 100.0, "bake_seconds": 3600}]
    # a 2-minute bake is shorter than the 5-minute alert window: the section warns
    qtbot.waitUntil(lambda: "shorter than the shortest alert window"
                    in ed.rollout_detail.text())
    qtbot.waitUntil(lambda: ed.chart_canvas is not None)
    # a share above 100 % is refused with the reason, nothing stored
    qtbot.keyClicks(ed.step_traffic, "120")
    qtbot.mouseClick(ed.add_step_button, Qt.MouseButton.LeftButton)
    assert "traffic share must be between 0 and 100" in ed.step_error.text()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert on_disk(demo_path, "SELECT 1 FROM rollout_steps WHERE rollout_id = ?",
                   (plan["id"],)) == []
    window.undo_action.trigger()
    assert on_disk(demo_path, "SELECT 1 FROM rollout_plans WHERE id = ?", (plan["id"],)) == []


def test_log_and_remove_a_restore_test(qtbot: QtBot, window: MainWindow,
                                       demo_path: Path) -> None:
    ed = section(window)
    choose(qtbot, ed.test_objective, "Orders database")
    qtbot.keyClicks(ed.test_restored, "Base backup into scratch")
    qtbot.keyClicks(ed.test_time, "45m")
    qtbot.keyClicks(ed.test_lost, "1m")
    qtbot.mouseClick(ed.log_test_button, Qt.MouseButton.LeftButton)
    sql = "SELECT restore_seconds, data_lost_seconds FROM restore_tests WHERE restored = ?"
    assert on_disk(demo_path, sql, ("Base backup into scratch",)) == [
        {"restore_seconds": 2700, "data_lost_seconds": 60}]
    # today's 45-minute restore is within the RTO and the policy: both checks pass now
    qtbot.waitUntil(lambda: not any(
        "Orders database" in ed.recovery_checks.item(i).text()
        for i in range(ed.recovery_checks.count())))
    row = next(n for n, cells in enumerate(ed.tests.cells) if cells[2].startswith("Base"))
    click_row(qtbot, ed.test_view, row)
    qtbot.mouseClick(ed.remove_test_button, Qt.MouseButton.LeftButton)
    assert on_disk(demo_path, sql, ("Base backup into scratch",)) == []
    window.undo_action.trigger()
    assert len(on_disk(demo_path, sql, ("Base backup into scratch",))) == 1


def test_rename_an_experiment_in_its_table_and_undo(qtbot: QtBot, window: MainWindow,
                                                   demo_path: Path) -> None:
    ed = section(window)
    ed.setCurrentIndex(1)
    view = ed.experiment_view
    row = next(n for n, c in enumerate(ed.experiments.cells) if c[0].startswith("Orders"))
    rect = view.visualRect(ed.experiments.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = view.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Orders DB zone failover")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    sql = "SELECT 1 FROM experiments WHERE title = 'Orders DB zone failover'"
    qtbot.waitUntil(lambda: len(on_disk(demo_path, sql)) == 1)
    window.undo_action.trigger()
    assert on_disk(demo_path, sql) == []
