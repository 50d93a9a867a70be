"""The form of one finding: its fields, links, and an Accepted risk that needs a reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.catalog_store import all_entries
from sreplan.architecture.findings import (
    adr_choices,
    checkpoint_choices,
    finding_links,
    finding_row,
)
from sreplan.architecture.lint import Risk
from sreplan.architecture.reviews import FindingKind, FindingStatus, finding_error
from sreplan.architecture.session_store import session_titles
from sreplan.architecture.store import component_names
from sreplan.architecture.ui.links import LinkList
from sreplan.ui.fields import FieldBinder, OptionalDateEdit, error_label, fill_choices
from sreplan.ui.operations import Change, Operations


class FindingForm(QScrollArea):
    """Every field of one finding, its links, and its status with the required reason."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.finding_id: str | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        form = QFormLayout(body)
        self.binder = FieldBinder(ops, "findings", self)
        self.title_edit = QLineEdit()
        self.title_error = error_label()
        self.kind_combo = QComboBox()
        fill_choices(self.kind_combo, FindingKind)
        self.risk_combo = QComboBox()
        fill_choices(self.risk_combo, Risk)
        self.status_combo = QComboBox()
        fill_choices(self.status_combo, FindingStatus)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Required for an accepted risk")
        self.status_error = error_label()
        self.owner_edit = QLineEdit()
        self.due_edit = OptionalDateEdit("Due date")
        self.session_combo = QComboBox()
        self.adr_combo = QComboBox()
        self.checkpoint_combo = QComboBox()
        self.description_edit = QPlainTextEdit()
        self.recommendation_edit = QPlainTextEdit()
        for edit in (self.description_edit, self.recommendation_edit):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(70)
        form.addRow("&Title:", self.title_edit)
        form.addRow("", self.title_error)
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("&Risk:", self.risk_combo)
        form.addRow("&Status:", self.status_combo)
        form.addRow("Reason:", self.reason_edit)
        form.addRow("", self.status_error)
        form.addRow("&Owner:", self.owner_edit)
        form.addRow("D&ue:", self.due_edit)
        form.addRow("Session:", self.session_combo)
        form.addRow("Decision (ADR):", self.adr_combo)
        form.addRow("Checkpoint:", self.checkpoint_combo)
        form.addRow("&Description:", self.description_edit)
        form.addRow("Recommendation:", self.recommendation_edit)
        self.components = LinkList(ops, "Linked components")
        self.catalog = LinkList(ops, "Catalog entries", filterable=True)
        links = QTabWidget()
        links.addTab(self.components, "Components")
        links.addTab(self.catalog, "Patterns / antipatterns")
        links.setMinimumHeight(180)
        form.addRow(links)
        for widget, name in (
            (self.title_edit, "Finding title"),
            (self.kind_combo, "Kind"),
            (self.risk_combo, "Risk"),
            (self.status_combo, "Status"),
            (self.reason_edit, "Status reason"),
            (self.owner_edit, "Owner"),
            (self.description_edit, "Description"),
            (self.recommendation_edit, "Recommendation"),
        ):
            widget.setAccessibleName(name)
        self.binder.line(
            self.title_edit,
            "title",
            "Finding Title",
            validate=lambda v, _: None if v.strip() else "A finding needs a title.",
            error=self.title_error,
        )
        self.binder.choice(self.kind_combo, "kind", "Finding Kind")
        self.binder.choice(self.risk_combo, "risk", "Finding Risk")
        self.binder.line(
            self.reason_edit,
            "status_reason",
            "Status Reason",
            validate=lambda v, _: finding_error("x", self._status(), v),
            error=self.status_error,
        )
        self.binder.line(self.owner_edit, "owner", "Finding Owner")
        self.binder.date(self.due_edit, "due_date", "Due Date")
        self.binder.choice(self.session_combo, "session_id", "Finding Session")
        self.binder.choice(self.adr_combo, "adr_id", "Finding Decision")
        self.binder.text(self.description_edit, "description", "Finding Description")
        self.binder.text(self.recommendation_edit, "recommendation", "Recommendation")
        self.status_combo.activated.connect(lambda _i: self._status_chosen())
        self.checkpoint_combo.activated.connect(lambda _i: self._checkpoint_chosen())
        self._pending_status: FindingStatus | None = None  # chosen, waiting for its reason
        self.reason_edit.editingFinished.connect(self._reason_finished)
        ops.changed.connect(self._on_changed)

    def _status(self) -> FindingStatus:
        return FindingStatus(self.status_combo.currentData() or "open")

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._fill_choices()
        self.show_finding(None)

    def _fill_choices(self) -> None:
        ws, pid = self._ops.ws, self._plan_id
        for combo, choices in (
            (self.session_combo, [(i, t) for i, t, _ in session_titles(ws, pid)] if pid else []),
            (self.adr_combo, adr_choices(ws, pid) if pid else []),
            (self.checkpoint_combo, checkpoint_choices(ws, pid) if pid else []),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(none)", None)
            for record_id, label in choices:
                combo.addItem(label, record_id)
            combo.blockSignals(False)
        self.checkpoint_combo.setEnabled(not self._ops.read_only)

    def show_finding(self, finding_id: str | None) -> None:
        if finding_id != self.finding_id:
            self._pending_status = None
        self.finding_id = finding_id
        row = None
        if finding_id is not None:
            row = finding_row(self._ops.ws, finding_id)
            if row is None:
                self.finding_id = None
        self.binder.load(row, self.finding_id, self._plan_id)
        if row is not None:
            shown = self._pending_status.value if self._pending_status else row["status"]
            self.status_combo.setCurrentIndex(self.status_combo.findData(shown))
            self.checkpoint_combo.setCurrentIndex(
                max(0, self.checkpoint_combo.findData(row["checkpoint_id"]))
            )
        if self._pending_status is None:
            self.status_error.hide()
        self._load_links()
        self.widget().setEnabled(row is not None and not self._ops.read_only)

    def _load_links(self) -> None:
        fid, pid = self.finding_id, self._plan_id
        ws = self._ops.ws
        if fid is None or pid is None:
            self.components.load([], [], None)
            self.catalog.load([], [], None)
            return
        linked, keys = finding_links(ws, fid)
        self.components.load(
            component_names(ws, pid),
            linked,
            lambda ids, label: edits.link_finding_components(pid, fid, ids, label),
        )
        entries = [(e.key, f"{e.name} ({e.kind.label.lower()})") for e in all_entries(ws, pid)]
        self.catalog.load(
            entries, keys, lambda chosen, label: edits.link_finding_catalog(pid, fid, chosen, label)
        )

    def _status_chosen(self) -> None:
        if self.finding_id is None:
            return
        status = FindingStatus(self.status_combo.currentData())
        message = finding_error("x", status, self.reason_edit.text())
        self.status_error.setText(message or "")
        self.status_error.setVisible(bool(message))
        if message:
            self._pending_status = status
            self.reason_edit.setFocus()
            return
        self._pending_status = None
        self._ops.set_fields(
            "findings",
            self.finding_id,
            {"status": status.value},
            "Change Finding Status",
            self._plan_id,
        )

    def _reason_finished(self) -> None:
        """The reason a chosen "Accepted risk" was waiting for: now the status can be saved."""
        if self._pending_status is not None and self.reason_edit.text().strip():
            self._status_chosen()

    def _on_changed(self, change: Change) -> None:
        if change.touches("review_sessions", "adrs", "checkpoints"):
            self._fill_choices()
        if change.touches(
            "findings",
            "finding_components",
            "finding_catalog",
            "components",
            "catalog_entries",
            "review_sessions",
            "adrs",
        ):
            self.show_finding(self.finding_id)

    def _checkpoint_chosen(self) -> None:
        if self.finding_id is not None:
            self._ops.set_fields(
                "findings",
                self.finding_id,
                {"checkpoint_id": self.checkpoint_combo.currentData()},
                "Link Finding to Checkpoint",
                self._plan_id,
            )
