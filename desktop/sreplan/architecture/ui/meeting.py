"""Meeting mode: agenda, open findings by risk, untriaged lint, and keyboard-first capture.

Type a finding's title and press Enter: it is saved at once, linked to the session, and one
Ctrl+Z takes it back. Ctrl+1/2/3 set the risk (High/Medium/Low) of the next capture.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.findings import OPEN_ONLY, new_finding
from sreplan.architecture.lint import Risk
from sreplan.architecture.reviews import FindingKind
from sreplan.architecture.session_store import next_session, session_agenda, session_titles
from sreplan.architecture.ui.findings import FindingModel, configure_table, finding_columns
from sreplan.architecture.ui.lint_panel import LintPanel
from sreplan.ui.fields import error_label, fill_choices, plain_label
from sreplan.ui.operations import Change, Operations
from sreplan.ui.views import TableView

_RISK_KEYS = {Qt.Key.Key_1: Risk.HIGH, Qt.Key.Key_2: Risk.MEDIUM, Qt.Key.Key_3: Risk.LOW}


class MeetingMode(QWidget):
    """A focused view for running the review meeting."""

    captured = Signal(str)  # finding id

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._sessions: dict[str, str] = {}
        self.session_combo = QComboBox()
        self.session_combo.setAccessibleName("Meeting session")
        self.session_combo.activated.connect(lambda _i: self._session_changed())
        self.agenda = QPlainTextEdit()
        self.agenda.setReadOnly(True)
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setPlaceholderText("This session has no agenda yet.")

        self.columns = finding_columns(self._sessions)
        self.findings = FindingModel(ops, self.columns)
        self.findings_view = TableView()
        self.findings_view.setModel(self.findings)
        self.findings_view.setAccessibleName("Open findings by risk")
        configure_table(self.findings_view, self.columns)
        self.lint = LintPanel(ops, compact=True)

        self.capture_title = QLineEdit()
        self.capture_title.setPlaceholderText("New finding: type a title and press Enter")
        self.capture_title.setAccessibleName("Capture finding title")
        self.capture_title.returnPressed.connect(self.capture)
        self.capture_risk = QComboBox()
        fill_choices(self.capture_risk, Risk)
        self.capture_risk.setCurrentIndex(self.capture_risk.findData(Risk.MEDIUM.value))
        self.capture_risk.setAccessibleName("Capture risk")
        self.capture_kind = QComboBox()
        fill_choices(self.capture_kind, FindingKind)
        self.capture_kind.setCurrentIndex(self.capture_kind.findData(FindingKind.RISK.value))
        self.capture_kind.setAccessibleName("Capture kind")
        self.capture_owner = QLineEdit()
        self.capture_owner.setPlaceholderText("Owner")
        self.capture_owner.setAccessibleName("Capture owner")
        self.capture_owner.returnPressed.connect(self.capture)
        self.capture_button = QPushButton("Capture")
        self.capture_button.clicked.connect(self.capture)
        self.capture_error = error_label()
        self.capture_status = plain_label()

        agenda_box = QGroupBox("Agenda")
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.session_combo)
        agenda_layout.addWidget(self.agenda)
        findings_box = QGroupBox("Open findings, by risk")
        QVBoxLayout(findings_box).addWidget(self.findings_view)
        lint_box = QGroupBox("Lint suggestions not yet triaged")
        QVBoxLayout(lint_box).addWidget(self.lint)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(findings_box)
        right.addWidget(lint_box)
        right.setSizes([300, 300])
        splitter = QSplitter()
        splitter.addWidget(agenda_box)
        splitter.addWidget(right)
        # The agenda is a short list; the findings table needs the width for its columns.
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 840])
        capture_box = QGroupBox("Capture (Enter saves · Ctrl+1/2/3 risk · Ctrl+Z undoes)")
        capture_layout = QVBoxLayout(capture_box)
        row = QHBoxLayout()
        row.addWidget(self.capture_title, 3)
        row.addWidget(self.capture_risk)
        row.addWidget(self.capture_kind)
        row.addWidget(self.capture_owner, 1)
        row.addWidget(self.capture_button)
        capture_layout.addLayout(row)
        capture_layout.addWidget(self.capture_error)
        capture_layout.addWidget(self.capture_status)
        capture_box.setEnabled(not ops.read_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(capture_box)
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None, today: date | None = None) -> None:
        self._plan_id = plan_id
        self._fill_sessions(today or date.today())
        self.findings.set_plan(plan_id, OPEN_ONLY)
        self.lint.set_plan(plan_id)
        self._session_changed()

    def _fill_sessions(self, today: date | None = None) -> None:
        current = self.session_combo.currentData()
        if current is None and self._plan_id is not None and today is not None:
            upcoming = next_session(self._ops.ws, self._plan_id, today)
            current = upcoming.id if upcoming else None
        sessions = session_titles(self._ops.ws, self._plan_id) if self._plan_id else []
        self._sessions.clear()
        self._sessions.update({sid: title for sid, title, _ in sessions})
        self.session_combo.clear()
        self.session_combo.addItem("(no session)", None)
        for sid, title, held_on in sessions:
            self.session_combo.addItem(f"{held_on or 'undated'} · {title}", sid)
        self.session_combo.setCurrentIndex(max(0, self.session_combo.findData(current)))

    @property
    def session_id(self) -> str | None:
        value = self.session_combo.currentData()
        return str(value) if value else None

    def _session_changed(self) -> None:
        sid = self.session_id
        self.lint.session_id = sid
        self.agenda.setPlainText(session_agenda(self._ops.ws, sid))

    def _on_changed(self, change: Change) -> None:
        if change.touches("review_sessions"):
            self._fill_sessions()
            self._session_changed()

    def event(self, event: QEvent) -> bool:
        """Ctrl+1/2/3 set the capture risk while focus is in here. Claiming them at the
        shortcut-override step keeps the window's Ctrl+1…9 (show a section) from firing."""
        kinds = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        if event.type() in kinds and isinstance(event, QKeyEvent):
            risk = _RISK_KEYS.get(Qt.Key(event.key()))
            if risk is not None and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.capture_risk.setCurrentIndex(self.capture_risk.findData(risk.value))
                return True
        return super().event(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.capture_title.setFocus(Qt.FocusReason.OtherFocusReason)

    def capture(self) -> str | None:
        """Save the typed finding now (undoable), linked to the meeting's session."""
        title = self.capture_title.text().strip()
        if not title:
            self.capture_error.setText("Type the finding's title first.")
            self.capture_error.show()
            return None
        if self._plan_id is None:
            return None
        self.capture_error.hide()
        finding = new_finding(
            title,
            risk=Risk(self.capture_risk.currentData()),
            kind=FindingKind(self.capture_kind.currentData()),
            owner=self.capture_owner.text().strip(),
            session_id=self.session_id,
        )
        if not self._ops.run(edits.add_finding(self._plan_id, finding, "Capture Finding")):
            return None
        self.capture_title.clear()
        self.capture_owner.clear()
        self.capture_title.setFocus()
        self.capture_status.setText(f"Saved “{title}” ({finding.risk.label}). Ctrl+Z undoes it.")
        self.captured.emit(finding.id)
        return finding.id
