"""The Incidents section driven as a person would: create, write the postmortem, act, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from sreplan.features import open_workspace, seed_demo
from sreplan.incidents.ui.editor import IncidentsEditor
from sreplan.ui.app import make_application
from sreplan.ui.operations import Operations
from sreplan.ui.sections import SectionContext
from tests.conftest import DEMO_DATE


@pytest.fixture
def editor(tmp_path: Path, qtbot: QtBot) -> Iterator[IncidentsEditor]:
    ws = open_workspace(tmp_path / "demo.sreplan", create=True)
    plan_id = seed_demo(ws, DEMO_DATE)
    make_application([])
    widget = IncidentsEditor(SectionContext(Operations(ws), None))  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.set_plan(plan_id)
    yield widget
    ws.close()


def _disk(editor: IncidentsEditor, sql: str) -> list[tuple[object, ...]]:
    """What the file holds, read through a second connection."""
    other = open_workspace(editor._ops.ws.path, read_only=True)
    try:
        return [tuple(r.values()) for r in other.rows(sql)]
    finally:
        other.close()


def test_log_shows_the_demo_and_its_budget(editor: IncidentsEditor, qtmodeltester: object) -> None:
    qtmodeltester.check(editor.log)  # type: ignore[attr-defined]
    assert editor.log.rowCount() == 2
    assert editor.log.index(1, 6).data() == "30.8 %"
    assert editor.incident is not None and editor.incident.key == "INC-2"
    assert "53.2 % of the budget" in editor.budget.text()
    assert editor.suggestions.count() == 1
    assert "failed to" in editor.suggestions.item(0).text()
    assert "Time to detect: median" in editor.stats.text()


def test_create_write_postmortem_add_action_and_undo(editor: IncidentsEditor, qtbot: QtBot) -> None:
    ops = editor._ops
    qtbot.keyClicks(editor.new_title, "Search returns errors")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.incident is not None and editor.incident.key == "INC-3"
    assert _disk(editor, "SELECT number, title FROM incidents WHERE number = 3") == [
        (3, "Search returns errors")
    ]
    # Timestamps: a wrong order is refused at the field, naming both.
    editor.times["started_at"].setFocus()
    qtbot.keyClicks(editor.times["started_at"], "2026-11-20 10:00 +01:00")
    qtbot.keyClick(editor.times["started_at"], Qt.Key.Key_Return)
    qtbot.keyClicks(editor.times["detected_at"], "2026-11-20 09:50 +01:00")
    qtbot.keyClick(editor.times["detected_at"], Qt.Key.Key_Return)
    assert editor.time_errors["detected_at"].isVisibleTo(editor)
    assert "before impact started" in editor.time_errors["detected_at"].text()
    assert _disk(editor, "SELECT started_at, detected_at FROM incidents WHERE number = 3") == [
        ("2026-11-20T10:00:00+01:00", None)
    ]
    # Write the postmortem: typing is one undo step per field.
    editor.tabs.setCurrentIndex(1)
    summary = editor.sections["summary"]
    summary.setFocus()
    qtbot.keyClicks(summary, "Search failed for 20 minutes.")
    root = editor.sections["root_causes"]
    root.setFocus()
    qtbot.keyClicks(root, "It was human error.")
    assert _disk(editor, "SELECT summary, root_causes FROM incidents WHERE number = 3") == [
        ("Search failed for 20 minutes.", "It was human error.")
    ]
    assert any("human error" in editor.suggestions.item(r).text()
               for r in range(editor.suggestions.count()))  # fmt: skip
    # An action item.
    editor.tabs.setCurrentIndex(2)
    qtbot.keyClicks(editor.action_title, "Add a canary stage to search deploys")
    editor.action_priority.setCurrentIndex(0)  # P0
    qtbot.keyClicks(editor.action_owner, "Aiko Tanaka")
    qtbot.mouseClick(editor.add_action_button, Qt.MouseButton.LeftButton)
    assert _disk(editor, "SELECT a.title, a.priority FROM incident_actions a JOIN incidents i "
                 "ON i.id = a.incident_id WHERE i.number = 3") == [
        ("Add a canary stage to search deploys", "P0")
    ]  # fmt: skip
    assert editor.action_table.rowCount() == 1
    # Undo, step by step, as the Edit menu would.
    assert ops.undo()  # the action item
    assert _disk(editor, "SELECT count(*) FROM incident_actions a JOIN incidents i "
                 "ON i.id = a.incident_id WHERE i.number = 3") == [(0,)]  # fmt: skip
    assert editor.action_table.rowCount() == 0
    assert ops.undo()  # the root causes typing, as one step
    assert _disk(editor, "SELECT root_causes FROM incidents WHERE number = 3") == [("",)]
    assert editor.sections["root_causes"].toPlainText() == ""
    assert ops.redo()
    assert _disk(editor, "SELECT root_causes FROM incidents WHERE number = 3") == [
        ("It was human error.",)
    ]
    while ops.undo():
        pass
    assert _disk(editor, "SELECT count(*) FROM incidents") == [(2,)]


def test_link_slo_and_dismiss_a_suggestion(editor: IncidentsEditor, qtbot: QtBot) -> None:
    editor.select_row(1)  # INC-1
    assert editor.incident is not None and editor.incident.key == "INC-1"
    item = editor.slo_list.item(0)
    assert item.text() == "Checkout availability" and item.checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Unchecked)
    assert _disk(editor, "SELECT count(*) FROM incident_slos l JOIN incidents i "
                 "ON i.id = l.incident_id WHERE i.number = 1") == [(0,)]  # fmt: skip
    assert "Link an SLO" in editor.budget.text()
    assert editor._ops.undo()
    assert "30.8 %" in editor.budget.text()
    editor.select_row(0)  # INC-2, with the demo's suggestion
    editor.tabs.setCurrentIndex(1)
    editor.suggestions.setCurrentRow(0)
    qtbot.keyClicks(editor.dismiss_reason, "Quoted from the on-call log")
    qtbot.mouseClick(editor.dismiss_button, Qt.MouseButton.LeftButton)
    assert editor.suggestions.item(0).text() == "No suggestions."
    assert _disk(editor, "SELECT reason FROM blame_dismissals") == [
        ("Quoted from the on-call log",)
    ]


def test_html_in_a_title_is_shown_as_text(editor: IncidentsEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor.new_title, "<img src=x> <b>bold</b>")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.title.text() == "<img src=x> <b>bold</b>"
    assert editor.log.index(0, 1).data() == "<img src=x> <b>bold</b>"


def test_severity_scale_is_edited_in_the_lists_tab(editor: IncidentsEditor, qtbot: QtBot) -> None:
    editor.tabs.setCurrentIndex(3)
    scale = editor.lists["severities"]
    scale.setPlainText("Critical | everyone is affected\nMinor")
    save = next(b for b in editor.findChildren(QPushButton) if b.text() == "Save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert [editor.severity.itemText(i) for i in range(editor.severity.count())][:2] == [
        "Critical", "Minor",
    ]  # fmt: skip
    # An incident keeps its old level until someone changes it; other edits still work.
    editor.title.setFocus()
    qtbot.keyClicks(editor.title, "!")
    assert _disk(editor, "SELECT title, severity FROM incidents WHERE number = 2") == [
        ("Checkout down: orders database failover took 23 minutes!", "SEV-1")
    ]
    editor._ops.undo()
    editor._ops.undo()
    assert editor.lists["severities"].toPlainText().startswith("SEV-1 | Critical issue")


def test_import_postmortems_is_one_undoable_step(editor: IncidentsEditor) -> None:
    from sreplan.incidents.ui.transfer_actions import import_files
    from tests.qt_helpers import answering

    fixtures = Path(__file__).parent / "fixtures" / "postmortem"
    paths = [
        fixtures / "postmortem-template-pagerduty.md",
        fixtures / "postmortem-template-srebook.md",
    ]
    seen: list[str] = []
    with answering(seen=seen):
        plan = import_files(editor._ops, editor._plan_id or "", paths, editor)
    assert plan is not None and [i.key for i in plan.incidents] == ["INC-3", "INC-4"]
    assert "What Happened" in seen[0]
    assert editor.log.rowCount() == 4
    assert editor._ops.undo()
    assert editor.log.rowCount() == 2
    assert _disk(editor, "SELECT count(*) FROM incidents") == [(2,)]


def test_budget_chart_draws_the_incidents_as_steps(editor: IncidentsEditor) -> None:
    editor.select_row(1)  # INC-1, linked to checkout availability
    editor.tabs.setCurrentWidget(editor.chart_page)
    canvas = editor.chart_canvas
    assert canvas is not None and canvas.isVisible()
    labels = [t.get_text() for t in canvas.figure.axes[0].texts]
    assert labels == ["INC-1", "INC-2"]
    assert editor.chart_slo.currentText() == "Checkout availability"


def test_typing_keeps_spaces_and_undo_reaches_the_focused_field(
    editor: IncidentsEditor, qtbot: QtBot
) -> None:
    editor.title.setFocus()
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "Two words")
    assert editor.title.text() == "Two words"
    assert _disk(editor, "SELECT title FROM incidents WHERE number = 2") == [("Two words",)]
    editor.tabs.setCurrentIndex(1)
    summary = editor.sections["summary"]
    summary.setFocus()
    summary.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(summary, " More.")
    assert summary.toPlainText().endswith("23 minutes later. More.")
    editor._ops.undo()  # Ctrl+Z while the field has focus
    assert not summary.toPlainText().endswith(" More.")
    assert editor._ops.redo()
    assert summary.toPlainText().endswith(" More.")
