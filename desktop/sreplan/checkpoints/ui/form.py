"""The details form of the current checkpoint: every field, saved as you type.

It reuses the shared :class:`FieldBinder` (validation at the field, keystrokes
merged into one undo step) with a writer that routes through
:class:`CheckpointOps`, so every save also stamps "last changed".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from sreplan.checkpoints.model import (
    Category,
    CheckpointStatus,
    OwnerSide,
    Risk,
    WaiverReason,
    waiver_text,
)
from sreplan.checkpoints.store import checkpoint_row, list_phases
from sreplan.checkpoints.ui.ops import CheckpointOps
from sreplan.ui.fields import FieldBinder, OptionalDateEdit, error_label, fill_choices, plain_label
from sreplan.ui.tones import Tone, mute, style


class _Writer:
    """What FieldBinder needs from Operations, answered by CheckpointOps."""

    def __init__(self, actions: CheckpointOps) -> None:
        self._actions = actions

    def set_fields(
        self,
        table: str,
        record_id: str,
        values: Mapping[str, Any],
        label: str,
        plan_id: str | None = None,
        merge: bool = False,
    ) -> bool:
        return self._actions.edit(record_id, values, label, merge=merge)

    def seal(self) -> None:
        self._actions.ops.seal()


class CheckpointForm(QWidget):
    """Edits one checkpoint; status and phase changes go through the editor's rules."""

    def __init__(
        self,
        actions: CheckpointOps,
        change_status: Callable[[list[str], CheckpointStatus], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._change_status = change_status
        self.record_id: str | None = None
        self.binder = FieldBinder(_Writer(actions), "checkpoints", self)  # type: ignore[arg-type]
        # Two columns under the checklist, so the table keeps the window's full width.
        form = QFormLayout()
        more = QFormLayout()
        for half in (form, more):
            half.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(form, 1)
        columns.addSpacing(12)
        columns.addLayout(more, 1)

        self.title = QLineEdit()
        self.title_error = error_label()
        self.phase = QComboBox()
        self.status = QComboBox()
        fill_choices(self.status, CheckpointStatus)
        self.waiver = plain_label()
        self.waiver.setWordWrap(True)
        self.waiver_button = QPushButton("Change &waiver…")
        waiver_row = QHBoxLayout()
        waiver_row.addWidget(self.waiver, 1)
        waiver_row.addWidget(self.waiver_button)
        self.waiver_holder = QWidget()
        self.waiver_holder.setLayout(waiver_row)
        waiver_row.setContentsMargins(0, 0, 0, 0)
        self.risk = QComboBox()
        fill_choices(self.risk, Risk)
        self.category = QComboBox()
        fill_choices(self.category, Category)
        self.owner_side = QComboBox()
        fill_choices(self.owner_side, OwnerSide)
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Name of the person accountable")
        self.due = OptionalDateEdit("Due date")
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("Link or short text showing it is done")
        self.guidance = QPlainTextEdit()
        self.guidance.setPlaceholderText("What \"done\" means")
        self.notes = QPlainTextEdit()
        for box in (self.guidance, self.notes):
            box.setTabChangesFocus(True)
            box.setMinimumHeight(54)
        # Notes take the form's spare height; otherwise the form spreads it over the
        # one-line rows and their labels drift away from their fields.
        self.guidance.setMinimumHeight(80)
        self.guidance.setMaximumHeight(110)
        self.changed = plain_label()
        mute(self.changed)

        form.addRow("&Title:", self.title)
        form.addRow("", self.title_error)
        form.addRow("P&hase:", self.phase)
        form.addRow("&Status:", self.status)
        form.addRow("Waiver:", self.waiver_holder)
        form.addRow("&Risk if unmet:", self.risk)
        form.addRow("Cate&gory:", self.category)
        form.addRow("Owner si&de:", self.owner_side)
        more.addRow("&Owner:", self.owner)
        more.addRow("D&ue:", self.due)
        more.addRow("&Evidence:", self.evidence)
        # What later features say about the item (its linked evidence and whether it
        # contradicts the status), through the schema's hooks.
        self.evidence_check = plain_label()
        self._notes_for: tuple[str | None, str] | None = None
        self.evidence_check.setWordWrap(True)
        self.evidence_check.setAccessibleName("Evidence check")
        more.addRow("", self.evidence_check)
        more.addRow("Guida&nce:", self.guidance)
        more.addRow("No&tes:", self.notes)
        more.addRow("Last changed:", self.changed)
        self._more = more
        self._form = form

        self.binder.line(
            self.title, "title", "Checkpoint Title",
            validate=lambda v, _: None if v.strip() else "A checkpoint needs a title.",
            error=self.title_error,
        )
        self.binder.choice(self.risk, "risk", "Checkpoint Risk")
        self.binder.choice(self.category, "category", "Checkpoint Category")
        self.binder.choice(self.owner_side, "owner_side", "Owner Side")
        self.binder.line(self.owner, "owner", "Checkpoint Owner")
        self.binder.date(self.due, "due_date", "Due Date")
        self.binder.line(self.evidence, "evidence", "Checkpoint Evidence")
        self.binder.text(self.guidance, "guidance", "Checkpoint Guidance")
        self.binder.text(self.notes, "notes", "Checkpoint Notes")
        self.status.activated.connect(self._status_chosen)
        self.phase.activated.connect(self._phase_chosen)
        self.waiver_button.clicked.connect(self._edit_waiver)
        names = {
            self.title: "Checkpoint title", self.phase: "Phase", self.status: "Status",
            self.risk: "Risk if unmet", self.category: "Category", self.owner_side: "Owner side",
            self.owner: "Owner", self.evidence: "Evidence", self.guidance: "Guidance",
            self.notes: "Notes",
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)
        self.set_record(None)

    def set_record(self, record_id: str | None) -> None:
        """Show a checkpoint (or nothing); called on selection and after every change."""
        self.record_id = record_id
        row = None
        if record_id is not None:
            row = checkpoint_row(self._actions.ws, record_id)
            if row is None:
                self.record_id = None
        self.binder.load(row, self.record_id, self._actions.plan_id)
        for edit in (self.title, self.owner, self.evidence):
            if not edit.hasFocus():
                edit.setCursorPosition(0)  # show the start of long text, not its end
        self._fill_phases(row)
        if row is not None:
            status = CheckpointStatus(row["status"])
            self.status.setCurrentIndex(self.status.findData(status.value))
            waived = status is CheckpointStatus.WAIVED
            reason = WaiverReason(row["waiver_reason"]) if row["waiver_reason"] else None
            self.waiver.setText(waiver_text(reason, row["waiver_note"]) if waived else "")
            self._form.setRowVisible(self.waiver_holder, waived)
            stamp = str(row["updated_at"])[:19].replace("T", " ")
            key = row["template_key"]
            self.changed.setText(stamp)
            self.changed.setToolTip(f"From template item {key}" if key else "")
            self._show_notes(record_id, str(row["status"]))
        self.setEnabled(row is not None and not self._actions.ops.read_only)
        if row is None:
            self._form.setRowVisible(self.waiver_holder, False)
            self._show_notes(None)
            self.changed.setText("")

    def _show_notes(self, record_id: str | None, status: str = "") -> None:
        # Judging evidence can mean a capacity forecast: not again for every keystroke in
        # a text field, only when another item is shown or its status changes.
        if (record_id, status) == self._notes_for:
            return
        self._notes_for = (record_id, status)
        ws = self._actions.ws
        notes = ws.schema.hooks.notes(ws, record_id) if record_id else []
        text = "\n".join(notes)
        self.evidence_check.setText(text)
        contradicts = text.startswith("Contradicts")
        self.evidence_check.setStyleSheet(style(Tone.BAD) if contradicts else "")
        self._more.setRowVisible(self.evidence_check, bool(text))

    def _fill_phases(self, row: dict[str, Any] | None) -> None:
        phases = (
            [] if self._actions.plan_id is None
            else [(p.id, p.name) for p in list_phases(self._actions.ws, self._actions.plan_id)]
        )
        current = [
            (self.phase.itemData(i), self.phase.itemText(i)) for i in range(self.phase.count())
        ]
        if phases != current:  # refilled only when the phases changed (not on every edit)
            self.phase.clear()
            for phase_id, name in phases:
                self.phase.addItem(name, phase_id)
        if row is not None:
            self.phase.setCurrentIndex(self.phase.findData(row["phase_id"]))

    def _status_chosen(self, _index: int) -> None:
        if self.record_id is None:
            return
        status = CheckpointStatus(self.status.currentData())
        self._change_status([self.record_id], status)
        self.set_record(self.record_id)  # shows the stored status if the change was cancelled

    def _phase_chosen(self, _index: int) -> None:
        if self.record_id is not None:
            self._actions.move_to_phase([self.record_id], str(self.phase.currentData()))

    def _edit_waiver(self) -> None:
        if self.record_id is not None:
            self._change_status([self.record_id], CheckpointStatus.WAIVED)

    def focus_field(self, column: str) -> None:
        widget = {
            "status": self.status, "risk": self.risk, "category": self.category,
            "owner": self.owner, "owner_side": self.owner_side, "phase_name": self.phase,
            "due_date": self.due, "updated_at": self.notes,
        }.get(column, self.title)
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()
