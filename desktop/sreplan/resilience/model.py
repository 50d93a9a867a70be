"""Resilience by design: recovery objectives, restore tests, drills, chaos experiments, rollouts.

Everything here is plain data and pure functions; durations are whole seconds,
shares are percentages as people write them (25 means 25 %). The checks each
return a :class:`Check` with the reason in words, so the app, the CLI, the
report and the action items all say the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sreplan.kernel.choices import Choice
from sreplan.kernel.durations import DAY, HOUR, MINUTE, format_seconds

MAX_STEPS = 1000  # a rollout with more steps than this is a mistake, not a plan
DEFAULT_POLICY_DAYS = 90


class Replication(Choice):
    NONE = "none", "None"
    ASYNC = "async", "Asynchronous"
    SYNC = "sync", "Synchronous"


class Scenario(Choice):
    INSTANCE_LOSS = "instance_loss", "Instance loss"
    ZONE_LOSS = "zone_loss", "Zone loss"
    REGION_LOSS = "region_loss", "Region loss"
    DATA_CORRUPTION = "data_corruption", "Data corruption"
    OPERATOR_ERROR = "operator_error", "Operator error"


class Outcome(Choice):
    HELD = "held", "Held"
    DEVIATED = "deviated", "Deviated"


class BlastUnit(Choice):
    TRAFFIC = "traffic", "of traffic"
    INSTANCES = "instances", "of instances"


class Strategy(Choice):
    CANARY = "canary", "Canary"
    BLUE_GREEN = "blue_green", "Blue-green"
    ROLLING = "rolling", "Rolling"
    PHASED_ZONE = "phased_zone", "Phased by zone"
    PHASED_REGION = "phased_region", "Phased by region"


# The built-in fault catalog; a plan adds its own kinds (resilience_faults).
BUILTIN_FAULTS: tuple[tuple[str, str], ...] = (
    ("instance_crash", "Instance crash"),
    ("zone_loss", "Zone loss"),
    ("added_latency", "Added latency"),
    ("dependency_outage", "Dependency outage"),
    ("dns_failure", "DNS failure"),
    ("disk_full", "Disk full"),
    ("clock_skew", "Clock skew"),
)


class ResilienceError(ValueError):
    """A value that cannot be part of a resilience design (named field, plain words)."""


# Durations ------------------------------------------------------------------------------

_SPAN_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)")
_SPAN_UNITS = {"ms": 0.001, "s": 1.0, "m": MINUTE, "h": HOUR, "d": DAY}


def parse_span(text: object, what: str = "duration") -> int:
    """Seconds from "40s", "1h30m", "2h 10min", "90" (seconds); positive whole seconds only."""
    if isinstance(text, bool):
        raise ResilienceError(f"{what}: expected a duration such as 40s or 1h30m, not {text!r}")
    if isinstance(text, int | float):
        seconds = float(text)
    elif isinstance(text, str):
        cleaned = text.strip().lower().replace(" ", "").replace("min", "m")
        cleaned = cleaned.replace("hours", "h").replace("hour", "h").replace("sec", "s")
        if re.fullmatch(r"[0-9]+", cleaned):
            seconds = float(cleaned)
        else:
            parts = _SPAN_PART.findall(cleaned)
            if not cleaned or "".join(n + u for n, u in parts) != cleaned:
                raise ResilienceError(
                    f"{what}: {text!r} is not a duration; write e.g. 40s, 5m, 1h30m or 2d"
                )
            seconds = sum(float(n) * _SPAN_UNITS[u] for n, u in parts)
    else:
        raise ResilienceError(f"{what}: expected a duration such as 40s or 1h30m, not {text!r}")
    if math.isnan(seconds) or math.isinf(seconds) or seconds <= 0:
        raise ResilienceError(f"{what}: a duration must be longer than zero")
    if seconds != int(seconds):
        raise ResilienceError(f"{what}: {text!r} is not a whole number of seconds")
    return int(seconds)


def span_text(seconds: int) -> str:
    """The shortest exact form Argo Rollouts and people both read: 5400 → "1h30m"."""
    if seconds <= 0:
        raise ValueError("a duration must be longer than zero")
    out = ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        out += f"{hours}h"
    if minutes:
        out += f"{minutes}m"
    if secs:
        out += f"{secs}s"
    return out


def percent_error(value: float | None, what: str, *, allow_zero: bool = True) -> str | None:
    if value is None or math.isnan(value):
        return f"{what} must be a percentage"
    low_ok = value >= 0 if allow_zero else value > 0
    if not low_ok or value > 100:
        bound = "0" if allow_zero else "above 0"
        return f"{what} must be between {bound} and 100 %, not {value:g}"
    return None


# 1. Recovery objectives ----------------------------------------------------------------


@dataclass(frozen=True)
class RecoveryObjective:
    """RPO/RTO targets and the design meant to reach them; ``component_id`` None: the plan's."""

    id: str
    plan_id: str
    component_id: str | None
    rpo_seconds: int
    rto_seconds: int
    backup_method: str = ""
    backup_interval_seconds: int | None = None
    replication: Replication = Replication.NONE
    replication_lag_seconds: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class RestoreTest:
    id: str
    plan_id: str
    objective_id: str
    tested_on: date
    restored: str
    restore_seconds: int
    data_lost_seconds: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Drill:
    id: str
    plan_id: str
    component_id: str | None
    scenario: Scenario
    held_on: date
    recovery_seconds: int | None = None
    notes: str = ""


def objective_errors(o: RecoveryObjective) -> list[str]:
    problems = []
    for value, what in ((o.rpo_seconds, "RPO"), (o.rto_seconds, "RTO"),
                        (o.backup_interval_seconds, "Backup interval"),
                        (o.replication_lag_seconds, "Replication lag")):
        if value is not None and value <= 0:
            problems.append(f"{what} must be longer than zero")
    return problems


def reachable_rpo(o: RecoveryObjective) -> int | None:
    """The data the design can lose, in seconds; None when nothing protects the data.

    Synchronous replication loses at most its lag (0 when none is given); otherwise the
    last backup may be a whole interval old, plus the lag of an asynchronous replica.
    """
    lag = o.replication_lag_seconds or 0
    if o.replication is Replication.SYNC:
        return lag
    if o.backup_interval_seconds is None:
        if o.replication is Replication.ASYNC and o.replication_lag_seconds is not None:
            return lag
        return None
    return o.backup_interval_seconds + (lag if o.replication is Replication.ASYNC else 0)


def rpo_rto_notice(o: RecoveryObjective) -> str | None:
    """An RPO longer than the RTO is allowed; flag it only when it looks like a slip."""
    if o.rpo_seconds > o.rto_seconds * 24:
        return (
            f"The RPO ({format_seconds(o.rpo_seconds)}) is far longer than the RTO "
            f"({format_seconds(o.rto_seconds)}); were the two swapped?"
        )
    return None


def restore_passed(test: RestoreTest, o: RecoveryObjective) -> bool:
    lost_ok = test.data_lost_seconds is None or test.data_lost_seconds <= o.rpo_seconds
    return test.restore_seconds <= o.rto_seconds and lost_ok


def restore_verdict(test: RestoreTest, o: RecoveryObjective) -> str:
    reasons = []
    if test.restore_seconds > o.rto_seconds:
        reasons.append(f"took {format_seconds(test.restore_seconds)} > RTO "
                       f"{format_seconds(o.rto_seconds)}")
    if test.data_lost_seconds is not None and test.data_lost_seconds > o.rpo_seconds:
        reasons.append(f"lost {format_seconds(test.data_lost_seconds)} > RPO "
                       f"{format_seconds(o.rpo_seconds)}")
    return "Fail: " + "; ".join(reasons) if reasons else "Pass"


@dataclass(frozen=True)
class ComponentFacts:
    """What the checks need to know about an architecture component."""

    id: str
    name: str
    stateful: bool
    zones: tuple[str, ...] = ()
    instances: int = 1
    owner: str = ""
    managed: bool = False  # an external service or CDN: its provider runs its redundancy

    @property
    def zone_redundant(self) -> bool:
        return len(self.zones) >= 2 and self.instances >= 2 and not self.managed


class CheckKind(Choice):
    UNREACHABLE = "unreachable_rpo", "Target the design cannot reach"
    SLOW_RESTORE = "slow_restore", "Last restore test slower than the RTO"
    NO_RESTORE_TEST = "no_restore_test", "No restore test within the policy"
    NO_OBJECTIVES = "no_objectives", "Stateful component without objectives"
    NO_ZONE_DRILL = "no_zone_drill", "Zone-loss drill never run"
    RPO_OVER_RTO = "rpo_over_rto", "RPO far longer than RTO"
    EXPERIMENT_DEVIATED = "experiment_deviated", "Experiment deviated"
    EVIDENCE_NOT_HELD = "evidence_not_held", "Checklist evidence did not hold"
    ROLLOUT_BAKE = "rollout_bake", "Bake time shorter than the alert window"
    ROLLOUT_SLOW_BURN = "rollout_slow_burn", "Slow-burn alert gets no time to fire"
    ROLLOUT_BUDGET = "rollout_budget", "Rollout puts more budget at risk than remains"


@dataclass(frozen=True)
class Check:
    kind: CheckKind
    subject: str  # what it is about, as people name it
    reason: str
    record_id: str = ""
    passed: bool = False
    risk: str = "Medium"  # "High", "Medium", "Low"

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.record_id}"


def _subject(o: RecoveryObjective, names: dict[str, str]) -> str:
    if o.component_id is None:
        return "The plan"
    return names.get(o.component_id, "A component")


def recovery_checks(
    objectives: Sequence[RecoveryObjective],
    tests: Sequence[RestoreTest],
    drills: Sequence[Drill],
    components: Sequence[ComponentFacts],
    today: date,
    policy_days: int = DEFAULT_POLICY_DAYS,
) -> list[Check]:
    """Every recovery check, passing ones included (``passed``), each with its reason."""
    names = {c.id: c.name for c in components}
    checks: list[Check] = []
    by_objective: dict[str, list[RestoreTest]] = {}
    for t in tests:
        by_objective.setdefault(t.objective_id, []).append(t)
    for o in objectives:
        who = _subject(o, names)
        reach = reachable_rpo(o)
        if reach is None:
            checks.append(Check(
                CheckKind.UNREACHABLE, who,
                f"{who}: RPO target {format_seconds(o.rpo_seconds)}, but neither backups nor "
                "replication are recorded, so any failure can lose everything.",
                o.id, risk="High"))
        elif reach > o.rpo_seconds:
            checks.append(Check(
                CheckKind.UNREACHABLE, who,
                f"{who}: the design can lose {format_seconds(reach)} of data "
                f"({_reach_words(o)}), more than the RPO target of "
                f"{format_seconds(o.rpo_seconds)}.", o.id, risk="High"))
        else:
            checks.append(Check(
                CheckKind.UNREACHABLE, who,
                f"{who}: reachable RPO {format_seconds(reach) if reach else '0 s'} is within "
                f"the target of {format_seconds(o.rpo_seconds)}.", o.id, passed=True))
        notice = rpo_rto_notice(o)
        if notice:
            checks.append(Check(CheckKind.RPO_OVER_RTO, who, f"{who}: {notice}", o.id,
                                risk="Low"))
        done = sorted(by_objective.get(o.id, []), key=lambda t: (t.tested_on, t.id))
        last = done[-1] if done else None
        if last is not None:
            slow = last.restore_seconds > o.rto_seconds
            checks.append(Check(
                CheckKind.SLOW_RESTORE, who,
                f"{who}: the last restore test ({last.tested_on}) took "
                f"{format_seconds(last.restore_seconds)}, "
                + (f"longer than the RTO of {format_seconds(o.rto_seconds)}." if slow else
                   f"within the RTO of {format_seconds(o.rto_seconds)}."),
                o.id, passed=not slow, risk="High"))
        age = (today - last.tested_on).days if last else None
        if age is None or age > policy_days:
            when = (f"the last one was {age} days ago ({last.tested_on})" if last
                    else "none was ever recorded")
            checks.append(Check(
                CheckKind.NO_RESTORE_TEST, who,
                f"{who}: no restore test within the last {policy_days} days; {when}.",
                o.id))
        else:
            checks.append(Check(
                CheckKind.NO_RESTORE_TEST, who,
                f"{who}: restore tested {age} days ago, within the {policy_days}-day policy.",
                o.id, passed=True))
    covered = {o.component_id for o in objectives}
    for c in components:
        if c.stateful and c.id not in covered:
            checks.append(Check(
                CheckKind.NO_OBJECTIVES, c.name,
                f"{c.name} is stateful and has no RPO or RTO: nobody has said how much data "
                "it may lose or how long it may be down.", c.id, risk="High"))
        if c.zone_redundant:
            drilled = [d for d in drills
                       if d.component_id == c.id and d.scenario is Scenario.ZONE_LOSS]
            if drilled:
                last_drill = max(d.held_on for d in drilled)
                checks.append(Check(
                    CheckKind.NO_ZONE_DRILL, c.name,
                    f"{c.name}: zone loss drilled on {last_drill}.", c.id, passed=True))
            else:
                checks.append(Check(
                    CheckKind.NO_ZONE_DRILL, c.name,
                    f"{c.name} runs in {len(c.zones)} zones ({', '.join(c.zones)}) and claims "
                    "to survive a zone loss, but no zone-loss drill was ever run.", c.id))
    return checks


def _reach_words(o: RecoveryObjective) -> str:
    parts = []
    if o.backup_interval_seconds is not None and o.replication is not Replication.SYNC:
        parts.append(f"backups every {format_seconds(o.backup_interval_seconds)}")
    if o.replication is Replication.ASYNC and o.replication_lag_seconds:
        parts.append(f"replication lag {format_seconds(o.replication_lag_seconds)}")
    return " plus ".join(parts) or "synchronous replication"


# 2. Chaos experiments -------------------------------------------------------------------


@dataclass(frozen=True)
class ExperimentRun:
    id: str
    experiment_id: str
    ran_on: date
    outcome: Outcome
    observations: str = ""
    budget_spent: float | None = None  # percent of the SLO's budget
    finding_id: str | None = None


@dataclass(frozen=True)
class Experiment:
    """A chaos experiment; the ``ctk_*`` fields keep a Chaos Toolkit file exactly."""

    id: str
    plan_id: str
    title: str
    hypothesis: str = ""
    description: str = ""
    slo_id: str | None = None
    tolerance: str = ""
    fault: str = ""
    environment: str = ""
    blast_percent: float | None = None
    blast_unit: BlastUnit = BlastUnit.TRAFFIC
    abort_budget_percent: float = 5.0  # stop before spending this share of the budget
    duration_seconds: int | None = None
    schedule: str = ""
    owner: str = ""
    target_ids: tuple[str, ...] = ()
    ctk: CtkParts | None = None


@dataclass(frozen=True)
class CtkParts:
    """The parts of a Chaos Toolkit experiment SRE Plan keeps but does not interpret.

    Each is JSON text exactly as read (provider blocks included), or "" when absent.
    """

    tags: str = ""
    configuration: str = ""
    probes: str = ""
    method: str = ""
    rollbacks: str = ""


def experiment_errors(e: Experiment) -> list[str]:
    problems = []
    if not e.title.strip():
        problems.append("An experiment needs a title")
    if e.blast_percent is not None:
        p = percent_error(e.blast_percent, "Blast radius", allow_zero=False)
        if p:
            problems.append(p)
    p = percent_error(e.abort_budget_percent, "Abort budget share", allow_zero=False)
    if p:
        problems.append(p)
    if e.duration_seconds is not None and e.duration_seconds <= 0:
        problems.append("Duration must be longer than zero")
    return problems


@dataclass(frozen=True)
class SloFacts:
    """What the resilience checks read from an SLO: target, window and alert policy."""

    id: str
    name: str
    target: float  # percent
    window_seconds: float
    objective: float | None = None  # a latency threshold, for threshold SLIs
    objective_op: str = ""

    @property
    def budget_fraction(self) -> float:
        return (100.0 - self.target) / 100.0

    @property
    def budget_seconds(self) -> float:
        return self.budget_fraction * self.window_seconds


@dataclass(frozen=True)
class AlertWindow:
    """One burn-rate alert rule, already scaled to an SLO (see slo.error_budget)."""

    severity: str  # "page" or "ticket"
    long_seconds: float
    short_seconds: float
    burn_rate: float


@dataclass(frozen=True)
class AbortCondition:
    error_ratio: float  # abort when the error ratio exceeds this over ``short_seconds``
    short_seconds: float
    long_seconds: float
    burn_rate: float
    max_seconds: float  # at that burn rate the allowed share of budget is gone after this

    def text(self) -> str:
        return (
            f"Abort when the error ratio exceeds {self.error_ratio:.4%} over "
            f"{format_seconds(self.short_seconds)} (burn rate {self.burn_rate:.3g}, the "
            f"fast-burn page); at that rate the allowed budget is spent in "
            f"{format_seconds(self.max_seconds)}"
        )


def fast_burn(alerts: Iterable[AlertWindow]) -> AlertWindow | None:
    pages = [a for a in alerts if a.severity == "page"] or list(alerts)
    return max(pages, key=lambda a: a.burn_rate, default=None)


def slow_burn(alerts: Iterable[AlertWindow]) -> AlertWindow | None:
    """The slowest page (6 h at burn rate 6 in the workbook), the ticket when none pages."""
    alerts = list(alerts)
    pages = [a for a in alerts if a.severity == "page"] or alerts
    return min(pages, key=lambda a: a.burn_rate, default=None)


def abort_condition(
    slo: SloFacts, alerts: Sequence[AlertWindow], abort_budget_percent: float
) -> AbortCondition | None:
    """The fast-burn page as an abort rule, and how long the experiment may burn at it."""
    fast = fast_burn(alerts)
    if fast is None or fast.burn_rate <= 0:
        return None
    ratio = fast.burn_rate * slo.budget_fraction
    max_seconds = abort_budget_percent / 100.0 * slo.window_seconds / fast.burn_rate
    return AbortCondition(ratio, fast.short_seconds, fast.long_seconds, fast.burn_rate,
                          max_seconds)


def worst_case_cost(e: Experiment, slo: SloFacts) -> float | None:
    """Percent of the budget the experiment spends if every request in its blast radius fails
    for its whole duration (before the abort condition cuts it short)."""
    if e.duration_seconds is None or e.blast_percent is None or slo.budget_seconds <= 0:
        return None
    bad = e.blast_percent / 100.0 * e.duration_seconds
    return bad / slo.budget_seconds * 100.0


def latest_run(runs: Iterable[ExperimentRun]) -> ExperimentRun | None:
    return max(runs, key=lambda r: (r.ran_on, r.id), default=None)


def experiment_checks(
    experiments: Sequence[Experiment], runs: Sequence[ExperimentRun]
) -> list[Check]:
    checks = []
    for e in experiments:
        last = latest_run(r for r in runs if r.experiment_id == e.id)
        if last is None:
            continue
        if last.outcome is Outcome.DEVIATED:
            spent = (f"; {last.budget_spent:g} % of the budget spent"
                     if last.budget_spent is not None else "")
            checks.append(Check(
                CheckKind.EXPERIMENT_DEVIATED, e.title,
                f"Experiment '{e.title}' deviated from its steady state on {last.ran_on}"
                f"{spent}: {(last.observations or 'no observations recorded').rstrip('.')}.",
                e.id, risk="High"))
    return checks


def evidence_checks(
    links: Sequence[tuple[str, str, bool, str]],
    experiments: Sequence[Experiment],
    runs: Sequence[ExperimentRun],
) -> list[Check]:
    """``links``: (checkpoint id, checkpoint title, marked done, experiment id)."""
    by_id = {e.id: e for e in experiments}
    checks = []
    for checkpoint_id, title, done, experiment_id in links:
        e = by_id.get(experiment_id)
        if e is None:
            continue
        last = latest_run(r for r in runs if r.experiment_id == experiment_id)
        held = last is not None and last.outcome is Outcome.HELD
        if done and not held:
            why = "was never run" if last is None else f"deviated on {last.ran_on}"
            checks.append(Check(
                CheckKind.EVIDENCE_NOT_HELD, title,
                f"Checkpoint '{title}' is marked done, but its evidence, the experiment "
                f"'{e.title}', {why}: it is done only when the latest run held.",
                checkpoint_id, risk="High"))
    return checks


# 3. Rollout plans ------------------------------------------------------------------------


@dataclass(frozen=True)
class RolloutStep:
    """One step: shift ``traffic_percent`` to the new version, then bake or wait at a gate.

    ``analysis`` and ``experiment`` hold an Argo Rollouts block as JSON text, kept exactly.
    """

    traffic_percent: float
    bake_seconds: int | None = None
    manual_gate: bool = False
    analysis: str = ""
    experiment: str = ""
    id: str = ""

    @property
    def checked(self) -> bool:
        return self.manual_gate or bool(self.analysis)


@dataclass(frozen=True)
class AnalysisMetric:
    """A Prometheus metric of an AnalysisTemplate, kept as Argo wrote it."""

    template: str
    name: str
    query: str = ""
    address: str = ""
    interval_seconds: int | None = None
    success_condition: str = ""
    failure_condition: str = ""
    failure_limit: int | None = None
    count: int | None = None
    id: str = ""


@dataclass(frozen=True)
class RolloutPlan:
    id: str
    plan_id: str
    component_id: str
    name: str
    strategy: Strategy = Strategy.CANARY
    slo_id: str | None = None
    rollback_method: str = ""
    rollback_seconds: int | None = None
    failure_percent: float = 100.0  # share of requests a bad version fails
    analysis_interval_seconds: int = 60
    failure_limit: int = 1
    # blue-green details, as Argo Rollouts names them
    active_service: str = ""
    preview_service: str = ""
    auto_promotion: bool = True
    pre_promotion_analysis: str = ""  # JSON text of the block
    scale_down_delay_seconds: int | None = None
    notes: str = ""
    steps: tuple[RolloutStep, ...] = ()
    metrics: tuple[AnalysisMetric, ...] = field(default=())


def rollout_errors(r: RolloutPlan) -> list[str]:
    """Bad input, each naming the field; an empty list means the plan can be stored."""
    problems = []
    if not r.name.strip():
        problems.append("A rollout plan needs a name")
    if len(r.steps) > MAX_STEPS:
        problems.append(f"{len(r.steps):,} steps: a rollout has at most {MAX_STEPS} steps")
        return problems
    p = percent_error(r.failure_percent, "Failure ratio of a bad version", allow_zero=False)
    if p:
        problems.append(p)
    if r.rollback_seconds is not None and r.rollback_seconds <= 0:
        problems.append("Rollback time must be longer than zero")
    if r.analysis_interval_seconds <= 0:
        problems.append("Analysis interval must be longer than zero")
    if r.failure_limit < 0:
        problems.append("Failure limit cannot be negative")
    previous = 0.0
    for n, s in enumerate(r.steps, 1):
        p = percent_error(s.traffic_percent, f"Step {n}: traffic share")
        if p:
            problems.append(p)
            continue
        if s.bake_seconds is not None and s.bake_seconds <= 0:
            problems.append(f"Step {n}: bake time must be longer than zero")
        if s.traffic_percent < previous and not r.rollback_method.strip():
            problems.append(
                f"Step {n}: the traffic share goes down ({previous:g} % → "
                f"{s.traffic_percent:g} %) and the plan names no rollback method")
        previous = s.traffic_percent
    return problems


def total_seconds(r: RolloutPlan) -> int:
    """Bake time of every step; a manual gate waits for people and adds nothing it can know."""
    return sum(s.bake_seconds or 0 for s in r.steps)


@dataclass(frozen=True)
class BudgetAtRisk:
    bad_seconds: float  # budget spent, as seconds of full outage
    percent_of_remaining: float | None
    caught_at_step: int | None  # 1-based; None: nothing stops a bad version


def budget_at_risk(
    r: RolloutPlan, slo: SloFacts | None, remaining_percent: float = 100.0
) -> BudgetAtRisk:
    """Budget a bad version spends: traffic share × bake time × failure ratio, step by step,
    until the first step with an analysis or a manual gate stops it, plus the rollback at
    that step's share. With nothing to stop it, the last step's share burns through the
    rollback too."""
    failure = r.failure_percent / 100.0
    bad = 0.0
    caught = None
    share = 0.0
    for n, s in enumerate(r.steps, 1):
        share = s.traffic_percent / 100.0
        bad += share * (s.bake_seconds or 0) * failure
        if s.checked:
            caught = n
            break
    bad += share * (r.rollback_seconds or 0) * failure
    percent = None
    if slo is not None and slo.budget_seconds > 0 and remaining_percent > 0:
        percent = bad / (slo.budget_seconds * remaining_percent / 100.0) * 100.0
    return BudgetAtRisk(bad, percent, caught)


@dataclass(frozen=True)
class Criteria:
    """Success and rollback conditions derived from an SLO and the alert policy."""

    success_error_ratio: float | None  # keep going while the error ratio is at most this
    rollback_error_ratio: float | None  # roll back when it exceeds this
    latency_limit: float | None = None
    latency_op: str = ""

    def lines(self) -> list[str]:
        out = []
        if self.success_error_ratio is not None:
            out.append(f"Success: error ratio ≤ {self.success_error_ratio:.4%} "
                       "(the slow-burn threshold)")
        if self.rollback_error_ratio is not None:
            out.append(f"Roll back: error ratio > {self.rollback_error_ratio:.4%} "
                       "(the fast-burn threshold)")
        if self.latency_limit is not None:
            out.append(f"Latency objective: {self.latency_op} {self.latency_limit:g}")
        return out


def criteria(slo: SloFacts, alerts: Sequence[AlertWindow]) -> Criteria:
    fast, slow = fast_burn(alerts), slow_burn(alerts)
    return Criteria(
        success_error_ratio=slow.burn_rate * slo.budget_fraction if slow else None,
        rollback_error_ratio=fast.burn_rate * slo.budget_fraction if fast else None,
        latency_limit=slo.objective,
        latency_op=slo.objective_op,
    )


def rollout_checks(
    r: RolloutPlan,
    slo: SloFacts | None,
    alerts: Sequence[AlertWindow],
    remaining_percent: float = 100.0,
) -> list[Check]:
    checks = []
    shortest = min((a.short_seconds for a in alerts), default=None)
    if shortest is not None:
        for n, s in enumerate(r.steps, 1):
            if s.bake_seconds is not None and s.bake_seconds < shortest and not s.manual_gate:
                checks.append(Check(
                    CheckKind.ROLLOUT_BAKE, r.name,
                    f"Rollout '{r.name}', step {n}: bakes {format_seconds(s.bake_seconds)} at "
                    f"{s.traffic_percent:g} %, shorter than the shortest alert window "
                    f"({format_seconds(shortest)}): no alert can notice a breach before "
                    "the next step.", r.id, risk="Medium"))
    slow = slow_burn(alerts)
    if slow is not None and r.steps:
        longest = max((s.bake_seconds or 0) for s in r.steps)
        if longest < slow.long_seconds:
            checks.append(Check(
                CheckKind.ROLLOUT_SLOW_BURN, r.name,
                f"Rollout '{r.name}': no step bakes as long as the slow-burn alert's window "
                f"({format_seconds(slow.long_seconds)}; the longest bake is "
                f"{format_seconds(longest) if longest else 'none'}), so a slow burn is found "
                "only after the rollout completes.", r.id, risk="Low"))
    risk = budget_at_risk(r, slo, remaining_percent)
    if risk.percent_of_remaining is not None and risk.percent_of_remaining > 100.0:
        checks.append(Check(
            CheckKind.ROLLOUT_BUDGET, r.name,
            f"Rollout '{r.name}': a bad version would spend {risk.percent_of_remaining:.0f} % "
            "of the remaining error budget before it is rolled back.", r.id, risk="High"))
    return checks


def traffic_series(r: RolloutPlan) -> tuple[list[float], list[float]]:
    """The step chart: (hours, traffic %) corners, starting at 0 % at time 0."""
    times, shares = [0.0], [0.0]
    t = 0.0
    for s in r.steps:
        times.append(t)
        shares.append(s.traffic_percent)
        t += (s.bake_seconds or 0) / HOUR
        times.append(t)
        shares.append(s.traffic_percent)
    return times, shares


def slo_metrics(
    r: RolloutPlan,
    slo: SloFacts,
    alerts: Sequence[AlertWindow],
    good_query: str,
    total_query: str,
    address: str = "",
) -> tuple[AnalysisMetric, ...]:
    """The analysis a rollout gets from its SLO: the error ratio of the SLI's queries against
    the slow-burn (success) and fast-burn (failure) thresholds."""
    c = criteria(slo, alerts)
    query = f"1 - (({good_query.strip()}) / ({total_query.strip()}))"
    return (AnalysisMetric(
        template=f"{_kube(r.name)}-slo",
        name="error-ratio",
        query=query,
        address=address,
        interval_seconds=r.analysis_interval_seconds,
        success_condition=(f"result[0] <= {c.success_error_ratio:.6g}"
                           if c.success_error_ratio is not None else ""),
        failure_condition=(f"result[0] > {c.rollback_error_ratio:.6g}"
                           if c.rollback_error_ratio is not None else ""),
        failure_limit=r.failure_limit,
    ),)


def _kube(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:50].strip("-") or "rollout"
