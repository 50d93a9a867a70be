"""Every lint rule fires on a crafted inventory and stays silent once the smell is fixed."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from sreplan.architecture.lint import LintRule, LintSettings, Risk, flagged, lint
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

Z2 = ("a", "b")


def comp(cid: str, **kw: object) -> Component:
    defaults: dict[str, object] = {"instances": 3, "zones": Z2}
    defaults.update(kw)
    return Component(id=cid, name=cid.title(), **defaults)  # type: ignore[arg-type]


def dep(a: str, b: str, **kw: object) -> Dependency:
    defaults: dict[str, object] = {
        "timeout": Tristate.YES,
        "retries": RetryPolicy.BACKOFF,
        "circuit_breaker": Tristate.YES,
    }
    defaults.update(kw)
    return Dependency(id=f"{a}->{b}", source_id=a, target_id=b, **defaults)  # type: ignore[arg-type]


def rules(inv: Inventory, **kw: object) -> list[LintRule]:
    return [s.rule for s in lint(inv, **kw)]  # type: ignore[arg-type]


def healthy() -> Inventory:
    return Inventory(
        (
            comp("web"),
            comp("api"),
            comp(
                "db",
                kind=ComponentKind.DATABASE,
                stateful=True,
                replication=Replication.SYNC,
                backups=Backups.TESTED,
            ),
        ),
        (dep("web", "api"), dep("api", "db")),
    )


def test_a_healthy_inventory_has_no_suggestions() -> None:
    assert lint(healthy()) == []


@pytest.mark.parametrize(
    ("instances", "zones", "risk"),
    [(1, Z2, Risk.HIGH), (3, ("a",), Risk.MEDIUM), (2, (), Risk.HIGH)],
)
def test_single_point_of_failure_on_a_critical_path(
    instances: int, zones: tuple[str, ...], risk: Risk
) -> None:
    inv = healthy()
    smelly = replace(
        inv,
        components=(
            inv.components[0],
            replace(inv.components[1], instances=instances, zones=zones),
            inv.components[2],
        ),
    )
    found = [s for s in lint(smelly) if s.rule is LintRule.SINGLE_POINT_OF_FAILURE]
    assert [s.component_ids for s in found] == [("api",)]
    assert found[0].risk is risk
    assert "Web → Api is critical" in found[0].evidence
    assert flagged(found)[0] == {"api"}


def test_a_single_instance_behind_only_degradable_calls_is_not_a_spof() -> None:
    inv = Inventory(
        (comp("api"), comp("cache", instances=1, zones=("a",))),
        (dep("api", "cache", criticality=Criticality.DEGRADABLE),),
    )
    assert LintRule.SINGLE_POINT_OF_FAILURE not in rules(inv)


def test_an_entry_point_with_one_instance_is_a_spof() -> None:
    inv = healthy()
    smelly = replace(inv, components=(replace(inv.components[0], instances=1), *inv.components[1:]))
    assert rules(smelly) == [LintRule.SINGLE_POINT_OF_FAILURE]


def chain(n: int, mode: CallMode = CallMode.SYNC) -> Inventory:
    names = [f"s{i}" for i in range(n + 1)]
    return Inventory(
        tuple(comp(x) for x in names),
        tuple(dep(a, b, mode=mode) for a, b in itertools.pairwise(names)),
    )


def test_sync_chain_deeper_than_the_configured_depth() -> None:
    found = [s for s in lint(chain(4)) if s.rule is LintRule.DEEP_SYNC_CHAIN]
    assert len(found) == 1 and found[0].component_ids == ("s0", "s1", "s2", "s3", "s4")
    assert "4 synchronous hops" in found[0].evidence
    assert rules(chain(3)) == []
    assert rules(chain(4), settings=LintSettings(max_sync_depth=4)) == []
    assert rules(chain(4, CallMode.ASYNC)) == []
    assert LintRule.DEEP_SYNC_CHAIN in rules(chain(3), settings=LintSettings(max_sync_depth=2))


def test_dependency_cycle_is_flagged_once_with_its_edges() -> None:
    inv = healthy()
    cyclic = replace(inv, dependencies=(*inv.dependencies, dep("db", "web")))
    found = [s for s in lint(cyclic) if s.rule is LintRule.DEPENDENCY_CYCLE]
    assert len(found) == 1
    assert set(found[0].component_ids) == {"web", "api", "db"}
    assert set(found[0].dependency_ids) == {"web->api", "api->db", "db->web"}
    assert found[0].risk is Risk.HIGH
    assert LintRule.DEPENDENCY_CYCLE not in rules(inv)


@pytest.mark.parametrize(
    ("timeout", "risk"), [(Tristate.NO, Risk.HIGH), (Tristate.UNKNOWN, Risk.MEDIUM)]
)
def test_critical_sync_call_without_timeout(timeout: Tristate, risk: Risk) -> None:
    inv = Inventory((comp("api"), comp("inv")), (dep("api", "inv", timeout=timeout),))
    found = lint(inv)
    assert [(s.rule, s.risk) for s in found] == [(LintRule.MISSING_TIMEOUT, risk)]
    assert found[0].dependency_ids == ("api->inv",)
    degradable = Inventory(
        inv.components, (dep("api", "inv", timeout=timeout, criticality=Criticality.DEGRADABLE),)
    )
    assert lint(degradable) == []


def test_retries_without_backoff() -> None:
    inv = Inventory(
        (comp("api"), comp("inv")), (dep("api", "inv", retries=RetryPolicy.NO_BACKOFF),)
    )
    assert rules(inv) == [LintRule.RETRY_WITHOUT_BACKOFF]
    fixed = Inventory(inv.components, (dep("api", "inv", retries=RetryPolicy.BACKOFF),))
    assert rules(fixed) == []


def test_stateful_without_replication_or_with_untested_backups() -> None:
    db = comp(
        "db",
        kind=ComponentKind.DATABASE,
        stateful=True,
        replication=Replication.NONE,
        backups=Backups.UNTESTED,
    )
    found = rules(Inventory((db,)))
    assert sorted(found) == sorted([LintRule.UNREPLICATED_STATE, LintRule.UNTESTED_BACKUPS])
    no_backups = lint(
        Inventory((replace(db, replication=Replication.ASYNC, backups=Backups.NONE),))
    )
    assert [s.title for s in no_backups] == ["Db has no backups"]
    fixed = replace(db, replication=Replication.ASYNC, backups=Backups.TESTED)
    assert rules(Inventory((fixed,))) == []
    assert rules(Inventory((replace(db, stateful=False),))) == []


def test_slo_not_achievable_from_dependencies() -> None:
    inv = healthy()
    slos = {"web": 0.9995, "api": 0.999, "db": 0.9995}
    found = [s for s in lint(inv, slos) if s.rule is LintRule.SLO_UNACHIEVABLE]
    # web needs api × db = 0.9985 < 0.9995; api needs db = 0.9995 >= 0.999.
    assert [s.component_ids for s in found] == [("web", "api", "db")]
    assert "99.8500%" in found[0].evidence
    assert not [
        s
        for s in lint(inv, {"web": 0.998, "api": 0.999, "db": 0.9995})
        if s.rule is LintRule.SLO_UNACHIEVABLE
    ]
    assert LintRule.SLO_UNACHIEVABLE not in rules(inv)


def test_external_dependency_without_breaker_or_degradation() -> None:
    psp = comp("psp", kind=ComponentKind.EXTERNAL, instances=1, zones=())
    inv = Inventory((comp("api"), psp), (dep("api", "psp", circuit_breaker=Tristate.NO),))
    found = lint(inv)
    assert [s.rule for s in found] == [LintRule.EXTERNAL_WITHOUT_BREAKER]
    assert found[0].risk is Risk.HIGH
    with_breaker = Inventory(inv.components, (dep("api", "psp"),))
    assert lint(with_breaker) == []
    degradable = Inventory(
        inv.components,
        (dep("api", "psp", circuit_breaker=Tristate.NO, criticality=Criticality.DEGRADABLE),),
    )
    assert lint(degradable) == []


def test_fingerprint_follows_the_evidence_and_order_is_worst_first() -> None:
    one = lint(Inventory((comp("api"), comp("inv")), (dep("api", "inv", timeout=Tristate.NO),)))
    renamed = lint(
        Inventory(
            (comp("api"), replace(comp("inv"), name="Stock")),
            (dep("api", "inv", timeout=Tristate.NO),),
        )
    )
    assert one[0].key == renamed[0].key and one[0].fingerprint != renamed[0].fingerprint
    mixed = lint(
        Inventory(
            (comp("api"), comp("inv"), comp("x")),
            (dep("api", "inv", timeout=Tristate.UNKNOWN), dep("api", "x", timeout=Tristate.NO)),
        )
    )
    assert [s.risk for s in mixed] == [Risk.HIGH, Risk.MEDIUM]
