"""Incidents below the UI: budget spent by hand, the 20 % rule, timestamps, the blameless check."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from sreplan.features import open_action_items
from sreplan.incidents import blameless, budget, edits, store
from sreplan.incidents.model import (
    ActionItem,
    ActionStatus,
    Factor,
    ImpactKind,
    Incident,
    IncidentError,
    Priority,
    Responder,
    Side,
    order_error,
    parse_incident_number,
    parse_timestamp,
)
from sreplan.kernel import Workspace
from sreplan.kernel.durations import Duration
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import insert_plan, new_plan
from sreplan.slo.model import BudgetingMethod, Slo, TimeWindow
from sreplan.slo.store import list_slos

T0 = datetime(2025, 11, 28, 10, 0, tzinfo=UTC)


def _slo(method: BudgetingMethod, target: float = 99.9, rate: float | None = None) -> Slo:
    return Slo(
        "slo", "plan", "svc", "sli", "availability", target=target,
        window=TimeWindow(Duration(30, "d")), budgeting_method=method, request_rate=rate,
    )  # fmt: skip


def _incident(**fields: object) -> Incident:
    base = Incident("i", "plan", 1, "Outage", slo_ids=("slo",), started_at=T0)
    return replace(base, **fields)  # type: ignore[arg-type]


# Budget spent, against hand-computed figures --------------------------------------------


def test_time_based_spend_is_minutes_times_share_over_budget_minutes() -> None:
    # 99.9 % over 30 days: 43.2 budget minutes. 60 min × 25 % failing = 15 bad minutes.
    slo = _slo(BudgetingMethod.TIMESLICES)
    incident = _incident(mitigated_at=T0 + timedelta(minutes=60), impact_percent=25.0)
    spent = budget.spend(incident, slo)
    assert spent.time_based
    assert spent.allowed == pytest.approx(43.2)
    assert spent.bad == pytest.approx(15.0)
    assert spent.percent == pytest.approx(15.0 / 43.2 * 100)


def test_full_outage_counts_every_minute() -> None:
    slo = _slo(BudgetingMethod.RATIO_TIMESLICES)
    incident = _incident(impact_kind=ImpactKind.FULL_OUTAGE, outage_minutes=21.6)
    assert budget.spend(incident, slo).percent == pytest.approx(50.0)


def test_occurrence_spend_is_bad_events_over_allowed_events() -> None:
    # 99.9 % at 45 req/s over 30 days allows 0.001 × 45 × 2 592 000 = 116 640 bad events.
    slo = _slo(BudgetingMethod.OCCURRENCES, rate=45.0)
    counted = _incident(impact_kind=ImpactKind.BAD_EVENTS, bad_events=11_664.0)
    spent = budget.spend(counted, slo)
    assert spent.allowed == pytest.approx(116_640)
    assert spent.percent == pytest.approx(10.0)
    # 38 minutes at 35 % failing: 0.35 × 45 × 2280 s = 35 910 bad events = 30.79 %.
    share = _incident(mitigated_at=T0 + timedelta(minutes=38), impact_percent=35.0)
    assert budget.spend(share, slo).bad == pytest.approx(35_910)
    assert budget.spend(share, slo).percent == pytest.approx(30.787, abs=1e-3)


def test_spend_says_what_is_missing() -> None:
    no_rate = budget.spend(_incident(impact_percent=10.0), _slo(BudgetingMethod.OCCURRENCES))
    assert no_rate.percent is None and "request rate" in no_rate.note
    no_end = budget.spend(_incident(impact_percent=10.0), _slo(BudgetingMethod.TIMESLICES))
    assert no_end.percent is None and "mitigation" in no_end.note


def test_twenty_percent_rule_needs_a_postmortem_with_a_p0_action() -> None:
    slo = _slo(BudgetingMethod.TIMESLICES)
    # 20 % of 43.2 minutes is 8.64 bad minutes: exactly at the threshold.
    at = _incident(impact_kind=ImpactKind.FULL_OUTAGE, outage_minutes=8.64)
    below = _incident(impact_kind=ImpactKind.FULL_OUTAGE, outage_minutes=8.6)
    spends = [budget.spend(at, slo)]
    check = budget.postmortem_check(at, spends, 20.0)
    assert check.required and check.red and "P0" in check.message
    assert not budget.postmortem_check(below, [budget.spend(below, slo)], 20.0).required
    written = replace(
        at,
        summary="Checkout was down.",
        root_causes="A disk failed and failover was manual.",
        actions=(ActionItem("Automate failover", priority=Priority.P1),),
    )
    assert budget.postmortem_check(written, spends, 20.0).red  # a P1 is not enough
    p0 = replace(written, actions=(ActionItem("Automate failover", priority=Priority.P0),))
    assert not budget.postmortem_check(p0, spends, 20.0).red
    dropped = replace(
        written,
        actions=(
            ActionItem("x", priority=Priority.P0, status=ActionStatus.NOT_DOING, status_reason="r"),
        ),
    )
    assert budget.postmortem_check(dropped, spends, 20.0).red


def test_threshold_comes_from_the_plans_policy(demo_ws: Workspace) -> None:
    assert budget.postmortem_threshold(demo_ws, DEMO_PLAN_ID) == 20.0
    demo_ws.conn.execute("UPDATE error_budget_policy_steps SET consumed_percent = 30 "
                         "WHERE action LIKE '%ostmortem required%'")  # fmt: skip
    assert budget.postmortem_threshold(demo_ws, DEMO_PLAN_ID) == 30.0


def test_window_sum_and_real_burn_down() -> None:
    slo = _slo(BudgetingMethod.TIMESLICES)
    now = T0 + timedelta(days=10)
    a = _incident(impact_kind=ImpactKind.FULL_OUTAGE, outage_minutes=4.32)  # 10 %
    b = replace(a, id="j", number=2, started_at=T0 + timedelta(days=2))  # 10 %
    old = replace(a, id="k", number=3, started_at=T0 - timedelta(days=40))
    [total] = budget.window_spends([a, b, old], [slo], now)
    assert total.percent == pytest.approx(20.0)
    assert total.incidents == ("INC-1", "INC-2")
    steps = budget.budget_steps([a, b], slo)
    assert [round(r, 6) for _, r in steps] == [90.0, 80.0]


# Timestamps ---------------------------------------------------------------------------


def test_timestamps_need_a_zone_and_parse_offsets() -> None:
    assert parse_timestamp("2025-11-28 14:02 +01:00") == datetime(2025, 11, 28, 13, 2, tzinfo=UTC)
    assert parse_timestamp("2025-11-28T13:02Z") == datetime(2025, 11, 28, 13, 2, tzinfo=UTC)
    berlin = parse_timestamp("2025-07-01 12:00", "Europe/Berlin")
    assert berlin is not None and berlin.utcoffset() == timedelta(hours=2)
    assert parse_timestamp("  ") is None
    with pytest.raises(IncidentError, match="no time zone"):
        parse_timestamp("2025-11-28 14:02")
    with pytest.raises(IncidentError, match="not a date and time"):
        parse_timestamp("yesterday")


def test_order_error_names_both_timestamps() -> None:
    values = {"started_at": T0, "detected_at": T0 - timedelta(minutes=5)}
    message = order_error(values, "detected_at")
    assert message is not None
    assert (
        "Detected (2025-11-28 09:55 +00:00) is before impact started (2025-11-28 10:00" in message
    )
    later = {"started_at": T0, "resolved_at": T0 + timedelta(hours=1),
             "mitigated_at": T0 + timedelta(hours=2)}  # fmt: skip
    assert "after resolved" in (order_error(later, "mitigated_at") or "")
    assert order_error({"started_at": T0, "resolved_at": T0}, "resolved_at") is None


def test_incident_numbers() -> None:
    assert parse_incident_number("INC-7") == 7
    assert parse_incident_number("inc 12") == 12
    assert parse_incident_number("3") == 3
    with pytest.raises(IncidentError):
        parse_incident_number("seven")


# Store and edits ------------------------------------------------------------------------


def _plan(ws: Workspace, name: str = "P") -> str:
    plan = new_plan(name)
    insert_plan(ws, plan)
    return plan.id


def test_numbers_are_per_plan_and_edits_undo(ws: Workspace) -> None:
    a, b = _plan(ws, "A"), _plan(ws, "B")
    first = edits.new_incident(a, "First")
    first.apply(ws)
    edits.new_incident(a, "Second").apply(ws)
    edits.new_incident(b, "Other plan").apply(ws)
    assert [i.key for i in store.list_incidents(ws, a)] == ["INC-2", "INC-1"]
    assert [i.key for i in store.list_incidents(ws, b)] == ["INC-1"]
    incident = store.list_incidents(ws, a)[-1]
    assert incident.severity == "SEV-3"  # the middle of PagerDuty's five levels
    change = edits.set_fields(incident.id, a, {"title": "Renamed"}, "Rename")
    change.apply(ws)
    assert store.get_incident(ws, incident.id).title == "Renamed"
    change.revert(ws)
    assert store.get_incident(ws, incident.id).title == "First"
    change.apply(ws)  # redo replays the same row
    assert store.get_incident(ws, incident.id).title == "Renamed"


def test_refusals_write_nothing(ws: Workspace) -> None:
    pid = _plan(ws)
    other = _plan(ws, "Other")
    incident = Incident(new_id(), pid, 1, "Outage", started_at=T0)
    store.insert_incident(ws, incident)

    def refused(edit: Edit, match: str) -> None:
        before = ws.rows("SELECT * FROM incidents ORDER BY id")
        with pytest.raises(IncidentError, match=match):
            edit.apply(ws)
        assert ws.rows("SELECT * FROM incidents ORDER BY id") == before

    early = (T0 - timedelta(minutes=1)).isoformat()
    refused(edits.set_fields(incident.id, pid, {"detected_at": early}, "x"), "before impact")
    refused(edits.set_fields(incident.id, pid, {"impact_percent": 101.0}, "x"), "0 and 100")
    refused(edits.set_fields(incident.id, pid, {"severity": "P1"}, "x"), "not on the plan")
    refused(edits.set_fields(incident.id, pid, {"title": " "}, "x"), "needs a title")
    # An SLO of another plan.
    from sreplan.slo.model import Service, Sli
    from sreplan.slo.store import insert_service, insert_sli, insert_slo

    insert_service(ws, Service("svc", other, "svc"))
    insert_sli(ws, Sli("sli", other, "sli"))
    insert_slo(ws, Slo("foreign", other, "svc", "sli", "foreign"))
    with pytest.raises(IncidentError, match="not one of this plan's SLOs"):
        edits.set_slos(incident.id, pid, ["foreign"]).apply(ws)
    assert store.get_incident(ws, incident.id).slo_ids == ()
    with pytest.raises(IncidentError, match="written reason"):
        edits.add_action(incident.id, pid, ActionItem("x", status=ActionStatus.NOT_DOING)).apply(ws)


def test_html_is_stored_as_literal_text(ws: Workspace) -> None:
    pid = _plan(ws)
    text = '<img src="file:///etc/passwd"> <b>bold</b> <script>x</script>'
    incident = Incident(new_id(), pid, 1, text, summary=text, root_causes=text)
    store.insert_incident(ws, incident)
    again = store.get_incident(ws, incident.id)
    assert again.title == text and again.summary == text


def test_severity_scale_is_editable(ws: Workspace) -> None:
    pid = _plan(ws)
    assert store.severities(ws, pid)[0].name == "SEV-1"
    edits.set_list(pid, "severities", ["Critical | all users", "Minor"], "Edit scale").apply(ws)
    assert [s.name for s in store.severities(ws, pid)] == ["Critical", "Minor"]
    assert store.severities(ws, pid)[0].meaning == "all users"
    edits.set_list(pid, "triggers", ["Binary push", "Cosmic ray"], "Edit triggers").apply(ws)
    assert store.triggers(ws, pid) == ("Binary push", "Cosmic ray")


# The demo, action items everywhere ---------------------------------------------------------


def test_demo_has_two_sale_outages_over_the_threshold(demo_ws: Workspace) -> None:
    incidents = store.list_incidents(demo_ws, DEMO_PLAN_ID)
    assert [i.key for i in incidents] == ["INC-2", "INC-1"]
    slos = {s.id: s for s in list_slos(demo_ws, DEMO_PLAN_ID)}
    for incident in incidents:
        [spent] = budget.incident_spends(incident, slos)
        assert spent.slo_title == "Checkout availability"
        assert spent.percent is not None and spent.percent > 20
        assert not budget.postmortem_check(incident, [spent], 20.0).red
    statuses = [a.status for i in incidents for a in i.actions]
    assert ActionStatus.DONE in statuses
    items = [i for i in open_action_items(demo_ws, DEMO_PLAN_ID) if i.source == "Incidents"]
    assert any(i.due is not None and i.due < date(2026, 11, 27) for i in items)  # overdue
    suggestions = [
        s
        for i in incidents
        for s in blameless.check(
            i, store.people(demo_ws, DEMO_PLAN_ID), store.blame_phrases(demo_ws, DEMO_PLAN_ID)
        )
    ]
    assert len(suggestions) == 1 and suggestions[0].term == "failed to"
    assert incidents[0].product_share == 50.0


# The blamelessness check -----------------------------------------------------------------

PEOPLE = ["Priya Natarajan", "Aiko Tanaka"]
PHRASES = ["human error", "should have", "failed to", "careless", "forgot to"]


def test_blame_check_finds_phrases_names_and_person_root_causes() -> None:
    incident = _incident(
        root_causes=(
            "Aiko pushed a bad release. The deploy was a human error. "
            "The on-call engineer forgot to drain the node."
        ),
        went_wrong="We should have rolled back sooner.",
        factors=(Factor("Priya Natarajan was careless with the flag."),),
    )
    found = blameless.check(incident, PEOPLE, PHRASES)
    names = [s for s in found if s.rule is blameless.BlameRule.NAME]
    assert {s.term for s in names} == {"Aiko", "Priya Natarajan"}
    assert {s.term for s in found if s.rule is blameless.BlameRule.PHRASE} == {
        "human error", "forgot to", "should have", "careless",
    }  # fmt: skip
    person = [s for s in found if s.rule is blameless.BlameRule.STOPS_AT_PERSON]
    assert [s.sentence for s in person] == [
        "Aiko pushed a bad release.", "The on-call engineer forgot to drain the node.",
    ]  # fmt: skip
    assert all(s.question.endswith("?") or s.question.endswith(".") for s in found)
    assert any(s.sentence == "We should have rolled back sooner." for s in found)


def test_blame_check_is_quiet_on_a_clean_postmortem() -> None:
    incident = _incident(
        summary="Checkout failed for 38 minutes.",
        root_causes=(
            "The payment client had no timeout, so a slow provider held every worker thread. "
            "The deploy tool allowed a config push without a canary."
        ),
        went_wrong="Dashboards did not show thread pools.",
        factors=(Factor("Retries without backoff."),),
        responders=(Responder("Priya Natarajan", side=Side.SRE),),
    )
    assert blameless.check(incident, PEOPLE, PHRASES) == []


def test_dismissed_suggestions_stay_dismissed(ws: Workspace) -> None:
    pid = _plan(ws)
    incident = Incident(new_id(), pid, 1, "x", root_causes="It was human error.")
    store.insert_incident(ws, incident)
    [suggestion] = blameless.check(incident, [], PHRASES)
    edits.dismiss(incident.id, pid, suggestion.fingerprint, "Quoted from the vendor").apply(ws)
    assert blameless.check(incident, [], PHRASES, store.dismissals(ws, incident.id)) == []
    with pytest.raises(IncidentError, match="why"):
        edits.dismiss(incident.id, pid, suggestion.fingerprint, " ").apply(ws)


def test_zone_offsets_compare_correctly() -> None:
    plus_one = timezone(timedelta(hours=1))
    values = {"started_at": T0, "detected_at": datetime(2025, 11, 28, 10, 30, tzinfo=plus_one)}
    assert order_error(values, "detected_at") is not None  # 10:30 +01:00 is 09:30 UTC


def test_factor_tags_name_the_antipattern_and_its_lint_rule(demo_ws: Workspace) -> None:
    from sreplan.architecture.catalog_store import builtin_entries
    from sreplan.architecture.lint_triage import run_lint
    from sreplan.incidents.factors import LINT_RULES, catalog_link

    keys = {e.key for e in builtin_entries()}
    assert set(LINT_RULES) <= keys
    # Every lint suggestion's catalog keys lead back to its rule.
    for suggestion in run_lint(demo_ws, DEMO_PLAN_ID).all:
        for key in suggestion.catalog_keys:
            assert suggestion.rule in LINT_RULES[key], (key, suggestion.rule)
    link = catalog_link(demo_ws, DEMO_PLAN_ID, "missing-timeouts")
    assert link is not None
    assert link.label == (
        "Missing timeouts (antipattern); lint: Critical sync call without a timeout"
    )


def test_policy_steps_an_incident_reaches(demo_ws: Workspace) -> None:
    slos = {s.id: s for s in list_slos(demo_ws, DEMO_PLAN_ID)}
    inc2, inc1 = store.list_incidents(demo_ws, DEMO_PLAN_ID)
    reached = budget.triggered_steps(demo_ws, DEMO_PLAN_ID, budget.incident_spends(inc2, slos))
    assert [r.split(":")[0] for r in reached] == ["Budget consumed ≥ 20%", "Budget consumed ≥ 50%"]
    first = budget.triggered_steps(demo_ws, DEMO_PLAN_ID, budget.incident_spends(inc1, slos))
    assert len(first) == 1 and "Postmortem required" in first[0]


def test_a_damaged_timestamp_is_named_as_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sreplan.cli import main
    from sreplan.features import open_workspace, seed_demo

    path = tmp_path / "d.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws, date(2026, 11, 27))
    ws.conn.execute("UPDATE incidents SET started_at = 'not a time' WHERE number = 1")
    ws.conn.commit()
    ws.close()
    assert main(["incidents", str(path), "--plan", "Checkout service"]) == 2
    err = capsys.readouterr().err
    assert "where a timestamp belongs" in err and len(err.strip().splitlines()) == 1
