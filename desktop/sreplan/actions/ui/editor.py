"""The Actions section: every action item of the plan, filtered, sorted and bulk-edited.

A bulk edit is one Edit (one undo step) written to the records that own the items;
double-clicking an item opens the record it belongs to in its own section.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.actions import edits
from sreplan.actions.model import ActionStatus, Priority, SourceKind, TrackedAction
from sreplan.actions.store import UNSET, ActionChange, ActionError
from sreplan.actions.tracker import ActionFilter, count, owners
from sreplan.actions.ui.loop_pages import ControlPage, EvidencePage, LinksPage, compact
from sreplan.actions.ui.model import COLUMNS, ActionTableModel
from sreplan.actions.ui.panels import LoopPanel
from sreplan.ui.fields import plain_label
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import Tone, style
from sreplan.ui.views import TableView

_STATUS_FILTERS: tuple[tuple[str, bool, ActionStatus | None], ...] = (
    ("Open items", True, None),
    ("All items", False, None),
    *((s.label, False, s) for s in ActionStatus),
)


def parse_due(text: str) -> date | None:
    """A typed due date (YYYY-MM-DD, or empty for none); ValueError names the format."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date: type it as YYYY-MM-DD.") from None


class ActionsEditor(QWidget):
    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._plan_id: str | None = None
        self._counts = ""
        self.model = ActionTableModel(ctx.ops)
        self._build()
        # A reload (an edit anywhere, a filter) keeps the selected items selected.
        self._kept_keys: list[str] = []
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(lambda: self._reselect(self._kept_keys))
        self.model.reloaded.connect(self._update_summary)
        self.model.items_changed.connect(self._update_counts)
        self.model.items_changed.connect(self.loop.refresh)

    # Layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = plain_label()
        self.summary.setAccessibleName("Action item counts")

        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by words in title, owner, source…")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        for label, _, _ in _STATUS_FILTERS:
            self.status_filter.addItem(label)
        self.source_filter = QComboBox()
        self.source_filter.addItem("All sources", None)
        for kind in SourceKind:
            self.source_filter.addItem(kind.label, kind.value)
        self.priority_filter = QComboBox()
        self.priority_filter.addItem("All priorities", None)
        for p in Priority:
            self.priority_filter.addItem(p.label, p.value)
        self.owner_filter = QComboBox()
        self.overdue_only = QCheckBox("Overdue only")
        filters = QHBoxLayout()
        for widget in (self.search, self.status_filter, self.source_filter,
                       self.priority_filter, self.owner_filter, self.overdue_only):  # fmt: skip
            filters.addWidget(widget)
        filters.setStretch(0, 1)
        for combo in (self.status_filter, self.source_filter, self.priority_filter,
                      self.owner_filter):  # fmt: skip
            compact(combo, 8)
        self.search.textChanged.connect(self._apply_filter)
        self.overdue_only.toggled.connect(self._apply_filter)
        for combo in (self.status_filter, self.source_filter, self.priority_filter,
                      self.owner_filter):  # fmt: skip
            combo.currentIndexChanged.connect(self._apply_filter)

        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        # Double-click opens the item's own record; F2 (or typing) renames it in place.
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setAccessibleName("Action items")
        header = self.view.horizontalHeader()
        for i, column in enumerate(COLUMNS):
            self.view.setColumnWidth(i, column.width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._open_record)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        # Bulk edit of the selection: each button is one undo step.
        self.selected_label = plain_label()
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText("Owner")
        self.set_owner_button = QPushButton("Set Owner")
        self.due_edit = QLineEdit()
        self.due_edit.setPlaceholderText("Due YYYY-MM-DD")
        self.set_due_button = QPushButton("Set Due")
        self.status_edit = QComboBox()
        for s in ActionStatus:
            self.status_edit.addItem(s.label, s.value)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Reason (for Not doing)")
        self.set_status_button = QPushButton("Set Status")
        bulk = QHBoxLayout()
        bulk_widgets: tuple[QWidget, ...] = (
            self.selected_label, self.owner_edit, self.set_owner_button, self.due_edit,
            self.set_due_button, self.status_edit, self.reason_edit, self.set_status_button,
        )  # fmt: skip
        for part in bulk_widgets:
            bulk.addWidget(part)
        self.set_owner_button.clicked.connect(self._set_owner)
        self.set_due_button.clicked.connect(self._set_due)
        self.set_status_button.clicked.connect(self._set_status)
        self.owner_edit.returnPressed.connect(self._set_owner)
        self.due_edit.returnPressed.connect(self._set_due)
        self.reason_edit.returnPressed.connect(self._set_status)

        self.error = plain_label()
        self.error.setStyleSheet(style(Tone.BAD))
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Why the change was refused")

        # Adding an item by hand.
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("New action item…")
        self.new_priority = QComboBox()
        for p in Priority:
            self.new_priority.addItem(p.label, p.value)
        self.new_priority.setCurrentIndex(1)
        self.new_phase = QComboBox()
        self.add_button = QPushButton("Add Action Item")
        add = QHBoxLayout()
        for piece in (self.new_title, self.new_priority, self.new_phase, self.add_button):
            add.addWidget(piece)
        add.setStretch(0, 1)
        compact(self.new_phase, 10)
        compact(self.status_edit, 8)
        self.add_button.clicked.connect(self._add)
        self.new_title.returnPressed.connect(self._add)

        self.loop = LoopPanel(self._ctx, self.model.items)
        self.control_page = ControlPage(self._ctx, self.selected_items)
        self.evidence_page = EvidencePage(self._ctx)
        self.links_page = LinksPage(self._ctx)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.loop, "Measures of the loop")
        self.pages.addTab(self.control_page, "Lesson → control")
        self.pages.addTab(self.evidence_page, "Checklist evidence")
        self.pages.addTab(self.links_page, "SLO services ↔ components")

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bulk)
        layout.addWidget(self.error)
        layout.addLayout(add)
        layout.addWidget(self.pages)
        self._selection_changed()

    # Plan and filter ---------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.loop.set_plan(plan_id)
        self.model.set_plan(plan_id)
        for page in (self.control_page, self.evidence_page, self.links_page):
            page.set_plan(plan_id)
        self._fill_choices()
        self.error.clear()
        read_only = self._ctx.read_only
        for w in (self.set_owner_button, self.set_due_button, self.set_status_button,
                  self.add_button):  # fmt: skip
            w.setEnabled(not read_only and plan_id is not None)

    def _fill_choices(self) -> None:
        current = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem("All owners", None)
        self.owner_filter.addItem("Unassigned", "")
        for name in owners(self.model.items()):
            self.owner_filter.addItem(name, name)
        index = self.owner_filter.findData(current)
        self.owner_filter.setCurrentIndex(max(index, 0))
        self.owner_filter.blockSignals(False)
        self.new_phase.clear()
        self.new_phase.addItem("No phase", None)
        if self._plan_id is not None:
            from sreplan.checkpoints.store import list_phases

            for phase in list_phases(self._ctx.ops.ws, self._plan_id):
                self.new_phase.addItem(f"Holds gate: {phase.name}", phase.id)

    def _apply_filter(self, *_args: object) -> None:
        _, open_only, status = _STATUS_FILTERS[self.status_filter.currentIndex()]
        kind = self.source_filter.currentData()
        priority = self.priority_filter.currentData()
        self.model.set_filter(
            ActionFilter(
                open_only=open_only,
                status=status,
                kind=SourceKind(kind) if kind else None,
                priority=Priority(priority) if priority else None,
                owner=self.owner_filter.currentData(),
                overdue_only=self.overdue_only.isChecked(),
                text=self.search.text(),
            )
        )

    def _update_counts(self) -> None:
        """The counts of every item (not only those shown): read again after each edit."""
        c = count(self.model.items(), self.model.today)
        self._counts = (
            f"{c.open_p0} open P0 · {c.overdue} overdue · {c.open} open · {c.done} done · "
            f"{c.not_doing} not doing"
        )
        self.summary.setStyleSheet(style(Tone.BAD, bold=True) if c.open_p0 else "")
        self._update_summary()

    def _update_summary(self) -> None:
        self.summary.setText(f"{self._counts} — {self.model.rowCount():,} shown")
        self._selection_changed()

    # Selection and bulk edit -------------------------------------------------------------

    def selected_items(self) -> list[TrackedAction]:
        rows: set[int] = set()
        selection = self.view.selectionModel().selection()
        for i in range(selection.count()):
            span = selection.at(i)
            rows.update(range(span.top(), span.bottom() + 1))
        return [self.model.item(r) for r in sorted(rows) if r < self.model.rowCount()]

    def _selection_changed(self, *_args: object) -> None:
        n = len(self.selected_items())
        self.selected_label.setText(f"{n} selected:" if n else "Select items to edit:")
        if hasattr(self, "control_page"):
            self.control_page.show_links()

    def _run(self, change: ActionChange, field: QWidget) -> None:
        items = self.selected_items()
        if not items or self._plan_id is None:
            self._refuse("Select the items to change first.", field)
            return
        try:
            edit = edits.change_items(self._plan_id, items, change)
        except ActionError as exc:
            self._refuse(str(exc), field)
            return
        if self._ctx.ops.run(edit):
            self.error.clear()

    def _refuse(self, message: str, field: QWidget) -> None:
        self.error.setText(message)
        field.setFocus()

    def _remember_selection(self) -> None:
        self._kept_keys = [i.key for i in self.selected_items()]

    def _reselect(self, keys: list[str]) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for key in keys:
            row = self.model.row_of(key)
            if row >= 0:
                selection.select(self.model.index(row, 0),
                                 self.model.index(row, len(COLUMNS) - 1))  # fmt: skip
        flag = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.view.selectionModel().select(selection, flag)

    def _set_owner(self) -> None:
        self._run(ActionChange(owner=self.owner_edit.text()), self.owner_edit)

    def _set_due(self) -> None:
        try:
            due = parse_due(self.due_edit.text())
        except ValueError as exc:
            self._refuse(str(exc), self.due_edit)
            return
        self._run(ActionChange(due=due), self.due_edit)

    def _set_status(self) -> None:
        status = ActionStatus(self.status_edit.currentData())
        field = self.reason_edit if status is ActionStatus.NOT_DOING else self.status_edit
        self._run(ActionChange(status=status, reason=self.reason_edit.text()), field)

    def _add(self) -> None:
        if self._plan_id is None:
            return
        title = self.new_title.text()
        if not title.strip():
            self._refuse("An action item needs a title.", self.new_title)
            return
        edit = edits.add_action(
            self._plan_id, title, created=date.today(),
            priority=Priority(self.new_priority.currentData()),
            phase_id=self.new_phase.currentData(),
        )  # fmt: skip
        if self._ctx.ops.run(edit):
            self.new_title.clear()
            self.error.clear()

    # Link back ---------------------------------------------------------------------------

    def _open_record(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())
        reveal = getattr(self._ctx.window, "reveal_record", None)
        if item.section and item.section != "actions" and reveal is not None:
            reveal(item.section, item.record_id)


__all__ = ["UNSET", "ActionsEditor", "parse_due"]
