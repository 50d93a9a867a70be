"""Reading a bundle folder back: every file checked before anything is written.

Nothing is followed outside the folder, every file is read through the bounded
readers, and every problem found is listed with its file, line and field.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sreplan.bundle import jsonschema
from sreplan.bundle.export import owned
from sreplan.bundle.parts import (
    FORMAT,
    FORMAT_VERSION,
    PLAN_FILE,
    PLAN_TABLE,
    SCHEMA_FOLDER,
    layout,
    record_key,
)
from sreplan.bundle.schemas import shipped_schema
from sreplan.bundle.yamlio import Document
from sreplan.kernel.bundle import BundleFileError, Row
from sreplan.kernel.errors import UserError
from sreplan.kernel.inputs import MAX_INPUT_BYTES, InputError, decode, read_bytes

MAX_FILES = 20_000


class BundleError(UserError):
    """A bundle that cannot be imported; ``problems`` lists every one found."""

    def __init__(self, folder: Path, problems: list[str]) -> None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{folder} is not a valid bundle ({count}): " + " | ".join(problems))
        self.problems = problems


@dataclass
class Bundle:
    """A bundle's records as read, with where each came from."""

    folder: Path
    plan_id: str
    records: dict[str, dict[str, list[Row]]]  # file -> table -> rows (plan_id left out)
    side_rows: dict[str, list[Row]]  # table -> complete rows (CSV series)
    documents: dict[str, Document]
    warnings: list[str] = field(default_factory=list)
    # Files written for other tools (OpenSLO, MADR, …) found in the folder.
    derived_files: dict[str, Path] = field(default_factory=dict)

    def where(self, table: str, index: int, column: str | None = None) -> str:
        """``file, line N`` of a record (or one of its fields)."""
        path = layout().file_of(table).path
        location: list[str | int] = [record_key(table)]
        if table != PLAN_TABLE:
            location.append(index)
        if column:
            location.append(column)
        line = self.documents[path].line(location) if path in self.documents else None
        return f"{path}, line {line}" if line else path


def _files(folder: Path, problems: list[str]) -> dict[str, Path]:
    """Every regular file in the folder by bundle path; links that leave it are refused."""
    root = folder.resolve()
    found: dict[str, Path] = {}
    for current, dirs, names in os.walk(folder):
        base = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted([*names, *(d for d in dirs if (base / d).is_symlink())]):
            if name.startswith("."):
                continue
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(
                        f"{rel} is a symbolic link to {os.readlink(path)}, outside the "
                        "bundle; refused, not followed."
                    )
                    continue
                if target.is_dir():
                    continue  # its files are read where they really are
            found[rel] = path
            if len(found) > MAX_FILES:
                raise BundleError(folder, [f"more than {MAX_FILES:,} files; refused."])
    return found


def _plain(value: Any) -> Any:
    """Unquoted YAML dates as the ISO text SRE Plan stores."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _check_schema_files(files: dict[str, Path], problems: list[str]) -> None:
    """A ``schema/`` from a newer SRE Plan means files this build cannot read rightly."""
    for rel, path in files.items():
        if not (rel.startswith(f"{SCHEMA_FOLDER}/") and rel.endswith(".json")):
            continue
        try:
            data = json.loads(read_bytes(path, limit=1_000_000))
            version = int(data.get("x-sreplan-bundle-format", 0))
        except (InputError, ValueError, TypeError, AttributeError):
            continue  # schemas are written for other tools; ours are built in
        if version > FORMAT_VERSION:
            problems.append(
                f"{rel} is from a newer SRE Plan (bundle format {version}; this version reads "
                f"format {FORMAT_VERSION}). Update SRE Plan to import this bundle."
            )


def _read_document(rel: str, path: Path, problems: list[str]) -> Document | None:
    try:
        text = decode(read_bytes(path, limit=MAX_INPUT_BYTES), rel)
        return Document(rel, text)
    except BundleFileError as exc:
        problems.append(str(exc))
    except InputError as exc:
        problems.append(str(exc).replace(path.name, rel, 1) if rel not in str(exc) else str(exc))
    return None


def _validate(doc: Document, problems: list[str]) -> bool:
    value = doc.value
    if not isinstance(value, dict):
        problems.append(f"{doc.path}: must be a YAML mapping with 'format: {FORMAT}'.")
        return False
    fmt = value.get("format")
    if isinstance(fmt, str) and fmt.startswith("sreplan-bundle/") and fmt != FORMAT:
        try:
            newer = int(fmt.rpartition("/")[2]) > FORMAT_VERSION
        except ValueError:
            newer = False
        if newer:
            problems.append(
                f"{doc.path}: written by a newer SRE Plan ({fmt}; this version reads "
                f"{FORMAT}). Update SRE Plan to import this bundle."
            )
            return False
    for table_key, rows in value.items():
        if isinstance(rows, list):
            value[table_key] = [
                {k: _plain(v) for k, v in r.items()} if isinstance(r, dict) else r for r in rows
            ]
        elif isinstance(rows, dict):
            value[table_key] = {k: _plain(v) for k, v in rows.items()}
    before = len(problems)
    for location, message in jsonschema.errors(shipped_schema(doc.path), value):
        line = doc.line(location)
        fields = [str(s) for s in location if isinstance(s, str)]
        field_name = f"{fields[-1]}: " if fields else ""
        where = f"{doc.path}, line {line}" if line else doc.path
        problems.append(f"{where}: {field_name}{message}.")
        if len(problems) - before >= 20:
            problems.append(f"{doc.path}: more problems not listed.")
            break
    return len(problems) == before


def read_bundle(folder: Path | str) -> Bundle:
    """Read and check every file of a bundle; BundleError lists all problems found."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder; give the bundle's folder.")
    problems: list[str] = []
    warnings: list[str] = []
    files = _files(folder, problems)
    _check_schema_files(files, problems)
    if problems:
        raise BundleError(folder, problems)
    if PLAN_FILE not in files and not any(rel.endswith(".yaml") for rel in files):
        raise UserError(f"{folder} is not a plan bundle: it has no {PLAN_FILE}.")
    known = {f.path for f in layout().files}
    for rel in files:
        if rel not in known and not owned(rel):
            warnings.append(f"{rel}: not a file of an SRE Plan bundle; ignored.")
    documents: dict[str, Document] = {}
    for file in layout().files:
        if file.path not in files:
            problems.append(f"{file.path} is missing (every bundle has it, even when empty).")
            continue
        doc = _read_document(file.path, files[file.path], problems)
        if doc is not None and _validate(doc, problems):
            documents[file.path] = doc
    if problems:
        raise BundleError(folder, problems)
    records = {
        path: {t: _rows(doc.value, t) for t in layout().file_of_path(path).tables}
        for path, doc in documents.items()
    }
    plan_id = records[PLAN_FILE][PLAN_TABLE][0]["id"]
    bundle = Bundle(folder, plan_id, records, {}, documents, warnings)
    bundle.derived_files = {rel: path for rel, path in files.items() if layout().is_derived(rel)}
    _read_side_files(bundle, files, problems)
    _check_ids(bundle, problems)
    if problems:
        raise BundleError(folder, problems)
    return bundle


def _rows(value: Any, table: str) -> list[Row]:
    rows = value[record_key(table)]
    return [rows] if table == PLAN_TABLE else list(rows)


def _read_side_files(bundle: Bundle, files: dict[str, Path], problems: list[str]) -> None:
    for side in layout().side_files:
        texts: dict[str, str] = {}
        for rel, path in files.items():
            folder, _, name = rel.rpartition("/")
            if folder == side.folder and name.endswith(side.suffix):
                try:
                    texts[name] = decode(read_bytes(path), rel)
                except InputError as exc:
                    problems.append(str(exc))
        try:
            rows, warnings = side.read(bundle.plan_id, texts, bundle.records)
        except BundleFileError as exc:
            problems.append(str(exc))
            continue
        bundle.side_rows.update(rows)
        bundle.warnings.extend(warnings)


def _check_ids(bundle: Bundle, problems: list[str]) -> None:
    """Every id once in the bundle; every record of the bundle's one plan."""
    seen: dict[str, str] = {}
    for path, tables in bundle.records.items():
        for table, rows in tables.items():
            for index, row in enumerate(rows):
                rid = row["id"]
                if rid in seen:
                    problems.append(
                        f"{bundle.where(table, index, 'id')}: id {rid} is used twice "
                        f"(also in {seen[rid]})."
                    )
                else:
                    seen[rid] = path
    plan = bundle.records[PLAN_FILE][PLAN_TABLE][0]
    if not plan:
        problems.append(f"{PLAN_FILE}: the plan has no fields; it needs at least id and name.")
