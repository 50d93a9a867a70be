"""A checkable list that edits a record's links (components, catalog entries) undoably."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QListView, QVBoxLayout, QWidget

from sreplan.kernel.edits import Edit
from sreplan.ui.operations import Operations

# The chosen keys and the Edit-menu label -> the Edit that saves them (from the feature's edits).
Saver = Callable[[list[str], str], Edit]


class LinkList(QWidget):
    """Options (key, label) with check boxes; toggling one saves the whole set as one step."""

    def __init__(self, ops: Operations, name: str, *, filterable: bool = False) -> None:
        super().__init__()
        self._ops = ops
        self._name = name
        self._save: Saver | None = None
        self._loading = False
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if filterable:
            self.filter = QLineEdit()
            self.filter.setPlaceholderText("Filter…")
            self.filter.setAccessibleName(f"Filter {name.lower()}")
            self.filter.textChanged.connect(self.proxy.setFilterFixedString)
            layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.model.itemChanged.connect(self._toggled)

    def load(
        self,
        options: Sequence[tuple[str, str]],
        checked: Sequence[str],
        save: Saver | None,
    ) -> None:
        self._loading = True
        self._save = save
        self.model.clear()
        chosen = set(checked)
        for key, label in options:
            item = QStandardItem(label)
            item.setData(key, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            item.setCheckable(save is not None and not self._ops.read_only)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        self._loading = False

    def checked(self) -> list[str]:
        return [
            str(self.model.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _toggled(self, item: QStandardItem) -> None:
        if self._loading or self._save is None:
            return
        self._ops.run(self._save(self.checked(), f"Change {self._name}"))
