"""Capacity tables follow the workspace conventions: duplicate, delete-with-undo, cascade."""

from __future__ import annotations

import numpy as np

from sreplan.capacity.demo import CHECKOUT_ID
from sreplan.capacity.series_store import load_series, replace_series, series_summaries
from sreplan.capacity.store import list_benchmarks, list_events, list_growth, list_resources
from sreplan.kernel import Workspace, records
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import duplicate_plan


def test_a_duplicated_plan_carries_its_capacity_under_new_ids(demo_ws: Workspace) -> None:
    copy = duplicate_plan(demo_ws, DEMO_PLAN_ID, "Checkout copy")
    original, copied = list_resources(demo_ws, DEMO_PLAN_ID), list_resources(demo_ws, copy)
    assert [r.name for r in copied] == [r.name for r in original]
    assert not {r.id for r in copied} & {r.id for r in original}
    by_name = {r.name: r.id for r in copied}
    times, values = load_series(demo_ws, by_name["Checkout API peak RPS"])
    original_times, original_values = load_series(demo_ws, CHECKOUT_ID)
    np.testing.assert_array_equal(times, original_times)
    np.testing.assert_array_equal(values, original_values)
    (sale,) = [e for e in list_events(demo_ws, copy) if e.name == "Seasonal sale"]
    assert sale.resource_id == by_name["Checkout API peak RPS"]
    assert {b.resource_id for b in list_benchmarks(demo_ws, copy)} == {sale.resource_id}
    assert set(list_growth(demo_ws, copy)) == {by_name["Payment worker CPU cores"]}


def test_deleting_a_resource_takes_its_history_and_undo_restores_it(
        demo_ws: Workspace) -> None:
    snapshot = records.capture(demo_ws, "capacity_resources", [CHECKOUT_ID])
    records.delete(demo_ws, "capacity_resources", [CHECKOUT_ID])
    assert CHECKOUT_ID not in series_summaries(demo_ws, DEMO_PLAN_ID)
    # The checkout's sale went with it (the planned launch's event is for every resource).
    assert [e.name for e in list_events(demo_ws, DEMO_PLAN_ID)] == [
        "One-tap checkout in the mobile app"]
    assert all(b.resource_id is None for b in list_benchmarks(demo_ws, DEMO_PLAN_ID))
    records.restore(demo_ws, snapshot)
    assert series_summaries(demo_ws, DEMO_PLAN_ID)[CHECKOUT_ID].points == 365
    assert len(list_events(demo_ws, DEMO_PLAN_ID)) == 2


def test_a_large_history_is_a_few_packed_rows(demo_ws: Workspace) -> None:
    t = np.arange(100_000, dtype=np.float64) * 60 + 1.7e9
    replace_series(demo_ws, DEMO_PLAN_ID, CHECKOUT_ID, t[::-1], np.ones(100_000))
    rows = demo_ws.scalar("SELECT COUNT(*) FROM capacity_demand WHERE resource_id = ?",
                          [CHECKOUT_ID])
    assert rows == 13  # 8,192 points a row
    times, _ = load_series(demo_ws, CHECKOUT_ID)
    assert len(times) == 100_000 and np.all(np.diff(times) > 0)  # stored sorted
