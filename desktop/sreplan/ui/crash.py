"""The crash dialog: what a person sees when SRE Plan hits a bug.

``install_excepthooks`` routes every unhandled exception, from the GUI thread,
a Python thread or a QThread, to ``CrashReporter``: the hook writes the traceback
to the log file on the thread it happened on and emits ``crashed``, which Qt
queues to the GUI thread, where one ``CrashDialog`` at a time shows it. Only text
(a ``logs.Crash``) crosses threads; widgets are made on the GUI thread alone.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sreplan import logs

EXIT_BUG = 70  # the exit code after Quit, as for a bug in the CLI

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadingHook = Callable[[threading.ExceptHookArgs], object]


def crash_text(crash: logs.Crash, workspace: Path | None) -> str:
    saved = f" in\n{workspace}" if workspace is not None else "."
    if crash.log_error is None:
        where = f"The details are in the log file\n{crash.log_file}"
    else:
        where = (
            f"The details could not be written to the log file\n{crash.log_file}\n"
            f"({crash.log_error}); Copy Details keeps them."
        )
    return (
        "Sorry, SRE Plan ran into a problem it did not expect.\n\n"
        f"Your edits up to the last one are saved{saved}\n\n"
        f"{where}\n\n"
        "You can go on working, or quit and start SRE Plan again."
    )


class CrashDialog(QDialog):
    """An apology, where the edits are, where the log is; Copy Details, Close, Quit."""

    quit_requested = Signal()

    def __init__(
        self, crash: logs.Crash, workspace: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crash")
        self.setWindowTitle("SRE Plan — Unexpected Problem")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        # Deleted on the GUI thread when it closes, never by Python's garbage collector,
        # which may run on any thread.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details = crash.details
        self.later = 0

        from PySide6.QtWidgets import QStyle  # ~15 ms to set up: paid by a crash, not a start

        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        self.message = QLabel(crash_text(crash, workspace))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.later_note = QLabel()
        self.later_note.setTextFormat(Qt.TextFormat.PlainText)
        self.later_note.setWordWrap(True)
        self.later_note.hide()

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("Copy Details")
        self.copy_button.setAutoDefault(False)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button.clicked.connect(self.reject)
        self.quit_button.clicked.connect(self._quit)

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        layout.addLayout(row)
        layout.addWidget(buttons)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        row.addLayout(text, 1)
        text.addWidget(self.message)
        text.addWidget(self.later_note)
        self.setMinimumWidth(460)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText("Details Copied")

    def add_later(self, crash: logs.Crash) -> None:
        """Another bug while this dialog is open: no second dialog, its details copied too."""
        self.later += 1
        self.details += "\n" + crash.details
        errors = "another error" if self.later == 1 else f"{self.later} more errors"
        self.later_note.setText(f"Since then {errors} happened; Copy Details includes them.")
        self.later_note.show()
        self.copy_button.setText("Copy Details")

    def _quit(self) -> None:
        self.accept()
        self.quit_requested.emit()


class CrashReporter(QObject):
    """Owns the exception hooks and the one crash dialog; lives on the GUI thread."""

    crashed = Signal(object)  # a logs.Crash, emitted on any thread

    def __init__(self, workspace: Callable[[], Path | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.dialog: CrashDialog | None = None  # the last one shown; deleted once closed
        self._quitting = False
        self._dialog_broken = False
        self._installed = False
        self._previous_excepthook: ExceptHook = sys.__excepthook__
        self._previous_threading_excepthook: ThreadingHook = threading.__excepthook__
        # Queued even on the GUI thread: the dialog opens from the event loop, never
        # from inside whatever code just failed.
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        if not self._installed:
            self._previous_excepthook = sys.excepthook
            self._previous_threading_excepthook = threading.excepthook
            sys.excepthook = self.excepthook
            threading.excepthook = self.threading_excepthook
            self._installed = True

    def uninstall(self) -> None:
        if self._installed:
            sys.excepthook = self._previous_excepthook
            threading.excepthook = self._previous_threading_excepthook
            self._installed = False

    # The hooks run on the thread that failed, so they only log and emit. -------------

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if not issubclass(exc_type, Exception):  # KeyboardInterrupt, SystemExit: as before
            self._previous_excepthook(exc_type, exc, tb)
            return
        thread = threading.current_thread()
        where = "the main thread" if thread is threading.main_thread() else f"thread {thread.name}"
        self._report(logs.record_crash(exc_type, exc, tb, where))

    def threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if not issubclass(args.exc_type, Exception):
            self._previous_threading_excepthook(args)
            return
        exc = args.exc_value or RuntimeError(f"{args.exc_type.__name__} without a value")
        name = args.thread.name if args.thread is not None else "unknown"
        self._report(logs.record_crash(args.exc_type, exc, args.exc_traceback, f"thread {name}"))

    def _report(self, crash: logs.Crash) -> None:
        # Once the app is gone (shutting down) emitting fails; the crash is logged already.
        with contextlib.suppress(RuntimeError):
            self.crashed.emit(crash)

    # The GUI thread. ------------------------------------------------------------------

    def dialog_open(self) -> bool:
        return (
            self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible()
        )

    @Slot(object)
    def _show(self, crash: logs.Crash) -> None:
        if self._quitting or self._dialog_broken:
            return
        if self.dialog is not None and self.dialog_open():
            self.dialog.add_later(crash)
            return
        try:
            workspace = self._workspace()
        except Exception:  # the window may be half gone; the dialog matters more
            workspace = None
        try:
            # No parent: a window that is closing must not take the dialog with it.
            self.dialog = CrashDialog(crash, workspace)
        except Exception as exc:  # a bug in this dialog: log it, do not loop on it
            self._dialog_broken = True
            logs.record_crash(type(exc), exc, exc.__traceback__, "the crash dialog")
            return
        self.dialog.quit_requested.connect(self._quit)
        self.dialog.show()
        self.dialog.activateWindow()

    def _quit(self) -> None:
        """Close the windows as usual (a pending edit saves), then exit with 70."""
        self._quitting = True
        try:
            QApplication.closeAllWindows()
        finally:
            QApplication.exit(EXIT_BUG)


def install_excepthooks(app: QApplication, workspace: Callable[[], Path | None]) -> CrashReporter:
    """Show a crash dialog for every bug from now on; ``workspace`` names the open file."""
    logs.configure()
    reporter = CrashReporter(workspace, app)
    reporter.install()
    return reporter
