"""Starting the GUI: the application object, the workspace to open, the main window."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from sreplan import __version__, paths
from sreplan.features import open_workspace
from sreplan.kernel import Workspace, WorkspaceError
from sreplan.ui import dialogs
from sreplan.ui.crash import install_excepthooks
from sreplan.ui.fields import AppUndoKeys
from sreplan.ui.main_window import MainWindow


class _FirstPaint(QObject):
    """Calls back once the window has painted for the first time."""

    def __init__(self, on_paint: Callable[[], object]) -> None:
        super().__init__()
        self._on_paint = on_paint
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._on_paint)
        return False


def open_default_workspace() -> Workspace:
    """The workspace in the user data folder, created with the demo plan on first run."""
    path = paths.default_workspace()
    fresh = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    ws = open_workspace(path, create=True)
    if fresh and not ws.read_only:
        # Every feature's seeder: needed on first run only.
        from sreplan.features import seed_demo_workspace

        seed_demo_workspace(ws)
    return ws


def make_settings() -> QSettings:
    return QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("SRE Plan")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SRE Plan")
    app.setDesktopFileName("sreplan")
    icon = Path(__file__).resolve().parent.parent / "data" / "sreplan.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    undo_keys = AppUndoKeys(app)
    app.installEventFilter(undo_keys)
    return app


def _warm_up_store() -> None:
    """Import sqlite-utils in the background so the first edit does not pay for it."""
    # Not a daemon: a daemon thread still importing at interpreter exit can abort Python.
    threading.Thread(target=lambda: __import__("sqlite_utils"), name="store-warm-up").start()


def run_gui(file: str | None, *, exit_after_startup: bool = False) -> int:
    app = make_application(sys.argv[:1])
    ws: Workspace | None = None
    if file is not None:
        try:
            ws = open_workspace(Path(file), create=True)
        except WorkspaceError as exc:
            if exit_after_startup:
                print(f"sreplan: error: {exc}", file=sys.stderr)
                return 2
            dialogs.show_error(
                None, "Cannot open workspace", f"{exc}\n\nOpening your default workspace instead."
            )
    if ws is None:
        try:
            ws = open_default_workspace()
        except WorkspaceError as exc:
            if not exit_after_startup:
                dialogs.show_error(None, "Cannot open workspace", str(exc))
            print(f"sreplan: error: {exc}", file=sys.stderr)
            return 2
    window = MainWindow(ws, make_settings())
    install_excepthooks(app, lambda: window.ws.path)
    painted = _FirstPaint(app.quit if exit_after_startup else _warm_up_store)
    window.installEventFilter(painted)
    window.show()
    return app.exec()
