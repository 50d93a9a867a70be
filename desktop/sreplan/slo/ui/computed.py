"""Live figures for the SLO being edited: budget, downtime, burn-rate alerts, dependencies."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.durations import Duration, format_seconds
from sreplan.slo.dependencies import DependencyCheck
from sreplan.slo.error_budget import ErrorBudget, alert_warnings, burn_rate_alerts, downtime_table
from sreplan.slo.model import AlertRule
from sreplan.ui.fields import plain_label
from sreplan.ui.views import TableView

_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A small read-only table of computed text."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._headers = list(headers)
        self._rows: list[list[str]] = []

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        new = [list(r) for r in rows]
        if len(new) == len(self._rows):
            self._rows = new
            if new:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(new) - 1, len(self._headers) - 1)
                )
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def cell(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _percent(value: float) -> str:
    """Enough digits to tell 99.999975 % from 100 %."""
    return f"{value:.6f}".rstrip("0").rstrip(".") + " %"


def _table(model: RowsModel, name: str, *, stretch: int | None = None) -> QTableView:
    """A read-only table sized to its rows; column ``stretch`` takes (or gives up) the slack.

    The other columns keep their content width, so the figures are never cut off
    when the panel is narrow: only the stretching column elides (its tooltip has it all).
    With ``stretch=-1`` no column stretches and :func:`_fit` narrows the table to its columns.
    """
    view = TableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    elif stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(False)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return view


def _fit(view: QTableView, rows: int) -> None:
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    height += sum(view.verticalHeader().sectionSize(i) for i in range(rows)) or 0
    view.setFixedHeight(max(height, 40))
    header = view.horizontalHeader()
    if not header.stretchLastSection() and not any(
        header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch
        for c in range(header.count())
    ):
        width = sum(
            max(view.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(header.count())
        )
        view.setMaximumWidth(width + 2 * view.frameWidth())


def _warning_label() -> QLabel:
    label = plain_label()
    label.setWordWrap(True)
    label.setStyleSheet("color: #8a4b00; background: #fff4e0; padding: 4px; border-radius: 3px;")
    label.hide()
    return label


class ComputedPanels(QWidget):
    """Everything derived from the target, window, request rate, alert rules and dependencies."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        budget_box = QGroupBox("Error budget")
        form = QFormLayout(budget_box)
        self.fraction_label = plain_label()
        self.time_label = plain_label()
        self.events_label = plain_label()
        for label in (self.fraction_label, self.time_label, self.events_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        form.addRow("Fraction:", self.fraction_label)
        form.addRow("Bad time per window:", self.time_label)
        form.addRow("Bad events per window:", self.events_label)
        layout.addWidget(budget_box)

        self.alerts = RowsModel(
            ["Severity", "Long", "Short", "Burn rate", "Spent", "Error ratio >", "Empty in"]
        )
        self.alerts_view = _table(self.alerts, "Burn-rate alerts", stretch=-1)
        self.alert_note = plain_label()
        self.alert_note.setWordWrap(True)
        self.alert_warning = _warning_label()
        # Seven columns need the editor's full width: the editor places this box
        # below the form rather than in this (half-width) column.
        self.alerts_box = QGroupBox("Multiwindow, multi-burn-rate alerts")
        inner = QVBoxLayout(self.alerts_box)
        inner.addWidget(self.alerts_view)
        inner.addWidget(self.alert_note)
        inner.addWidget(self.alert_warning)

        self.deps = RowsModel(["Dependency", "Availability", "×", "Effective"])
        self.deps_view = _table(self.deps, "Dependency math", stretch=0)
        self.ceiling_label = plain_label()
        self.ceiling_label.setWordWrap(True)
        self.dependency_warning = _warning_label()
        self.dependency_warning.setAccessibleName("Dependency warning")
        self.dependency_box = QGroupBox("What the dependencies allow")
        inner = QVBoxLayout(self.dependency_box)
        inner.addWidget(self.deps_view)
        inner.addWidget(self.ceiling_label)
        inner.addWidget(self.dependency_warning)
        layout.addWidget(self.dependency_box)

        self.downtime = RowsModel(["Period", "Allowed downtime"])
        self.downtime_view = _table(self.downtime, "Allowed downtime")
        box = QGroupBox("Allowed downtime at this target")
        QVBoxLayout(box).addWidget(self.downtime_view)
        layout.addWidget(box)
        layout.addStretch(1)

    def show_figures(
        self,
        target: float,
        window: Duration,
        rate: float | None,
        rules: Sequence[AlertRule],
        default_rules: bool,
    ) -> None:
        budget = ErrorBudget(target, window)
        self.fraction_label.setText(f"{budget.fraction:.4%}  ({budget.fraction:.6g})")
        self.time_label.setText(
            f"{format_seconds(budget.bad_seconds)} per {window.label} "
            f"({budget.bad_seconds / 60:,.4g} minutes)"
        )
        self.events_label.setText(
            f"{budget.bad_events(rate):,.0f} at {rate:g} requests/s"
            if rate is not None
            else "enter a request rate to see the budget in requests"
        )
        self.downtime.set_rows(
            [[r.period, format_seconds(r.allowed_seconds)] for r in downtime_table(target)]
        )
        _fit(self.downtime_view, self.downtime.rowCount())
        alerts = burn_rate_alerts(target, window, rules)
        self.alerts.set_rows(
            [
                [
                    a.rule.severity.label,
                    a.rule.long_window.shorthand,
                    a.rule.short_window.shorthand,
                    f"{a.burn_rate:.4g}×",
                    f"{a.rule.budget_spent:g} %",
                    f"{a.error_ratio:.4%}",
                    format_seconds(a.exhaust_seconds),
                ]
                for a in alerts
            ]
        )
        _fit(self.alerts_view, self.alerts.rowCount())
        source = "the SRE workbook's default policy" if default_rules else "the plan's alert policy"
        self.alert_note.setText(
            f"Rules from {source}, scaled to the {window.label} window: burn rate = budget "
            "spent × window ÷ long window. Alert when the error ratio exceeds the threshold over "
            "both the long and the short window."
        )
        warnings = alert_warnings(window, rules)
        self.alert_warning.setText("\n".join(warnings))
        self.alert_warning.setVisible(bool(warnings))

    def show_dependencies(self, check: DependencyCheck) -> None:
        self.deps.set_rows(
            [
                [p.name, f"{p.availability:g} %", str(p.replicas), _percent(p.effective)]
                for p in check.parts
            ]
        )
        _fit(self.deps_view, self.deps.rowCount())
        self.deps_view.setVisible(bool(check.parts))
        if check.ceiling is None:
            self.ceiling_label.setText(
                "No dependencies entered: add them below to check the target."
            )
        else:
            self.ceiling_label.setText(
                f"Serial chain of {len(check.parts)}: at best {check.ceiling:.4f} % "
                f"(target {check.target:g} %)."
            )
        self.dependency_warning.setText(check.warning or "")
        self.dependency_warning.setVisible(check.warning is not None)
