"""The inventory tab: components and the dependencies between them, edited in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture import edits
from sreplan.architecture.model import (
    Backups,
    CallMode,
    ComponentKind,
    Criticality,
    Replication,
    RetryPolicy,
    Tristate,
    dependency_error,
)
from sreplan.architecture.store import (
    COMPONENT_ORDER,
    component_names,
    dependency_pairs,
    name_taken,
    new_dependency,
)
from sreplan.architecture.ui.common import parse_count, parse_date, parse_yes_no, yes_no
from sreplan.kernel.ids import new_id
from sreplan.ui.delegates import ChoiceDelegate
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.fields import error_label
from sreplan.ui.operations import Change, Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.views import TableView, fit_columns

_Index = QModelIndex | QPersistentModelIndex

COMPONENT_COLUMNS = [
    Column("name", "Name", width=170),
    Column("kind", "Kind", choice=ComponentKind, width=130),
    Column("owner_team", "Owner team", width=130),
    Column("instances", "Instances", parse=parse_count, width=70),
    Column("zones", "Zones / regions", width=150),
    Column("stateful", "Stateful", display=yes_no, parse=parse_yes_no, width=70),
    Column("replication", "Replication", choice=Replication, width=90),
    Column("backups", "Backups", choice=Backups, width=90),
    Column("backups_tested_on", "Restore tested", parse=parse_date, width=100),
    Column("deployment", "Deployment", width=180),
    Column("notes", "Notes", width=200),
]


_STATE_COLUMNS = {"replication", "backups", "backups_tested_on"}


class ComponentModel(RecordTableModel):
    """Components of a plan; a duplicate or empty name is refused with a message."""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Replication and backups mean nothing for a stateless component: show a dash.
        if (role == Qt.ItemDataRole.DisplayRole and index.isValid()
                and 0 <= index.row() < self.rowCount()
                and self._columns[index.column()].key in _STATE_COLUMNS
                and not self.record(index.row())["stateful"]):
            return "—"
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and role == Qt.ItemDataRole.EditRole and index.column() == 0:
            name = str(value).strip()
            if not name:
                self.edit_error("Name: a component needs a name.")
                return False
            if self._plan_id is not None and name_taken(
                self._ops.ws, self._plan_id, name, self.record_id(index.row())
            ):
                self.edit_error(f"Name: there is already a component named {name!r}.")
                return False
            value = name
        return super().setData(index, value, role)


class DependencyModel(RecordTableModel):
    """Dependencies shown with their components' names."""

    def __init__(self, ops: Operations) -> None:
        columns = [
            Column(
                "source_id",
                "From (caller)",
                editable=False,
                width=160,
                display=lambda v: self._names.get(v, "?"),
            ),
            Column(
                "target_id",
                "To (dependency)",
                editable=False,
                width=160,
                display=lambda v: self._names.get(v, "?"),
            ),
            Column("mode", "Call", choice=CallMode, width=60),
            Column("criticality", "Criticality", choice=Criticality, width=90),
            Column("timeout", "Timeout set", choice=Tristate, width=80),
            Column("retries", "Retries", choice=RetryPolicy, width=120),
            Column("circuit_breaker", "Circuit breaker", choice=Tristate, width=100),
            Column("notes", "Notes", width=200),
        ]
        self._names: dict[str, str] = {}
        self.columns = columns
        super().__init__(ops, "dependencies", columns, order_by="rowid", noun="Dependency")

    def reload(self) -> None:
        self._names = (
            dict(component_names(self._ops.ws, self._plan_id)) if self._plan_id else {}
        )
        super().reload()

    def _on_changed(self, change: Change) -> None:
        if change.touches("dependencies", "components"):
            self.reload()


_FREE_TEXT = {"name", "zones", "deployment", "notes", "source_id", "target_id", "owner_team"}


def _table(model: RecordTableModel, name: str, columns: list[Column]) -> QTableView:
    view = TableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    # Free text shares the width (eliding; the tooltip and the cell editor have it all);
    # choices, counts and dates fit their content and header ("Timeout set" uncut).
    fit_columns(
        view, stretch=tuple(i for i, c in enumerate(columns) if c.key in _FREE_TEXT)
    )
    for i, column in enumerate(columns):
        if column.choice is not None:
            view.setItemDelegateForColumn(i, ChoiceDelegate(column.choice, view))
    return view


class InventoryEditor(QWidget):
    """Components above, dependencies below; every edit is one undoable step."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self.components = ComponentModel(
            ops,
            "components",
            COMPONENT_COLUMNS,
            order_by=COMPONENT_ORDER,
            noun="Component",
        )
        self.components.wrap_headers = True  # eleven columns beside the plan list
        self.component_view = _table(self.components, "Components", COMPONENT_COLUMNS)
        self.dependencies = DependencyModel(ops)
        self.dependency_view = _table(self.dependencies, "Dependencies", self.dependencies.columns)

        self.add_component_button = QPushButton("&Add component")
        self.remove_component_button = QPushButton("Remove component")
        self.add_component_button.clicked.connect(self.add_component)
        self.remove_component_button.clicked.connect(self._remove_components)
        top = QGroupBox("Components")
        top_layout = QVBoxLayout(top)
        self.empty = EmptyState(
            "No components yet. List what serves a request (load balancer, services, "
            "databases, queues, external providers), then the calls between them: the lint, "
            "the diagram and the review build on this inventory.",
            "Add your first &component",
            self.add_component,
        )
        self.empty.set_read_only(ops.read_only)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.component_view)
        row = QHBoxLayout()
        row.addWidget(self.add_component_button)
        row.addWidget(self.remove_component_button)
        row.addStretch(1)
        top_layout.addLayout(row)

        self.source_combo = QComboBox()
        self.source_combo.setAccessibleName("Caller")
        self.target_combo = QComboBox()
        self.target_combo.setAccessibleName("Dependency")
        self.add_dependency_button = QPushButton("Add &dependency")
        self.remove_dependency_button = QPushButton("Remove dependency")
        self.dependency_error = error_label()
        self.add_dependency_button.clicked.connect(self.add_dependency)
        self.remove_dependency_button.clicked.connect(self._remove_dependencies)
        bottom = QGroupBox("Dependencies (caller → dependency)")
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.addWidget(self.dependency_view)
        adder = QHBoxLayout()
        adder.addWidget(self.source_combo, 1)
        adder.addWidget(self._arrow())
        adder.addWidget(self.target_combo, 1)
        adder.addWidget(self.add_dependency_button)
        adder.addWidget(self.remove_dependency_button)
        bottom_layout.addLayout(adder)
        bottom_layout.addWidget(self.dependency_error)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([320, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        ops.changed.connect(self._on_changed)
        for button in (
            self.add_component_button,
            self.remove_component_button,
            self.add_dependency_button,
            self.remove_dependency_button,
        ):
            button.setEnabled(not ops.read_only)

    @staticmethod
    def _arrow() -> QWidget:
        from sreplan.ui.fields import plain_label

        return plain_label("→")

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.components.set_plan(plan_id)
        self.dependencies.set_plan(plan_id)
        self._fill_combos()

    def _on_changed(self, change: Change) -> None:
        if change.touches("components"):
            self._fill_combos()

    def _fill_combos(self) -> None:
        rows = [] if self._plan_id is None else component_names(self._ops.ws, self._plan_id)
        self.empty.setVisible(self._plan_id is not None and not rows)
        for combo in (self.source_combo, self.target_combo):
            current = combo.currentData()
            combo.clear()
            for component_id, name in rows:
                combo.addItem(name, component_id)
            if current is not None and combo.findData(current) >= 0:
                combo.setCurrentIndex(combo.findData(current))
        if len(rows) > 1 and self.target_combo.currentIndex() == self.source_combo.currentIndex():
            self.target_combo.setCurrentIndex(1 if self.source_combo.currentIndex() == 0 else 0)

    def add_component(self) -> str | None:
        if self._plan_id is None:
            return None
        component_id = new_id()
        if not self._ops.run(edits.add_component(self._plan_id, component_id)):
            return None
        index = self.components.index(self.components.row_of(component_id), 0)
        self.component_view.setCurrentIndex(index)
        self.component_view.edit(index)
        return component_id

    def add_dependency(self) -> str | None:
        source, target = self.source_combo.currentData(), self.target_combo.currentData()
        if self._plan_id is None or source is None or target is None:
            return None
        message = dependency_error(source, target, dependency_pairs(self._ops.ws, self._plan_id))
        self.dependency_error.setText(message or "")
        self.dependency_error.setVisible(bool(message))
        if message:
            return None
        dep = new_dependency(source, target)
        if not self._ops.run(edits.add_dependency(self._plan_id, dep)):
            return None
        self.dependency_view.setCurrentIndex(
            self.dependencies.index(self.dependencies.row_of(dep.id), 2)
        )
        return dep.id

    def _selected(self, view: QTableView, model: RecordTableModel) -> list[str]:
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex().row()]
        return [model.record_id(r) for r in rows]

    def _remove_components(self) -> None:
        ids = self._selected(self.component_view, self.components)
        if ids:
            self._ops.run(edits.remove_components(self._plan_id, ids))

    def _remove_dependencies(self) -> None:
        ids = self._selected(self.dependency_view, self.dependencies)
        if ids:
            self._ops.run(edits.remove_dependencies(self._plan_id, ids))
