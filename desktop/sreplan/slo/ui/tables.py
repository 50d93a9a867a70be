"""Record tables of the reliability-goals editor: dependencies, services, SLIs and policies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.durations import parse_duration
from sreplan.slo.model import PolicyTrigger, Severity, SliKind, SliType
from sreplan.slo.store import slo_title
from sreplan.ui.delegates import ChoiceDelegate
from sreplan.ui.operations import Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.views import TableView, fit_columns


def percent(low: float, high: float, *, low_open: bool = True) -> Callable[[str], float | None]:
    def parse(text: str) -> float | None:
        text = text.strip().removesuffix("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        if (value <= low if low_open else value < low) or value > high:
            raise ValueError(f"must be above {low:g} and at most {high:g}")
        return value

    return parse


def required(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def check(text: str) -> Any:
        value = parse(text)
        if value is None:
            raise ValueError("a value is required")
        return value

    return check


def duration(text: str) -> str | None:
    return parse_duration(text.strip()).shorthand if text.strip() else None


def replicas(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise ValueError("at least one replica")
    return value


def name(text: str) -> str:
    if not text.strip():
        raise ValueError("a name is required")
    return text


class RecordTable(QGroupBox):
    """A titled record table with Add and Remove buttons."""

    def __init__(
        self,
        title: str,
        model: RecordTableModel,
        add: Callable[[], None],
        add_text: str,
        remove_text: str = "Remove",
    ) -> None:
        super().__init__(title)
        self.model = model
        self.view = TableView()
        self.view.setModel(model)
        self.view.setAccessibleName(title)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(remove_text)
        self.add_button.clicked.connect(add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)
        self.noun = title
        self.on_remove: Callable[[list[str]], object] | None = None

    def set_widths(self, widths: Sequence[int]) -> None:
        for i, w in enumerate(widths):
            self.view.setColumnWidth(i, w)

    def fit(self, *free_text: str) -> None:
        """No sideways scrolling: the ``free_text`` columns share the width left by the
        others, which fit their content and header (see sreplan.ui.views.fit_columns)."""
        keys = self.model.column_keys()
        fit_columns(self.view, stretch=tuple(i for i, k in enumerate(keys) if k in free_text))

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.record_id(r) for r in rows]

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.on_remove is not None:
            self.on_remove(ids)

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)

    def select_record(self, record_id: str, column: int = 0, edit: bool = True) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        if edit:
            self.view.edit(index)


def dependency_model(ops: Operations) -> RecordTableModel:
    return RecordTableModel(
        ops,
        "slo_dependencies",
        [
            Column("name", "Dependency", parse=name),
            Column(
                "availability",
                "Availability (%)",
                parse=percent(0, 100),
                display=lambda v: f"{v:g}",
            ),
            Column("replicas", "Replicas", parse=replicas),
            Column(
                "depends_on_slo_id",
                "Linked SLO",
                editable=False,
                display=lambda v: slo_title(ops.ws, v),
            ),
        ],
        order_by="position, rowid",
        noun="Dependency",
    )


def service_model(ops: Operations) -> RecordTableModel:
    return RecordTableModel(
        ops,
        "services",
        [
            Column("name", "Service", parse=name),
            Column("description", "Description"),
        ],
        order_by="position, name COLLATE NOCASE",
        noun="Service",
    )


def sli_model(ops: Operations) -> RecordTableModel:
    return RecordTableModel(
        ops,
        "slis",
        [
            Column("name", "SLI", parse=name),
            Column("display_name", "Display name"),
            Column("kind", "Kind", choice=SliKind),
            Column("sli_type", "Type", choice=SliType),
            Column("good_events", "Good events"),
            Column("total_events", "Total events"),
            Column("data_source", "Data source"),
            Column("good_query", "Good (or metric) query"),
            Column("total_query", "Total query"),
        ],
        order_by="name COLLATE NOCASE",
        noun="SLI",
    )


def budget_policy_model(ops: Operations) -> RecordTableModel:
    return RecordTableModel(
        ops,
        "error_budget_policy_steps",
        [
            Column("position", "#", editable=False, display=lambda v: str(v + 1)),
            Column("trigger_kind", "When", choice=PolicyTrigger),
            Column(
                "consumed_percent",
                "Budget consumed ≥ (%)",
                parse=percent(0, 1000, low_open=False),
                display=lambda v: f"{v:g}",
            ),
            Column(
                "burn_rate", "Burn rate ≥", parse=percent(0, 100000), display=lambda v: f"{v:g}"
            ),
            Column("burn_window", "Over window", parse=duration),
            Column("action", "Then"),
        ],
        order_by="position, rowid",
        noun="Policy Step",
    )


def alert_policy_model(ops: Operations) -> RecordTableModel:
    return RecordTableModel(
        ops,
        "alert_policy_rules",
        [
            Column("severity", "Severity", choice=Severity),
            Column("long_window", "Long window", parse=required(duration)),
            Column("short_window", "Short window", parse=required(duration)),
            Column(
                "budget_spent",
                "Budget spent (%)",
                parse=required(percent(0, 100)),
                display=lambda v: f"{v:g}",
            ),
        ],
        order_by="position, rowid",
        noun="Alert Rule",
    )


def choice_delegates(table: RecordTable, columns: dict[int, Any]) -> None:
    for column, choice in columns.items():
        table.view.setItemDelegateForColumn(column, ChoiceDelegate(choice, table.view))


def stretch(view: QWidget) -> None:
    assert isinstance(view, QTableView)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
