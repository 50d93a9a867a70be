"""Every plan's figures for the portfolio, gathered in a few queries for the whole workspace.

Per-plan work is kept to what needs a model: the capacity outlook of plans with a
planned event ahead, the SLO budget of plans with incidents, and the action items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sreplan.capacity import store as capacity
from sreplan.checkpoints.gates import GateItem, Verdict, summarize
from sreplan.checkpoints.model import CheckpointStatus, Risk
from sreplan.incidents.budget import window_spends
from sreplan.incidents.store import list_incidents
from sreplan.kernel.workspace import Workspace
from sreplan.plans.model import EngagementModel, LifecycleStage, PlanStatus
from sreplan.portfolio.actions import action_counts
from sreplan.slo.store import list_slos
from sreplan.upcoming.review import review_statuses

INCIDENT_DAYS = 90
AT_RISK_PERCENT = 50.0  # of an SLO's error budget spent by incidents in its current window
HORIZON_DAYS = 180  # the capacity outlook's default horizon


@dataclass(frozen=True)
class PortfolioRow:
    plan_id: str
    service: str
    team: str
    engagement_model: EngagementModel
    lifecycle_stage: LifecycleStage
    status: PlanStatus
    phase: str | None  # the current phase: the first whose gate is not Ready (else the last)
    gate: Verdict | None
    open_p0: int
    overdue_actions: int
    slos_at_risk: int
    next_event: str | None  # the next planned capacity event, "name (date)"
    capacity_shortfalls: int | None  # resources short at that event; None: no event ahead
    incidents_90d: int
    next_review: date | None
    review_overdue: bool
    review_due: date | None = None  # last review (or start) + cadence
    # False while the per-plan figures (actions, SLOs at risk, capacity) are still to come:
    # the app shows the cheap columns at once and fills these in behind (complete_row).
    complete: bool = True
    next_event_id: str | None = None
    recent_incidents: bool = False  # any incident in the last year: SLOs may be at risk

    @property
    def gate_text(self) -> str:
        if self.phase is None or self.gate is None:
            return "No phases"
        return f"{self.phase}: {self.gate.label}"

    def as_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "service": self.service,
            "team": self.team,
            "engagement_model": self.engagement_model.value,
            "lifecycle_stage": self.lifecycle_stage.value,
            "status": self.status.value,
            "current_phase": self.phase,
            "gate": None if self.gate is None else self.gate.value,
            "open_p0_actions": self.open_p0,
            "overdue_actions": self.overdue_actions,
            "slos_at_risk": self.slos_at_risk,
            "next_capacity_event": self.next_event,
            "capacity_shortfalls": self.capacity_shortfalls,
            "incidents_last_90_days": self.incidents_90d,
            "next_review": None if self.next_review is None else self.next_review.isoformat(),
            "review_overdue": self.review_overdue,
            "review_due": None if self.review_due is None else self.review_due.isoformat(),
        }


def _current_gates(ws: Workspace) -> dict[str, tuple[str, Verdict]]:
    """Plan id -> (current phase, its verdict): two queries for every plan."""
    phases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for plan_id, phase_id, name in ws.conn.execute(
        "SELECT plan_id, id, name FROM phases ORDER BY plan_id, position, rowid"
    ):
        phases[plan_id].append((phase_id, name))
    items: dict[str, list[tuple[str, GateItem]]] = defaultdict(list)
    for plan_id, phase_id, status, risk, count in ws.conn.execute(
        "SELECT plan_id, phase_id, status, risk, count(*) FROM checkpoints "
        "GROUP BY plan_id, phase_id, status, risk"
    ):
        items[plan_id].append((phase_id, GateItem(CheckpointStatus(status), Risk(risk), count)))
    result = {}
    for plan_id, ordered in phases.items():
        summary = summarize(ordered, items.get(plan_id, []))
        current = next(
            (p for p in summary.phases if p.gate.verdict is not Verdict.READY), summary.phases[-1]
        )
        result[plan_id] = (current.phase_name, current.gate.verdict)
    return result


def _incident_counts(ws: Workspace, today: date) -> tuple[dict[str, int], set[str]]:
    """Incidents that started in the last 90 days per plan, and the plans with any incident
    in the last year (only those can have an SLO at risk)."""
    end = datetime.combine(today, time.max, UTC)
    since = end - timedelta(days=INCIDENT_DAYS)
    counts: dict[str, int] = defaultdict(int)
    recent: set[str] = set()
    year_ago = (today - timedelta(days=400)).isoformat()
    for plan_id, started in ws.conn.execute(
        "SELECT plan_id, started_at FROM incidents WHERE started_at >= ?", [year_ago]
    ):
        moment = datetime.fromisoformat(started)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        recent.add(plan_id)
        if since <= moment <= end:
            counts[plan_id] += 1
    return counts, recent


def _slos_at_risk(ws: Workspace, plan_id: str, today: date) -> int:
    now = datetime.combine(today, time.max, UTC)
    spends = window_spends(list_incidents(ws, plan_id), list_slos(ws, plan_id), now)
    return sum(1 for s in spends if s.percent >= AT_RISK_PERCENT)


def _next_events(ws: Workspace, today: date) -> dict[str, tuple[str, str, date]]:
    """Plan id -> (event id, name, start) of its next capacity event within the horizon."""
    last = (today + timedelta(days=HORIZON_DAYS)).isoformat()
    found: dict[str, tuple[str, str, date]] = {}
    for plan_id, event_id, name, starts in ws.conn.execute(
        "SELECT plan_id, id, name, starts_on FROM capacity_events "
        "WHERE starts_on >= ? AND starts_on <= ? ORDER BY plan_id, starts_on, name",
        [today.isoformat(), last],
    ):
        found.setdefault(plan_id, (event_id, name, date.fromisoformat(starts)))
    return found


def _shortfalls(ws: Workspace, plan_id: str, event_id: str, today: date) -> int:
    """Resources whose units needed at the event's peak exceed the units in place (only the
    resources the event applies to are forecast)."""
    from sreplan.capacity.outlook_store import resource_outlook  # numpy: only when needed

    event = next(e for e in capacity.list_events(ws, plan_id) if e.id == event_id)
    short = 0
    for resource_id in capacity.resource_ids(ws, plan_id):
        if not event.applies_to(resource_id):
            continue
        outlook = resource_outlook(ws, resource_id, today=today, horizon_days=HORIZON_DAYS)
        for peak in outlook.event_peaks:
            if peak.event.id == event_id and peak.units_needed is not None and (
                peak.units_needed > outlook.resource.current_units
            ):
                short += 1
    return short


def complete_row(ws: Workspace, row: PortfolioRow, today: date) -> PortfolioRow:
    """The row with the figures that need a model per plan: action items, SLO budgets
    spent by incidents, capacity outlooks at the next event."""
    if row.complete:
        return row
    counts = action_counts(ws, row.plan_id, today)
    return replace(
        row,
        open_p0=counts.open_p0,
        overdue_actions=counts.overdue,
        slos_at_risk=_slos_at_risk(ws, row.plan_id, today) if row.recent_incidents else 0,
        capacity_shortfalls=None if row.next_event_id is None
        else _shortfalls(ws, row.plan_id, row.next_event_id, today),
        complete=True,
    )


def portfolio(
    ws: Workspace,
    today: date | None = None,
    plan_ids: Iterable[str] | None = None,
    *,
    complete: bool = True,
) -> list[PortfolioRow]:
    """One row per plan, by service name. Without ``complete``, only what a handful of
    queries give for every plan at once; :func:`complete_row` adds the rest per plan."""
    today = today or date.today()
    wanted = None if plan_ids is None else set(plan_ids)
    plans = [
        r for r in ws.rows(
            "SELECT id, name, product_team, engagement_model, lifecycle_stage, status FROM plans "
            "ORDER BY name COLLATE NOCASE, id"
        ) if wanted is None or r["id"] in wanted
    ]
    gates = _current_gates(ws)
    incidents, with_incidents = _incident_counts(ws, today)
    events = _next_events(ws, today)
    reviews = review_statuses(ws, today)
    rows = []
    for p in plans:
        pid = p["id"]
        phase, verdict = gates.get(pid, (None, None))
        event = events.get(pid)
        review = reviews.get(pid)
        row = PortfolioRow(
            plan_id=pid,
            service=p["name"],
            team=p["product_team"],
            engagement_model=EngagementModel(p["engagement_model"]),
            lifecycle_stage=LifecycleStage(p["lifecycle_stage"]),
            status=PlanStatus(p["status"]),
            phase=phase,
            gate=verdict,
            open_p0=0,
            overdue_actions=0,
            slos_at_risk=0,
            next_event=None if event is None else f"{event[1]} ({event[2].isoformat()})",
            capacity_shortfalls=None,
            incidents_90d=incidents.get(pid, 0),
            next_review=None if review is None else review.next_review,
            review_overdue=review is not None and review.overdue(today),
            review_due=None if review is None else review.due,
            complete=False,
            next_event_id=None if event is None else event[0],
            recent_incidents=pid in with_incidents,
        )
        rows.append(complete_row(ws, row, today) if complete else row)
    return rows
