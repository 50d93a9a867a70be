"""The Architecture section driven as a person would, then checked on disk."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sreplan.architecture.store import component_to_row, new_component
from sreplan.architecture.ui.editor import ArchitectureEditor
from sreplan.features import open_workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.ui.main_window import MainWindow
from tests import badfiles
from tests.qt_helpers import answering, make_window


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return badfiles.demo_workspace(tmp_path / "demo.sreplan")


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    yield win
    # An open cell editor commits when the window hides; main_window.closeEvent closes the
    # workspace first, so commit it while the file is still open (see the report).
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()
    win.close()


def arch(window: MainWindow) -> ArchitectureEditor:
    editor = window.editor("architecture")
    assert isinstance(editor, ArchitectureEditor)
    QApplication.processEvents()  # the layout shows a newly added editor on the next loop
    return editor


def on_disk(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    ws = open_workspace(path, read_only=True)
    try:
        return ws.rows(sql, params)
    finally:
        ws.close()


def test_meeting_mode_captures_a_finding_durably_and_undoes_it(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    meeting: Any = arch(window).page("meeting")
    qtbot.waitUntil(lambda: meeting.capture_title.hasFocus())
    session = meeting.session_id
    assert session is not None and "Walk the checkout request path" in meeting.agenda.toPlainText()
    qtbot.keyClicks(meeting.capture_title, "Retry storm risk on inventory calls")
    qtbot.keyClick(meeting.capture_title, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert meeting.capture_risk.currentData() == "high"
    with qtbot.waitSignal(meeting.captured):
        qtbot.keyClick(meeting.capture_title, Qt.Key.Key_Return)
    rows = on_disk(
        demo_path,
        "SELECT title, risk, session_id, status FROM findings WHERE title LIKE 'Retry storm%'",
    )
    assert rows == [
        {
            "title": "Retry storm risk on inventory calls",
            "risk": "high",
            "session_id": session,
            "status": "open",
        }
    ]
    assert meeting.capture_title.text() == "" and meeting.capture_title.hasFocus()
    titles = [meeting.findings.record(r)["title"] for r in range(meeting.findings.rowCount())]
    assert titles[:2] == [
        "Retry storm risk on inventory calls",
        "Orders database has untested backups",
    ]

    qtbot.keyClick(meeting.capture_title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(demo_path, "SELECT 1 FROM findings WHERE title LIKE 'Retry storm%'") == []
    assert meeting.findings.rowCount() == 3

    qtbot.keyClick(meeting.capture_title, Qt.Key.Key_Return)  # empty: refused, nothing stored
    assert meeting.capture_error.isVisible()
    assert len(on_disk(demo_path, "SELECT id FROM findings")) == 5


def test_lint_accept_and_dismiss_with_undo(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    lint: Any = arch(window).page("lint")
    first = lint.current()
    assert first is not None and first.title == "No timeout on Checkout API → Inventory service"
    assert not lint.dismiss_button.isEnabled()
    qtbot.mouseClick(lint.accept_button, Qt.MouseButton.LeftButton)
    rows = on_disk(
        demo_path, "SELECT title, lint_key FROM findings WHERE lint_key = ?", (first.key,)
    )
    assert rows == [{"title": first.title, "lint_key": first.key}]
    assert lint.model.row_of(first.key) == -1
    window.undo_action.trigger()
    assert on_disk(demo_path, "SELECT 1 FROM findings WHERE lint_key = ?", (first.key,)) == []
    assert lint.model.row_of(first.key) == 0

    lint.view.selectRow(lint.model.row_of(first.key))
    qtbot.keyClicks(lint.reason, "Client library enforces a 2 s deadline")
    assert lint.dismiss_button.isEnabled()
    qtbot.keyClick(lint.reason, Qt.Key.Key_Return)
    assert on_disk(
        demo_path, "SELECT reason FROM lint_dismissals WHERE lint_key = ?", (first.key,)
    ) == [{"reason": "Client library enforces a 2 s deadline"}]
    lint.show_dismissed.setChecked(True)
    lint.view.selectRow(lint.model.row_of(first.key))
    assert "Client library enforces" in lint.dismissal.text()


def test_inventory_edits_refuse_self_dependencies_and_duplicate_names(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    inventory: Any = arch(window).page("inventory")
    qtbot.mouseClick(inventory.add_component_button, Qt.MouseButton.LeftButton)
    new_row = inventory.components.rowCount() - 1
    index = inventory.components.index(new_row, 0)
    messages: list[str] = []
    with answering(seen=messages):
        assert not inventory.components.setData(index, "orders DATABASE")
    assert "already a component named" in messages[0]
    assert inventory.components.setData(index, "Search service")
    inventory.source_combo.setCurrentIndex(inventory.source_combo.findText("Search service"))
    inventory.target_combo.setCurrentIndex(inventory.target_combo.findText("Search service"))
    qtbot.mouseClick(inventory.add_dependency_button, Qt.MouseButton.LeftButton)
    assert inventory.dependency_error.isVisible()
    assert "itself" in inventory.dependency_error.text()
    inventory.target_combo.setCurrentIndex(inventory.target_combo.findText("Orders database"))
    qtbot.mouseClick(inventory.add_dependency_button, Qt.MouseButton.LeftButton)
    deps = on_disk(
        demo_path,
        "SELECT s.name AS source, t.name AS target FROM dependencies d "
        "JOIN components s ON s.id = d.source_id JOIN components t ON "
        "t.id = d.target_id WHERE s.name = 'Search service'",
    )
    assert deps == [{"source": "Search service", "target": "Orders database"}]
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert (
        on_disk(
            demo_path,
            "SELECT 1 FROM components WHERE name LIKE 'Search%' OR name LIKE 'New component%'",
        )
        == []
    )


def test_accepted_risk_needs_a_reason_in_the_form(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    findings: Any = arch(window).page("findings")
    findings.view.selectRow(0)
    form = findings.form
    fid = form.finding_id
    assert fid is not None and form.reason_edit.text() == ""
    form.status_combo.setCurrentIndex(form.status_combo.findData("accepted_risk"))
    form.status_combo.activated.emit(form.status_combo.currentIndex())
    assert form.status_error.isVisible()
    assert (
        on_disk(demo_path, "SELECT status FROM findings WHERE id = ?", (fid,))[0]["status"]
        == "open"
    )
    assert form.reason_edit.hasFocus()
    qtbot.keyClicks(form.reason_edit, "Restore drill booked with the DBA team")
    assert form.status_combo.currentData() == "accepted_risk"  # still waiting for the reason
    qtbot.keyClick(form.reason_edit, Qt.Key.Key_Tab)
    assert on_disk(
        demo_path, "SELECT status, status_reason FROM findings WHERE id = ?", (fid,)
    ) == [{"status": "accepted_risk", "status_reason": "Restore drill booked with the DBA team"}]


def test_item_models_pass_the_model_tester(qtmodeltester: Any, window: MainWindow) -> None:
    editor = arch(window)
    pages: Any = editor.pages
    models = [
        pages["inventory"].components,
        pages["inventory"].dependencies,
        pages["lint"].model,
        pages["findings"].model,
        pages["sessions"].model,
        pages["decisions"].model,
        pages["decisions"].form.options,
        pages["catalog"].model,
        pages["meeting"].findings,
    ]
    for model in models:
        assert model.rowCount() > 0, type(model).__name__
        qtmodeltester.check(model, force_py=True)


def test_diagram_draws_lazily_and_follows_edits(qtbot: QtBot, window: MainWindow) -> None:
    editor = arch(window)
    diagram: Any = editor.pages["diagram"]
    assert diagram.figure is None  # nothing drawn while hidden
    editor.page("diagram")
    qtbot.waitUntil(lambda: diagram.figure is not None)
    first = diagram.figure
    assert "9 components, 10 dependencies" in diagram.caption.text()
    row = component_to_row(DEMO_PLAN_ID, new_component("Search service"), 50)
    window.ops.insert("components", [row], "Add Component", DEMO_PLAN_ID)
    qtbot.waitUntil(lambda: diagram.figure is not first)
    assert "10 components" in diagram.caption.text()


def test_catalog_search_and_own_entries(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    catalog: Any = arch(window).page("catalog")
    qtbot.keyClicks(catalog.search, "circuit")
    names = [catalog.model.entry(r).name for r in range(catalog.model.rowCount())]
    assert "Circuit breaker" in names
    qtbot.keyClicks(catalog.new_name, "Cell-based architecture")
    qtbot.mouseClick(catalog.add_button, Qt.MouseButton.LeftButton)
    assert on_disk(
        demo_path, "SELECT name FROM catalog_entries WHERE plan_id = ?", (DEMO_PLAN_ID,)
    ) == [{"name": "Cell-based architecture"}]


def test_the_section_does_not_import_matplotlib_until_the_diagram_shows() -> None:
    code = (
        "import sys, sreplan.architecture.ui.editor as e; e._tabs(); "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.stdout.strip() == "False"


def test_a_read_only_workspace_shows_everything_and_edits_nothing(
    qtbot: QtBot, demo_path: Path
) -> None:
    demo_path.chmod(0o444)
    win = make_window(demo_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        assert win.ops.read_only
        editor = arch(win)
        pages: Any = editor.pages
        assert pages["inventory"].components.rowCount() == 9
        assert not pages["inventory"].add_component_button.isEnabled()
        assert pages["lint"].model.rowCount() > 0 and not pages["lint"].accept_button.isEnabled()
        assert not pages["findings"].form.widget().isEnabled()
        assert not pages["meeting"].capture_title.isEnabled()
        assert not pages["decisions"].import_button.isEnabled()
    finally:
        win.close()
        demo_path.chmod(0o644)


def test_notes_preview_loads_no_resources(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    sessions: Any = arch(window).page("sessions")
    preview = sessions.form.preview
    image = QTextDocument.ResourceType.ImageResource.value
    local, remote = QUrl("file:///etc/hostname"), QUrl("https://example.com/x.png")
    preview.show_markdown("# Notes\n\n![diagram](file:///etc/hostname) "
                          "![remote](https://example.com/x.png) [link](https://example.com)"
                          '\n\n<img src="file:///etc/hostname">')
    preview.grab()  # paint it, which is when images are asked for
    assert "Notes" in preview.toPlainText()
    document = preview.document()
    for url in (local, remote):
        loaded = document.resource(image, url)
        assert loaded is None or loaded.isNull(), url  # nothing read from disk or network
    assert '<img src="file:///etc/hostname">' in preview.toPlainText()  # raw HTML stays text
    assert not preview.openLinks() and not preview.openExternalLinks()


def test_adr_import_is_one_undoable_step(qtbot: QtBot, window: MainWindow, demo_path: Path,
                                         fixtures_dir: Path) -> None:
    decisions: Any = arch(window).page("decisions")
    notices = decisions.import_paths([fixtures_dir / "madr"])
    assert notices[0] == "Imported 5 ADRs."
    assert any("missing status; date" in n for n in notices)
    count = "SELECT count(*) AS n FROM adrs"
    assert on_disk(demo_path, count) == [{"n": 7}]
    assert decisions.model.rowCount() == 7
    window.undo_action.trigger()
    assert on_disk(demo_path, count) == [{"n": 2}]


def test_stateless_components_show_no_replication(window: MainWindow) -> None:
    inventory: Any = arch(window).page("inventory")
    model = inventory.components
    names = [model.record(r)["name"] for r in range(model.rowCount())]
    api = names.index("Checkout API")
    database = names.index("Orders database")
    replication = [c.key for c in model._columns].index("replication")
    assert model.index(api, replication).data() == "—"
    assert model.index(database, replication).data() == "Async"


def test_the_chain_limit_is_the_plans_and_undoable(qtbot: QtBot, window: MainWindow,
                                                  demo_path: Path) -> None:
    editor = arch(window)
    lint: Any = editor.page("lint")
    meeting: Any = editor.pages["meeting"]

    def deep_chain_listed(panel: Any) -> bool:
        return any(panel.model.suggestion(r).rule.value == "sync_chain"
                   for r in range(panel.model.rowCount()))

    assert deep_chain_listed(lint) and deep_chain_listed(meeting.lint)
    lint.depth_spin.setValue(4)
    assert on_disk(demo_path, "SELECT max_sync_depth FROM architecture_settings") == [
        {"max_sync_depth": 4}]
    assert not deep_chain_listed(lint) and not deep_chain_listed(meeting.lint)
    window.undo_action.trigger()
    assert lint.depth_spin.value() == 3 and deep_chain_listed(meeting.lint)
