"""The catalog page (services and SLIs) and the policies page (error budget, alerts)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from sreplan.kernel.ids import new_id
from sreplan.slo import edits
from sreplan.slo.model import DEFAULT_ALERT_RULES, PolicyTrigger, Severity, SliKind, SliType
from sreplan.slo.policy import alert_rule_row
from sreplan.slo.ui.tables import (
    RecordTable,
    alert_policy_model,
    budget_policy_model,
    choice_delegates,
    service_model,
    sli_model,
)
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import mute


def _note(text: str) -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    mute(label)
    return label


class CatalogPage(QWidget):
    """The plan's services and SLIs; deleting one takes the SLOs using it (undoable)."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self.ops = ctx.ops
        self.plan_id: str | None = None
        layout = QVBoxLayout(self)
        self.services = RecordTable(
            "Services", service_model(self.ops), self.add_service, "Add ser&vice"
        )
        self.services.fit("description")
        self.services.on_remove = lambda ids: self._remove("services", ids)
        self.slis = RecordTable("SLIs", sli_model(self.ops), self.add_sli, "Add S&LI")
        self.slis.fit(
            "display_name", "good_events", "total_events", "data_source", "good_query",
            "total_query",
        )
        choice_delegates(self.slis, {2: SliKind, 3: SliType})
        self.slis.on_remove = lambda ids: self._remove("slis", ids)
        layout.addWidget(self.services, 1)
        layout.addWidget(self.slis, 2)
        layout.addWidget(
            _note(
                "Deleting a service or SLI also deletes the SLOs that use it; Undo brings them "
                "back."
            )
        )
        for table in (self.services, self.slis):
            table.set_read_only(ctx.read_only)

    def set_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        self.services.model.set_plan(plan_id)
        self.slis.model.set_plan(plan_id)

    def add_service(self) -> None:
        if self.plan_id is None:
            return
        row = {
            "id": new_id(),
            "plan_id": self.plan_id,
            "name": "new-service",
            "description": "",
            "position": self.services.model.rowCount(),
        }
        if self.ops.insert("services", [row], "Add Service", self.plan_id):
            self.services.select_record(str(row["id"]))

    def add_sli(self) -> None:
        if self.plan_id is None:
            return
        row = {
            "id": new_id(),
            "plan_id": self.plan_id,
            "name": "new-sli",
            "display_name": "",
            "kind": SliKind.AVAILABILITY.value,
            "sli_type": SliType.RATIO.value,
            "good_events": "",
            "total_events": "",
            "data_source": "",
            "good_query": "",
            "total_query": "",
        }
        if self.ops.insert("slis", [row], "Add SLI", self.plan_id):
            self.slis.select_record(str(row["id"]))

    def _remove(self, table: str, ids: list[str]) -> None:
        if self.plan_id is not None:
            self.ops.run(edits.delete_catalog_records(self.ops.ws, self.plan_id, table, ids))


class PoliciesPage(QWidget):
    """The plan's error-budget policy steps and its burn-rate alert rules."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self.ops = ctx.ops
        self.plan_id: str | None = None
        layout = QVBoxLayout(self)
        self.budget = RecordTable(
            "Error-budget policy", budget_policy_model(self.ops), self.add_step, "Add &step"
        )
        self.budget.fit("action")
        choice_delegates(self.budget, {1: PolicyTrigger})
        self.budget.on_remove = lambda ids: self.ops.delete(
            "error_budget_policy_steps", ids, "Remove Policy Step", self.plan_id
        )
        self.alerts = RecordTable(
            "Burn-rate alert policy", alert_policy_model(self.ops), self.add_rule, "Add &rule"
        )
        self.alerts.fit("severity")
        choice_delegates(self.alerts, {0: Severity})
        self.alerts.on_remove = lambda ids: self.ops.delete(
            "alert_policy_rules", ids, "Remove Alert Rule", self.plan_id
        )
        self.defaults_button = QPushButton("Use the workbook's &defaults")
        self.defaults_button.clicked.connect(self.use_defaults)
        self.alerts.buttons.insertWidget(2, self.defaults_button)
        self.alert_note = _note("")
        layout.addWidget(self.budget, 3)
        layout.addWidget(
            _note(
                "Each step: when the budget consumed reaches X % (or the burn rate reaches Y over "
                "window W), then the action. Steps apply to every SLO of the plan."
            )
        )
        layout.addWidget(self.alerts, 2)
        layout.addWidget(self.alert_note)
        for table in (self.budget, self.alerts):
            table.set_read_only(ctx.read_only)
        self.defaults_button.setEnabled(not ctx.read_only)
        self.ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        self.budget.model.set_plan(plan_id)
        self.alerts.model.set_plan(plan_id)
        self._update_note()

    def _on_changed(self, change: Change) -> None:
        if change.touches("alert_policy_rules"):
            self._update_note()

    def _update_note(self) -> None:
        if self.alerts.model.rowCount():
            self.alert_note.setText(
                "Budget spent is the share of the whole budget spent within the long window; each "
                "SLO scales it to its own window (burn rate = spent × window ÷ long window)."
            )
        else:
            self.alert_note.setText(
                "No rules: SLOs use the SRE workbook's defaults (page at 2 % in 1 h and 5 % in "
                "6 h; ticket at 10 % in 1 d and 10 % in 3 d). Add rules to make your own policy."
            )

    def add_step(self) -> None:
        if self.plan_id is None:
            return
        row = {
            "id": new_id(),
            "plan_id": self.plan_id,
            "position": self.budget.model.rowCount(),
            "trigger_kind": PolicyTrigger.CONSUMED.value,
            "consumed_percent": 100.0,
            "burn_rate": None,
            "burn_window": None,
            "action": "Freeze feature launches",
        }
        if self.ops.insert("error_budget_policy_steps", [row], "Add Policy Step", self.plan_id):
            self.budget.select_record(str(row["id"]), column=5)

    def add_rule(self) -> None:
        if self.plan_id is None:
            return
        position = self.alerts.model.rowCount()
        rule = DEFAULT_ALERT_RULES[min(position, len(DEFAULT_ALERT_RULES) - 1)]
        row = alert_rule_row(self.plan_id, rule, position)
        row["id"] = new_id()
        if self.ops.insert("alert_policy_rules", [row], "Add Alert Rule", self.plan_id):
            self.alerts.select_record(str(row["id"]), column=3)

    def use_defaults(self) -> None:
        if self.plan_id is None:
            return
        self.ops.run(edits.reset_alert_policy(self.plan_id))
