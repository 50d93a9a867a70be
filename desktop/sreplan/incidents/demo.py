"""The demo plan's incidents: last year's sale had two checkout outages (the business context).

Both spent more than the policy's 20 % of the checkout availability budget, both
have postmortems; one action item is done, one overdue, and one sentence is
left for the blamelessness check to flag.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sreplan.incidents.model import (
    ActionItem,
    ActionStatus,
    ActionType,
    Factor,
    ImpactKind,
    Incident,
    Priority,
    Responder,
    ResponderRole,
    Side,
    Status,
    TimelineEntry,
)
from sreplan.incidents.store import insert_incident
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace

_ZONE = ZoneInfo("Europe/Berlin")


def _id(key: str) -> str:
    return stable_id(f"demo/incidents/{key}")


def _slo(key: str) -> str:
    return stable_id(f"demo/slo/{key}")


def _component(key: str) -> str:
    return stable_id(f"demo/architecture/component/{key}")


def _at(day: date, hh: int, mm: int) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=_ZONE)


def _responders(key: str) -> tuple[Responder, ...]:
    people = [
        ("Priya Natarajan", ResponderRole.INCIDENT_COMMANDER, Side.SRE),
        ("Aiko Tanaka", ResponderRole.OPERATIONS, Side.PRODUCT),
        ("Daniel Okafor", ResponderRole.OPERATIONS, Side.SRE),
        ("Marcus Feld", ResponderRole.COMMUNICATIONS, Side.PRODUCT),
    ]
    return tuple(
        Responder(name, role, side, _id(f"{key}/responder/{i}"))
        for i, (name, role, side) in enumerate(people)
    )


def _payment_timeouts(plan_id: str, today: date) -> Incident:
    day = today - timedelta(days=366)
    return Incident(
        id=_id("inc/1"),
        plan_id=plan_id,
        number=1,
        title="Checkout failures: payment-provider calls hung during the sale",
        severity="SEV-2",
        status=Status.CLOSED,
        started_at=_at(day, 10, 12),
        detected_at=_at(day, 10, 21),
        acknowledged_at=_at(day, 10, 24),
        mitigated_at=_at(day, 10, 50),
        resolved_at=_at(day, 12, 5),
        impact_kind=ImpactKind.FAILING_SHARE,
        impact_percent=35.0,
        trigger="Performance decay",
        root_cause_category="Complex system behaviour",
        summary=(
            "For 38 minutes at the start of the sale, about a third of checkout attempts "
            "failed because calls to the payment provider hung and exhausted the checkout "
            "API's worker threads."
        ),
        impact=(
            "35 % of POST /checkout requests returned 5xx between 10:12 and 10:50. "
            "Customers who retried later mostly succeeded; support saw 180 contacts."
        ),
        root_causes=(
            "The payment client had no timeout, so a slow provider held every worker thread. "
            "Retries at two layers without backoff tripled the load on the provider while it "
            "was already slow."
        ),
        trigger_text="The provider's latency rose from 300 ms to over 20 s under sale traffic.",
        resolution="Worker threads were raised and a 5 s client timeout was deployed as a hotfix.",
        detection="The 1-hour burn-rate page fired nine minutes after the first errors.",
        went_well="The incident commander was named within three minutes.",
        went_wrong="The dashboards showed thread pools only after a manual query.",
        got_lucky="The provider recovered on its own before the evening peak.",
        slo_ids=(_slo("slo/checkout-availability"),),
        component_ids=(_component("api"), _component("pay")),
        factors=(
            Factor("Payment calls had no timeout.", "missing-timeouts", _id("inc/1/factor/0")),
            Factor("Retries at two layers, without backoff.", "retry-storm", _id("inc/1/factor/1")),
        ),
        responders=_responders("inc/1"),
        timeline=(
            TimelineEntry(
                _at(day, 10, 12),
                "Error ratio on /checkout rises above 5 %",
                "Load balancer dashboard",
                True,
                _id("inc/1/t/0"),
            ),
            TimelineEntry(
                _at(day, 10, 21), "Burn-rate page fires", "Alertmanager", False, _id("inc/1/t/1")
            ),
            TimelineEntry(
                _at(day, 10, 24),
                "On-call acknowledges; incident declared",
                "",
                False,
                _id("inc/1/t/2"),
            ),
            TimelineEntry(
                _at(day, 10, 50),
                "Hotfix with 5 s timeout reaches all pods",
                "Deploy log",
                True,
                _id("inc/1/t/3"),
            ),
        ),
        actions=(
            ActionItem(
                "Set a 2 s timeout and a circuit breaker on payment-provider calls",
                ActionType.PREVENT,
                Priority.P0,
                "Aiko Tanaka",
                day + timedelta(days=21),
                ActionStatus.DONE,
                id=_id("inc/1/action/0"),
            ),
            ActionItem(
                "Alert on the payment provider's latency before threads run out",
                ActionType.DETECT,
                Priority.P1,
                "Priya Natarajan",
                today - timedelta(days=30),
                ActionStatus.OPEN,
                id=_id("inc/1/action/1"),
            ),
        ),
    )


def _failover(plan_id: str, today: date) -> Incident:
    day = today - timedelta(days=364)
    return Incident(
        id=_id("inc/2"),
        plan_id=plan_id,
        number=2,
        title="Checkout down: orders database failover took 23 minutes",
        severity="SEV-1",
        status=Status.POSTMORTEM_REVIEW,
        started_at=_at(day, 19, 40),
        detected_at=_at(day, 19, 42),
        acknowledged_at=_at(day, 19, 44),
        mitigated_at=_at(day, 20, 3),
        resolved_at=_at(day, 21, 30),
        impact_kind=ImpactKind.FULL_OUTAGE,
        outage_minutes=23.0,
        trigger="Hardware",
        root_cause_category="Deployment planning",
        summary=(
            "The orders database primary lost its disk during the evening peak; checkout was "
            "fully down until the replica was promoted by hand 23 minutes later."
        ),
        impact="Every checkout attempt failed for 23 minutes at the sale's evening peak.",
        root_causes=(
            "Failover of the orders database is manual and had not been rehearsed. "
            "The runbook was out of date, and the on-call engineer failed to check replica "
            "lag before promoting."
        ),
        trigger_text="The primary's volume became unavailable.",
        resolution="The replica was promoted and checkout pointed at it.",
        detection="Availability page within two minutes.",
        went_well="Paging and escalation worked; the database team joined within five minutes.",
        went_wrong="Nobody had run the failover runbook in the last year.",
        got_lucky="Replication lag was under a second, so no orders were lost.",
        slo_ids=(_slo("slo/checkout-availability"),),
        component_ids=(_component("db"),),
        factors=(
            Factor(
                "Database failover is a manual runbook.", "manual-failover", _id("inc/2/factor/0")
            ),
        ),
        responders=_responders("inc/2"),
        timeline=(
            TimelineEntry(
                _at(day, 19, 40),
                "Primary volume unavailable; writes fail",
                "Cloud provider status",
                True,
                _id("inc/2/t/0"),
            ),
            TimelineEntry(
                _at(day, 20, 3),
                "Replica promoted; checkout recovers",
                "Runbook log",
                True,
                _id("inc/2/t/1"),
            ),
        ),
        actions=(
            ActionItem(
                "Automate orders database failover and rehearse it quarterly",
                ActionType.MITIGATE,
                Priority.P0,
                "Daniel Okafor",
                today + timedelta(days=30),
                ActionStatus.IN_PROGRESS,
                id=_id("inc/2/action/0"),
            ),
        ),
    )


def seed_incidents(ws: Workspace, plan_id: str, today: date) -> None:
    for incident in (_payment_timeouts(plan_id, today), _failover(plan_id, today)):
        insert_incident(ws, incident)
