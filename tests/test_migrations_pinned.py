"""Migration set and step names are recorded in users' files: they never change.

The schema a fresh workspace gets at a given ``user_version`` is pinned too, so a
file's version means exactly one schema (no conditional tables or foreign keys).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sreplan.features import SCHEMA, open_workspace

FIXTURES = Path(__file__).parent / "fixtures" / "schema"

# Append here when a feature adds a step; never edit or reorder what is here.
PINNED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sreplan.plans", ("0001_plans_and_stakeholders", "0002_milestones")),
    ("sreplan.slo", ("0001_slo_tables", "0002_openslo_fidelity")),
    ("sreplan.checkpoints", ("0001_phases_checkpoints_templates",)),
    (
        "sreplan.architecture",
        (
            "0001_components_and_dependencies",
            "0002_review_sessions",
            "0003_adrs_findings_catalog_dismissals",
            "0004_lint_settings",
            "0005_meeting_agenda_decisions",
        ),
    ),
    ("sreplan.capacity", ("0001_capacity", "0002_capacity_known")),
    ("sreplan.incidents", ("0001_incidents",)),
    ("sreplan.oncall", ("0001_oncall",)),
    ("sreplan.resilience", ("0001_resilience",)),
    ("sreplan.actions", ("0001_actions_lessons_evidence",)),
    ("sreplan.upcoming", ("0001_changes_and_review_cadence",)),
)


def schema_dump(conn: sqlite3.Connection) -> str:
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    return "\n".join(f"-- {t} {n} on {tb}\n{sql};\n" for t, n, tb, sql in rows)


def test_migration_names_are_pinned() -> None:
    recorded = {s.name: tuple(step for step, _ in s.steps) for s in SCHEMA.sets}
    for name, steps in PINNED:
        assert recorded.get(name, ())[: len(steps)] == steps, name
    pinned_names = [name for name, _ in PINNED]
    assert [s.name for s in SCHEMA.sets][: len(pinned_names)] == pinned_names


def test_fresh_schema_matches_its_snapshot(tmp_path: Path) -> None:
    """A new schema version comes with a new snapshot file (tests/fixtures/schema)."""
    ws = open_workspace(tmp_path / "fresh.sreplan", create=True)
    try:
        snapshot = FIXTURES / f"user_version_{SCHEMA.version}.sql"
        assert schema_dump(ws.conn) == snapshot.read_text()
    finally:
        ws.close()


def test_workspace_of_version_8_opens_with_the_current_schema(tmp_path: Path) -> None:
    """A file made by the build before the feature layout opens and migrates cleanly."""
    old = tmp_path / "old.sreplan"
    old.write_bytes((FIXTURES / "demo_user_version_8.sreplan").read_bytes())
    fresh = open_workspace(tmp_path / "fresh.sreplan", create=True)
    migrated = open_workspace(old)
    try:
        assert migrated.scalar("PRAGMA user_version") == SCHEMA.version
        assert schema_dump(migrated.conn) == schema_dump(fresh.conn)
        assert migrated.scalar("SELECT name FROM plans") == "Checkout service"
    finally:
        migrated.close()
        fresh.close()
