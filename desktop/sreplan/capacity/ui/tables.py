"""Planned events and load-test benchmarks: record tables edited in place."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from sreplan.capacity.benchmarks import Benchmark, verdict
from sreplan.capacity.model import EventKind, Scenario
from sreplan.capacity.store import benchmark_from_row
from sreplan.kernel.choices import Choice
from sreplan.ui.operations import Operations
from sreplan.ui.record_model import Column, RecordTableModel
from sreplan.ui.tones import Tone, colour

_Index = QModelIndex | QPersistentModelIndex


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date like 2026-12-24") from None


def _positive(text: str) -> float:
    try:
        value = float(text.replace(",", "").replace("×", "").replace("x", "").strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not value > 0:
        raise ValueError("it must be more than 0")
    return value


def _optional(text: str) -> float | None:
    return None if not text.strip() else _at_least_zero(text)


def _at_least_zero(text: str) -> float:
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if value < 0:
        raise ValueError("it cannot be negative")
    return value


def _count(text: str) -> int:
    value = _positive(text)
    if value != int(value):
        raise ValueError("it must be a whole number")
    return int(value)


def _number(value: Any) -> str:
    return "" if value is None else f"{value:,.6g}"


class EventScope(Choice):
    THIS = "this", "This resource"
    EVERY = "every", "Every resource"


SCOPE_COLUMN = 6  # the "Applies to" column below


class EventModel(RecordTableModel):
    """Planned events of the selected resource and of the whole plan."""

    def __init__(self, ops: Operations) -> None:
        self.resource_id: str | None = None
        super().__init__(ops, "capacity_events", [
            Column("name", "Event"),
            Column("starts_on", "Starts", parse=_iso_date),
            Column("ends_on", "Ends", parse=_iso_date),
            Column("kind", "Kind", choice=EventKind),
            Column("multiplier", "Multiplier", parse=_positive,
                   display=lambda v: f"×{v:g}"),
            Column("peak", "Absolute peak", parse=_at_least_zero,
                   display=lambda v: _number(v) if v else "–"),
            Column("resource_id", "Applies to",
                   display=lambda v: (EventScope.THIS if v else EventScope.EVERY).label),
            Column("notes", "Notes"),
        ], order_by="starts_on, name", noun="Event")
        assert self._columns[SCOPE_COLUMN].key == "resource_id"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and index.column() == SCOPE_COLUMN and \
                role == Qt.ItemDataRole.EditRole:
            row = self.record(index.row())
            return (EventScope.THIS if row["resource_id"] else EventScope.EVERY).value
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self._columns[index.column()].key if index.isValid() else ""
        if key == "resource_id" and role == Qt.ItemDataRole.EditRole:
            return self._set_scope(index.row(), str(value))
        if key in ("starts_on", "ends_on") and role == Qt.ItemDataRole.EditRole:
            try:
                new = _iso_date(str(value))
            except ValueError as exc:
                self.edit_error(f"{self._columns[index.column()].title}: {exc}")
                return False
            row = self.record(index.row())
            start = new if key == "starts_on" else row["starts_on"]
            end = new if key == "ends_on" else row["ends_on"]
            if end < start:
                self.edit_error(f"The event would end ({end}) before it starts ({start}).")
                return False
        if key == "kind" and value == EventKind.ABSOLUTE.value and \
                self.record(index.row())["resource_id"] is None:
            self.edit_error("An absolute peak belongs to one resource: set Applies to "
                            "“This resource” first.")
            return False
        return super().setData(index, value, role)

    def _set_scope(self, row: int, scope: str) -> bool:
        record = self.record(row)
        target = self.resource_id if scope == EventScope.THIS.value else None
        if scope == EventScope.THIS.value and target is None:
            return False
        if target is None and record["kind"] == EventKind.ABSOLUTE.value:
            self.edit_error("An absolute peak belongs to one resource; a plan-wide event "
                            "needs a multiplier.")
            return False
        return self._ops.set_fields(self.table, record["id"], {"resource_id": target},
                                    "Change Event Scope", self._plan_id)


COMPUTED = ("verdict", "per_instance")


class BenchmarkModel(RecordTableModel):
    """Benchmarks, with a computed verdict and measured throughput per instance."""

    def __init__(self, ops: Operations) -> None:
        super().__init__(ops, "capacity_benchmarks", [
            Column("name", "Benchmark"),
            Column("verdict", "Verdict", editable=False),
            Column("per_instance", "Per instance", editable=False),
            Column("scenario", "Scenario", choice=Scenario),
            Column("run_on", "Date", parse=_iso_date),
            Column("target_percentile", "Percentile"),
            Column("target_latency_ms", "Target ms", parse=_optional, display=_number),
            Column("target_throughput", "Target RPS", parse=_optional, display=_number),
            Column("max_error_pct", "Max errors %", parse=_optional, display=_number),
            Column("instances", "Instances", parse=_count),
            Column("measured_latency_ms", "Measured ms", parse=_optional, display=_number),
            Column("measured_throughput", "Measured RPS", parse=_optional, display=_number),
            Column("measured_error_pct", "Errors %", parse=_optional, display=_number),
            Column("evidence_url", "Evidence"),
            Column("notes", "Notes"),
        ], order_by="run_on IS NULL, run_on DESC, name", noun="Benchmark")

    def benchmark(self, row: int) -> Benchmark:
        return benchmark_from_row(self.record(row))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        key = self._columns[index.column()].key if index.isValid() else ""
        if key not in COMPUTED or not 0 <= index.row() < self.rowCount():
            return super().data(index, role)
        bench = self.benchmark(index.row())
        if key == "per_instance":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                per = bench.throughput_per_instance
                return "" if per is None else f"{per:,.1f}"
            return None
        result = verdict(bench)
        if role == Qt.ItemDataRole.DisplayRole:
            return result.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return "; ".join(result.reasons)
        if role == Qt.ItemDataRole.ForegroundRole:
            return colour({True: Tone.GOOD, False: Tone.BAD, None: Tone.NEUTRAL}[result.passed])
        return None
