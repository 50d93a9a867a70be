"""The demo plan's architecture: Northwind's checkout, one review and two decisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sreplan.architecture.adr import Adr, AdrOption, AdrStatus
from sreplan.architecture.adr_store import add_adr
from sreplan.architecture.findings import add_finding
from sreplan.architecture.lint import Risk
from sreplan.architecture.lint_triage import dismiss_suggestion, run_lint
from sreplan.architecture.model import (
    Backups,
    CallMode,
    Component,
    ComponentKind,
    Criticality,
    Dependency,
    Replication,
    RetryPolicy,
    Tristate,
)
from sreplan.architecture.reviews import (
    Finding,
    FindingKind,
    FindingStatus,
    ReviewSession,
    SessionType,
)
from sreplan.architecture.session_store import add_session
from sreplan.architecture.store import add_component, add_dependency
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace

_Z2 = ("eu-west-1a", "eu-west-1b")
_S, _A = CallMode.SYNC, CallMode.ASYNC
_C, _D = Criticality.CRITICAL, Criticality.DEGRADABLE
_Y, _N, _U = Tristate.YES, Tristate.NO, Tristate.UNKNOWN


def _cid(key: str) -> str:
    return stable_id(f"demo/architecture/component/{key}")


def _components(today: date) -> list[Component]:
    def c(key: str, name: str, kind: ComponentKind, team: str, **kw: object) -> Component:
        return Component(id=_cid(key), name=name, kind=kind, owner_team=team, **kw)  # type: ignore[arg-type]

    return [
        c(
            "edge",
            "Edge CDN",
            ComponentKind.EDGE,
            "Platform",
            instances=40,
            zones=("EU PoPs", "US PoPs"),
            deployment="Managed CDN, config in Terraform",
            notes="Caches product images and static assets; passes /checkout through.",
        ),
        c(
            "lb",
            "Load balancer",
            ComponentKind.LOAD_BALANCER,
            "Platform",
            instances=2,
            zones=_Z2,
            deployment="Managed L7 load balancer",
        ),
        c(
            "api",
            "Checkout API",
            ComponentKind.SERVICE,
            "Checkout & Payments",
            instances=15,  # the one home of the count: Capacity links here and shows it
            zones=_Z2,
            deployment="Kubernetes, rolling update",
            notes="Turns a cart into a paid order; idempotency keys on POST /orders.",
        ),
        c(
            "pay",
            "Payment provider",
            ComponentKind.EXTERNAL,
            "Checkout & Payments",
            instances=1,
            deployment="SaaS (PSP REST API)",
            notes="Published SLA 99.95 % monthly.",
        ),
        c(
            "db",
            "Orders database",
            ComponentKind.DATABASE,
            "Data Platform",
            instances=2,
            zones=_Z2,
            stateful=True,
            replication=Replication.ASYNC,
            backups=Backups.UNTESTED,
            deployment="PostgreSQL primary + async replica, nightly snapshots",
            notes="Replica in eu-west-1b; failover is manual.",
        ),
        c(
            "inv",
            "Inventory service",
            ComponentKind.SERVICE,
            "Catalog",
            instances=2,
            zones=("eu-west-1a",),
            deployment="Kubernetes, rolling update",
            notes="Reserves stock during checkout.",
        ),
        c(
            "cache",
            "Session cache",
            ComponentKind.CACHE,
            "Checkout & Payments",
            instances=1,
            zones=("eu-west-1a",),
            deployment="Managed Redis, single node",
        ),
        c(
            "queue",
            "Fulfilment queue",
            ComponentKind.QUEUE,
            "Fulfilment",
            instances=3,
            zones=_Z2,
            stateful=True,
            replication=Replication.SYNC,
            backups=Backups.NONE,
            deployment="Managed queue, 14-day retention",
        ),
        c(
            "ful",
            "Fulfilment service",
            ComponentKind.SERVICE,
            "Fulfilment",
            instances=2,
            zones=_Z2,
            deployment="Kubernetes",
        ),
    ]


def _dependencies() -> list[Dependency]:
    def d(
        a: str,
        b: str,
        mode: CallMode,
        crit: Criticality,
        timeout: Tristate,
        retries: RetryPolicy,
        breaker: Tristate,
        notes: str = "",
    ) -> Dependency:
        return Dependency(
            stable_id(f"demo/architecture/dependency/{a}/{b}"),
            _cid(a),
            _cid(b),
            mode,
            crit,
            timeout,
            retries,
            breaker,
            notes,
        )

    r = RetryPolicy
    return [
        d("edge", "lb", _S, _C, _Y, r.BACKOFF, _U),
        d("lb", "api", _S, _C, _Y, r.NONE, _U),
        d("api", "inv", _S, _C, _N, r.BACKOFF, _N, "Stock reservation; client default timeout."),
        d("api", "pay", _S, _C, _Y, r.BACKOFF, _N, "Authorise and capture."),
        d("api", "db", _S, _C, _Y, r.BACKOFF, _N),
        d("api", "cache", _S, _D, _Y, r.NONE, _N, "Falls back to the database."),
        d("api", "queue", _A, _C, _Y, r.BACKOFF, _U),
        d("inv", "db", _S, _C, _Y, r.NONE, _N, "Shares the orders schema."),
        d("ful", "queue", _A, _C, _Y, r.BACKOFF, _U),
        d("ful", "db", _S, _C, _U, r.UNKNOWN, _U),
    ]


def _adrs(today: date) -> list[Adr]:
    return [
        Adr(
            id=stable_id("demo/architecture/adr/1"),
            number=1,
            title="Use an asynchronous replica for the orders database",
            status=AdrStatus.ACCEPTED,
            decided_on=today - timedelta(days=30),
            decision_makers=("Priya Natarajan", "Daniel Okafor"),
            consulted=("Aiko Tanaka",),
            informed=("Marcus Feld",),
            context="The orders database runs as a single PostgreSQL primary. Losing its zone "
            "stops checkout until a snapshot is restored, which last took four hours.",
            drivers=(
                "Checkout must survive the loss of one zone",
                "Write latency p99 under 20 ms",
                "No new operational tooling before the sale",
            ),
            options=(
                AdrOption(
                    "Asynchronous replica in a second zone",
                    good=("no added write latency", "supported by the current tooling"),
                    bad=("can lose the last seconds of writes on failover",),
                ),
                AdrOption(
                    "Synchronous replica",
                    good=("no data loss on failover",),
                    bad=("adds a cross-zone round trip to every write",),
                ),
                AdrOption(
                    "Managed multi-zone cluster",
                    good=("automated failover",),
                    neutral=("migration needs a maintenance window",),
                    bad=("not ready before the sale",),
                ),
            ),
            chosen_option="Asynchronous replica in a second zone",
            outcome_reason="it removes the zone as a single point of failure without "
            "touching write latency, and the team can run it today.",
            consequences=(
                "Good, because a zone loss costs minutes, not hours",
                "Bad, because up to a few seconds of orders can be lost on failover",
            ),
            confirmation="A failover drill in staging before the sale, timed against the "
            "15-minute recovery objective.",
        ),
        Adr(
            id=stable_id("demo/architecture/adr/2"),
            number=2,
            title="Put a circuit breaker around the payment provider",
            status=AdrStatus.PROPOSED,
            decided_on=today - timedelta(days=3),
            decision_makers=("Aiko Tanaka",),
            consulted=("Priya Natarajan",),
            informed=("Sofia Reyes",),
            context="When the payment provider slows down, checkout threads wait on it and the "
            "whole API stops answering, including for carts that do not pay yet.",
            drivers=("Contain provider slowness", "Keep orders that can wait"),
            options=(
                AdrOption(
                    "Circuit breaker with a pending-payment queue",
                    good=("checkout stays up while the provider is down",),
                    bad=("orders confirmed later need a customer e-mail",),
                ),
                AdrOption(
                    "Shorter timeouts only",
                    good=("trivial to ship",),
                    bad=("threads still pile up at high traffic",),
                ),
            ),
            chosen_option="Circuit breaker with a pending-payment queue",
            outcome_reason="it contains provider failures and keeps revenue.",
            consequences=("Good, because a provider outage no longer takes checkout down",),
            more_information="Revisit after the sale with the provider's incident history.",
        ),
    ]


def _checkpoint(ws: Workspace, plan_id: str, template_key: str) -> str | None:
    """A demo checkpoint's id, where the checkpoints feature is built in and seeded first."""
    if not ws.scalar("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'checkpoints'"):
        return None
    found = ws.scalar("SELECT id FROM checkpoints WHERE plan_id = ? AND template_key = ?",
                      [plan_id, template_key])
    return str(found) if found else None


def seed_architecture(ws: Workspace, plan_id: str, today: date) -> None:
    """Inventory, lint triage, one design review with findings, and two ADRs."""
    for component in _components(today):
        add_component(ws, plan_id, component)
    for dependency in _dependencies():
        add_dependency(ws, plan_id, dependency)
    adr_ids = [add_adr(ws, plan_id, adr) for adr in _adrs(today)]
    session_id = stable_id("demo/architecture/session/1")
    add_session(
        ws,
        plan_id,
        ReviewSession(
            id=session_id,
            title="Checkout architecture review before the sale",
            held_on=today + timedelta(days=2),
            kind=SessionType.DESIGN,
            agenda="1. Walk the checkout request path\n2. Orders database: replication and "
            "restores\n3. Payment provider failure modes\n4. Lint suggestions not yet triaged\n"
            "5. Owners and due dates",
            notes="## Pre-read\n- Sale traffic is about **3×** a normal peak day.\n"
            "- Last year's outages: payment provider slowness, orders DB failover.\n",
        ),
        participants=[(stable_id(f"demo/stakeholder/{i}"), "") for i in (0, 2, 4)]
        + [(None, "Lena Brandt (payment provider account team)")],
        component_ids=[_cid("api"), _cid("db"), _cid("pay"), _cid("inv")],
    )
    state = run_lint(ws, plan_id)
    by_key = {s.key: s for s in state.untriaged}
    backups = by_key[f"backups:{_cid('db')}"]
    findings = [
        (
            Finding(
                stable_id("demo/architecture/finding/1"),
                backups.title,
                backups.evidence,
                FindingKind.ANTIPATTERN,
                Risk.HIGH,
                backups.recommendation,
                "Daniel Okafor",
                today + timedelta(days=14),
                session_id=session_id,
                lint_key=backups.key,
            ),
            [_cid("db")],
            ["untested-backups", "tested-restores"],
        ),
        (
            Finding(
                stable_id("demo/architecture/finding/2"),
                "Inventory service writes to the orders database",
                "Inventory reserves stock with its own tables in the orders database, so its "
                "batch jobs compete with checkout writes.",
                FindingKind.ANTIPATTERN,
                Risk.MEDIUM,
                "Move stock reservations to an inventory-owned store.",
                "Aiko Tanaka",
                today + timedelta(days=45),
                FindingStatus.IN_PROGRESS,
                session_id=session_id,
                adr_id=adr_ids[0],
            ),
            [_cid("inv"), _cid("db")],
            ["shared-database"],
        ),
        (
            Finding(
                stable_id("demo/architecture/finding/3"),
                "Payment calls retry with backoff and idempotency keys",
                "Checkout retries authorisation up to three times with jittered backoff, "
                "and each order carries an idempotency key.",
                FindingKind.PATTERN,
                Risk.LOW,
                "",
                "",
                None,
                FindingStatus.RESOLVED,
                session_id=session_id,
            ),
            [_cid("api"), _cid("pay")],
            ["retries-with-backoff-and-jitter", "idempotency"],
        ),
        (
            Finding(
                stable_id("demo/architecture/finding/4"),
                "Can the provider's sandbox carry a sale-sized load test?",
                "",
                FindingKind.QUESTION,
                Risk.MEDIUM,
                "Ask the account team.",
                "Marcus Feld",
                today + timedelta(days=7),
                session_id=session_id,
                adr_id=adr_ids[1],
            ),
            [_cid("pay")],
            [],
        ),
        (
            Finding(
                stable_id("demo/architecture/finding/5"),
                "Session cache runs on one node",
                "A single Redis node in one zone.",
                FindingKind.RISK,
                Risk.LOW,
                "",
                "Aiko Tanaka",
                None,
                FindingStatus.ACCEPTED_RISK,
                "Degradable: checkout falls back to the database at +40 ms p99.",
                session_id=session_id,
            ),
            [_cid("cache")],
            ["caching"],
        ),
    ]
    degradation = _checkpoint(ws, plan_id, "prr.architecture.degradation")
    for finding, comps, keys in findings:
        if finding.title.startswith("Session cache") and degradation:
            finding = replace(finding, checkpoint_id=degradation)
        add_finding(ws, plan_id, finding, comps, keys)
    queue = by_key.get(f"backups:{_cid('queue')}")
    if queue is not None:
        dismiss_suggestion(
            ws,
            plan_id,
            queue,
            "Messages are replayable from the orders "
            "database; the 14-day retention covers any outage.",
        )
