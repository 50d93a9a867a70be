"""The error budget an incident spent, from the plan's own SLOs, and the postmortem rule.

Time-based SLOs (timeslices): bad minutes = impact minutes × failing share, as a
share of the budget minutes over the SLO's window ((1 − target) × window).
Occurrence-based SLOs: bad events (counted, or failing share × request rate ×
impact time) as a share of the allowed bad events at the SLO's request rate.
A full outage fails every request for its minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sreplan.incidents.model import (
    DEFAULT_POSTMORTEM_THRESHOLD,
    ActionStatus,
    ImpactKind,
    Incident,
    Priority,
)
from sreplan.kernel.workspace import Workspace
from sreplan.slo.error_budget import ErrorBudget
from sreplan.slo.model import BudgetingMethod, PolicyTrigger, Slo
from sreplan.slo.policy import budget_policy


@dataclass(frozen=True)
class Spend:
    """What one incident cost one SLO's error budget."""

    slo_id: str
    slo_title: str
    time_based: bool
    bad: float | None  # bad minutes (time-based) or bad events (occurrences)
    allowed: float | None  # budget minutes or allowed bad events over the window
    note: str = ""  # why it could not be computed

    @property
    def percent(self) -> float | None:
        if self.bad is None or not self.allowed:
            return None
        return 100.0 * self.bad / self.allowed

    @property
    def unit(self) -> str:
        return "bad minutes" if self.time_based else "bad events"


def failing_fraction(incident: Incident) -> float | None:
    if incident.impact_kind is ImpactKind.FULL_OUTAGE:
        return 1.0
    if incident.impact_kind is ImpactKind.FAILING_SHARE and incident.impact_percent is not None:
        return incident.impact_percent / 100.0
    return None


def spend(incident: Incident, slo: Slo) -> Spend:
    """The budget ``incident`` spent of ``slo`` (hand-checkable; see the module doc)."""
    budget = ErrorBudget(slo.target, slo.window.duration)
    time_based = slo.budgeting_method is not BudgetingMethod.OCCURRENCES
    minutes = incident.impact_minutes
    share = failing_fraction(incident)
    rate = slo.request_rate
    title = slo.title

    def missing(note: str) -> Spend:
        return Spend(slo.id, title, time_based, None, None, note)

    if time_based:
        allowed = budget.bad_seconds / 60.0
        if incident.impact_kind is ImpactKind.BAD_EVENTS:
            if incident.bad_events is None:
                return missing("enter the bad events counted")
            if not rate:
                return missing("the SLO has no request rate to turn bad events into minutes")
            return Spend(slo.id, title, True, incident.bad_events / rate / 60.0, allowed)
        if minutes is None:
            return missing("needs impact start and mitigation (or outage minutes)")
        if share is None:
            return missing("enter the share of requests failing")
        return Spend(slo.id, title, True, minutes * share, allowed)
    if not rate:
        return missing("the SLO has no request rate for its budget in events")
    allowed = budget.bad_events(rate)
    if incident.impact_kind is ImpactKind.BAD_EVENTS:
        if incident.bad_events is None:
            return missing("enter the bad events counted")
        return Spend(slo.id, title, False, incident.bad_events, allowed)
    if minutes is None:
        return missing("needs impact start and mitigation (or outage minutes)")
    if share is None:
        return missing("enter the share of requests failing")
    return Spend(slo.id, title, False, share * rate * minutes * 60.0, allowed)


def incident_spends(incident: Incident, slos: dict[str, Slo]) -> list[Spend]:
    return [spend(incident, slos[s]) for s in incident.slo_ids if s in slos]


def postmortem_threshold(ws: Workspace, plan_id: str) -> float:
    """The plan's policy step that asks for a postmortem ("consumed ≥ X %"), else 20 %."""
    steps = [
        s
        for s in budget_policy(ws, plan_id)
        if s.trigger is PolicyTrigger.CONSUMED
        and s.consumed_percent is not None
        and "postmortem" in s.action.casefold()
    ]
    if not steps:
        return DEFAULT_POSTMORTEM_THRESHOLD
    return min(s.consumed_percent or 0.0 for s in steps)


def triggered_steps(ws: Workspace, plan_id: str, spends: Iterable[Spend]) -> list[str]:
    """The plan's "budget consumed ≥ X %" policy steps that one incident alone reached."""
    worst = max((sp.percent for sp in spends if sp.percent is not None), default=None)
    if worst is None:
        return []
    return [
        f"{step.condition}: {step.action}"
        for step in budget_policy(ws, plan_id)
        if step.trigger is PolicyTrigger.CONSUMED
        and step.consumed_percent is not None
        and worst >= step.consumed_percent
    ]


def needs_postmortem(spends: Iterable[Spend], threshold: float) -> bool:
    """One incident spent the threshold or more of any linked SLO's budget."""
    return any(s.percent is not None and s.percent >= threshold for s in spends)


def has_p0_action(incident: Incident) -> bool:
    return any(
        a.priority is Priority.P0 and a.status is not ActionStatus.NOT_DOING
        for a in incident.actions
    )


@dataclass(frozen=True)
class PostmortemCheck:
    required: bool
    satisfied: bool
    message: str

    @property
    def red(self) -> bool:
        return self.required and not self.satisfied


def postmortem_check(
    incident: Incident, spends: Sequence[Spend], threshold: float
) -> PostmortemCheck:
    worst = max(
        (s for s in spends if s.percent is not None), key=lambda s: s.percent or 0.0, default=None
    )
    if not needs_postmortem(spends, threshold) or worst is None:
        return PostmortemCheck(False, True, "")
    what = (
        f"{incident.key} spent {worst.percent:.1f} % of the budget of '{worst.slo_title}' "
        f"(policy: a postmortem from {threshold:g} %)."
    )
    written = bool(incident.summary.strip() and incident.root_causes.strip())
    if has_p0_action(incident) and written:
        return PostmortemCheck(True, True, what + " Postmortem and P0 action item recorded.")
    missing = []
    if not written:
        missing.append("a postmortem (summary and root causes)")
    if not has_p0_action(incident):
        missing.append("at least one P0 action item")
    return PostmortemCheck(True, False, what + " Required: " + " and ".join(missing) + ".")


def window_start(slo: Slo, now: datetime) -> datetime:
    """Where the SLO's current window begins (rolling: now − window; calendar: the period)."""
    duration = slo.window.duration
    if slo.window.rolling or duration.count != 1:
        return now - timedelta(seconds=duration.seconds)
    local = now
    if duration.unit == "M":
        return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if duration.unit == "Q":
        month = 3 * ((local.month - 1) // 3) + 1
        return local.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
    if duration.unit == "Y":
        return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if duration.unit == "w":
        start = local - timedelta(days=local.weekday())
        return start.replace(hour=0, minute=0, second=0, microsecond=0)
    return now - timedelta(seconds=duration.seconds)


@dataclass(frozen=True)
class WindowSpend:
    slo_id: str
    slo_title: str
    percent: float  # of the budget, summed over the incidents in the current window
    incidents: tuple[str, ...]  # INC keys
    uncounted: tuple[str, ...]  # INC keys whose spend could not be computed


def window_spends(
    incidents: Sequence[Incident], slos: Sequence[Slo], now: datetime | None = None
) -> list[WindowSpend]:
    """Per SLO: budget spent by incidents that started within its current window."""
    now = now or datetime.now(UTC)
    result = []
    for slo in slos:
        start = window_start(slo, now)
        total = 0.0
        counted: list[str] = []
        uncounted: list[str] = []
        for incident in incidents:
            if slo.id not in incident.slo_ids or incident.started_at is None:
                continue
            if not start <= incident.started_at <= now:
                continue
            percent = spend(incident, slo).percent
            if percent is None:
                uncounted.append(incident.key)
            else:
                total += percent
                counted.append(incident.key)
        if counted or uncounted:
            result.append(WindowSpend(slo.id, slo.title, total, tuple(counted), tuple(uncounted)))
    return result


def budget_steps(incidents: Sequence[Incident], slo: Slo) -> list[tuple[datetime, float]]:
    """The real burn-down of one SLO: (moment, budget remaining %) after each incident."""
    remaining = 100.0
    steps: list[tuple[datetime, float]] = []
    for incident in sorted(
        (i for i in incidents if slo.id in i.slo_ids and i.started_at is not None),
        key=lambda i: (i.started_at or datetime.min.replace(tzinfo=UTC), i.number, i.id),
    ):
        percent = spend(incident, slo).percent
        if percent is None or incident.started_at is None:
            continue
        remaining -= percent
        steps.append((incident.started_at, remaining))
    return steps
