"""A workspace's schema must be exactly what this build's migrations create.

A file someone mailed you can carry its own SQL: a trigger that deletes rows
on every insert, a view where a table should be, a dropped column. SQLite's
``trusted_schema=OFF`` stops such SQL from calling functions, not from changing
data, so every open compares the file's ``sqlite_schema`` with the schema the
migrations the file records would create, and refuses anything extra, missing
or different by name. Nothing of the file's own SQL is ever run to "repair" it.

The expected schema is built by replaying those migration steps on an empty
in-memory database (a few milliseconds, cached per set of steps).
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.migrations import Schema

_KIND_ORDER = {"table": 0, "view": 1, "index": 2, "trigger": 3}


def _order(key: tuple[str, str]) -> tuple[int, str]:
    return (_KIND_ORDER.get(key[0], 9), key[1])


_BOOKKEEPING = {
    ("table", "_sqlite_migrations"),
    ("index", "idx__sqlite_migrations_migration_set_name"),
}

Objects = dict[tuple[str, str], tuple[str, str]]  # (type, name) -> (table, sql)


def applied_steps(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The (set, step) pairs the file says were applied, in the order recorded."""
    exists = conn.execute(
        "SELECT type FROM sqlite_schema WHERE name = '_sqlite_migrations'"
    ).fetchone()
    if exists is None:
        return []
    if exists[0] != "table":
        raise WorkspaceError("its migration record is not a table; SRE Plan did not create it")
    try:
        rows = conn.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"its migration record cannot be read ({exc})") from exc
    return [(str(s), str(n)) for s, n in rows]


def verify_schema(conn: sqlite3.Connection, schema: Schema, path: Path) -> None:
    """Raise WorkspaceError naming the first thing that differs from the expected schema."""
    try:
        _verify(conn, schema)
    except WorkspaceError as exc:
        raise WorkspaceError(f"{path.name} was refused: {exc}.") from exc


def _verify(conn: sqlite3.Connection, schema: Schema) -> None:
    applied = applied_steps(conn)
    known = [(s.name, step) for s in schema.sets for step, _ in s.steps]
    unknown = [a for a in applied if a not in known]
    if unknown:
        set_name, step = unknown[0]
        raise WorkspaceError(
            f"it records migration step {step!r} of {set_name!r}, which this version of "
            "SRE Plan does not know (was it made by a newer version?)"
        )
    if len(set(applied)) != len(applied):
        raise WorkspaceError("its migration record lists a step twice")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != len(applied):
        raise WorkspaceError(
            f"its schema version ({version}) does not match the {len(applied)} migration "
            "steps it records"
        )
    expected = _expected(schema, frozenset(applied))
    actual = _objects(conn)
    for key in sorted(actual.keys() - expected.keys() - _BOOKKEEPING, key=_order):
        kind, name = key
        article = "an" if kind == "index" else "a"
        raise WorkspaceError(f"it contains {article} {kind} `{name}` that SRE Plan did not create")
    for key in sorted(expected.keys() - actual.keys(), key=_order):
        kind, name = key
        raise WorkspaceError(f"the {kind} `{name}` that SRE Plan needs is missing")
    for key in sorted(expected.keys() & actual.keys(), key=_order):
        if expected[key] != actual[key]:
            kind, name = key
            raise WorkspaceError(f"its {kind} `{name}` differs from the one SRE Plan creates")
    if applied and not actual.keys() >= _BOOKKEEPING:
        raise WorkspaceError("its migration record is incomplete")


def _objects(conn: sqlite3.Connection) -> Objects:
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema "
        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    return {(str(t), str(n)): (str(tb), str(sql or "")) for t, n, tb, sql in rows}


class _Db:
    """The part of sqlite-utils' Database that migration steps use (``execute``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)


@cache
def _expected(schema: Schema, applied: frozenset[tuple[str, str]]) -> Objects:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        db: Any = _Db(conn)
        for migration_set in schema.sets:
            for step_name, fn in migration_set.steps:
                if (migration_set.name, step_name) in applied:
                    try:
                        fn(db)
                    except AttributeError:  # a step that needs more of sqlite-utils
                        from sqlite_utils import Database

                        fn(Database(conn, execute_plugins=False, strict=True))
        return _objects(conn)
    finally:
        conn.close()
