"""The form for one SLO: fields validated at the field, saved through Operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.durations import parse_duration
from sreplan.slo import edits as slo_edits
from sreplan.slo.model import (
    BudgetingMethod,
    Operator,
    SliType,
    SloStatus,
    name_error,
    parse_percent,
    target_error,
)
from sreplan.slo.openslo_store import describe_condition, list_policies, policy_links
from sreplan.slo.store import list_services, list_slis, slo_row
from sreplan.ui.fields import FieldBinder, align_labels, error_label, fill_choices, plain_label
from sreplan.ui.operations import Operations

Parser = Callable[[str], Any]  # text -> stored value; raises ValueError with the message


def _number(text: str) -> float:
    value = parse_percent(text)
    if value is None:
        raise ValueError("Enter a number.")
    return value


def _target(text: str) -> float:
    problem = target_error(text)
    if problem:
        raise ValueError(problem)
    return _number(text)


def _duration(text: str) -> str:
    try:
        return parse_duration(text.strip()).shorthand
    except ValueError as exc:
        message = str(exc)
        raise ValueError(message[0].upper() + message[1:] + ".") from None


def _optional(parse: Parser) -> Parser:
    return lambda text: None if not text.strip() else parse(text)


def _rate(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise ValueError("A request rate cannot be negative.")
    return value


def _slice_target(text: str) -> float:
    value = _number(text)
    if not 0 < value <= 100:
        raise ValueError("The timeslice target must be above 0 and at most 100 %.")
    return value


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _ParsedLine:
    """A line edit whose text is parsed into a stored value; bad text is never stored."""

    def __init__(
        self, form: SloForm, edit: QLineEdit, column: str, label: str, parse: Parser, error: QLabel
    ) -> None:
        self.form, self.edit, self.column, self.label = form, edit, column, label
        self.parse, self.error = parse, error
        self.stored: Any = None
        edit.textEdited.connect(self._edited)
        edit.editingFinished.connect(self._finished)

    def _edited(self, text: str) -> None:
        try:
            value = self.parse(text)
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            # Never the last valid prefix ("10" of "100"): back to the value before typing.
            if self.form.slo_id is not None:
                self.form.ops.withdraw_open_run(self.form.slo_id)
            return
        self.error.hide()
        if self.form.slo_id is not None:
            self.form.ops.set_fields(
                "slos",
                self.form.slo_id,
                {self.column: value},
                f"Edit SLO {self.label}",
                self.form.plan_id,
                merge=True,
            )

    def _finished(self) -> None:
        """Leaving the field with text that is no value shows the stored value again."""
        self.form.ops.seal()
        if self.error.isVisible() and self.form.slo_id is not None:
            self.edit.setText(_show(self.stored))

    def load(self, stored: Any) -> None:
        self.stored = stored
        if self.edit.hasFocus() and self.error.isVisible():
            return  # the user is typing a value that is not one yet: leave the text alone
        try:
            if self.parse(self.edit.text()) == stored:
                return  # the user's own spelling ("99.90") of the stored value stays
        except ValueError:
            pass
        self.edit.setText(_show(stored))
        self.error.hide()


class SloForm(QWidget):
    """Edits one ``slos`` row. ``edited`` fires as soon as the form shows new values."""

    edited = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.slo_id: str | None = None
        self.plan_id: str | None = None
        self._sli_types: dict[str, SliType] = {}
        self.binder = FieldBinder(ops, "slos", self)
        self._parsed: list[_ParsedLine] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        goal, agreement = self._goal_group(), self._agreement_group()
        align_labels(goal, agreement)
        layout.addWidget(goal)
        layout.addWidget(agreement)
        layout.addWidget(self._alerts_group())

    def _line(
        self,
        form: QFormLayout,
        caption: str,
        column: str,
        label: str,
        parse: Parser,
        hint: str = "",
        suffix: QWidget | None = None,
        prefix: QWidget | None = None,
    ) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(label)
        edit.setPlaceholderText(hint)
        error = error_label()
        error.setAccessibleName(f"{label} message")
        if suffix is None and prefix is None:
            form.addRow(caption, edit)
        else:
            row = QHBoxLayout()
            if prefix is not None:
                row.addWidget(prefix)
            row.addWidget(edit, 1)
            if suffix is not None:
                row.addWidget(suffix)
            caption_label = QLabel(caption)
            caption_label.setBuddy(edit)
            form.addRow(caption_label, row)
        form.addRow("", error)
        self._parsed.append(_ParsedLine(self, edit, column, label, parse, error))
        return edit

    def _goal_group(self) -> QGroupBox:
        box = QGroupBox("Objective")
        form = QFormLayout(box)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("SLO name")
        self.name_error = error_label()
        self.display_edit = QLineEdit()
        self.display_edit.setAccessibleName("Display name")
        form.addRow("&Name:", self.name_edit)
        form.addRow("", self.name_error)
        form.addRow("&Display name:", self.display_edit)
        self.binder.line(
            self.name_edit,
            "name",
            "Name",
            lambda v, _: name_error(v),
            self.name_error,
            "Rename SLO",
        )
        self.binder.line(self.display_edit, "display_name", "SLO Display Name")

        self.service_combo = QComboBox()
        self.service_combo.setAccessibleName("Service")
        self.sli_combo = QComboBox()
        self.sli_combo.setAccessibleName("SLI")
        form.addRow("Ser&vice:", self.service_combo)
        form.addRow("S&LI:", self.sli_combo)
        self.binder.choice(self.service_combo, "service_id", "SLO Service")
        self.binder.choice(self.sli_combo, "sli_id", "SLO SLI")

        self.op_combo = QComboBox()
        self.op_combo.setAccessibleName("Objective operator")
        self.op_combo.addItem("—", None)
        fill_choices(self.op_combo, Operator)
        self.binder.choice(self.op_combo, "objective_op", "Objective Operator")
        self.threshold_edit = self._line(
            form,
            "Threshold:",
            "objective_value",
            "Threshold value",
            _optional(_number),
            "metric value, e.g. 800 (ms)",
            prefix=self.op_combo,
        )
        self.threshold_note = error_label()
        form.addRow("", self.threshold_note)

        self.window_words = plain_label()
        self.target_edit = self._line(
            form, "&Target (%):", "target", "Target", _target, "e.g. 99.9"
        )
        self.window_edit = self._line(
            form,
            "&Window:",
            "time_window",
            "Window",
            _duration,
            "30d, 4w, 1M (month), 1Q",
            self.window_words,
        )
        self.rolling_combo = QComboBox()
        self.rolling_combo.setAccessibleName("Window kind")
        self.rolling_combo.addItem("Rolling", 1)
        self.rolling_combo.addItem("Calendar-aligned", 0)
        form.addRow("Window &kind:", self.rolling_combo)
        self.binder.choice(self.rolling_combo, "window_rolling", "Window Kind")

        self.method_combo = QComboBox()
        self.method_combo.setAccessibleName("Budgeting method")
        fill_choices(self.method_combo, BudgetingMethod)
        form.addRow("&Budgeting:", self.method_combo)
        self.binder.choice(self.method_combo, "budgeting_method", "Budgeting Method")
        self.slice_target_edit = self._line(
            form,
            "Timeslice target (%):",
            "timeslice_target",
            "Timeslice target",
            _optional(_slice_target),
            "e.g. 95",
        )
        self.slice_window_edit = self._line(
            form,
            "Timeslice window:",
            "timeslice_window",
            "Timeslice window",
            _optional(_duration),
            "e.g. 1m, 5m",
        )
        self.method_note = error_label()
        form.addRow("", self.method_note)
        self.rate_edit = self._line(
            form,
            "Request &rate (/s):",
            "request_rate",
            "Request rate",
            _optional(_rate),
            "optional, for the budget in requests",
        )
        return box

    def _agreement_group(self) -> QGroupBox:
        box = QGroupBox("Agreement")
        form = QFormLayout(box)
        self.owner_edit = QLineEdit()
        self.owner_edit.setAccessibleName("Owner")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("SLO status")
        fill_choices(self.status_combo, SloStatus)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setAccessibleName("Rationale")
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setPlaceholderText(
            "The business need or user expectation behind the number"
        )
        self.rationale_edit.setFixedHeight(128)  # about seven lines in a half-width column
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(50)
        form.addRow("&Owner:", self.owner_edit)
        form.addRow("Stat&us:", self.status_combo)
        form.addRow("Rationale:", self.rationale_edit)
        form.addRow("Description:", self.description_edit)
        self.binder.line(self.owner_edit, "owner", "SLO Owner")
        self.binder.choice(self.status_combo, "status", "SLO Status")
        self.binder.text(self.rationale_edit, "rationale", "SLO Rationale")
        self.binder.text(self.description_edit, "description", "SLO Description")
        return box

    def _alerts_group(self) -> QGroupBox:
        """The OpenSLO AlertPolicies this SLO references (kept per SLO, as imported)."""
        self.alerts_box = QGroupBox("Alert policies (OpenSLO)")
        box_layout = QVBoxLayout(self.alerts_box)
        self.alerts_note = plain_label()
        self.alerts_note.setWordWrap(True)
        self.alert_list = QListWidget()
        self.alert_list.setAccessibleName("Alert policies this SLO references")
        self.alert_list.setMaximumHeight(120)
        self.alert_list.itemChanged.connect(self._alert_policy_toggled)
        box_layout.addWidget(self.alerts_note)
        box_layout.addWidget(self.alert_list)
        return self.alerts_box

    def load_alert_policies(self) -> None:
        """Show the plan's OpenSLO policies, checked where this SLO references them."""
        policies = list_policies(self.ops.ws, self.plan_id) if self.plan_id else []
        self.alerts_box.setVisible(bool(policies) and self.slo_id is not None)
        if not policies or self.slo_id is None:
            return
        chosen = policy_links(self.ops.ws, self.plan_id or "").get(self.slo_id, [])
        was = self.alert_list.blockSignals(True)
        try:
            self.alert_list.clear()
            for policy in policies:
                lines = [describe_condition(c) for c in policy.conditions]
                summary = "; ".join(lines) or "no conditions"
                item = QListWidgetItem(f"{policy.display_name or policy.name}: {summary}")
                item.setData(Qt.ItemDataRole.UserRole, policy.id)
                item.setToolTip("\n".join([policy.name, *lines]))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if policy.id in chosen else Qt.CheckState.Unchecked
                )
                self.alert_list.addItem(item)
        finally:
            self.alert_list.blockSignals(was)
        self.alerts_note.setText(
            "Alerts for this SLO come from the checked policies, exported as its "
            "alertPolicies."
            if chosen
            else "No policy checked: this SLO is exported without alertPolicies; the plan's "
            "burn-rate rules (Policies tab) describe its alerting."
        )

    def _alert_policy_toggled(self, _item: QListWidgetItem) -> None:
        if self.slo_id is None or self.plan_id is None:
            return
        ids = [
            str(self.alert_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.alert_list.count())
            if self.alert_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.ops.run(slo_edits.set_slo_alert_policies(self.plan_id, self.slo_id, ids))

    # Behaviour -------------------------------------------------------------

    def refill_choices(self) -> None:
        """The plan's services and SLIs in the combos (after they change)."""
        for combo, items in (
            (
                self.service_combo,
                [(s.name, s.id) for s in list_services(self.ops.ws, self.plan_id or "")],
            ),
            (
                self.sli_combo,
                [
                    (s.title if s.title == s.name else f"{s.title} ({s.name})", s.id)
                    for s in list_slis(self.ops.ws, self.plan_id or "")
                ],
            ),
        ):
            was = combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(was)
        self._sli_types = {s.id: s.sli_type for s in list_slis(self.ops.ws, self.plan_id or "")}

    def load(self, slo_id: str | None, plan_id: str | None) -> dict[str, Any] | None:
        """Show the stored SLO; returns its row (or None when there is none)."""
        self.slo_id, self.plan_id = slo_id, plan_id
        row = None
        if slo_id is not None:
            row = slo_row(self.ops.ws, slo_id)
            if row is None:
                self.slo_id = None
        self.binder.load(row, self.slo_id, plan_id)
        if row is not None:
            for field in self._parsed:
                field.load(row[field.column])
            self._update_notes(row)
        self.load_alert_policies()
        self.setEnabled(row is not None and not self.ops.read_only)
        return row

    def _update_notes(self, row: dict[str, Any]) -> None:
        threshold = self._sli_types.get(row["sli_id"]) is SliType.THRESHOLD
        self.op_combo.setEnabled(threshold)
        self.threshold_edit.setEnabled(threshold)
        missing = threshold and (row["objective_op"] is None or row["objective_value"] is None)
        self.threshold_note.setText(
            "This SLI is a threshold on a metric: give the operator and the threshold value."
            if missing
            else ""
        )
        self.threshold_note.setVisible(missing)
        method = BudgetingMethod(row["budgeting_method"])
        self.slice_target_edit.setEnabled(method is BudgetingMethod.TIMESLICES)
        self.slice_window_edit.setEnabled(method is not BudgetingMethod.OCCURRENCES)
        note = ""
        if method is BudgetingMethod.TIMESLICES and row["timeslice_target"] is None:
            note = "Timeslices needs a timeslice target (the share of good time in a slice)."
        elif method is not BudgetingMethod.OCCURRENCES and row["timeslice_window"] is None:
            note = f"{method.label} needs a timeslice window, e.g. 1m."
        self.method_note.setText(note)
        self.method_note.setVisible(bool(note))
        self.window_words.setText(f"= {parse_duration(row['time_window']).label}")
        self.window_words.setToolTip(
            "Lower-case m is minutes, upper-case M is months (as in OpenSLO)."
        )

    def focus_name(self) -> None:
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name_edit.selectAll()
