"""Generic row operations that work for every feature's tables.

Because every record has a UUID ``id`` and references are foreign keys, one
mechanism captures a record with everything that depends on it, deletes it,
restores it (undo), and copies it under fresh ids (duplicate, import).
"""

from __future__ import annotations

import graphlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sreplan.kernel.ids import UUID_PATTERN, new_id
from sreplan.kernel.workspace import Workspace

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
Row = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """Rows keyed by table, in an order that satisfies foreign keys when inserted."""

    tables: tuple[tuple[str, tuple[Row, ...]], ...]

    def rows(self, table: str) -> tuple[Row, ...]:
        for name, rows in self.tables:
            if name == table:
                return rows
        return ()

    def __len__(self) -> int:
        return sum(len(rows) for _, rows in self.tables)


def _check_identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a table or column name: {name!r}")
    return name


def user_tables(ws: Workspace) -> list[str]:
    names = ws.conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name"
    ).fetchall()
    return [n for (n,) in names]


def references_to(ws: Workspace) -> dict[str, list[tuple[str, str]]]:
    """For each table, the (child table, child column) pairs whose foreign key points at it."""
    graph: dict[str, list[tuple[str, str]]] = {}
    for table in user_tables(ws):
        for fk in ws.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            parent, column = fk[2], fk[3]
            graph.setdefault(parent, []).append((table, column))
    return graph


def insertion_order(ws: Workspace) -> list[str]:
    """Tables with parents before children (self-references ignored)."""
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for table in user_tables(ws):
        parents = {fk[2] for fk in ws.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()}
        sorter.add(table, *(p for p in parents if p != table))
    return list(sorter.static_order())


def capture(ws: Workspace, table: str, ids: Iterable[str]) -> Snapshot:
    """The rows ``ids`` of ``table`` and, recursively, every row that references them."""
    graph = references_to(ws)
    found: dict[str, dict[str, Row]] = {}
    pending: list[tuple[str, list[str]]] = [(table, list(ids))]
    while pending:
        current, wanted = pending.pop()
        _check_identifier(current)
        wanted = [i for i in wanted if i not in found.get(current, {})]
        if not wanted:
            continue
        rows = _select_in(ws, current, "id", wanted)
        bucket = found.setdefault(current, {})
        for row in rows:
            bucket[row["id"]] = row
        new_ids = [row["id"] for row in rows]
        if not new_ids:
            continue
        for child, column in graph.get(current, []):
            child_rows = _select_in(
                ws, _check_identifier(child), _check_identifier(column), new_ids
            )
            if child_rows:
                pending.append((child, [r["id"] for r in child_rows]))
    order = insertion_order(ws)
    return Snapshot(tuple((t, tuple(found[t].values())) for t in order if found.get(t)))


def _select_in(ws: Workspace, table: str, column: str, values: list[str]) -> list[Row]:
    rows: list[Row] = []
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows += ws.rows(f"SELECT * FROM {table} WHERE {column} IN ({marks})", chunk)
    return rows


def restore(ws: Workspace, snapshot: Snapshot) -> None:
    """Put every row of the snapshot back as it was (insert, or update in place)."""
    with ws.write() as conn:
        for table, rows in snapshot.tables:
            _check_identifier(table)
            for row in rows:
                columns = [_check_identifier(c) for c in row]
                updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
                conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
                conn.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT(id) {conflict}",
                    list(row.values()),
                )


def delete(ws: Workspace, table: str, ids: Iterable[str]) -> None:
    """Delete rows; their dependents go with them through ON DELETE CASCADE."""
    _check_identifier(table)
    id_list = list(ids)
    with ws.write() as conn:
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            conn.execute(f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def insert(ws: Workspace, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    with ws.write() as conn:
        for row in rows:
            columns = [_check_identifier(c) for c in row]
            conn.execute(
                f"INSERT INTO {_check_identifier(table)} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                list(row.values()),
            )


def update(ws: Workspace, table: str, record_id: str, values: Mapping[str, Any]) -> None:
    """Set some fields of one record."""
    if not values:
        return
    assignments = ", ".join(f"{_check_identifier(c)} = ?" for c in values)
    with ws.write() as conn:
        cursor = conn.execute(
            f"UPDATE {_check_identifier(table)} SET {assignments} WHERE id = ?",
            [*values.values(), record_id],
        )
        if cursor.rowcount != 1:
            raise LookupError(f"no record {record_id} in {table}")


def fetch(ws: Workspace, table: str, record_id: str, columns: Iterable[str]) -> Row:
    cols = ", ".join(_check_identifier(c) for c in columns)
    rows = ws.rows(f"SELECT {cols} FROM {_check_identifier(table)} WHERE id = ?", [record_id])
    if not rows:
        raise LookupError(f"no record {record_id} in {table}")
    return rows[0]


def select_ids(
    ws: Workspace, table: str, where: str, params: Sequence[Any], order_by: str = "rowid"
) -> list[str]:
    """Ids of the rows of ``table`` matching ``where``, in ``order_by`` order.

    ``where`` and ``order_by`` are fragments written by the program (a table model's
    filter and sort), never text the user typed; values go in ``params``.
    """
    sql = f"SELECT id FROM {_check_identifier(table)} WHERE {where} ORDER BY {order_by}"
    return [r[0] for r in ws.conn.execute(sql, list(params))]


def rows_by_id(ws: Workspace, table: str, ids: Iterable[str]) -> dict[str, Row]:
    """Whole rows of ``table`` by id (ids that are gone are left out)."""
    return {r["id"]: r for r in _select_in(ws, _check_identifier(table), "id", list(ids))}


def with_new_ids(snapshot: Snapshot, mapping: dict[str, str] | None = None) -> Snapshot:
    """A copy of the snapshot in which every record id, and every mention of one, is fresh."""
    mapping = dict(mapping or {})
    for _, rows in snapshot.tables:
        for row in rows:
            mapping.setdefault(row["id"], new_id())

    def remap(value: Any) -> Any:
        if isinstance(value, str) and UUID_PATTERN.search(value):
            return UUID_PATTERN.sub(lambda m: mapping.get(m.group(0), m.group(0)), value)
        return value

    return Snapshot(
        tuple(
            (table, tuple({k: remap(v) for k, v in row.items()} for row in rows))
            for table, rows in snapshot.tables
        )
    )
