"""The demo plan's resilience: the orders database's objectives (whose last restore test,
four months ago, took 2 h 10 min against an RTO of 1 h, so two checks fail), drills,
chaos experiments (one deviated, confirming the review's finding about the session cache)
and the checkout API's canary. Deterministic per date."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace
from sreplan.resilience import store
from sreplan.resilience.model import (
    CtkParts,
    Drill,
    Experiment,
    Outcome,
    RecoveryObjective,
    Replication,
    RestoreTest,
    RolloutPlan,
    RolloutStep,
    Scenario,
    Strategy,
)


def _id(key: str) -> str:
    return stable_id(f"demo/resilience/{key}")


def _component(key: str) -> str:
    return stable_id(f"demo/architecture/component/{key}")


def _slo(key: str) -> str:
    return stable_id(f"demo/slo/slo/{key}")


def seed_resilience(ws: Workspace, plan_id: str, today: date) -> None:
    db, queue, api, lb = (_component(k) for k in ("db", "queue", "api", "lb"))

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    store.add_objective(ws, RecoveryObjective(
        _id("objective/db"), plan_id, db, rpo_seconds=5 * 60, rto_seconds=3600,
        backup_method="Continuous WAL archiving to object storage, nightly base backups",
        backup_interval_seconds=60, replication=Replication.ASYNC, replication_lag_seconds=30,
        notes="Failover to the replica in eu-west-1b is manual."))
    store.add_objective(ws, RecoveryObjective(
        _id("objective/queue"), plan_id, queue, rpo_seconds=60, rto_seconds=30 * 60,
        backup_method="None: three brokers with synchronous replication",
        replication=Replication.SYNC))
    store.add_restore_test(ws, RestoreTest(
        _id("restore/db"), plan_id, _id("objective/db"), ago(122),
        "Orders database from last night's base backup plus WAL, into a scratch instance",
        restore_seconds=2 * 3600 + 10 * 60, data_lost_seconds=90,
        notes="Most of the time went into replaying WAL; nobody had the runbook open."))
    store.add_restore_test(ws, RestoreTest(
        _id("restore/queue"), plan_id, _id("objective/queue"), ago(30),
        "One broker rebuilt from its peers", restore_seconds=12 * 60, data_lost_seconds=0))
    for key, component, days, minutes in (("db", db, 64, 9), ("queue", queue, 64, 2),
                                          ("api", api, 64, 1), ("lb", lb, 64, 1),
                                          ("ful", _component("ful"), 64, 3)):
        store.add_drill(ws, Drill(
            _id(f"drill/{key}"), plan_id, component, Scenario.ZONE_LOSS, ago(days),
            recovery_seconds=minutes * 60,
            notes="Game day: eu-west-1a drained in staging."))
    store.add_drill(ws, Drill(_id("drill/operator"), plan_id, db, Scenario.OPERATOR_ERROR,
                              ago(40), 25 * 60, "Dropped table restored with PITR."))
    method = [{"type": "action", "name": "fail-over-orders-db", "provider": {
        "type": "process", "path": "aws",
        "arguments": "rds failover-db-cluster --db-cluster-identifier orders"}}]
    probes = [{"type": "probe", "name": "checkout-availability", "tolerance": True,
               "provider": {"type": "http", "url": "https://staging.northwind.example/health",
                            "timeout": 3}}]
    store.add_experiment(ws, Experiment(
        _id("experiment/db-failover"), plan_id, "Orders database zone failover",
        hypothesis="Checkout keeps 99.9 % of requests good while the database fails over",
        description="Kill the primary's zone; the replica takes over within the RTO.",
        slo_id=_slo("checkout-availability"), tolerance="error ratio ≤ 0.1 % over 5 min",
        fault="Zone loss", environment="staging", blast_percent=10.0,
        duration_seconds=30 * 60, schedule="Quarterly, first Tuesday", owner="Data Platform",
        target_ids=(db,),
        ctk=CtkParts(tags=json.dumps(["database", "zone"]), probes=json.dumps(probes),
                     method=json.dumps(method))))
    store.add_experiment(ws, Experiment(
        _id("experiment/psp-outage"), plan_id, "Payment provider outage",
        hypothesis="Checkout degrades to 'pay later' instead of failing",
        slo_id=_slo("checkout-availability"), tolerance="error ratio ≤ 0.1 % over 5 min",
        fault="Dependency outage", environment="staging", blast_percent=2.0,
        duration_seconds=15 * 60, schedule="Before the sale", owner="Checkout & Payments",
        target_ids=(_component("pay"), api)))
    store.add_experiment(ws, Experiment(
        _id("experiment/cache-loss"), plan_id, "Session cache node loss",
        hypothesis="Losing the cache node costs logins, not checkouts",
        slo_id=_slo("checkout-availability"), tolerance="error ratio ≤ 0.1 % over 5 min",
        fault="Instance crash", environment="production", blast_percent=5.0,
        duration_seconds=10 * 60, schedule="Monthly", owner="Checkout & Payments",
        target_ids=(_component("cache"),)))
    with ws.write() as conn:
        conn.execute("INSERT INTO experiment_runs (id, plan_id, experiment_id, ran_on, outcome, "
                     "observations, budget_spent) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [_id("run/db-failover"), plan_id, _id("experiment/db-failover"),
                      ago(45).isoformat(), Outcome.HELD.value,
                      "Failover took 48 s; error ratio peaked at 0.06 %.", 1.2])
        # The deviated run confirmed the review's finding about the single cache node,
        # so it points at that finding instead of creating a second one.
        conn.execute("INSERT INTO experiment_runs (id, plan_id, experiment_id, ran_on, outcome, "
                     "observations, budget_spent, finding_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [_id("run/cache-loss"), plan_id, _id("experiment/cache-loss"),
                      ago(12).isoformat(), Outcome.DEVIATED.value,
                      "Sessions were lost and shoppers were sent back to login mid-checkout; "
                      "error ratio 2.1 % for 4 min", 4.5,
                      stable_id("demo/architecture/finding/5")])
    store.add_rollout(ws, RolloutPlan(
        _id("rollout/api"), plan_id, api, "Checkout API canary", Strategy.CANARY,
        slo_id=_slo("checkout-availability"),
        rollback_method="Argo Rollouts abort: traffic back to the stable ReplicaSet",
        rollback_seconds=120, failure_percent=100.0,
        steps=(
            RolloutStep(5, 10 * 60, analysis=json.dumps({"templates": [
                {"templateName": "checkout-api-canary-slo"}]}), id=_id("step/1")),
            RolloutStep(25, 30 * 60, id=_id("step/2")),
            RolloutStep(50, 3600, manual_gate=True, id=_id("step/3")),
            RolloutStep(100, 6 * 3600, id=_id("step/4")),
        )))
