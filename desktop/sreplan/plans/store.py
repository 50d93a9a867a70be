"""Reading and writing plans and their stakeholders."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso
from sreplan.plans.model import (
    CriticalityTier,
    EngagementModel,
    LifecycleStage,
    Plan,
    PlanStatus,
    Stakeholder,
)

PLAN_COLUMNS = (
    "id",
    "name",
    "product_team",
    "sre_lead",
    "engagement_model",
    "lifecycle_stage",
    "status",
    "start_date",
    "target_date",
    "tier",
    "context",
    "created_at",
    "updated_at",
)
STAKEHOLDER_COLUMNS = ("id", "plan_id", "position", "name", "role", "team", "contact")


@dataclass(frozen=True)
class PlanSummary:
    """What the plan list shows; cheap to load for hundreds of plans."""

    id: str
    name: str
    product_team: str
    status: PlanStatus
    updated_at: str


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def plan_from_row(row: dict[str, Any], stakeholders: tuple[Stakeholder, ...] = ()) -> Plan:
    return Plan(
        id=row["id"],
        name=row["name"],
        product_team=row["product_team"],
        sre_lead=row["sre_lead"],
        engagement_model=EngagementModel(row["engagement_model"]),
        lifecycle_stage=LifecycleStage(row["lifecycle_stage"]),
        status=PlanStatus(row["status"]),
        start_date=_date(row["start_date"]),
        target_date=_date(row["target_date"]),
        tier=CriticalityTier(row["tier"]),
        context=row["context"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        stakeholders=stakeholders,
    )


def plan_to_row(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "product_team": plan.product_team,
        "sre_lead": plan.sre_lead,
        "engagement_model": plan.engagement_model.value,
        "lifecycle_stage": plan.lifecycle_stage.value,
        "status": plan.status.value,
        "start_date": plan.start_date.isoformat() if plan.start_date else None,
        "target_date": plan.target_date.isoformat() if plan.target_date else None,
        "tier": plan.tier.value,
        "context": plan.context,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }


def stakeholder_to_row(person: Stakeholder) -> dict[str, Any]:
    return {c: getattr(person, c) for c in STAKEHOLDER_COLUMNS}


def list_plans(ws: Workspace) -> list[PlanSummary]:
    rows = ws.conn.execute(
        "SELECT id, name, product_team, status, updated_at FROM plans ORDER BY name COLLATE NOCASE"
    ).fetchall()
    return [PlanSummary(r[0], r[1], r[2], PlanStatus(r[3]), r[4]) for r in rows]


def plan_row(ws: Workspace, plan_id: str) -> dict[str, Any] | None:
    """The plan's stored fields by column, or None when there is no such plan."""
    rows = ws.rows(f"SELECT {', '.join(PLAN_COLUMNS)} FROM plans WHERE id = ?", [plan_id])
    return rows[0] if rows else None


def plan_name(ws: Workspace, plan_id: str) -> str | None:
    name = ws.scalar("SELECT name FROM plans WHERE id = ?", [plan_id])
    return None if name is None else str(name)


def get_plan(ws: Workspace, plan_id: str) -> Plan:
    rows = ws.rows(f"SELECT {', '.join(PLAN_COLUMNS)} FROM plans WHERE id = ?", [plan_id])
    if not rows:
        raise LookupError(f"no plan {plan_id}")
    people = tuple(
        Stakeholder(**r)
        for r in ws.rows(
            f"SELECT {', '.join(STAKEHOLDER_COLUMNS)} FROM stakeholders "
            "WHERE plan_id = ? ORDER BY position, rowid",
            [plan_id],
        )
    )
    return plan_from_row(rows[0], people)


def new_plan(name: str, **fields: Any) -> Plan:
    stamp = now_iso()
    return replace(Plan(id=new_id(), name=name, created_at=stamp, updated_at=stamp), **fields)


def insert_plan(ws: Workspace, plan: Plan) -> None:
    with ws.write():
        records.insert(ws, "plans", [plan_to_row(plan)])
        records.insert(ws, "stakeholders", [stakeholder_to_row(p) for p in plan.stakeholders])


def update_plan(ws: Workspace, plan_id: str, values: dict[str, Any]) -> None:
    with ws.write():
        records.update(ws, "plans", plan_id, {**values, "updated_at": now_iso()})


def resolve_plan(ws: Workspace, ref: str) -> str:
    """A plan id from an id or an exact name, as the command line accepts."""
    if ws.scalar("SELECT 1 FROM plans WHERE id = ?", [ref]):
        return ref
    ids = [r[0] for r in ws.conn.execute("SELECT id FROM plans WHERE name = ?", [ref])]
    if len(ids) == 1:
        return str(ids[0])
    if len(ids) > 1:
        raise WorkspaceError(f"{len(ids)} plans are named {ref!r}; give the plan's id instead.")
    raise WorkspaceError(f"no plan with id or name {ref!r} in {ws.path.name}.")


def duplicate_plan(ws: Workspace, plan_id: str, new_name: str, copy_id: str | None = None) -> str:
    """Copy a plan with every record that belongs to it, under fresh ids (``copy_id`` for
    the plan itself, when given)."""
    mapping = {plan_id: copy_id} if copy_id else None
    snapshot = records.with_new_ids(records.capture(ws, "plans", [plan_id]), mapping)
    copy_id = snapshot.rows("plans")[0]["id"]
    stamp = now_iso()
    with ws.write():
        records.restore(ws, snapshot)
        records.update(
            ws, "plans", copy_id, {"name": new_name, "created_at": stamp, "updated_at": stamp}
        )
    return str(copy_id)
