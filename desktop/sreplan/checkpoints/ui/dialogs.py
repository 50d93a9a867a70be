"""Small dialogs of the checkpoint editor: waiver reason, owner, template details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sreplan.checkpoints.model import CheckpointStatus as S
from sreplan.checkpoints.model import WaiverReason, waiver_error
from sreplan.checkpoints.templates import KEY_PATTERN
from sreplan.ui.fields import error_label, fill_choices, plain_label


class WaiverDialog(QDialog):
    """Asks why items are waived; OK stays disabled until the reason is acceptable."""

    def __init__(self, count: int, parent: QWidget | None = None,
                 reason: WaiverReason | None = None, note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Waive Checkpoint" if count == 1 else f"Waive {count} Checkpoints")
        layout = QVBoxLayout(self)
        intro = plain_label(
            "A waived item is left out of the gate. Record why it does not apply, as a "
            "Well-Architected review would."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.addItem("Choose a reason…", None)
        fill_choices(self.reason, WaiverReason)
        if reason is not None:
            self.reason.setCurrentIndex(self.reason.findData(reason.value))
        self.note = QLineEdit(note)
        self.note.setPlaceholderText("Details (required for Other)")
        self.error = error_label()
        form.addRow("&Reason:", self.reason)
        form.addRow("&Details:", self.note)
        form.addRow("", self.error)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._check)
        self.note.textChanged.connect(self._check)
        self.setMinimumWidth(420)
        self._check()

    def chosen(self) -> tuple[WaiverReason | None, str]:
        data = self.reason.currentData()
        return (WaiverReason(data) if data else None), self.note.text().strip()

    def _check(self) -> None:
        reason, note = self.chosen()
        problem = waiver_error(S.WAIVED, reason, note)
        touched = reason is not None
        self.error.setText(problem if touched and problem else "")
        self.error.setVisible(bool(touched and problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None)


class OwnerDialog(QDialog):
    """One owner name for the selected items, with the plan's names to complete from."""

    def __init__(self, count: int, names: list[str], current: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Set Owner of {count} Checkpoint{'s' if count != 1 else ''}")
        layout = QFormLayout(self)
        self.owner = QLineEdit(current)
        self.owner.setPlaceholderText("Name (leave empty to clear)")
        completer = QCompleter(names, self.owner)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.owner.setCompleter(completer)
        layout.addRow("&Owner:", self.owner)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.setMinimumWidth(360)


class TemplateDetailsDialog(QDialog):
    """Key, name and description for "Save as Template"."""

    def __init__(self, plan_name: str, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save Checklist as Template")
        self._taken = taken
        form = QFormLayout(self)
        self.name = QLineEdit(f"{plan_name} checklist")
        self.key = QLineEdit()
        self.key.setPlaceholderText("e.g. payments-standard")
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.error = error_label()
        form.addRow("&Name:", self.name)
        form.addRow("&Key:", self.key)
        form.addRow("&Description:", self.description)
        form.addRow("", self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._check)
        self.key.textChanged.connect(self._check)
        self.setMinimumWidth(440)
        self._check()

    def _check(self) -> None:
        key = self.key.text().strip()
        problem = None
        if not self.name.text().strip():
            problem = "A template needs a name."
        elif not KEY_PATTERN.match(key):
            problem = "The key is lower-case letters, digits, '.', '_' or '-'."
        elif key in self._taken:
            problem = f"'{key}' is a built-in template's key; choose another."
        self.error.setText(problem or "")
        self.error.setVisible(bool(problem) and bool(key))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None)
