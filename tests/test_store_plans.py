"""Plans and their records: duplicate, delete and restore, import between files."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sreplan.features import open_workspace, seed_demo
from sreplan.kernel import WorkspaceError, records, transfer
from sreplan.kernel.ids import UUID_PATTERN
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import (
    duplicate_plan,
    get_plan,
    insert_plan,
    list_plans,
    new_plan,
    resolve_plan,
)


def _plan_rows(ws, plan_id: str) -> int:  # type: ignore[no-untyped-def]
    return len(records.capture(ws, "plans", [plan_id]))


def test_ids_are_uuids(demo_ws) -> None:  # type: ignore[no-untyped-def]
    for table in records.user_tables(demo_ws):
        for (record_id,) in demo_ws.conn.execute(f"SELECT id FROM {table}"):
            assert UUID_PATTERN.fullmatch(record_id), (table, record_id)


def test_duplicate_copies_every_record_under_new_ids(demo_ws) -> None:  # type: ignore[no-untyped-def]
    copy_id = duplicate_plan(demo_ws, DEMO_PLAN_ID, "Checkout copy")
    original, copy = get_plan(demo_ws, DEMO_PLAN_ID), get_plan(demo_ws, copy_id)
    assert copy.name == "Checkout copy"
    assert [p.name for p in copy.stakeholders] == [p.name for p in original.stakeholders]
    assert not {p.id for p in copy.stakeholders} & {p.id for p in original.stakeholders}
    assert _plan_rows(demo_ws, copy_id) == _plan_rows(demo_ws, DEMO_PLAN_ID)


def test_delete_and_restore_brings_everything_back(demo_ws) -> None:  # type: ignore[no-untyped-def]
    before = records.capture(demo_ws, "plans", [DEMO_PLAN_ID])
    records.delete(demo_ws, "plans", [DEMO_PLAN_ID])
    assert list_plans(demo_ws) == []
    assert demo_ws.scalar("SELECT count(*) FROM stakeholders") == 0
    records.restore(demo_ws, before)
    assert records.capture(demo_ws, "plans", [DEMO_PLAN_ID]) == before


def test_resolve_plan_by_id_or_exact_name(demo_ws) -> None:  # type: ignore[no-untyped-def]
    assert resolve_plan(demo_ws, DEMO_PLAN_ID) == DEMO_PLAN_ID
    assert resolve_plan(demo_ws, "Checkout service") == DEMO_PLAN_ID
    with pytest.raises(WorkspaceError, match="no plan"):
        resolve_plan(demo_ws, "checkout service")
    duplicate_plan(demo_ws, DEMO_PLAN_ID, "Checkout service")
    with pytest.raises(WorkspaceError, match="2 plans are named"):
        resolve_plan(demo_ws, "Checkout service")


def _colleague_file(tmp_path: Path) -> Path:
    path = tmp_path / "colleague.sreplan"
    other = open_workspace(path, create=True)
    seed_demo(other)
    insert_plan(other, new_plan("Search", product_team="Discovery"))
    other.close()
    return path


def test_import_new_and_clashing_plans(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    incoming, snapshots = transfer.read_incoming(demo_ws, _colleague_file(tmp_path))
    assert {p.name: p.clashes for p in incoming} == {"Checkout service": True, "Search": False}
    result = transfer.import_plans(demo_ws, snapshots, {DEMO_PLAN_ID: transfer.Conflict.KEEP_BOTH})
    assert (result.added, result.replaced) == (2, 0)
    names = sorted(p.name for p in list_plans(demo_ws))
    assert names == ["Checkout service", "Checkout service", "Search"]
    # Importing the same file again adds copies, never duplicate ids.
    transfer.import_plans(demo_ws, snapshots, {})
    assert len(list_plans(demo_ws)) == 5


def test_import_replace_keeps_one(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo_ws.conn.execute("UPDATE plans SET name = 'Mine' WHERE id = ?", [DEMO_PLAN_ID])
    _, snapshots = transfer.read_incoming(demo_ws, _colleague_file(tmp_path))
    prepared = transfer.prepare_import(
        demo_ws, snapshots, {DEMO_PLAN_ID: transfer.Conflict.REPLACE}
    )
    transfer.apply_import(demo_ws, prepared)
    assert sorted(p.name for p in list_plans(demo_ws)) == ["Checkout service", "Search"]
    transfer.undo_import(demo_ws, prepared)
    assert [p.name for p in list_plans(demo_ws)] == ["Mine"]


def test_import_is_all_or_nothing(demo_ws, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, snapshots = transfer.read_incoming(demo_ws, _colleague_file(tmp_path))
    real_restore = records.restore
    calls = []

    def failing_restore(ws, snapshot):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        real_restore(ws, snapshot)

    monkeypatch.setattr(records, "restore", failing_restore)
    with pytest.raises(OSError):
        transfer.import_plans(demo_ws, snapshots, {})
    assert [p.name for p in list_plans(demo_ws)] == ["Checkout service"]


def test_import_refuses_bad_file(demo_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sreplan"
    bad.write_bytes(b"not a database at all" * 10)
    with pytest.raises(WorkspaceError, match="not an SRE Plan workspace"):
        transfer.read_incoming(demo_ws, bad)


_WRITER = """
import sys
from sreplan.features import open_workspace
from sreplan.plans.store import update_plan
ws = open_workspace(sys.argv[1])
n = 0
while True:
    n += 1
    update_plan(ws, sys.argv[2], {"name": f"edit {n}"})
    print(n, flush=True)
"""


def test_kill_9_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "w.sreplan"
    ws = open_workspace(path, create=True)
    plan = new_plan("start")
    insert_plan(ws, plan)
    ws.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), plan.id], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    acknowledged = 0
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    again = open_workspace(path)
    stored = int(get_plan(again, plan.id).name.split()[1])
    again.close()
    assert stored >= acknowledged
