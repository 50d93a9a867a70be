"""The findings tab: a table of findings (open first, worst first) and the selected one's form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.arch_lint import Risk
from ...core.reviews import FindingKind, FindingStatus, finding_error
from ...store.catalog import all_entries
from ...store.reviews import (
    FINDING_COLUMNS,
    finding_to_row,
    new_finding,
    set_finding_catalog,
    set_finding_components,
)
from ..delegates import ChoiceDelegate
from ..fields import FieldBinder, OptionalDateEdit, error_label, fill_choices
from ..operations import Change, Operations
from ..record_model import Column, RecordTableModel
from .common import parse_date
from .links import LinkList

_Index = QModelIndex | QPersistentModelIndex
OPEN_FIRST = (
    "status NOT IN ('open', 'in_progress'), "
    "CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, created_at DESC, rowid DESC"
)


class FindingModel(RecordTableModel):
    """Findings; an accepted risk without a reason is refused with a message."""

    def __init__(self, ops: Operations, columns: list[Column]) -> None:
        super().__init__(ops, "findings", columns, order_by=OPEN_FIRST, noun="Finding")

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and role == Qt.ItemDataRole.EditRole:
            key = self._columns[index.column()].key
            row = self.record(index.row())
            status = FindingStatus(value) if key == "status" else FindingStatus(row["status"])
            title = str(value) if key == "title" else row["title"]
            message = finding_error(title, status, row["status_reason"])
            if message:
                self.edit_error(message)
                return False
        return super().setData(index, value, role)

    def _on_changed(self, change: Change) -> None:
        if change.touches("findings", "review_sessions"):
            self.reload()


def finding_columns(session_titles: dict[str, str]) -> list[Column]:
    return [
        Column("title", "Finding", width=300),
        Column("risk", "Risk", choice=Risk, width=70),
        Column("status", "Status", choice=FindingStatus, width=100),
        Column("kind", "Kind", choice=FindingKind, width=130),
        Column("owner", "Owner", width=120),
        Column("due_date", "Due", parse=parse_date, width=90),
        Column(
            "session_id",
            "Session",
            editable=False,
            display=lambda v: session_titles.get(v, ""),
            width=200,
        ),
    ]


def configure_table(view: QTableView, columns: list[Column]) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    for i, column in enumerate(columns):
        if column.width:
            view.setColumnWidth(i, column.width)
        if column.choice is not None:
            view.setItemDelegateForColumn(i, ChoiceDelegate(column.choice, view))


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
        self.components = LinkList(ops, "Linked components", {"finding_components"})
        self.catalog = LinkList(ops, "Catalog entries", {"finding_catalog"}, filterable=True)
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
        self._has_checkpoints = False
        ops.changed.connect(self._on_changed)

    def _status(self) -> FindingStatus:
        return FindingStatus(self.status_combo.currentData() or "open")

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._fill_choices()
        self.show_finding(None)

    def _fill_choices(self) -> None:
        ws, pid = self._ops.ws, self._plan_id
        for combo, rows in (
            (
                self.session_combo,
                ws.rows(
                    "SELECT id, title AS label FROM review_sessions WHERE plan_id = ? "
                    "ORDER BY held_on DESC",
                    [pid],
                ),
            ),
            (
                self.adr_combo,
                ws.rows(
                    "SELECT id, printf('ADR-%04d %s', number, title) AS label FROM adrs "
                    "WHERE plan_id = ? ORDER BY number",
                    [pid],
                ),
            ),
            (self.checkpoint_combo, self._checkpoints()),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(none)", None)
            for r in rows:
                combo.addItem(r["label"], r["id"])
            combo.blockSignals(False)
        self.checkpoint_combo.setEnabled(self._has_checkpoints and not self._ops.read_only)

    def _checkpoints(self) -> list[dict[str, Any]]:
        """Checkpoint items, when the checkpoints feature is part of this build."""
        ws = self._ops.ws
        columns = {r["name"] for r in ws.rows("SELECT name FROM pragma_table_info('checkpoints')")}
        self._has_checkpoints = "id" in columns and "plan_id" in columns
        if not self._has_checkpoints:
            return []
        label = next((c for c in ("title", "name", "text") if c in columns), "id")
        return ws.rows(
            f"SELECT id, {label} AS label FROM checkpoints WHERE plan_id = ? ORDER BY rowid",
            [self._plan_id],
        )

    def show_finding(self, finding_id: str | None) -> None:
        if finding_id != self.finding_id:
            self._pending_status = None
        self.finding_id = finding_id
        row = None
        if finding_id is not None:
            rows = self._ops.ws.rows(
                f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE id = ?", [finding_id]
            )
            row = rows[0] if rows else None
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
            self.components.load([], [], None, pid)
            self.catalog.load([], [], None, pid)
            return
        comps = [
            (r["id"], r["name"])
            for r in ws.rows(
                "SELECT id, name FROM components WHERE plan_id = ? ORDER BY name COLLATE NOCASE",
                [pid],
            )
        ]
        linked = [
            r["component_id"]
            for r in ws.rows(
                "SELECT component_id FROM finding_components WHERE finding_id = ?", [fid]
            )
        ]
        self.components.load(
            comps, linked, lambda ids: set_finding_components(ws, pid, fid, ids), pid
        )
        entries = [(e.key, f"{e.name} ({e.kind.label.lower()})") for e in all_entries(ws, pid)]
        keys = [
            r["builtin_key"] or f"user:{r['entry_id']}"
            for r in ws.rows(
                "SELECT builtin_key, entry_id FROM finding_catalog WHERE finding_id = ?", [fid]
            )
        ]
        self.catalog.load(entries, keys, lambda k: set_finding_catalog(ws, pid, fid, k), pid)

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
        if self.finding_id is not None and self._has_checkpoints:
            self._ops.set_fields(
                "findings",
                self.finding_id,
                {"checkpoint_id": self.checkpoint_combo.currentData()},
                "Link Finding to Checkpoint",
                self._plan_id,
            )


class FindingsEditor(QWidget):
    """All findings of the plan, filterable by session or to the open ones."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._sessions: dict[str, str] = {}
        self.columns = finding_columns(self._sessions)
        self.model = FindingModel(ops, self.columns)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Findings")
        configure_table(self.view, self.columns)
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show findings")
        self.filter_combo.activated.connect(lambda _i: self._apply_filter())
        self.add_button = QPushButton("&New finding")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.add_finding)
        self.remove_button.clicked.connect(self._remove)
        for b in (self.add_button, self.remove_button):
            b.setEnabled(not ops.read_only)
        self.form = FindingForm(ops)
        top = QHBoxLayout()
        top.addWidget(self.filter_combo, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.view)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.setSizes([640, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.model.modelReset.connect(self._reselect)
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._fill_filter()
        self.form.set_plan(plan_id)
        self._apply_filter()

    def _fill_filter(self) -> None:
        current = self.filter_combo.currentData()
        self._sessions.clear()
        self._sessions.update(
            {
                r["id"]: r["title"]
                for r in self._ops.ws.rows(
                    "SELECT id, title FROM review_sessions WHERE plan_id = ? ORDER BY held_on DESC",
                    [self._plan_id],
                )
            }
        )
        self.filter_combo.clear()
        self.filter_combo.addItem("All findings", "all")
        self.filter_combo.addItem("Open findings", "open")
        for sid, title in self._sessions.items():
            self.filter_combo.addItem(f"From session: {title}", sid)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(current)))

    def _apply_filter(self) -> None:
        choice = self.filter_combo.currentData() or "all"
        if choice == "all":
            self.model.set_plan(self._plan_id)
        elif choice == "open":
            self.model.set_plan(self._plan_id, "plan_id = ? AND status IN ('open', 'in_progress')")
        else:
            self.model.set_plan(
                self._plan_id, "plan_id = ? AND session_id = ?", (self._plan_id, choice)
            )

    def _on_changed(self, change: Change) -> None:
        if change.touches("review_sessions"):
            self._fill_filter()

    def _current_changed(self) -> None:
        index = self.view.currentIndex()
        self.form.show_finding(self.model.record_id(index.row()) if index.isValid() else None)

    def _reselect(self) -> None:
        fid = self.form.finding_id
        row = self.model.row_of(fid) if fid else -1
        if row >= 0:
            self.view.selectRow(row)
        elif self.model.rowCount():
            self.view.selectRow(0)
        else:
            self.form.show_finding(None)

    def select(self, finding_id: str) -> None:
        row = self.model.row_of(finding_id)
        if row >= 0:
            self.view.selectRow(row)

    def add_finding(self) -> str | None:
        if self._plan_id is None:
            return None
        session = self.filter_combo.currentData()
        finding = new_finding(
            "New finding", session_id=session if session not in (None, "all", "open") else None
        )
        if not self._ops.insert(
            "findings", [finding_to_row(self._plan_id, finding)], "Add Finding", self._plan_id
        ):
            return None
        self.select(finding.id)
        self.form.title_edit.setFocus()
        self.form.title_edit.selectAll()
        return finding.id

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [self.model.record_id(r) for r in rows]
        if ids:
            label = "Remove Finding" if len(ids) == 1 else f"Remove {len(ids)} Findings"
            self._ops.delete("findings", ids, label, self._plan_id)
