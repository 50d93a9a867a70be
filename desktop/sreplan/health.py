"""Everything ``sreplan check`` verifies, so that every command works on a file it accepts.

Opening already compares the schema and runs ``quick_check``. Here, on top:
``integrity_check`` (which also enforces CHECK and NOT NULL constraints, which
``quick_check`` on a read-only copy skips), ``foreign_key_check``, and reading
every plan the way the commands and the report do: every feature's action items
and every report section's content (charts are described, not drawn).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime

from sreplan import features
from sreplan.kernel.text import one_line
from sreplan.kernel.workspace import Workspace


def problems(ws: Workspace) -> Iterator[str]:
    """Each problem found, phrased for the user, most fundamental first."""
    try:
        rows = [r for (r,) in ws.conn.execute("PRAGMA integrity_check(20)").fetchall()]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        yield f"the file is damaged ({one_line(str(exc))})"
        return
    if rows != ["ok"]:
        for row in rows:
            yield f"the file is damaged: {one_line(str(row))}"
        return
    try:
        broken = ws.conn.execute("PRAGMA foreign_key_check").fetchall()[:20]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        yield f"the file is damaged ({one_line(str(exc))})"
        return
    for table, rowid, parent, _ in broken:
        yield f"a row of {table} (rowid {rowid}) points at a missing row of {parent}"
    yield from _readable(ws)


def _readable(ws: Workspace) -> Iterator[str]:
    from sreplan.plans.store import list_plans

    try:
        plans = list_plans(ws)
    except Exception as exc:
        yield f"the plans cannot be read ({_why(exc)})"
        return
    from sreplan.kernel.report.registry import Preset, ReportOptions
    from sreplan.reporting.registry import all_sections

    options = ReportOptions(Preset.FULL, moment=datetime(2026, 1, 1, tzinfo=UTC))
    for plan in plans:
        name = one_line(plan.name)[:80]
        for provider in features.action_item_providers():
            try:
                provider(ws, plan.id)
            except Exception as exc:
                yield f"plan {name!r}: its action items cannot be read ({_why(exc)})"
        for section in all_sections():
            try:
                section.build(ws, plan.id, options)
            except Exception as exc:
                yield f"plan {name!r}: its {section.title.lower()} cannot be read ({_why(exc)})"


def _why(exc: BaseException) -> str:
    return one_line(f"{type(exc).__name__}: {exc}")[:200]
