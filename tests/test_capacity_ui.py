"""The Capacity editor driven as a person would: what-if, field refusals, benchmarks, import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from sreplan.capacity.demo import CHECKOUT_ID
from sreplan.capacity.series_store import load_series
from sreplan.capacity.store import get_resource
from sreplan.capacity.ui.editor import CapacityEditor
from sreplan.features import open_workspace, seed_demo
from sreplan.ui.app import make_application
from sreplan.ui.operations import Operations
from sreplan.ui.sections import SectionContext
from tests.conftest import DEMO_DATE


@pytest.fixture
def editor(tmp_path: Path, qtbot: QtBot) -> Iterator[CapacityEditor]:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    plan_id = seed_demo(ws, DEMO_DATE)
    make_application([])
    ops = Operations(ws)
    widget = CapacityEditor(SectionContext(ops, None))  # type: ignore[arg-type]
    widget.outlook.today = widget.resources.today = DEMO_DATE
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.set_plan(plan_id)
    yield widget
    widget.set_plan(None)
    widget.close()
    ws.close()


def _on_disk(editor: CapacityEditor) -> Path:
    return editor._ops.ws.path


def test_what_if_controls_recompute_every_figure_and_the_chart(
        editor: CapacityEditor, qtbot: QtBot, qtmodeltester: object) -> None:
    qtmodeltester.check(editor.resources)  # type: ignore[attr-defined]
    panel = editor.outlook
    assert editor.resource_id == CHECKOUT_ID
    before = panel.outlook
    assert before is not None and before.event_peaks[0].units_needed > 15
    assert "Seasonal sale" in panel.warnings.text()
    assert panel._canvas is not None  # the chart was created when the panel showed

    with qtbot.waitSignal(panel.recomputed):
        panel.multiplier_spin.setValue(1.5)
    calmer = panel.outlook
    assert calmer is not None and calmer.event_peaks[0].units_needed < \
        before.event_peaks[0].units_needed
    assert "×1.5" in panel.labels["events"].text()

    with qtbot.waitSignal(panel.recomputed):
        panel.per_unit_spin.setValue(900.0)
    with qtbot.waitSignal(panel.recomputed):
        panel.headroom_spin.setValue(80.0)
    roomy = panel.outlook
    assert roomy is not None and roomy.usable_capacity == pytest.approx(900 * 10 * 0.8)
    assert "7,200 RPS usable" in panel.labels["capacity"].text()
    assert roomy.exhaustion is None and "Not by" in panel.labels["exhaustion"].text()
    title = panel._figure.axes[0].get_legend().get_texts()[-1].get_text()
    assert "(7,200)" in title  # the chart was redrawn with the what-if capacity

    with qtbot.waitSignal(panel.recomputed):
        panel.growth_spin.setValue(20.0)
    grown = panel.outlook
    assert grown is not None and grown.peak is not None and roomy.peak is not None
    assert grown.peak > roomy.peak

    panel.reset_button.click()
    assert panel.outlook is not None
    assert panel.outlook.usable_capacity == pytest.approx(before.usable_capacity)
    # What-if is never saved.
    assert get_resource(editor._ops.ws, CHECKOUT_ID).capacity_per_unit == 455.0


def test_the_form_refuses_impossible_values_at_the_field(editor: CapacityEditor,
                                                         qtbot: QtBot) -> None:
    form = editor.form
    editor.tabs.setCurrentWidget(editor.form_page)
    form.per_unit_edit.clear()
    qtbot.keyClicks(form.per_unit_edit, "0")
    assert form.per_unit_error.isVisible() and "more than 0" in form.per_unit_error.text()
    form.headroom_edit.clear()
    qtbot.keyClicks(form.headroom_edit, "120")
    assert "at most 100%" in form.headroom_error.text()
    stored = get_resource(editor._ops.ws, CHECKOUT_ID)
    # Neither the refused "120" nor its valid prefix "12" is stored: the value before.
    assert stored.capacity_per_unit == 455.0 and stored.headroom_pct == 70.0

    form.per_unit_edit.clear()
    qtbot.keyClicks(form.per_unit_edit, "500")
    assert not form.per_unit_error.isVisible()
    form.per_unit_edit.editingFinished.emit()
    reopened = open_workspace(_on_disk(editor), read_only=True)
    try:
        assert get_resource(reopened, CHECKOUT_ID).capacity_per_unit == 500.0
    finally:
        reopened.close()
    editor._ops.undo()
    assert get_resource(editor._ops.ws, CHECKOUT_ID).capacity_per_unit == 455.0


def test_k_must_stay_below_the_units(editor: CapacityEditor) -> None:
    editor.resource_view.selectRow(2)  # payment workers: N+1 on 5 nodes
    form = editor.form
    form.units_spin.setValue(1)
    assert "k (1) must be less than the current units (1)" in form.redundancy_error.text()
    assert get_resource(editor._ops.ws, editor.resource_id or "").current_units == 5


def test_one_click_makes_a_benchmark_the_capacity_per_unit(editor: CapacityEditor) -> None:
    model = editor.benchmarks
    row = next(r for r in range(model.rowCount())
               if model.record(r)["name"].startswith("Checkout load test"))
    assert model.index(row, 1).data() == "Pass"
    editor.bench_view.selectRow(row)
    editor.use_benchmark_button.click()
    assert get_resource(editor._ops.ws, CHECKOUT_ID).capacity_per_unit == 455.0  # 3640 / 8
    spike = next(r for r in range(model.rowCount()) if model.record(r)["name"].startswith("Sale"))
    assert model.index(spike, 1).data() == "Fail"
    editor.bench_view.selectRow(spike)
    editor.use_benchmark_button.click()
    assert get_resource(editor._ops.ws, CHECKOUT_ID).capacity_per_unit == pytest.approx(491.667)
    editor._ops.undo()
    assert get_resource(editor._ops.ws, CHECKOUT_ID).capacity_per_unit == 455.0


def test_import_runs_off_the_ui_thread_and_is_undoable(editor: CapacityEditor, qtbot: QtBot,
                                                       tmp_path: Path) -> None:
    csv = tmp_path / "demand.csv"
    csv.write_text("time,rps\n" + "\n".join(
        f"2026-{m:02d}-{d:02d},{1000 + m * 10 + d}" for m in range(1, 12) for d in range(1, 29)))
    with qtbot.waitSignal(editor.history.model.modelReset, timeout=10_000):
        editor.start_import(csv)
    qtbot.waitUntil(lambda: not editor.importer.running)
    times, _ = load_series(editor._ops.ws, CHECKOUT_ID)
    assert len(times) == 11 * 28
    assert "308 points imported" in editor.history.summary.text()
    editor._ops.undo()
    assert len(load_series(editor._ops.ws, CHECKOUT_ID)[0]) == 365


def test_a_pasted_spreadsheet_block_adds_points(editor: CapacityEditor) -> None:
    QApplication.clipboard().setText("2026-11-27\t2,600\n2026-11-28\t2,700\n")
    editor.history.paste()
    times, values = load_series(editor._ops.ws, CHECKOUT_ID)
    assert len(times) == 367 and values[-1] == 2700.0
    model = editor.history.model
    model.setData(model.index(model.rowCount() - 1, 1), "-5", Qt.ItemDataRole.EditRole)
    assert load_series(editor._ops.ws, CHECKOUT_ID)[1][-1] == 2700.0


def test_the_growth_assumption_drives_a_resource_without_history(editor: CapacityEditor,
                                                                  qtbot: QtBot) -> None:
    editor.resource_view.selectRow(2)  # payment workers: no history, +4% a month from 38
    panel, form = editor.outlook, editor.form
    assert panel.outlook is not None and panel.outlook.forecast is not None
    assert panel.reason.text().startswith("Growth assumption: +4% a month")
    before = panel.outlook.peak
    form.growth_edit.clear()
    qtbot.keyClicks(form.growth_edit, "9")
    assert panel.outlook is not None and panel.outlook.peak is not None and before is not None
    assert panel.outlook.peak > before
    assert panel.reason.text().startswith("Growth assumption: +9% a month")
    qtbot.keyClicks(form.baseline_edit, "x")
    assert "is not a number" in form.growth_error.text()
    editor._ops.undo()
    assert panel.reason.text().startswith("Growth assumption: +4% a month")


def test_add_rename_and_remove_a_resource_with_undo(editor: CapacityEditor,
                                                    qtbot: QtBot) -> None:
    editor.add_button.click()
    assert editor.resources.rowCount() == 4
    assert editor.tabs.currentWidget() is editor.form_page
    qtbot.keyClicks(editor.form.name_edit, "Search cluster heap GB")
    editor.form.name_edit.editingFinished.emit()
    names = [r["name"] for r in editor._ops.ws.rows("SELECT name FROM capacity_resources")]
    assert "Search cluster heap GB" in names
    assert "No demand history yet" in editor.history.summary.text()
    editor.remove_button.click()
    assert editor.resources.rowCount() == 3
    editor._ops.undo()
    assert editor.resources.rowCount() == 4
    editor._ops.undo()  # the rename
    editor._ops.undo()  # the add
    assert editor.resources.rowCount() == 3


def test_cancel_leaves_the_history_untouched(editor: CapacityEditor, qtbot: QtBot,
                                             tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_text("\n".join(f"{1_600_000_000 + i * 60},{i % 977}" for i in range(150_000)))
    editor.start_import(big)
    assert editor.importer.progress is not None and editor.importer.running
    cancel = editor.importer.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: not editor.importer.running, timeout=20_000)
    assert len(load_series(editor._ops.ws, CHECKOUT_ID)[0]) == 365
    assert not editor._ops.stack.canUndo()


def test_a_prometheus_body_with_several_series_imports_their_sum(
        editor: CapacityEditor, qtbot: QtBot, tmp_path: Path) -> None:
    import json

    body = {"status": "success", "data": {"resultType": "matrix", "result": [
        {"metric": {"zone": z}, "values": [[1_700_000_000 + i * 3600, str(10 + i)]
                                           for i in range(48)]} for z in ("a", "b", "c")]}}
    path = tmp_path / "range.json"
    path.write_text(json.dumps(body))
    editor.start_import(path, "sum")
    qtbot.waitUntil(lambda: not editor.importer.running, timeout=10_000)
    _, values = load_series(editor._ops.ws, CHECKOUT_ID)
    assert len(values) == 48 and values[0] == 30.0 and values[-1] == 3 * 57.0


def test_a_refused_file_says_why_and_imports_nothing(editor: CapacityEditor, qtbot: QtBot,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("t,v\n2024-01-01,5\n2024-01-02,-1\n")
    with qtbot.waitSignal(editor._ops.failed, timeout=10_000) as message:
        editor.start_import(path)
    assert "line 3" in message.args[0] and "negative" in message.args[0]
    qtbot.waitUntil(lambda: not editor.importer.running)
    assert len(load_series(editor._ops.ws, CHECKOUT_ID)[0]) == 365


def test_a_resource_links_to_an_architecture_component(tmp_path: Path, qtbot: QtBot,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With the architecture tables built in (their migration set runs first), the link is a
    real foreign key, the form offers the plan's components, and deleting one unlinks."""
    from sreplan.capacity import store as capacity
    from sreplan.capacity.model import Resource
    from sreplan.capacity.ui.resource_form import ResourceForm
    from sreplan.plans.store import insert_plan, new_plan

    ws = open_workspace(tmp_path / "arch.sreplan", create=True)
    try:
        keys = ws.conn.execute("PRAGMA foreign_key_list(capacity_resources)").fetchall()
        assert any(k[2] == "components" and k[3] == "component_id" and k[6] == "SET NULL"
                   for k in keys)
        plan = new_plan("Linked")
        insert_plan(ws, plan)
        with ws.write() as conn:
            conn.execute("INSERT INTO components (id, plan_id, name) "
                         "VALUES ('c1', ?, 'checkout-api')", [plan.id])
        resource = Resource("r1", plan.id, "API RPS")
        capacity.save(ws, resource)
        make_application([])
        form = ResourceForm(Operations(ws))
        qtbot.addWidget(form)
        form.load("r1", plan.id)
        combo = form.component_combo
        assert combo.isEnabled() and combo.itemText(1) == "checkout-api"
        combo.setCurrentIndex(1)
        combo.activated.emit(1)
        assert capacity.get_resource(ws, "r1").component_id == "c1"
        with ws.write() as conn:
            conn.execute("DELETE FROM components WHERE id = 'c1'")
        assert capacity.get_resource(ws, "r1").component_id is None
    finally:
        ws.close()


def test_an_import_outlives_a_closed_editor_without_writing(editor: CapacityEditor,
                                                            qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    from sreplan.capacity.ui import importing

    big = tmp_path / "big.csv"
    big.write_text("\n".join(f"{1_600_000_000 + i * 60},{i % 977}" for i in range(100_000)))
    other = CapacityEditor(SectionContext(editor._ops, None))  # type: ignore[arg-type]
    other.set_plan(editor._plan_id)
    other.start_import(big)
    assert importing._RUNNING
    other.deleteLater()
    qtbot.waitUntil(lambda: not importing._RUNNING, timeout=20_000)
    assert len(load_series(editor._ops.ws, CHECKOUT_ID)[0]) == 365


def test_events_are_edited_in_place_and_can_apply_to_the_whole_plan(
        editor: CapacityEditor, qtmodeltester: object) -> None:
    from sreplan.capacity.store import list_events
    from sreplan.capacity.ui.tables import SCOPE_COLUMN

    model = editor.events
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    # The sale, then the demo's planned launch (a change's event, for every resource).
    assert model.rowCount() == 2
    multiplier = model.index(0, 4)
    assert not model.setData(multiplier, "0")  # refused: must be more than 0
    assert model.setData(multiplier, "×2.5")
    assert model.setData(model.index(0, SCOPE_COLUMN), "every")
    sale = list_events(editor._ops.ws, editor._plan_id or "")[0]
    assert sale.name == "Seasonal sale"
    assert sale.multiplier == 2.5 and sale.resource_id is None
    assert not model.setData(model.index(0, 3), "absolute")  # plan-wide needs a multiplier
    assert not model.setData(model.index(0, 2), "2020-01-01")  # would end before it starts
    editor.resource_view.selectRow(1)  # the plan-wide sale now shows for storage too
    assert editor.events.rowCount() == 2
    assert editor.outlook.outlook is not None and editor.outlook.outlook.event_peaks
    editor._ops.undo()
    editor._ops.undo()
    sale = list_events(editor._ops.ws, editor._plan_id or "")[0]
    assert sale.multiplier == 3.0 and sale.resource_id == CHECKOUT_ID


def test_the_autoscaling_ceiling_is_a_warning_and_its_bounds_are_checked(
        editor: CapacityEditor) -> None:
    assert "Autoscaling stops at 24 instances" in editor.outlook.warnings.text()
    form = editor.form
    form.max_spin.setValue(10)  # below the minimum of 15
    assert "below the minimum" in form.autoscale_error.text()
    assert get_resource(editor._ops.ws, CHECKOUT_ID).autoscale_max == 24
    form.max_spin.setValue(40)
    assert get_resource(editor._ops.ws, CHECKOUT_ID).autoscale_max == 40
    assert "Autoscaling stops" not in editor.outlook.warnings.text()


def test_the_delete_key_removes_history_points(editor: CapacityEditor, qtbot: QtBot) -> None:
    view = editor.history.view
    editor.tabs.setCurrentWidget(editor.history)
    view.selectRow(0)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(load_series(editor._ops.ws, CHECKOUT_ID)[0]) == 364


def test_every_capacity_model_passes_the_model_tester(editor: CapacityEditor,
                                                      qtmodeltester: object) -> None:
    for model in (editor.history.model, editor.benchmarks, editor.events, editor.resources):
        qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert editor.history.model.headerData(1, Qt.Orientation.Horizontal) == "Demand (RPS)"


def test_a_resource_without_capacity_shows_none_and_typing_one_sizes_it(
        editor: CapacityEditor, qtbot: QtBot) -> None:
    """Issue 11: no stand-in capacity is shown or used; typing one makes the outlook size."""
    from sreplan.capacity.model import Resource
    from sreplan.capacity.store import save

    ws = editor._ops.ws
    plan_id = get_resource(ws, CHECKOUT_ID).plan_id
    with ws.write():
        save(ws, Resource("feed", plan_id, "Imported feed", position=9, capacity_known=False))
    editor.set_plan(plan_id)
    editor._select_row(editor.resources.row_of("feed"))
    editor.tabs.setCurrentWidget(editor.form_page)
    form = editor.form
    assert form.per_unit_edit.text() == "" and "not set" in form.per_unit_edit.placeholderText()
    form.per_unit_edit.setFocus()
    qtbot.keyClicks(form.per_unit_edit, "250")
    qtbot.keyClick(form.per_unit_edit, Qt.Key.Key_Tab)
    stored = get_resource(ws, "feed")
    assert stored.capacity_known and stored.capacity_per_unit == 250.0
    editor._ops.undo()
    assert not get_resource(ws, "feed").capacity_known
    # The overview forecasts in the background: let it finish before the file closes.
    qtbot.waitUntil(lambda: "feed" in editor.resources._outlooks, timeout=10_000)
    assert editor.resources.data(editor.resources.index(editor.resources.row_of("feed"), 3)) \
        == "not set"
