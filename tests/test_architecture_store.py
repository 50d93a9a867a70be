"""Inventory, findings, sessions and lint triage through the workspace file."""

from __future__ import annotations

from datetime import date

import pytest

from sreplan.architecture.catalog_store import all_entries, builtin_entries, entry_names
from sreplan.architecture.findings import (
    add_finding,
    finding_links,
    list_findings,
    new_finding,
    update_finding,
)
from sreplan.architecture.lint import LintRule, Risk
from sreplan.architecture.lint_triage import accept_suggestion, dismiss_suggestion, run_lint
from sreplan.architecture.model import Backups, ComponentKind, Replication, Tristate
from sreplan.architecture.reviews import FindingStatus, ReviewSession
from sreplan.architecture.session_store import add_session, next_session, participants, scope
from sreplan.architecture.store import (
    add_component,
    add_dependency,
    load_inventory,
    new_component,
    new_dependency,
    slo_targets,
    update_component,
    update_dependency,
)
from sreplan.features import open_action_items
from sreplan.kernel import Workspace, WorkspaceError, records
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import duplicate_plan, insert_plan, new_plan


@pytest.fixture
def plan(ws: Workspace) -> str:
    p = new_plan("Search")
    insert_plan(ws, p)
    return p.id


def test_components_and_dependencies_round_trip(ws: Workspace, plan: str) -> None:
    api = add_component(ws, plan, new_component("API", instances=3, zones=("a", "b")))
    db = add_component(
        ws,
        plan,
        new_component(
            "DB",
            kind=ComponentKind.DATABASE,
            stateful=True,
            replication=Replication.ASYNC,
            backups=Backups.TESTED,
            backups_tested_on=date(2026, 1, 2),
        ),
    )
    add_dependency(ws, plan, new_dependency(api, db, timeout=Tristate.YES))
    inv = load_inventory(ws, plan)
    assert [c.name for c in inv.components] == ["API", "DB"]
    assert inv.components[0].zones == ("a", "b")
    assert inv.components[1].backups_tested_on == date(2026, 1, 2)
    assert inv.dependencies[0].timeout is Tristate.YES


def test_self_and_duplicate_dependencies_and_names_are_refused(ws: Workspace, plan: str) -> None:
    api = add_component(ws, plan, new_component("API"))
    db = add_component(ws, plan, new_component("DB"))
    with pytest.raises(WorkspaceError, match="itself"):
        add_dependency(ws, plan, new_dependency(api, api))
    dep = add_dependency(ws, plan, new_dependency(api, db))
    with pytest.raises(WorkspaceError, match="already recorded"):
        add_dependency(ws, plan, new_dependency(api, db))
    with pytest.raises(WorkspaceError, match="itself"):
        update_dependency(ws, dep, {"target_id": api})
    with pytest.raises(WorkspaceError, match="already a component named 'db'"):
        add_component(ws, plan, new_component("db"))
    with pytest.raises(WorkspaceError, match="already"):
        update_component(ws, api, {"name": "DB "})
    # A cycle is allowed (the lint flags it).
    add_dependency(ws, plan, new_dependency(db, api))
    assert LintRule.DEPENDENCY_CYCLE in [s.rule for s in run_lint(ws, plan).untriaged]


def test_deleting_a_component_cascades_and_undo_restores(demo_ws: Workspace) -> None:
    inv = load_inventory(demo_ws, DEMO_PLAN_ID)
    db = next(c for c in inv.components if c.name == "Orders database")
    snapshot = records.capture(demo_ws, "components", [db.id])
    records.delete(demo_ws, "components", [db.id])
    after = load_inventory(demo_ws, DEMO_PLAN_ID)
    assert db.id not in {d.target_id for d in after.dependencies}
    records.restore(demo_ws, snapshot)
    assert load_inventory(demo_ws, DEMO_PLAN_ID) == inv


def test_dismissal_holds_until_the_evidence_changes(ws: Workspace, plan: str) -> None:
    api = add_component(ws, plan, new_component("API", instances=2, zones=("a", "b")))
    inv_id = add_component(ws, plan, new_component("Inventory", instances=2, zones=("a", "b")))
    dep = add_dependency(ws, plan, new_dependency(api, inv_id, timeout=Tristate.NO))
    (suggestion,) = run_lint(ws, plan).untriaged
    with pytest.raises(WorkspaceError, match="reason"):
        dismiss_suggestion(ws, plan, suggestion, "  ")
    dismiss_suggestion(ws, plan, suggestion, "Client library enforces 2 s")
    state = run_lint(ws, plan)
    assert state.untriaged == () and state.dismissed[0][1] == "Client library enforces 2 s"
    update_dependency(ws, dep, {"timeout": "unknown"})  # evidence changed: it comes back
    (back,) = run_lint(ws, plan).untriaged
    assert back.key == suggestion.key and back.risk is Risk.MEDIUM


def test_accepting_a_suggestion_makes_a_linked_finding(ws: Workspace, plan: str) -> None:
    db = add_component(
        ws,
        plan,
        new_component("DB", stateful=True, replication=Replication.SYNC, backups=Backups.UNTESTED),
    )
    (suggestion,) = run_lint(ws, plan).untriaged
    finding_id = accept_suggestion(ws, plan, suggestion, owner="Dana", due=date(2026, 12, 1))
    state = run_lint(ws, plan)
    assert state.untriaged == () and state.accepted == (suggestion,)
    (finding,) = list_findings(ws, plan)
    assert finding.id == finding_id and finding.risk is Risk.HIGH
    assert finding.description == suggestion.evidence
    assert finding_links(ws, finding_id) == ([db], ["untested-backups", "tested-restores"])
    (item,) = [i for i in open_action_items(ws, plan) if i.source == "Architecture review"]
    assert (item.title, item.owner, item.due) == (finding.title, "Dana", date(2026, 12, 1))


def test_accepted_risk_needs_a_reason(ws: Workspace, plan: str) -> None:
    with pytest.raises(WorkspaceError, match="reason"):
        add_finding(ws, plan, new_finding("X", status=FindingStatus.ACCEPTED_RISK))
    fid = add_finding(ws, plan, new_finding("X"))
    with pytest.raises(WorkspaceError, match="reason"):
        update_finding(ws, fid, {"status": "accepted_risk"})
    update_finding(ws, fid, {"status": "accepted_risk", "status_reason": "Cheap to rebuild"})
    assert list_findings(ws, plan)[0].status is FindingStatus.ACCEPTED_RISK
    assert list_findings(ws, plan, open_only=True) == []


def test_sessions_keep_participants_and_scope(demo_ws: Workspace) -> None:
    session = next_session(demo_ws, DEMO_PLAN_ID, date(2026, 11, 27))
    assert session is not None and session.title.startswith("Checkout architecture review")
    people = [name for _, name in participants(demo_ws, session.id)]
    assert people[0] == "Priya Natarajan" and people[-1].startswith("Lena Brandt")
    assert len(scope(demo_ws, session.id)) == 4
    sid = add_session(
        demo_ws, DEMO_PLAN_ID, ReviewSession(id="s-later", title="Launch", held_on=date(2027, 1, 5))
    )
    assert next_session(demo_ws, DEMO_PLAN_ID, date(2026, 12, 30)).id == sid  # type: ignore[union-attr]


def test_demo_lint_finds_real_smells(demo_ws: Workspace) -> None:
    state = run_lint(demo_ws, DEMO_PLAN_ID)
    titles = [s.title for s in state.all]
    assert "Orders database has untested backups" in titles
    assert "No timeout on Checkout API → Inventory service" in titles
    assert [s.title for s in state.accepted] == ["Orders database has untested backups"]
    assert len(state.dismissed) == 1 and len(state.untriaged) >= 4
    findings = list_findings(demo_ws, DEMO_PLAN_ID)
    assert len(findings) == 5 and findings[0].risk is Risk.HIGH
    assert "Architecture review" in {i.source for i in open_action_items(demo_ws, DEMO_PLAN_ID)}


def test_duplicating_a_plan_copies_the_architecture(demo_ws: Workspace) -> None:
    copy = duplicate_plan(demo_ws, DEMO_PLAN_ID, "Copy")
    assert len(load_inventory(demo_ws, copy).components) == 9
    assert len(list_findings(demo_ws, copy)) == 5
    assert run_lint(demo_ws, copy).accepted  # the finding still points at its suggestion


def test_catalog_has_enough_entries_and_user_entries(ws: Workspace, plan: str) -> None:
    from sreplan.architecture.catalog import CatalogEntry, EntryKind
    from sreplan.architecture.catalog_store import add_entry

    kinds = [e.kind for e in builtin_entries()]
    assert kinds.count(EntryKind.PATTERN) >= 15 and kinds.count(EntryKind.ANTIPATTERN) >= 12
    assert all(
        e.summary and e.applies_when and e.what_to_check and e.checkpoint_category
        for e in builtin_entries()
    )
    assert len({e.key for e in builtin_entries()}) == len(builtin_entries())
    key = add_entry(
        ws,
        plan,
        CatalogEntry(
            "",
            "Cell-based architecture",
            EntryKind.PATTERN,
            "Independent cells",
            "Large fleets",
            ("cell size",),
            "Architecture",
            built_in=False,
        ),
    )
    assert entry_names(ws, plan)[key] == "Cell-based architecture"
    fid = add_finding(ws, plan, new_finding("Cells"), catalog_keys=[key, "bulkhead"])
    assert finding_links(ws, fid)[1] == [key, "bulkhead"]
    assert len(all_entries(ws, plan)) == len(builtin_entries()) + 1


def test_every_lint_catalog_key_exists() -> None:
    from sreplan.architecture.lint import lint
    from sreplan.architecture.model import Component, Dependency, Inventory

    keys = {e.key for e in builtin_entries()}
    inv = Inventory(
        (
            Component("a", "A"),
            Component("b", "B", stateful=True, backups=Backups.UNTESTED),
            Component("x", "X", kind=ComponentKind.EXTERNAL),
        ),
        (
            Dependency("1", "a", "b", timeout=Tristate.NO, retries="no_backoff"),  # type: ignore[arg-type]
            Dependency("2", "b", "a"),
            Dependency("3", "a", "x"),
        ),
    )
    found = lint(inv, {"a": 0.9999, "b": 0.99})
    assert len({s.rule for s in found}) >= 7
    assert {k for s in found for k in s.catalog_keys} <= keys


def test_slo_targets_come_from_the_slo_tables_when_present(demo_ws: Workspace) -> None:
    # The demo's SLOs belong to services "checkout" (99.9 % and a 99 % latency SLO) and
    # "payments" (99.95 %); components match them by name, ignoring case.
    checkout = add_component(demo_ws, DEMO_PLAN_ID, new_component("Checkout"))
    payments = add_component(demo_ws, DEMO_PLAN_ID, new_component("PAYMENTS "))
    targets = slo_targets(demo_ws, DEMO_PLAN_ID)
    assert targets[checkout] == pytest.approx(0.999)
    assert targets[payments] == pytest.approx(0.9995)
    # The demo also links each service to the component serving it (Checkout API, Payment
    # provider), so those are held to the same targets whatever their names.
    assert len(targets) == 4
    add_dependency(demo_ws, DEMO_PLAN_ID, new_dependency(checkout, payments))
    assert LintRule.SLO_UNACHIEVABLE not in [s.rule for s in run_lint(demo_ws, DEMO_PLAN_ID).all]


def test_slo_targets_are_empty_without_slo_tables(ws: Workspace, plan: str) -> None:
    add_component(ws, plan, new_component("Checkout API"))
    assert slo_targets(ws, plan) == {}
    with ws.write() as conn:
        conn.execute("DROP TABLE slos")
    assert slo_targets(ws, plan) == {}
