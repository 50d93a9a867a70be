"""Meeting mode's capture: a finding or a decision typed and saved without the mouse.

Enter in any field of a form saves it as one undoable step and clears the form; the
finding's risk and kind go back to their defaults, so the next finding never inherits
the last one's High.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QTableView,
)

from sreplan.architecture import meeting_edits, meeting_store
from sreplan.architecture.agenda import Decision, parse_due
from sreplan.architecture.findings import new_finding
from sreplan.architecture.lint import Risk
from sreplan.architecture.meeting_store import session_findings
from sreplan.architecture.reviews import FindingKind
from sreplan.kernel.errors import UserError
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import error_label, fill_choices
from sreplan.ui.operations import Change, Operations
from sreplan.ui.views import TableView

Index = QModelIndex | QPersistentModelIndex
DEFAULT_RISK = Risk.MEDIUM
DEFAULT_KIND = FindingKind.RISK


class FindingCapture(QGroupBox):
    """Title, risk, kind, owner, due: Enter in a text field captures."""

    captured = Signal(str)  # finding id
    said = Signal(str)  # what just happened, for the screen's status line

    def __init__(self, ops: Operations, today: Callable[[], date] = date.today) -> None:
        super().__init__("Finding (Ctrl+F)")
        self._ops = ops
        self._today = today
        self.plan_id: str | None = None
        self.session_id: str | None = None
        self.component_id: Callable[[], str | None] = lambda: None
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("What was found; Enter saves")
        self.title_edit.setAccessibleName("Finding title")
        self.risk = QComboBox()
        fill_choices(self.risk, Risk)
        self.risk.setAccessibleName("Finding risk")
        self.kind = QComboBox()
        fill_choices(self.kind, FindingKind)
        self.kind.setAccessibleName("Finding kind")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Who follows up")
        self.owner.setAccessibleName("Finding owner")
        self.due = QLineEdit()
        self.due.setPlaceholderText("YYYY-MM-DD or +2w")
        self.due.setAccessibleName("Finding due date")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("Title", self.title_edit)
        form.addRow("Risk", self.risk)
        self.risk.setToolTip("Ctrl+1 High, Ctrl+2 Medium, Ctrl+3 Low")
        form.addRow("Kind", self.kind)
        form.addRow("Owner", self.owner)
        form.addRow("Due", self.due)
        form.addRow(self.error)
        for edit in (self.title_edit, self.owner, self.due):
            edit.returnPressed.connect(self.capture)
        self.reset_choices()

    def reset_choices(self) -> None:
        self.risk.setCurrentIndex(self.risk.findData(DEFAULT_RISK.value))
        self.kind.setCurrentIndex(self.kind.findData(DEFAULT_KIND.value))

    def set_risk(self, risk: Risk) -> None:
        self.risk.setCurrentIndex(self.risk.findData(risk.value))

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def capture(self) -> str | None:
        title = self.title_edit.text().strip()
        if self.plan_id is None:
            return None
        if not title:
            self._refuse("A finding needs a title: type it, then press Enter.")
            self.title_edit.setFocus()
            return None
        try:
            due = parse_due(self.due.text(), self._today())
        except UserError as exc:
            self._refuse(str(exc))
            self.due.setFocus()
            return None
        self.error.hide()
        finding = new_finding(
            title,
            risk=Risk(self.risk.currentData()),
            kind=FindingKind(self.kind.currentData()),
            owner=self.owner.text().strip(),
            due=due,
            session_id=self.session_id,
        )
        component = self.component_id()
        edit = meeting_edits.capture_finding(
            self.plan_id, finding, [component] if component else []
        )
        if not self._ops.run(edit):
            return None
        for field in (self.title_edit, self.owner, self.due):
            field.clear()
        self.reset_choices()
        self.title_edit.setFocus()
        self.said.emit(f"Saved “{title}” ({finding.risk.label}). Ctrl+Z undoes it.")
        self.captured.emit(finding.id)
        return finding.id


class DecisionCapture(QGroupBox):
    """Title and detail: Enter records; Ctrl+Shift+A makes the decision a proposed ADR."""

    recorded = Signal(str)  # decision id
    said = Signal(str)

    def __init__(self, ops: Operations) -> None:
        super().__init__("Decision (Ctrl+D)")
        self._ops = ops
        self.plan_id: str | None = None
        self.session_id: str | None = None
        self.agenda_item_id: Callable[[], str | None] = lambda: None
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("What was decided; Enter saves")
        self.title_edit.setAccessibleName("Decision title")
        self.detail = QLineEdit()
        self.detail.setPlaceholderText("Why (optional)")
        self.detail.setAccessibleName("Decision detail")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("Decision", self.title_edit)
        form.addRow("Detail", self.detail)
        form.addRow(self.error)
        for edit in (self.title_edit, self.detail):
            edit.returnPressed.connect(self.record)

    def record(self) -> str | None:
        title = self.title_edit.text().strip()
        if self.plan_id is None or self.session_id is None:
            self.error.setText("Start or choose a session to record decisions in.")
            self.error.show()
            return None
        if not title:
            self.error.setText("A decision needs a title: type it, then press Enter.")
            self.error.show()
            self.title_edit.setFocus()
            return None
        self.error.hide()
        decision = Decision(
            new_id(),
            self.session_id,
            title,
            self.detail.text().strip(),
            agenda_item_id=self.agenda_item_id(),
        )
        if not self._ops.run(meeting_edits.record_decision(self.plan_id, decision)):
            return None
        self.title_edit.clear()
        self.detail.clear()
        self.title_edit.setFocus()
        self.said.emit(f"Recorded “{title}”. Ctrl+Shift+A makes it a proposed ADR.")
        self.recorded.emit(decision.id)
        return decision.id

    def make_adr(self, decision_id: str | None) -> int | None:
        """A proposed ADR from ``decision_id``; returns its number."""
        if self.plan_id is None or decision_id is None:
            self.said.emit("Record a decision first, then make it an ADR.")
            return None
        edit = meeting_edits.make_adr(self.plan_id, decision_id, new_id())
        if not self._ops.run(edit):
            return None
        number = int(edit.result)
        self.said.emit(
            f"ADR-{number:04d} proposed; finish it under Architecture › Decisions. "
            "Ctrl+Z undoes it."
        )
        return number


class SessionLog(QAbstractTableModel):
    """This session's findings and decisions, the newest first."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self.session_id: str | None = None
        self.plan_id: str | None = None
        self.rows: list[tuple[str, str, str | None]] = []  # (what, text, decision id)
        ops.changed.connect(self._on_changed)

    def set_session(self, plan_id: str | None, session_id: str | None) -> None:
        self.plan_id, self.session_id = plan_id, session_id
        self.reload()

    def reload(self) -> None:
        ws = self._ops.ws
        taken: list[tuple[str, str, str, str | None]] = []  # (when, what, text, decision)
        if self.plan_id is not None and self.session_id is not None:
            for created_at, f in session_findings(ws, self.session_id):
                extra = ", ".join(p for p in (f.owner, f.due.isoformat() if f.due else "") if p)
                text = f"{f.title} ({extra})" if extra else f.title
                taken.append((created_at, f"{f.kind.label} · {f.risk.label}", text, None))
            for d in meeting_store.decisions(ws, self.session_id):
                text = f"{d.title} → {d.adr_label}" if d.adr_label else d.title
                taken.append((d.created_at, "Decision", text, d.id))
        taken.sort(key=lambda t: t[0], reverse=True)  # the newest on top, where it shows
        rows = [(what, text, decision) for _when, what, text, decision in taken]
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def _on_changed(self, change: Change) -> None:
        if change.touches("findings", "session_decisions", "adrs", "review_sessions"):
            self.reload()

    def newest_decision_without_adr(self) -> str | None:
        for _what, text, decision_id in self.rows:
            if decision_id is not None and "→ ADR-" not in text:
                return decision_id
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            what, text, _decision = self.rows[index.row()]
            return f"{what}: {text}"
        return None


def session_log_view(model: SessionLog) -> QTableView:
    view = TableView()
    view.setModel(model)
    view.setAccessibleName("Taken in this session")
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().hide()
    view.setShowGrid(False)
    view.setWordWrap(True)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def chosen_decision(view: QTableView, model: SessionLog) -> str | None:
    """The decision picked in the log, else the newest one not yet an ADR."""
    index = view.currentIndex()
    if index.isValid() and model.rows[index.row()][2] is not None:
        return model.rows[index.row()][2]
    return model.newest_decision_without_adr()


__all__ = [
    "DecisionCapture",
    "FindingCapture",
    "SessionLog",
    "chosen_decision",
    "session_log_view",
]
