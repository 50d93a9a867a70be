"""JSON Schemas of the bundle's YAML files: made from the tables, shipped in the package.

``python -m sreplan.bundle.schemas`` rewrites the shipped files after a migration
changes a table (a test says when they are out of date).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sreplan.bundle.parts import (
    FORMAT,
    FORMAT_VERSION,
    PLAN_TABLE,
    layout,
    record_key,
    schema_name,
)
from sreplan.kernel.bundle import TableFile
from sreplan.kernel.workspace import Workspace

ID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_JSON_TYPES = {"TEXT": "string", "INTEGER": "integer", "REAL": "number", "ANY": "string"}
SHIPPED = "data/bundle-schema"
# Written by hand: files that are not records of tables.
MILESTONE_SCHEMA = "milestone.schema.json"


def columns(ws: Workspace, table: str) -> list[tuple[str, str, bool, bool]]:
    """(name, declared type, not null, has a default) of each column, in table order."""
    return [
        (r[1], str(r[2]).upper(), bool(r[3]) or bool(r[5]), r[4] is not None)
        for r in ws.conn.execute(f"PRAGMA table_info({table})").fetchall()
    ]


def kept_columns(ws: Workspace, file: TableFile, table: str) -> list[str]:
    """The columns a file writes for a table, in table order."""
    return [c[0] for c in columns(ws, table) if c[0] not in _left_out(file, table)]


def _left_out(file: TableFile, table: str) -> set[str]:
    left = {c.partition(".")[2] for c in file.stamped if c.startswith(f"{table}.")}
    return left | ({"plan_id"} if table != PLAN_TABLE else set())


def _record_schema(ws: Workspace, file: TableFile, table: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required = []
    for name, declared, not_null, has_default in columns(ws, table):
        if name in _left_out(file, table):
            continue
        kind = _JSON_TYPES.get(declared, "string")
        spec: dict[str, Any] = {"type": kind if not_null else [kind, "null"]}
        if name == "id":
            spec["pattern"] = ID_PATTERN
        choice = file.choices.get(f"{table}.{name}")
        if choice is not None:
            spec["enum"] = [m.value for m in choice] + ([] if not_null else [None])
        properties[name] = spec
        if not_null and not has_default:
            required.append(name)
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


def file_schema(ws: Workspace, file: TableFile) -> dict[str, Any]:
    properties: dict[str, Any] = {"format": {"const": FORMAT}}
    for table in file.tables:
        record = _record_schema(ws, file, table)
        properties[record_key(table)] = (
            record if table == PLAN_TABLE else {"type": "array", "items": record}
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://sreplan.invalid/bundle/{FORMAT_VERSION}/{schema_name(file.path)}",
        "title": f"SRE Plan bundle: {file.path}",
        "x-sreplan-bundle-format": FORMAT_VERSION,
        "type": "object",
        "required": ["format", *(record_key(t) for t in file.tables)],
        "additionalProperties": False,
        "properties": properties,
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated(ws: Workspace) -> dict[str, str]:
    """File name -> text of every schema, from the tables of ``ws``."""
    return {schema_name(f.path): render(file_schema(ws, f)) for f in layout().files}


@cache
def shipped() -> dict[str, str]:
    """The schemas shipped in the package: file name -> text."""
    folder = resources.files("sreplan").joinpath(SHIPPED)
    names = [*(schema_name(f.path) for f in layout().files), MILESTONE_SCHEMA]
    return {name: folder.joinpath(name).read_text(encoding="utf-8") for name in names}


@cache
def shipped_schema(path: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(shipped()[schema_name(path)])
    return loaded


def main() -> None:
    """Rewrite the shipped schemas from this build's tables."""
    import tempfile
    from pathlib import Path

    from sreplan.features import create_workspace, open_workspace

    folder = Path(str(resources.files("sreplan").joinpath(SHIPPED)))
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schema.sreplan"
        create_workspace(path)
        ws = open_workspace(path)
        try:
            for name, text in generated(ws).items():
                (folder / name).write_text(text, encoding="utf-8", newline="\n")
                print(folder / name)
        finally:
            ws.close()


if __name__ == "__main__":
    main()
