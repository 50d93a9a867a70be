"""Two small demo plans beside the checkout one, so the portfolio shows something real.

Search is in general availability with a recent outage that spent most of its SLO's
budget; the payments ledger is in limited availability, its review overdue and a
planned change flagged by an open High finding.
"""

from __future__ import annotations

from datetime import date, timedelta

from sreplan.checkpoints.store import add_default_phases
from sreplan.kernel import records
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace, now_iso
from sreplan.plans.model import (
    CriticalityTier,
    EngagementModel,
    LifecycleStage,
    Plan,
    PlanStatus,
)
from sreplan.plans.store import insert_plan
from sreplan.upcoming import store as upcoming

SEARCH_PLAN_ID = stable_id("demo/plan/search")
LEDGER_PLAN_ID = stable_id("demo/plan/ledger")


def _id(plan: str, key: str) -> str:
    return stable_id(f"demo/portfolio/{plan}/{key}")


def _plan(plan_id: str, name: str, team: str, lead: str, model: EngagementModel,
          stage: LifecycleStage, tier: CriticalityTier, start: date) -> Plan:
    stamp = now_iso()
    return Plan(id=plan_id, name=name, product_team=team, sre_lead=lead, engagement_model=model,
                lifecycle_stage=stage, status=PlanStatus.ACTIVE, start_date=start, tier=tier,
                created_at=stamp, updated_at=stamp)


def _checklist(ws: Workspace, plan_id: str, today: date,
               items: list[tuple[int, str, str, str]]) -> None:
    """Items as (phase index, title, status, risk) in the default phases."""
    add_default_phases(ws, plan_id)
    phases = [r[0] for r in ws.conn.execute(
        "SELECT id FROM phases WHERE plan_id = ? ORDER BY position, rowid", [plan_id])]
    stamp = f"{today.isoformat()}T09:00:00+00:00"
    records.insert(ws, "checkpoints", [{
        "id": _id(plan_id, f"item/{n}"), "plan_id": plan_id, "phase_id": phases[phase],
        "position": n, "title": title, "status": status, "risk": risk,
        "category": "architecture", "owner_side": "shared", "updated_at": stamp,
    } for n, (phase, title, status, risk) in enumerate(items)])  # fmt: skip


def _review(ws: Workspace, plan_id: str, held: date, weeks: int) -> None:
    records.insert(ws, "review_sessions", [{
        "id": _id(plan_id, "session"), "plan_id": plan_id, "title": "Production-readiness review",
        "held_on": held.isoformat(), "kind": "prr",
    }])  # fmt: skip
    records.insert(ws, upcoming.CADENCES, [
        {"id": _id(plan_id, "cadence"), "plan_id": plan_id, "every_weeks": weeks}
    ])


def _search(ws: Workspace, today: date) -> None:
    pid = SEARCH_PLAN_ID
    insert_plan(ws, _plan(pid, "Search service", "Discovery", "Jonas Berg",
                          EngagementModel.SIMPLE_PRR, LifecycleStage.GENERAL_AVAILABILITY,
                          CriticalityTier.TIER_1, today - timedelta(days=400)))
    done = [(p, t, "done", r) for p, t, r in (
        (0, "Architecture reviewed", "high"), (1, "Load test at peak", "high"),
        (2, "Runbooks written", "medium"), (3, "Canary deploys", "medium"))]
    _checklist(ws, pid, today, [*done, (4, "Quarterly restore test", "not_started", "medium")])
    records.insert(ws, "services", [{"id": _id(pid, "svc"), "plan_id": pid, "name": "search"}])
    records.insert(ws, "slis", [{"id": _id(pid, "sli"), "plan_id": pid, "name": "search-ok",
                                 "kind": "availability", "sli_type": "ratio"}])
    records.insert(ws, "slos", [{
        "id": _id(pid, "slo"), "plan_id": pid, "service_id": _id(pid, "svc"),
        "sli_id": _id(pid, "sli"), "name": "search-availability",
        "display_name": "Search availability", "target": 99.9, "time_window": "30d",
        "budgeting_method": "Occurrences", "status": "agreed", "request_rate": 1200.0,
    }])  # fmt: skip
    started = f"{(today - timedelta(days=12)).isoformat()}T14:05:00+00:00"
    records.insert(ws, "incidents", [{
        "id": _id(pid, "inc1"), "plan_id": pid, "number": 1,
        "title": "Index rebuild took search offline", "severity": "SEV-2",
        "status": "postmortem_review", "started_at": started, "impact_kind": "full_outage",
        "outage_minutes": 25.0,
    }])  # fmt: skip
    records.insert(ws, "incident_slos", [{"id": _id(pid, "inc1/slo"), "plan_id": pid,
                                          "incident_id": _id(pid, "inc1"),
                                          "slo_id": _id(pid, "slo")}])
    _review(ws, pid, today - timedelta(days=10), 4)


def _ledger(ws: Workspace, today: date) -> None:
    pid = LEDGER_PLAN_ID
    insert_plan(ws, _plan(pid, "Payments ledger", "Checkout & Payments", "Priya Natarajan",
                          EngagementModel.FRAMEWORKS, LifecycleStage.LIMITED_AVAILABILITY,
                          CriticalityTier.TIER_0, today - timedelta(days=150)))
    _checklist(ws, pid, today, [
        (0, "Double-entry invariants documented", "done", "high"),
        (1, "Reconciliation job alerts on drift", "in_progress", "high"),
        (2, "Replay test from the event log", "not_started", "medium"),
    ])
    records.insert(ws, "components", [{
        "id": _id(pid, "ledger-db"), "plan_id": pid, "name": "Ledger database",
        "kind": "database",
    }])  # fmt: skip
    records.insert(ws, "findings", [{
        "id": _id(pid, "finding"), "plan_id": pid, "title": "No point-in-time recovery",
        "risk": "high", "status": "open", "owner": "Daniel Okafor",
        "due_date": (today - timedelta(days=5)).isoformat(), "created_at": now_iso(),
    }])  # fmt: skip
    records.insert(ws, "finding_components", [{
        "id": _id(pid, "finding/db"), "plan_id": pid, "finding_id": _id(pid, "finding"),
        "component_id": _id(pid, "ledger-db"),
    }])  # fmt: skip
    change = _id(pid, "change")
    records.insert(ws, upcoming.CHANGES, [{
        "id": change, "plan_id": pid, "title": "Move refunds onto the ledger",
        "kind": "migration", "planned_on": (today + timedelta(days=21)).isoformat(),
        "owner": "Marcus Feld", "created_at": now_iso(),
    }])  # fmt: skip
    upcoming.set_components(ws, pid, change, [_id(pid, "ledger-db")])
    _review(ws, pid, today - timedelta(days=60), 4)


def seed_portfolio_plans(ws: Workspace, today: date) -> None:
    with ws.write():
        _search(ws, today)
        _ledger(ws, today)
