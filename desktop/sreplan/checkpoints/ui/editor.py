"""The Checkpoints section: gates per phase, one filterable checklist table, a details form.

Keyboard: arrows move, Space cycles the status of the selected items (Not started →
In progress → Done), Enter edits the cell (or jumps to its field in the form),
Delete removes, Ctrl+Z undoes any of it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sreplan.checkpoints.model import CheckpointStatus, next_status
from sreplan.checkpoints.queries import (
    CheckpointFilter,
    GateTally,
    count_checkpoints,
    owners,
)
from sreplan.checkpoints.store import list_phases
from sreplan.checkpoints.template_store import find_template
from sreplan.checkpoints.ui.dialogs import OwnerDialog, WaiverDialog
from sreplan.checkpoints.ui.filters import CheckpointFilterBar
from sreplan.checkpoints.ui.form import CheckpointForm
from sreplan.checkpoints.ui.gates import GateSummaryView
from sreplan.checkpoints.ui.model import COLUMNS, CheckpointTableModel
from sreplan.checkpoints.ui.ops import CheckpointOps
from sreplan.checkpoints.ui.transfer import ChecklistTransfer
from sreplan.ui import dialogs
from sreplan.ui.delegates import ChoiceDelegate
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import mute
from sreplan.ui.views import TableView

PRR_TEMPLATE = "prr"  # the built-in Production Readiness Review checklist


class CheckpointEditor(QWidget):
    """The checklist of the selected plan."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.edits = CheckpointOps(ctx.ops)
        self._plan_id: str | None = None
        self._kept: tuple[list[str], str | None, int] = ([], None, 0)
        self._tally: GateTally | None = None
        self.model = CheckpointTableModel(self.edits)
        self.transfer = ChecklistTransfer(self)

        layout = QVBoxLayout(self)
        gates_box = QGroupBox("Gates")
        gates_layout = QVBoxLayout(gates_box)
        self.gates = GateSummaryView()
        # Six "100% done (0/0) · Ready" rows would claim an empty checklist is ready.
        self.gates_empty = EmptyState(
            "No checkpoints yet: start from Templates (a checklist for the engagement) "
            "or Add Checkpoint (Insert).",
            "Apply the &PRR template",
            self.apply_prr_template,
        )
        # A plan from an older file may have no phases: adding them is the user's edit.
        self.default_phases_button = QPushButton("Add &Default Phases")
        self.default_phases_button.setToolTip(
            "Add the five default phases (Design, Development, Testing, Deployment, "
            "Operations) to this plan"
        )
        self.default_phases_button.clicked.connect(self.add_default_phases)
        phases_row = QHBoxLayout()
        phases_row.addWidget(self.default_phases_button)
        phases_row.addStretch(1)
        gates_layout.addWidget(self.gates)
        gates_layout.addWidget(self.gates_empty)
        gates_layout.addLayout(phases_row)
        layout.addWidget(gates_box)
        layout.addLayout(self._toolbar())
        self.filters = CheckpointFilterBar()
        self.filters.changed.connect(self._filter_changed)
        # The controls under their own names, for keyboard-focused code and tests.
        self.search = self.filters.search
        self.phase_filter, self.status_filter, self.owner_filter = (
            self.filters.phase_filter, self.filters.status_filter, self.filters.owner_filter
        )
        self.risk_filter, self.category_filter = (
            self.filters.risk_filter, self.filters.category_filter
        )
        self.count_label = self.filters.count_label
        layout.addWidget(self.filters)

        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Checkpoints")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        # Fixed widths (sizing to content would read all 5,000 rows); the title takes
        # what is left, so every column fits a 1280-pixel window without scrolling.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, column in enumerate(COLUMNS):
            self.view.setColumnWidth(i, column.width)
            if column.choice is not None and column.editable:
                self.view.setItemDelegateForColumn(i, ChoiceDelegate(column.choice, self.view))
        self.view.installEventFilter(self)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._restore_selection)

        self.form = CheckpointForm(self.edits, self.change_status)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setCollapsible(0, False)
        splitter.setSizes([320, 240])
        layout.addWidget(splitter, 1)
        hint = plain_label(
            "Keys: ↑↓ move · Shift+↑↓ select · Space cycles status (Not started → In progress "
            "→ Done) · Enter edits · Insert adds · Delete removes · Ctrl+Z undoes"
        )
        mute(hint)
        layout.addWidget(hint)
        ctx.ops.changed.connect(self._on_changed)
        self._apply_read_only()

    # Layout ----------------------------------------------------------------------------

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add Checkpoint")
        self.add_button.setToolTip("Add a checkpoint to the current phase (Insert)")
        self.add_button.clicked.connect(self.add_checkpoint)
        # Push buttons with a menu: Fusion gives their arrow its own room, where a
        # tool button's arrow overlaps the last letter.
        self.status_button = QPushButton("Set &Status")
        self.status_button.setToolTip("Set the status of every selected item (Space cycles it)")
        status_menu = QMenu(self.status_button)
        self.status_actions: dict[CheckpointStatus, QAction] = {}
        for status in CheckpointStatus:
            action = status_menu.addAction(status.label + ("…" if status.value == "waived" else ""))
            action.triggered.connect(lambda _c=False, s=status: self.change_status(None, s))
            self.status_actions[status] = action
        self.status_button.setMenu(status_menu)
        self.owner_button = QPushButton("Set O&wner…")
        self.owner_button.clicked.connect(self.change_owner)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected items (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.phases_button = QPushButton("P&hases…")
        self.phases_button.clicked.connect(self.edit_phases)
        self.templates_button = QPushButton("&Templates")
        self.templates_button.setMenu(self.transfer.template_menu(self.templates_button))
        self.export_button = QPushButton("E&xport")
        self.export_button.setMenu(self.transfer.export_menu(self.export_button))
        self.selected_label = plain_label()
        for widget in (
            self.add_button, self.status_button, self.owner_button, self.delete_button,
            self.phases_button, self.templates_button, self.export_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.selected_label)
        return row

    # Plan and refresh ------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.edits.plan_id = plan_id
        self._kept = ([], None, 0)
        self.filters.fill_choices(self._ctx.ops.ws, plan_id)
        self.filters.reset()
        self.model.set_plan(plan_id)
        self._refresh_gates()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._selection_changed()

    def _on_changed(self, change: Change) -> None:
        gate_tables = self._ctx.ops.ws.schema.hooks.gate_tables
        if self._plan_id is None:
            return
        if change.touches("checkpoints", "phases", "plans"):
            columns = change.updated_columns("checkpoints")
            if columns is None or "owner" in columns:  # the owner filter's choices
                self.filters.fill_choices(self._ctx.ops.ws, self._plan_id)
            if columns is not None and self._tally is not None:
                self._tally.apply(change.rows)  # only items updated: count the difference
                self._refresh_gates(reload=False)
            else:
                self._refresh_gates()
            self._selection_changed()
        elif change.touches(*gate_tables):  # e.g. a P0 action item now holds a phase
            self._refresh_gates(reload=False)
            self._selection_changed()

    def _refresh_gates(self, reload: bool = True) -> None:
        if reload:
            self._tally = GateTally.load(self._ctx.ops.ws, self._plan_id) if self._plan_id \
                else None
        summary = self._tally.summary() if self._tally is not None else None
        self.gates.set_summary(summary)
        empty = summary is None or summary.overall.total == 0
        self.gates.setVisible(not empty)
        self.gates_empty.setVisible(empty)
        no_phases = self._tally is not None and not self._tally.phases
        self.gates_empty.set_text(
            "This plan has no phases yet: add the default phases, or start from Templates "
            "(a checklist for the engagement)."
            if no_phases
            else "No checkpoints yet: start from Templates (a checklist for the engagement) "
            "or Add Checkpoint (Insert)."
        )
        self.default_phases_button.setVisible(no_phases)
        self.default_phases_button.setEnabled(not self._ctx.read_only)
        self.gates_empty.set_read_only(self._ctx.read_only)
        self.add_button.setEnabled(not self._ctx.read_only and not no_phases)

    def _filter_changed(self, where: CheckpointFilter) -> None:
        self.model.set_filter(where)
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_count()

    def _update_count(self) -> None:
        total = count_checkpoints(self._ctx.ops.ws, self._plan_id) if self._plan_id else 0
        self.filters.show_count(self.model.rowCount(), total)

    # Selection -------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """Selected rows from the selection's ranges (selectedRows() visits every cell)."""
        rows: set[int] = set()
        selection = self.view.selectionModel().selection()
        for i in range(selection.count()):
            span = selection.at(i)
            rows.update(range(span.top(), span.bottom() + 1))
        return sorted(rows)

    def selected_ids(self) -> list[str]:
        rows = self.selected_rows()
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.record_id(r) for r in rows]

    def reveal(self, checkpoint_id: str) -> None:
        """Select an item (the Actions section's link back), clearing filters that hide it."""
        if self.model.row_of(checkpoint_id) < 0:
            self.filters.clear()  # emits: the table shows everything again
        row = self.model.row_of(checkpoint_id)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.selectRow(row)
            self.view.scrollTo(index)

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def _selection_changed(self, *_args: object) -> None:
        count = len(self.selected_rows())
        self.selected_label.setText(f"{count:,} selected" if count > 1 else "")
        self.form.set_record(self.current_id())
        self._update_count()

    def _keep_selection(self) -> None:
        current = self.view.currentIndex()
        self._kept = (
            self.selected_ids() if self.model.rowCount() else [],
            self.current_id(),
            current.column() if current.isValid() else 0,
        )

    def _restore_selection(self) -> None:
        ids, current, column = self._kept
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for record_id in ids:
            row = self.model.row_of(record_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        model = self.view.selectionModel()
        if current is not None and self.model.row_of(current) >= 0:
            model.setCurrentIndex(
                self.model.index(self.model.row_of(current), column),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # Edits -----------------------------------------------------------------------------

    def change_status(self, ids: list[str] | None, status: CheckpointStatus) -> None:
        """Set one status on ``ids`` (default: the selection); Waived asks for the reason."""
        ids = self.selected_ids() if ids is None else ids
        if not ids or self._ctx.read_only:
            return
        if status is CheckpointStatus.WAIVED:
            dialog = WaiverDialog(len(ids), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            reason, note = dialog.chosen()
            self.edits.set_status(ids, status, reason, note)
        else:
            self.edits.set_status(ids, status)

    def cycle_status(self) -> None:
        ids = self.selected_ids()
        current = self.current_id() or (ids[0] if ids else None)
        if current is None:
            return
        status = CheckpointStatus(self.model.record(self.model.row_of(current))["status"])
        self.change_status(ids, next_status(status))

    def change_owner(self) -> None:
        ids = self.selected_ids()
        if not ids or self._plan_id is None:
            return
        current = self.model.record(self.model.row_of(ids[0]))["owner"] if len(ids) == 1 else ""
        dialog = OwnerDialog(len(ids), owners(self._ctx.ops.ws, self._plan_id), current, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.edits.set_owner(ids, dialog.owner.text())

    def add_checkpoint(self) -> None:
        if self._plan_id is None or self._ctx.read_only:
            return
        phases = list_phases(self._ctx.ops.ws, self._plan_id)
        if not phases:
            return
        phase_id = self.filters.phase_id()
        current = self.current_id()
        if phase_id is None:
            phase_id = self.model.record(self.model.row_of(current))["phase_id"] if current \
                else phases[0].id
        new_id = self.edits.add(phase_id)
        if new_id is not None:
            if self.model.row_of(new_id) < 0:  # hidden by the filter: show everything
                self.clear_filters()
            row = self.model.row_of(new_id)
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.scrollTo(self.model.index(row, 0))
            self.form.focus_field("title")

    def apply_prr_template(self) -> None:
        """The empty checklist's next step: the built-in Production Readiness Review."""
        if self._plan_id is None or self._ctx.read_only:
            return
        self.transfer.apply_template(find_template(self._ctx.ops.ws, PRR_TEMPLATE))

    def add_default_phases(self) -> None:
        """Give a plan without phases (from an older file) the five default ones, undoably."""
        if self._plan_id is None or self._ctx.read_only:
            return
        self.edits.add_default_phases()

    def clear_filters(self) -> None:
        self.filters.clear()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self._ctx.read_only:
            return
        if len(ids) > 1 and not dialogs.confirm(
            self, "Delete Checkpoints", f"Delete {len(ids):,} checkpoints? Undo brings them back.",
            "Delete",
        ):
            return
        self.edits.delete(ids)

    def edit_phases(self) -> None:
        if self._plan_id is None:
            return
        from sreplan.checkpoints.ui.phases import PhasesDialog

        PhasesDialog(self.edits, self).exec()

    # Keyboard --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        editing = self.view.state() == QAbstractItemView.State.EditingState
        if watched is self.view and event.type() == QEvent.Type.KeyPress and not editing:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if key == Qt.Key.Key_Space and plain:
                self.cycle_status()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self._edit_current()
                return True
            if event.matches(QKeySequence.StandardKey.Delete):
                self.delete_selected()
                return True
            if key == Qt.Key.Key_Insert and plain:
                self.add_checkpoint()
                return True
        return super().eventFilter(watched, event)

    def _edit_current(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        if self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.view.edit(index)
        else:
            self.form.focus_field(COLUMNS[index.column()].key)

    def _apply_read_only(self) -> None:
        ro = self._ctx.read_only
        for widget in (
            self.add_button, self.status_button, self.owner_button, self.delete_button,
            self.phases_button,
        ):
            widget.setEnabled(not ro)
        self.transfer.set_read_only(ro)

    def selected_record_ids(self) -> list[str]:
        """For tests and other sections: what the table has selected (by id)."""
        return [self.model.record_id(r) for r in self.selected_rows()]
