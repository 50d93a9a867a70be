"""Checkpoint items in the workspace: edits, bulk changes, filters, sorting and actions."""

from __future__ import annotations

from datetime import date

import pytest

from sreplan.checkpoints.model import Category, Checkpoint, CheckpointStatus, Risk, WaiverReason
from sreplan.checkpoints.queries import (
    CheckpointFilter,
    checkpoint_ids,
    gate_summary,
    owners,
    rows_by_id,
)
from sreplan.checkpoints.store import (
    CheckpointError,
    add_checkpoint,
    delete_phase,
    ensure_phases,
    get_checkpoint,
    list_checkpoints,
    list_phases,
    reorder_phases,
    set_owner,
    set_status,
    update_checkpoint,
)
from sreplan.features import open_action_items
from sreplan.kernel import Workspace
from sreplan.kernel.ids import new_id
from sreplan.plans.store import insert_plan, new_plan


@pytest.fixture
def plan_id(ws: Workspace) -> str:
    plan = new_plan("Search")
    insert_plan(ws, plan)
    return plan.id


def add(ws: Workspace, plan_id: str, phase: int, title: str, **fields: object) -> Checkpoint:
    phases = ensure_phases(ws, plan_id)
    return add_checkpoint(
        ws, Checkpoint(new_id(), plan_id, phases[phase].id, title, **fields)  # type: ignore[arg-type]
    )


def test_waived_without_a_reason_is_refused_and_nothing_changes(
    ws: Workspace, plan_id: str
) -> None:
    item = add(ws, plan_id, 0, "Backups")
    with pytest.raises(CheckpointError, match="needs a reason"):
        update_checkpoint(ws, item.id, {"status": "waived"})
    with pytest.raises(CheckpointError, match="needs a reason"):
        set_status(ws, [item.id], CheckpointStatus.WAIVED)
    assert get_checkpoint(ws, item.id).status is CheckpointStatus.NOT_STARTED
    update_checkpoint(
        ws, item.id, {"status": "waived", "waiver_reason": "out_of_scope", "waiver_note": "v2"}
    )
    assert get_checkpoint(ws, item.id).waiver_reason is WaiverReason.OUT_OF_SCOPE
    update_checkpoint(ws, item.id, {"status": "done"})
    done = get_checkpoint(ws, item.id)
    assert done.waiver_reason is None and done.waiver_note == ""


def test_last_changed_is_set_automatically(ws: Workspace, plan_id: str) -> None:
    item = add(ws, plan_id, 0, "Backups")
    ws.conn.execute("UPDATE checkpoints SET updated_at = '2000-01-01' WHERE id = ?", [item.id])
    update_checkpoint(ws, item.id, {"notes": "restore drill booked"})
    assert get_checkpoint(ws, item.id).updated_at > "2026"


def test_bulk_status_and_owner_change_in_one_transaction(ws: Workspace, plan_id: str) -> None:
    ids = [add(ws, plan_id, i % 5, f"Item {i}").id for i in range(20)]
    changes_before = ws.conn.total_changes
    assert set_status(ws, ids[:12], CheckpointStatus.DONE) == 12
    assert set_status(ws, ids[:12], CheckpointStatus.DONE) == 0, "unchanged rows are not touched"
    assert set_owner(ws, ids[5:], "  Lee  ") == 15
    assert ws.conn.total_changes - changes_before == 27
    statuses = [get_checkpoint(ws, i).status for i in ids]
    assert statuses.count(CheckpointStatus.DONE) == 12
    assert owners(ws, plan_id) == ["Lee"]


def test_filters_combine_and_text_search_is_literal(ws: Workspace, plan_id: str) -> None:
    a = add(ws, plan_id, 0, "Canary 100% rollout", risk=Risk.HIGH, category=Category.CHANGE)
    b = add(ws, plan_id, 1, "Chaos day", risk=Risk.HIGH, owner="Ana")
    c = add(ws, plan_id, 1, "Runbook", risk=Risk.LOW, owner="Ana", notes="canary notes")
    phases = list_phases(ws, plan_id)
    ids = lambda f: checkpoint_ids(ws, plan_id, f)  # noqa: E731
    assert ids(CheckpointFilter()) == [a.id, b.id, c.id]
    assert ids(CheckpointFilter(risk=Risk.HIGH)) == [a.id, b.id]
    assert ids(CheckpointFilter(phase_id=phases[1].id, owner="Ana")) == [b.id, c.id]
    assert ids(CheckpointFilter(owner="")) == [a.id]
    assert ids(CheckpointFilter(text="canary")) == [a.id, c.id]
    assert ids(CheckpointFilter(text="100%")) == [a.id]
    assert ids(CheckpointFilter(text="0%")) == [a.id]
    assert ids(CheckpointFilter(text="_")) == []
    assert ids(CheckpointFilter(category=Category.CHANGE, risk=Risk.HIGH)) == [a.id]


def test_sorting_by_risk_and_due_date(ws: Workspace, plan_id: str) -> None:
    low = add(ws, plan_id, 0, "Low", risk=Risk.LOW, due_date=date(2027, 1, 1))
    high = add(ws, plan_id, 0, "High", risk=Risk.HIGH)
    medium = add(ws, plan_id, 0, "Medium", risk=Risk.MEDIUM, due_date=date(2026, 12, 1))
    assert checkpoint_ids(ws, plan_id, sort="risk") == [high.id, medium.id, low.id]
    assert checkpoint_ids(ws, plan_id, sort="risk", descending=True) == [low.id, medium.id, high.id]
    assert checkpoint_ids(ws, plan_id, sort="due_date") == [medium.id, low.id, high.id]
    rows = rows_by_id(ws, [low.id])
    assert rows[low.id]["phase_name"] == "Design"


def test_phases_reorder_and_delete_with_their_items(ws: Workspace, plan_id: str) -> None:
    add(ws, plan_id, 4, "Ops item")
    phases = ensure_phases(ws, plan_id)
    reorder_phases(ws, plan_id, [p.id for p in reversed(phases)])
    assert list_phases(ws, plan_id)[0].name == "Operations"
    with pytest.raises(CheckpointError):
        reorder_phases(ws, plan_id, [phases[0].id])
    delete_phase(ws, phases[4].id)
    assert list_checkpoints(ws, plan_id) == []


def test_gate_summary_and_open_action_items(ws: Workspace, plan_id: str) -> None:
    add(ws, plan_id, 0, "Open high", risk=Risk.HIGH, owner="Ana", due_date=date(2026, 12, 1))
    add(ws, plan_id, 0, "No owner", risk=Risk.LOW, due_date=date(2026, 12, 2))
    done = add(ws, plan_id, 3, "Done", risk=Risk.HIGH, owner="Bo", due_date=date(2026, 11, 1))
    set_status(ws, [done.id], CheckpointStatus.DONE)
    summary = gate_summary(ws, plan_id)
    assert summary.phases[0].gate.rule == "Not ready: 1 High-risk item open"
    assert summary.phases[3].gate.rule == "Ready: all 1 applicable item done"
    actions = open_action_items(ws, plan_id)
    assert [(a.title, a.risk, a.status) for a in actions] == [("Open high", "High", "Not started")]


def test_deleting_the_plan_removes_its_checklist(ws: Workspace, plan_id: str) -> None:
    add(ws, plan_id, 0, "x")
    with ws.write():
        ws.conn.execute("DELETE FROM plans WHERE id = ?", [plan_id])
    assert ws.scalar("SELECT count(*) FROM checkpoints") == 0
    assert ws.scalar("SELECT count(*) FROM phases") == 0


def test_duplicating_a_plan_copies_its_checklist_under_new_ids(demo_ws: Workspace) -> None:
    from sreplan.plans.demo import DEMO_PLAN_ID
    from sreplan.plans.store import duplicate_plan

    copy = duplicate_plan(demo_ws, DEMO_PLAN_ID, "Checkout copy")
    original, copied = list_checkpoints(demo_ws, DEMO_PLAN_ID), list_checkpoints(demo_ws, copy)
    assert [c.title for c in copied] == [c.title for c in original]
    assert {c.id for c in copied}.isdisjoint({c.id for c in original})
    assert {c.phase_id for c in copied} == {p.id for p in list_phases(demo_ws, copy)}
    before, after = gate_summary(demo_ws, DEMO_PLAN_ID), gate_summary(demo_ws, copy)
    assert [p.gate for p in after.phases] == [p.gate for p in before.phases]
    assert after.overall == before.overall


def test_a_gate_tally_kept_from_edits_equals_a_recount(demo_ws: Workspace) -> None:
    """What the editor does on each status change: apply the rows an edit wrote."""
    from sreplan.checkpoints import edits
    from sreplan.checkpoints.queries import GateTally, checkpoint_ids
    from sreplan.plans.demo import DEMO_PLAN_ID

    tally = GateTally.load(demo_ws, DEMO_PLAN_ID)
    ids = checkpoint_ids(demo_ws, DEMO_PLAN_ID)
    steps = [
        edits.set_status(DEMO_PLAN_ID, ids[:3], CheckpointStatus.DONE),
        edits.set_status(DEMO_PLAN_ID, ids[2:6], CheckpointStatus.BLOCKED),
        edits.edit_checkpoint(DEMO_PLAN_ID, ids[7], {"risk": "high"}, "Risk"),
    ]
    for edit in steps:
        edit.apply(demo_ws)
        tally.apply(edit.changes or ())
        assert tally.summary() == GateTally.load(demo_ws, DEMO_PLAN_ID).summary()
    for edit in reversed(steps):  # undo: the same rows, after -> before
        edit.revert(demo_ws)
        tally.apply(
            [type(c)(c.table, c.id, c.after, c.before) for c in edit.changes or ()]
        )
        assert tally.summary() == GateTally.load(demo_ws, DEMO_PLAN_ID).summary()
    assert tally.counts == GateTally.load(demo_ws, DEMO_PLAN_ID).counts
