"""The demo plan's reliability goals: checkout and payments, with a dependency to watch."""

from __future__ import annotations

from datetime import date

from sreplan.kernel import records
from sreplan.kernel.durations import Duration
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import (
    DEFAULT_ALERT_RULES,
    BudgetingMethod,
    BudgetPolicyStep,
    Operator,
    PolicyTrigger,
    Service,
    Sli,
    SliKind,
    SliType,
    Slo,
    SloDependency,
    SloStatus,
    TimeWindow,
)
from sreplan.slo.policy import alert_rule_row, budget_step_row, dependency_row
from sreplan.slo.store import insert_service, insert_sli, insert_slo


def _id(key: str) -> str:
    return stable_id(f"demo/slo/{key}")


def seed_slos(ws: Workspace, plan_id: str, today: date) -> None:
    checkout = Service(
        _id("service/checkout"), plan_id, "checkout", "Cart to paid order: web shop and mobile app."
    )
    payments = Service(
        _id("service/payments"),
        plan_id,
        "payments",
        "Authorises and captures card and wallet payments through the acquirer.",
    )
    insert_service(ws, checkout, 0)
    insert_service(ws, payments, 1)

    availability = Sli(
        _id("sli/checkout-availability"),
        plan_id,
        "checkout-availability",
        "Checkout requests served successfully",
        SliKind.AVAILABILITY,
        SliType.RATIO,
        good_events="POST /checkout responses that are not 5xx, measured at the load balancer",
        total_events="All POST /checkout requests at the load balancer",
        data_source="Prometheus",
        good_query='sum(rate(http_requests_total{route="/checkout",code!~"5.."}[5m]))',
        total_query='sum(rate(http_requests_total{route="/checkout"}[5m]))',
    )
    latency = Sli(
        _id("sli/checkout-latency"),
        plan_id,
        "checkout-latency",
        "Checkout latency",
        SliKind.LATENCY,
        SliType.THRESHOLD,
        good_events="Checkout requests answered within the threshold",
        total_events="All checkout requests",
        data_source="Prometheus",
        good_query=(
            "histogram_quantile(0.99, sum by (le) "
            '(rate(http_request_duration_seconds_bucket{route="/checkout"}[5m]))) * 1000'
        ),
    )
    provider = Sli(
        _id("sli/psp-authorisations"),
        plan_id,
        "psp-authorisations",
        "Payment-provider authorisations that succeed",
        SliKind.AVAILABILITY,
        SliType.RATIO,
        good_events="Acquirer authorisation calls answered without a provider error or timeout",
        total_events="All acquirer authorisation calls (issuer declines count as good)",
        data_source="Datadog",
        good_query="sum:payments.psp.authorise{!status:error}.as_count()",
        total_query="sum:payments.psp.authorise{*}.as_count()",
    )
    for sli in (availability, latency, provider):
        insert_sli(ws, sli)

    month = TimeWindow(Duration(30, "d"))
    slos = [
        Slo(
            _id("slo/checkout-availability"),
            plan_id,
            checkout.id,
            availability.id,
            "checkout-availability",
            "Checkout availability",
            description="Share of checkout attempts that do not fail on our side.",
            target=99.9,
            window=month,
            owner="Aiko Tanaka",
            status=SloStatus.AGREED,
            rationale=(
                "Last year's sale lost about 4% of revenue to two outages. At 99.9% a "
                "customer retries successfully well within the session; support contacts rise "
                "noticeably below that level (2025 incident review)."
            ),
            request_rate=45.0,
        ),
        Slo(
            _id("slo/checkout-latency"),
            plan_id,
            checkout.id,
            latency.id,
            "checkout-latency",
            "Checkout p99 latency under 800 ms",
            target=99.0,
            window=TimeWindow(Duration(28, "d")),
            budgeting_method=BudgetingMethod.TIMESLICES,
            objective_op=Operator.LT,
            objective_value=800.0,
            timeslice_target=95.0,
            timeslice_window=Duration(5, "m"),
            owner="Aiko Tanaka",
            status=SloStatus.DRAFT,
            rationale=(
                "Mobile conversion drops by roughly 7% per extra second at payment; product "
                "asked for p99 under 800 ms in 99% of five-minute slices."
            ),
        ),
        Slo(
            _id("slo/psp-authorisations"),
            plan_id,
            payments.id,
            provider.id,
            "payment-provider-authorisations",
            "Payment-provider authorisations",
            target=99.95,
            window=TimeWindow(
                Duration(1, "M"),
                rolling=False,
                calendar_start=f"{today.year}-01-01 00:00:00",
                time_zone="Europe/Berlin",
            ),
            owner="Marcus Feld",
            status=SloStatus.DRAFT,
            rationale=(
                "Payments must be stricter than checkout, whose budget it shares. The acquirer's "
                "contract only promises 99.9%, so a second acquirer is needed to meet this."
            ),
            request_rate=30.0,
        ),
    ]
    for slo in slos:
        insert_slo(ws, slo)

    deps = [
        SloDependency(
            _id("dep/checkout-payments"),
            plan_id,
            slos[0].id,
            "Payments (authorisation SLO)",
            depends_on_slo_id=slos[2].id,
            position=0,
        ),
        SloDependency(
            _id("dep/checkout-orders-db"),
            plan_id,
            slos[0].id,
            "Orders database (primary + replica)",
            availability=99.95,
            replicas=2,
            position=1,
        ),
        SloDependency(
            _id("dep/checkout-cluster"),
            plan_id,
            slos[0].id,
            "Kubernetes cluster (regional)",
            availability=99.99,
            position=2,
        ),
        SloDependency(
            _id("dep/psp-acquirer"),
            plan_id,
            slos[2].id,
            "Acquirer (contract SLA)",
            availability=99.9,
            position=0,
        ),
    ]
    steps = [
        (
            PolicyTrigger.CONSUMED,
            20.0,
            None,
            None,
            "Postmortem required for any single incident that consumed 20% of the budget or more.",
        ),
        (
            PolicyTrigger.CONSUMED,
            50.0,
            None,
            None,
            "Notify the product owner; review the top budget consumers at the weekly ops review.",
        ),
        (
            PolicyTrigger.BURN_RATE,
            None,
            6.0,
            Duration(6, "h"),
            "Declare an incident; on-call may roll back the latest release without approval.",
        ),
        (
            PolicyTrigger.CONSUMED,
            100.0,
            None,
            None,
            "Freeze feature launches: only P0 fixes and security changes ship until the "
            "budget recovers.",
        ),
        (
            PolicyTrigger.CONSUMED,
            150.0,
            None,
            None,
            "Reliability work before features: the next sprint goes to the postmortem "
            "action items.",
        ),
    ]
    with ws.write():
        records.insert(ws, "slo_dependencies", [dependency_row(d) for d in deps])
        records.insert(
            ws,
            "error_budget_policy_steps",
            [
                budget_step_row(
                    BudgetPolicyStep(
                        _id(f"policy/{i}"), plan_id, i, trigger, action, consumed, rate, window
                    )
                )
                for i, (trigger, consumed, rate, window, action) in enumerate(steps)
            ],
        )
        records.insert(
            ws,
            "alert_policy_rules",
            [
                {**alert_rule_row(plan_id, rule, i), "id": _id(f"alert/{i}")}
                for i, rule in enumerate(DEFAULT_ALERT_RULES)
            ],
        )
