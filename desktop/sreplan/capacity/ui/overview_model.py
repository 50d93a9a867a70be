"""The resources table: a model over resource ids with their sizing at a glance.

Stored fields come from one query, so the table is complete at once; the
forecast figures (units needed, run-out and order-by dates) are then computed
one resource per event-loop turn and fill in as they arrive, so even fifty
100,000-point histories never freeze the window.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from sreplan.capacity import sizing
from sreplan.capacity import store as capacity
from sreplan.capacity.model import Resource
from sreplan.capacity.outlook import Outlook
from sreplan.capacity.outlook_store import resource_outlook
from sreplan.ui.operations import Change, Operations
from sreplan.ui.tones import Tone, colour

_Index = QModelIndex | QPersistentModelIndex
CAPACITY_TABLES = ("capacity_resources", "capacity_demand", "capacity_events", "capacity_growth")
HEADERS = ("Resource", "Unit", "Units", "Per unit", "Usable", "Needed", "Runs out", "Order by")
FORECAST_COLUMNS = (5, 6, 7)
PENDING = "…"


class ResourceOverviewModel(QAbstractTableModel):
    figures_ready = Signal()  # every row's forecast figures are in

    def __init__(self, ops: Operations, horizon_days: int = 180) -> None:
        super().__init__()
        self._ops = ops
        self._plan_id: str | None = None
        self._ids: list[str] = []
        self._resources: dict[str, Resource] = {}
        self._outlooks: dict[str, Outlook] = {}
        self.horizon_days = horizon_days
        self.today = date.today()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._compute_next)
        ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._outlooks.clear()
        listed = capacity.list_resources(self._ops.ws, self._plan_id) if self._plan_id else []
        self._resources = {r.id: r for r in listed}
        self._ids = [r.id for r in listed]
        self.endResetModel()
        self._timer.start()

    @property
    def figures_pending(self) -> bool:
        return len(self._outlooks) < len(self._ids)

    def _compute_next(self) -> None:
        if self._ops.closed:
            return
        pending = next((i for i, rid in enumerate(self._ids) if rid not in self._outlooks), None)
        if pending is None:
            self.figures_ready.emit()
            return
        self.outlook(pending)
        self.dataChanged.emit(self.index(pending, FORECAST_COLUMNS[0]),
                              self.index(pending, FORECAST_COLUMNS[-1]))
        self._timer.start()

    def _on_changed(self, change: Change) -> None:
        if change.touches(*CAPACITY_TABLES):
            self.reload()

    def record_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, record_id: str) -> int:
        return self._ids.index(record_id) if record_id in self._ids else -1

    def outlook(self, row: int) -> Outlook:
        rid = self._ids[row]
        if rid not in self._outlooks:
            self._outlooks[rid] = resource_outlook(self._ops.ws, rid, today=self.today,
                                                   horizon_days=self.horizon_days)
        return self._outlooks[rid]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        column = index.column()
        rid = self._ids[index.row()]
        if column not in FORECAST_COLUMNS or rid not in self._outlooks:
            return self._stored(self._resources[rid], column, role)
        o = self._outlooks[rid]
        if role == Qt.ItemDataRole.ForegroundRole:
            late = (column == 5 and o.units_needed_planned is not None
                    and o.units_needed_planned > o.resource.current_units) \
                or (column == 6 and o.exhaustion is not None) \
                or (column == 7 and o.order_by_past)
            return colour(Tone.BAD) if late else None
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(o, column, role == Qt.ItemDataRole.ToolTipRole)
        return None

    @staticmethod
    def _stored(r: Resource, column: int, role: int) -> object:
        """Columns that need no forecast, and a placeholder while one is computed."""
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column in FORECAST_COLUMNS:
            return "Forecasting…"
        known = r.capacity_known  # never show the stand-in of an unset capacity
        return (r.name, r.unit, f"{r.current_units:,}",
                f"{r.capacity_per_unit:,.4g}" if known else "not set",
                f"{sizing.usable_capacity(r):,.0f}" if known else "–",
                PENDING, PENDING, PENDING)[column]

    @staticmethod
    def _text(o: Outlook, column: int, tooltip: bool) -> Any:
        if tooltip:
            return "\n".join(o.warnings) or "Enough capacity through the horizon."
        if column == 5:
            needed = o.units_needed_planned  # events included, as the outlook says
            return "–" if needed is None else f"{needed:,}"
        if column == 6:
            return str(o.exhaustion) if o.exhaustion else "–"
        if o.order_by is None:
            return "–"
        return f"{o.order_by} (past)" if o.order_by_past else str(o.order_by)
