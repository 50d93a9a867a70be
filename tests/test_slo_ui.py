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
    assert stored(demo_path, query) == 10
    qtbot.keyClick(edit, Qt.Key.Key_Tab)

    window.undo_action.trigger()
    assert stored(demo_path, query) == 99.99
    assert edit.text() == "99.99" and not error.isVisible()
    window.undo_action.trigger()
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
