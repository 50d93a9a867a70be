"""The form of one ADR: every MADR field and the considered options with their arguments."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.adr import AdrStatus
from sreplan.architecture.adr_store import adr_row, number_taken, option_details
from sreplan.architecture.ui.findings import configure_table
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import (
    FieldBinder,
    OptionalDateEdit,
    SpinBox,
    error_label,
    fill_choices,
    plain_label,
)
from sreplan.ui.operations import Change, Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.views import TableView

OPTION_COLUMNS = [Column("title", "Considered option")]


_ADR_NUMBER = re.compile(r"(?:adr[-\s]*)?(\d{1,6})", re.IGNORECASE)


class AdrNumberSpin(SpinBox):
    """An ADR number shown as MADR writes it: ADR-0007; "7", "0007" and "adr-7" read too,
    and anything else ("1e400", "-1") is refused whole, never read as its digits."""

    def __init__(self, none_text: str = "") -> None:
        super().__init__("The ADR number", 0, 999999)
        if none_text:
            self.setSpecialValueText(none_text)

    def textFromValue(self, value: int) -> str:
        return f"ADR-{value:04d}"

    def _parse(self, text: str) -> float:
        if self.specialValueText() and text.strip() == self.specialValueText():
            return 0.0
        match = _ADR_NUMBER.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text.strip()!r} is not an ADR number such as ADR-0007.")
        return float(int(match.group(1)))


def _text(placeholder: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    return edit


class AdrForm(QScrollArea):
    """Every MADR field of one ADR, and its considered options with their arguments."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.adr_id: str | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        form = QFormLayout(body)
        self.binder = FieldBinder(ops, "adrs", self)
        self.number_spin = AdrNumberSpin()
        self.number_spin.editingFinished.connect(self._number_edited)
        self.number_error = error_label()
        self.title_edit = QLineEdit()
        self.title_error = error_label()
        self.status_combo = QComboBox()
        fill_choices(self.status_combo, AdrStatus)
        self.superseded_spin = AdrNumberSpin("(none)")
        for spin in (self.number_spin, self.superseded_spin):
            spin.refused.connect(self._number_refused)
        self.superseded_spin.editingFinished.connect(self._superseded_edited)
        self.date_edit = OptionalDateEdit("Decision date")
        self.makers_edit = QLineEdit()
        self.consulted_edit = QLineEdit()
        self.informed_edit = QLineEdit()
        for edit in (self.makers_edit, self.consulted_edit, self.informed_edit):
            edit.setPlaceholderText("Names, separated by commas")
        self.context_edit = _text("Context and problem statement", 90)
        self.drivers_edit = _text("One decision driver per line")
        self.chosen_edit = QLineEdit()
        self.chosen_edit.setPlaceholderText("Title of the chosen option")
        self.reason_edit = _text("…because (justification)")
        self.consequences_edit = _text("One per line: Good, because … / Bad, because …")
        self.confirmation_edit = _text("How compliance will be confirmed")
        self.more_edit = _text("More information")

        self.options = RecordTableModel(
            ops, "adr_options", OPTION_COLUMNS, order_by="position, rowid", noun="Option"
        )
        self.option_view = TableView()
        self.option_view.setModel(self.options)
        self.option_view.setAccessibleName("Considered options")
        configure_table(self.option_view, OPTION_COLUMNS)
        self.option_view.setMinimumHeight(110)
        self.option_view.setMaximumHeight(160)
        self.option_view.setWordWrap(False)
        self.option_binder = FieldBinder(ops, "adr_options", self)
        self.option_description = _text("Option description", 50)
        self.option_good = _text("Good, because … (one per line)", 50)
        self.option_neutral = _text("Neutral, because … (one per line)", 40)
        self.option_bad = _text("Bad, because … (one per line)", 50)
        self.add_option_button = QPushButton("Add option")
        self.remove_option_button = QPushButton("Remove option")
        self.add_option_button.clicked.connect(self.add_option)
        self.remove_option_button.clicked.connect(self._remove_option)

        form.addRow("&Number:", self.number_spin)
        form.addRow("", self.number_error)
        form.addRow("&Title:", self.title_edit)
        form.addRow("", self.title_error)
        form.addRow("&Status:", self.status_combo)
        form.addRow("Superseded by:", self.superseded_spin)
        form.addRow("&Date:", self.date_edit)
        form.addRow("Decision-makers:", self.makers_edit)
        form.addRow("Consulted:", self.consulted_edit)
        form.addRow("Informed:", self.informed_edit)
        form.addRow("&Context:", self.context_edit)
        form.addRow("Decision drivers:", self.drivers_edit)
        form.addRow(plain_label("Considered options"))
        form.addRow(self.option_view)
        option_buttons = QHBoxLayout()
        option_buttons.addWidget(self.add_option_button)
        option_buttons.addWidget(self.remove_option_button)
        option_buttons.addStretch(1)
        form.addRow(option_buttons)
        form.addRow("  Description:", self.option_description)
        form.addRow("  Good:", self.option_good)
        form.addRow("  Neutral:", self.option_neutral)
        form.addRow("  Bad:", self.option_bad)
        form.addRow("C&hosen option:", self.chosen_edit)
        form.addRow("Because:", self.reason_edit)
        form.addRow("Consequences:", self.consequences_edit)
        form.addRow("Confirmation:", self.confirmation_edit)
        form.addRow("More information:", self.more_edit)
        for widget, name in (
            (self.number_spin, "ADR number"),
            (self.title_edit, "ADR title"),
            (self.status_combo, "ADR status"),
            (self.superseded_spin, "Superseded by"),
            (self.makers_edit, "Decision-makers"),
            (self.consulted_edit, "Consulted"),
            (self.informed_edit, "Informed"),
            (self.context_edit, "Context"),
            (self.drivers_edit, "Decision drivers"),
            (self.chosen_edit, "Chosen option"),
            (self.reason_edit, "Decision reason"),
            (self.consequences_edit, "Consequences"),
            (self.confirmation_edit, "Confirmation"),
            (self.more_edit, "More information"),
        ):
            widget.setAccessibleName(name)
        b = self.binder
        b.line(
            self.title_edit,
            "title",
            "ADR Title",
            validate=lambda v, _: None if v.strip() else "An ADR needs a title.",
            error=self.title_error,
        )
        b.choice(self.status_combo, "status", "ADR Status")
        b.date(self.date_edit, "decided_on", "Decision Date")
        b.line(self.makers_edit, "decision_makers", "Decision-makers")
        b.line(self.consulted_edit, "consulted", "Consulted")
        b.line(self.informed_edit, "informed", "Informed")
        b.text(self.context_edit, "context", "Context")
        b.text(self.drivers_edit, "drivers", "Decision Drivers")
        b.line(self.chosen_edit, "chosen_option", "Chosen Option")
        b.text(self.reason_edit, "outcome_reason", "Decision Reason")
        b.text(self.consequences_edit, "consequences", "Consequences")
        b.text(self.confirmation_edit, "confirmation", "Confirmation")
        b.text(self.more_edit, "more_information", "More Information")
        ob = self.option_binder
        ob.text(self.option_description, "description", "Option Description")
        ob.text(self.option_good, "good", "Good Arguments")
        ob.text(self.option_neutral, "neutral", "Neutral Arguments")
        ob.text(self.option_bad, "bad", "Bad Arguments")
        self.option_view.selectionModel().currentRowChanged.connect(lambda *_: self._option())
        self.options.modelReset.connect(self._option)
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.show_adr(None)

    def show_adr(self, adr_id: str | None) -> None:
        self.adr_id = adr_id
        row = None if adr_id is None else adr_row(self._ops.ws, adr_id)
        if row is None:
            self.adr_id = None
        self.binder.load(row, self.adr_id, self._plan_id)
        if row is not None:
            for spin, value in (
                (self.number_spin, row["number"]),
                (self.superseded_spin, row["superseded_by"] or 0),
            ):
                if not spin.hasFocus():
                    spin.blockSignals(True)
                    spin.setValue(value)
                    spin.blockSignals(False)
        self.number_error.hide()
        option_row = self.option_view.currentIndex().row()
        self.options.set_plan(self.adr_id, "adr_id = ?", (self.adr_id,))
        if 0 <= option_row < self.options.rowCount():
            self.option_view.selectRow(option_row)
        self.widget().setEnabled(row is not None and not self._ops.read_only)

    def _option(self) -> None:
        index = self.option_view.currentIndex()
        if not index.isValid() and self.options.rowCount():
            self.option_view.selectRow(0)
            return
        option_id = self.options.record_id(index.row()) if index.isValid() else None
        details = None if option_id is None else option_details(self._ops.ws, option_id)
        self.option_binder.load(details, option_id if details else None, self._plan_id)
        for edit in (
            self.option_description,
            self.option_good,
            self.option_neutral,
            self.option_bad,
        ):
            edit.setEnabled(bool(details) and not self._ops.read_only)
            if not details:
                edit.clear()

    def _number_refused(self, message: str) -> None:
        self.number_error.setText(message)
        self.number_error.show()

    def _number_edited(self) -> None:
        if self.adr_id is None or self.number_spin.take_refusal():
            return
        number = self.number_spin.value()
        clash = self._plan_id is not None and number_taken(
            self._ops.ws, self._plan_id, number, self.adr_id
        )
        self.number_error.setText(f"ADR-{number:04d} already exists." if clash else "")
        self.number_error.setVisible(bool(clash))
        if not clash:
            self._ops.set_fields(
                "adrs", self.adr_id, {"number": number}, "Renumber ADR", self._plan_id
            )

    def _superseded_edited(self) -> None:
        if self.adr_id is not None and not self.superseded_spin.take_refusal():
            value = self.superseded_spin.value() or None
            self._ops.set_fields(
                "adrs", self.adr_id, {"superseded_by": value}, "Change Superseded By", self._plan_id
            )

    def add_option(self) -> None:
        if self.adr_id is None or self._plan_id is None:
            return
        option_id = new_id()
        position = self.options.rowCount()
        if self._ops.run(edits.add_option(self._plan_id, self.adr_id, option_id, position)):
            index = self.options.index(self.options.row_of(option_id), 0)
            self.option_view.setCurrentIndex(index)
            self.option_view.edit(index)

    def _remove_option(self) -> None:
        index = self.option_view.currentIndex()
        if index.isValid():
            option_id = self.options.record_id(index.row())
            self._ops.run(edits.remove_option(self._plan_id, option_id))

    def _on_changed(self, change: Change) -> None:
        if change.touches("adrs"):
            self.show_adr(self.adr_id)
        elif change.touches("adr_options"):
            self._option()
