"""The crash dialog: a bug anywhere (GUI thread, Python thread, QThread) shows it once.

These tests put the app's own hooks in place of pytest-qt's exception capture
(``qt_no_exception_capture``), inject real bugs and wait for the dialog.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sreplan import logs
from sreplan.features import open_workspace
from sreplan.ui.crash import CrashDialog, CrashReporter, install_excepthooks
from tests.qt_helpers import make_window

pytestmark = pytest.mark.qt_no_exception_capture

INJECTED = "injected for the test"


class InjectedError(Exception):
    pass


def bug() -> None:
    raise InjectedError(INJECTED)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return tmp_path / "team <b>plans</b>.sreplan"  # markup must show as typed


@pytest.fixture
def reporter(qapp: QApplication, workspace: Path) -> Iterator[CrashReporter]:
    hooks = (sys.excepthook, threading.excepthook)
    reporter = install_excepthooks(qapp, lambda: workspace)
    yield reporter
    reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == hooks
    if reporter.dialog_open():
        reporter.dialog.close()  # type: ignore[union-attr]
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the closed dialogs
    shiboken6.delete(reporter)  # here, on the GUI thread, not by a later garbage collection
    logs.unconfigure()


def crash_dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


def wait_for_dialog(qtbot: QtBot, reporter: CrashReporter) -> CrashDialog:
    qtbot.waitUntil(reporter.dialog_open)
    assert reporter.dialog is not None
    return reporter.dialog


def log_text() -> str:
    path = logs.log_file()
    return path.read_text("utf-8") if path.exists() else ""


def test_a_bug_in_the_event_loop_shows_the_dialog_and_writes_the_log(
    qtbot: QtBot, reporter: CrashReporter, workspace: Path, qapp: QApplication
) -> None:
    QTimer.singleShot(0, bug)

    dialog = wait_for_dialog(qtbot, reporter)

    text = dialog.message.text()
    assert text.startswith("Sorry, SRE Plan ran into a problem it did not expect.")
    assert f"Your edits up to the last one are saved in\n{workspace}\n" in text
    assert f"The details are in the log file\n{logs.log_file()}\n" in text
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText
    assert "Unhandled InjectedError in the main thread" in log_text()
    assert f"InjectedError: {INJECTED}" in log_text()
    assert "in bug" in log_text()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    details = qapp.clipboard().text()
    assert details.startswith("Unhandled InjectedError in the main thread")
    assert "Traceback (most recent call last):" in details
    assert f"InjectedError: {INJECTED}" in details

    dialog.close_button.click()
    assert not reporter.dialog_open()
    assert crash_dialogs() == []


def test_a_bug_in_a_python_thread_reaches_the_gui_thread(
    qtbot: QtBot, reporter: CrashReporter, qapp: QApplication
) -> None:
    worker = threading.Thread(target=bug, name="import-worker")
    worker.start()
    worker.join()

    dialog = wait_for_dialog(qtbot, reporter)

    assert dialog.thread() is qapp.thread()
    assert "Unhandled InjectedError in thread import-worker" in dialog.details
    assert "[import-worker]" in log_text()  # logged on the thread that failed


def test_a_bug_in_a_qthread_reaches_the_gui_thread(
    qtbot: QtBot, reporter: CrashReporter, qapp: QApplication
) -> None:
    class Worker(QThread):
        def run(self) -> None:
            bug()

    worker = Worker()
    with qtbot.waitSignal(worker.finished):
        worker.start()
    worker.wait()

    dialog = wait_for_dialog(qtbot, reporter)

    assert dialog.thread() is qapp.thread()
    assert f"InjectedError: {INJECTED}" in dialog.details
    assert "Unhandled InjectedError in thread " in log_text()


def test_a_second_bug_is_logged_but_not_shown_twice(
    qtbot: QtBot, reporter: CrashReporter, qapp: QApplication
) -> None:
    QTimer.singleShot(0, bug)
    dialog = wait_for_dialog(qtbot, reporter)

    def second() -> None:
        raise RuntimeError("a second bug while the dialog is open")

    QTimer.singleShot(0, second)
    qtbot.waitUntil(lambda: dialog.later_note.isVisible())

    assert crash_dialogs() == [dialog]
    assert "RuntimeError: a second bug while the dialog is open" in log_text()
    assert (
        dialog.later_note.text() == "Since then another error happened; Copy Details includes them."
    )
    dialog.copy_button.click()
    assert "a second bug while the dialog is open" in qapp.clipboard().text()
    assert INJECTED in qapp.clipboard().text()


def test_bugs_on_many_threads_at_once_show_one_dialog(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    start = threading.Barrier(5)

    def racing_bug() -> None:
        start.wait()
        bug()

    workers = [threading.Thread(target=racing_bug, name=f"racer-{i}") for i in range(5)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    dialog = wait_for_dialog(qtbot, reporter)
    qtbot.waitUntil(lambda: dialog.later == 4)

    assert crash_dialogs() == [dialog]
    assert (
        dialog.later_note.text() == "Since then 4 more errors happened; Copy Details includes them."
    )
    assert dialog.details.count("Unhandled InjectedError in thread racer-") == 5
    assert log_text().count("Unhandled InjectedError in thread racer-") == 5


def test_after_close_the_next_bug_shows_a_new_dialog(qtbot: QtBot, reporter: CrashReporter) -> None:
    QTimer.singleShot(0, bug)
    first = wait_for_dialog(qtbot, reporter)
    first.close_button.click()

    QTimer.singleShot(0, bug)
    second = wait_for_dialog(qtbot, reporter)

    assert second is not first
    assert crash_dialogs() == [second]
    assert log_text().count("Unhandled InjectedError") == 2


def test_quit_closes_the_windows_and_exits_70(
    qtbot: QtBot, reporter: CrashReporter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real exit would also stop every later event loop in this test process.
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: codes.append(code))
    path = tmp_path / "open.sreplan"
    window = make_window(path)
    qtbot.addWidget(window)
    window.show()
    QTimer.singleShot(0, bug)
    dialog = wait_for_dialog(qtbot, reporter)

    dialog.quit_button.click()

    assert codes == [70]
    assert not window.isVisible() and not dialog.isVisible()
    reopened = open_workspace(path)  # closed as usual: its writer lock is free again
    assert not reopened.read_only
    reopened.close()
    QTimer.singleShot(0, bug)  # while quitting: logged, no new dialog
    qtbot.waitUntil(lambda: log_text().count("Unhandled InjectedError") == 2)
    assert crash_dialogs() == []


def test_a_bug_in_the_dialog_itself_is_logged_once_not_looped(
    qtbot: QtBot, reporter: CrashReporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_dialog(*args: object) -> None:
        raise RuntimeError("the crash dialog is broken too")

    monkeypatch.setattr(CrashDialog, "__init__", broken_dialog)
    QTimer.singleShot(0, bug)
    qtbot.waitUntil(lambda: "Unhandled RuntimeError in the crash dialog" in log_text())
    QTimer.singleShot(0, bug)
    qtbot.waitUntil(lambda: log_text().count("Unhandled InjectedError") == 2)

    assert log_text().count("Unhandled RuntimeError") == 1
    assert crash_dialogs() == []


def test_keyboard_interrupt_and_system_exit_keep_their_default_handling(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: seen.append(args[0]))
    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(args.exc_type))
    reporter = install_excepthooks(qapp, lambda: None)
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
        worker = threading.Thread(target=sys.exit, name="exits")
        worker.start()
        worker.join()
    finally:
        reporter.uninstall()
        shiboken6.delete(reporter)
        logs.unconfigure()

    assert seen == [KeyboardInterrupt, SystemExit]
    assert not logs.log_file().exists()


def test_without_a_log_file_the_dialog_says_so(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "home-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("SREPLAN_HOME", str(blocker))
    reporter = install_excepthooks(qapp, lambda: None)
    try:
        QTimer.singleShot(0, bug)
        dialog = wait_for_dialog(qtbot, reporter)
        text = dialog.message.text()
        dialog.close()
    finally:
        reporter.uninstall()
        shiboken6.delete(reporter)
        logs.unconfigure()

    assert "Your edits up to the last one are saved.\n" in text
    assert f"could not be written to the log file\n{blocker / 'logs' / 'sreplan.log'}\n" in text
    assert "Copy Details keeps them." in text


# The app as it runs: inject a bug after start-up, answer the dialog with Quit. -------------

RUN_WITH_A_BUG = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sreplan import cli
from sreplan.ui.crash import CrashDialog

seen = {}

def bug():
    raise ZeroDivisionError("injected after start-up")

def answer(tries=[0]):
    dialogs = [w for w in app.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
    if not dialogs:
        tries[0] += 1
        if tries[0] > 1000:
            app.exit(3)
        else:
            QTimer.singleShot(10, answer)
        return
    seen["text"] = dialogs[0].message.text()
    dialogs[0].quit_button.click()

app = QApplication(sys.argv[:1])
QTimer.singleShot(0, bug)
QTimer.singleShot(0, answer)
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, **seen}))
"""


def test_the_app_shows_the_dialog_for_an_injected_bug_and_quits_with_70(tmp_path: Path) -> None:
    home = tmp_path / "home"
    workspace = tmp_path / "team.sreplan"
    result = subprocess.run(
        [sys.executable, "-c", RUN_WITH_A_BUG, str(workspace)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "SREPLAN_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    log_file = home / "logs" / "sreplan.log"
    assert report["code"] == 70
    assert f"saved in\n{workspace}\n" in str(report["text"])
    assert f"log file\n{log_file}\n" in str(report["text"])
    log = log_file.read_text("utf-8")
    assert "Unhandled ZeroDivisionError in the main thread" in log
    assert "ZeroDivisionError: injected after start-up" in log
    assert "Traceback" not in result.stderr


def test_a_clean_start_makes_no_log_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-m", "sreplan", "--exit-after-startup", str(tmp_path / "a.sreplan")],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "SREPLAN_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert not (home / "logs").exists()
