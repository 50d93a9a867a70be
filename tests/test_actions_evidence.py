"""A checklist item's evidence: each kind flags a contradiction and clears when fixed."""

from __future__ import annotations

from datetime import date

import pytest

from sreplan.actions.evidence import (
    EvidenceKind,
    checkpoint_note,
    contradictions,
    link_evidence,
)
from sreplan.actions.store import ActionError
from sreplan.kernel.workspace import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID

ITEM = "Deployments are automated and repeatable"  # Done in the demo, with no evidence


def _id(ws: Workspace, table: str, column: str, value: str) -> str:
    return str(ws.scalar(f"SELECT id FROM {table} WHERE {column} = ?", [value]))


def _flagged(ws: Workspace) -> list[str]:
    return [c.checkpoint for c in contradictions(ws, DEMO_PLAN_ID)]


def test_the_demo_keeps_exactly_one_deliberate_contradiction(demo_ws: Workspace) -> None:
    found = contradictions(demo_ws, DEMO_PLAN_ID)
    assert [c.checkpoint for c in found] == ["SLOs for availability and latency agreed"]
    assert "Checkout p99 latency under 800 ms" in found[0].message
    assert "still a draft" in found[0].message


def _fix_slo(ws: Workspace, record: str) -> None:
    ws.conn.execute("UPDATE slos SET status = 'agreed' WHERE id = ?", [record])


def _fix_adr(ws: Workspace, record: str) -> None:
    ws.conn.execute("UPDATE adrs SET status = 'accepted' WHERE id = ?", [record])


def _fix_experiment(ws: Workspace, record: str) -> None:
    ws.conn.execute(
        "INSERT INTO experiment_runs (id, plan_id, experiment_id, ran_on, outcome) "
        "VALUES ('run-fixed', ?, ?, '2026-11-25', 'held')",
        [DEMO_PLAN_ID, record],
    )


def _fix_restore(ws: Workspace, record: str) -> None:
    ws.conn.execute("UPDATE restore_tests SET restore_seconds = 600 WHERE id = ?", [record])


def _fix_benchmark(ws: Workspace, record: str) -> None:
    ws.conn.execute(
        "UPDATE capacity_benchmarks SET target_throughput = 1e6, measured_throughput = 1e6, "
        "measured_latency_ms = 100, measured_error_pct = 0 WHERE id = ?",
        [record],
    )


@pytest.mark.parametrize(
    ("kind", "table", "column", "name", "fix", "said"),
    [
        (EvidenceKind.SLO, "slos", "name", "payment-provider-authorisations", _fix_slo,
         "still a draft"),
        (EvidenceKind.ADR, "adrs", "number", "2", _fix_adr, "proposed"),
        (EvidenceKind.EXPERIMENT, "experiments", "title", "Session cache node loss",
         _fix_experiment, "deviated"),
        (EvidenceKind.RESTORE_TEST, "restore_tests", "restored",
         "Orders database from last night's base backup plus WAL, into a scratch instance",
         _fix_restore, "RTO"),
        (EvidenceKind.BENCHMARK, "capacity_benchmarks", "name", "Sale rehearsal spike test",
         _fix_benchmark, "fail"),
    ],
)  # fmt: skip
def test_each_evidence_kind_flags_a_done_item_and_clears_when_fixed(
    demo_ws: Workspace, kind: EvidenceKind, table: str, column: str, name: str,
    fix: object, said: str,
) -> None:  # fmt: skip
    item = _id(demo_ws, "checkpoints", "title", ITEM)
    record = _id(demo_ws, table, column, name)
    with demo_ws.write():
        link_evidence(demo_ws, item, kind, record)
    assert ITEM in _flagged(demo_ws)
    note = checkpoint_note(demo_ws, item) or ""
    assert note.startswith("Contradicts its evidence") and said in note
    with demo_ws.write():
        fix(demo_ws, record)  # type: ignore[operator]
    assert ITEM not in _flagged(demo_ws)
    assert (checkpoint_note(demo_ws, item) or "").startswith("Evidence: ")


def test_a_load_test_aimed_below_the_forecast_peak_does_not_hold(demo_ws: Workspace) -> None:
    item = _id(demo_ws, "checkpoints", "title", ITEM)
    record = _id(demo_ws, "capacity_benchmarks", "name", "Checkout load test, 8 instances")
    with demo_ws.write():
        link_evidence(demo_ws, item, EvidenceKind.BENCHMARK, record)
    [found] = [c for c in contradictions(demo_ws, DEMO_PLAN_ID) if c.checkpoint == ITEM]
    assert "below the forecast peak" in found.message


def test_not_started_while_every_piece_of_evidence_holds(demo_ws: Workspace) -> None:
    item = _id(demo_ws, "checkpoints", "title", "Capacity provisioning is automated or scheduled")
    with demo_ws.write():
        link_evidence(demo_ws, item, EvidenceKind.ADR, _id(demo_ws, "adrs", "number", "1"))
    [found] = [c for c in contradictions(demo_ws, DEMO_PLAN_ID) if c.checkpoint_id == item]
    assert found.status == "Not started" and "already holds" in found.message
    with demo_ws.write():
        demo_ws.conn.execute("UPDATE checkpoints SET status = 'done' WHERE id = ?", [item])
    assert item not in {c.checkpoint_id for c in contradictions(demo_ws, DEMO_PLAN_ID)}


def test_evidence_of_another_plan_is_refused(demo_ws: Workspace) -> None:
    from sreplan.features import create_plan
    from sreplan.plans.model import Plan

    create_plan(demo_ws, Plan(id="other", name="Other"))
    with demo_ws.write():
        demo_ws.conn.execute(
            "INSERT INTO adrs (id, plan_id, number, title) VALUES ('x', 'other', 1, 'Theirs')"
        )
    item = _id(demo_ws, "checkpoints", "title", ITEM)
    with pytest.raises(ActionError, match="another plan"), demo_ws.write():
        link_evidence(demo_ws, item, EvidenceKind.ADR, "x")
    assert demo_ws.scalar("SELECT count(*) FROM checkpoint_evidence_links WHERE adr_id = 'x'") == 0


def test_the_checklist_shows_the_note_through_the_hook(demo_ws: Workspace) -> None:
    item = _id(demo_ws, "checkpoints", "title", "SLOs for availability and latency agreed")
    notes = demo_ws.schema.hooks.notes(demo_ws, item)
    assert len(notes) == 1 and notes[0].startswith("Contradicts its evidence")
    assert date.today()  # the note is judged as of today; the demo's dates are relative
