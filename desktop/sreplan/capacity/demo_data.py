"""The numpy-heavy half of the capacity demo, imported only when a demo is seeded."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from sreplan.capacity import store as capacity
from sreplan.capacity.benchmarks import Benchmark
from sreplan.capacity.demo import CHECKOUT_ID, STORAGE_ID, WORKERS_ID
from sreplan.capacity.model import (
    GrowthAssumption,
    PlannedEvent,
    Redundancy,
    Resource,
    ScalingStrategy,
    Scenario,
)
from sreplan.capacity.outlook import to_epoch
from sreplan.capacity.series_store import replace_series
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace

# Checkout traffic by weekday (Mon..Sun): shoppers buy more on Sunday evening and Monday.
_WEEKLY = np.array([1.08, 1.0, 0.97, 0.96, 1.0, 0.9, 1.09])


def _history(today: date, rng: np.random.Generator, days: int = 365) -> tuple[
        np.ndarray, np.ndarray, np.ndarray]:
    start = today - timedelta(days=days)
    times = np.array([to_epoch(start + timedelta(days=i)) for i in range(days)])
    weekday = np.array([(start + timedelta(days=i)).weekday() for i in range(days)])
    age = np.arange(days, dtype=np.float64)
    return times, weekday, age


def seed(ws: Workspace, plan_id: str, today: date) -> None:
    rng = np.random.default_rng(20261127)
    times, weekday, age = _history(today, rng)
    # About 35% a year of compound growth, a weekly cycle and 3% noise.
    rps = 1750.0 * np.exp(age * np.log(1.35) / 365.0) * _WEEKLY[weekday]
    rps *= 1.0 + rng.normal(0.0, 0.03, len(age))
    storage = 1900.0 + 2.4 * age + rng.normal(0.0, 6.0, len(age))

    checkout = Resource(
        CHECKOUT_ID, plan_id, "Checkout API peak RPS", unit="RPS", unit_name="instance",
        capacity_per_unit=455.0, current_units=15, redundancy=Redundancy.ZONE, zones=3,
        headroom_pct=70.0, scaling=ScalingStrategy.HORIZONTAL, autoscale_min=15,
        autoscale_max=24, lead_time_days=21, position=0,
        notes="Checkout & Payments own the autoscaling limits; SRE reviews them monthly and "
              "before every sale. Raising the max above 24 needs a quota request to the cloud "
              "team (lead time three weeks).")
    orders_db = Resource(
        STORAGE_ID, plan_id, "Orders DB storage", unit="GB", unit_name="volume",
        capacity_per_unit=1000.0, current_units=4, redundancy=Redundancy.N_PLUS_K,
        spare_units=0, headroom_pct=80.0, scaling=ScalingStrategy.SHARDING, lead_time_days=45,
        position=1,
        notes="Data Platform adds a shard; the team archives orders older than two years.")
    workers = Resource(
        WORKERS_ID, plan_id, "Payment worker CPU cores", unit="cores", unit_name="node",
        capacity_per_unit=16.0, current_units=5, redundancy=Redundancy.N_PLUS_K, spare_units=1,
        headroom_pct=75.0, scaling=ScalingStrategy.MANUAL, lead_time_days=14, position=2,
        notes="New service: no history yet, so the product forecast stands in.")
    for resource in (checkout, orders_db, workers):
        capacity.save(ws, resource)
    replace_series(ws, plan_id, CHECKOUT_ID, times, np.round(rps))
    replace_series(ws, plan_id, STORAGE_ID, times, np.round(storage, 1))
    capacity.save(ws, GrowthAssumption(
        stable_id("demo/capacity/growth/workers"), plan_id, WORKERS_ID, 4.0, 38.0,
        "Product forecast: 4% more payments a month after the provider switch."))
    capacity.save(ws, PlannedEvent(
        stable_id("demo/capacity/event/sale"), plan_id, CHECKOUT_ID, "Seasonal sale",
        today + timedelta(days=60), today + timedelta(days=64), multiplier=3.0,
        notes="Last year's sale peaked at 3.1× a normal peak day."))
    capacity.save(ws, Benchmark(
        stable_id("demo/capacity/bench/load"), plan_id, CHECKOUT_ID,
        "Checkout load test, 8 instances", Scenario.LOAD, today - timedelta(days=20),
        "https://wiki.example.com/perf/checkout-load-2026-11", "p99", 300.0, 3600.0, 0.1, 8,
        262.0, 3640.0, 0.04, "k6, production-like data set, payment provider stubbed."))
    capacity.save(ws, Benchmark(
        stable_id("demo/capacity/bench/spike"), plan_id, CHECKOUT_ID,
        "Sale rehearsal spike test", Scenario.SPIKE, today - timedelta(days=6),
        "https://wiki.example.com/perf/checkout-spike-2026-11", "p99", 300.0, 6000.0, 0.1, 12,
        410.0, 5900.0, 1.2, "Connection pool to the orders DB saturated at 5,500 RPS."))
