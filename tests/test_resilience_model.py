"""Resilience arithmetic and checks, each failing and passing, against hand-computed values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sreplan.resilience.model import (
    AlertWindow,
    CheckKind,
    ComponentFacts,
    Drill,
    Experiment,
    ExperimentRun,
    Outcome,
    RecoveryObjective,
    Replication,
    ResilienceError,
    RestoreTest,
    RolloutPlan,
    RolloutStep,
    Scenario,
    SloFacts,
    abort_condition,
    budget_at_risk,
    criteria,
    evidence_checks,
    experiment_checks,
    parse_span,
    reachable_rpo,
    recovery_checks,
    restore_passed,
    rollout_checks,
    rollout_errors,
    rpo_rto_notice,
    span_text,
    total_seconds,
    traffic_series,
    worst_case_cost,
)

TODAY = date(2026, 11, 27)
DB = ComponentFacts("db", "Orders database", True, ("a", "b"), 2)


def objective(**kw: object) -> RecoveryObjective:
    base = RecoveryObjective("o", "p", "db", rpo_seconds=300, rto_seconds=3600)
    return replace(base, **kw)  # type: ignore[arg-type]


# The workbook's policy scaled to a 30-day window: burn rates 14.4, 6, 3, 1.
ALERTS = [
    AlertWindow("page", 3600, 300, 14.4),
    AlertWindow("page", 6 * 3600, 1800, 6.0),
    AlertWindow("ticket", 86400, 7200, 3.0),
    AlertWindow("ticket", 3 * 86400, 6 * 3600, 1.0),
]
SLO = SloFacts("s", "Checkout availability", 99.9, 30 * 86400)


def kinds(checks: list, passed: bool = False) -> set[CheckKind]:  # type: ignore[type-arg]
    return {c.kind for c in checks if c.passed is passed}


def test_reachable_rpo_arithmetic() -> None:
    assert reachable_rpo(objective(backup_interval_seconds=3600)) == 3600
    assert reachable_rpo(objective(backup_interval_seconds=60, replication=Replication.ASYNC,
                                   replication_lag_seconds=30)) == 90
    # synchronous replication: the lag alone, whatever the backups
    assert reachable_rpo(objective(backup_interval_seconds=86400, replication=Replication.SYNC,
                                   replication_lag_seconds=2)) == 2
    assert reachable_rpo(objective(replication=Replication.SYNC)) == 0
    assert reachable_rpo(objective(replication=Replication.ASYNC,
                                   replication_lag_seconds=45)) == 45
    assert reachable_rpo(objective()) is None


def test_unreachable_target_fails_and_reachable_passes() -> None:
    bad = recovery_checks([objective(backup_interval_seconds=86400)], [], [], [DB], TODAY)
    unreachable = [c for c in bad if c.kind is CheckKind.UNREACHABLE]
    assert not unreachable[0].passed and "1 d" in unreachable[0].reason
    assert "5 min" in unreachable[0].reason
    good = recovery_checks([objective(backup_interval_seconds=60)], [], [], [DB], TODAY)
    assert CheckKind.UNREACHABLE in kinds(good, passed=True)
    nothing = recovery_checks([objective()], [], [], [DB], TODAY)
    assert "neither backups nor replication" in nothing[0].reason


def test_slow_restore_and_policy_age() -> None:
    o = objective(backup_interval_seconds=60)
    old_slow = RestoreTest("t", "p", "o", date(2026, 7, 27), "db", 2 * 3600 + 600)
    checks = recovery_checks([o], [old_slow], [], [DB], TODAY)
    assert {CheckKind.SLOW_RESTORE, CheckKind.NO_RESTORE_TEST} <= kinds(checks)
    slow = next(c for c in checks if c.kind is CheckKind.SLOW_RESTORE)
    assert "2 h 10 min" in slow.reason and "1 h" in slow.reason
    recent_fast = RestoreTest("u", "p", "o", date(2026, 11, 1), "db", 1800)
    checks = recovery_checks([o], [old_slow, recent_fast], [], [DB], TODAY)
    assert {CheckKind.SLOW_RESTORE, CheckKind.NO_RESTORE_TEST} <= kinds(checks, passed=True)
    # exactly at the policy's edge is still within it; a day more is not
    edge = RestoreTest("e", "p", "o", date(2026, 8, 29), "db", 60)
    assert CheckKind.NO_RESTORE_TEST in kinds(recovery_checks([o], [edge], [], [DB], TODAY),
                                              passed=True)
    assert CheckKind.NO_RESTORE_TEST in kinds(
        recovery_checks([o], [edge], [], [DB], TODAY, policy_days=89))
    never = recovery_checks([o], [], [], [DB], TODAY)
    assert "none was ever recorded" in next(
        c.reason for c in never if c.kind is CheckKind.NO_RESTORE_TEST)


def test_restore_pass_against_rto_and_rpo() -> None:
    o = objective()
    assert restore_passed(RestoreTest("t", "p", "o", TODAY, "", 3600, 300), o)
    assert not restore_passed(RestoreTest("t", "p", "o", TODAY, "", 3601, 0), o)
    assert not restore_passed(RestoreTest("t", "p", "o", TODAY, "", 60, 301), o)


def test_stateful_component_without_objectives() -> None:
    queue = ComponentFacts("q", "Queue", True)
    api = ComponentFacts("a", "API", False)
    checks = recovery_checks([], [], [], [queue, api], TODAY)
    assert [c.subject for c in checks if c.kind is CheckKind.NO_OBJECTIVES] == ["Queue"]
    covered = recovery_checks([objective(component_id="q", replication=Replication.SYNC)],
                              [], [], [queue], TODAY)
    assert CheckKind.NO_OBJECTIVES not in kinds(covered)


def test_zone_loss_drill() -> None:
    checks = recovery_checks([], [], [], [DB], TODAY)
    assert CheckKind.NO_ZONE_DRILL in kinds(checks)
    other = Drill("d", "p", "db", Scenario.INSTANCE_LOSS, TODAY)
    assert CheckKind.NO_ZONE_DRILL in kinds(recovery_checks([], [], [other], [DB], TODAY))
    zone = Drill("z", "p", "db", Scenario.ZONE_LOSS, TODAY)
    assert CheckKind.NO_ZONE_DRILL in kinds(recovery_checks([], [], [zone], [DB], TODAY),
                                            passed=True)
    single = ComponentFacts("c", "Cache", False, ("a",), 1)
    cdn = ComponentFacts("e", "CDN", False, ("EU", "US"), 40, managed=True)
    assert not recovery_checks([], [], [], [single, cdn], TODAY)


def test_rpo_larger_than_rto_is_allowed_but_flagged_when_it_looks_swapped() -> None:
    assert rpo_rto_notice(objective(rpo_seconds=7200, rto_seconds=3600)) is None
    assert "swapped" in (rpo_rto_notice(objective(rpo_seconds=86400 * 2,
                                                  rto_seconds=3600)) or "")


def test_abort_condition_from_the_fast_burn_alert() -> None:
    abort = abort_condition(SLO, ALERTS, 5.0)
    assert abort is not None
    assert abort.burn_rate == 14.4
    assert abort.error_ratio == pytest.approx(14.4 * 0.001)
    assert abort.short_seconds == 300
    # 5 % of a 30-day budget at burn rate 14.4: 0.05 × 30 d ÷ 14.4 = 2.5 h
    assert abort.max_seconds == pytest.approx(2.5 * 3600)
    assert abort_condition(SLO, [], 5.0) is None


def test_worst_case_experiment_cost() -> None:
    e = Experiment("e", "p", "x", blast_percent=10.0, duration_seconds=1800)
    # 10 % of traffic for 30 min = 180 s of full outage; the budget is 43.2 min = 2592 s
    assert worst_case_cost(e, SLO) == pytest.approx(180 / 2592 * 100)
    assert worst_case_cost(replace(e, duration_seconds=None), SLO) is None


def test_deviated_experiment_and_checkpoint_evidence() -> None:
    e = Experiment("e", "p", "Zone failover")
    held = ExperimentRun("r1", "e", date(2026, 10, 1), Outcome.HELD)
    deviated = ExperimentRun("r2", "e", date(2026, 11, 1), Outcome.DEVIATED, "timeouts", 4.5)
    assert experiment_checks([e], [held]) == []
    [check] = experiment_checks([e], [held, deviated])
    assert check.kind is CheckKind.EXPERIMENT_DEVIATED and "4.5 %" in check.reason
    links = [("c", "Failover tested", True, "e")]
    assert evidence_checks(links, [e], [held]) == []
    assert evidence_checks(links, [e], [held, deviated])[0].kind is CheckKind.EVIDENCE_NOT_HELD
    assert "never run" in evidence_checks(links, [e], [])[0].reason
    assert evidence_checks([("c", "t", False, "e")], [e], []) == []


def canary(*steps: RolloutStep, **kw: object) -> RolloutPlan:
    plan = RolloutPlan("r", "p", "api", "API canary", steps=steps, rollback_seconds=120)
    return replace(plan, **kw)  # type: ignore[arg-type]


def test_budget_at_risk_hand_computed() -> None:
    r = canary(RolloutStep(5, 600, analysis='{"templates":[]}'), RolloutStep(25, 1800),
               RolloutStep(100, 3600))
    risk = budget_at_risk(r, SLO)
    # caught at step 1: 5 % × 600 s + rollback 5 % × 120 s = 30 + 6 = 36 s
    assert risk.caught_at_step == 1
    assert risk.bad_seconds == pytest.approx(36.0)
    assert risk.percent_of_remaining == pytest.approx(36 / 2592 * 100)
    # half the budget left: the same seconds are twice the share
    assert budget_at_risk(r, SLO, 50.0).percent_of_remaining == pytest.approx(72 / 2592 * 100)
    unchecked = canary(RolloutStep(10, 600), RolloutStep(50, 600), failure_percent=50.0)
    # nothing stops it: (10 % × 600 + 50 % × 600 + 50 % × 120) × 0.5 = (60 + 300 + 60) / 2
    risk = budget_at_risk(unchecked, SLO)
    assert risk.caught_at_step is None and risk.bad_seconds == pytest.approx(210.0)
    assert total_seconds(unchecked) == 1200


def test_rollout_warnings() -> None:
    short = canary(RolloutStep(10, 120), RolloutStep(100, 600))
    checks = rollout_checks(short, SLO, ALERTS)
    bake = [c for c in checks if c.kind is CheckKind.ROLLOUT_BAKE]
    assert len(bake) == 1 and "step 1" in bake[0].reason and "5 min" in bake[0].reason
    assert any(c.kind is CheckKind.ROLLOUT_SLOW_BURN for c in checks)
    long_enough = canary(RolloutStep(10, 600, manual_gate=True), RolloutStep(50, 6 * 3600))
    assert rollout_checks(long_enough, SLO, ALERTS) == []
    huge = canary(RolloutStep(100, 86400 * 30))
    assert any(c.kind is CheckKind.ROLLOUT_BUDGET for c in rollout_checks(huge, SLO, ALERTS))


def test_criteria_from_the_slo() -> None:
    c = criteria(SLO, ALERTS)
    assert c.rollback_error_ratio == pytest.approx(0.0144)
    assert c.success_error_ratio == pytest.approx(0.006)


def test_bad_rollouts_are_named() -> None:
    assert "Step 1: traffic share" in rollout_errors(canary(RolloutStep(120)))[0]
    assert "goes down" in rollout_errors(canary(RolloutStep(50), RolloutStep(20),
                                                rollback_method=""))[0]
    assert rollout_errors(canary(RolloutStep(50), RolloutStep(20), rollback_method="abort")) == []
    assert "at most 1000 steps" in rollout_errors(canary(*[RolloutStep(1)] * 10_000))[0]
    assert "bake time" in rollout_errors(canary(RolloutStep(10, 0)))[0]


def test_durations_parse_exactly() -> None:
    assert parse_span("1h30m") == 5400
    assert parse_span("40s") == 40
    assert parse_span("2h 10min") == 7800
    assert parse_span("90") == 90
    assert span_text(5400) == "1h30m" and span_text(40) == "40s"
    for bad in ("0s", "-5m", "", "soon", "1.5s", True):
        with pytest.raises(ResilienceError):
            parse_span(bad)


def test_traffic_series_is_a_step_function() -> None:
    times, shares = traffic_series(canary(RolloutStep(10, 3600), RolloutStep(100, 1800)))
    assert times == [0.0, 0.0, 1.0, 1.0, 1.5]
    assert shares == [0.0, 10, 10, 100, 100]
