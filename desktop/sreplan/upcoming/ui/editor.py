"""The Changes section: the product team's planned changes, a list beside one change's form."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture.store import component_names
from sreplan.architecture.ui.findings import configure_table
from sreplan.architecture.ui.links import LinkList
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import FieldBinder, OptionalDateEdit, error_label, fill_choices
from sreplan.ui.operations import Change, Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import Tone, mute, style
from sreplan.ui.views import TableView
from sreplan.upcoming import edits, store
from sreplan.upcoming.model import (
    ChangeKind,
    Flag,
    factor_text,
    load_factor_error,
    load_until_error,
    parse_load_factor,
    title_error,
)

# Tables whose changes can raise or clear a flag.
FLAG_SOURCES = ("findings", "finding_components", "checkpoints", "phases", "components")


def _factor_from_db(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class ChangeForm(QScrollArea):
    """One change's fields; the load factor is refused at the field unless it is a sane
    multiplier, and saving it also moves the change's capacity event (one undo step)."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.change_id: str | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        form = QFormLayout(body)
        self.binder = FieldBinder(ops, store.CHANGES, self, build=edits.set_change_fields)
        self.title_edit = QLineEdit()
        self.title_error = error_label()
        self.kind_combo = QComboBox()
        fill_choices(self.kind_combo, ChangeKind)
        self.date_edit = OptionalDateEdit("Change date")
        self.date_error = error_label()
        self.owner_edit = QLineEdit()
        self.factor_edit = QLineEdit()
        self.factor_edit.setPlaceholderText("e.g. 1.5 for 50% more load; blank: no change")
        self.factor_error = error_label()
        self.until_edit = OptionalDateEdit("Load lasts until")
        self.until_error = error_label()
        self.phase_combo = QComboBox()
        self.components = LinkList(ops, "Components it touches")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(80)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet(style(Tone.BAD))
        self.flags_label.setAccessibleName("Why the change is flagged")
        self.event_label = QLabel()
        self.event_label.setWordWrap(True)
        mute(self.event_label)
        for label in (self.flags_label, self.event_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("&Title:", self.title_edit)
        form.addRow("", self.title_error)
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("&Date:", self.date_edit)
        form.addRow("", self.date_error)
        form.addRow("&Owner:", self.owner_edit)
        form.addRow("&Load factor:", self.factor_edit)
        form.addRow("", self.factor_error)
        form.addRow("Load lasts &until:", self.until_edit)
        form.addRow("", self.until_error)
        form.addRow("", self.event_label)
        form.addRow("Waits on &phase:", self.phase_combo)
        form.addRow("Co&mponents:", self.components)
        form.addRow("", self.flags_label)
        form.addRow("&Notes:", self.notes_edit)
        for widget, name in (
            (self.title_edit, "Change title"),
            (self.kind_combo, "Change kind"),
            (self.owner_edit, "Change owner"),
            (self.factor_edit, "Load factor"),
            (self.phase_combo, "Phase the change waits on"),
            (self.notes_edit, "Change notes"),
        ):
            widget.setAccessibleName(name)
        b = self.binder
        b.line(self.title_edit, "title", "Change Title",
               validate=lambda v, _: title_error(v), error=self.title_error)
        b.choice(self.kind_combo, "kind", "Change Kind")
        b.date(self.date_edit, "planned_on", "Change Date",
               validate=lambda v, vals: load_until_error(vals["load_until"], v),
               error=self.date_error)
        b.line(self.owner_edit, "owner", "Change Owner")
        b.line(self.factor_edit, "load_factor", "Load Factor",
               validate=lambda v, _: load_factor_error(v), error=self.factor_error,
               to_db=parse_load_factor, from_db=_factor_from_db)
        b.date(self.until_edit, "load_until", "Load End",
               validate=lambda v, vals: load_until_error(v, vals["planned_on"]),
               error=self.until_error)
        b.choice(self.phase_combo, "phase_id", "Phase")
        b.text(self.notes_edit, "notes", "Change Notes")
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.phase_combo.clear()
        self.phase_combo.addItem("No phase", None)
        if plan_id is not None:
            for phase_id, name in store.phase_choices(self._ops.ws, plan_id):
                self.phase_combo.addItem(name, phase_id)
        self.show_change(None)

    def show_change(self, change_id: str | None, flags: list[Flag] | None = None) -> None:
        ws = self._ops.ws
        row = None if change_id is None else store.change_row(ws, change_id)
        self.change_id = None if row is None else change_id
        self.binder.load(row, self.change_id, self._plan_id)
        pid, cid = self._plan_id, self.change_id
        if cid is None or pid is None:
            self.components.load([], [], None)
        else:
            self.components.load(
                component_names(ws, pid),
                store.change_components(ws, cid),
                lambda ids, label: edits.set_components(pid, cid, ids, label),
            )
        self.flags_label.setText(
            "Flagged: " + "; ".join(f.reason for f in flags) + "." if flags else ""
        )
        self.flags_label.setVisible(bool(flags))
        self.event_label.setText(_event_text(row))
        self.widget().setEnabled(row is not None and not self._ops.read_only)

    def _on_changed(self, change: Change) -> None:
        if change.touches("phases") and self._plan_id is not None:
            current = self.change_id
            self.set_plan(self._plan_id)
            self.change_id = current


def _event_text(row: dict[str, Any] | None) -> str:
    if row is None or row["load_factor"] is None:
        return "Without a load factor the change is not a capacity event."
    if row["planned_on"] is None:
        return "Give the change a date to make its load factor a capacity event."
    until = row["load_until"] or row["planned_on"]
    return (f"Capacity event: demand {factor_text(row['load_factor'])} for every resource "
            f"from {row['planned_on']} to {until} (see Capacity › outlook).")


class ChangesEditor(QWidget):
    """The plan's planned changes, soonest first, flagged ones marked; the chosen one's form."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        ops = ctx.ops
        self._ops = ops
        self._plan_id: str | None = None
        self._flags: dict[str, list[Flag]] = {}
        self.columns = [
            Column("planned_on", "Date", editable=False, width=84),
            Column("title", "Change", editable=False, width=240),
            Column("kind", "Kind", editable=False, choice=ChangeKind, width=100),
            Column("load_factor", "Load", editable=False, display=factor_text, width=44),
            Column("id", "Flagged", editable=False, display=self._flag_text, width=190),
        ]
        self.model = RecordTableModel(
            ops, store.CHANGES, self.columns, order_by=store.CHANGE_ORDER, noun="Change"
        )
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Planned changes")
        configure_table(self.view, self.columns, stretch=1)
        self.view.setWordWrap(False)
        self.add_button = QPushButton("&New change")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.add_change)
        self.remove_button.clicked.connect(self._remove)
        for button in (self.add_button, self.remove_button):
            button.setEnabled(not ops.read_only)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        mute(self.summary)
        self.form = ChangeForm(ops)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.setSizes([640, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.model.modelReset.connect(self._reselect)
        ops.changed.connect(self._on_changed)

    def _flag_text(self, change_id: str) -> str:
        return "; ".join(f.reason for f in self._flags.get(change_id, []))

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._refresh_flags()
        self.form.set_plan(plan_id)
        self.model.set_plan(plan_id)

    def _refresh_flags(self) -> None:
        pid = self._plan_id
        self._flags = {} if pid is None else store.flags(self._ops.ws, pid)
        count = len(self._flags)
        self.summary.setText(
            "Changes the product team plans: launches, features, migrations, architecture "
            "and traffic changes. A load factor makes the change a capacity event. "
            + (f"{count} flagged." if count else "None flagged.")
        )

    def _on_changed(self, change: Change) -> None:
        if change.touches(store.CHANGES, store.CHANGE_COMPONENTS, *FLAG_SOURCES):
            self._refresh_flags()
            if not change.touches(store.CHANGES):  # the model reloads itself for those
                self.model.reload()
            self.form.show_change(self.form.change_id, self._flags.get(self.form.change_id or ""))

    def _current_changed(self) -> None:
        index = self.view.currentIndex()
        cid = self.model.record_id(index.row()) if index.isValid() else None
        self.form.show_change(cid, self._flags.get(cid or ""))

    def _reselect(self) -> None:
        cid = self.form.change_id
        row = self.model.row_of(cid) if cid else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.form.show_change(None)

    def add_change(self) -> str | None:
        if self._plan_id is None:
            return None
        change_id = new_id()
        if not self._ops.run(edits.add_change(
            self._plan_id, change_id, "New change", ChangeKind.LAUNCH.value
        )):
            return None
        self.view.selectRow(self.model.row_of(change_id))
        self.form.title_edit.setFocus()
        self.form.title_edit.selectAll()
        return change_id

    def _remove(self) -> None:
        ids = [self.model.record_id(i.row()) for i in self.view.selectionModel().selectedRows()]
        if ids:
            self._ops.run(edits.remove_changes(self._plan_id, ids))

