"""Undo below the UI: an :class:`Edit` is one change a user made, Qt-free.

A feature's ``edits.py`` builds an ``Edit`` from a label, the tables it touches
and an ``action`` that writes through the feature's store. The first
:meth:`Edit.apply` runs the action inside one transaction while the workspace
journals every row it inserts, updates or deletes (cascades included). From
then on the edit is data: :meth:`Edit.revert` puts back the rows as they were
and a later ``apply`` (redo) writes exactly the rows the first apply wrote,
with the same ids, so edits made after it that point at those rows stay valid.
Undo and redo first check that every row is still as the edit left it; a row
changed since by another path makes them refuse, leaving the file as it was.

The builders at the end (:func:`set_fields`, :func:`insert`, :func:`delete`,
:func:`restore`) are the generic record edits every feature may use; a
feature's own ``edits.py`` builds the rest.

The journal is a handful of TEMP triggers and tables on the connection; they
live in ``sqlite_temp_schema`` and are never written to the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.workspace import Workspace

Row = dict[str, Any]
# What an edit does the first time; what it returns is kept in ``Edit.result``.
Action = Callable[[Workspace], object]


@dataclass(frozen=True)
class RowChange:
    """One row of one table before and after an edit (``None``: it did not exist)."""

    table: str
    id: str
    before: Row | None
    after: Row | None


@dataclass
class Edit:
    """One undoable change: a label for the Edit menu, what it touches, how to apply it."""

    label: str
    tables: frozenset[str]
    action: Action | None = None
    plan_id: str | None = None
    merge_key: Hashable | None = None
    changes: tuple[RowChange, ...] | None = field(default=None, repr=False)
    result: Any = field(default=None, repr=False, compare=False)

    @property
    def recorded(self) -> bool:
        return self.changes is not None

    @property
    def touched(self) -> frozenset[str]:
        """The tables named when it was built plus every table it actually wrote."""
        return self.tables | {c.table for c in self.changes or ()}

    def apply(self, ws: Workspace) -> None:
        """Do (first time: run the action and journal it) or redo (replay the same rows)."""
        if self.changes is None:
            if self.action is None:
                raise ValueError(f"edit {self.label!r} has neither an action nor changes")
            self.changes, self.result = _record(ws, self.action)
        else:
            _write(ws, self.changes, forward=True)

    def revert(self, ws: Workspace) -> None:
        """Undo: every row the edit touched goes back to what it was before."""
        if self.changes is None:
            raise ValueError(f"edit {self.label!r} was never applied")
        _write(ws, self.changes, forward=False)

    def absorb(self, later: Edit) -> None:
        """Merge a later edit into this one (keystrokes in one field become one undo step)."""
        if self.changes is None or later.changes is None:
            raise ValueError("only applied edits merge")
        merged = {(c.table, c.id): c for c in self.changes}
        for change in later.changes:
            key = (change.table, change.id)
            first = merged.get(key)
            before = first.before if first is not None else change.before
            merged[key] = RowChange(change.table, change.id, before, change.after)
        self.changes = tuple(c for c in merged.values() if c.before != c.after)
        self.tables = self.tables | later.tables


def withdrawal(edit: Edit) -> Edit:
    """An edit that takes ``edit`` back; merged into it, the two cancel out.

    A field whose text turns invalid mid-typing (``100`` after ``10``) withdraws
    its open run of keystrokes: the stored value is again the one from before the
    run, never the last valid prefix, and no undo step is left behind.
    """
    changes = edit.changes or ()

    def action(ws: Workspace) -> None:
        _write(ws, changes, forward=False)

    return Edit(edit.label, edit.tables, action, edit.plan_id, edit.merge_key)


def make(
    label: str,
    tables: Iterable[str],
    action: Action,
    *,
    plan_id: str | None = None,
    merge_key: Hashable | None = None,
) -> Edit:
    return Edit(label, frozenset(tables), action, plan_id, merge_key)


# The journal ---------------------------------------------------------------------------

_FLAG = "_sreplan_journal_on"
_LOG = "_sreplan_journal"


def _shadow(table: str) -> str:
    return f"_sreplan_before_{table}"


def _tables(ws: Workspace) -> list[str]:
    names = ws.conn.execute(
        "SELECT name FROM main.sqlite_schema WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_%' ESCAPE '\\' "
        "ORDER BY name"
    ).fetchall()
    return [n for (n,) in names]


def _install_journal(ws: Workspace) -> list[str]:
    """Create the TEMP journal for this connection once; return the journaled tables."""
    cached = ws.__dict__.get("_journal_tables")
    if cached is not None:
        return list(cached)
    conn = ws.conn
    tables = _tables(ws)
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_FLAG} (on_ INTEGER NOT NULL)")
    conn.execute(f"DELETE FROM temp.{_FLAG}")
    conn.execute(f"INSERT INTO temp.{_FLAG} VALUES (0)")
    conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {_LOG} "
        "(seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, rid TEXT NOT NULL, op TEXT NOT NULL)"
    )
    when = f"WHEN (SELECT on_ FROM {_FLAG})"
    for table in tables:
        shadow = _shadow(table)
        conn.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{shadow}" AS SELECT * FROM main."{table}" WHERE 0'
        )
        conn.execute(f'CREATE UNIQUE INDEX IF NOT EXISTS temp."{shadow}_id" ON "{shadow}"(id)')
        # The first image of a row is kept. Not with INSERT OR IGNORE: a foreign key's
        # ON DELETE SET NULL runs its UPDATE with ABORT, which overrides the trigger's
        # IGNORE, so a row an edit touched twice (once by hand, once by the cascade)
        # failed the whole edit on the shadow table's unique index.
        keep_before = (
            f'INSERT INTO "{shadow}" SELECT * FROM main."{table}" WHERE id = old.id '
            f'AND NOT EXISTS (SELECT 1 FROM "{shadow}" WHERE id = old.id);'
        )
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "_sreplan_j_{table}_i" AFTER INSERT '
            f'ON main."{table}" {when} BEGIN '
            f"INSERT INTO {_LOG}(tbl, rid, op) VALUES ('{table}', new.id, 'i'); END"
        )
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "_sreplan_j_{table}_u" BEFORE UPDATE '
            f'ON main."{table}" {when} BEGIN {keep_before} '
            f"INSERT INTO {_LOG}(tbl, rid, op) VALUES ('{table}', old.id, 'u'); END"
        )
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "_sreplan_j_{table}_d" BEFORE DELETE '
            f'ON main."{table}" {when} BEGIN {keep_before} '
            f"INSERT INTO {_LOG}(tbl, rid, op) VALUES ('{table}', old.id, 'd'); END"
        )
    ws.__dict__["_journal_tables"] = tuple(tables)
    return tables


def record(ws: Workspace, action: Action) -> tuple[RowChange, ...]:
    """Run ``action`` in one transaction and return every row change it made."""
    return _record(ws, action)[0]


def _record(ws: Workspace, action: Action) -> tuple[tuple[RowChange, ...], object]:
    _install_journal(ws)
    conn = ws.conn
    with ws.write():  # a failure rolls back the journal's TEMP rows with the rest
        conn.execute(f"UPDATE temp.{_FLAG} SET on_ = 1")
        try:
            result = action(ws)
        finally:
            conn.execute(f"UPDATE temp.{_FLAG} SET on_ = 0")
        changes = _collect(ws)
        _clear(ws)
    return changes, result


def _collect(ws: Workspace) -> tuple[RowChange, ...]:
    first_op: dict[tuple[str, str], str] = {}
    for table, rid, op in ws.conn.execute(f"SELECT tbl, rid, op FROM temp.{_LOG} ORDER BY seq"):
        first_op.setdefault((table, rid), op)
    changes: list[RowChange] = []
    for (table, rid), op in first_op.items():
        before = None if op == "i" else _row(ws, f'temp."{_shadow(table)}"', rid)
        after = _row(ws, f'main."{table}"', rid)
        if before != after:
            changes.append(RowChange(table, rid, before, after))
    return tuple(changes)


def _clear(ws: Workspace) -> None:
    tables = {t for (t,) in ws.conn.execute(f"SELECT DISTINCT tbl FROM temp.{_LOG}")}
    for table in tables:
        ws.conn.execute(f'DELETE FROM temp."{_shadow(table)}"')
    ws.conn.execute(f"DELETE FROM temp.{_LOG}")


def _row(ws: Workspace, source: str, rid: str) -> Row | None:
    rows = ws.rows(f"SELECT * FROM {source} WHERE id = ?", [rid])
    return rows[0] if rows else None


def _write(ws: Workspace, changes: tuple[RowChange, ...], *, forward: bool) -> None:
    """Bring every changed row to its ``after`` (forward) or ``before`` state, atomically.

    Foreign keys are deferred to the commit, so the order of rows does not matter
    for them; unique indexes are not, so rows that go away are deleted first and a
    row that clashes with one not yet moved is tried again after the others. Rows
    that only clash with each other (two names swapped) are taken out and written
    afresh, and whatever depended on them and is not part of the edit is put back.
    """
    with ws.write() as conn:
        for change in changes:  # all checked before any write (a delete may cascade)
            _check_table(ws, change.table)
            expected = change.before if forward else change.after
            if _row(ws, f'main."{change.table}"', change.id) != expected:
                raise WorkspaceError(
                    f"A record in {change.table} ({change.id}) was changed by another path "
                    f"since; to keep that change, nothing was {'redone' if forward else 'undone'}."
                )
        targets: list[tuple[str, str, Row]] = []
        for change in changes:
            target = change.after if forward else change.before
            if target is None:
                conn.execute(f'DELETE FROM main."{change.table}" WHERE id = ?', [change.id])
            else:
                targets.append((change.table, change.id, target))
        pending = targets
        evicted: list[records.Snapshot] | None = None
        while pending:
            failed: list[tuple[str, str, Row]] = []
            error: sqlite3.IntegrityError | None = None
            for table, rid, target in pending:
                try:
                    _upsert(conn, table, target)
                except sqlite3.IntegrityError as exc:
                    failed.append((table, rid, target))
                    error = exc
            if len(failed) == len(pending):
                if evicted is not None:
                    raise WorkspaceError(f"The change could not be written again: {error}.")
                evicted = [_evict(ws, table, rid) for table, rid, _target in failed]
                failed = targets  # the eviction's cascade may have taken rows written already
            pending = failed
        if evicted:
            edited = {(c.table, c.id) for c in changes}
            for snapshot in evicted:
                _put_back(ws, snapshot, edited)


def _evict(ws: Workspace, table: str, rid: str) -> records.Snapshot:
    """Delete a row with its dependents (cascade); return them all as they were."""
    snapshot = records.capture(ws, table, [rid])
    records.delete(ws, table, [rid])
    return snapshot


def _put_back(ws: Workspace, snapshot: records.Snapshot, edited: set[tuple[str, str]]) -> None:
    kept = records.Snapshot(
        tuple(
            (table, tuple(r for r in rows if (table, r["id"]) not in edited))
            for table, rows in snapshot.tables
        )
    )
    records.restore(ws, kept)


def _upsert(conn: sqlite3.Connection, table: str, target: Row) -> None:
    columns = list(target)
    names = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    conn.execute(
        f'INSERT INTO main."{table}" ({names}) '
        f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT(id) {conflict}",
        list(target.values()),
    )


def _check_table(ws: Workspace, table: str) -> None:
    tables = ws.__dict__.get("_journal_tables") or tuple(_tables(ws))
    if table not in tables:
        raise WorkspaceError(f"The workspace has no table {table!r} to redo the change in.")


# Generic record edits: one record's fields, rows added, rows deleted with their dependents ----


def set_fields(
    table: str,
    record_id: str,
    values: Mapping[str, Any],
    label: str,
    *,
    plan_id: str | None = None,
    merge: bool = False,
    stamp: Mapping[str, Any] | None = None,
) -> Edit:
    """Change some fields of one record; with ``merge``, repeated edits of the same
    fields (keystrokes) join one undo step. Nothing is written when the record
    already holds ``values``; ``stamp`` (e.g. ``updated_at``) is written only along
    with a real change."""
    new = dict(values)

    def action(ws: Workspace) -> None:
        try:
            old = records.fetch(ws, table, record_id, new)
        except LookupError as exc:
            raise WorkspaceError(f"That record is gone: {exc}.") from exc
        if all(old[k] == v for k, v in new.items()):
            return
        records.update(ws, table, record_id, {**new, **(stamp or {})})

    merge_key = (table, record_id, tuple(sorted(new))) if merge else None
    return make(label, {table}, action, plan_id=plan_id, merge_key=merge_key)


def insert(
    table: str, rows: Sequence[Mapping[str, Any]], label: str, *, plan_id: str | None = None
) -> Edit:
    """Add rows (with their ids) to one table."""
    rows = [dict(r) for r in rows]
    return make(label, {table}, lambda ws: records.insert(ws, table, rows), plan_id=plan_id)


def delete(
    table: str, ids: Sequence[str], label: str, *, plan_id: str | None = None
) -> Edit:
    """Delete records with everything that depends on them (the journal keeps the cascade)."""
    ids = list(ids)
    return make(label, {table}, lambda ws: records.delete(ws, table, ids), plan_id=plan_id)


def restore(snapshot: records.Snapshot, label: str, *, plan_id: str | None = None) -> Edit:
    """Add a captured set of records (e.g. a duplicated plan)."""
    return make(
        label,
        {t for t, _ in snapshot.tables},
        lambda ws: records.restore(ws, snapshot),
        plan_id=plan_id,
    )
