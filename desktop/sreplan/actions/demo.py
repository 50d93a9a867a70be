"""The tracker's part of the demo: a few items added by hand, one P0 holding a gate."""

from __future__ import annotations

from datetime import date, timedelta

from sreplan.actions.evidence import EvidenceKind, link_evidence
from sreplan.actions.lessons import ControlKind, LessonKind, link_existing
from sreplan.actions.links import link_resource, link_service
from sreplan.actions.model import Priority
from sreplan.actions.store import add_action
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace


def _phase(ws: Workspace, plan_id: str, name: str) -> str | None:
    value = ws.scalar("SELECT id FROM phases WHERE plan_id = ? AND name = ?", [plan_id, name])
    return None if value is None else str(value)


def seed_actions(ws: Workspace, plan_id: str, today: date) -> None:
    created = today - timedelta(days=20)
    add_action(
        ws, plan_id, "Agree the on-call handover with the payments team", created=created,
        owner="Dana Reyes", due=today + timedelta(days=10), priority=Priority.P1,
        action_id=stable_id("demo-action-handover"),
    )
    add_action(
        ws, plan_id, "Rehearse the checkout failover before the holiday freeze",
        created=created, owner="Sam Okafor", due=today - timedelta(days=3), priority=Priority.P0,
        phase_id=_phase(ws, plan_id, "Deployment"), action_id=stable_id("demo-action-failover"),
    )
    add_action(
        ws, plan_id, "Write the runbook for the payment-gateway timeout alert",
        created=created, owner="", due=today + timedelta(days=21), priority=Priority.P2,
        action_id=stable_id("demo-action-runbook"),
    )
    seed_links(ws, plan_id)
    seed_evidence(ws, plan_id)
    seed_lessons(ws, plan_id, today)


# (checklist item, evidence kind, table, name column, name): what each item rests on.
# One contradiction is left on purpose: "SLOs … agreed" is Done while the latency SLO is
# still a draft, so the check has something to show.
_EVIDENCE = (
    ("SLOs for availability and latency agreed", EvidenceKind.SLO, "slos", "name",
     "checkout-availability"),
    ("SLOs for availability and latency agreed", EvidenceKind.SLO, "slos", "name",
     "checkout-latency"),
    ("Load test confirms capacity at forecast peak", EvidenceKind.BENCHMARK,
     "capacity_benchmarks", "name", "Checkout load test, 8 instances"),
    ("Load test confirms capacity at forecast peak", EvidenceKind.BENCHMARK,
     "capacity_benchmarks", "name", "Sale rehearsal spike test"),
    ("No single point of failure in the serving path", EvidenceKind.EXPERIMENT, "experiments",
     "title", "Orders database zone failover"),
    ("Graceful degradation defined for non-critical dependencies", EvidenceKind.ADR, "adrs",
     "title", "Put a circuit breaker around the payment provider"),
)  # fmt: skip


def _record(ws: Workspace, plan_id: str, table: str, column: str, value: str) -> str | None:
    found = ws.scalar(f"SELECT id FROM {table} WHERE plan_id = ? AND {column} = ?",
                      [plan_id, value])  # fmt: skip
    return None if found is None else str(found)


def seed_evidence(ws: Workspace, plan_id: str) -> None:
    for item, kind, table, column, name in _EVIDENCE:
        checkpoint = _record(ws, plan_id, "checkpoints", "title", item)
        record = _record(ws, plan_id, table, column, name)
        if checkpoint and record:  # a demo without that part simply has no such link
            link_evidence(ws, checkpoint, kind, record)


# (postmortem action, control kind, table, name column, name): what the lessons became.
_LESSONS = (
    ("Set a 2 s timeout and a circuit breaker on payment-provider calls", ControlKind.ADR,
     "adrs", "title", "Put a circuit breaker around the payment provider"),
    ("Alert on the payment provider's latency before threads run out", ControlKind.SLO, "slos",
     "name", "payment-provider-authorisations"),
)  # fmt: skip


def seed_lessons(ws: Workspace, plan_id: str, today: date) -> None:
    for title, kind, table, column, name in _LESSONS:
        lesson = _record(ws, plan_id, "incident_actions", "title", title)
        control = _record(ws, plan_id, table, column, name)
        if lesson and control:
            link_existing(ws, plan_id, LessonKind.POSTMORTEM, lesson, kind, control,
                          today=today - timedelta(days=12))  # fmt: skip


# One home per fact: which components serve each SLO service, which component each
# capacity resource sizes (its instance count then lives in the inventory).
_SERVES = (("checkout", "Checkout API"), ("payments", "Payment provider"))
_SIZES = (("Checkout API peak RPS", "Checkout API"), ("Orders DB storage", "Orders database"))


def seed_links(ws: Workspace, plan_id: str) -> None:
    for service, component in _SERVES:
        sid = _record(ws, plan_id, "services", "name", service)
        cid = _record(ws, plan_id, "components", "name", component)
        if sid and cid:
            link_service(ws, sid, cid)
    for resource, component in _SIZES:
        rid = _record(ws, plan_id, "capacity_resources", "name", resource)
        cid = _record(ws, plan_id, "components", "name", component)
        if rid and cid:
            link_resource(ws, rid, cid)
