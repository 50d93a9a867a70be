"""The filter bar over the checklist: text search and phase, status, owner, risk, category."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from sreplan.checkpoints.model import Category, CheckpointStatus, Risk
from sreplan.checkpoints.queries import CheckpointFilter, owners
from sreplan.checkpoints.store import list_phases
from sreplan.kernel import Workspace
from sreplan.ui.fields import plain_label

ANY = "__any__"


def _filter_combo(name: str, any_text: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(any_text, ANY)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class CheckpointFilterBar(QWidget):
    """Emits ``changed`` with the :class:`CheckpointFilter` the controls describe."""

    changed = Signal(object)  # CheckpointFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, guidance, owner, notes, evidence")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search checkpoints")
        self.phase_filter = _filter_combo("Filter by phase", "All phases")
        self.status_filter = _filter_combo("Filter by status", "Any status")
        for status in CheckpointStatus:
            self.status_filter.addItem(status.label, status.value)
        self.owner_filter = _filter_combo("Filter by owner", "Any owner")
        self.risk_filter = _filter_combo("Filter by risk", "Any risk")
        for risk in Risk:
            self.risk_filter.addItem(risk.label, risk.value)
        self.category_filter = _filter_combo("Filter by category", "Any category")
        for category in Category:
            self.category_filter.addItem(category.label, category.value)
        self.count_label = plain_label()
        row.addWidget(self.search, 2)
        for combo in self.combos():
            row.addWidget(combo)
            combo.currentIndexChanged.connect(self._emit)
        row.addWidget(self.count_label)
        self.search.textChanged.connect(self._emit)

    def combos(self) -> tuple[QComboBox, ...]:
        return (
            self.phase_filter, self.status_filter, self.owner_filter, self.risk_filter,
            self.category_filter,
        )

    def current(self) -> CheckpointFilter:
        def pick(combo: QComboBox) -> str | None:
            data = combo.currentData()
            return None if data == ANY else str(data)

        status, risk, category = (
            pick(self.status_filter), pick(self.risk_filter), pick(self.category_filter)
        )
        return CheckpointFilter(
            phase_id=pick(self.phase_filter),
            status=CheckpointStatus(status) if status else None,
            owner=pick(self.owner_filter),
            risk=Risk(risk) if risk else None,
            category=Category(category) if category else None,
            text=self.search.text(),
        )

    def phase_id(self) -> str | None:
        return self.current().phase_id

    def _emit(self) -> None:
        self.changed.emit(self.current())

    def reset(self) -> None:
        """Show everything again, quietly (a new plan was selected)."""
        for widget in (*self.combos(), self.search):
            widget.blockSignals(True)
        for combo in self.combos():
            combo.setCurrentIndex(0)
        self.search.clear()
        for widget in (*self.combos(), self.search):
            widget.blockSignals(False)

    def clear(self) -> None:
        """Show everything again and say so."""
        self.reset()
        self._emit()

    def fill_choices(self, ws: Workspace, plan_id: str | None) -> None:
        """The plan's phases and owner names; a vanished choice falls back to "any"."""
        for combo, entries in (
            (self.phase_filter, [(p.name, p.id) for p in list_phases(ws, plan_id)]
             if plan_id else []),
            (self.owner_filter, [("No owner", "")] + [(o, o) for o in owners(ws, plan_id)]
             if plan_id else []),
        ):
            if [(combo.itemText(i), combo.itemData(i)) for i in range(1, combo.count())] == list(
                entries
            ):
                continue  # unchanged: refilling would cost a relayout on every edit
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in entries:
                combo.addItem(text, data)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
            if index < 0 and current != ANY:
                self._emit()

    def show_count(self, shown: int, total: int) -> None:
        self.count_label.setText(
            f"{shown:,} items" if shown == total else f"{shown:,} of {total:,} items"
        )
