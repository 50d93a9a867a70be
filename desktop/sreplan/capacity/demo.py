"""The demo plan's capacity: a year of checkout RPS before a sale, orders-DB storage, benchmarks.

The checkout is sized for today's peaks but not for the sale with one zone
down, so the demo shows a real warning. Deterministic for a given date.
"""

from __future__ import annotations

from datetime import date

from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace

CHECKOUT_ID = stable_id("demo/capacity/checkout")
STORAGE_ID = stable_id("demo/capacity/orders-db")
WORKERS_ID = stable_id("demo/capacity/payment-workers")


def seed_capacity(ws: Workspace, plan_id: str, today: date) -> None:
    """Imports numpy only when seeding, so that start-up never pays for it."""
    from sreplan.capacity import demo_data as capacity_demo_data

    capacity_demo_data.seed(ws, plan_id, today)
