"""Meeting mode driven from the keyboard alone, as a lead runs a review, then checked on disk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sreplan.architecture.ui.meeting_screen import NOTES_BURST_MS, TEXT_ZOOM_KEY, MeetingScreen
from sreplan.features import open_workspace
from sreplan.kernel.ids import stable_id
from sreplan.ui.app import make_settings
from sreplan.ui.main_window import MainWindow
from tests import badfiles
from tests.qt_helpers import make_window

SESSION = stable_id("demo/architecture/session/1")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo workspace, seeded once for the module (each test gets its own copy)."""
    return badfiles.demo_workspace(tmp_path_factory.mktemp("demo") / "demo.sreplan").read_bytes()


@pytest.fixture
def demo_path(tmp_path: Path, demo_file: bytes) -> Path:
    path = tmp_path / "demo.sreplan"
    path.write_bytes(demo_file)
    return path


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    screen = win.findChild(MeetingScreen)
    if screen is not None and screen.isVisible():
        screen.leave()
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()
    win.close()


def on_disk(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    ws = open_workspace(path, read_only=True)
    try:
        return ws.rows(sql, params)
    finally:
        ws.close()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


NONE = Qt.KeyboardModifier.NoModifier


def press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    qtbot.keyClick(focused(), key, modifiers)


def enter_meeting(
    qtbot: QtBot, window: MainWindow, key: Qt.Key = Qt.Key.Key_F11, modifiers: Any = NONE
) -> MeetingScreen:
    qtbot.waitUntil(lambda: window.isVisible() and window.isActiveWindow())
    qtbot.keyClick(window, key, modifiers)
    screen = window.findChild(MeetingScreen)
    assert screen is not None
    qtbot.waitUntil(lambda: screen.isVisible() and screen.isActiveWindow())
    return screen


def test_a_meeting_run_from_the_keyboard_is_saved_and_undoable(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    geometry, state = window.geometry(), window.windowState()
    screen = enter_meeting(qtbot, window, Qt.Key.Key_M, CTRL)
    assert screen.isFullScreen() and not window.isVisible() and not window.plan_view.isVisible()
    assert screen.session_id == SESSION
    assert focused() is screen.finding.title_edit
    qtbot.waitUntil(lambda: screen.diagram.figure is not None)

    # The second agenda item is about the orders database: it is outlined on the diagram.
    press(qtbot, Qt.Key.Key_Down, ALT)
    press(qtbot, Qt.Key.Key_Down, ALT)
    current = screen.agenda.current_item
    assert current is not None and current.title.startswith("2. Orders database")
    orders_db = on_disk(demo_path, "SELECT id FROM components WHERE name = 'Orders database'")
    assert screen.diagram.highlighted == orders_db[0]["id"]

    # Finding 1: High, with owner and due date, typed field to field.
    type_text(qtbot, "Restores of the orders database never tested")
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert screen.finding.risk.currentData() == "high"
    for _ in range(3):  # risk, kind, owner
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is screen.finding.owner
    type_text(qtbot, "Priya Raman")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "+2w")
    press(qtbot, Qt.Key.Key_Return)
    assert screen.finding.risk.currentData() == "medium"  # the risk went back to the default
    assert focused() is screen.finding.title_edit and screen.finding.owner.text() == ""

    # Finding 2 takes the default risk, not the High of the one before.
    type_text(qtbot, "Payment provider timeout unknown")
    press(qtbot, Qt.Key.Key_Return)

    # A decision, made a proposed ADR.
    press(qtbot, Qt.Key.Key_D, CTRL)
    type_text(qtbot, "Test a restore of the orders database every month")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "A restore nobody tried is not a backup.")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)

    # Live notes, then the item is done.
    press(qtbot, Qt.Key.Key_T, CTRL)
    assert focused() is screen.notes
    type_text(qtbot, " Lena: provider SLA 99.9")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert screen.agenda.current_item is not None and screen.agenda.current_item.done

    # A new session, its agenda the open items of this one.
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    assert focused() is screen.new_session
    assert screen.new_session.text() == "Follow-up: Checkout architecture review before the sale"
    press(qtbot, Qt.Key.Key_Return)
    follow_up = screen.session_id
    assert follow_up not in (None, SESSION)
    assert screen.agenda.model.rowCount() == 4

    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.isVisible() and window.isActiveWindow())
    assert not screen.isVisible()
    assert window.geometry() == geometry and window.windowState() == state

    # Everything is on disk.
    found = on_disk(
        demo_path,
        "SELECT f.title, f.risk, f.owner, f.due_date, f.session_id, "
        "(SELECT group_concat(c.name) FROM finding_components fc JOIN components c "
        " ON c.id = fc.component_id WHERE fc.finding_id = f.id) AS components "
        "FROM findings f WHERE f.title IN (?, ?) ORDER BY f.created_at, f.rowid",
        ("Restores of the orders database never tested", "Payment provider timeout unknown"),
    )
    today = date.today()
    assert found == [
        {
            "title": "Restores of the orders database never tested",
            "risk": "high",
            "owner": "Priya Raman",
            "due_date": date.fromordinal(today.toordinal() + 14).isoformat(),
            "session_id": SESSION,
            "components": "Orders database",
        },
        {
            "title": "Payment provider timeout unknown",
            "risk": "medium",
            "owner": "",
            "due_date": None,
            "session_id": SESSION,
            "components": "Orders database",
        },
    ]
    decisions = on_disk(
        demo_path,
        "SELECT d.title, d.detail, a.number, a.status, a.title AS adr_title "
        "FROM session_decisions d JOIN adrs a ON a.id = d.adr_id",
    )
    assert decisions == [
        {
            "title": "Test a restore of the orders database every month",
            "detail": "A restore nobody tried is not a backup.",
            "number": 3,
            "status": "proposed",
            "adr_title": "Test a restore of the orders database every month",
        }
    ]
    notes = on_disk(demo_path, "SELECT notes FROM review_sessions WHERE id = ?", (SESSION,))
    assert notes[0]["notes"].endswith("Lena: provider SLA 99.9")
    items = on_disk(
        demo_path,
        "SELECT session_id, title, done, is_current FROM agenda_items ORDER BY session_id = ?, "
        "position",
        (SESSION,),
    )
    assert [(i["title"][:2], i["done"], i["is_current"]) for i in items[4:]] == [
        ("1.", 0, 0), ("2.", 1, 1), ("3.", 0, 0), ("4.", 0, 0), ("5.", 0, 0),
    ]
    assert [i["title"][:2] for i in items[:4] if i["session_id"] == follow_up] == [
        "1.", "3.", "4.", "5.",
    ]

    # And every step undoes, newest first, back to the demo as it was.
    steps = [
        "SELECT 1 FROM review_sessions WHERE id = ?",
        "SELECT 1 FROM agenda_items WHERE done",
        "SELECT 1 FROM review_sessions WHERE notes LIKE '%Lena: provider%'",
        "SELECT 1 FROM adrs WHERE number = 3",
        "SELECT 1 FROM session_decisions",
        "SELECT 1 FROM findings WHERE title LIKE 'Payment provider timeout%'",
        "SELECT 1 FROM findings WHERE title LIKE 'Restores of the orders%'",
        "SELECT 1 FROM agenda_items WHERE is_current",
    ]
    for sql in steps:
        params = (follow_up,) if "?" in sql else ()
        assert on_disk(demo_path, sql, params), sql
        press(qtbot, Qt.Key.Key_Z, CTRL)
        assert not on_disk(demo_path, sql, params), sql
    assert not window.undo_action.isEnabled()


def test_item_timers_run_while_the_item_is_current(
    qtbot: QtBot, window: MainWindow
) -> None:
    now = [1000.0]
    screen = MeetingScreen(window.ops, window.settings, window, clock=lambda: now[0])
    assert window.plan_id is not None
    screen.open(window.plan_id, "Checkout service")
    qtbot.waitUntil(screen.isActiveWindow)
    model = screen.agenda.model
    press(qtbot, Qt.Key.Key_Down, ALT)
    now[0] += 65
    qtbot.waitUntil(lambda: model.index(0, 1).data() == "1:05", timeout=3000)
    press(qtbot, Qt.Key.Key_Down, ALT)
    now[0] += 10
    qtbot.waitUntil(lambda: model.index(1, 1).data() == "0:10", timeout=3000)
    assert model.index(0, 1).data() == "1:05"  # stopped when the next item began
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()
    press(qtbot, Qt.Key.Key_Escape)
    now[0] += 100  # time out of meeting mode does not count
    assert model.index(1, 1).data() == "0:10"


def test_zoom_keys_wheel_and_text_size_persist(qtbot: QtBot, window: MainWindow) -> None:
    screen = enter_meeting(qtbot, window)
    diagram = screen.diagram
    qtbot.waitUntil(lambda: diagram.figure is not None)
    fit = diagram.zoom
    press(qtbot, Qt.Key.Key_Equal, CTRL)
    press(qtbot, Qt.Key.Key_Equal, CTRL)
    assert diagram.zoom == pytest.approx(fit * 1.25 * 1.25)
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert diagram.zoom == pytest.approx(fit * 1.25)
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert diagram.zoom == pytest.approx(fit)
    viewport = diagram.scroll_area.viewport()
    wheel = QWheelEvent(
        QPointF(10, 10), QPointF(viewport.mapToGlobal(QPoint(10, 10))), QPoint(0, 0),
        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert diagram.zoom == pytest.approx(fit * 1.25)
    canvas = diagram.scroll_area.widget()
    assert canvas.width() == round(diagram._inches[0] * diagram._dpi * diagram.zoom)

    size = screen.font().pointSizeF()
    press(qtbot, Qt.Key.Key_Equal, CTRL | ALT)
    assert screen.font().pointSizeF() == pytest.approx(size * 1.1)
    assert make_settings().value(TEXT_ZOOM_KEY) in (110, "110")
    press(qtbot, Qt.Key.Key_Escape)
    again = enter_meeting(qtbot, window, Qt.Key.Key_F11)
    assert again is screen and screen.font().pointSizeF() == pytest.approx(size * 1.1)


def test_bad_input_is_refused_where_it_was_typed(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    screen = enter_meeting(qtbot, window)
    before = on_disk(demo_path, "SELECT count(*) AS n FROM findings")
    press(qtbot, Qt.Key.Key_Return)  # no title
    assert screen.finding.error.isVisible()
    type_text(qtbot, "Queue has no dead-letter handling")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "next week")
    press(qtbot, Qt.Key.Key_Return)
    assert "“next week” is not a date" in screen.finding.error.text()
    assert focused() is screen.finding.due
    assert on_disk(demo_path, "SELECT count(*) AS n FROM findings") == before
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    press(qtbot, Qt.Key.Key_Escape)  # cancels the new session, stays in meeting mode
    assert screen.isVisible() and not screen.new_session.isVisible()


def test_read_only_shows_the_meeting_and_takes_nothing(qtbot: QtBot, demo_path: Path) -> None:
    demo_path.chmod(0o444)
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        assert win.ops.read_only and win.plan_id is not None
        screen = MeetingScreen(win.ops, win.settings, win)
        screen.open(win.plan_id, "Checkout service")
        assert screen.agenda.model.rowCount() == 5
        assert not screen.finding.isEnabled() and not screen.decision.isEnabled()
        assert screen.notes.isReadOnly() and not screen.agenda.add_edit.isEnabled()
        screen.leave()
    finally:
        win.close()
        demo_path.chmod(0o644)


def test_the_agenda_typed_in_the_sessions_form_is_the_meeting_agenda(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    from sreplan.architecture.ui.editor import ArchitectureEditor

    editor = window.editor("architecture")
    assert isinstance(editor, ArchitectureEditor)
    sessions: Any = editor.page("sessions")
    qtbot.waitUntil(lambda: sessions.form.session_id == SESSION)
    agenda = sessions.form.agenda_edit
    agenda.setFocus()
    qtbot.keyClick(agenda, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(agenda, Qt.Key.Key_Return)
    qtbot.keyClicks(agenda, "6. Rollback plan")
    rows = on_disk(demo_path, "SELECT title FROM agenda_items WHERE session_id = ? "
                   "ORDER BY position", (SESSION,))
    assert rows[-1] == {"title": "6. Rollback plan"} and len(rows) == 6
    qtbot.keyClick(agenda, Qt.Key.Key_Z, CTRL)  # the typing is one step
    assert len(on_disk(demo_path, "SELECT 1 FROM agenda_items WHERE session_id = ?",
                       (SESSION,))) == 5


def test_the_component_under_discussion_can_be_chosen_by_keyboard(
    qtbot: QtBot, window: MainWindow, demo_path: Path, qtmodeltester: Any
) -> None:
    screen = enter_meeting(qtbot, window)
    qtbot.waitUntil(lambda: screen.diagram.figure is not None)
    press(qtbot, Qt.Key.Key_Down, ALT)  # 1. Walk the checkout request path: no component named
    assert screen.diagram.highlighted is None
    press(qtbot, Qt.Key.Key_K, CTRL)
    combo = screen.agenda.component_combo
    assert focused() is combo
    press(qtbot, Qt.Key.Key_Down)  # the first component, by name
    chosen = combo.currentData()
    assert chosen is not None and screen.diagram.highlighted == chosen
    stored = on_disk(demo_path, "SELECT component_id FROM agenda_items WHERE is_current")
    assert stored == [{"component_id": chosen}]
    screen.agenda.pause()  # one tester for both models: no timer ticks while it listens
    for model in (screen.agenda.model, screen.log):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_notes_typed_in_two_bursts_are_two_undo_steps(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    screen = enter_meeting(qtbot, window)
    press(qtbot, Qt.Key.Key_T, CTRL)
    type_text(qtbot, " First point.")
    stack = window.ops.stack
    top = stack.command(stack.index() - 1)
    qtbot.waitUntil(lambda: top.sealed, timeout=NOTES_BURST_MS + 3000)  # the typing paused
    type_text(qtbot, " Second point.")
    notes = "SELECT notes FROM review_sessions WHERE id = ?"
    assert on_disk(demo_path, notes, (SESSION,))[0]["notes"].endswith("First point. Second point.")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert on_disk(demo_path, notes, (SESSION,))[0]["notes"].endswith("First point.")
    assert screen.notes.toPlainText().endswith("First point.")
