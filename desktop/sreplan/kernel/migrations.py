"""Running the features' migrations: one ``Schema`` made of each feature's set.

Each feature owns a migration set (a name and its ordered steps); ``features.py``
puts them together in dependency order. ``user_version`` counts the steps
applied, so a file with a larger count came from a newer build. Steps are
applied with sqlite-utils ``Migrations`` (step and record in one transaction);
sqlite-utils is imported only when a file actually needs them, which keeps the
main window's start-up free of its import cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sreplan.kernel.hooks import Hooks

if TYPE_CHECKING:
    from sqlite_utils import Database

Step = tuple[str, Callable[["Database"], None]]


@dataclass(frozen=True)
class MigrationSet:
    """A feature's steps; the set name and step names are recorded in users' files."""

    name: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Schema:
    """Every migration this build knows, in the order they must run."""

    sets: tuple[MigrationSet, ...]
    # What later features add to earlier features' answers (a phase gate's extra
    # blockers): it rides on the schema because every open workspace carries its schema,
    # so an earlier feature reaches later ones without importing them or a global registry.
    hooks: Hooks = field(default_factory=Hooks)

    @classmethod
    def of(cls, sets: Sequence[MigrationSet], hooks: Hooks | None = None) -> Schema:
        names = [s.name for s in sets]
        if len(set(names)) != len(names):
            raise ValueError(f"migration sets listed twice: {names}")
        return cls(tuple(sets), hooks or Hooks())

    @property
    def version(self) -> int:
        return sum(len(s.steps) for s in self.sets)

    def migrate(self, db: Database) -> None:
        """Apply every pending step, then record the schema version."""
        from sqlite_utils.migrations import Migrations

        for migration_set in self.sets:
            migrations = Migrations(migration_set.name)
            for step_name, fn in migration_set.steps:
                migrations(name=step_name)(fn)
            migrations.apply(db)
        db.execute(f"PRAGMA user_version = {self.version}")
