"""Every feature's bundle part, and what that makes a bundle's files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sreplan import features
from sreplan.kernel.bundle import BundlePart, SideFiles, TableFile
from sreplan.kernel.feature import load

FORMAT_VERSION = 1
FORMAT = f"sreplan-bundle/{FORMAT_VERSION}"
PLAN_FILE = "plan.yaml"
PLAN_TABLE = "plans"
SCHEMA_FOLDER = "schema"
MILESTONE_FOLDER = "milestones"
README = "README.md"


@dataclass(frozen=True)
class Layout:
    """The files of a bundle of this build, from all parts."""

    files: tuple[TableFile, ...]
    side_files: tuple[SideFiles, ...]
    derived: tuple[str, ...]  # "module:function" writers
    derived_paths: tuple[str, ...]  # files, or folders ending in "/"

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(t for f in self.files for t in f.tables) + tuple(
            t for s in self.side_files for t in s.tables
        )

    def file_of(self, table: str) -> TableFile:
        for file in self.files:
            if table in file.tables:
                return file
        raise KeyError(table)

    def file_of_path(self, path: str) -> TableFile:
        return next(f for f in self.files if f.path == path)

    def is_derived(self, path: str) -> bool:
        return any(
            path.startswith(p) if p.endswith("/") else path == p for p in self.derived_paths
        )


@cache
def keyed_parts() -> tuple[tuple[str, BundlePart], ...]:
    """(feature key, its part) for every feature with a part, in features.py's order."""
    return tuple((f.key, load(f.bundle)) for f in features.FEATURES if f.bundle)


def parts() -> tuple[BundlePart, ...]:
    return tuple(part for _, part in keyed_parts())


@cache
def layout() -> Layout:
    found = parts()
    files = tuple(f for p in found for f in p.files)
    paths = [f.path for f in files]
    tables = [t for f in files for t in f.tables]
    if len(set(paths)) != len(paths) or len(set(tables)) != len(tables):
        raise RuntimeError("two bundle parts claim the same file or table")
    return Layout(
        files=files,
        side_files=tuple(load(s) for p in found for s in p.side_files),
        derived=tuple(p.derived for p in found if p.derived),
        derived_paths=tuple(d for p in found for d in p.derived_paths),
    )


def schema_name(path: str) -> str:
    """``slos/sreplan.yaml`` -> ``slos.sreplan.schema.json``."""
    return path.removesuffix(".yaml").replace("/", ".") + ".schema.json"


def record_key(table: str) -> str:
    """The key a table's records have in their file (the plan's own row is ``plan``)."""
    return "plan" if table == PLAN_TABLE else table
