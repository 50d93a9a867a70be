"""Reliability lint: from an inventory (and the plan's SLO targets) to suggested findings.

Pure and fast: each rule reads the inventory and names its evidence. A suggestion's
``key`` says what it is about (rule and records); its ``fingerprint`` changes when the
evidence does, which is what lets a dismissal hold until something changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from sreplan.architecture.graph import acyclic_edges, strongly_connected, topological_order
from sreplan.architecture.model import (
    Backups,
    CallMode,
    Component,
    ComponentKind,
    Criticality,
    Dependency,
    Inventory,
    Replication,
    RetryPolicy,
    Tristate,
)
from sreplan.kernel.availability import serial_availability
from sreplan.kernel.choices import Choice


class Risk(Choice):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"

    @property
    def rank(self) -> int:
        """0 for High: sorts the worst first."""
        return list(Risk).index(self)


class LintRule(Choice):
    SINGLE_POINT_OF_FAILURE = "spof", "Single point of failure"
    DEEP_SYNC_CHAIN = "sync_chain", "Deep synchronous chain"
    DEPENDENCY_CYCLE = "cycle", "Dependency cycle"
    MISSING_TIMEOUT = "timeout", "Critical sync call without a timeout"
    RETRY_WITHOUT_BACKOFF = "retry_backoff", "Retries without backoff"
    UNREPLICATED_STATE = "replication", "Stateful without replication"
    UNTESTED_BACKUPS = "backups", "Backups missing or untested"
    SLO_UNACHIEVABLE = "slo", "SLO not achievable from dependencies"
    EXTERNAL_WITHOUT_BREAKER = "external", "External dependency without breaker or fallback"


@dataclass(frozen=True)
class LintSettings:
    max_sync_depth: int = 3


@dataclass(frozen=True)
class Suggestion:
    rule: LintRule
    key: str
    risk: Risk
    title: str
    evidence: str
    recommendation: str
    component_ids: tuple[str, ...] = ()
    dependency_ids: tuple[str, ...] = ()
    catalog_keys: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        return hashlib.sha1(f"{self.risk}\n{self.evidence}".encode()).hexdigest()[:16]


class _Context:
    """Indexes shared by the rules, built once per lint run."""

    def __init__(self, inventory: Inventory) -> None:
        self.components = inventory.components
        self.by_id = inventory.by_id()
        self.dependencies = tuple(
            d
            for d in inventory.dependencies
            if d.source_id in self.by_id
            and d.target_id in self.by_id
            and d.source_id != d.target_id
        )
        self.ids = [c.id for c in sorted(self.components, key=lambda c: (c.name.casefold(), c.id))]
        self.incoming: dict[str, list[Dependency]] = {i: [] for i in self.by_id}
        self.outgoing: dict[str, list[Dependency]] = {i: [] for i in self.by_id}
        for d in self.dependencies:
            self.incoming[d.target_id].append(d)
            self.outgoing[d.source_id].append(d)

    def name(self, component_id: str) -> str:
        return self.by_id[component_id].name

    def chain(self, ids: list[str]) -> str:
        return " → ".join(self.name(i) for i in ids)


Rule = Callable[[_Context, LintSettings, Mapping[str, float]], Iterator[Suggestion]]


def _on_critical_path(ctx: _Context, c: Component) -> list[Dependency]:
    return [d for d in ctx.incoming[c.id] if d.criticality is Criticality.CRITICAL]


def _spof(ctx: _Context, s: LintSettings, slos: Mapping[str, float]) -> Iterator[Suggestion]:
    for cid in ctx.ids:
        c = ctx.by_id[cid]
        if c.kind is ComponentKind.EXTERNAL:
            continue
        callers = _on_critical_path(ctx, c)
        entry = not ctx.incoming[c.id] and any(
            d.criticality is Criticality.CRITICAL for d in ctx.outgoing[c.id]
        )
        if not callers and not entry:
            continue
        zones = len(c.zones)
        if c.instances > 1 and zones > 1:
            continue
        where = (
            f"{ctx.chain([callers[0].source_id, c.id])} is critical"
            if callers
            else f"{c.name} is an entry point with critical dependencies"
        )
        if c.instances <= 1:
            problem = f"{c.name} runs {c.instances} instance"
            risk = Risk.HIGH
        else:
            where_run = "one zone" if zones else "no recorded zone"
            problem = f"{c.name} runs {c.instances} instances in {where_run}"
            risk = Risk.HIGH if not zones else Risk.MEDIUM
        if zones:
            problem += f" ({', '.join(c.zones)})"
        yield Suggestion(
            LintRule.SINGLE_POINT_OF_FAILURE,
            f"spof:{c.id}",
            risk,
            f"{c.name} is a single point of failure",
            f"{problem}; {where}.",
            "Run at least two instances across two or more zones, behind health-checked "
            "load balancing, or make the callers degrade without it.",
            component_ids=(c.id,),
            dependency_ids=tuple(d.id for d in callers),
            catalog_keys=("single-point-of-failure", "redundancy", "multi-zone-deployment"),
        )


def _sync_chain(ctx: _Context, s: LintSettings, slos: Mapping[str, float]) -> Iterator[Suggestion]:
    sync = [d for d in ctx.dependencies if d.mode is CallMode.SYNC]
    edges = acyclic_edges(ctx.ids, [(d.source_id, d.target_id) for d in sync])
    children: dict[str, list[str]] = {i: [] for i in ctx.ids}
    has_caller: set[str] = set()
    for a, b in edges:
        children[a].append(b)
        has_caller.add(b)
    longest: dict[str, list[str]] = {}
    for node in reversed(topological_order(ctx.ids, edges)):
        best: list[str] = []
        for child in sorted(children[node], key=ctx.ids.index):
            if len(longest[child]) > len(best):
                best = longest[child]
        longest[node] = [node, *best]
    for root in ctx.ids:
        path = longest[root]
        hops = len(path) - 1
        if root in has_caller or hops <= s.max_sync_depth:
            continue
        yield Suggestion(
            LintRule.DEEP_SYNC_CHAIN,
            f"sync_chain:{root}",
            Risk.MEDIUM,
            f"Synchronous chain of {hops} calls from {ctx.name(root)}",
            f"{ctx.chain(path)} is {hops} synchronous hops deep (the limit is "
            f"{s.max_sync_depth}); latency and failures add up along it.",
            "Shorten the chain: make non-essential calls asynchronous, cache, or collapse "
            "layers; give every hop a timeout budget that fits inside its caller's.",
            component_ids=tuple(path),
            catalog_keys=("unbounded-synchronous-chain", "asynchronous-messaging", "timeouts"),
        )


def _cycles(ctx: _Context, s: LintSettings, slos: Mapping[str, float]) -> Iterator[Suggestion]:
    pairs = [(d.source_id, d.target_id) for d in ctx.dependencies]
    for members in strongly_connected(ctx.ids, pairs):
        inside = set(members)
        deps = [d for d in ctx.dependencies if d.source_id in inside and d.target_id in inside]
        sync_critical = all(d.critical_sync for d in deps)
        yield Suggestion(
            LintRule.DEPENDENCY_CYCLE,
            "cycle:" + ",".join(sorted(members)),
            Risk.HIGH if sync_critical else Risk.MEDIUM,
            "Dependency cycle between " + ", ".join(ctx.name(m) for m in members),
            f"{len(deps)} dependencies form a cycle: "
            + "; ".join(ctx.chain([d.source_id, d.target_id]) for d in deps)
            + ". None of them can start or recover alone.",
            "Break the cycle: invert one dependency with events, or split the shared "
            "responsibility into its own component.",
            component_ids=tuple(members),
            dependency_ids=tuple(d.id for d in deps),
            catalog_keys=("dependency-cycle", "asynchronous-messaging"),
        )


def _timeouts(ctx: _Context, s: LintSettings, slos: Mapping[str, float]) -> Iterator[Suggestion]:
    for d in sorted(
        ctx.dependencies, key=lambda d: (ctx.ids.index(d.source_id), ctx.ids.index(d.target_id))
    ):
        if not d.critical_sync:
            continue
        call = ctx.chain([d.source_id, d.target_id])
        if d.timeout is not Tristate.YES:
            known = d.timeout is Tristate.NO
            yield Suggestion(
                LintRule.MISSING_TIMEOUT,
                f"timeout:{d.id}",
                Risk.HIGH if known else Risk.MEDIUM,
                f"No timeout on {call}",
                f"{call} is a critical synchronous call and "
                + ("has no timeout." if known else "nobody knows whether it has a timeout."),
                "Set a timeout below the caller's own deadline and test it under fault injection.",
                component_ids=(d.source_id, d.target_id),
                dependency_ids=(d.id,),
                catalog_keys=("timeouts", "missing-timeouts"),
            )
        if d.retries is RetryPolicy.NO_BACKOFF:
            yield Suggestion(
                LintRule.RETRY_WITHOUT_BACKOFF,
                f"retry_backoff:{d.id}",
                Risk.HIGH,
                f"Retries without backoff on {call}",
                f"{call} retries without backoff, so a slow {ctx.name(d.target_id)} "
                "receives a multiplied load exactly when it can least take it.",
                "Retry with exponential backoff and jitter, cap the attempts, and add a "
                "retry budget.",
                component_ids=(d.source_id, d.target_id),
                dependency_ids=(d.id,),
                catalog_keys=("retry-storm", "retries-with-backoff-and-jitter"),
            )


def _state(ctx: _Context, s: LintSettings, slos: Mapping[str, float]) -> Iterator[Suggestion]:
    for cid in ctx.ids:
        c = ctx.by_id[cid]
        if not c.stateful or c.kind is ComponentKind.EXTERNAL:
            continue
        if c.replication is Replication.NONE:
            yield Suggestion(
                LintRule.UNREPLICATED_STATE,
                f"replication:{c.id}",
                Risk.HIGH,
                f"{c.name} keeps state without replication",
                f"{c.name} is stateful and has no replica: losing its host loses its data "
                "until a restore.",
                "Add a replica (synchronous for data you cannot lose) in another zone and "
                "rehearse the failover.",
                component_ids=(c.id,),
                catalog_keys=("replicated-data-store", "single-point-of-failure"),
            )
        if c.backups is not Backups.TESTED:
            none = c.backups is Backups.NONE
            yield Suggestion(
                LintRule.UNTESTED_BACKUPS,
                f"backups:{c.id}",
                Risk.HIGH,
                f"{c.name} has {'no backups' if none else 'untested backups'}",
                f"{c.name} is stateful and its backups are "
                + ("not set up." if none else "not tested: no restore has been proven."),
                "Schedule a restore test, time it against the recovery objective, and record "
                "the date here.",
                component_ids=(c.id,),
                catalog_keys=("untested-backups", "tested-restores"),
            )


def _slo(ctx: _Context, s: LintSettings, slos: Mapping[str, float]) -> Iterator[Suggestion]:
    if not slos:
        return
    critical = [d for d in ctx.dependencies if d.critical_sync]
    edges = acyclic_edges(ctx.ids, [(d.source_id, d.target_id) for d in critical])
    children: dict[str, list[str]] = {i: [] for i in ctx.ids}
    for a, b in edges:
        children[a].append(b)
    # worst[n]: the lowest composite availability over critical paths below n (n excluded).
    worst: dict[str, tuple[float, list[str]]] = {}
    for node in reversed(topological_order(ctx.ids, edges)):
        best: tuple[float, list[str]] = (1.0, [])
        for child in children[node]:
            below, path = worst[child]
            value = serial_availability([slos.get(child, 1.0), below])
            if value < best[0] - 1e-15:
                best = (value, [child, *path])
        worst[node] = best
    for cid in ctx.ids:
        target = slos.get(cid)
        if target is None:
            continue
        composite, path = worst[cid]
        if composite >= target or not path:
            continue
        known = [p for p in path if p in slos]
        yield Suggestion(
            LintRule.SLO_UNACHIEVABLE,
            f"slo:{cid}",
            Risk.HIGH,
            f"{ctx.name(cid)} cannot meet its SLO through its dependencies",
            f"{ctx.name(cid)} targets {target:.4%} but its critical path "
            f"{ctx.chain([cid, *path])} composes to at most {composite:.4%} ("
            + " × ".join(f"{ctx.name(p)} {slos[p]:.4%}" for p in known)
            + ").",
            "Lower the SLO to what the dependencies allow, or remove a dependency from the "
            "critical path: cache, degrade gracefully, or make it asynchronous.",
            component_ids=(cid, *path),
            catalog_keys=("graceful-degradation", "caching"),
        )


def _external(ctx: _Context, s: LintSettings, slos: Mapping[str, float]) -> Iterator[Suggestion]:
    for d in ctx.dependencies:
        target = ctx.by_id[d.target_id]
        if target.kind is not ComponentKind.EXTERNAL:
            continue
        if d.circuit_breaker is Tristate.YES or d.criticality is Criticality.DEGRADABLE:
            continue
        call = ctx.chain([d.source_id, d.target_id])
        yield Suggestion(
            LintRule.EXTERNAL_WITHOUT_BREAKER,
            f"external:{d.id}",
            Risk.HIGH if d.mode is CallMode.SYNC else Risk.MEDIUM,
            f"{target.name} has no circuit breaker or fallback",
            f"{call} calls an external dependency critically with "
            + (
                "no circuit breaker"
                if d.circuit_breaker is Tristate.NO
                else "an unknown circuit breaker"
            )
            + " and no degradation path.",
            "Wrap the call in a circuit breaker and decide what the caller does while it is "
            "open (queue, cached answer, reduced feature).",
            component_ids=(d.source_id, d.target_id),
            dependency_ids=(d.id,),
            catalog_keys=("circuit-breaker", "graceful-degradation"),
        )


RULES: tuple[Rule, ...] = (_spof, _sync_chain, _cycles, _timeouts, _state, _slo, _external)


def lint(
    inventory: Inventory,
    slo_targets: Mapping[str, float] | None = None,
    settings: LintSettings | None = None,
) -> list[Suggestion]:
    """Every suggestion, worst first. ``slo_targets`` maps component id to a fraction (0.999)."""
    ctx = _Context(inventory)
    settings = settings or LintSettings()
    slos = dict(slo_targets or {})
    found = [s for rule in RULES for s in rule(ctx, settings, slos)]
    order = {r: i for i, r in enumerate(LintRule)}
    return sorted(found, key=lambda s: (s.risk.rank, order[s.rule], s.title.casefold(), s.title,
                                        s.component_ids, s.dependency_ids))


def flagged(suggestions: list[Suggestion]) -> tuple[set[str], set[str]]:
    """Component ids that are single points of failure, and dependency ids any rule flags."""
    spofs = {
        c
        for s in suggestions
        if s.rule is LintRule.SINGLE_POINT_OF_FAILURE
        for c in s.component_ids
    }
    deps = {
        d
        for s in suggestions
        if s.rule is not LintRule.SINGLE_POINT_OF_FAILURE
        for d in s.dependency_ids
    }
    return spofs, deps
