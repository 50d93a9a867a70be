"""Git is the merge engine: two exports edited apart merge cleanly and import as one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sreplan.bundle.export import export_bundle
from sreplan.bundle.importing import write_plan
from sreplan.bundle.read import read_bundle
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel import Workspace
from tests.conftest import DEMO_DATE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Lead", "GIT_AUTHOR_EMAIL": "lead@example.com",
    "GIT_COMMITTER_NAME": "Lead", "GIT_COMMITTER_EMAIL": "lead@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=check,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    """A git repository whose main branch holds the demo plan's bundle in plan/."""
    source = tmp_path / "demo.sreplan"
    ws = open_workspace(source, create=True)
    plan_id = seed_demo(ws, DEMO_DATE)
    ws.close()
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    ws = open_workspace(source)
    export_bundle(ws, plan_id, repo / "plan")
    ws.close()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    yield repo, plan_id, source


def _lead_edits(repo: Path, source: Path, plan_id: str, branch: str, tmp: Path,
                sql: list[tuple[str, list[object]]]) -> None:
    """A lead's own workspace (a copy), their edits, their export committed on a branch."""
    git(repo, "checkout", "-q", "-b", branch, "main")
    copy = tmp / f"{branch}.sreplan"
    shutil.copy(source, copy)
    ws = open_workspace(copy)
    try:
        with ws.write() as conn:
            for statement, params in sql:
                assert conn.execute(statement, params).rowcount == 1
        export_bundle(ws, plan_id, repo / "plan")
    finally:
        ws.close()
    git(repo, "commit", "-qam", f"{branch} edits")


def _ids(source: Path, sql: str) -> list[str]:
    ws = open_workspace(source, read_only=True)
    try:
        return [r[0] for r in ws.conn.execute(sql)]
    finally:
        ws.close()


def _imported(tmp: Path, folder: Path) -> Workspace:
    ws = open_workspace(tmp / "merged.sreplan", create=True)
    write_plan(ws, read_bundle(folder))
    return ws


def test_edits_to_different_records_merge_without_conflict(
    repo: tuple[Path, str, Path], tmp_path: Path
) -> None:
    root, plan_id, source = repo
    slo, other_slo = _ids(source, "SELECT id FROM slos ORDER BY id")[:2]
    first, second = _ids(source, "SELECT id FROM checkpoints ORDER BY id")[:2]
    _lead_edits(root, source, plan_id, "alice", tmp_path, [
        ("UPDATE slos SET target = 99.95 WHERE id = ?", [slo]),
        ("UPDATE checkpoints SET status = 'blocked' WHERE id = ?", [first]),
    ])
    _lead_edits(root, source, plan_id, "bob", tmp_path, [
        ("UPDATE slos SET description = 'Bob was here' WHERE id = ?", [other_slo]),
        ("UPDATE checkpoints SET notes = 'Checked by Bob' WHERE id = ?", [second]),
        ("INSERT INTO stakeholders (id, plan_id, position, name, role, team, contact) "
         "VALUES ('4d3c2b1a-0000-4000-8000-000000000001', ?, 9, 'Bob', 'sre_lead', '', '')",
         [plan_id]),
    ])
    git(root, "checkout", "-q", "alice")
    merge = git(root, "merge", "--no-edit", "bob", check=False)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    ws = _imported(tmp_path, root / "plan")
    try:
        assert ws.scalar("SELECT target FROM slos WHERE id = ?", [slo]) == 99.95
        assert ws.scalar("SELECT description FROM slos WHERE id = ?", [other_slo]) == "Bob was here"
        assert ws.scalar("SELECT status FROM checkpoints WHERE id = ?", [first]) == "blocked"
        assert ws.scalar("SELECT notes FROM checkpoints WHERE id = ?", [second]) == "Checked by Bob"
        assert ws.scalar("SELECT count(*) FROM stakeholders WHERE name = 'Bob'") == 1
    finally:
        ws.close()


def test_edits_to_the_same_record_conflict_in_its_lines_only(
    repo: tuple[Path, str, Path], tmp_path: Path
) -> None:
    root, plan_id, source = repo
    checkpoint = _ids(source, "SELECT id FROM checkpoints ORDER BY id")[3]
    _lead_edits(root, source, plan_id, "alice", tmp_path, [
        ("UPDATE checkpoints SET owner = 'Alice' WHERE id = ?", [checkpoint]),
    ])
    _lead_edits(root, source, plan_id, "bob", tmp_path, [
        ("UPDATE checkpoints SET owner = 'Bob' WHERE id = ?", [checkpoint]),
    ])
    git(root, "checkout", "-q", "alice")
    assert git(root, "merge", "--no-edit", "bob", check=False).returncode != 0
    conflicted = git(root, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert conflicted == ["plan/checkpoints.yaml"]
    text = (root / "plan/checkpoints.yaml").read_text(encoding="utf-8")
    blocks = re.findall(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n", text, re.DOTALL)
    assert blocks == [("  owner: Alice\n", "  owner: Bob\n")]
    # the conflict sits inside the record of that checkpoint
    record = text[text.index(f"- id: {checkpoint}"):]
    assert record.index("<<<<<<<") < record.index("\n- id: ")
