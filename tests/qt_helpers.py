"""Helpers for driving the real widgets in qtbot tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from sreplan.features import open_workspace
from sreplan.ui.app import make_application, make_settings
from sreplan.ui.main_window import MainWindow


def make_window(path: Path) -> MainWindow:
    make_application([])
    return MainWindow(open_workspace(path, create=True), make_settings())


@contextmanager
def answering(button: str | None = None, seen: list[str] | None = None) -> Iterator[None]:
    """Answer the next modal message box by clicking ``button`` (default: its default)."""
    done = False

    def poll() -> None:
        nonlocal done
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(box.text())
            target: QAbstractButton | None = box.defaultButton()
            for candidate in box.buttons():
                if button is not None and candidate.text().replace("&", "") == button:
                    target = candidate
            if target is None:
                target = box.buttons()[0]
            target.click()
            done = True
        elif not done:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    yield
    assert done, "no dialog was shown"
