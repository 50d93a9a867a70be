"""Every migration step this build knows, in the order they must run.

Each feature owns a migration set (a name and its ordered steps) in its own
module; this tuple is the one place they are listed. ``user_version`` counts
the steps applied, so a file with a larger count came from a newer build.
Steps are applied with sqlite-utils ``Migrations`` (step and record in one
transaction); sqlite-utils is imported only when a file actually needs them,
which keeps the main window's start-up free of its import cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sreplan.architecture import schema as architecture_schema
from sreplan.capacity import schema as capacity_schema
from sreplan.checkpoints import schema as checkpoints_schema
from sreplan.plans import schema as plan_schema
from sreplan.slo import schema as slo_schema

if TYPE_CHECKING:
    from sqlite_utils import Database

Step = tuple[str, Callable[["Database"], None]]

MIGRATION_SETS: tuple[tuple[str, tuple[Step, ...]], ...] = (
    ("sreplan.plans", plan_schema.STEPS),
    ("sreplan.slo", slo_schema.STEPS),
    ("sreplan.checkpoints", checkpoints_schema.STEPS),
    ("sreplan.architecture", architecture_schema.STEPS),
    # Capacity links resources to architecture components: it must come after them.
    ("sreplan.capacity", capacity_schema.STEPS),
)

SCHEMA_VERSION = sum(len(steps) for _, steps in MIGRATION_SETS)


def migrate(db: Database) -> None:
    """Apply every pending step, then record the schema version."""
    from sqlite_utils.migrations import Migrations

    for set_name, steps in MIGRATION_SETS:
        migrations = Migrations(set_name)
        for step_name, fn in steps:
            migrations(name=step_name)(fn)
        migrations.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
