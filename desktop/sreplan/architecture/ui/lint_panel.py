"""Lint suggestions: accept one as a finding in one step, or dismiss it with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.lint import LintSettings, Suggestion
from sreplan.architecture.lint_triage import LintState, lint_settings, run_lint
from sreplan.architecture.ui.common import LINT_TABLES, SuggestionModel
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import SpinBox, plain_label
from sreplan.ui.operations import Change, Operations
from sreplan.ui.views import TableView


class LintPanel(QWidget):
    """Untriaged suggestions with their evidence; optionally the dismissed ones with reasons."""

    accepted = Signal(str)  # finding id

    def __init__(self, ops: Operations, *, compact: bool = False) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.session_id: str | None = None
        self.state = LintState((), (), ())
        self.model = SuggestionModel(self)
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Lint suggestions")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.depth_spin = SpinBox("Longest synchronous chain allowed", 1, 20)
        self.depth_spin.setValue(LintSettings().max_sync_depth)
        self.depth_spin.setAccessibleName("Longest synchronous chain allowed")
        self.depth_spin.valueChanged.connect(self._depth_changed)
        self.show_dismissed = QCheckBox("Show dismissed")
        self.show_dismissed.toggled.connect(lambda _v: self.refresh())
        self.summary = plain_label()
        options = QHBoxLayout()
        options.addWidget(self.summary, 1)
        options.addWidget(plain_label("Max sync chain:"))
        options.addWidget(self.depth_spin)
        options.addWidget(self.show_dismissed)

        self.evidence = plain_label()
        self.evidence.setWordWrap(True)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recommendation = plain_label()
        self.recommendation.setWordWrap(True)
        self.dismissal = plain_label()
        self.dismissal.setWordWrap(True)
        self.accept_button = QPushButton("&Accept as finding")
        self.accept_button.clicked.connect(self.accept_current)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why is this not a problem? (required to dismiss)")
        self.reason.setAccessibleName("Dismissal reason")
        self.reason.textChanged.connect(lambda _t: self._update_buttons())
        self.reason.returnPressed.connect(self.dismiss_current)
        self.dismiss_button = QPushButton("D&ismiss")
        self.dismiss_button.clicked.connect(self.dismiss_current)

        detail = QWidget()
        form = QFormLayout(detail)
        form.addRow("Evidence:", self.evidence)
        form.addRow("Recommendation:", self.recommendation)
        form.addRow("", self.dismissal)
        actions = QHBoxLayout()
        actions.addWidget(self.accept_button)
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.dismiss_button)
        form.addRow(actions)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setSizes([300, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if not compact:
            layout.addLayout(options)
        layout.addWidget(splitter)
        ops.changed.connect(self._on_changed)
        self._update_buttons()

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.refresh()

    def _on_changed(self, change: Change) -> None:
        if change.touches(*LINT_TABLES):
            self.refresh()

    def refresh(self) -> None:
        current = self.current()
        if self._plan_id is None:
            self.state = LintState((), (), ())
        else:
            settings = lint_settings(self._ops.ws, self._plan_id)
            self.depth_spin.blockSignals(True)
            self.depth_spin.setValue(settings.max_sync_depth)
            self.depth_spin.blockSignals(False)
            self.state = run_lint(self._ops.ws, self._plan_id, settings)
        shown = list(self.state.untriaged)
        if self.show_dismissed.isChecked():
            shown += [s for s, _ in self.state.dismissed]
        self.model.set_suggestions(shown)
        self.summary.setText(
            f"{len(self.state.untriaged)} to triage · {len(self.state.accepted)} accepted as "
            f"findings · {len(self.state.dismissed)} dismissed"
        )
        row = self.model.row_of(current.key) if current else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        self._show_current()

    def _depth_changed(self, depth: int) -> None:
        """Save the plan's chain limit (undoable); every lint view follows it."""
        pid = self._plan_id
        if pid is None:
            return
        self._ops.run(edits.set_chain_limit(pid, depth))

    def current(self) -> Suggestion | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.suggestion(index.row())

    def _dismissal_reason(self, suggestion: Suggestion) -> str | None:
        return next((r for s, r in self.state.dismissed if s.key == suggestion.key), None)

    def _show_current(self) -> None:
        s = self.current()
        self.evidence.setText(s.evidence if s else "Nothing to triage.")
        self.recommendation.setText(s.recommendation if s else "")
        reason = self._dismissal_reason(s) if s else None
        self.dismissal.setText(f"Dismissed: {reason}" if reason else "")
        self.dismissal.setVisible(bool(reason))
        self._update_buttons()

    def _update_buttons(self) -> None:
        s = self.current()
        writable = not self._ops.read_only and s is not None
        self.accept_button.setEnabled(writable)
        self.reason.setEnabled(writable)
        self.dismiss_button.setEnabled(writable and bool(self.reason.text().strip()))

    def accept_current(self) -> str | None:
        s = self.current()
        if s is None or self._plan_id is None:
            return None
        finding_id = new_id()
        edit = edits.accept_suggestion(self._plan_id, s, self.session_id, finding_id)
        if not self._ops.run(edit):
            return None
        self.accepted.emit(finding_id)
        return finding_id

    def dismiss_current(self) -> bool:
        s = self.current()
        reason = self.reason.text().strip()
        if s is None or self._plan_id is None or not reason:
            return False
        if self._ops.run(edits.dismiss_suggestion(self._plan_id, s, reason)):
            self.reason.clear()
            return True
        return False
