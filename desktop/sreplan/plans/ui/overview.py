"""The plan overview editor: the plan's identity, engagement, dates, people and goals."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.plans import edits
from sreplan.plans.model import (
    CriticalityTier,
    EngagementModel,
    LifecycleStage,
    PlanStatus,
    dates_error,
    name_error,
)
from sreplan.plans.store import plan_row
from sreplan.ui.fields import FieldBinder, OptionalDateEdit, align_labels, error_label, fill_choices
from sreplan.ui.operations import Change
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.sections import OVERVIEW_PANELS, SectionContext, load
from sreplan.ui.summary_panel import SummaryPanel
from sreplan.ui.views import TableView


def _dates_check(column: str) -> Any:
    def check(value: date | None, values: dict[str, Any]) -> str | None:
        start = value if column == "start_date" else values["start_date"]
        target = value if column == "target_date" else values["target_date"]
        return dates_error(start, target)

    return check


def _plan_edit(
    plan_id: str, values: dict[str, Any], label: str, _plan: str | None, merge: bool
) -> Edit:
    return edits.set_fields(plan_id, values, label, merge)


class OverviewEditor(QScrollArea):
    """Edits the fields of the ``plans`` row and the plan's stakeholders."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._ops = ctx.ops
        self._plan_id: str | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)

        self.binder = FieldBinder(self._ops, "plans", self, build=_plan_edit)
        identity, engagement = self._identity_group(), self._engagement_group()
        align_labels(identity, engagement)
        self.summary = SummaryPanel(ctx)  # first: where the plan stands, then its fields
        layout.addWidget(self.summary)
        layout.addWidget(identity)
        layout.addWidget(engagement)
        layout.addWidget(self._stakeholder_group(), 1)
        layout.addWidget(self._context_group(), 1)
        self._panels = [load(target)(ctx) for target in OVERVIEW_PANELS]
        for panel in self._panels:
            layout.addWidget(panel)
        self._ops.changed.connect(self._on_changed)
        self._apply_read_only()

    # Layout ------------------------------------------------------------------

    def _identity_group(self) -> QGroupBox:
        box = QGroupBox("Service")
        form = QFormLayout(box)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Service or product name (required)")
        self.name_error = error_label()
        self.team_edit = QLineEdit()
        self.lead_edit = QLineEdit()
        self.tier_combo = QComboBox()
        fill_choices(self.tier_combo, CriticalityTier)
        form.addRow("&Name:", self.name_edit)
        form.addRow("", self.name_error)
        form.addRow("Product &team:", self.team_edit)
        form.addRow("SRE &lead:", self.lead_edit)
        form.addRow("Criticality &tier:", self.tier_combo)
        self.binder.line(
            self.name_edit,
            "name",
            "Name",
            validate=lambda v, _: name_error(v),
            error=self.name_error,
            undo_text="Rename Plan",
        )
        self.binder.line(self.team_edit, "product_team", "Product Team")
        self.binder.line(self.lead_edit, "sre_lead", "SRE Lead")
        self.binder.choice(self.tier_combo, "tier", "Criticality Tier")
        for widget, name in (
            (self.name_edit, "Plan name"),
            (self.team_edit, "Product team"),
            (self.lead_edit, "SRE lead"),
            (self.tier_combo, "Criticality tier"),
        ):
            widget.setAccessibleName(name)
        return box

    def _engagement_group(self) -> QGroupBox:
        box = QGroupBox("Engagement")
        form = QFormLayout(box)
        self.model_combo = QComboBox()
        fill_choices(self.model_combo, EngagementModel)
        self.stage_combo = QComboBox()
        fill_choices(self.stage_combo, LifecycleStage)
        self.status_combo = QComboBox()
        fill_choices(self.status_combo, PlanStatus)
        self.start_edit = OptionalDateEdit("Start date")
        self.target_edit = OptionalDateEdit("Target date")
        self.dates_error = error_label()
        form.addRow("Engagement &model:", self.model_combo)
        form.addRow("Lifecycle &stage:", self.stage_combo)
        form.addRow("Stat&us:", self.status_combo)
        form.addRow("Start &date:", self.start_edit)
        form.addRow("Ta&rget date:", self.target_edit)
        form.addRow("", self.dates_error)
        self.binder.choice(self.model_combo, "engagement_model", "Engagement Model")
        self.binder.choice(self.stage_combo, "lifecycle_stage", "Lifecycle Stage")
        self.binder.choice(self.status_combo, "status", "Status")
        self.binder.date(
            self.start_edit,
            "start_date",
            "Start Date",
            _dates_check("start_date"),
            self.dates_error,
        )
        self.binder.date(
            self.target_edit,
            "target_date",
            "Target Date",
            _dates_check("target_date"),
            self.dates_error,
        )
        for widget, name in (
            (self.model_combo, "Engagement model"),
            (self.stage_combo, "Lifecycle stage"),
            (self.status_combo, "Plan status"),
        ):
            widget.setAccessibleName(name)
        return box

    def _stakeholder_group(self) -> QGroupBox:
        box = QGroupBox("Stakeholders")
        layout = QVBoxLayout(box)
        self.stakeholders = RecordTableModel(
            self._ops,
            "stakeholders",
            [
                Column("name", "Name"),
                Column("role", "Role"),
                Column("team", "Team"),
                Column("contact", "Contact"),
            ],
            order_by="position, rowid",
            noun="Stakeholder",
        )
        self.stakeholder_view = TableView()
        self.stakeholder_view.setModel(self.stakeholders)
        self.stakeholder_view.setAccessibleName("Stakeholders")
        self.stakeholder_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stakeholder_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self.stakeholder_view.verticalHeader().hide()
        self.stakeholder_view.setMinimumHeight(150)
        buttons = QHBoxLayout()
        self.add_person = QPushButton("&Add stakeholder")
        self.remove_person = QPushButton("Remove")  # Alt+V opens the View menu
        self.add_person.clicked.connect(self._add_stakeholder)
        self.remove_person.clicked.connect(self._remove_stakeholders)
        buttons.addWidget(self.add_person)
        buttons.addWidget(self.remove_person)
        buttons.addStretch(1)
        layout.addWidget(self.stakeholder_view)
        layout.addLayout(buttons)
        return box

    def _context_group(self) -> QGroupBox:
        box = QGroupBox("Shared goals and business context")
        layout = QVBoxLayout(box)
        self.context_edit = QPlainTextEdit()
        self.context_edit.setAccessibleName("Shared goals and business context")
        self.context_edit.setTabChangesFocus(True)
        self.context_edit.setMinimumHeight(120)
        layout.addWidget(self.context_edit)
        self.binder.text(self.context_edit, "context", "Goals and Context")
        return box

    # Behaviour ---------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.stakeholders.set_plan(plan_id)
        self._reload()
        self.summary.set_plan(plan_id)
        for panel in self._panels:
            panel.set_plan(plan_id)

    def _reload(self) -> None:
        row = None
        if self._plan_id is not None:
            row = plan_row(self._ops.ws, self._plan_id)
        self.binder.load(row, self._plan_id if row else None, self._plan_id)
        self.setEnabled(row is not None)

    def _on_changed(self, change: Change) -> None:
        if change.touches("plans"):
            self._reload()

    def _apply_read_only(self) -> None:
        ro = self._ctx.read_only
        for edit in (self.name_edit, self.team_edit, self.lead_edit):
            edit.setReadOnly(ro)
        self.context_edit.setReadOnly(ro)
        for combo in (self.tier_combo, self.model_combo, self.stage_combo, self.status_combo):
            combo.setEnabled(not ro)
        self.start_edit.set_read_only(ro)
        self.target_edit.set_read_only(ro)
        self.add_person.setEnabled(not ro)
        self.remove_person.setEnabled(not ro)

    def _add_stakeholder(self) -> None:
        if self._plan_id is None:
            return
        position = self.stakeholders.rowCount()
        person = {
            "id": new_id(),
            "plan_id": self._plan_id,
            "position": position,
            "name": "New stakeholder",
            "role": "",
            "team": "",
            "contact": "",
        }
        if self._ops.run(edits.add_stakeholder(person)):
            row = self.stakeholders.row_of(str(person["id"]))
            index = self.stakeholders.index(row, 0)
            self.stakeholder_view.setCurrentIndex(index)
            self.stakeholder_view.edit(index)

    def _remove_stakeholders(self) -> None:
        rows = sorted({i.row() for i in self.stakeholder_view.selectionModel().selectedRows()})
        if not rows and self.stakeholder_view.currentIndex().isValid():
            rows = [self.stakeholder_view.currentIndex().row()]
        ids = [self.stakeholders.record_id(r) for r in rows]
        if ids and self._plan_id is not None:
            self._ops.run(edits.remove_stakeholders(self._plan_id, ids))

    def focus_name(self) -> None:
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name_edit.selectAll()
