"""A workspace whose schema is not exactly what SRE Plan creates is refused by name.

A received file may carry its own SQL: ``trusted_schema=OFF`` stops function calls,
not a trigger that only deletes rows. Every open compares the schema first.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sreplan.cli import main
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel.errors import WorkspaceError


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "w.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws)
    ws.close()
    return path


def _tamper(path: Path, *statements: str) -> bytes:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path.read_bytes()


TAMPERINGS = {
    "trigger": (
        "CREATE TRIGGER t AFTER INSERT ON checkpoints BEGIN DELETE FROM adrs; END",
        "it contains a trigger `t` that SRE Plan did not create",
    ),
    "view": ("CREATE VIEW v AS SELECT 1", "it contains a view `v` that SRE Plan did not create"),
    "table": ("CREATE TABLE extra (x)", "it contains a table `extra` that SRE Plan did not create"),
    "index": (
        "CREATE INDEX extra_index ON plans(name)",
        "it contains an index `extra_index` that SRE Plan did not create",
    ),
    "dropped column": (
        "ALTER TABLE plans DROP COLUMN context",
        "its table `plans` differs from the one SRE Plan creates",
    ),
    "dropped table": (
        "DROP TABLE adr_options",
        "the table `adr_options` that SRE Plan needs is missing",
    ),
}


@pytest.mark.parametrize("kind", sorted(TAMPERINGS))
@pytest.mark.parametrize("read_only", [False, True])
def test_a_changed_schema_is_refused_by_name(demo_file: Path, kind: str, read_only: bool) -> None:
    statement, message = TAMPERINGS[kind]
    before = _tamper(demo_file, statement)
    with pytest.raises(WorkspaceError) as caught:
        open_workspace(demo_file, read_only=read_only)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert demo_file.read_bytes() == before


def test_a_view_in_place_of_a_table_is_refused(demo_file: Path) -> None:
    _tamper(
        demo_file,
        "PRAGMA foreign_keys = OFF",
        "ALTER TABLE plans RENAME TO plans_old",
        "CREATE VIEW plans AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
        "SELECT * FROM r",
    )
    with pytest.raises(WorkspaceError, match=r"SRE Plan did not create|differs|missing"):
        open_workspace(demo_file)


def test_a_trigger_cannot_delete_adrs_through_apply_template(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reported case: the trigger would have emptied adrs on the next checkpoint insert."""
    before = _tamper(demo_file, TAMPERINGS["trigger"][0])
    code = main(["apply-template", str(demo_file), "--plan", "Checkout service", "prr"])
    err = capsys.readouterr().err
    assert code == 2
    assert "trigger `t`" in err and len(err.strip().splitlines()) == 1
    assert demo_file.read_bytes() == before
    assert main(["check", str(demo_file)]) == 2
    assert "trigger `t`" in capsys.readouterr().err


def test_forged_migration_records_are_refused(demo_file: Path) -> None:
    _tamper(demo_file, "INSERT INTO _sqlite_migrations (migration_set, name) VALUES ('x', 'y')")
    with pytest.raises(WorkspaceError, match="does not know"):
        open_workspace(demo_file)


def test_an_untouched_workspace_opens(demo_file: Path) -> None:
    open_workspace(demo_file).close()
    open_workspace(demo_file, read_only=True).close()


@pytest.mark.parametrize(
    "command",
    [
        ["export-checklist", "{w}", "--plan", "Checkout service", "--format", "md", "-o", "{o}"],
        ["export-openslo", "{w}", "--plan", "Checkout service", "-o", "{o}"],
        ["export-pdf", "{w}", "--plan", "Checkout service", "-o", "{o}"],
    ],
)
@pytest.mark.parametrize("link", ["same", "hardlink", "symlink"])
def test_an_export_never_overwrites_the_workspace(
    demo_file: Path, command: list[str], link: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = demo_file
    if link == "hardlink":
        target = demo_file.with_name("other-name.md")
        target.hardlink_to(demo_file)
    elif link == "symlink":
        target = demo_file.with_name("pointer.yaml")
        target.symlink_to(demo_file)
    before = demo_file.read_bytes()
    args = [a.format(w=demo_file, o=target) for a in command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is the workspace itself" in err and len(err.strip().splitlines()) == 1
    assert demo_file.read_bytes() == before
