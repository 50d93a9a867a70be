"""Reading and writing the architecture inventory, and the SLO targets the lint needs."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from sreplan.architecture.model import (
    Backups,
    CallMode,
    Component,
    ComponentKind,
    Criticality,
    Dependency,
    Inventory,
    Replication,
    RetryPolicy,
    Tristate,
    parse_zones,
)
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace

COMPONENT_COLUMNS = (
    "id",
    "plan_id",
    "position",
    "name",
    "kind",
    "owner_team",
    "instances",
    "zones",
    "stateful",
    "replication",
    "backups",
    "backups_tested_on",
    "deployment",
    "notes",
)
DEPENDENCY_COLUMNS = (
    "id",
    "plan_id",
    "source_id",
    "target_id",
    "mode",
    "criticality",
    "timeout",
    "retries",
    "circuit_breaker",
    "notes",
)


def component_from_row(row: dict[str, Any]) -> Component:
    tested = row["backups_tested_on"]
    return Component(
        id=row["id"],
        name=row["name"],
        kind=ComponentKind(row["kind"]),
        owner_team=row["owner_team"],
        instances=row["instances"],
        zones=parse_zones(row["zones"]),
        stateful=bool(row["stateful"]),
        replication=Replication(row["replication"]),
        backups=Backups(row["backups"]),
        backups_tested_on=date.fromisoformat(tested) if tested else None,
        deployment=row["deployment"],
        notes=row["notes"],
    )


def component_to_row(plan_id: str, c: Component, position: int = 0) -> dict[str, Any]:
    return {
        "id": c.id,
        "plan_id": plan_id,
        "position": position,
        "name": c.name.strip(),
        "kind": c.kind.value,
        "owner_team": c.owner_team,
        "instances": c.instances,
        "zones": ", ".join(c.zones),
        "stateful": int(c.stateful),
        "replication": c.replication.value,
        "backups": c.backups.value,
        "backups_tested_on": c.backups_tested_on.isoformat() if c.backups_tested_on else None,
        "deployment": c.deployment,
        "notes": c.notes,
    }


def dependency_from_row(row: dict[str, Any]) -> Dependency:
    return Dependency(
        id=row["id"],
        source_id=row["source_id"],
        target_id=row["target_id"],
        mode=CallMode(row["mode"]),
        criticality=Criticality(row["criticality"]),
        timeout=Tristate(row["timeout"]),
        retries=RetryPolicy(row["retries"]),
        circuit_breaker=Tristate(row["circuit_breaker"]),
        notes=row["notes"],
    )


def dependency_to_row(plan_id: str, d: Dependency) -> dict[str, Any]:
    return {
        "id": d.id,
        "plan_id": plan_id,
        "source_id": d.source_id,
        "target_id": d.target_id,
        "mode": d.mode.value,
        "criticality": d.criticality.value,
        "timeout": d.timeout.value,
        "retries": d.retries.value,
        "circuit_breaker": d.circuit_breaker.value,
        "notes": d.notes,
    }


def load_inventory(ws: Workspace, plan_id: str) -> Inventory:
    components = tuple(
        component_from_row(r)
        for r in ws.rows(
            f"SELECT {', '.join(COMPONENT_COLUMNS)} FROM components WHERE plan_id = ? "
            "ORDER BY position, name COLLATE NOCASE",
            [plan_id],
        )
    )
    columns = ", ".join(f"d.{c}" for c in DEPENDENCY_COLUMNS)
    dependencies = tuple(
        dependency_from_row(r)
        for r in ws.rows(
            f"SELECT {columns} FROM dependencies d "
            "JOIN components s ON s.id = d.source_id JOIN components t ON t.id = d.target_id "
            "WHERE d.plan_id = ? ORDER BY s.position, t.position, d.id",
            [plan_id],
        )
    )
    return Inventory(components, dependencies)


# The inventory table's order (the shell's record model takes it as ORDER BY).
COMPONENT_ORDER = "position, name COLLATE NOCASE"


def component_names(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    """(id, name) of the plan's components, by name."""
    return [
        (r["id"], r["name"])
        for r in ws.rows(
            "SELECT id, name FROM components WHERE plan_id = ? ORDER BY name COLLATE NOCASE",
            [plan_id],
        )
    ]


def dependency_pairs(ws: Workspace, plan_id: str) -> set[tuple[str, str]]:
    """(caller id, dependency id) of every dependency the plan records."""
    return {
        (r["source_id"], r["target_id"])
        for r in ws.rows(
            "SELECT source_id, target_id FROM dependencies WHERE plan_id = ?", [plan_id]
        )
    }


def name_taken(ws: Workspace, plan_id: str, name: str, except_id: str = "") -> bool:
    """Whether another component of the plan has this name (case-insensitive)."""
    return _name_taken(ws, plan_id, name, except_id)


def free_component_name(ws: Workspace, plan_id: str, base: str = "New component") -> str:
    """``base``, or ``base 2``, ``base 3``… whichever no component of the plan has yet."""
    taken = {name.casefold() for _id, name in component_names(ws, plan_id)}
    name, n = base, 2
    while name.casefold() in taken:
        name, n = f"{base} {n}", n + 1
    return name


def _name_taken(ws: Workspace, plan_id: str, name: str, except_id: str = "") -> bool:
    return bool(
        ws.scalar(
            "SELECT 1 FROM components WHERE plan_id = ? AND name = ? COLLATE NOCASE AND id <> ?",
            [plan_id, name.strip(), except_id],
        )
    )


def add_component(ws: Workspace, plan_id: str, component: Component) -> str:
    """Insert a component at the end of the inventory; refuse a duplicate name."""
    if not component.name.strip():
        raise WorkspaceError("A component needs a name.")
    if _name_taken(ws, plan_id, component.name):
        raise WorkspaceError(f"There is already a component named {component.name.strip()!r}.")
    with ws.write():
        position = ws.scalar(
            "SELECT coalesce(max(position), -1) + 1 FROM components WHERE plan_id = ?", [plan_id]
        )
        records.insert(ws, "components", [component_to_row(plan_id, component, position)])
    return component.id


def update_component(ws: Workspace, component_id: str, values: dict[str, Any]) -> None:
    if "name" in values:
        name = str(values["name"]).strip()
        plan_id = ws.scalar("SELECT plan_id FROM components WHERE id = ?", [component_id])
        if not name:
            raise WorkspaceError("A component needs a name.")
        if _name_taken(ws, plan_id, name, component_id):
            raise WorkspaceError(f"There is already a component named {name!r}.")
        values = {**values, "name": name}
    with ws.write():
        records.update(ws, "components", component_id, values)


def add_dependency(ws: Workspace, plan_id: str, dependency: Dependency) -> str:
    """Insert a dependency; a self-dependency or a duplicate is refused (cycles are allowed)."""
    if dependency.source_id == dependency.target_id:
        raise WorkspaceError("A component cannot depend on itself.")
    if ws.scalar(
        "SELECT 1 FROM dependencies WHERE source_id = ? AND target_id = ?",
        [dependency.source_id, dependency.target_id],
    ):
        raise WorkspaceError("That dependency is already recorded.")
    with ws.write():
        records.insert(ws, "dependencies", [dependency_to_row(plan_id, dependency)])
    return dependency.id


def update_dependency(ws: Workspace, dependency_id: str, values: dict[str, Any]) -> None:
    if "source_id" in values or "target_id" in values:
        row = ws.rows("SELECT source_id, target_id FROM dependencies WHERE id = ?", [dependency_id])
        if row:
            merged = {**row[0], **values}
            if merged["source_id"] == merged["target_id"]:
                raise WorkspaceError("A component cannot depend on itself.")
            if ws.scalar(
                "SELECT 1 FROM dependencies WHERE source_id = ? AND target_id = ? AND id <> ?",
                [merged["source_id"], merged["target_id"], dependency_id],
            ):
                raise WorkspaceError("That dependency is already recorded.")
    with ws.write():
        records.update(ws, "dependencies", dependency_id, values)


def new_component(name: str, **fields: Any) -> Component:
    return Component(id=new_id(), name=name, **fields)


def new_dependency(source_id: str, target_id: str, **fields: Any) -> Dependency:
    return Dependency(id=new_id(), source_id=source_id, target_id=target_id, **fields)


def _has_table(ws: Workspace, name: str) -> bool:
    return bool(ws.scalar("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [name]))


def slo_targets(ws: Workspace, plan_id: str) -> dict[str, float]:
    """Component id → the strictest SLO target (as a fraction) of the service of that name.

    SLOs belong to the reliability-goals feature; where its tables are absent there are none.
    """
    if not (_has_table(ws, "slos") and _has_table(ws, "services")):
        return {}
    # A component serves a service when the two share a name, or when a later feature
    # (actions' service_components) links them.
    serves = "lower(trim(c.name)) = lower(trim(v.name))"
    if _has_table(ws, "service_components"):
        serves += (
            " OR EXISTS (SELECT 1 FROM service_components sc "
            "WHERE sc.service_id = v.id AND sc.component_id = c.id)"
        )
    try:
        rows = ws.rows(
            "SELECT c.id AS component_id, max(s.target) AS target FROM slos s "
            "JOIN services v ON v.id = s.service_id "
            f"JOIN components c ON c.plan_id = ? AND ({serves}) "
            "WHERE v.plan_id = ? AND s.target IS NOT NULL GROUP BY c.id",
            [plan_id, plan_id],
        )
    except sqlite3.Error:  # another feature's schema we only read opportunistically
        return {}
    return {
        r["component_id"]: float(r["target"]) / 100.0
        for r in rows
        if r["target"] is not None and 0 < float(r["target"]) <= 100
    }
