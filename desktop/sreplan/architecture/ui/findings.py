"""The findings tab: a table of findings (open first, worst first) and the selected one's form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.findings import (
    BY_SESSION,
    OPEN_FIRST,
    OPEN_ONLY,
    new_finding,
)
from sreplan.architecture.lint import Risk
from sreplan.architecture.reviews import FindingKind, FindingStatus, finding_error
from sreplan.architecture.session_store import session_titles
from sreplan.architecture.ui.common import parse_date
from sreplan.architecture.ui.finding_form import FindingForm
from sreplan.ui.delegates import ChoiceDelegate
from sreplan.ui.operations import Change, Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.views import TableView, fit_columns

_Index = QModelIndex | QPersistentModelIndex


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


def configure_table(view: QTableView, columns: list[Column], stretch: int | None = None) -> None:
    """Row selection and column widths: the title column (``stretch``, else the first)
    and the session share what the short columns leave, so nothing hides behind a
    horizontal scroll bar and no header is cut.
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    first = 0 if stretch is None else stretch
    fit_columns(view, stretch=tuple(
        i for i, c in enumerate(columns) if i == first or c.key == "session_id"
    ))
    for i, column in enumerate(columns):
        if column.choice is not None:
            view.setItemDelegateForColumn(i, ChoiceDelegate(column.choice, view))


class FindingsEditor(QWidget):
    """All findings of the plan, filterable by session or to the open ones."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._sessions: dict[str, str] = {}
        self.columns = finding_columns(self._sessions)
        self.model = FindingModel(ops, self.columns)
        self.view = TableView()
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
        if self._plan_id is not None:
            self._sessions.update(
                {sid: title for sid, title, _ in session_titles(self._ops.ws, self._plan_id)}
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
            self.model.set_plan(self._plan_id, OPEN_ONLY)
        else:
            self.model.set_plan(self._plan_id, BY_SESSION, (self._plan_id, choice))

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

    def reveal(self, finding_id: str) -> None:
        """Select a finding, showing every finding first if the filter hides it."""
        if self.model.row_of(finding_id) < 0:
            self.filter_combo.setCurrentIndex(max(self.filter_combo.findData("all"), 0))
            self._apply_filter()
        self.select(finding_id)

    def add_finding(self) -> str | None:
        if self._plan_id is None:
            return None
        session = self.filter_combo.currentData()
        finding = new_finding(
            "New finding", session_id=session if session not in (None, "all", "open") else None
        )
        if not self._ops.run(edits.add_finding(self._plan_id, finding)):
            return None
        self.select(finding.id)
        self.form.title_edit.setFocus()
        self.form.title_edit.selectAll()
        return finding.id

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = [self.model.record_id(r) for r in rows]
        if ids:
            self._ops.run(edits.remove_findings(self._plan_id, ids))
