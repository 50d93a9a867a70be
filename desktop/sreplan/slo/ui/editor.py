"""The "Reliability goals" section: SLOs, their services and SLIs, and the plan's policies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.durations import parse_duration
from sreplan.kernel.ids import new_id
from sreplan.slo import edits
from sreplan.slo.policy import alert_rules, dependency_check, stored_alert_rules
from sreplan.slo.store import (
    list_slos,
)
from sreplan.slo.ui.computed import ComputedPanels
from sreplan.slo.ui.form import SloForm
from sreplan.slo.ui.list_model import COLUMNS as SLO_COLUMNS
from sreplan.slo.ui.list_model import SloFilterModel, SloTableModel
from sreplan.slo.ui.policies import CatalogPage, PoliciesPage
from sreplan.slo.ui.tables import RecordTable, dependency_model
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.fields import plain_label
from sreplan.ui.layouts import SideBySide
from sreplan.ui.operations import Change
from sreplan.ui.record_model import ID_ROLE
from sreplan.ui.sections import SectionContext
from sreplan.ui.views import TableView, fit_columns

_SLO_TABLES = (
    "slos", "slo_dependencies", "alert_policy_rules", "services", "slis",
    "openslo_alert_policies", "slo_alert_policies",
)


class SloEditor(QTabWidget):
    """Three pages: the SLOs, the services and SLIs they use, and the plan's policies."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.ops = ctx.ops
        self.plan_id: str | None = None
        self.setDocumentMode(True)
        self.slos_page = SlosPage(ctx)
        self.catalog_page = CatalogPage(ctx)
        self.policies_page = PoliciesPage(ctx)
        self.addTab(self.slos_page, "SLOs")
        self.addTab(self.catalog_page, "Services && SLIs")
        self.addTab(self.policies_page, "Policies")

    def set_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        for page in (self.slos_page, self.catalog_page, self.policies_page):
            page.set_plan(plan_id)


class SlosPage(QSplitter):
    """The SLO list on the left; the selected SLO's form, figures and chart on the right."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._ctx = ctx
        self.ops = ctx.ops
        self.plan_id: str | None = None
        self.slo_id: str | None = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter SLOs…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter SLOs")
        self.model = SloTableModel(self.ops)
        self.proxy = SloFilterModel(self.model)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = TableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("SLOs")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        # SLO, service, target and status fit the list's width; the rest is in the form.
        fit_columns(self.view, stretch=(0,))
        for column, (title, _value) in enumerate(SLO_COLUMNS):
            if title in ("SLI kind", "Window", "Budget", "Owner"):
                self.view.setColumnHidden(column, True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty_label = plain_label()
        self.empty_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add SLO")
        self.duplicate_button = QPushButton("D&uplicate")
        self.remove_button = QPushButton("&Delete")
        self.add_button.clicked.connect(self.add_slo)
        self.duplicate_button.clicked.connect(self.duplicate_slo)
        self.remove_button.clicked.connect(self.delete_slo)
        for b in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.empty_label)
        left_layout.addLayout(buttons)

        self.detail = QScrollArea()
        self.detail.setWidgetResizable(True)
        self.detail.setFrameShape(QScrollArea.Shape.NoFrame)
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.detail.setWidget(body)
        # The form with the figures it drives beside it; below them, at full width,
        # what needs room: the dependency table, the alert table and the chart.
        rows = QVBoxLayout(body)
        # Beside each other when there is room; on a 1280×800 screen stacked, so the
        # figures' tables keep their headers.
        columns = SideBySide(breakpoint=900)
        form_holder, figures_holder = QWidget(), QWidget()
        form_column = QVBoxLayout(form_holder)
        figures_column = QVBoxLayout(figures_holder)
        for box in (form_column, figures_column):
            box.setContentsMargins(0, 0, 0, 0)
        columns.add(form_holder)
        columns.add(figures_holder)
        self.columns = columns
        rows.addWidget(columns)
        self.form = SloForm(self.ops)
        form_column.addWidget(self.form)
        form_column.addStretch(1)
        self.dependencies = RecordTable(
            "Dependencies", dependency_model(self.ops), self.add_dependency, "Add &external"
        )
        self.dependencies.on_remove = self._remove_dependencies
        self.dependencies.fit("name", "depends_on_slo_id")
        self.dependencies.view.setMinimumHeight(140)
        self.link_combo = QComboBox()
        self.link_combo.setAccessibleName("SLO to depend on")
        self.link_combo.setMinimumContentsLength(14)
        self.link_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.link_button = QPushButton("Add SLO &link")
        self.link_button.clicked.connect(self.add_slo_link)
        self.dependencies.buttons.insertWidget(2, self.link_combo, 1)
        self.dependencies.buttons.insertWidget(3, self.link_button)
        self.panels = ComputedPanels()
        figures_column.addWidget(self.panels)
        rows.addWidget(self.dependencies)
        rows.addWidget(self.panels.alerts_box)
        self.chart_holder = QWidget()
        self.chart_holder.setMinimumHeight(380)
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        rows.addWidget(self.chart_holder)
        rows.addStretch(1)
        self._canvas: Any = None
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(150)
        self._chart_timer.timeout.connect(self._draw_chart)

        self.addWidget(left)
        # Nothing selected: with no SLOs yet, what to do first and a button that does it.
        self.placeholder = EmptyState(
            "Select an SLO to edit it and see its error budget, alerts and burn-down.",
            "Add your first &SLO",
            self.add_slo,
        )
        self.right = QStackedWidget()
        self.right.addWidget(self.detail)
        self.right.addWidget(self.placeholder)
        self.addWidget(self.right)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 5)
        self.setSizes([380, 570])  # the list keeps room for its four columns
        self.ops.changed.connect(self._on_changed)
        ro = ctx.read_only
        for b in (self.add_button, self.duplicate_button, self.remove_button, self.link_button):
            b.setEnabled(not ro)
        self.dependencies.set_read_only(ro)

    # Plan and selection ----------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        self.form.plan_id = plan_id
        self.form.refill_choices()
        self.model.set_plan(plan_id)
        self._refill_links()
        first = self.proxy.index(0, 0)
        if first.isValid():
            self.view.setCurrentIndex(first)
            self.view.selectRow(0)
        else:
            self.show_slo(None)
        self._update_empty()

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        self.show_slo(rows[0].data(ID_ROLE) if rows else None)

    def select_slo(self, slo_id: str) -> None:
        row = self.model.row_of(slo_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.setCurrentIndex(index)
        self.view.selectRow(index.row())
        self.view.scrollTo(index)

    def reveal(self, slo_id: str) -> None:
        """The Actions section's link back to an SLO policy step."""
        self.select_slo(slo_id)

    def show_slo(self, slo_id: str | None) -> None:
        self.slo_id = slo_id
        self._refill_links()
        if slo_id:
            self.dependencies.model.set_plan(slo_id, "slo_id = ?", (slo_id,))
        else:
            self.dependencies.model.set_plan(None)
        self._refresh()

    def _refresh(self) -> None:
        row = self.form.load(self.slo_id, self.plan_id)
        has = row is not None
        self.right.setCurrentWidget(self.detail if has else self.placeholder)
        self.duplicate_button.setEnabled(has and not self._ctx.read_only)
        self.remove_button.setEnabled(has and not self._ctx.read_only)
        if row is None:
            return
        window = parse_duration(row["time_window"])
        rules = alert_rules(self.ops.ws, self.plan_id or "")
        default = not stored_alert_rules(self.ops.ws, self.plan_id or "")
        self.panels.show_figures(row["target"], window, row["request_rate"], rules, default)
        self.panels.show_dependencies(dependency_check(self.ops.ws, row["id"], row["target"]))
        self._chart_timer.start()

    def _on_changed(self, change: Change) -> None:
        if not change.touches(*_SLO_TABLES):
            return
        if change.touches("services", "slis"):
            self.form.refill_choices()
        if change.touches("slos"):
            self._refill_links()
        if self.slo_id is not None and self.model.row_of(self.slo_id) < 0:
            self.slo_id = None
        if self.slo_id is None and self.model.rowCount() and change.touches("slos"):
            self.view.selectRow(0)
        else:
            self._refresh()
        self._update_empty()

    def _update_empty(self) -> None:
        first = self.plan_id is not None and not self.model.rowCount()
        self.placeholder.button.setVisible(first)
        self.placeholder.set_read_only(self._ctx.read_only)
        self.placeholder.set_text(
            "No SLOs in this plan yet. An SLO states how reliable a service must be "
            "(for example 99.9 % of checkout requests succeed over 30 days) and gives the "
            "team an error budget. Add one here, or use File › Import OpenSLO… to bring in "
            "existing definitions."
            if first
            else "Select an SLO to edit it and see its error budget, alerts and burn-down."
        )
        if self.plan_id is None or self.model.rowCount():
            self.empty_label.hide()
            return
        self.empty_label.setText("No SLOs in this plan yet.")
        self.empty_label.show()

    def _refill_links(self) -> None:
        """The SLOs the selected one may depend on: every other SLO of the plan."""
        self.link_combo.clear()
        for slo in list_slos(self.ops.ws, self.plan_id or ""):
            if slo.id != self.slo_id:
                self.link_combo.addItem(f"{slo.title} ({slo.target:g} %)", slo.id)

    # Chart ---------------------------------------------------------------------

    def _draw_chart(self) -> None:
        """Import matplotlib only now, when the first chart is actually shown."""
        if self.slo_id is None or not self.isVisible():
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from sreplan.slo.chart import DEFAULT_SIZE, draw_burn_down

        if self._canvas is None:
            self._canvas = FigureCanvasQTAgg(  # type: ignore[no-untyped-call]
                Figure(figsize=DEFAULT_SIZE, layout="constrained")
            )
            self._canvas.setAccessibleName("Error-budget burn-down chart")
            self.chart_holder.layout().addWidget(self._canvas)
        slo = next(
            (s for s in list_slos(self.ops.ws, self.plan_id or "") if s.id == self.slo_id), None
        )
        if slo is None:
            return
        rules = alert_rules(self.ops.ws, self.plan_id or "")
        draw_burn_down(self._canvas.figure, slo.title, slo.target, slo.window.duration, rules)
        self._canvas.draw_idle()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._chart_timer.start()

    @property
    def chart_canvas(self) -> Any:
        return self._canvas

    # Commands ------------------------------------------------------------------

    def add_slo(self) -> None:
        if self.plan_id is None:
            return
        slo_id = new_id()
        if self.ops.run(edits.add_slo(self.plan_id, slo_id)):
            self.select_slo(slo_id)
            self.form.focus_name()

    def duplicate_slo(self) -> None:
        if self.slo_id is None or self.plan_id is None:
            return
        copy_id = new_id()
        if self.ops.run(edits.duplicate_slo(self.plan_id, self.slo_id, copy_id)):
            self.select_slo(copy_id)

    def delete_slo(self) -> None:
        if self.slo_id is not None and self.plan_id is not None:
            self.ops.run(edits.delete_slo(self.plan_id, self.slo_id))

    def add_dependency(self) -> None:
        if self.slo_id is None or self.plan_id is None:
            return
        row = {
            "id": new_id(),
            "plan_id": self.plan_id,
            "slo_id": self.slo_id,
            "position": self.dependencies.model.rowCount(),
            "name": "New dependency",
            "depends_on_slo_id": None,
            "availability": 99.9,
            "replicas": 1,
        }
        if self.ops.insert("slo_dependencies", [row], "Add Dependency", self.plan_id):
            self.dependencies.select_record(str(row["id"]))

    def add_slo_link(self) -> None:
        target = self.link_combo.currentData()
        if self.slo_id is None or self.plan_id is None or not target:
            return
        if target == self.slo_id:
            self.ops.failed.emit("An SLO cannot depend on itself.")
            return
        row = {
            "id": new_id(),
            "plan_id": self.plan_id,
            "slo_id": self.slo_id,
            "position": self.dependencies.model.rowCount(),
            "name": self.link_combo.currentText().rsplit(" (", 1)[0],
            "depends_on_slo_id": target,
            "availability": None,
            "replicas": 1,
        }
        self.ops.insert("slo_dependencies", [row], "Add SLO Dependency", self.plan_id)

    def _remove_dependencies(self, ids: list[str]) -> None:
        if self.plan_id is not None:
            self.ops.run(edits.remove_dependencies(self.plan_id, ids))
