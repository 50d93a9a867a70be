"""The demo engagement plan seeded into a new default workspace.

Each feature adds its part of the demo by appending a seeder to ``SEEDERS``;
every seeder takes the workspace, the demo plan's id and the seeding date, and
must be deterministic for a given date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sreplan.architecture.demo import seed_architecture
from sreplan.capacity.demo import seed_capacity
from sreplan.checkpoints.demo import seed_checkpoints
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
from sreplan.slo.demo import seed_slos

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


def _seed_overview(ws: Workspace, plan_id: str, today: date) -> None:
    insert_plan(ws, _demo_plan(today))


# The overview comes first: every other seeder adds records to the plan it creates.
SEEDERS: tuple[Seeder, ...] = (
    _seed_overview,
    seed_slos,
    seed_capacity,
    seed_checkpoints,
    seed_architecture,
)


def seed_demo(ws: Workspace, today: date | None = None) -> str:
    """Add the demo plan (in one transaction) and return its id."""
    today = today or date.today()
    with ws.write():
        for seeder in SEEDERS:
            seeder(ws, DEMO_PLAN_ID, today)
    return DEMO_PLAN_ID
