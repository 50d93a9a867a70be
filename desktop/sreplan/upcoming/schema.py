"""Tables of the product team's planned changes and of each plan's review cadence.

A change with a load factor and a date owns one capacity event (``capacity_event_id``):
the change writes it through the capacity store, so the capacity outlook, which is
before this feature in features.py, sees it without knowing about changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_PLAN = "plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE"


def _create_changes(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE upcoming_changes (
            id TEXT PRIMARY KEY,
            {_PLAN},
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            kind TEXT NOT NULL DEFAULT 'launch',
            planned_on TEXT,
            owner TEXT NOT NULL DEFAULT '',
            load_factor REAL CHECK (load_factor > 0 AND load_factor <= 100),
            load_until TEXT,
            phase_id TEXT REFERENCES phases(id) ON DELETE SET NULL,
            capacity_event_id TEXT REFERENCES capacity_events(id) ON DELETE SET NULL,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            CHECK (load_until IS NULL OR planned_on IS NULL OR load_until >= planned_on)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX upcoming_changes_plan ON upcoming_changes(plan_id, planned_on)")
    db.execute(
        f"""
        CREATE TABLE upcoming_change_components (
            id TEXT PRIMARY KEY,
            {_PLAN},
            change_id TEXT NOT NULL REFERENCES upcoming_changes(id) ON DELETE CASCADE,
            component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            UNIQUE (change_id, component_id)
        ) STRICT
        """
    )
    db.execute(
        "CREATE INDEX upcoming_change_components_component "
        "ON upcoming_change_components(component_id)"
    )
    db.execute(
        f"""
        CREATE TABLE review_cadences (
            id TEXT PRIMARY KEY,
            {_PLAN} UNIQUE,
            every_weeks INTEGER NOT NULL CHECK (every_weeks BETWEEN 1 AND 52)
        ) STRICT
        """
    )


STEPS = (("0001_changes_and_review_cadence", _create_changes),)
