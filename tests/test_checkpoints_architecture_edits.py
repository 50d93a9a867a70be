"""Edits below the UI for checkpoints and architecture, driven through the real widgets.

Redo re-applies exactly the rows the first apply wrote (same ids), so an edit made
after a template apply or an ADR import survives undo ×2 → redo ×2; and opening the
Checkpoints tab writes nothing: a new plan gets its default phases in its own Edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from sreplan.architecture.ui.adrs import AdrEditor
from sreplan.architecture.ui.editor import ArchitectureEditor
from sreplan.checkpoints import edits
from sreplan.checkpoints.model import DEFAULT_PHASES
from sreplan.checkpoints.store import list_checkpoints, list_phases
from sreplan.checkpoints.ui.editor import CheckpointEditor
from sreplan.checkpoints.ui.transfer import TemplatePicker
from sreplan.features import create_plan, open_workspace
from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import insert_plan, list_plans, new_plan
from sreplan.ui.main_window import MainWindow
from tests import badfiles
from tests.qt_helpers import answering, make_window

MADR = Path(__file__).parent / "fixtures" / "madr"


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return badfiles.demo_workspace(tmp_path / "demo.sreplan")


def _window(qtbot: QtBot, path: Path) -> MainWindow:
    win = make_window(path)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = _window(qtbot, demo_path)
    yield win
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()  # commit an open editor while the file is still open
    win.close()


def read(path: Path, query: Any) -> Any:
    """Run ``query(ws)`` on a separate read-only connection: what is on disk."""
    ws = open_workspace(path, read_only=True)
    try:
        return query(ws)
    finally:
        ws.close()


def click_tab(qtbot: QtBot, window: MainWindow, title: str) -> None:
    bar = window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentIndex() == index


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Back to the main window after a dialog, as a person's next click would be."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def press_undo(qtbot: QtBot, window: MainWindow, focus: Any) -> None:
    """Ctrl+Z as a person presses it, with focus outside any text field."""
    activate(qtbot, window)
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def choose_from_menu(button: QPushButton, text: str) -> None:
    """Pick the entry ``text`` of a push button's menu (what clicking it does)."""
    menu = button.menu()
    assert isinstance(menu, QMenu)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled()
    action.trigger()


# (a) a checklist template apply → edit an added item → undo ×2 → redo ×2 -------------------


def test_template_apply_then_edit_survives_undo_and_redo(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    click_tab(qtbot, window, "Checkpoints")
    editor = window.editor("checkpoints")
    assert isinstance(editor, CheckpointEditor)
    before = {c.id for c in read(demo_path, lambda ws: list_checkpoints(ws, DEMO_PLAN_ID))}

    def pick_practices() -> None:
        picker = QApplication.activeModalWidget()
        assert isinstance(picker, TemplatePicker)
        row = next(
            i for i in range(picker.list.count())
            if picker.list.item(i).text().startswith("SDLC reliability practices")
        )
        picker.list.setCurrentRow(row)
        qtbot.mouseClick(picker.ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, pick_practices)
    choose_from_menu(editor.templates_button, "Apply Template…")
    added = [
        c for c in read(demo_path, lambda ws: list_checkpoints(ws, DEMO_PLAN_ID))
        if c.id not in before
    ]
    assert len(added) == 10
    assert window.undo_action.text() == "&Undo Apply Template SDLC reliability practices"

    # Edit one added item as a person: select its row, type an owner in the form.
    target = added[0]
    row = editor.model.row_of(target.id)
    assert row >= 0
    activate(qtbot, window)
    editor.view.setCurrentIndex(editor.model.index(row, 0))
    owner = editor.form.owner
    owner.setFocus()
    owner.selectAll()
    qtbot.keyClicks(owner, "Priya Raman")
    qtbot.keyClick(owner, Qt.Key.Key_Tab)

    def stored(ws: Workspace) -> dict[str, str]:
        return {c.id: c.owner for c in list_checkpoints(ws, DEMO_PLAN_ID)}

    assert read(demo_path, stored)[target.id] == "Priya Raman"
    assert window.undo_action.text() == "&Undo Edit Checkpoint Owner", "typing is one step"

    press_undo(qtbot, window, editor.view)
    assert read(demo_path, stored)[target.id] == ""
    press_undo(qtbot, window, editor.view)
    assert target.id not in read(demo_path, stored)
    assert editor.model.rowCount() == 18

    window.redo_action.trigger()
    window.redo_action.trigger()
    after = read(demo_path, stored)
    assert after[target.id] == "Priya Raman", "redo wrote the same rows, so the edit applies"
    assert {a.id for a in added} <= set(after)
    assert editor.model.rowCount() == 28
    assert window.undo_action.text() == "&Undo Edit Checkpoint Owner"

    window.close()  # reopen the file: the edit is there for good
    again = make_window(demo_path)
    qtbot.addWidget(again)
    reopened = again.editor("checkpoints")
    assert isinstance(reopened, CheckpointEditor)
    row = reopened.model.row_of(target.id)
    assert reopened.model.record(row)["owner"] == "Priya Raman"
    again.close()


# (b) an ADR (MADR) import → edit the imported ADR → undo ×2 → redo ×2 ----------------------


def test_madr_import_then_edit_survives_undo_and_redo(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    click_tab(qtbot, window, "Architecture")
    architecture = window.editor("architecture")
    assert isinstance(architecture, ArchitectureEditor)
    decisions = architecture.page("decisions")
    assert isinstance(decisions, AdrEditor)
    QApplication.processEvents()
    files = sorted(str(p) for p in MADR.glob("0*.md"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))

    def adrs(ws: Workspace) -> dict[str, tuple[int, str]]:
        return {
            r["id"]: (r["number"], r["title"])
            for r in ws.rows("SELECT id, number, title FROM adrs WHERE plan_id = ?",
                             [DEMO_PLAN_ID])
        }

    def options(ws: Workspace) -> set[str]:
        return {r["id"] for r in ws.rows("SELECT id FROM adr_options")}

    before = read(demo_path, adrs)
    seen: list[str] = []
    with answering(seen=seen):
        qtbot.mouseClick(decisions.import_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].startswith("Imported 5 ADRs.")
    imported = {k: v for k, v in read(demo_path, adrs).items() if k not in before}
    imported_options = read(demo_path, options)
    assert len(imported) == 5
    assert window.undo_action.text() == "&Undo Import 5 ADRs"

    # Edit the imported ADR: select it in the list, retype its title in the form.
    adr_id = next(k for k, (_n, title) in imported.items() if "dashes" in title.casefold())
    activate(qtbot, window)
    decisions.view.selectRow(decisions.model.row_of(adr_id))
    assert decisions.form.adr_id == adr_id
    title = decisions.form.title_edit
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Use dashes in file names")
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    assert read(demo_path, adrs)[adr_id][1] == "Use dashes in file names"
    assert window.undo_action.text() == "&Undo Edit ADR Title"

    press_undo(qtbot, window, decisions.view)
    assert read(demo_path, adrs)[adr_id][1] == imported[adr_id][1]
    press_undo(qtbot, window, decisions.view)
    assert read(demo_path, adrs) == before

    window.redo_action.trigger()
    window.redo_action.trigger()
    after = read(demo_path, adrs)
    assert after[adr_id] == (imported[adr_id][0], "Use dashes in file names")
    assert set(imported) <= set(after)
    assert read(demo_path, options) == imported_options, "the same option rows, same ids"
    assert decisions.model.rowCount() == len(after)

    window.close()
    again = make_window(demo_path)
    qtbot.addWidget(again)
    reopened = again.editor("architecture")
    assert isinstance(reopened, ArchitectureEditor)
    listed = reopened.page("decisions")
    assert isinstance(listed, AdrEditor)
    assert listed.model.record(listed.model.row_of(adr_id))["title"] == "Use dashes in file names"
    again.close()


# No write outside an Edit: default phases come with the plan ---------------------------------


def test_opening_the_checkpoints_tab_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "old.sreplan"
    ws = open_workspace(path, create=True)
    plan = new_plan("From an older build")
    insert_plan(ws, plan)  # as older files hold them: a plan without any phases
    ws.close()
    window = _window(qtbot, path)
    window.select_plan(plan.id)
    qtbot.waitUntil(lambda: window.plan_id == plan.id)
    before = path.read_bytes()

    click_tab(qtbot, window, "Checkpoints")
    editor = window.editor("checkpoints")
    assert isinstance(editor, CheckpointEditor)
    QApplication.processEvents()
    assert path.read_bytes() == before, "opening the tab wrote to the file"
    assert read(path, lambda ws: list_phases(ws, plan.id)) == []
    assert editor.default_phases_button.isVisible()
    assert not editor.add_button.isEnabled()

    qtbot.mouseClick(editor.default_phases_button, Qt.MouseButton.LeftButton)
    names = read(path, lambda ws: [p.name for p in list_phases(ws, plan.id)])
    assert names == list(DEFAULT_PHASES)
    assert window.undo_action.text() == "&Undo Add Default Phases"
    assert not editor.default_phases_button.isVisible()
    assert editor.add_button.isEnabled()
    window.undo_action.trigger()
    assert read(path, lambda ws: list_phases(ws, plan.id)) == []
    assert editor.default_phases_button.isVisible()
    window.close()


def test_a_new_plan_gets_its_phases_in_the_same_undo_step(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    plan_id = window.plan_id
    assert plan_id is not None and plan_id != DEMO_PLAN_ID
    names = read(demo_path, lambda ws: [p.name for p in list_phases(ws, plan_id)])
    assert names == list(DEFAULT_PHASES)
    assert window.undo_action.text() == "&Undo New Plan"
    window.undo_action.trigger()
    assert read(demo_path, lambda ws: [p.name for p in list_plans(ws)]) == ["Checkout service"]
    assert read(demo_path, lambda ws: list_phases(ws, plan_id)) == []
    window.redo_action.trigger()
    names = read(demo_path, lambda ws: [p.name for p in list_phases(ws, plan_id)])
    assert names == list(DEFAULT_PHASES)


def test_create_plan_and_default_phases_edit(ws: Workspace) -> None:
    plan = new_plan("Search")
    create_plan(ws, plan)
    assert [p.name for p in list_phases(ws, plan.id)] == list(DEFAULT_PHASES)

    bare = new_plan("Bare")
    insert_plan(ws, bare)
    edit = edits.add_default_phases(bare.id)
    edit.apply(ws)
    ids = [p.id for p in list_phases(ws, bare.id)]
    assert len(ids) == 5
    edit.revert(ws)
    assert list_phases(ws, bare.id) == []
    edit.apply(ws)  # redo: the same phases, under the same ids
    assert [p.id for p in list_phases(ws, bare.id)] == ids
    again = edits.add_default_phases(bare.id)
    again.apply(ws)
    assert again.changes == (), "a plan that has phases gets none added"
