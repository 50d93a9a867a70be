"""File › Export Report…: driven as a person would, then the PDF checked on disk."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QProcess, Qt, QThread, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sreplan.cli import main
from sreplan.reporting import registry
from sreplan.ui import report_export, report_job
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
    assert titles(pdf)[:3] == ["Executive summary", "Contents", "Overview and stakeholders"]
    assert "Exported" in window.statusBar().currentMessage()
    assert window.settings.value("reports/folder") == str(pdf.parent)


def test_meeting_pack_and_custom_sections(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, opened: list[str]
) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.preset_buttons[registry.Preset.MEETING].click()
    assert "meeting pack" in dialog.path_edit.text()
    assert not dialog.section_boxes["actions"].isChecked()
    assert not dialog.section_boxes["overview"].isChecked()  # no stakeholder table
    assert dialog.section_boxes["architecture"].isChecked()

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


def test_the_open_workspace_is_never_a_report_target(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A .pdf name that is the workspace (a hard link) is refused before any work.

    The dialog always writes a .pdf name, so the workspace's own path becomes
    NAME.sreplan.pdf; only another name for the same file can reach it."""
    dialog = open_dialog(qtbot, window)
    workspace = window.ws.path
    link = tmp_path / "report.pdf"
    link.hardlink_to(workspace)
    before = workspace.read_bytes()
    for target in (link,):
        dialog.path_edit.clear()
        qtbot.keyClicks(dialog.path_edit, str(target))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.error.isVisible, timeout=5_000)
        assert "is the workspace itself" in dialog.error.text()
        assert workspace.read_bytes() == before
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
def scratch(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the export's workspace snapshot goes in, to see it cleaned up."""
    folder = tmp_path_factory.mktemp("scratch")
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def inject(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """Make the dialog's child the real command line with a faulty section (report_child.py)."""
    command = [sys.executable, str(Path(__file__).with_name("report_child.py")), fault]
    monkeypatch.setattr(report_job, "child_command", lambda: command)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("demo"))


def process_gone(pid: int) -> bool:
    """Whether no process of the child's group (it leads its own) is left."""
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_cancel_kills_the_child_and_leaves_no_file(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    scratch: Path,
    opened: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inject(monkeypatch, "slow")
    dialog = open_dialog(qtbot, window)
    out = tmp_path / "cancelled.pdf"
    dialog.path_edit.setText(str(out))
    threads = threading.enumerate()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # Progress comes from the child, which is now stuck in the slow section.
    qtbot.waitUntil(lambda: dialog.status.text() == "Preparing Slow part", timeout=20_000)
    assert dialog.progress.isVisible() and dialog.progress.value() > 0
    assert not dialog.export_button.isEnabled() and not dialog.path_edit.isEnabled()
    assert threading.enumerate() == threads and not dialog.findChildren(QThread)
    job = dialog.findChild(report_job.ReportJob)
    assert job is not None and job.running
    pid = job.findChild(QProcess).processId()
    assert os.getpgid(pid) == pid  # it leads its own process group, for Cancel to end
    assert leftovers(scratch) and leftovers(tmp_path)  # the snapshot, the hidden work folder

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.status.text() == "Cancelling…"
    qtbot.waitUntil(lambda: "cancelled" in dialog.status.text(), timeout=20_000)
    assert dialog.status.text() == "Export cancelled; no file was written."
    assert not out.exists() and leftovers(tmp_path) == [] and leftovers(scratch) == []
    assert process_gone(pid)
    assert dialog.export_button.isEnabled() and dialog.isVisible()
    assert opened == []
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (
            "crash",
            "The report could not be made: the export stopped unexpectedly "
            "(Fatal Python error: Segmentation fault).",
        ),
        (
            "fail",
            "The report could not be made because of an internal error: "
            "RuntimeError: the chart engine fell over; details in ",
        ),
    ],
)
def test_a_child_that_dies_shows_an_error_and_the_app_carries_on(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    scratch: Path,
    opened: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    message: str,
) -> None:
    real_command = report_job.child_command
    inject(monkeypatch, fault)
    dialog = open_dialog(qtbot, window)
    out = tmp_path / "broken.pdf"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
    assert dialog.error.text().startswith(message)  # a bug names the child's log file
    assert "report export child failed" in caplog.text  # the whole stderr is in the log
    assert not out.exists() and leftovers(tmp_path) == [] and leftovers(scratch) == []
    assert dialog.isVisible() and dialog.export_button.isEnabled() and dialog.path_edit.isEnabled()
    assert not dialog.progress.isVisible()

    # The app is still here and the next export, without the fault, works.
    assert window.isVisible() and window.plan_name() == "Checkout service"
    monkeypatch.setattr(report_job, "child_command", real_command)
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"%PDF") and opened == [str(out)]
    assert leftovers(tmp_path) == ["broken.pdf"] and leftovers(scratch) == []


def test_a_frozen_app_runs_itself_as_the_child(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    opened: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a PyInstaller bundle sys.executable is the app: its command line is the CLI."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    app = bundle / "sreplan"
    # What build.spec's launcher does, plus a note of the arguments it was given.
    app.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        f"pathlib.Path({str(bundle / 'argv.txt')!r}).write_text('\\n'.join(sys.argv[1:]))\n"
        "from sreplan.cli import main\n"
        "sys.exit(main())\n",
        encoding="utf-8",
    )
    app.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app))
    dialog = open_dialog(qtbot, window)
    dialog.preset_buttons[registry.Preset.MEETING].click()
    out = tmp_path / "frozen.pdf"
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    argv = (bundle / "argv.txt").read_text(encoding="utf-8").splitlines()
    assert argv[0] == "export-pdf" and argv[-3:] == ["--preset", "meeting", "--progress-json"]
    assert titles(out)[0] == "Executive summary"


BUNDLE = os.environ.get("SREPLAN_BUNDLE", "")


@pytest.mark.skipif(not BUNDLE, reason="set SREPLAN_BUNDLE to a built dist/sreplan/sreplan")
def test_the_built_bundle_exports_and_cancels(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    opened: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The manual bundle check: the dialog as the bundle runs it, with the real bundle as
    the child (``pyinstaller build.spec``, then SREPLAN_BUNDLE=$PWD/dist/sreplan/sreplan)."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", BUNDLE)
    dialog = open_dialog(qtbot, window)
    out = tmp_path / "bundle.pdf"
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert titles(out)[:3] == ["Executive summary", "Contents", "Overview and stakeholders"]

    dialog = open_dialog(qtbot, window)
    dialog.path_edit.setText(str(tmp_path / "cancelled.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Preparing"), timeout=60_000)
    job = dialog.findChild(report_job.ReportJob)
    pid = job.findChild(QProcess).processId()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancelled" in dialog.status.text(), timeout=60_000)
    assert leftovers(tmp_path) == ["bundle.pdf"] and process_gone(pid)


def test_the_report_is_the_command_lines_of_the_plan_as_shown(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    opened: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edit made just before is in the report, byte for byte what `sreplan export-pdf`
    makes of the file (which it reads while the app holds it open for writing)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    name = window.editor("overview").name_edit  # type: ignore[attr-defined]
    name.selectAll()
    qtbot.keyClicks(name, "Checkout API")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    dialog = open_dialog(qtbot, window)
    assert "Checkout API" in dialog.path_edit.text()
    out = tmp_path / "ui.pdf"
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not window.ws.read_only  # the app kept its workspace for writing
    cli = tmp_path / "cli.pdf"
    plan = window.plan_id or ""
    assert main(["export-pdf", str(window.ws.path), "--plan", plan, "-o", str(cli)]) == 0
    assert out.read_bytes() == cli.read_bytes()
    assert str(PdfReader(out).metadata.title).startswith("Checkout API")


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


def test_characters_the_font_cannot_print_are_named_after_the_export(
    qtbot: QtBot, tmp_path: Path, opened: list[str]
) -> None:
    from sreplan.features import open_workspace

    path = badfiles.demo_workspace(tmp_path / "cjk.sreplan")
    ws = open_workspace(path)
    with ws.write() as conn:
        conn.execute("UPDATE plans SET name = ?", ["Checkout 结帐 😀"])
    ws.close()
    win = make_window(path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    dialog = open_dialog(qtbot, win)
    dialog.preset_buttons[registry.Preset.CUSTOM].click()
    for box in dialog.section_boxes.values():
        if box.isChecked():
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.section_boxes["overview"], Qt.MouseButton.LeftButton)
    dialog.open_when_done.setChecked(False)
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "cjk.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
    # The PDF is written; the dialog stays open and names what prints as a replacement mark.
    assert (tmp_path / "cjk.pdf").is_file()
    assert dialog.isVisible() and "cannot be printed" in dialog.error.text()
    assert "结" in dialog.error.text() and "😀" in dialog.error.text()
    assert "Exported" in dialog.status.text()
    dialog.reject()
    win.close()
