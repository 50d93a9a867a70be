"""The demo engagement plan: Northwind Outfitters' checkout service, seeded per date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace, now_iso
from sreplan.plans.model import (
    CriticalityTier,
    EngagementModel,
    LifecycleStage,
    Plan,
    PlanStatus,
    Stakeholder,
)
from sreplan.plans.store import insert_plan

DEMO_PLAN_ID = stable_id("demo/plan")

Seeder = Callable[[Workspace, str, date], None]

_CONTEXT = (
    "Northwind Outfitters' checkout turns carts into paid orders for the web shop and the "
    "mobile app. The seasonal sale brings about three times a normal peak day's traffic, and "
    "last year's sale saw two checkout outages that cost an estimated 4% of sale revenue.\n\n"
    "Shared goals: agree SLOs for checkout before the sale; gate the new payment-provider "
    "integration and the orders database migration on production readiness; plan capacity for "
    "the sale with one zone down; and share on-call from the launch of general availability."
)


def _demo_plan(today: date) -> Plan:
    stamp = now_iso()
    people = [
        ("Priya Natarajan", "SRE lead", "SRE – Commerce", "priya.natarajan@example.com"),
        ("Marcus Feld", "Engineering manager", "Checkout & Payments", "marcus.feld@example.com"),
        ("Aiko Tanaka", "Tech lead", "Checkout & Payments", "aiko.tanaka@example.com"),
        ("Sofia Reyes", "Product owner", "Checkout & Payments", "sofia.reyes@example.com"),
        ("Daniel Okafor", "Database reliability", "Data Platform", "#data-platform-oncall"),
    ]
    return Plan(
        id=DEMO_PLAN_ID,
        name="Checkout service",
        product_team="Checkout & Payments",
        sre_lead="Priya Natarajan",
        engagement_model=EngagementModel.EARLY_ENGAGEMENT,
        lifecycle_stage=LifecycleStage.ACTIVE_DEVELOPMENT,
        status=PlanStatus.ACTIVE,
        start_date=today - timedelta(days=45),
        target_date=today + timedelta(days=120),
        tier=CriticalityTier.TIER_0,
        context=_CONTEXT,
        created_at=stamp,
        updated_at=stamp,
        stakeholders=tuple(
            Stakeholder(stable_id(f"demo/stakeholder/{i}"), DEMO_PLAN_ID, *p, position=i)
            for i, p in enumerate(people)
        ),
    )


def seed_plan(ws: Workspace, plan_id: str, today: date) -> None:
    """The plan itself; every other feature's seeder adds records to it."""
    insert_plan(ws, _demo_plan(today))
