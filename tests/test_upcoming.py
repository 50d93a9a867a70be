"""Planned changes: a load factor becomes a capacity event, flags, refusals, review cadence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sreplan.capacity.outlook_store import plan_outlooks
from sreplan.capacity.store import list_events
from sreplan.features import open_workspace, seed_demo_workspace
from sreplan.kernel import Workspace, records
from sreplan.kernel.ids import stable_id
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.portfolio.demo import LEDGER_PLAN_ID, SEARCH_PLAN_ID
from sreplan.upcoming import edits, store
from sreplan.upcoming.model import load_factor_error, parse_load_factor
from sreplan.upcoming.review import quiet_quarters, review_status
from tests.conftest import DEMO_DATE


@pytest.fixture
def full_demo(tmp_path: Path) -> Iterator[Workspace]:
    """The demo workspace people get: the demo plan and two small plans."""
    ws = open_workspace(tmp_path / "demo.sreplan", create=True)
    seed_demo_workspace(ws, DEMO_DATE)
    yield ws
    ws.close()


def _event_names(ws: Workspace) -> set[str]:
    return {e.name for e in list_events(ws, DEMO_PLAN_ID)}


def test_a_change_with_a_load_factor_becomes_a_capacity_event(full_demo: Workspace) -> None:
    cid = "11111111-1111-4111-8111-111111111111"
    edits.add_change(DEMO_PLAN_ID, cid, "Black Friday app push", "traffic").apply(full_demo)
    assert "Black Friday app push" not in _event_names(full_demo)  # no date, no factor yet
    day = DEMO_DATE + timedelta(days=20)
    edits.set_change_fields(cid, {"planned_on": day.isoformat()}, "Date", DEMO_PLAN_ID,
                            False).apply(full_demo)
    factor = edits.set_change_fields(cid, {"load_factor": 2.5}, "Load", DEMO_PLAN_ID, False)
    factor.apply(full_demo)
    event = next(
        e for e in list_events(full_demo, DEMO_PLAN_ID) if e.name == "Black Friday app push"
    )
    assert (event.multiplier, event.starts_on, event.ends_on, event.resource_id) == (
        2.5, day, day, None)
    # It shows in the capacity outlook of every resource, at ×2.5.
    for outlook in plan_outlooks(full_demo, DEMO_PLAN_ID, today=DEMO_DATE):
        peaks = [p for p in outlook.event_peaks if p.event.id == event.id]
        assert len(peaks) == 1 and peaks[0].multiplier == 2.5
    # One undo step takes the factor and the event back together.
    factor.revert(full_demo)
    assert "Black Friday app push" not in _event_names(full_demo)
    factor.apply(full_demo)  # redo: the same event id
    assert store.change_row(full_demo, cid)["capacity_event_id"] == event.id
    clear = edits.set_change_fields(cid, {"load_factor": None}, "Load", DEMO_PLAN_ID, False)
    clear.apply(full_demo)
    assert "Black Friday app push" not in _event_names(full_demo)
    assert store.change_row(full_demo, cid)["capacity_event_id"] is None


def test_removing_a_change_removes_its_event_and_undo_brings_both_back(
    full_demo: Workspace,
) -> None:
    cid = stable_id(f"demo/upcoming/{DEMO_PLAN_ID}/one-tap")
    assert "One-tap checkout in the mobile app" in _event_names(full_demo)
    remove = edits.remove_changes(DEMO_PLAN_ID, [cid])
    remove.apply(full_demo)
    assert "One-tap checkout in the mobile app" not in _event_names(full_demo)
    remove.revert(full_demo)
    assert "One-tap checkout in the mobile app" in _event_names(full_demo)
    assert store.change_row(full_demo, cid) is not None


def test_flags_name_the_high_finding_and_the_phase_and_clear_when_fixed(
    full_demo: Workspace,
) -> None:
    partition = stable_id(f"demo/upcoming/{DEMO_PLAN_ID}/partitions")
    provider = stable_id(f"demo/upcoming/{DEMO_PLAN_ID}/provider")
    found = store.flags(full_demo, DEMO_PLAN_ID)
    assert [f.reason for f in found[partition]] == ["Orders database has 1 open High finding"]
    assert [f.reason for f in found[provider]] == ["phase Testing is Not ready"]
    assert set(found) == {partition, provider}
    # Resolving the finding clears the first flag.
    records.update(full_demo, "findings", stable_id("demo/architecture/finding/1"),
                   {"status": "resolved"})
    assert partition not in store.flags(full_demo, DEMO_PLAN_ID)
    # The ledger's change touches its database, which has an open High finding.
    assert next(iter(store.flags(full_demo, LEDGER_PLAN_ID).values()))[0].reason == (
        "Ledger database has 1 open High finding")


def test_changes_before_the_next_review_lists_dated_changes_with_flags(
    full_demo: Workspace,
) -> None:
    listed = store.changes_before(full_demo, DEMO_PLAN_ID, DEMO_DATE + timedelta(days=40),
                                  since=DEMO_DATE)
    assert [c.title for c, _ in listed] == ["Switch card payments to the new provider"]
    assert [f.reason for f in listed[0][1]] == ["phase Testing is Not ready"]
    later = store.changes_before(full_demo, DEMO_PLAN_ID, DEMO_DATE + timedelta(days=75),
                                 since=DEMO_DATE)
    assert [c.title for c, _ in later][1:] == [
        "Partition the orders tables by month", "One-tap checkout in the mobile app"]


def test_a_load_factor_of_0_or_1000_is_refused_with_a_clear_message() -> None:
    assert "more than 0" in (load_factor_error("0") or "")
    assert "more than 100" in (load_factor_error("1000") or "")
    assert "not a load factor" in (load_factor_error("lots") or "")
    assert load_factor_error("1.5") is None and load_factor_error("") is None
    assert parse_load_factor("150%") == 1.5 and parse_load_factor("×2") == 2.0


def test_next_review_comes_from_the_last_session_and_the_cadence(full_demo: Workspace) -> None:
    today = DEMO_DATE
    ledger = review_status(full_demo, LEDGER_PLAN_ID, today)
    assert ledger.last_held == today - timedelta(days=60)
    assert ledger.due == today - timedelta(days=60 - 28) and ledger.overdue(today)
    assert "review overdue since" in ledger.text(today)
    search = review_status(full_demo, SEARCH_PLAN_ID, today)
    assert search.next_review == today + timedelta(days=18) and not search.overdue(today)
    # The checkout plan has a session scheduled in 2 days, but its 4-week cadence ran out
    # 4 weeks after the plan's start (45 days ago), with no session held since.
    checkout = review_status(full_demo, DEMO_PLAN_ID, today)
    assert checkout.scheduled == today + timedelta(days=2)
    assert checkout.due == today - timedelta(days=45 - 28) and checkout.overdue(today)
    edits.set_review_cadence(DEMO_PLAN_ID, 8).apply(full_demo)
    assert not review_status(full_demo, DEMO_PLAN_ID, today).overdue(today)


def test_quiet_quarters_count_full_quarters_back_to_the_last_significant_incident() -> None:
    today = date(2026, 11, 27)  # Q4 2026 is not complete
    assert quiet_quarters([date(2026, 2, 3)], date(2025, 1, 1), today) == 2  # Q2, Q3 2026
    assert quiet_quarters([], date(2026, 1, 1), today) == 3
    assert quiet_quarters([], date(2026, 1, 2), today) == 2  # Q1 was not tracked whole
    assert quiet_quarters([date(2026, 9, 30)], date(2020, 1, 1), today) == 0


@given(st.floats(min_value=0.001, max_value=100, allow_nan=False))
def test_every_sane_load_factor_reads_back_as_typed(value: float) -> None:
    assert load_factor_error(repr(value)) is None
    assert parse_load_factor(repr(value)) == value


@given(st.text(max_size=30))
def test_any_typed_text_gets_a_verdict_never_an_exception(text: str) -> None:
    message = load_factor_error(text)
    if message is None:
        value = parse_load_factor(text)
        assert value is None or 0 < value <= 100
