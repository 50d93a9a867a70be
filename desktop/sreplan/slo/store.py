"""Reading and writing services, SLIs and SLOs (rows <-> core dataclasses)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sreplan.kernel import records
from sreplan.kernel.durations import parse_duration
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import (
    BudgetingMethod,
    Operator,
    Service,
    Sli,
    SliKind,
    SliType,
    Slo,
    SloStatus,
    TimeWindow,
)

SERVICE_COLUMNS = ("id", "plan_id", "name", "description")
SLI_COLUMNS = (
    "id", "plan_id", "name", "display_name", "kind", "sli_type", "good_events",
    "total_events", "data_source", "good_query", "total_query", "description", "counter",
    "bad_query", "metric_sources", "labels", "annotations",
)  # fmt: skip
SLO_COLUMNS = (
    "id", "plan_id", "service_id", "sli_id", "name", "display_name", "description", "target",
    "time_window", "window_rolling", "calendar_start", "time_zone", "budgeting_method",
    "objective_op", "objective_value", "timeslice_target", "timeslice_window", "owner",
    "rationale", "status", "request_rate", "labels", "annotations", "plan_alert_policy",
)  # fmt: skip


def service_to_row(service: Service) -> dict[str, Any]:
    return {c: getattr(service, c) for c in SERVICE_COLUMNS}


def sli_to_row(sli: Sli) -> dict[str, Any]:
    row = {c: getattr(sli, c) for c in SLI_COLUMNS}
    row["kind"] = sli.kind.value
    row["sli_type"] = sli.sli_type.value
    row["counter"] = None if sli.counter is None else int(sli.counter)
    return row


def sli_from_row(row: dict[str, Any]) -> Sli:
    values = {c: row[c] for c in SLI_COLUMNS}
    values["kind"] = SliKind(row["kind"])
    values["sli_type"] = SliType(row["sli_type"])
    values["counter"] = None if row["counter"] is None else bool(row["counter"])
    return Sli(**values)


def slo_to_row(slo: Slo) -> dict[str, Any]:
    return {
        "id": slo.id,
        "plan_id": slo.plan_id,
        "service_id": slo.service_id,
        "sli_id": slo.sli_id,
        "name": slo.name,
        "display_name": slo.display_name,
        "description": slo.description,
        "target": float(slo.target),
        "time_window": slo.window.duration.shorthand,
        "window_rolling": int(slo.window.rolling),
        "calendar_start": slo.window.calendar_start,
        "time_zone": slo.window.time_zone,
        "budgeting_method": slo.budgeting_method.value,
        "objective_op": slo.objective_op.value if slo.objective_op else None,
        "objective_value": slo.objective_value,
        "timeslice_target": slo.timeslice_target,
        "timeslice_window": slo.timeslice_window.shorthand if slo.timeslice_window else None,
        "owner": slo.owner,
        "rationale": slo.rationale,
        "status": slo.status.value,
        "request_rate": slo.request_rate,
        "labels": slo.labels,
        "annotations": slo.annotations,
        "plan_alert_policy": int(slo.plan_alert_policy),
    }


def slo_from_row(row: dict[str, Any]) -> Slo:
    return Slo(
        id=row["id"],
        plan_id=row["plan_id"],
        service_id=row["service_id"],
        sli_id=row["sli_id"],
        name=row["name"],
        display_name=row["display_name"],
        description=row["description"],
        target=row["target"],
        window=TimeWindow(
            parse_duration(row["time_window"]),
            bool(row["window_rolling"]),
            row["calendar_start"],
            row["time_zone"],
        ),
        budgeting_method=BudgetingMethod(row["budgeting_method"]),
        objective_op=Operator(row["objective_op"]) if row["objective_op"] else None,
        objective_value=row["objective_value"],
        timeslice_target=row["timeslice_target"],
        timeslice_window=parse_duration(row["timeslice_window"])
        if row["timeslice_window"]
        else None,
        owner=row["owner"],
        rationale=row["rationale"],
        status=SloStatus(row["status"]),
        request_rate=row["request_rate"],
        labels=row["labels"],
        annotations=row["annotations"],
        plan_alert_policy=bool(row["plan_alert_policy"]),
    )


def list_services(ws: Workspace, plan_id: str) -> list[Service]:
    rows = ws.rows(
        f"SELECT {', '.join(SERVICE_COLUMNS)} FROM services WHERE plan_id = ? "
        "ORDER BY position, name COLLATE NOCASE",
        [plan_id],
    )
    return [Service(**r) for r in rows]


def list_slis(ws: Workspace, plan_id: str) -> list[Sli]:
    rows = ws.rows(
        f"SELECT {', '.join(SLI_COLUMNS)} FROM slis WHERE plan_id = ? ORDER BY name COLLATE NOCASE",
        [plan_id],
    )
    return [sli_from_row(r) for r in rows]


def list_slos(ws: Workspace, plan_id: str) -> list[Slo]:
    rows = ws.rows(
        f"SELECT {', '.join(SLO_COLUMNS)} FROM slos WHERE plan_id = ? "
        "ORDER BY name COLLATE NOCASE, rowid",
        [plan_id],
    )
    return [slo_from_row(r) for r in rows]


def get_slo(ws: Workspace, slo_id: str) -> Slo:
    return slo_from_row(records.fetch(ws, "slos", slo_id, SLO_COLUMNS))


def slo_row(ws: Workspace, slo_id: str) -> dict[str, Any] | None:
    """The SLO's stored fields by column, or None when it is gone."""
    rows = ws.rows(f"SELECT {', '.join(SLO_COLUMNS)} FROM slos WHERE id = ?", [slo_id])
    return rows[0] if rows else None


def slo_title(ws: Workspace, slo_id: str) -> str:
    """How a dependency names the SLO it points at: "Title (99.9 %)"; "" when it is gone."""
    title = ws.scalar(
        "SELECT coalesce(nullif(display_name, ''), name) || ' (' || target || ' %)' "
        "FROM slos WHERE id = ?",
        [slo_id],
    )
    return str(title or "")


def get_sli(ws: Workspace, sli_id: str) -> Sli:
    return sli_from_row(records.fetch(ws, "slis", sli_id, SLI_COLUMNS))


def slo_ids(ws: Workspace, plan_id: str) -> list[str]:
    """The plan's SLO ids in list order; the table model holds these and fetches rows lazily."""
    return [
        r[0]
        for r in ws.conn.execute(
            "SELECT id FROM slos WHERE plan_id = ? ORDER BY name COLLATE NOCASE, rowid", [plan_id]
        )
    ]


# What the SLO list shows per row, joined in one query for any number of ids.
LIST_SQL = """
    SELECT slos.id, slos.name, slos.display_name, services.name AS service, slis.name AS sli,
           slis.kind AS kind, slos.target, slos.time_window, slos.window_rolling,
           slos.budgeting_method, slos.owner, slos.status
    FROM slos
    JOIN services ON services.id = slos.service_id
    JOIN slis ON slis.id = slos.sli_id
"""


def slo_list_rows(ws: Workspace, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The list columns of the given SLOs, keyed by id (chunked, so any count is fine)."""
    id_list = list(ids)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in ws.rows(f"{LIST_SQL} WHERE slos.id IN ({marks})", chunk):
            found[row["id"]] = row
    return found


def insert_service(ws: Workspace, service: Service, position: int | None = None) -> None:
    row = service_to_row(service)
    if position is None:
        position = int(
            ws.scalar(
                "SELECT coalesce(max(position) + 1, 0) FROM services WHERE plan_id = ?",
                [service.plan_id],
            )
        )
    with ws.write():
        records.insert(ws, "services", [{**row, "position": position}])


def insert_sli(ws: Workspace, sli: Sli) -> None:
    with ws.write():
        records.insert(ws, "slis", [sli_to_row(sli)])


def insert_slo(ws: Workspace, slo: Slo) -> None:
    with ws.write():
        records.insert(ws, "slos", [slo_to_row(slo)])


def update_slo(ws: Workspace, slo_id: str, values: dict[str, Any]) -> None:
    with ws.write():
        records.update(ws, "slos", slo_id, values)


def slos_using(ws: Workspace, table: str, record_id: str) -> int:
    """How many SLOs a service or SLI deletion would take with it."""
    column = {"services": "service_id", "slis": "sli_id"}[table]
    return int(ws.scalar(f"SELECT count(*) FROM slos WHERE {column} = ?", [record_id]))
