"""The kernel's Edit journal, below the UI: undo and redo write back exactly the rows.

An Edit's first apply journals every row it inserts, updates or deletes
(cascades included); revert puts the "before" rows back and a later apply
writes the very same "after" rows (same ids, same bytes), so edits made after
it that point at those rows stay valid.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sreplan.capacity import edits as capacity_edits
from sreplan.capacity import store as capacity_store
from sreplan.capacity.series_store import load_series
from sreplan.kernel import edits, records
from sreplan.kernel.edits import Edit
from sreplan.kernel.errors import UserError, WorkspaceError
from sreplan.kernel.migrations import MigrationSet, Schema
from sreplan.kernel.workspace import Workspace, open_workspace
from sreplan.plans import edits as plan_edits
from sreplan.plans.store import list_plans, new_plan, plan_to_row
from sreplan.slo import edits as slo_edits
from sreplan.slo.openslo.read import parse_files
from sreplan.slo.store import list_slos

Dump = dict[str, list[tuple[tuple[str, Any], ...]]]


def dump(ws: Workspace) -> Dump:
    """Every row of every table, with each value's Python type (1 is not 1.0 here)."""
    out: Dump = {}
    for table in records.user_tables(ws):
        rows = ws.conn.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()
        out[table] = [tuple((type(v).__name__, v) for v in row) for row in rows]
    return out


# Round trips on the real schema -------------------------------------------------------


def test_deleting_a_plan_reverts_every_cascaded_row_and_redoes_the_same(
    demo_ws: Workspace,
) -> None:
    plan_id = list_plans(demo_ws)[0].id
    before = dump(demo_ws)
    assert before["capacity_demand"], "the demo holds demand history blobs"
    edit = plan_edits.delete_plan(plan_id)
    edit.apply(demo_ws)
    after = dump(demo_ws)
    assert after["plans"] == [] and after["capacity_demand"] == [] and after["slos"] == []
    tables = {c.table for c in edit.changes or ()}
    assert {"plans", "slos", "capacity_demand", "stakeholders"} <= tables
    for _ in range(2):
        edit.revert(demo_ws)
        assert dump(demo_ws) == before
        edit.apply(demo_ws)
        assert dump(demo_ws) == after


def test_a_series_edit_puts_back_the_exact_blobs(demo_ws: Workspace) -> None:
    plan_id = list_plans(demo_ws)[0].id
    resource = capacity_store.list_resources(demo_ws, plan_id)[0]
    times, values = load_series(demo_ws, resource.id)
    before = dump(demo_ws)
    edit = capacity_edits.set_series(plan_id, resource.id, times[:10], values[:10] * 2, "Edit")
    edit.apply(demo_ws)
    after = dump(demo_ws)
    edit.revert(demo_ws)
    assert dump(demo_ws) == before
    restored = load_series(demo_ws, resource.id)
    assert np.array_equal(restored[0], times) and np.array_equal(restored[1], values)
    edit.apply(demo_ws)
    assert dump(demo_ws) == after  # same chunk ids, same bytes


OPENSLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  service: search
  indicator:
    metadata:
      name: search-good-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            spec:
              query: sum(rate(search_ok[5m]))
        total:
          metricSource:
            spec:
              query: sum(rate(search_all[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.995
"""


def test_redo_of_an_import_keeps_the_ids_a_later_edit_points_at(demo_ws: Workspace) -> None:
    plan_id = list_plans(demo_ws)[0].id
    imported = slo_edits.import_slos(plan_id, parse_files([("search.yaml", OPENSLO)]))
    imported.apply(demo_ws)
    new_id = imported.result.slo_ids[0]
    target = edits.set_fields("slos", new_id, {"target": 99.95}, "Edit Target", plan_id=plan_id)
    target.apply(demo_ws)
    target.revert(demo_ws)
    imported.revert(demo_ws)
    assert new_id not in {s.id for s in list_slos(demo_ws, plan_id)}
    imported.apply(demo_ws)
    target.apply(demo_ws)
    assert {s.id: s.target for s in list_slos(demo_ws, plan_id)}[new_id] == 99.95


def test_a_failed_revert_leaves_the_file_unchanged(demo_ws: Workspace) -> None:
    plan_id = list_plans(demo_ws)[0].id
    slo = list_slos(demo_ws, plan_id)[0]
    edit = edits.set_fields("slos", slo.id, {"target": 99.0}, "Edit Target", plan_id=plan_id)
    rename = edits.set_fields("plans", plan_id, {"name": "Renamed"}, "Rename", plan_id=plan_id)
    edit.apply(demo_ws)
    rename.apply(demo_ws)
    records.update(demo_ws, "slos", slo.id, {"target": 98.0})  # another path, not an Edit
    on_disk = demo_ws.path.read_bytes()
    with pytest.raises(WorkspaceError, match="changed by another path"):
        edit.revert(demo_ws)
    assert demo_ws.path.read_bytes() == on_disk
    assert not demo_ws.conn.in_transaction
    assert demo_ws.scalar("SELECT target FROM slos WHERE id = ?", [slo.id]) == 98.0
    # A redo over a row that changed since is refused the same way.
    rename.revert(demo_ws)
    records.update(demo_ws, "plans", plan_id, {"name": "Changed elsewhere"})
    on_disk = demo_ws.path.read_bytes()
    with pytest.raises(WorkspaceError, match="nothing was redone"):
        rename.apply(demo_ws)
    assert demo_ws.path.read_bytes() == on_disk


def test_a_failing_action_writes_nothing_and_leaves_the_journal_clean(ws: Workspace) -> None:
    plan = new_plan("A")
    edits.insert("plans", [plan_to_row(plan)], "New Plan").apply(ws)
    on_disk = ws.path.read_bytes()

    def half_then_fail(w: Workspace) -> None:
        records.update(w, "plans", plan.id, {"name": "half-written"})
        raise UserError("the file says no")

    with pytest.raises(UserError):
        Edit("Broken", frozenset({"plans"}), half_then_fail).apply(ws)
    assert ws.path.read_bytes() == on_disk
    later = edits.set_fields("plans", plan.id, {"name": "B"}, "Rename")
    later.apply(ws)
    assert [(c.table, c.before and c.before["name"], c.after and c.after["name"])
            for c in later.changes or ()] == [("plans", "A", "B")]


def test_set_fields_that_change_nothing_record_nothing_and_a_gone_record_is_a_user_error(
    demo_ws: Workspace,
) -> None:
    plan_id = list_plans(demo_ws)[0].id
    slo = list_slos(demo_ws, plan_id)[0]
    same = edits.set_fields("slos", slo.id, {"target": slo.target}, "Edit Target")
    same.apply(demo_ws)
    assert same.changes == ()
    with pytest.raises(WorkspaceError, match="That record is gone"):
        edits.set_fields("slos", "no-such-id", {"target": 1.0}, "Edit Target").apply(demo_ws)


def test_merged_keystrokes_undo_to_the_first_value(demo_ws: Workspace) -> None:
    plan_id = list_plans(demo_ws)[0].id
    first = plan_edits.set_fields(plan_id, {"name": "N"}, "Rename Plan", merge=True)
    first.apply(demo_ws)
    original = (first.changes or ())[0].before
    for name in ("No", "Nor", "Nort"):
        later = plan_edits.set_fields(plan_id, {"name": name}, "Rename Plan", merge=True)
        later.apply(demo_ws)
        assert later.merge_key == first.merge_key
        first.absorb(later)
    first.revert(demo_ws)
    assert demo_ws.rows("SELECT * FROM plans WHERE id = ?", [plan_id])[0] == original
    first.apply(demo_ws)
    assert demo_ws.scalar("SELECT name FROM plans WHERE id = ?", [plan_id]) == "Nort"


# Random edits on a small schema -------------------------------------------------------


def _small_schema(db: Any) -> None:
    db.execute(
        "CREATE TABLE parents (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, "
        "data BLOB) STRICT"
    )
    db.execute(
        "CREATE TABLE children (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL "
        "REFERENCES parents(id) ON DELETE CASCADE, n INTEGER NOT NULL, note TEXT) STRICT"
    )


SMALL = Schema.of([MigrationSet("test.small", (("0001_tables", _small_schema),))])
NAMES = [f"p{i}" for i in range(6)]

names = st.sampled_from(NAMES)
ops = st.one_of(
    st.tuples(
        st.just("add_parent"), names, st.none() | st.floats(-1e6, 1e6), st.binary(max_size=24)
    ),
    st.tuples(st.just("add_child"), st.integers(0, 20), st.integers(-5, 5), st.text(max_size=8)),
    st.tuples(st.just("rename"), st.integers(0, 20), names),
    st.tuples(st.just("swap_names"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("set_data"), st.integers(0, 20), st.binary(max_size=24)),
    st.tuples(st.just("set_child"), st.integers(0, 20), st.integers(-5, 5)),
    st.tuples(st.just("delete_parent"), st.integers(0, 20)),
    st.tuples(st.just("delete_child"), st.integers(0, 20)),
)


def _ids(ws: Workspace, table: str) -> list[str]:
    return [r[0] for r in ws.conn.execute(f"SELECT id FROM {table} ORDER BY rowid")]


def _run(ws: Workspace, op: tuple[Any, ...], counter: Iterator[int]) -> None:
    """One write, interpreted against what is in the file now (a no-op when it cannot apply)."""
    kind, *args = op
    parents, children = _ids(ws, "parents"), _ids(ws, "children")
    parent = parents[args[0] % len(parents)] if parents and isinstance(args[0], int) else ""
    child = children[args[0] % len(children)] if children and isinstance(args[0], int) else ""
    taken = {r[0] for r in ws.conn.execute("SELECT name FROM parents")}
    conn = ws.conn
    if kind == "add_parent" and args[0] not in taken:
        conn.execute("INSERT INTO parents VALUES (?, ?, ?, ?)", [f"P{next(counter)}", *args])
    elif kind == "add_child" and parents:
        conn.execute(
            "INSERT INTO children VALUES (?, ?, ?, ?)", [f"C{next(counter)}", parent, *args[1:]]
        )
    elif kind == "rename" and parents and args[1] not in taken:
        conn.execute("UPDATE parents SET name = ? WHERE id = ?", [args[1], parent])
    elif kind == "swap_names" and len(parents) > 1:
        a, b = parents[args[0] % len(parents)], parents[args[1] % len(parents)]
        if a != b:
            name_a = ws.scalar("SELECT name FROM parents WHERE id = ?", [a])
            name_b = ws.scalar("SELECT name FROM parents WHERE id = ?", [b])
            conn.execute("UPDATE parents SET name = '~swap' WHERE id = ?", [a])
            conn.execute("UPDATE parents SET name = ? WHERE id = ?", [name_a, b])
            conn.execute("UPDATE parents SET name = ? WHERE id = ?", [name_b, a])
    elif kind == "set_data" and parents:
        conn.execute("UPDATE parents SET data = ? WHERE id = ?", [args[1], parent])
    elif kind == "set_child" and children:
        conn.execute("UPDATE children SET n = ? WHERE id = ?", [args[1], child])
    elif kind == "delete_parent" and parents:
        conn.execute("DELETE FROM parents WHERE id = ?", [parent])
    elif kind == "delete_child" and children:
        conn.execute("DELETE FROM children WHERE id = ?", [child])


def _batch(batch: list[tuple[Any, ...]], counter: Iterator[int]) -> edits.Action:
    def action(ws: Workspace) -> None:
        for op in batch:
            _run(ws, op, counter)

    return action


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.lists(ops, max_size=8),
    steps=st.lists(st.lists(ops, min_size=1, max_size=6), min_size=1, max_size=5),
)
def test_random_edits_revert_and_redo_to_the_exact_content(
    seed: list[tuple[Any, ...]], steps: list[list[tuple[Any, ...]]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(Path(folder) / "small.sreplan", SMALL, create=True)
        ws.conn.execute("PRAGMA synchronous = OFF")  # a throwaway file: no need to fsync
        try:
            counter = iter(range(10_000))
            with ws.write():
                for op in seed:
                    _run(ws, op, counter)
            states = [dump(ws)]
            applied: list[Edit] = []
            for i, batch in enumerate(steps):
                edit = edits.make(f"Step {i}", {"parents", "children"}, _batch(batch, counter))
                edit.apply(ws)
                applied.append(edit)
                states.append(dump(ws))
            for _ in range(2):  # undo everything, redo everything, twice
                for edit, state in zip(reversed(applied), reversed(states[:-1]), strict=True):
                    edit.revert(ws)
                    assert dump(ws) == state
                for edit, state in zip(applied, states[1:], strict=True):
                    edit.apply(ws)
                    assert dump(ws) == state
            assert ws.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            ws.close()


def test_the_journal_never_reaches_the_file(ws: Workspace) -> None:
    plan = edits.insert("plans", [plan_to_row(new_plan("A"))], "New Plan")
    plan.apply(ws)
    other = sqlite3.connect(ws.path)
    try:
        names = [r[0] for r in other.execute("SELECT name FROM sqlite_schema")]
    finally:
        other.close()
    assert not [n for n in names if n.startswith("_sreplan")]


def test_a_row_written_by_hand_and_by_a_cascade_in_one_edit_is_undone(tmp_path: Path) -> None:
    """An edit that updates a row and then deletes what it references (ON DELETE SET NULL
    updates the row again) used to fail on the journal's shadow table."""
    from datetime import date

    from sreplan.features import open_workspace, seed_demo
    from sreplan.kernel import edits, records

    ws = open_workspace(tmp_path / "cascade.sreplan", create=True)
    try:
        seed_demo(ws, date(2026, 11, 27))
        sql = "SELECT id, title, capacity_event_id FROM upcoming_changes WHERE id = ?"
        [before] = ws.rows(sql.replace("id = ?", "capacity_event_id IS NOT NULL LIMIT 1"))

        def act(ws: Any) -> None:
            records.update(ws, "upcoming_changes", before["id"], {"title": "Renamed"})
            ws.conn.execute("DELETE FROM capacity_events WHERE id = ?",
                            [before["capacity_event_id"]])

        edit = edits.make("Rename and drop", {"upcoming_changes", "capacity_events"}, act)
        edit.apply(ws)
        assert dict(ws.rows(sql, [before["id"]])[0]) == {
            "id": before["id"], "title": "Renamed", "capacity_event_id": None}
        edit.revert(ws)
        assert dict(ws.rows(sql, [before["id"]])[0]) == dict(before)
        edit.apply(ws)
        assert ws.rows(sql, [before["id"]])[0]["title"] == "Renamed"
    finally:
        ws.close()
