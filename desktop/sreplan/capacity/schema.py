"""Tables of capacity planning: resources, their demand history, events, growth, benchmarks.

Demand history is stored compactly: chunks of up to ``CHUNK_POINTS`` points,
timestamps (int64 epoch seconds, UTC) and values (float64) packed as blobs, so
100,000 points are a handful of rows written in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def _component_reference(db: Database) -> str:
    """The link to architecture components: their tables always exist by now (features.py)."""
    return " REFERENCES components(id) ON DELETE SET NULL"


def _create_capacity(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE capacity_resources (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            unit TEXT NOT NULL DEFAULT '',
            unit_name TEXT NOT NULL DEFAULT 'instance',
            component_id TEXT{_component_reference(db)},
            capacity_per_unit REAL NOT NULL CHECK (capacity_per_unit > 0),
            current_units INTEGER NOT NULL CHECK (current_units >= 1),
            redundancy TEXT NOT NULL DEFAULT 'n_plus_k',
            spare_units INTEGER NOT NULL DEFAULT 0 CHECK (spare_units BETWEEN 0 AND 2),
            zones INTEGER NOT NULL DEFAULT 3 CHECK (zones >= 1),
            headroom_pct REAL NOT NULL CHECK (headroom_pct > 0 AND headroom_pct <= 100),
            scaling TEXT NOT NULL DEFAULT 'manual',
            autoscale_min INTEGER,
            autoscale_max INTEGER,
            lead_time_days INTEGER NOT NULL DEFAULT 0 CHECK (lead_time_days >= 0),
            model_override TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX capacity_resources_plan ON capacity_resources(plan_id, position)")
    db.execute(
        """
        CREATE TABLE capacity_demand (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            resource_id TEXT NOT NULL REFERENCES capacity_resources(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            points INTEGER NOT NULL,
            first_at INTEGER NOT NULL,
            last_at INTEGER NOT NULL,
            times BLOB NOT NULL,
            vals BLOB NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX capacity_demand_order ON capacity_demand(resource_id, seq)")
    db.execute(
        """
        CREATE TABLE capacity_events (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            resource_id TEXT REFERENCES capacity_resources(id) ON DELETE CASCADE,
            name TEXT NOT NULL DEFAULT '',
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'multiplier',
            multiplier REAL NOT NULL DEFAULT 1.0,
            peak REAL NOT NULL DEFAULT 0.0,
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX capacity_events_plan ON capacity_events(plan_id, starts_on)")
    db.execute(
        """
        CREATE TABLE capacity_growth (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            resource_id TEXT NOT NULL UNIQUE
                REFERENCES capacity_resources(id) ON DELETE CASCADE,
            monthly_growth_pct REAL NOT NULL,
            baseline REAL,
            rationale TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE capacity_benchmarks (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            resource_id TEXT REFERENCES capacity_resources(id) ON DELETE SET NULL,
            name TEXT NOT NULL DEFAULT '',
            scenario TEXT NOT NULL DEFAULT 'load',
            run_on TEXT,
            evidence_url TEXT NOT NULL DEFAULT '',
            target_percentile TEXT NOT NULL DEFAULT 'p99',
            target_latency_ms REAL,
            target_throughput REAL,
            max_error_pct REAL,
            instances INTEGER NOT NULL DEFAULT 1 CHECK (instances >= 1),
            measured_latency_ms REAL,
            measured_throughput REAL,
            measured_error_pct REAL,
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX capacity_benchmarks_plan ON capacity_benchmarks(plan_id, run_on)")


STEPS = (("0001_capacity", _create_capacity),)
