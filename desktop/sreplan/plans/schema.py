"""Tables of the plan itself: the overview and its stakeholders.

Convention for every feature's tables: ``id TEXT PRIMARY KEY`` holding a UUID,
``plan_id`` referencing ``plans(id) ON DELETE CASCADE``, references between
records as foreign keys (or UUIDs in text), STRICT. That is what lets
duplicate, delete-with-undo and import treat every feature's rows generically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def _create_plans(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE plans (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            product_team TEXT NOT NULL DEFAULT '',
            sre_lead TEXT NOT NULL DEFAULT '',
            engagement_model TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL,
            status TEXT NOT NULL,
            start_date TEXT,
            target_date TEXT,
            tier TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE stakeholders (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            team TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX stakeholders_plan ON stakeholders(plan_id, position)")


def _create_milestones(db: Database) -> None:
    """Named, dated snapshots of a plan ("what changed since the last review?").

    ``snapshot`` is the plan's bundle records as zlib-compressed JSON; a milestone is
    never updated. ``session_id`` names the review session that recorded it, if one
    did (text, not a foreign key: sessions belong to a later feature).
    """
    db.execute(
        """
        CREATE TABLE milestones (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            recorded_at TEXT NOT NULL,
            session_id TEXT,
            snapshot BLOB NOT NULL,
            UNIQUE (plan_id, name)
        ) STRICT
        """
    )


STEPS = (
    ("0001_plans_and_stakeholders", _create_plans),
    ("0002_milestones", _create_milestones),
)
