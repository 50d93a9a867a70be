"""The decisions tab: ADRs in MADR 4.0 shape, their options, and MADR import/export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.adr import Adr, AdrStatus
from sreplan.architecture.adr_import import export_adr_files
from sreplan.architecture.adr_store import adr_numbers, next_number
from sreplan.architecture.madr.read import MadrError, plan_import
from sreplan.architecture.ui.adr_form import AdrForm
from sreplan.architecture.ui.findings import configure_table
from sreplan.kernel.ids import new_id
from sreplan.ui.dialogs import show_error, show_info
from sreplan.ui.operations import Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.views import TableView

ADR_LIST_COLUMNS = [
    Column("number", "No.", editable=False, display=lambda n: f"ADR-{n:04d}", width=80),
    Column("title", "Decision", width=280),
    Column("status", "Status", choice=AdrStatus, width=90),
    Column("decided_on", "Date", editable=False, width=90),
]


class AdrEditor(QWidget):
    """The plan's decisions by number, the selected one's form, and MADR files in and out."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.model = RecordTableModel(ops, "adrs", ADR_LIST_COLUMNS, order_by="number", noun="ADR")
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Decisions")
        configure_table(self.view, ADR_LIST_COLUMNS, stretch=1)
        self.form = AdrForm(ops)
        self.add_button = QPushButton("&New ADR")
        self.remove_button = QPushButton("Remove")
        self.import_button = QPushButton("&Import MADR…")
        self.export_button = QPushButton("&Export MADR…")
        self.add_button.clicked.connect(self.add_adr)
        self.remove_button.clicked.connect(self._remove)
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        for button in (self.add_button, self.remove_button, self.import_button):
            button.setEnabled(not ops.read_only)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view)
        row1 = QHBoxLayout()
        row1.addWidget(self.add_button)
        row1.addWidget(self.remove_button)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(self.import_button)
        row2.addWidget(self.export_button)
        row2.addStretch(1)
        left_layout.addLayout(row1)
        left_layout.addLayout(row2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.setSizes([460, 600])
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
        self.form.show_adr(self.model.record_id(index.row()) if index.isValid() else None)

    def _reselect(self) -> None:
        aid = self.form.adr_id
        row = self.model.row_of(aid) if aid else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.form.show_adr(None)

    def add_adr(self) -> str | None:
        if self._plan_id is None:
            return None
        adr = Adr(
            id=new_id(), number=next_number(self._ops.ws, self._plan_id), title="New decision"
        )
        if not self._ops.run(edits.add_adr(self._plan_id, adr)):
            return None
        self.view.selectRow(self.model.row_of(str(adr.id)))
        self.form.title_edit.setFocus()
        self.form.title_edit.selectAll()
        return adr.id

    def _remove(self) -> None:
        ids = [self.model.record_id(i.row()) for i in self.view.selectionModel().selectedRows()]
        if ids:
            self._ops.run(edits.remove_adrs(self._plan_id, ids))

    def import_paths(self, paths: list[Path]) -> list[str]:
        """Read the files, then add every ADR in one undoable step; returns the notices."""
        pid = self._plan_id
        if pid is None:
            return []
        plan = plan_import(paths, adr_numbers(self._ops.ws, pid))
        adrs = [replace(a, id=new_id()) for a in plan.adrs]
        if not self._ops.run(edits.import_adrs(pid, adrs)):
            return []
        return [f"Imported {len(adrs)} ADRs.", *plan.notices]

    def _import_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import MADR files", "", "Markdown (*.md *.markdown)"
        )
        if not names:
            return
        try:
            notices = self.import_paths([Path(n) for n in names])
        except MadrError as exc:
            show_error(self, "Import MADR files", f"{exc}\n\nNothing was imported.")
            return
        show_info(self, "Import MADR files", "\n".join(notices))

    def _export_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export ADRs as MADR files")
        if not folder or self._plan_id is None:
            return
        try:
            written = export_adr_files(self._ops.ws, self._plan_id, Path(folder))
        except OSError as exc:
            show_error(self, "Export ADRs", f"Could not write to {folder}: {exc.strerror or exc}.")
            return
        show_info(self, "Export ADRs", f"Wrote {len(written)} files to {folder}.")
