"""Tables of on-call rotations: one rotation per plan, its people, layers and overrides.

Instants are UTC text (``2026-12-07T09:00:00Z``); wall times are ``HH:MM`` in the
rotation's IANA time zone. ``oncall_frozen_shifts`` keeps the shifts as they were
worked before ``frozen_until``, so editing the rotation never rewrites the past.
Imported schedules (``sreplan import-ics``) are kept beside the design, to compare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_HHMM = "GLOB '[0-2][0-9]:[0-5][0-9]'"


def _create_oncall(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE oncall_rotations (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL UNIQUE REFERENCES plans(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            time_zone TEXT NOT NULL,
            incidents_per_week REAL CHECK (incidents_per_week >= 0),
            product_share_target REAL
                CHECK (product_share_target >= 0 AND product_share_target <= 100),
            frozen_until TEXT,
            changed_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE oncall_people (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            rotation_id TEXT NOT NULL REFERENCES oncall_rotations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            role TEXT NOT NULL CHECK (role IN ('sre', 'product')),
            site TEXT NOT NULL DEFAULT '',
            time_zone TEXT NOT NULL,
            work_start TEXT NOT NULL CHECK (work_start {_HHMM}),
            work_end TEXT NOT NULL CHECK (work_end {_HHMM}),
            work_days TEXT NOT NULL DEFAULT '12345',
            country TEXT NOT NULL DEFAULT '',
            stakeholder_id TEXT REFERENCES stakeholders(id) ON DELETE SET NULL
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE oncall_layers (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            rotation_id TEXT NOT NULL REFERENCES oncall_rotations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            shift_count INTEGER NOT NULL CHECK (shift_count >= 1),
            shift_unit TEXT NOT NULL CHECK (shift_unit IN ('hours', 'days', 'weeks')),
            handoff_weekday INTEGER NOT NULL DEFAULT 0 CHECK (handoff_weekday BETWEEN 0 AND 6),
            handoff_time TEXT NOT NULL CHECK (handoff_time {_HHMM}),
            starts_on TEXT NOT NULL,
            restriction TEXT NOT NULL DEFAULT 'none'
                CHECK (restriction IN ('none', 'working_hours', 'weekends')),
            restriction_start TEXT NOT NULL DEFAULT '09:00',
            restriction_end TEXT NOT NULL DEFAULT '17:00',
            follow_the_sun INTEGER NOT NULL DEFAULT 0 CHECK (follow_the_sun IN (0, 1))
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE oncall_layer_members (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            layer_id TEXT NOT NULL REFERENCES oncall_layers(id) ON DELETE CASCADE,
            person_id TEXT NOT NULL REFERENCES oncall_people(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE oncall_sun_sites (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            layer_id TEXT NOT NULL REFERENCES oncall_layers(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            site TEXT NOT NULL,
            starts_at TEXT NOT NULL CHECK (starts_at {_HHMM})
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE oncall_overrides (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            layer_id TEXT NOT NULL REFERENCES oncall_layers(id) ON DELETE CASCADE,
            person_id TEXT NOT NULL REFERENCES oncall_people(id) ON DELETE CASCADE,
            covered_id TEXT REFERENCES oncall_people(id) ON DELETE CASCADE,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL CHECK (ends_at > starts_at),
            reason TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE oncall_frozen_shifts (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            rotation_id TEXT NOT NULL REFERENCES oncall_rotations(id) ON DELETE CASCADE,
            layer_id TEXT NOT NULL,
            person_id TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL CHECK (ends_at > starts_at)
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE oncall_imports (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            imported_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE oncall_imported_shifts (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            import_id TEXT NOT NULL REFERENCES oncall_imports(id) ON DELETE CASCADE,
            person TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL CHECK (ends_at > starts_at)
        ) STRICT
        """
    )
    for sql in (
        "CREATE INDEX oncall_people_rotation ON oncall_people(rotation_id, position)",
        "CREATE INDEX oncall_people_plan ON oncall_people(plan_id)",
        "CREATE INDEX oncall_people_stakeholder ON oncall_people(stakeholder_id)",
        "CREATE INDEX oncall_layers_rotation ON oncall_layers(rotation_id, position)",
        "CREATE INDEX oncall_layers_plan ON oncall_layers(plan_id)",
        "CREATE INDEX oncall_layer_members_layer ON oncall_layer_members(layer_id, position)",
        "CREATE INDEX oncall_layer_members_person ON oncall_layer_members(person_id)",
        "CREATE INDEX oncall_layer_members_plan ON oncall_layer_members(plan_id)",
        "CREATE INDEX oncall_sun_sites_layer ON oncall_sun_sites(layer_id, position)",
        "CREATE INDEX oncall_sun_sites_plan ON oncall_sun_sites(plan_id)",
        "CREATE INDEX oncall_overrides_layer ON oncall_overrides(layer_id, starts_at)",
        "CREATE INDEX oncall_overrides_person ON oncall_overrides(person_id)",
        "CREATE INDEX oncall_overrides_covered ON oncall_overrides(covered_id)",
        "CREATE INDEX oncall_overrides_plan ON oncall_overrides(plan_id)",
        "CREATE INDEX oncall_frozen_rotation ON oncall_frozen_shifts(rotation_id, starts_at)",
        "CREATE INDEX oncall_frozen_plan ON oncall_frozen_shifts(plan_id)",
        "CREATE INDEX oncall_imports_plan ON oncall_imports(plan_id)",
        "CREATE INDEX oncall_imported_shifts_import ON oncall_imported_shifts(import_id)",
        "CREATE INDEX oncall_imported_shifts_plan ON oncall_imported_shifts(plan_id)",
    ):
        db.execute(sql)


STEPS = (("0001_oncall", _create_oncall),)
