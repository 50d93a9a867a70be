"""The sessions tab: review sessions with participants, scope, agenda and notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import edits, meeting_edits
from sreplan.architecture.reviews import SessionType
from sreplan.architecture.session_store import (
    SESSION_ORDER,
    participant_rows,
    scope_ids,
    session_row,
    stakeholder_choices,
)
from sreplan.architecture.store import component_names
from sreplan.architecture.ui.common import SafeMarkdownView, parse_date
from sreplan.architecture.ui.findings import configure_table
from sreplan.architecture.ui.links import LinkList
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import FieldBinder, OptionalDateEdit, error_label, fill_choices, plain_label
from sreplan.ui.operations import Change, Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.views import TableView

SESSION_LIST_COLUMNS = [
    Column("held_on", "Date", parse=parse_date, width=90),
    Column("title", "Session", width=260),
    Column("kind", "Type", choice=SessionType, width=140),
]


class SessionForm(QScrollArea):
    """One session's fields; participants come from the stakeholders or are typed in."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.session_id: str | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        form = QFormLayout(body)
        self.binder = FieldBinder(ops, "review_sessions", self)
        self.title_edit = QLineEdit()
        self.title_error = error_label()
        self.date_edit = OptionalDateEdit("Session date")
        self.kind_combo = QComboBox()
        fill_choices(self.kind_combo, SessionType)
        self.agenda_edit = QPlainTextEdit()
        self.agenda_edit.setPlaceholderText("One item per line")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Notes (Markdown conventions allowed)")
        self.preview = SafeMarkdownView()
        self.preview.setAccessibleName("Notes preview")
        notes_tabs = QTabWidget()
        notes_tabs.addTab(self.notes_edit, "Write")
        notes_tabs.addTab(self.preview, "Preview")
        notes_tabs.currentChanged.connect(self._preview)
        for edit in (self.agenda_edit, self.notes_edit):
            edit.setTabChangesFocus(True)
        self.agenda_edit.setMinimumHeight(90)
        notes_tabs.setMinimumHeight(160)
        self.people = LinkList(ops, "Participants")
        self.guests_edit = QLineEdit()
        self.guests_edit.setPlaceholderText("Others, separated by commas")
        self.guests_edit.editingFinished.connect(self._guests_edited)
        self.scope = LinkList(ops, "Components in scope")
        form.addRow("&Title:", self.title_edit)
        form.addRow("", self.title_error)
        form.addRow("&Date:", self.date_edit)
        form.addRow("T&ype:", self.kind_combo)
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.people)
        people_layout.addWidget(self.guests_edit)
        lists = QHBoxLayout()
        lists.addWidget(people)
        lists.addWidget(self.scope)
        form.addRow(plain_label("Participants and components in scope:"))
        form.addRow(lists)
        form.addRow("&Agenda:", self.agenda_edit)
        form.addRow("&Notes:", notes_tabs)
        for widget, name in (
            (self.title_edit, "Session title"),
            (self.kind_combo, "Session type"),
            (self.agenda_edit, "Agenda"),
            (self.notes_edit, "Notes"),
            (self.guests_edit, "Other participants"),
        ):
            widget.setAccessibleName(name)
        self.binder.line(
            self.title_edit,
            "title",
            "Session Title",
            validate=lambda v, _: None if v.strip() else "A session needs a title.",
            error=self.title_error,
        )
        self.binder.date(self.date_edit, "held_on", "Session Date")
        self.binder.choice(self.kind_combo, "kind", "Session Type")
        # The agenda's lines are meeting mode's agenda items: its edit keeps them in step.
        self.agenda_binder = FieldBinder(
            ops,
            "review_sessions",
            self,
            build=lambda sid, values, label, pid, merge: meeting_edits.set_agenda_text(
                pid, sid, values["agenda"], label, merge
            ),
        )
        self.agenda_binder.text(self.agenda_edit, "agenda", "Agenda")
        self.binder.text(self.notes_edit, "notes", "Session Notes")
        ops.changed.connect(self._on_changed)

    def _preview(self, tab: int) -> None:
        if tab == 1:
            self.preview.show_markdown(self.notes_edit.toPlainText())

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.show_session(None)

    def show_session(self, session_id: str | None) -> None:
        self.session_id = session_id
        row = None if session_id is None else session_row(self._ops.ws, session_id)
        if row is None:
            self.session_id = None
        self.binder.load(row, self.session_id, self._plan_id)
        self.agenda_binder.load(row, self.session_id, self._plan_id)
        self._load_lists()
        self.widget().setEnabled(row is not None and not self._ops.read_only)

    def _load_lists(self) -> None:
        sid, pid, ws = self.session_id, self._plan_id, self._ops.ws
        if sid is None or pid is None:
            self.people.load([], [], None)
            self.scope.load([], [], None)
            self.guests_edit.clear()
            return
        current = participant_rows(ws, sid)
        chosen = [s for s, _ in current if s]
        guests = [n for s, n in current if not s]
        self.people.load(
            stakeholder_choices(ws, pid),
            chosen,
            lambda ids, label: edits.choose_participants(pid, sid, ids, label),
        )
        if not self.guests_edit.hasFocus():
            self.guests_edit.setText(", ".join(guests))
        self.scope.load(
            component_names(ws, pid),
            scope_ids(ws, sid),
            lambda ids, label: edits.set_session_scope(pid, sid, ids, label),
        )

    def _guests_edited(self) -> None:
        sid, pid = self.session_id, self._plan_id
        if sid is None or pid is None:
            return
        self._ops.run(edits.set_guests(pid, sid, self.guests_edit.text().split(",")))

    def _on_changed(self, change: Change) -> None:
        if change.touches(
            "review_sessions",
            "agenda_items",
            "session_participants",
            "session_components",
            "components",
            "stakeholders",
        ):
            self.show_session(self.session_id)


class SessionsEditor(QWidget):
    """The plan's review sessions, newest first, and the selected one's form."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.model = RecordTableModel(
            ops,
            "review_sessions",
            SESSION_LIST_COLUMNS,
            order_by=SESSION_ORDER,
            noun="Session",
        )
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Review sessions")
        configure_table(self.view, SESSION_LIST_COLUMNS, stretch=1)
        self.add_button = QPushButton("&New session")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.add_session)
        self.remove_button.clicked.connect(self._remove)
        for b in (self.add_button, self.remove_button):
            b.setEnabled(not ops.read_only)
        self.form = SessionForm(ops)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.setSizes([420, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.model.modelReset.connect(self._reselect)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.form.set_plan(plan_id)
        self.model.set_plan(plan_id)

    def _current_changed(self) -> None:
        index = self.view.currentIndex()
        self.form.show_session(self.model.record_id(index.row()) if index.isValid() else None)

    def _reselect(self) -> None:
        sid = self.form.session_id
        row = self.model.row_of(sid) if sid else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.form.show_session(None)

    def add_session(self) -> str | None:
        if self._plan_id is None:
            return None
        session_id = new_id()
        edit = edits.add_session(self._plan_id, session_id, SessionType.DESIGN.value)
        if not self._ops.run(edit):
            return None
        self.view.selectRow(self.model.row_of(session_id))
        self.form.title_edit.setFocus()
        self.form.title_edit.selectAll()
        return session_id

    def _remove(self) -> None:
        ids = [self.model.record_id(i.row()) for i in self.view.selectionModel().selectedRows()]
        if ids:
            self._ops.run(edits.remove_sessions(self._plan_id, ids))
