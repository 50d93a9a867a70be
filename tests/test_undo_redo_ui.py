"""Undo and redo through the real widgets: redo writes back the very rows the first apply
wrote, so an edit made after an import stays valid; a failed undo leaves everything as
it was and says why. Each test then checks the file on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from sreplan.capacity.demo import CHECKOUT_ID
from sreplan.capacity.series_store import load_series
from sreplan.capacity.ui.editor import CapacityEditor
from sreplan.features import open_workspace
from sreplan.kernel import records
from sreplan.kernel.edits import Edit
from sreplan.kernel.errors import UserError
from sreplan.plans.store import get_plan, insert_plan, list_plans, new_plan
from sreplan.slo.ui.editor import SloEditor
from sreplan.ui.main_window import MainWindow
from tests import badfiles
from tests.qt_helpers import answering, make_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

OPENSLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
  displayName: Search latency
spec:
  service: search
  indicator:
    metadata:
      name: search-fast-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            spec:
              query: sum(rate(search_fast[5m]))
        total:
          metricSource:
            spec:
              query: sum(rate(search_all[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
"""


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return badfiles.demo_workspace(tmp_path / "demo.sreplan")


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # window shortcuts (Ctrl+Z) reach only the active window
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    win.close()


def on_disk(path: Path, sql: str, params: tuple[object, ...] = ()) -> Any:
    """Read the file afresh, as another program would."""
    ws = open_workspace(path, read_only=True)
    try:
        return ws.scalar(sql, params)
    finally:
        ws.close()


def menu_action(window: MainWindow, text: str) -> QAction:
    for action in window.file_menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no File menu entry {text!r}")


def choose_files(monkeypatch: pytest.MonkeyPatch, module: Any, *paths: Path) -> None:
    """The file dialog answers with ``paths``, as if the user had picked them."""

    class Picked:
        @staticmethod
        def getOpenFileNames(*_args: object, **_kw: object) -> tuple[list[str], str]:
            return [str(p) for p in paths], ""

        @staticmethod
        def getOpenFileName(*_args: object, **_kw: object) -> tuple[str, str]:
            return str(paths[0]), ""

    monkeypatch.setattr(module, "QFileDialog", Picked)


def click(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex) -> None:
    assert index.isValid()
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # finishing the field ends its undo step


def test_openslo_import_edit_undo_twice_redo_twice_keeps_the_edit(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sreplan.slo.ui import openslo_actions

    source = tmp_path / "search.yaml"
    source.write_text(OPENSLO, encoding="utf-8")
    choose_files(monkeypatch, openslo_actions, source)
    menu_action(window, "Import OpenSLO…").trigger()
    assert window.undo_action.text() == "&Undo Import 1 SLO"
    slo_id = on_disk(demo_path, "SELECT id FROM slos WHERE name = 'search-latency'")
    assert on_disk(demo_path, "SELECT target FROM slos WHERE id = ?", (slo_id,)) == 99.0

    editor = window.editor("slos")
    assert isinstance(editor, SloEditor)
    page = editor.slos_page
    qtbot.waitUntil(page.isVisible)
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of(slo_id), 0))
    click(qtbot, page.view, index)
    assert page.form.slo_id == slo_id
    type_into(qtbot, page.form.target_edit, "99.95")
    assert on_disk(demo_path, "SELECT target FROM slos WHERE id = ?", (slo_id,)) == 99.95
    assert window.undo_action.text() == "&Undo Edit SLO Target"
    assert window.ops.stack.count() == 2  # the keystrokes merged into one step

    window.undo_action.trigger()
    assert on_disk(demo_path, "SELECT target FROM slos WHERE id = ?", (slo_id,)) == 99.0
    window.undo_action.trigger()
    assert on_disk(demo_path, "SELECT count(*) FROM slos WHERE id = ?", (slo_id,)) == 0
    assert on_disk(demo_path, "SELECT count(*) FROM services WHERE name = 'search'") == 0
    assert window.redo_action.text() == "&Redo Import 1 SLO"

    window.redo_action.trigger()
    window.redo_action.trigger()
    assert window.ops.stack.index() == 2
    assert on_disk(demo_path, "SELECT target FROM slos WHERE id = ?", (slo_id,)) == 99.95
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of(slo_id), 0))
    click(qtbot, page.view, index)
    assert page.form.target_edit.text() == "99.95"


def test_capacity_import_edit_undo_twice_redo_twice_keeps_the_edit(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sreplan.capacity.ui import importing

    csv = tmp_path / "demand.csv"
    csv.write_text(
        "time,rps\n" + "\n".join(f"2026-03-{d:02d},{1000 + d}" for d in range(1, 29)),
        encoding="utf-8",
    )
    before = load_series(window.ws, CHECKOUT_ID)
    editor = window.editor("capacity")
    assert isinstance(editor, CapacityEditor)
    qtbot.waitUntil(editor.isVisible)
    row = editor.resources.row_of(CHECKOUT_ID)
    click(qtbot, editor.resource_view, editor.resources.index(row, 0))
    assert editor.resource_id == CHECKOUT_ID
    bar = editor.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(editor.tabs.indexOf(editor.history)).center())
    assert editor.tabs.currentWidget() is editor.history
    choose_files(monkeypatch, importing, csv)
    qtbot.mouseClick(editor.history.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.ops.stack.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not editor.importer.running)
    window.activateWindow()  # the import's progress dialog had the focus; back to the window
    qtbot.waitUntil(window.isActiveWindow)
    assert window.undo_action.text() == "&Undo Import demand.csv"
    imported = load_series(window.ws, CHECKOUT_ID)
    assert len(imported[0]) == 28 and imported[1][-1] == 1028

    view, model = editor.history.view, editor.history.model
    last = model.index(model.rowCount() - 1, 1)
    click(qtbot, view, last)  # a double click edits the cell, as a person would
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(last).center()
    )
    cell = view.viewport().findChild(QLineEdit)
    assert isinstance(cell, QLineEdit) and cell.isVisible()
    cell.selectAll()
    qtbot.keyClicks(cell, "4321")
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: window.undo_action.text() == "&Undo Edit Demand Point")

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert window.ops.stack.index() == 0
    restored = load_series(window.ws, CHECKOUT_ID)
    assert np.array_equal(restored[0], before[0]) and np.array_equal(restored[1], before[1])
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.ops.stack.index() == 2

    ws = open_workspace(demo_path, read_only=True)  # the file as another program reads it
    try:
        times, values = load_series(ws, CHECKOUT_ID)
    finally:
        ws.close()
    assert len(times) == 28 and values[-1] == 4321 and values[0] == 1001


def test_plan_import_edit_undo_twice_redo_twice_keeps_the_edit(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sreplan.ui import main_window

    other = tmp_path / "other.sreplan"
    source = open_workspace(other, create=True)
    incoming = new_plan("Payments", product_team="Payments team")
    insert_plan(source, incoming)
    source.close()

    choose_files(monkeypatch, main_window, other)
    menu_action(window, "Import Plans…").trigger()
    assert window.undo_action.text() == "&Undo Import Plan"
    assert window.plan_id == incoming.id

    overview = window.editor("overview")
    name = overview.name_edit  # type: ignore[attr-defined]
    qtbot.waitUntil(name.isVisible)
    assert name.text() == "Payments"
    type_into(qtbot, name, "Payments API")
    assert on_disk(demo_path, "SELECT name FROM plans WHERE id = ?", (incoming.id,)) == (
        "Payments API"
    )

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert on_disk(demo_path, "SELECT count(*) FROM plans WHERE id = ?", (incoming.id,)) == 0
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert window.ops.stack.index() == 2
    assert window.plan_id == incoming.id and name.text() == "Payments API"

    ws = open_workspace(demo_path, read_only=True)
    try:
        plan = get_plan(ws, incoming.id)
        assert plan.name == "Payments API" and plan.product_team == "Payments team"
        assert len(list_plans(ws)) == 2
    finally:
        ws.close()


def _rename_plan(qtbot: QtBot, window: MainWindow) -> QLineEdit:
    overview = window.editor("overview")
    name = overview.name_edit  # type: ignore[attr-defined]
    qtbot.waitUntil(name.isVisible)
    type_into(qtbot, name, "Checkout API")
    assert window.ops.stack.index() == 1
    return name  # type: ignore[no-any-return]


def test_an_undo_over_a_row_changed_elsewhere_is_refused_and_says_why(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    name = _rename_plan(qtbot, window)
    plan_id = str(window.plan_id)
    records.update(window.ws, "plans", plan_id, {"name": "Renamed elsewhere"})  # not an Edit
    bytes_before = demo_path.read_bytes()
    seen: list[str] = []
    with answering(seen=seen):
        qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert len(seen) == 1 and "changed by another path" in seen[0]
    assert "nothing was undone" in seen[0]
    assert window.ops.stack.index() == 1 and window.undo_action.isEnabled()
    assert not window.redo_action.isEnabled()
    assert demo_path.read_bytes() == bytes_before
    assert on_disk(demo_path, "SELECT name FROM plans WHERE id = ?", (plan_id,)) == (
        "Renamed elsewhere"
    )


@pytest.mark.parametrize("step", ["revert", "apply"])
def test_a_failing_undo_or_redo_leaves_stack_and_file_alone(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    _rename_plan(qtbot, window)
    if step == "apply":
        window.undo_action.trigger()
        assert window.ops.stack.index() == 0

    def refuse(self: Edit, ws: object) -> None:
        raise UserError(f"{self.label} could not be written: the disk said no.")

    monkeypatch.setattr(Edit, step, refuse)
    index, bytes_before = window.ops.stack.index(), demo_path.read_bytes()
    action = window.undo_action if step == "revert" else window.redo_action
    seen: list[str] = []
    with answering(seen=seen):
        action.trigger()
    assert seen == ["Rename Plan could not be written: the disk said no."]
    assert window.ops.stack.index() == index
    assert action.isEnabled()
    assert demo_path.read_bytes() == bytes_before
