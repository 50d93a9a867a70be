"""The phases of a plan's checklist: add, rename, reorder and delete, each undoable."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sreplan.checkpoints.queries import phase_item_counts
from sreplan.checkpoints.store import get_phase, list_phases
from sreplan.checkpoints.ui.ops import CheckpointOps
from sreplan.ui import dialogs
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change


class PhasesDialog(QDialog):
    """Edits the phase list in place; every button is one step on the undo stack."""

    def __init__(self, actions: CheckpointOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Checklist Phases")
        self._actions = actions
        self._ids: list[str] = []
        layout = QVBoxLayout(self)
        hint = plain_label("Phases group the checklist and each has its own gate.")
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Phases")
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton("&Add…")
        self.rename_button = QPushButton("&Rename…")
        self.up_button = QPushButton("Move &Up")
        self.down_button = QPushButton("Move &Down")
        self.delete_button = QPushButton("D&elete")
        for button, slot in (
            (self.add_button, self.add),
            (self.rename_button, self.rename),
            (self.up_button, lambda: self.move_phase(-1)),
            (self.down_button, lambda: self.move_phase(1)),
            (self.delete_button, self.delete),
        ):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.list.currentRowChanged.connect(self._update_buttons)
        actions.ops.changed.connect(self._on_changed)
        self.resize(420, 320)
        self.reload()
        self.list.setCurrentRow(0)

    def reload(self) -> None:
        current = self.current_id()
        phases = list_phases(self._actions.ws, self._actions.plan_id or "")
        self._ids = [p.id for p in phases]
        counts = phase_item_counts(self._actions.ws, self._actions.plan_id or "")
        self.list.clear()
        for phase in phases:
            n = counts.get(phase.id, 0)
            self.list.addItem(f"{phase.name}  ({n} item{'s' if n != 1 else ''})")
        if current in self._ids:
            self.list.setCurrentRow(self._ids.index(current))
        self._update_buttons()

    def _on_changed(self, change: Change) -> None:
        if change.touches("phases", "checkpoints"):
            self.reload()

    def current_id(self) -> str | None:
        row = self.list.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has = 0 <= row < len(self._ids)
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has and len(self._ids) > 1)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self._ids) - 1)

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add Phase", "Phase name:")
        if ok and name.strip():
            phase_id = self._actions.add_phase(name)
            if phase_id in self._ids:
                self.list.setCurrentRow(self._ids.index(phase_id))

    def rename(self) -> None:
        phase_id = self.current_id()
        if phase_id is None:
            return
        old = get_phase(self._actions.ws, phase_id).name
        name, ok = QInputDialog.getText(self, "Rename Phase", "Phase name:", text=old)
        if ok and name.strip() and name.strip() != old:
            self._actions.rename_phase(phase_id, name)

    def move_phase(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if not (0 <= row < len(self._ids) and 0 <= target < len(self._ids)):
            return
        order = list(self._ids)
        order[row], order[target] = order[target], order[row]
        moved = order[target]
        if self._actions.reorder_phases(order):
            self.list.setCurrentRow(self._ids.index(moved))

    def delete(self) -> None:
        phase_id = self.current_id()
        if phase_id is None or len(self._ids) <= 1:
            return
        count = phase_item_counts(self._actions.ws, self._actions.plan_id or "").get(phase_id, 0)
        if count and not dialogs.confirm(
            self, "Delete Phase",
            f"Delete this phase and its {count} checkpoint{'s' if count != 1 else ''}? "
            "Undo brings them back.",
            "Delete",
        ):
            return
        self._actions.delete_phase(phase_id)
