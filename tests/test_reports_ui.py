"""File › Export Report…: driven as a person would, then the PDF checked on disk."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from reportlab.platypus import Flowable

from sreplan.kernel import Workspace
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.text import para
from sreplan.reporting import registry
from sreplan.ui import report_export
from sreplan.ui.main_window import MainWindow
from sreplan.ui.report_export import ExportReportDialog, suggested_name
from tests import badfiles
from tests.qt_helpers import answering, make_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    win = make_window(badfiles.demo_workspace(tmp_path / "demo.sreplan"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files "opened when done", instead of launching a PDF viewer."""
    urls: list[str] = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            urls.append(url.toLocalFile())
            return True

    monkeypatch.setattr(report_export, "QDesktopServices", FakeDesktop)
    return urls


def open_dialog(qtbot: QtBot, window: MainWindow) -> ExportReportDialog:
    action = next(a for a in window.file_menu.actions() if a.text() == "&Export Report…")
    assert action.shortcut().toString() == "Ctrl+Shift+E"
    before = set(window.findChildren(ExportReportDialog))
    action.trigger()
    new = [d for d in window.findChildren(ExportReportDialog) if d not in before]
    assert len(new) == 1
    dialog = new[0]
    qtbot.waitExposed(dialog)
    return dialog


def titles(path: Path) -> list[str]:
    return [str(e.title) for e in PdfReader(path).outline if not isinstance(e, list)]


def test_export_full_report_and_open_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, opened: list[str]
) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.path_edit.text().endswith(
        suggested_name("Checkout service", registry.Preset.FULL, date.today())
    )
    assert all(box.isChecked() and not box.isEnabled() for box in dialog.section_boxes.values())
    out = tmp_path / "exports" / "checkout"
    out.parent.mkdir()
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(out))
    dialog.open_when_done.setChecked(True)
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    pdf = out.with_suffix(".pdf")
    assert opened == [str(pdf)]
    assert titles(pdf)[:2] == ["Contents", "Overview and stakeholders"]
    assert "Exported" in window.statusBar().currentMessage()
    assert window.settings.value("reports/folder") == str(pdf.parent)


def test_meeting_pack_and_custom_sections(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, opened: list[str]
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.preset_buttons[registry.Preset.MEETING].click()
    assert "meeting pack" in dialog.path_edit.text()
    assert not dialog.section_boxes["actions"].isChecked()
    assert dialog.section_boxes["overview"].isChecked()

    dialog.preset_buttons[registry.Preset.CUSTOM].click()
    assert all(box.isEnabled() for box in dialog.section_boxes.values())
    for box in dialog.section_boxes.values():
        box.setChecked(False)
    assert not dialog.export_button.isEnabled()
    dialog.section_boxes["actions"].click()
    assert dialog.export_button.isEnabled()
    dialog.open_when_done.setChecked(False)
    dialog.path_edit.setText(str(tmp_path / "custom.pdf"))
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        dialog.export_button.click()
    assert titles(tmp_path / "custom.pdf") == ["Contents", "Appendix: open action items"]
    assert opened == []


def test_unwritable_path_shows_a_clear_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    target = tmp_path / "missing" / "r.pdf"
    dialog.path_edit.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
    assert str(target) in dialog.error.text() and "does not exist" in dialog.error.text()
    assert dialog.isVisible() and dialog.export_button.isEnabled() and dialog.path_edit.isEnabled()
    assert not target.parent.exists()
    dialog.reject()


def test_replacing_an_existing_file_asks_first(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, opened: list[str]
) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    dialog = open_dialog(qtbot, window)
    dialog.path_edit.setText(str(out))
    with answering("Cancel"):
        dialog.export_button.click()
    assert out.read_bytes() == b"old"
    with answering("Replace"), qtbot.waitSignal(dialog.finished, timeout=20_000):
        dialog.export_button.click()
    assert out.read_bytes().startswith(b"%PDF")


@pytest.fixture
def slow_section(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """A section that waits until the test lets it go, so Cancel lands mid-export."""
    started, release = threading.Event(), threading.Event()

    def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
        started.set()
        release.wait(20)
        return [para("slow")]

    sections = (*registry.all_sections(), ReportSection("slow", "Slow part", False, build, 50))
    monkeypatch.setattr(
        registry, "all_sections", lambda: tuple(sorted(sections, key=lambda s: s.order))
    )
    monkeypatch.setattr(report_export, "all_sections", registry.all_sections)
    return started, release


def test_cancel_leaves_no_file_and_keeps_the_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, slow_section: Any, opened: list[str]
) -> None:
    started, release = slow_section
    dialog = open_dialog(qtbot, window)
    out = tmp_path / "cancelled.pdf"
    dialog.path_edit.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(started.is_set, timeout=20_000)
    assert dialog.progress.isVisible() and not dialog.export_button.isEnabled()
    assert not dialog.path_edit.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.status.text() == "Cancelling…"
    release.set()
    qtbot.waitUntil(lambda: "cancelled" in dialog.status.text(), timeout=20_000)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo")) == []
    assert dialog.export_button.isEnabled() and dialog.isVisible()
    assert opened == []
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_without_a_plan_it_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.select_plan(None)
    seen: list[str] = []
    with answering(seen=seen):
        report_export.export_report(window)
    assert seen == ["Select a plan to export first."]
    assert QApplication.activeModalWidget() is None


def test_the_dialog_remembers_the_last_choice(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, opened: list[str]
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.preset_buttons[registry.Preset.CUSTOM].click()
    for key, box in dialog.section_boxes.items():
        box.setChecked(key in ("overview", "actions"))
    dialog.path_edit.setText(str(tmp_path / "r.pdf"))
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        dialog.export_button.click()
    again = open_dialog(qtbot, window)
    assert again.preset() is registry.Preset.CUSTOM
    assert again.chosen_keys() == ("overview", "actions")
    assert str(tmp_path) in again.path_edit.text()
    again.reject()
