"""The catalog tab: built-in and the plan's own patterns and antipatterns, searchable."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.catalog import CatalogEntry, EntryKind
from sreplan.architecture.catalog_store import all_entries
from sreplan.checkpoints.model import Category
from sreplan.kernel.ids import new_id
from sreplan.ui.fields import error_label, fill_choices, plain_label
from sreplan.ui.operations import Change, Operations
from sreplan.ui.views import TableView

_Index = QModelIndex | QPersistentModelIndex



def category_label(value: str) -> str:
    """'Data backup & disaster recovery' rather than the stored 'backup_dr'."""
    try:
        return Category(value).label
    except ValueError:
        return value  # an entry of the plan's own, with free text

class CatalogModel(QAbstractTableModel):
    """Catalog entries: name, kind, related checkpoint category, and where it comes from."""

    COLUMNS = ("Name", "Kind", "Checkpoint category", "Source")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[CatalogEntry] = []

    def set_entries(self, entries: list[CatalogEntry]) -> None:
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def entry(self, row: int) -> CatalogEntry:
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            source = "Built in" if e.built_in else "This plan"
            category = category_label(e.checkpoint_category)
            return (e.name, e.kind.label, category, source)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.summary
        if role == Qt.ItemDataRole.UserRole:
            return e.key
        return None


class CatalogBrowser(QWidget):
    """Search the catalog, read an entry, add or remove the plan's own entries."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._all: list[CatalogEntry] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search patterns and antipatterns…")
        self.search.setAccessibleName("Search catalog")
        self.search.textChanged.connect(lambda _t: self._filter())
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", None)
        fill_choices(self.kind_filter, EntryKind)
        self.kind_filter.setAccessibleName("Catalog kind")
        self.kind_filter.activated.connect(lambda _i: self._filter())
        self.model = CatalogModel(self)
        self.view = TableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Catalog entries")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            self.view.horizontalHeader().setSectionResizeMode(
                c, QHeaderView.ResizeMode.ResizeToContents
            )
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show())
        self.detail = plain_label()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remove_button = QPushButton("Remove this entry")
        self.remove_button.clicked.connect(self._remove)

        adder = QGroupBox("Add an entry of your own")
        form = QFormLayout(adder)
        self.new_name = QLineEdit()
        self.new_kind = QComboBox()
        fill_choices(self.new_kind, EntryKind)
        self.new_summary = QLineEdit()
        self.new_applies = QLineEdit()
        self.new_checks = QPlainTextEdit()
        self.new_checks.setPlaceholderText("What to check, one per line")
        self.new_checks.setTabChangesFocus(True)
        self.new_checks.setMaximumHeight(70)
        self.new_category = QLineEdit()
        self.new_error = error_label()
        self.add_button = QPushButton("Add to catalog")
        self.add_button.clicked.connect(self.add_entry)
        form.addRow("Name:", self.new_name)
        form.addRow("Kind:", self.new_kind)
        form.addRow("Summary:", self.new_summary)
        form.addRow("Applies when:", self.new_applies)
        form.addRow("What to check:", self.new_checks)
        form.addRow("Checkpoint category:", self.new_category)
        form.addRow("", self.new_error)
        form.addRow(self.add_button)
        for widget, name in (
            (self.new_name, "New entry name"),
            (self.new_kind, "New entry kind"),
            (self.new_summary, "New entry summary"),
            (self.new_applies, "Applies when"),
            (self.new_checks, "What to check"),
            (self.new_category, "Checkpoint category"),
        ):
            widget.setAccessibleName(name)
        adder.setEnabled(not ops.read_only)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.kind_filter)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.view)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.remove_button)
        right_layout.addWidget(adder)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        # The table has four columns to show; the detail text wraps happily.
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._reload()

    def _on_changed(self, change: Change) -> None:
        if change.touches("catalog_entries"):
            self._reload()

    def _reload(self) -> None:
        self._all = all_entries(self._ops.ws, self._plan_id) if self._plan_id else []
        self._filter()

    def _filter(self) -> None:
        kind = self.kind_filter.currentData()
        text = self.search.text()
        self.model.set_entries(
            [e for e in self._all if (kind is None or e.kind.value == kind) and e.matches(text)]
        )
        if self.model.rowCount():
            self.view.selectRow(0)
        self._show()

    def current(self) -> CatalogEntry | None:
        index = self.view.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _show(self) -> None:
        e = self.current()
        if e is None:
            self.detail.setText("No entry matches.")
            self.remove_button.setEnabled(False)
            return
        checks = "\n".join(f"• {c}" for c in e.what_to_check)
        self.detail.setText(
            f"{e.name}\n{e.kind.label} · checkpoint category: "
            f"{category_label(e.checkpoint_category) or '–'}"
            f"\n\n{e.summary}\n\nApplies when\n{e.applies_when}\n\nWhat to check\n{checks}"
        )
        self.remove_button.setEnabled(not e.built_in and not self._ops.read_only)

    def add_entry(self) -> str | None:
        name = self.new_name.text().strip()
        if not name:
            self.new_error.setText("An entry needs a name.")
            self.new_error.show()
            return None
        if self._plan_id is None:
            return None
        self.new_error.hide()
        entry_id = new_id()
        row = {
            "id": entry_id,
            "plan_id": self._plan_id,
            "name": name,
            "kind": self.new_kind.currentData(),
            "summary": self.new_summary.text().strip(),
            "applies_when": self.new_applies.text().strip(),
            "what_to_check": self.new_checks.toPlainText().strip(),
            "checkpoint_category": self.new_category.text().strip(),
        }
        if not self._ops.run(edits.add_catalog_entry(self._plan_id, row)):
            return None
        for edit in (self.new_name, self.new_summary, self.new_applies, self.new_category):
            edit.clear()
        self.new_checks.clear()
        return entry_id

    def _remove(self) -> None:
        e = self.current()
        if e is not None and not e.built_in:
            self._ops.run(edits.remove_catalog_entry(self._plan_id, e.key.removeprefix("user:")))
