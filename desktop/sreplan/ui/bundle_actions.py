"""File › Export Plan as Folder…, File › Import Plan from Folder…, Plan › Record
Milestone… and Plan › Changes Since Milestone…: plans as code in the app.

The bundle and milestone code is imported when a command is first used, so the
main window starts without it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.bundle import Change
from sreplan.kernel.errors import UserError
from sreplan.ui.dialogs import show_error, show_info
from sreplan.ui.operations import Change as OpsChange
from sreplan.ui.operations import Operations
from sreplan.ui.views import TableView

_Index = QModelIndex | QPersistentModelIndex


def export_folder(window: Any) -> None:
    """Write the selected plan as a bundle into a folder the user picks."""
    if window.plan_id is None:
        show_info(window, "Export Plan as Folder", "Select the plan to export first.")
        return
    folder = QFileDialog.getExistingDirectory(window, "Export Plan as Folder")
    if folder:
        export_to(window, folder)


def export_to(window: Any, folder: str) -> None:
    from pathlib import Path

    from sreplan.bundle.export import export_bundle

    try:
        result = export_bundle(window.ops.ws, window.plan_id, Path(folder))
    except UserError as exc:
        show_error(window, "Not exported", str(exc))
        return
    removed = f", removed {len(result.removed)}" if result.removed else ""
    window.statusBar().showMessage(
        f"Exported the plan to {folder}: {len(result.written)} files written, "
        f"{result.unchanged} unchanged{removed}",
        8000,
    )


def import_folder(window: Any) -> None:
    """Create or update a plan from a bundle folder, as one undoable step."""
    folder = QFileDialog.getExistingDirectory(window, "Import Plan from Folder")
    if folder:
        import_from(window, folder)


def import_from(window: Any, folder: str) -> bool:
    from sreplan.bundle.importing import import_edit
    from sreplan.bundle.read import BundleError, read_bundle

    try:
        bundle = read_bundle(folder)
    except BundleError as exc:
        shown = "\n".join(f"• {p}" for p in exc.problems[:12])
        more = f"\n… and {len(exc.problems) - 12} more" if len(exc.problems) > 12 else ""
        show_error(window, "Nothing imported", f"{folder}:\n{shown}{more}\n\nNothing was imported.")
        return False
    except UserError as exc:
        show_error(window, "Nothing imported", f"{exc}\n\nNothing was imported.")
        return False
    edit = import_edit(bundle)
    if not window.ops.run(edit):
        return False
    window.select_plan(bundle.plan_id)
    verb = "Created" if edit.result.created else "Updated"
    window.statusBar().showMessage(
        f"{verb} plan {edit.result.plan_name} from {folder} ({edit.result.records} records). "
        "Edit › Undo takes it back.",
        8000,
    )
    from sreplan.bundle.check import edited_derived_files

    warnings = bundle.warnings + edited_derived_files(window.ops.ws, bundle)
    if warnings:
        show_info(window, "Imported with warnings", "\n".join(f"• {w}" for w in warnings))
    return True


class RecordMilestoneDialog(QDialog):
    """Asks for the milestone's name; records it (one undo step) when accepted."""

    def __init__(self, ops: Operations, plan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record-milestone")
        self.setWindowTitle("Record Milestone")
        self.ops = ops
        self.plan_id = plan_id
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Launch readiness review")
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Record")
        buttons.accepted.connect(self._record)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            QLabel("A milestone keeps the plan as it is now, to compare with later.")
        )
        form.addRow("Name:", self.name)
        form.addRow(self.error)
        form.addRow(buttons)

    def _record(self) -> None:
        from sreplan.plans.milestone_store import list_milestones

        name = " ".join(self.name.text().split())
        if not name:
            self.error.setText("Give the milestone a name.")
            return
        if any(m.name == name for m in list_milestones(self.ops.ws, self.plan_id)):
            self.error.setText(f"The plan already has a milestone named {name!r}.")
            return
        from sreplan.bundle.milestones import milestone_edit

        if self.ops.run(milestone_edit(self.plan_id, name)):
            self.accept()


def record_milestone(window: Any) -> None:
    if window.plan_id is None:
        show_info(window, "Record Milestone", "Select the plan first.")
        return
    dialog = RecordMilestoneDialog(window.ops, window.plan_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


class ChangesModel(QAbstractTableModel):
    """What changed, one row per change."""

    HEADERS = ("Area", "Change", "Item", "Detail")

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[Change] = []

    def set_changes(self, changes: list[Change]) -> None:
        self.beginResetModel()
        self.changes = changes
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
        ):
            return None
        change = self.changes[index.row()]
        return (change.area, change.kind, change.subject, change.detail)[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class ChangesDialog(QDialog):
    """What changed since a milestone (or between two), kept current as the plan changes."""

    NOW = "Now"

    def __init__(self, ops: Operations, plan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changes-since")
        self.setWindowTitle("Changes Since Milestone")
        self.resize(900, 480)
        self.ops = ops
        self.plan_id = plan_id
        self.since = QComboBox()
        self.until = QComboBox()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.model = ChangesModel()
        self.table = TableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("Since:"))
        pickers.addWidget(self.since, 1)
        pickers.addWidget(QLabel("Until:"))
        pickers.addWidget(self.until, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._fill_pickers()
        self.since.currentIndexChanged.connect(self.refresh)
        self.until.currentIndexChanged.connect(self.refresh)
        ops.changed.connect(self._on_changed)
        self.refresh()

    def _fill_pickers(self) -> None:
        from sreplan.plans.milestone_store import list_milestones

        names = [m.name for m in list_milestones(self.ops.ws, self.plan_id)]
        since, until = self.since.currentText(), self.until.currentText()
        for combo in (self.since, self.until):
            combo.blockSignals(True)
            combo.clear()
        self.since.addItems(names)
        self.until.addItems([self.NOW, *reversed(names)])
        if since in names:
            self.since.setCurrentIndex(names.index(since))
        elif names:
            self.since.setCurrentIndex(len(names) - 1)
        if until in names:
            self.until.setCurrentText(until)
        for combo in (self.since, self.until):
            combo.blockSignals(False)

    def _on_changed(self, change: OpsChange) -> None:
        if change.plan_id in (None, self.plan_id):
            self._fill_pickers()
            self.refresh()

    def refresh(self) -> None:
        from sreplan.bundle.milestones import changes_since

        if self.since.count() == 0:
            self.summary.setText(
                "The plan has no milestone yet: Plan › Record Milestone… keeps one."
            )
            self.model.set_changes([])
            return
        until = self.until.currentText()
        try:
            found = changes_since(
                self.ops.ws, self.plan_id, self.since.currentText(),
                None if until == self.NOW else until,
            )
        except UserError as exc:
            self.summary.setText(str(exc))
            self.model.set_changes([])
            return
        self.summary.setText(found.summary())
        self.model.set_changes(list(found.changes))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)


def show_changes(window: Any) -> None:
    if window.plan_id is None:
        show_info(window, "Changes Since Milestone", "Select the plan first.")
        return
    dialog = ChangesDialog(window.ops, window.plan_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()


def record_session_milestone(ops: Operations, plan_id: str, session_id: str) -> str:
    """Close a review session by recording its milestone; what happened, in one line.

    The milestone is named after the session (its title and date); a session that
    already has one is not recorded twice.
    """
    from sreplan.bundle.milestones import milestone_edit
    from sreplan.plans.milestone_store import list_milestones

    existing = [m for m in list_milestones(ops.ws, plan_id) if m.session_id == session_id]
    if existing:
        return f"This review was closed already: milestone “{existing[0].name}”."
    from sreplan.bundle.milestones import session_milestone_name

    name = session_milestone_name(ops.ws, plan_id, session_id)
    if not ops.run(milestone_edit(plan_id, name, session_id)):
        return "The milestone was not recorded."
    return f"Review closed: milestone “{name}” recorded. Ctrl+Z undoes it."
