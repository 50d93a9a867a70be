"""The Changes section and the portfolio view, driven as a person would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sreplan.capacity.store import list_events
from sreplan.features import open_workspace, seed_demo_workspace
from sreplan.kernel.ids import stable_id
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.portfolio.demo import LEDGER_PLAN_ID
from sreplan.ui.app import make_application
from sreplan.ui.operations import Operations
from sreplan.ui.sections import SectionContext
from sreplan.upcoming import store
from sreplan.upcoming.ui.editor import ChangesEditor
from tests.conftest import DEMO_DATE
from tests.qt_helpers import make_window

ONE_TAP = stable_id(f"demo/upcoming/{DEMO_PLAN_ID}/one-tap")


@pytest.fixture
def editor(tmp_path: Path, qtbot: QtBot) -> Iterator[ChangesEditor]:
    ws = open_workspace(tmp_path / "demo.sreplan", create=True)
    seed_demo_workspace(ws, DEMO_DATE)
    make_application([])
    widget = ChangesEditor(SectionContext(Operations(ws), None))  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.set_plan(DEMO_PLAN_ID)
    yield widget
    ws.close()


def _stored_factor(editor: ChangesEditor) -> float | None:
    row = store.change_row(editor.model._ops.ws, ONE_TAP)
    assert row is not None
    return row["load_factor"]


def _event_factor(editor: ChangesEditor) -> float:
    events = list_events(editor.model._ops.ws, DEMO_PLAN_ID)
    return next(e.multiplier for e in events if e.name == "One-tap checkout in the mobile app")


def test_a_load_factor_of_0_or_1000_is_refused_at_the_field(
    editor: ChangesEditor, qtbot: QtBot
) -> None:
    editor.view.selectRow(editor.model.row_of(ONE_TAP))
    form = editor.form
    assert form.change_id == ONE_TAP and form.factor_edit.text() == "1.3"
    field = form.factor_edit
    for bad, words in (("0", "more than 0"), ("1000", "more than 100")):
        field.selectAll()
        qtbot.keyClicks(field, bad)
        assert form.factor_error.isVisible()
        assert words in form.factor_error.text()
        assert _stored_factor(editor) == 1.3 and _event_factor(editor) == 1.3
    field.selectAll()
    qtbot.keyClicks(field, "2")
    assert not form.factor_error.isVisible()
    assert _stored_factor(editor) == 2.0 and _event_factor(editor) == 2.0
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    editor.model._ops.undo()
    assert _stored_factor(editor) == 1.3 and _event_factor(editor) == 1.3
    assert field.text() == "1.3"


def test_flagged_changes_show_why(editor: ChangesEditor) -> None:
    partition = stable_id(f"demo/upcoming/{DEMO_PLAN_ID}/partitions")
    editor.view.selectRow(editor.model.row_of(partition))
    assert editor.form.flags_label.isVisible()
    assert "Orders database has 1 open High finding" in editor.form.flags_label.text()
    column = [c.title for c in editor.columns].index("Flagged")
    index = editor.model.index(editor.model.row_of(partition), column)
    assert editor.model.data(index) == "Orders database has 1 open High finding"


def test_new_change_is_undoable(editor: ChangesEditor, qtbot: QtBot) -> None:
    before = editor.model.rowCount()
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == before + 1
    qtbot.keyClicks(editor.form.title_edit, "Dark launch of search v2")
    qtbot.keyClick(editor.form.title_edit, Qt.Key.Key_Tab)
    assert "Dark launch of search v2" in {
        c.title for c in store.list_changes(editor.model._ops.ws, DEMO_PLAN_ID)
    }
    ops = editor.model._ops
    ops.undo()
    ops.undo()
    assert editor.model.rowCount() == before


def test_the_window_shows_the_portfolio_when_no_plan_is_selected(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo_workspace(ws, DEMO_DATE)
    ws.close()
    window = make_window(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.portfolio_button, Qt.MouseButton.LeftButton)
    view = window.portfolio
    assert view is not None and window.right.currentWidget() is view
    assert view.proxy.rowCount() == 3  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.complete)  # type: ignore[attr-defined]
    texts = {
        view.model.rows[r].service: view.model.data(view.model.index(r, 5))  # type: ignore[attr-defined]
        for r in range(3)
    }
    assert texts["Payments ledger"] == "1"  # one open High finding
    qtbot.keyClicks(view.search, "Discovery")  # type: ignore[attr-defined]
    assert view.proxy.rowCount() == 1  # type: ignore[attr-defined]
    index = view.proxy.index(0, 0)  # type: ignore[attr-defined]
    view.open_plan.emit(index.data(Qt.ItemDataRole.UserRole))  # type: ignore[attr-defined]
    assert window.plan_name() == "Search service"
    assert window.right.currentWidget() is window.tabs


def test_portfolio_pdf_export_runs_in_a_child_process(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo_workspace(ws, DEMO_DATE)
    ws.close()
    window = make_window(path)
    qtbot.addWidget(window)
    window.show()
    window.select_plan(None)
    view = window.portfolio
    assert view is not None
    out = tmp_path / "portfolio.pdf"
    with qtbot.waitSignal(view.exported, timeout=60_000) as ended:  # type: ignore[attr-defined]
        view.export_pdf(out)  # type: ignore[attr-defined]
    assert ended.args == ["Wrote portfolio.pdf"]
    assert len(PdfReader(out).pages) == 1


def test_an_edit_to_one_plan_refigures_only_that_plan(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo_workspace(ws, DEMO_DATE)
    ws.close()
    window = make_window(path)
    qtbot.addWidget(window)
    window.show()
    view: Any = window.portfolio
    assert view is not None and window.right.currentWidget() is view  # opens on it
    qtbot.waitUntil(lambda: view.complete)
    finding = stable_id(f"demo/portfolio/{LEDGER_PLAN_ID}/finding")
    window.ops.set_fields("findings", finding, {"status": "resolved"}, "Resolve", LEDGER_PLAN_ID)
    rows = view.model.rows
    assert [r.service for r in rows if not r.complete] == ["Payments ledger"]
    qtbot.waitUntil(lambda: view.complete)
    ledger = next(r for r in view.model.rows if r.plan_id == LEDGER_PLAN_ID)
    assert (ledger.open_p0, ledger.overdue_actions) == (0, 0)
