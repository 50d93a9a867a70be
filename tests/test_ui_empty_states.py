"""A new plan says what to do next, and each empty section's button does it (on disk)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sreplan.capacity.series_store import load_series
from sreplan.checkpoints.ui.gates import GatePanel
from sreplan.features import create_plan, open_workspace
from sreplan.plans.store import new_plan
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.main_window import MainWindow
from tests.qt_helpers import make_window


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "new.sreplan"
    ws = open_workspace(target, create=True)
    create_plan(ws, new_plan("Search API"))
    ws.close()
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path) -> Iterator[MainWindow]:
    win = make_window(path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()
    win.close()


def count(path: Path, table: str) -> int:
    ws = open_workspace(path, read_only=True)
    try:
        return int(ws.scalar(f"SELECT count(*) FROM {table}"))
    finally:
        ws.close()


def shown_empty_state(qtbot: QtBot, widget: EmptyState) -> EmptyState:
    qtbot.waitUntil(lambda: widget.isVisible() and widget.button.isVisible())
    assert widget.button.isEnabled() and widget.text()
    return widget


def test_a_new_plan_offers_the_prr_template_on_its_overview(
    qtbot: QtBot, window: MainWindow, path: Path
) -> None:
    panel = window.editor("overview").findChild(GatePanel)
    assert panel is not None
    state = shown_empty_state(qtbot, panel.empty)
    assert state.button.text().replace("&", "") == "Apply the PRR template"
    qtbot.mouseClick(state.button, Qt.MouseButton.LeftButton)
    assert count(path, "checkpoints") == 18
    qtbot.waitUntil(lambda: not panel.empty.isVisible() and panel.view.isVisible())
    window.undo_action.trigger()  # one undo step takes it all back
    assert count(path, "checkpoints") == 0


def test_the_empty_checklist_applies_the_prr_template(
    qtbot: QtBot, window: MainWindow, path: Path
) -> None:
    editor = window.editor("checkpoints")
    state = shown_empty_state(qtbot, editor.gates_empty)  # type: ignore[attr-defined]
    qtbot.mouseClick(state.button, Qt.MouseButton.LeftButton)
    assert count(path, "checkpoints") == 18
    assert editor.model.rowCount() == 18  # type: ignore[attr-defined]
    assert not state.isVisible()


def test_no_slos_yet_adds_the_first_slo(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    page = window.editor("slos").slos_page  # type: ignore[attr-defined]
    state = shown_empty_state(qtbot, page.placeholder)
    assert state.button.text().replace("&", "") == "Add your first SLO"
    qtbot.mouseClick(state.button, Qt.MouseButton.LeftButton)
    assert count(path, "slos") == 1
    qtbot.waitUntil(lambda: page.detail.isVisible())


def test_capacity_adds_a_resource_then_imports_its_demand_series(
    qtbot: QtBot, window: MainWindow, path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = window.editor("capacity")
    state = shown_empty_state(qtbot, editor.empty)  # type: ignore[attr-defined]
    qtbot.mouseClick(state.button, Qt.MouseButton.LeftButton)
    assert count(path, "capacity_resources") == 1
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()

    csv = tmp_path / "demand.csv"
    csv.write_text("time,rps\n" + "\n".join(f"2026-01-{d:02d},{1000 + d}" for d in range(1, 29)))
    monkeypatch.setattr(
        "sreplan.capacity.ui.importing.QFileDialog.getOpenFileName",
        lambda *_args, **_kwargs: (str(csv), ""),
    )
    editor.tabs.setCurrentWidget(editor.history)  # type: ignore[attr-defined]
    history = shown_empty_state(qtbot, editor.history.empty)  # type: ignore[attr-defined]
    assert history.button.text().replace("&", "") == "Import a demand series…"
    qtbot.mouseClick(history.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.importer.running, timeout=10_000)  # type: ignore[attr-defined]
    resource = editor.resource_id  # type: ignore[attr-defined]
    ws = open_workspace(path, read_only=True)
    try:
        assert len(load_series(ws, resource)[0]) == 28
    finally:
        ws.close()
    qtbot.waitUntil(lambda: not history.isVisible())


def test_incidents_record_the_first_incident(
    qtbot: QtBot, window: MainWindow, path: Path
) -> None:
    editor = window.editor("incidents")
    state = shown_empty_state(qtbot, editor.empty)  # type: ignore[attr-defined]
    qtbot.mouseClick(state.button, Qt.MouseButton.LeftButton)
    assert count(path, "incidents") == 1
    assert not state.isVisible()


def test_architecture_adds_the_first_component(
    qtbot: QtBot, window: MainWindow, path: Path
) -> None:
    inventory = window.editor("architecture").page("inventory")  # type: ignore[attr-defined]
    state = shown_empty_state(qtbot, inventory.empty)
    qtbot.mouseClick(state.button, Qt.MouseButton.LeftButton)
    assert count(path, "components") == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # leave the name as it is
    qtbot.waitUntil(lambda: not state.isVisible())
