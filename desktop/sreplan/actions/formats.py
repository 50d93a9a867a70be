"""The tracker as text: a terminal table, JSON, CSV (formula-safe) and Markdown."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from datetime import date

from sreplan.actions.model import TrackedAction
from sreplan.actions.sources import row_of
from sreplan.kernel.text import one_line

FORMATS = ("table", "json", "csv", "md")
COLUMNS = ("priority", "status", "due", "owner", "title", "source", "reason", "created", "closed")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def render(items: Sequence[TrackedAction], fmt: str, today: date) -> str:
    rows = [{**row_of(i), "overdue": i.overdue(today)} for i in items]
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(rows)
    if fmt == "md":
        return _md(rows)
    return _table(rows)


def _text(value: object) -> str:
    return "" if value is None else one_line(str(value))


def _due(row: dict[str, object]) -> str:
    due = _text(row["due"]) or "-"
    return f"{due} overdue" if row["overdue"] else due


def _table(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "No action items.\n"
    lines = []
    for r in rows:
        owner = _text(r["owner"]) or "unassigned"
        line = f"{r['priority']}  {_text(r['status']):<11}  {_due(r):<18}  {owner:<16}  "
        lines.append(line + f"{_text(r['title'])}  [{_text(r['source'])}]")
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    """Keep spreadsheets from running text as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[dict[str, object]]) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "overdue"])
    for r in rows:
        writer.writerow([*(_cell(r[c]) for c in COLUMNS), "yes" if r["overdue"] else ""])
    return out.getvalue()


def _md_text(value: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _text(value))


def _md(rows: list[dict[str, object]]) -> str:
    lines = ["| Priority | Status | Due | Owner | Item | Source |", "|---|---|---|---|---|---|"]
    for r in rows:
        due = _md_text(r["due"]) or "–"
        if r["overdue"]:
            due = f"**{due} (overdue)**"
        status = _md_text(r["status"])
        if r["reason"] and r["status"] == "Not doing":
            status += f" ({_md_text(r['reason'])})"
        lines.append(
            f"| {r['priority']} | {status} | {due} | {_md_text(r['owner']) or 'unassigned'} | "
            f"{_md_text(r['title'])} | {_md_text(r['source'])} |"
        )
    return "\n".join(lines) + "\n"
