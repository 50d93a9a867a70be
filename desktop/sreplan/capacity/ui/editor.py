"""The Capacity section: resources on the left, the selected resource's tabs on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.capacity import store as capacity
from sreplan.capacity.benchmarks import verdict
from sreplan.capacity.model import EventKind, Resource
from sreplan.capacity.ui.history import HistoryPanel
from sreplan.capacity.ui.importing import SeriesImporter
from sreplan.capacity.ui.outlook_panel import OutlookPanel
from sreplan.capacity.ui.overview_model import CAPACITY_TABLES, ResourceOverviewModel
from sreplan.capacity.ui.resource_form import ResourceForm
from sreplan.capacity.ui.tables import SCOPE_COLUMN, BenchmarkModel, EventModel, EventScope
from sreplan.kernel.ids import new_id
from sreplan.ui.delegates import ChoiceDelegate
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change
from sreplan.ui.record_model import RecordTableModel
from sreplan.ui.sections import SectionContext
from sreplan.ui.views import TableView, fit_columns


def _on_delete(view: QTableView, handler: Callable[[], object]) -> None:
    """The Delete key removes the selected rows of ``view`` (undoable like the button)."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(handler)


def _table(model: object, name: str, free_text: tuple[str, ...] = ()) -> QTableView:
    view = TableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    if free_text and isinstance(model, RecordTableModel):
        # The text columns give way (eliding) so figures and headers fit the width.
        keys = model.column_keys()
        fit_columns(view, stretch=tuple(i for i, k in enumerate(keys) if k in free_text))
        view.setWordWrap(False)
    else:
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
    return view


class CapacityEditor(QSplitter):
    def __init__(self, ctx: SectionContext) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self._ctx = ctx
        self._ops = ctx.ops
        self._plan_id: str | None = None
        self.resource_id: str | None = None

        left = QWidget()
        llayout = QVBoxLayout(left)
        llayout.setContentsMargins(0, 0, 0, 0)
        self.resources = ResourceOverviewModel(self._ops)
        self.resource_view = _table(self.resources, "Capacity resources")
        self.resource_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.resource_view.setMinimumHeight(140)
        self.resource_view.selectionModel().selectionChanged.connect(self._selected)
        self.add_button = QPushButton("&Add resource")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.add_resource)
        self.remove_button.clicked.connect(self.remove_resource)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        llayout.addWidget(self.resource_view, 1)
        llayout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.outlook = OutlookPanel(self._ops)
        self.form = ResourceForm(self._ops)
        self.history = HistoryPanel(self._ops)
        self.importer = SeriesImporter(self._ops, self)
        self.history.import_button.clicked.connect(self._choose_import)
        self.importer.imported.connect(self.history.summary.setText)
        self.importer.busy_changed.connect(
            lambda busy: self.history.import_button.setEnabled(not busy and not ctx.read_only))
        self.events = EventModel(self._ops)
        self.event_view = _table(
            self.events, "Planned events", ("name", "resource_id")
        )
        self.event_view.setItemDelegateForColumn(3, ChoiceDelegate(
            EventKind, self.event_view))
        self.event_view.setItemDelegateForColumn(SCOPE_COLUMN, ChoiceDelegate(
            EventScope, self.event_view))
        self.benchmarks = BenchmarkModel(self._ops)
        self.benchmarks.wrap_headers = True  # fifteen columns: "Measured\nRPS"
        self.bench_view = _table(
            self.benchmarks, "Benchmarks", ("name", "evidence_url", "notes")
        )
        self.tabs.addTab(self.outlook, "&Outlook")
        self.form_page = QScrollArea()
        self.form_page.setWidget(self.form)
        self.form_page.setWidgetResizable(True)
        self.form_page.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(self.form_page, "&Resource")
        self.tabs.addTab(self.history, "&Demand history")
        self.tabs.addTab(self._events_tab(), "&Events")
        self.tabs.addTab(self._bench_tab(), "&Benchmarks")
        self.empty = EmptyState(
            "Add a resource, such as “checkout API peak RPS”, to plan its capacity: its "
            "demand history gives a forecast, its capacity per unit the units to order.",
            "Add your first &resource",
            self.add_resource,
        )
        self.empty.set_read_only(ctx.read_only)
        right = QWidget()
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        rlayout.addWidget(self.empty)
        rlayout.addWidget(self.tabs, 1)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 4)
        self.setSizes([200, 700])
        if not ctx.read_only:
            _on_delete(self.resource_view, self.remove_resource)
            _on_delete(self.event_view, lambda: self._remove_rows(
                self.event_view, self.events, "Event"))
            _on_delete(self.bench_view, lambda: self._remove_rows(
                self.bench_view, self.benchmarks, "Benchmark"))
            _on_delete(self.history.view, self.history.remove_selected)
        self._ops.changed.connect(self._on_changed)
        for b in (self.add_button, self.remove_button, self.history.import_button):
            b.setEnabled(not ctx.read_only)

    def _events_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(plain_label("Planned peaks for this resource, and plan-wide events "
                                     "(Applies to: every resource). Dates are inclusive; a "
                                     "multiplier scales the forecast inside the window."))
        layout.addWidget(self.event_view, 1)
        row = QHBoxLayout()
        add, remove = QPushButton("Add event"), QPushButton("Remove event")
        for b in (add, remove):
            b.setEnabled(not self._ctx.read_only)
        add.clicked.connect(self.add_event)
        remove.clicked.connect(lambda: self._remove_rows(self.event_view, self.events, "Event"))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _bench_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.bench_view, 1)
        self.bench_detail = plain_label()
        self.bench_detail.setWordWrap(True)
        self.bench_detail.setAccessibleName("Selected benchmark")
        self.bench_view.selectionModel().selectionChanged.connect(self._bench_selected)
        self.benchmarks.modelReset.connect(self._bench_selected)
        layout.addWidget(self.bench_detail)
        row = QHBoxLayout()
        add, remove = QPushButton("Add benchmark"), QPushButton("Remove benchmark")
        for b in (add, remove):
            b.setEnabled(not self._ctx.read_only)
        self.use_benchmark_button = QPushButton("Use its throughput per instance as capacity "
                                                "per unit")
        add.clicked.connect(self.add_benchmark)
        remove.clicked.connect(lambda: self._remove_rows(self.bench_view, self.benchmarks,
                                                         "Benchmark"))
        self.use_benchmark_button.clicked.connect(self.use_benchmark)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(self.use_benchmark_button)
        layout.addLayout(row)
        return page

    def _bench_selected(self, *_args: object) -> None:
        rows = self.bench_view.selectionModel().selectedRows()
        if not rows:
            self.bench_detail.setText("Select a benchmark to see its verdict; one click on the "
                                      "button makes its measured throughput per instance this "
                                      "resource's capacity per unit.")
            self.use_benchmark_button.setEnabled(False)
            return
        bench = self.benchmarks.benchmark(rows[0].row())
        result = verdict(bench)
        per = bench.throughput_per_instance
        self.bench_detail.setText(
            f"{bench.name}: target {bench.target_text()}; measured {bench.results_text()}. "
            f"{result.label}: {'; '.join(result.reasons)}."
            + (f" Throughput per instance: {per:,.1f}." if per else ""))
        self.use_benchmark_button.setEnabled(bool(per) and not self._ctx.read_only
                                             and self.resource_id is not None)

    # Plan and selection ------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.resources.set_plan(plan_id)
        self._select_row(0)
        self._refresh_selection()

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.resources.rowCount():
            self.resource_view.selectRow(row)
        self._refresh_selection()

    def reveal(self, resource_id: str) -> None:
        """Select a resource (the Actions section's link back to a capacity warning)."""
        self._select_row(self.resources.row_of(resource_id))

    def _selected(self, _a: QItemSelection, _b: QItemSelection) -> None:
        self._refresh_selection()

    def _refresh_selection(self) -> None:
        rows = self.resource_view.selectionModel().selectedRows()
        rid = self.resources.record_id(rows[0].row()) if rows else None
        self.resource_id = rid
        self.tabs.setVisible(rid is not None)
        self.empty.setVisible(rid is None)
        first = self.resources.rowCount() == 0
        self.empty.button.setVisible(first)
        if not first:
            self.empty.set_text("Select a resource above to see its outlook and history.")
        self.remove_button.setEnabled(rid is not None and not self._ctx.read_only)
        self.form.load(rid, self._plan_id)
        self.history.model.load(rid, self._plan_id)
        where = "plan_id = ? AND (resource_id = ? OR resource_id IS NULL)"
        self.events.resource_id = rid
        self.events.set_plan(self._plan_id, where, (self._plan_id, rid))
        self.benchmarks.set_plan(self._plan_id, where, (self._plan_id, rid))
        self.outlook.load(rid)

    def _on_changed(self, change: Change) -> None:
        if not change.touches(*CAPACITY_TABLES, "capacity_benchmarks"):
            return
        # The overview model has reset itself; keep the same resource selected.
        row = self.resources.row_of(self.resource_id) if self.resource_id else -1
        if row < 0 and self.resources.rowCount():
            row = 0
        blocker = self.resource_view.selectionModel().blockSignals(True)
        self.resource_view.clearSelection()
        if row >= 0:
            self.resource_view.selectRow(row)
        self.resource_view.selectionModel().blockSignals(blocker)
        rows = self.resource_view.selectionModel().selectedRows()
        rid = self.resources.record_id(rows[0].row()) if rows else None
        if rid != self.resource_id:
            self._refresh_selection()
        else:
            self.form.load(rid, self._plan_id)
            self.outlook.load(rid)

    # Edits -------------------------------------------------------------------------

    def _choose_import(self) -> None:
        if self._plan_id is not None and self.resource_id is not None:
            self.importer.choose(self._plan_id, self.resource_id)

    def start_import(self, path: Path, selector: str | None = None) -> None:
        """Import ``path`` into the selected resource's history (CSV or Prometheus JSON)."""
        if self._plan_id is not None and self.resource_id is not None:
            self.importer.start(path, self._plan_id, self.resource_id, selector)

    def add_resource(self) -> None:
        if self._plan_id is None:
            return
        resource = Resource(new_id(), self._plan_id, "New resource",
                            position=capacity.next_position(self._ops.ws, self._plan_id))
        if self._ops.insert(capacity.RESOURCES, [capacity.to_row(resource)], "Add Resource",
                            self._plan_id):
            self.resource_id = resource.id
            self._select_row(self.resources.row_of(resource.id))
            self.tabs.setCurrentWidget(self.form_page)
            self.form.name_edit.setFocus()
            self.form.name_edit.selectAll()

    def remove_resource(self) -> None:
        if self.resource_id:
            name = capacity.get_resource(self._ops.ws, self.resource_id).name
            self._ops.delete(capacity.RESOURCES, [self.resource_id], f"Remove {name}",
                             self._plan_id)

    def add_event(self) -> None:
        if self._plan_id is None or self.resource_id is None:
            return
        from datetime import date, timedelta

        start = date.today() + timedelta(days=30)
        row = {"id": new_id(), "plan_id": self._plan_id, "resource_id": self.resource_id,
               "name": "New event", "starts_on": start.isoformat(),
               "ends_on": (start + timedelta(days=2)).isoformat(), "kind": "multiplier",
               "multiplier": 2.0, "peak": 0.0, "notes": ""}
        self._ops.insert("capacity_events", [row], "Add Event", self._plan_id)

    def add_benchmark(self) -> None:
        if self._plan_id is None:
            return
        from datetime import date

        row = {"id": new_id(), "plan_id": self._plan_id, "resource_id": self.resource_id,
               "name": "New load test", "scenario": "load", "run_on": date.today().isoformat(),
               "instances": 1}
        self._ops.insert("capacity_benchmarks", [row], "Add Benchmark", self._plan_id)

    def _remove_rows(self, view: QTableView, model: EventModel | BenchmarkModel,
                     noun: str) -> None:
        ids = [model.record_id(i.row()) for i in view.selectionModel().selectedRows()]
        if ids:
            self._ops.delete(model.table, ids, f"Remove {noun}", self._plan_id)

    def use_benchmark(self) -> None:
        """One click: the selected benchmark's measured throughput per instance becomes the
        resource's capacity per unit."""
        rows = self.bench_view.selectionModel().selectedRows()
        if not rows or self.resource_id is None:
            self._ops.failed.emit("Select a benchmark first.")
            return
        bench = capacity.benchmark_from_row(self.benchmarks.record(rows[0].row()))
        per_instance = bench.throughput_per_instance
        if per_instance is None or per_instance <= 0:
            self._ops.failed.emit(f"“{bench.name}” has no measured throughput to use.")
            return
        note = "" if verdict(bench).passed else " (it did not pass)"
        self._ops.set_fields(capacity.RESOURCES, self.resource_id,
                             {"capacity_per_unit": round(per_instance, 3)},
                             f"Use {bench.name} as Capacity per Unit{note}", self._plan_id)
