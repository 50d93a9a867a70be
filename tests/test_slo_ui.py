"""The reliability-goals editor driven as a person would, then checked on disk."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sreplan.features import open_workspace
from sreplan.kernel import records
from sreplan.kernel.ids import new_id
from sreplan.slo.model import Service, Sli, Slo
from sreplan.slo.store import insert_service, insert_sli, slo_to_row
from sreplan.slo.ui.editor import SloEditor, SlosPage
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
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def slos_page(window: MainWindow, qtbot: QtBot | None = None) -> SlosPage:
    editor = window.editor("slos")
    assert isinstance(editor, SloEditor)
    if qtbot is not None:  # a tab's editor is shown once the event loop runs
        qtbot.waitUntil(editor.slos_page.isVisible)
    return editor.slos_page


def stored(path: Path, sql: str, params: tuple[object, ...] = ()) -> object:
    ws = open_workspace(path, read_only=True)
    try:
        return ws.scalar(sql, params)
    finally:
        ws.close()


def select(page: SlosPage, title: str) -> None:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data() == title:
            page.view.selectRow(row)
            return
    raise AssertionError(f"no SLO {title!r} in the list")


def test_models_pass_the_model_tester(qtmodeltester, qtbot: QtBot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = slos_page(window, qtbot)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.panels.alerts)
    qtmodeltester.check(page.panels.downtime)
    qtmodeltester.check(page.dependencies.model)


def test_typing_a_target_updates_the_figures_and_undo_restores_it(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = slos_page(window, qtbot)
    select(page, "Checkout availability")
    assert page.panels.time_label.text().startswith("43.2 min per 30 days")
    assert page.panels.alerts.cell(0, 3) == "14.4×"

    edit = page.form.target_edit
    query = "SELECT target FROM slos WHERE name = 'checkout-availability'"
    edit.selectAll()
    qtbot.keyClicks(edit, "99.99")
    assert page.panels.time_label.text().startswith("4 min 19.2 s")
    assert stored(demo_path, query) == 99.99
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # finishing the field ends one undo step

    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "100")  # "1" and "10" are valid targets on the way; "100" is not
    error = page.form._parsed[1].error
    assert error.isVisible() and "strictly between 0 and 100" in error.text()
    assert stored(demo_path, query) == 99.99  # never the last valid prefix (it stored 10 %)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "99.99" and error.isVisible()  # the old value back, message kept

    window.undo_action.trigger()  # the refused run left no undo step
    assert stored(demo_path, query) == 99.9
    assert stored(demo_path, query) == 99.9
    assert page.panels.time_label.text().startswith("43.2 min")
    window.redo_action.trigger()
    assert stored(demo_path, query) == 99.99


def test_a_bad_window_is_refused_at_the_field(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = slos_page(window, qtbot)
    select(page, "Checkout availability")
    edit = page.form.window_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "30 days")
    assert "not a duration" in page.form._parsed[2].error.text()
    assert (
        stored(demo_path, "SELECT time_window FROM slos WHERE name = 'checkout-availability'")
        == "30d"
    )
    edit.selectAll()
    qtbot.keyClicks(edit, "4w")
    assert (
        stored(demo_path, "SELECT time_window FROM slos WHERE name = 'checkout-availability'")
        == "4w"
    )
    assert page.form.window_words.text() == "= 4 weeks"
    assert page.panels.alerts.cell(0, 3) == "13.44×"  # 2 % × 672 h ÷ 1 h


def test_dependency_warning_shows_for_the_payment_provider(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = slos_page(window, qtbot)
    select(page, "Payment-provider authorisations")
    assert page.panels.dependency_warning.isVisible()
    assert "99.95 % exceeds" in page.panels.dependency_warning.text()
    select(page, "Checkout availability")
    assert not page.panels.dependency_warning.isVisible()


def test_threshold_slis_ask_for_a_threshold(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = slos_page(window, qtbot)
    select(page, "Checkout p99 latency under 800 ms")
    edit = page.form.threshold_edit
    assert edit.isEnabled() and edit.text() == "800"
    edit.selectAll()
    qtbot.keyClicks(edit, "abc")
    assert page.form._parsed[0].error.isVisible()
    assert (
        stored(demo_path, "SELECT objective_value FROM slos WHERE name = 'checkout-latency'") == 800
    )


def test_add_delete_and_undo(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    page = slos_page(window, qtbot)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert stored(demo_path, "SELECT count(*) FROM slos") == 4
    name = page.form.name_edit
    name.selectAll()
    qtbot.keyClicks(name, "search-availability")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert stored(demo_path, "SELECT count(*) FROM slos WHERE name = 'search-availability'") == 1

    select(page, "Checkout availability")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert stored(demo_path, "SELECT count(*) FROM slos") == 3
    # The dependency on it went too, and comes back with it.
    window.undo_action.trigger()
    assert stored(demo_path, "SELECT count(*) FROM slos") == 4
    assert stored(demo_path, "SELECT count(*) FROM slo_dependencies") == 4


def test_filter_and_sort(qtbot: QtBot, window: MainWindow) -> None:
    page = slos_page(window, qtbot)
    qtbot.keyClicks(page.filter_edit, "payments")
    assert page.proxy.rowCount() == 1
    page.filter_edit.clear()
    page.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # target, as a number
    assert [page.proxy.index(r, 3).data() for r in range(3)] == ["99.95 %", "99.9 %", "99 %"]


def test_chart_is_drawn_lazily(qtbot: QtBot, window: MainWindow) -> None:
    page = slos_page(window, qtbot)
    select(page, "Checkout availability")
    qtbot.waitUntil(lambda: page.chart_canvas is not None, timeout=5000)
    axes = page.chart_canvas.figure.axes
    assert axes and "Checkout availability" in axes[0].get_title(loc="left")


def test_editing_the_alert_policy(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    editor = window.editor("slos")
    assert isinstance(editor, SloEditor)
    model = editor.policies_page.alerts.model
    errors: list[str] = []
    model.edit_error = errors.append
    index = model.index(0, 3)
    assert not model.setData(index, "250")
    assert errors and "at most 100" in errors[0]
    assert model.setData(index, "4")
    assert stored(demo_path, "SELECT budget_spent FROM alert_policy_rules WHERE position = 0") == 4
    page = editor.slos_page
    select(page, "Checkout availability")
    assert page.panels.alerts.cell(0, 3) == "28.8×"
    window.undo_action.trigger()
    assert page.panels.alerts.cell(0, 3) == "14.4×"


def test_three_hundred_slos_open_sort_and_edit(qtbot: QtBot, tmp_path: Path) -> None:
    """300 SLOs load, sort and take an edit (timings: tests/benchmarks/bench_slo.py)."""
    path = badfiles.demo_workspace(tmp_path / "big.sreplan")
    ws = open_workspace(path)
    plan = str(ws.scalar("SELECT id FROM plans"))
    service, sli = Service(new_id(), plan, "bulk"), Sli(new_id(), plan, "bulk-sli")
    insert_service(ws, service)
    insert_sli(ws, sli)
    records.insert(
        ws,
        "slos",
        [
            slo_to_row(Slo(new_id(), plan, service.id, sli.id, f"slo-{i:03}", target=99 + i / 1000))
            for i in range(300)
        ],
    )
    ws.close()
    win = make_window(path)
    qtbot.addWidget(win)
    win.show()
    page = slos_page(win)
    assert page.model.rowCount() == 303
    page.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    select(page, "slo-150")
    page.form.target_edit.selectAll()
    qtbot.keyClicks(page.form.target_edit, "99.5")
    win.close()
    ws = open_workspace(path, read_only=True)
    assert ws.scalar("SELECT target FROM slos WHERE name = 'slo-150'") == 99.5
    ws.close()


def test_main_window_starts_without_matplotlib(demo_path: Path) -> None:
    code = (
        "import sys; from tests.qt_helpers import make_window; "
        f"w = make_window(__import__('pathlib').Path({str(demo_path)!r})); w.show(); "
        "w.editor('slos'); "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


def test_openslo_import_in_the_app_is_one_undoable_step(
    qtbot: QtBot, window: MainWindow, demo_path: Path, fixtures_dir: Path
) -> None:
    from sreplan.slo.ui.openslo_actions import export_file, import_files

    page = slos_page(window, qtbot)
    plan = str(window.plan_id)
    files = sorted((fixtures_dir / "openslo").glob("*.yaml"))
    seen: list[str] = []
    with answering(seen=seen):  # the warning about 1m being one minute
        summary = import_files(window.ops, plan, files, window)
    assert summary is not None and summary.slos == 5
    assert any("1m is 1 minute" in text for text in seen)
    assert page.model.rowCount() == 8
    assert stored(demo_path, "SELECT count(*) FROM slos") == 8
    assert window.undo_action.text() == "&Undo Import 5 SLOs"
    window.undo_action.trigger()
    assert stored(demo_path, "SELECT count(*) FROM slos") == 3
    assert stored(demo_path, "SELECT count(*) FROM services") == 2
    assert page.model.rowCount() == 3
    window.redo_action.trigger()
    assert stored(demo_path, "SELECT count(*) FROM slos") == 8

    out = demo_path.with_name("out.yaml")
    export_file(window.ops, plan, out)
    assert out.read_text().count("kind: SLO\n") == 8


def test_a_bad_openslo_file_in_the_app_imports_nothing(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    from sreplan.slo.ui.openslo_actions import import_files

    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: openslo/v9\nkind: SLO\n", encoding="utf-8")
    seen: list[str] = []
    with answering(seen=seen):
        assert import_files(window.ops, str(window.plan_id), [bad], window) is None
    assert "bad.yaml, document 1, apiVersion" in seen[0] and "Nothing was imported" in seen[0]
    assert stored(demo_path, "SELECT count(*) FROM slos") == 3
    assert not window.undo_action.isEnabled()


def test_reimporting_openslo_in_the_app_updates_in_one_undo_step(
    qtbot: QtBot, window: MainWindow, demo_path: Path, fixtures_dir: Path, tmp_path: Path
) -> None:
    from sreplan.slo.ui.openslo_actions import import_files

    slos_page(window, qtbot)
    plan = str(window.plan_id)
    source = fixtures_dir / "openslo" / "budgeting-method--occurences-slo.yaml"
    with answering():
        assert import_files(window.ops, plan, [source], window) is not None
    assert stored(demo_path, "SELECT target FROM slos WHERE name = 'search-slo'") == 99.0
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        source.read_text(encoding="utf-8").replace("target: 0.99", "target: 0.995"),
        encoding="utf-8",
    )
    seen: list[str] = []
    with answering(seen=seen):
        summary = import_files(window.ops, plan, [changed], window)
    assert summary is not None and summary.slos == 0 and summary.updated == 1
    assert any("updated 1 existing SLOs with the same name (search-slo)" in t for t in seen)
    assert stored(demo_path, "SELECT count(*) FROM slos") == 4
    assert stored(demo_path, "SELECT target FROM slos WHERE name = 'search-slo'") == 99.5
    window.undo_action.trigger()
    assert stored(demo_path, "SELECT target FROM slos WHERE name = 'search-slo'") == 99.0
    assert stored(demo_path, "SELECT count(*) FROM slos") == 4


def test_export_openslo_onto_the_open_workspace_is_refused(
    window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from sreplan.slo.ui.openslo_actions import export_dialog

    before = demo_path.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(demo_path), ""))
    seen: list[str] = []
    with answering(seen=seen):
        export_dialog(window)
    assert any("is the workspace itself" in text for text in seen)
    assert demo_path.read_bytes() == before


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("100", None), ("120", None), ("-1", None), ("abc", None), ("1e400", None), ("", None),
        ("99.9999999999", 99.9999999999), ("99.5", 99.5),
    ],
)
def test_a_target_field_stores_only_a_whole_valid_value(
    qtbot: QtBot, window: MainWindow, demo_path: Path, typed: str, kept: float | None
) -> None:
    """Whatever is typed, the file holds what the user typed as a whole, or the old value."""
    page = slos_page(window, qtbot)
    select(page, "Checkout availability")
    edit = page.form.target_edit
    query = "SELECT target FROM slos WHERE name = 'checkout-availability'"
    edit.setFocus()
    edit.selectAll()
    if typed:
        qtbot.keyClicks(edit, typed)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert stored(demo_path, query) == (99.9 if kept is None else kept)
    assert edit.text() == ("99.9" if kept is None else typed)


def test_a_pasted_decimal_comma_is_not_stored_as_something_else(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    from PySide6.QtGui import QGuiApplication, QKeySequence

    page = slos_page(window, qtbot)
    select(page, "Checkout availability")
    edit = page.form.target_edit
    edit.setFocus()
    edit.selectAll()
    QGuiApplication.clipboard().setText("99,9")
    qtbot.keySequence(edit, QKeySequence(QKeySequence.StandardKey.Paste))
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    value = stored(demo_path, "SELECT target FROM slos WHERE name = 'checkout-availability'")
    assert value == 99.9  # either refused (old value) or read as 99.9, never 999 or 9


def test_the_slo_link_list_never_offers_the_slo_itself(qtbot: QtBot, window: MainWindow) -> None:
    page = slos_page(window, qtbot)
    for title in ("Checkout availability", "Checkout p99 latency under 800 ms"):
        select(page, title)
        offered = [page.link_combo.itemData(i) for i in range(page.link_combo.count())]
        assert page.slo_id not in offered and offered


def test_the_slo_form_shows_and_changes_its_own_openslo_alert_policies(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Imported AlertPolicies stay per SLO, and the form shows which one each SLO uses."""
    from sreplan.cli import main
    from sreplan.plans.demo import DEMO_PLAN_ID
    from tests.test_slo_openslo_fidelity import TWO_WINDOWS

    path = badfiles.demo_workspace(tmp_path / "policies.sreplan")
    source = tmp_path / "slos.yaml"
    source.write_text(TWO_WINDOWS, encoding="utf-8")
    assert main(["import-openslo", str(path), "--plan", DEMO_PLAN_ID, str(source)]) == 0
    win = make_window(path)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    page = slos_page(win, qtbot)
    form = page.form
    query = (
        "SELECT count(*) FROM slo_alert_policies l JOIN slos s ON s.id = l.slo_id "
        "WHERE s.name = ?"
    )

    select(page, "week")
    assert form.alerts_box.isVisible()
    item = form.alert_list.item(0)
    assert item.checkState() == Qt.CheckState.Checked
    assert "burn rate ≤ 14.4 over 1h, for 5m" in item.text()  # as written, never rescaled

    select(page, "quiet")
    item = form.alert_list.item(0)
    assert item.checkState() == Qt.CheckState.Unchecked
    assert "exported without alertPolicies" in form.alerts_note.text()
    form.alert_list.setFocus()
    form.alert_list.setCurrentRow(0)
    qtbot.keyClick(form.alert_list, Qt.Key.Key_Space)
    assert stored(path, query, ("quiet",)) == 1
    assert form.alert_list.item(0).checkState() == Qt.CheckState.Checked
    win.ops.undo()
    assert stored(path, query, ("quiet",)) == 0
    assert form.alert_list.item(0).checkState() == Qt.CheckState.Unchecked
    assert stored(path, query, ("week",)) == 1
    win.close()
