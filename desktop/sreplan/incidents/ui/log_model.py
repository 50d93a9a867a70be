"""The incident log: a table model over the plan's incident ids, rows fetched through the store."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sreplan.incidents.model import format_minutes, format_timestamp
from sreplan.incidents.summary import IncidentSummary, summaries
from sreplan.ui.tones import Tone, colour

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("#", "Title", "Severity", "Status", "Started", "Impact", "Budget spent", "Postmortem",
           "Open actions")  # fmt: skip


class IncidentLogModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[IncidentSummary] = []

    def load(self, rows: list[IncidentSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def reload(self, ws: object, plan_id: str | None) -> None:
        from sreplan.kernel.workspace import Workspace

        assert isinstance(ws, Workspace)
        self.load(summaries(ws, plan_id) if plan_id else [])

    def summary(self, row: int) -> IncidentSummary:
        return self._rows[row]

    def incident_id(self, row: int) -> str:
        return self._rows[row].incident.id

    def row_of(self, incident_id: str) -> int:
        for row, s in enumerate(self._rows):
            if s.incident.id == incident_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        i = s.incident
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            spent = ", ".join(
                f"{sp.percent:.1f} %" if sp.percent is not None else "?" for sp in s.spends
            )
            actions = str(s.open_actions) + (f" ({s.overdue_actions} overdue)"
                                             if s.overdue_actions else "")  # fmt: skip
            return (
                i.key, i.title, i.severity, i.status.label, format_timestamp(i.started_at),
                format_minutes(i.impact_minutes), spent, s.postmortem_state, actions,
            )[column]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 7 and s.check.red:
                return colour(Tone.BAD)
            if column == 8 and s.overdue_actions:
                return colour(Tone.CAUTION)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return "\n".join(
                f"{sp.slo_title}: {sp.percent:.1f} % of the budget ({sp.bad:,.1f} {sp.unit} "
                f"of {sp.allowed:,.1f})" if sp.percent is not None and sp.bad is not None
                and sp.allowed is not None else f"{sp.slo_title}: {sp.note}"
                for sp in s.spends
            ) or None  # fmt: skip
        if role == Qt.ItemDataRole.UserRole:
            return i.id
        return None
