"""The action tracker: every source once, one truth for owned items, bad input refused,
the P0 gate rule, and the CLI contract."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from sreplan.actions import edits, store
from sreplan.actions.model import ActionStatus, Priority, SourceKind
from sreplan.actions.sources import all_items
from sreplan.actions.store import ActionChange, ActionError
from sreplan.actions.tracker import ActionFilter, counts, select
from sreplan.checkpoints.gates import Verdict
from sreplan.checkpoints.queries import gate_summary
from sreplan.cli import main
from sreplan.features import open_action_items
from sreplan.kernel.workspace import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from tests.conftest import DEMO_DATE

TODAY = DEMO_DATE


def test_items_from_every_source_appear_once(demo_ws: Workspace) -> None:
    items = all_items(demo_ws, DEMO_PLAN_ID)
    keys = [i.key for i in items]
    assert len(keys) == len(set(keys))
    kinds = {i.kind for i in items}
    assert kinds >= {
        SourceKind.CHECKPOINT, SourceKind.SESSION, SourceKind.SLO, SourceKind.CAPACITY,
        SourceKind.POSTMORTEM, SourceKind.RESILIENCE, SourceKind.ONCALL, SourceKind.MANUAL,
    }  # fmt: skip
    # Every open item the features report is in the tracker, exactly once.
    tracked = [(i.record_id, i.title) for i in items]
    for item in open_action_items(demo_ws, DEMO_PLAN_ID):
        matches = [t for t in tracked if t[0] == item.record_id and t[1] in item.title]
        assert len(matches) == 1, item


def test_a_finding_without_a_session_is_a_review_finding(demo_ws: Workspace) -> None:
    from sreplan.architecture.findings import add_finding, new_finding

    with demo_ws.write():
        add_finding(demo_ws, DEMO_PLAN_ID, new_finding("Loose finding", owner="Ann"))
    found = [i for i in all_items(demo_ws, DEMO_PLAN_ID) if i.title == "Loose finding"]
    assert [i.kind for i in found] == [SourceKind.FINDING]


def _checkpoint_item(ws: Workspace, title: str):  # type: ignore[no-untyped-def]
    return next(i for i in all_items(ws, DEMO_PLAN_ID) if i.title == title)


def test_closing_a_checkpoint_owned_item_closes_it_in_the_checklist(demo_ws: Workspace) -> None:
    item = _checkpoint_item(demo_ws, "Load test confirms capacity at forecast peak")
    assert item.kind is SourceKind.CHECKPOINT
    edit = edits.change_items(DEMO_PLAN_ID, [item], ActionChange(status=ActionStatus.DONE), TODAY)
    edit.apply(demo_ws)
    assert demo_ws.scalar("SELECT status FROM checkpoints WHERE id = ?", [item.record_id]) == "done"
    again = _checkpoint_item(demo_ws, item.title)
    assert again.status is ActionStatus.DONE and again.key == item.key
    edit.revert(demo_ws)
    assert (
        demo_ws.scalar("SELECT status FROM checkpoints WHERE id = ?", [item.record_id])
        == "in_progress"
    )


def test_bulk_edit_reaches_every_owner_in_one_edit(demo_ws: Workspace) -> None:
    items = [
        i for i in all_items(demo_ws, DEMO_PLAN_ID)
        if i.kind in (SourceKind.CHECKPOINT, SourceKind.POSTMORTEM, SourceKind.SESSION,
                      SourceKind.MANUAL)
    ]  # fmt: skip
    due = TODAY + timedelta(days=40)
    edit = edits.change_items(DEMO_PLAN_ID, items, ActionChange(owner="Robin", due=due), TODAY)
    edit.apply(demo_ws)
    after = {i.key: i for i in all_items(demo_ws, DEMO_PLAN_ID)}
    assert all(after[i.key].owner == "Robin" and after[i.key].due == due for i in items)
    edit.revert(demo_ws)
    before = {i.key: i for i in all_items(demo_ws, DEMO_PLAN_ID)}
    assert all(before[i.key].owner == i.owner for i in items)


def test_bad_input_is_refused_with_the_reason_and_nothing_written(demo_ws: Workspace) -> None:
    items = all_items(demo_ws, DEMO_PLAN_ID)
    manual = next(i for i in items if i.kind is SourceKind.MANUAL)
    with pytest.raises(ActionError, match="before the item was created"):
        edits.change_items(DEMO_PLAN_ID, [manual], ActionChange(due=manual.created - timedelta(1)))
    with pytest.raises(ActionError, match="needs a written reason"):
        edits.change_items(DEMO_PLAN_ID, [manual], ActionChange(status=ActionStatus.NOT_DOING))
    derived = next(i for i in items if i.kind is SourceKind.CAPACITY)
    with pytest.raises(ActionError, match="double-click"):
        edits.change_items(DEMO_PLAN_ID, [derived], ActionChange(owner="Robin"))
    with pytest.raises(ActionError, match="before the item was created"), demo_ws.write():
        store.add_action(demo_ws, DEMO_PLAN_ID, "x", created=TODAY, due=TODAY - timedelta(1))
    # A phase of another plan is refused.
    from sreplan.features import create_plan
    from sreplan.plans.model import Plan

    create_plan(demo_ws, Plan(id="other", name="Other plan"))
    other_phase = demo_ws.scalar("SELECT id FROM phases WHERE plan_id = 'other' LIMIT 1")
    with pytest.raises(ActionError, match="another plan"), demo_ws.write():
        store.add_action(demo_ws, DEMO_PLAN_ID, "x", created=TODAY, phase_id=other_phase)
    assert demo_ws.scalar("SELECT count(*) FROM actions WHERE title = 'x'") == 0


def test_not_doing_with_a_reason_is_kept(demo_ws: Workspace) -> None:
    manual = next(i for i in all_items(demo_ws, DEMO_PLAN_ID) if i.kind is SourceKind.MANUAL)
    change = ActionChange(status=ActionStatus.NOT_DOING, reason="Covered by the new runbook")
    edits.change_items(DEMO_PLAN_ID, [manual], change, TODAY).apply(demo_ws)
    row = demo_ws.rows("SELECT * FROM actions WHERE id = ?", [manual.record_id])[0]
    assert (row["status"], row["status_reason"]) == ("not_doing", "Covered by the new runbook")
    assert row["closed_on"] == TODAY.isoformat()


def test_an_open_p0_action_linked_to_a_phase_makes_it_not_ready(ws: Workspace) -> None:
    from sreplan.features import create_plan
    from sreplan.plans.model import Plan

    create_plan(ws, Plan(id="p", name="P"))
    phase = ws.scalar("SELECT id FROM phases WHERE plan_id = 'p' AND name = 'Testing'")
    gate = next(g for g in gate_summary(ws, "p").phases if g.phase_id == phase).gate
    assert gate.verdict is Verdict.READY
    with ws.write():
        aid = store.add_action(
            ws, "p", "Fix the flaky failover", created=TODAY, priority=Priority.P0,
            phase_id=phase,
        )
    gate = next(g for g in gate_summary(ws, "p").phases if g.phase_id == phase).gate
    assert gate.verdict is Verdict.NOT_READY
    assert gate.rule == (
        "Not ready: open P0 action item “Fix the flaky failover” (Added by hand · Testing)"
    )
    assert gate_summary(ws, "p").overall.verdict is Verdict.NOT_READY
    # A P1 does not block; a closed P0 does not either.
    item = next(i for i in all_items(ws, "p") if i.record_id == aid)
    edits.change_items("p", [item], ActionChange(status=ActionStatus.DONE), TODAY).apply(ws)
    gate = next(g for g in gate_summary(ws, "p").phases if g.phase_id == phase).gate
    assert gate.verdict is Verdict.READY


def test_filter_sort_and_counts(demo_ws: Workspace) -> None:
    items = all_items(demo_ws, DEMO_PLAN_ID)
    p0 = select(items, ActionFilter(priority=Priority.P0), sort="due", today=TODAY)
    assert p0 and all(i.priority is Priority.P0 and i.status.is_open for i in p0)
    dated = [i.due for i in p0 if i.due]
    assert dated == sorted(dated)
    overdue = select(items, ActionFilter(overdue_only=True), today=TODAY)
    failover = "Rehearse the checkout failover before the holiday freeze"
    assert failover in {i.title for i in overdue}
    c = counts(demo_ws, DEMO_PLAN_ID, TODAY)
    assert c.open_p0 == len(p0)
    assert c.overdue == len(overdue)
    words = select(items, ActionFilter(open_only=False, text="holiday REHEARSE"), today=TODAY)
    assert [i.title for i in words] == ["Rehearse the checkout failover before the holiday freeze"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md"])
def test_cli_lists_every_format(
    demo_ws: Workspace, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(demo_ws.path)
    demo_ws.close()
    assert main(["actions", path, "--plan", "Checkout service", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "Rehearse the checkout failover" in out
    if fmt == "json":
        rows = json.loads(out)
        assert all(r["status"] in ("Open", "In progress") for r in rows)
    assert main(["actions", path, "--plan", "Checkout service", "--status", "all",
                 "--format", fmt]) == 0  # fmt: skip
    assert "Session cache runs on one node" in capsys.readouterr().out


def test_cli_refuses_an_unknown_plan(
    demo_ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(demo_ws.path)
    demo_ws.close()
    assert main(["actions", path, "--plan", "Nope"]) == 2
    assert capsys.readouterr().err.startswith("sreplan: error:")


def test_a_csv_cell_never_runs_as_a_formula(ws: Workspace) -> None:
    from sreplan.actions.formats import render
    from sreplan.features import create_plan
    from sreplan.plans.model import Plan

    create_plan(ws, Plan(id="p", name="P"))
    with ws.write():
        store.add_action(ws, "p", "=HYPERLINK(1)", created=TODAY, owner="@me")
    out = render(all_items(ws, "p"), "csv", date(2026, 1, 1))
    assert "'=HYPERLINK(1)" in out and "'@me" in out


def test_a_postmortem_p0_linked_through_a_checkpoint_holds_that_phase(
    demo_ws: Workspace,
) -> None:
    def operations_rule() -> str:
        gates = gate_summary(demo_ws, DEMO_PLAN_ID).phases
        return next(g.gate.rule for g in gates if g.phase_name == "Operations")

    assert operations_rule().startswith("Ready with risks")
    runbooks = demo_ws.scalar(
        "SELECT id FROM checkpoints WHERE title = 'Runbooks for every paging alert'"
    )
    with demo_ws.write():
        demo_ws.conn.execute(
            "UPDATE incident_actions SET checkpoint_id = ?, priority = 'P0' WHERE title = "
            "'Alert on the payment provider''s latency before threads run out'",
            [runbooks],
        )
    assert operations_rule() == (
        "Not ready: open P0 action item “Alert on the payment provider's latency before "
        "threads run out” (Postmortem · INC-1)"
    )


def test_counts_without_conditions_reads_only_records(demo_ws: Workspace) -> None:
    fast = counts(demo_ws, DEMO_PLAN_ID, TODAY, conditions=False)
    full = counts(demo_ws, DEMO_PLAN_ID, TODAY)
    records = [i for i in all_items(demo_ws, DEMO_PLAN_ID)
               if i.kind in (SourceKind.CHECKPOINT, SourceKind.FINDING, SourceKind.SESSION,
                             SourceKind.MANUAL)
               or (i.kind is SourceKind.POSTMORTEM and i.editable)]  # fmt: skip
    assert fast.open == sum(1 for i in records if i.is_open) < full.open
    assert fast.overdue == full.overdue  # the demo's overdue items are all records
