"""Putting a bundle's plan into a workspace: all of it in one transaction, or nothing.

A plan already in the workspace with the bundle's id is updated: its records are
replaced by the bundle's, so a record deleted in the bundle is deleted here too.
Milestones stay (they are the workspace's history of the plan, not part of it).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sreplan.bundle.parts import PLAN_FILE, PLAN_TABLE, layout
from sreplan.bundle.read import Bundle, BundleError
from sreplan.kernel import edits
from sreplan.kernel.records import insertion_order
from sreplan.kernel.workspace import Workspace, now_iso


@dataclass(frozen=True)
class ImportResult:
    plan_id: str
    plan_name: str
    created: bool
    records: int


def _foreign_plan_ids(ws: Workspace, bundle: Bundle) -> list[str]:
    """Ids of the bundle that belong to another plan of the workspace."""
    problems = []
    for tables in bundle.records.values():
        for table, rows in tables.items():
            ids = [r["id"] for r in rows]
            owner_column = "id" if table == PLAN_TABLE else "plan_id"
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                found = ws.rows(
                    f"SELECT id, {owner_column} AS owner FROM {table} "
                    f"WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                index = {rid: i for i, rid in enumerate(ids)}
                for row in found:
                    if row["owner"] != bundle.plan_id:
                        problems.append(
                            f"{bundle.where(table, index[row['id']], 'id')}: id {row['id']} "
                            "already belongs to another plan of this workspace."
                        )
    return problems


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    columns = list(row)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        list(row.values()),
    )


def _fk_problems(ws: Workspace, bundle: Bundle, tables: list[str]) -> list[str]:
    problems = []
    for table in tables:
        fks = {r[0]: r[3] for r in ws.conn.execute(f"PRAGMA foreign_key_list({table})")}
        for _, rowid, parent, fkid in ws.conn.execute(f"PRAGMA foreign_key_check({table})"):
            rid = ws.scalar(f"SELECT id FROM {table} WHERE rowid = ?", [rowid])
            column = fks.get(fkid, "?")
            problems.append(
                f"{_where_id(bundle, table, rid, column)}: {column} refers to a {parent} "
                f"record that is not in the bundle."
            )
            if len(problems) >= 20:
                return problems
    return problems


def _where_id(bundle: Bundle, table: str, rid: str, column: str | None = None) -> str:
    try:
        path = layout().file_of(table).path
    except KeyError:
        return table
    rows = bundle.records[path][table]
    index = next((i for i, r in enumerate(rows) if r["id"] == rid), 0)
    return bundle.where(table, index, column)


def write_plan(ws: Workspace, bundle: Bundle) -> ImportResult:
    """Create or replace the bundle's plan; BundleError (and nothing written) on a problem."""
    problems = _foreign_plan_ids(ws, bundle)
    if problems:
        raise BundleError(bundle.folder, problems)
    plan_id = bundle.plan_id
    plan = dict(bundle.records[PLAN_FILE][PLAN_TABLE][0])
    exists = ws.scalar("SELECT 1 FROM plans WHERE id = ?", [plan_id]) is not None
    by_table: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for file in layout().files:
        for table in file.tables:
            stamped = {c.partition(".")[2] for c in file.stamped if c.startswith(f"{table}.")}
            by_table[table] = (file.path, bundle.records[file.path][table])
            if table == PLAN_TABLE:
                plan.update({c: now_iso() for c in stamped})
    order = [t for t in insertion_order(ws) if t in by_table or t in bundle.side_rows]
    count = 0
    with ws.write() as conn:
        if exists:
            sets = ", ".join(f"{c} = ?" for c in plan if c != "id")
            conn.execute(
                f"UPDATE plans SET {sets} WHERE id = ?",
                [v for c, v in plan.items() if c != "id"] + [plan_id],
            )
            for table in reversed(order):
                if table != PLAN_TABLE:
                    conn.execute(f"DELETE FROM {table} WHERE plan_id = ?", [plan_id])
        else:
            try:
                _insert(conn, PLAN_TABLE, plan)
            except (sqlite3.IntegrityError, OverflowError, UnicodeEncodeError) as exc:
                raise BundleError(
                    bundle.folder, [f"{bundle.where(PLAN_TABLE, 0)}: the plan: {exc}."]
                ) from None
        for table in order:
            if table == PLAN_TABLE:
                continue
            rows = by_table[table][1] if table in by_table else bundle.side_rows[table]
            for index, row in enumerate(rows):
                values = row if "plan_id" in row else {**row, "plan_id": plan_id}
                try:
                    _insert(conn, table, values)
                except (sqlite3.IntegrityError, OverflowError, UnicodeEncodeError) as exc:
                    # a refused value, a number too large for SQLite, a lone surrogate
                    raise BundleError(
                        bundle.folder,
                        [f"{bundle.where(table, index)}: {table} record {row['id']}: {exc}."],
                    ) from None
                count += 1
        problems = _fk_problems(ws, bundle, order)
        if problems:
            raise BundleError(bundle.folder, problems)
    return ImportResult(plan_id, str(plan.get("name", "")), not exists, count + 1)


def import_edit(bundle: Bundle) -> edits.Edit:
    """The import as one undoable edit (File › Import Plan from Folder…)."""
    tables = frozenset(layout().tables) | {PLAN_TABLE}
    return edits.make(
        f"Import Plan from {bundle.folder.name}",
        tables,
        lambda ws: write_plan(ws, bundle),
        plan_id=bundle.plan_id,
    )
