"""The workspace file: format, validation on open, one writer, copies."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from sreplan.features import SCHEMA, create_workspace, open_workspace
from sreplan.kernel import WorkspaceError
from sreplan.kernel.errors import ReadOnlyError
from sreplan.kernel.workspace import APPLICATION_ID
from sreplan.plans.store import get_plan, insert_plan, list_plans, new_plan, update_plan
from tests import badfiles


def test_new_workspace_is_marked_and_configured(tmp_path: Path) -> None:
    path = tmp_path / "w.sreplan"
    create_workspace(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA.version
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    conn.close()
    for name, sql in tables:
        if not name.startswith("_"):
            assert sql.rstrip().endswith("STRICT"), name
    assert [p.name for p in tmp_path.iterdir()] == ["w.sreplan"]


def test_connection_pragmas(ws) -> None:  # type: ignore[no-untyped-def]
    pragmas = {
        p: ws.scalar(f"PRAGMA {p}") for p in ("foreign_keys", "trusted_schema", "synchronous")
    }
    assert pragmas == {"foreign_keys": 1, "trusted_schema": 0, "synchronous": 2}


def test_edits_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "w.sreplan"
    ws = open_workspace(path, create=True)
    plan = new_plan("Search")
    insert_plan(ws, plan)
    update_plan(ws, plan.id, {"product_team": "Discovery"})
    ws.close()
    again = open_workspace(path)
    assert get_plan(again, plan.id).product_team == "Discovery"
    again.close()


@pytest.mark.parametrize("case", sorted(badfiles.REFUSED))
def test_bad_files_are_refused_and_untouched(tmp_path: Path, case: str) -> None:
    path = badfiles.REFUSED[case](tmp_path / "x.sreplan")
    before = path.read_bytes()
    with pytest.raises(WorkspaceError, match=badfiles.EXPECTED_WORDS[case]):
        open_workspace(path)
    with pytest.raises(WorkspaceError):
        open_workspace(path, read_only=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.sreplan"]


def test_directory_and_missing_path_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="is a folder"):
        open_workspace(tmp_path)
    with pytest.raises(WorkspaceError, match="does not exist"):
        open_workspace(tmp_path / "missing.sreplan")


def test_read_only_file_opens_read_only_with_notice(tmp_path: Path) -> None:
    path = badfiles.demo_workspace(tmp_path / "ro.sreplan")
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)
    before = path.read_bytes()
    ws = open_workspace(path)
    try:
        assert ws.read_only
        assert ws.notice is not None and "read-only" in ws.notice
        assert len(list_plans(ws)) == 1
        with pytest.raises(ReadOnlyError):
            update_plan(ws, list_plans(ws)[0].id, {"name": "changed"})
    finally:
        ws.close()
    assert path.read_bytes() == before


def test_second_writer_gets_read_only(tmp_path: Path) -> None:
    path = badfiles.demo_workspace(tmp_path / "w.sreplan")
    first = open_workspace(path)
    second = open_workspace(path)
    try:
        assert not first.read_only
        assert second.read_only
        assert second.notice is not None and "already open" in second.notice
    finally:
        second.close()
        first.close()
    third = open_workspace(path)  # the lock went with the first writer
    assert not third.read_only
    third.close()


def test_a_version_0_file_with_a_foreign_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.sreplan"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE placeholder (x INTEGER)")
    conn.close()
    with pytest.raises(WorkspaceError, match="table `placeholder` that SRE Plan did not create"):
        open_workspace(path)


def test_older_schema_is_migrated_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.sreplan"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE placeholder (x INTEGER)")  # makes SQLite write the file
    conn.execute("DROP TABLE placeholder")  # a version-0 file: no tables yet
    conn.close()
    ws = open_workspace(path)
    assert ws.scalar("PRAGMA user_version") == SCHEMA.version
    assert ws.scalar("SELECT count(*) FROM plans") == 0
    ws.close()


def test_save_copy_while_open(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "copy.sreplan"
    demo_ws.save_copy(target)
    copy = open_workspace(target)
    assert [p.name for p in list_plans(copy)] == ["Checkout service"]
    copy.close()
    with pytest.raises(WorkspaceError, match="already open"):
        demo_ws.save_copy(demo_ws.path)


def test_save_copy_to_unwritable_place(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkspaceError, match="Could not write"):
        demo_ws.save_copy(tmp_path / "no-such-folder" / "copy.sreplan")
