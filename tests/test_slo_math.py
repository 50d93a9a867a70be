"""Error-budget, downtime, burn-rate and dependency math against published figures."""

from __future__ import annotations

import math

import pytest

from sreplan.kernel import Workspace
from sreplan.kernel.availability import composite_availability
from sreplan.kernel.durations import Duration, format_seconds, parse_duration
from sreplan.slo.dependencies import DependencyPart, check_dependencies
from sreplan.slo.error_budget import (
    ErrorBudget,
    alert_warnings,
    budget_spent_for,
    burn_down,
    burn_rate_alerts,
    downtime_table,
)
from sreplan.slo.model import DEFAULT_ALERT_RULES, Severity, SliType, target_error, threshold_error

THIRTY_DAYS = Duration(30, "d")


def test_budget_of_three_nines_over_thirty_days_is_43_2_minutes() -> None:
    budget = ErrorBudget(99.9, THIRTY_DAYS)
    assert budget.fraction == pytest.approx(0.001)
    assert budget.bad_seconds / 60 == pytest.approx(43.2)
    assert format_seconds(budget.bad_seconds) == "43.2 min"


def test_budget_of_four_nines_is_about_4_32_minutes() -> None:
    assert ErrorBudget(99.99, THIRTY_DAYS).bad_seconds / 60 == pytest.approx(4.32)


def test_budget_in_events_at_a_request_rate() -> None:
    # 100 req/s for 30 days is 259.2 million requests; 0.1 % of them may fail.
    assert ErrorBudget(99.9, THIRTY_DAYS).bad_events(100) == pytest.approx(259_200)
    with pytest.raises(ValueError):
        ErrorBudget(99.9, THIRTY_DAYS).bad_events(-1)


def test_downtime_table_matches_published_availability_tables() -> None:
    table = {row.period: row.allowed_seconds for row in downtime_table(99.9)}
    assert table["Day"] == pytest.approx(86.4)  # 1 min 26.4 s
    assert table["Week"] == pytest.approx(604.8)  # 10 min 4.8 s
    assert table["28 days"] / 60 == pytest.approx(40.32)
    assert table["30 days"] / 60 == pytest.approx(43.2)
    assert table["Year (365 days)"] / 3600 == pytest.approx(8.76)
    assert downtime_table(99.99)[-1].allowed_seconds / 60 == pytest.approx(52.56)


def test_workbook_burn_rates_for_a_thirty_day_window() -> None:
    alerts = burn_rate_alerts(99.9, THIRTY_DAYS, DEFAULT_ALERT_RULES)
    assert [a.burn_rate for a in alerts] == pytest.approx([14.4, 6, 3, 1])
    assert [a.rule.severity for a in alerts] == [Severity.PAGE, Severity.PAGE] + [
        Severity.TICKET
    ] * 2
    assert [a.error_ratio for a in alerts] == pytest.approx([0.0144, 0.006, 0.003, 0.001])
    assert [a.exhaust_seconds / 86400 for a in alerts] == pytest.approx([30 / 14.4, 5, 10, 30])


def test_burn_rates_scale_to_the_slos_own_window() -> None:
    alerts = burn_rate_alerts(99.9, Duration(28, "d"), DEFAULT_ALERT_RULES)
    assert alerts[0].burn_rate == pytest.approx(0.02 * 28 * 24 / 1)  # 13.44
    assert alerts[3].burn_rate == pytest.approx(0.1 * 28 / 3)
    assert budget_spent_for(
        alerts[0].burn_rate, Duration(28, "d"), Duration(1, "h")
    ) == pytest.approx(2)


def test_burn_down_reaches_zero_at_the_exhaustion_time() -> None:
    fast, slow = burn_down(THIRTY_DAYS, [6.0, 0.5])
    assert fast.days == pytest.approx((0, 5, 30)) and fast.remaining == (100, 0, 0)
    assert slow.remaining == pytest.approx((100, 50))


def test_alert_rules_longer_than_the_window_are_flagged() -> None:
    assert alert_warnings(THIRTY_DAYS, DEFAULT_ALERT_RULES) == []
    warnings = alert_warnings(Duration(1, "d"), DEFAULT_ALERT_RULES)
    assert len(warnings) == 1 and "3 days" in warnings[0]


@pytest.mark.parametrize(
    ("text", "seconds", "label"),
    [
        ("1m", 60, "1 minute"),
        ("1M", 30 * 86400, "1 month"),
        ("2w", 14 * 86400, "2 weeks"),
        ("1Q", 90 * 86400, "1 quarter"),
        ("12h", 43200, "12 hours"),
        ("1Y", 365 * 86400, "1 year"),
    ],
)
def test_durations_use_the_openslo_units(text: str, seconds: float, label: str) -> None:
    duration = parse_duration(text)
    assert duration.seconds == seconds and duration.label == label and str(duration) == text


@pytest.mark.parametrize("bad", ["", "30", "0d", "-1d", "30 days", "1.5h", "3x", 30, None, True])
def test_bad_durations_are_refused_with_a_message(bad: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_serial_and_redundant_dependencies() -> None:
    assert composite_availability([(0.999, 1), (0.999, 1)]) == pytest.approx(0.998001)
    assert composite_availability([(0.99, 2)]) == pytest.approx(0.9999)
    assert composite_availability([(0.999, 3), (0.9995, 1)]) == pytest.approx(
        (1 - 0.001**3) * 0.9995
    )


def test_a_target_above_the_dependency_ceiling_warns() -> None:
    parts = [DependencyPart("database", 99.95), DependencyPart("provider", 99.9)]
    check = check_dependencies(99.9, parts)
    assert check.ceiling == pytest.approx(99.85005)
    assert not check.achievable and "provider" in (check.warning or "")
    redundant = check_dependencies(
        99.9, [DependencyPart("database", 99.95), DependencyPart("provider", 99.9, replicas=2)]
    )
    assert redundant.achievable and redundant.warning is None
    assert check_dependencies(99.99, []).warning is None


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("99.9", True),
        ("99,95 %", True),
        (0.5, True),
        ("0", False),
        ("100", False),
        ("101", False),
        ("", False),
        ("abc", False),
        (math.nan, False),
    ],
)
def test_target_validation(value: object, ok: bool) -> None:
    assert (target_error(value) is None) is ok


def test_threshold_slis_need_an_operator_and_value() -> None:
    from sreplan.slo.model import Operator

    assert threshold_error(SliType.RATIO, None, None) is None
    assert threshold_error(SliType.THRESHOLD, None, "300") is not None
    assert threshold_error(SliType.THRESHOLD, Operator.LT, "") is not None
    assert threshold_error(SliType.THRESHOLD, Operator.LT, "300") is None


def test_action_items_for_draft_and_unreachable_slos(demo_ws: Workspace) -> None:
    from sreplan.features import open_action_items
    from sreplan.plans.demo import DEMO_PLAN_ID

    items = [i for i in open_action_items(demo_ws, DEMO_PLAN_ID) if i.source == "Reliability goals"]
    titles = [i.title for i in items]
    assert any(t.startswith("Make 'Payment-provider authorisations' achievable") for t in titles)
    assert any(t.startswith("Agree the SLO 'Checkout p99 latency") for t in titles)
    assert not any("'Checkout availability'" in t for t in titles)  # agreed and reachable
    high = [i for i in items if i.risk == "High"]
    assert len(high) == 1 and high[0].owner == "Marcus Feld"
