"""Tables of SDLC checkpoints: phases, checkpoint items and the workspace's custom templates.

``checkpoints.template_key`` is unique within a plan, which is what makes applying
a template twice add nothing twice. Custom templates belong to the workspace, not
to a plan, so that table alone has no ``plan_id``; it stores the template's YAML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def _create_checkpoints(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE phases (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            position INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    db.execute("CREATE INDEX phases_plan ON phases(plan_id, position)")
    db.execute(
        """
        CREATE TABLE checkpoints (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            phase_id TEXT NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            guidance TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL,
            owner_side TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            waiver_reason TEXT,
            waiver_note TEXT NOT NULL DEFAULT '',
            risk TEXT NOT NULL,
            due_date TEXT,
            evidence TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            template_key TEXT,
            updated_at TEXT NOT NULL,
            CHECK (status <> 'waived' OR waiver_reason IS NOT NULL)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX checkpoints_plan ON checkpoints(plan_id, phase_id, position)")
    db.execute("CREATE INDEX checkpoints_phase ON checkpoints(phase_id)")
    db.execute(
        "CREATE UNIQUE INDEX checkpoints_template_key ON checkpoints(plan_id, template_key) "
        "WHERE template_key IS NOT NULL"
    )
    db.execute(
        """
        CREATE TABLE checkpoint_templates (
            id TEXT PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            yaml TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT
        """
    )


STEPS = (("0001_phases_checkpoints_templates", _create_checkpoints),)
