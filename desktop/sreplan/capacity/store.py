"""Reading and writing capacity resources, planned events, growth assumptions, benchmarks."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from typing import Any

from sreplan.capacity.benchmarks import Benchmark
from sreplan.capacity.model import (
    EventKind,
    GrowthAssumption,
    PlannedEvent,
    Redundancy,
    Resource,
    ScalingStrategy,
    Scenario,
)
from sreplan.kernel import records
from sreplan.kernel.workspace import Workspace

RESOURCES = "capacity_resources"
EVENTS = "capacity_events"
GROWTH = "capacity_growth"
BENCHMARKS = "capacity_benchmarks"
RESOURCE_COLUMNS = tuple(f.name for f in fields(Resource))
EVENT_COLUMNS = tuple(f.name for f in fields(PlannedEvent))
GROWTH_COLUMNS = tuple(f.name for f in fields(GrowthAssumption))
BENCHMARK_COLUMNS = tuple(f.name for f in fields(Benchmark))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if hasattr(value, "label") else value


def to_row(record: Resource | PlannedEvent | GrowthAssumption | Benchmark) -> dict[str, Any]:
    return {k: _plain(v) for k, v in asdict(record).items()}


def resource_from_row(row: dict[str, Any]) -> Resource:
    return Resource(**{
        **row,
        "redundancy": Redundancy(row["redundancy"]),
        "scaling": ScalingStrategy(row["scaling"]),
        "capacity_known": bool(row.get("capacity_known", 1)),
    })


def event_from_row(row: dict[str, Any]) -> PlannedEvent:
    return PlannedEvent(**{
        **row,
        "starts_on": date.fromisoformat(row["starts_on"]),
        "ends_on": date.fromisoformat(row["ends_on"]),
        "kind": EventKind(row["kind"]),
    })


def growth_from_row(row: dict[str, Any]) -> GrowthAssumption:
    return GrowthAssumption(**row)


def benchmark_from_row(row: dict[str, Any]) -> Benchmark:
    return Benchmark(**{
        **row,
        "scenario": Scenario(row["scenario"]),
        "run_on": date.fromisoformat(row["run_on"]) if row["run_on"] else None,
    })


# A resource counted in instances and linked to a component takes its count from the
# architecture inventory: one home for the number (the capacity form shows it read-only).
_HOME = (
    "(SELECT c.instances FROM components c WHERE c.id = {t}.component_id "
    "AND c.instances >= 1 AND lower(trim({t}.unit_name)) IN ('instance', 'instances'))"
)


def _select(table: str, columns: tuple[str, ...], where: str, order: str) -> str:
    shown = [
        f"coalesce({_HOME.format(t=table)}, current_units) AS current_units"
        if table == RESOURCES and c == "current_units" else c
        for c in columns
    ]
    return f"SELECT {', '.join(shown)} FROM {table} WHERE {where} ORDER BY {order}"


def instance_home(ws: Workspace, resource_id: str) -> tuple[str, int] | None:
    """(component name, instances) when the resource's instance count lives in the
    inventory, else None (the resource keeps its own count)."""
    rows = ws.conn.execute(
        f"SELECT c.name, c.instances FROM {RESOURCES} r JOIN components c "
        "ON c.id = r.component_id WHERE r.id = ? AND c.instances >= 1 "
        "AND lower(trim(r.unit_name)) IN ('instance', 'instances')",
        [resource_id],
    ).fetchall()
    return (str(rows[0][0]), int(rows[0][1])) if rows else None


def resource_ids(ws: Workspace, plan_id: str) -> list[str]:
    return [r[0] for r in ws.conn.execute(
        f"SELECT id FROM {RESOURCES} WHERE plan_id = ? ORDER BY position, name", [plan_id])]


def list_resources(ws: Workspace, plan_id: str) -> list[Resource]:
    rows = ws.rows(_select(RESOURCES, RESOURCE_COLUMNS, "plan_id = ?", "position, name"),
                   [plan_id])
    return [resource_from_row(r) for r in rows]


def get_resource(ws: Workspace, resource_id: str) -> Resource:
    rows = ws.rows(_select(RESOURCES, RESOURCE_COLUMNS, "id = ?", "id"), [resource_id])
    if not rows:
        raise LookupError(f"no capacity resource {resource_id}")
    return resource_from_row(rows[0])


def resource_row(ws: Workspace, resource_id: str) -> dict[str, Any] | None:
    """Every stored column of the resource, or None when it is gone."""
    rows = ws.rows(f"SELECT * FROM {RESOURCES} WHERE id = ?", [resource_id])
    return rows[0] if rows else None


def find_resource(ws: Workspace, plan_id: str, name: str) -> Resource | None:
    """A resource by its exact name, else case-insensitively."""
    rows = ws.rows(_select(RESOURCES, RESOURCE_COLUMNS, "plan_id = ? AND name = ?", "id"),
                   [plan_id, name])
    if not rows:
        rows = ws.rows(
            _select(RESOURCES, RESOURCE_COLUMNS, "plan_id = ? AND name = ? COLLATE NOCASE",
                    "id"), [plan_id, name])
    return resource_from_row(rows[0]) if len(rows) == 1 else None


def next_position(ws: Workspace, plan_id: str) -> int:
    return int(ws.scalar(f"SELECT COALESCE(MAX(position) + 1, 0) FROM {RESOURCES} "
                         "WHERE plan_id = ?", [plan_id]))


def save(ws: Workspace, record: Resource | PlannedEvent | GrowthAssumption | Benchmark) -> None:
    """Insert the record, or update it in place when its id exists."""
    table = {Resource: RESOURCES, PlannedEvent: EVENTS, GrowthAssumption: GROWTH,
             Benchmark: BENCHMARKS}[type(record)]
    row = to_row(record)
    with ws.write():
        if ws.scalar(f"SELECT 1 FROM {table} WHERE id = ?", [record.id]):
            records.update(ws, table, record.id, {k: v for k, v in row.items() if k != "id"})
        else:
            records.insert(ws, table, [row])


def list_events(ws: Workspace, plan_id: str) -> list[PlannedEvent]:
    rows = ws.rows(_select(EVENTS, EVENT_COLUMNS, "plan_id = ?", "starts_on, name"), [plan_id])
    return [event_from_row(r) for r in rows]


def growth_for(ws: Workspace, resource_id: str) -> GrowthAssumption | None:
    rows = ws.rows(_select(GROWTH, GROWTH_COLUMNS, "resource_id = ?", "id"), [resource_id])
    return growth_from_row(rows[0]) if rows else None


def list_growth(ws: Workspace, plan_id: str) -> dict[str, GrowthAssumption]:
    rows = ws.rows(_select(GROWTH, GROWTH_COLUMNS, "plan_id = ?", "id"), [plan_id])
    return {r["resource_id"]: growth_from_row(r) for r in rows}


def list_benchmarks(ws: Workspace, plan_id: str) -> list[Benchmark]:
    rows = ws.rows(_select(BENCHMARKS, BENCHMARK_COLUMNS, "plan_id = ?",
                           "run_on IS NULL, run_on DESC, name"), [plan_id])
    return [benchmark_from_row(r) for r in rows]


def components(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    """(id, name) of the plan's architecture components, when that feature's table exists."""
    if not ws.scalar("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'components'"):
        return []
    return [(r[0], r[1]) for r in ws.conn.execute(
        "SELECT id, name FROM components WHERE plan_id = ? ORDER BY name COLLATE NOCASE",
        [plan_id])]
