"""OpenSLO import (real fixtures, edge cases, refusals) and the export round trip."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from sreplan.kernel import Workspace
from sreplan.kernel.durations import Duration
from sreplan.plans.store import insert_plan, new_plan
from sreplan.slo.model import BudgetingMethod, Operator, Severity, SliType
from sreplan.slo.openslo_export import safe_name
from sreplan.slo.openslo_import import OpenSloError, export_openslo, import_openslo, read_openslo
from sreplan.slo.policy import stored_alert_rules
from sreplan.slo.store import list_services, list_slis, list_slos


@pytest.fixture
def plan(ws: Workspace) -> str:
    p = new_plan("Import target")
    insert_plan(ws, p)
    return p.id


def _write(tmp_path: Path, text: str, name: str = "slos.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _counts(ws: Workspace) -> tuple[int, ...]:
    return tuple(
        ws.scalar(f"SELECT count(*) FROM {t}")
        for t in ("services", "slis", "slos", "alert_policy_rules")
    )


def test_every_fixture_imports_together(ws: Workspace, plan: str, fixtures_dir: Path) -> None:
    files = sorted((fixtures_dir / "openslo").glob("*.yaml"))
    summary = import_openslo(ws, plan, read_openslo(files))
    assert summary.slos == 5  # the timeslices example has two objectives
    assert {s.name for s in list_services(ws, plan)} == {"web-shop", "web-availability"}
    # The same inline SLI in two files becomes one record.
    assert sorted(s.name for s in list_slis(ws, plan)) == [
        "response-code",
        "search-latency",
        "web-availability",
    ]
    by_name = {s.name: s for s in list_slos(ws, plan)}
    search = by_name["search-slo"]
    assert search.target == pytest.approx(99.0)
    assert search.window.duration == Duration(2, "w") and search.window.rolling
    assert search.objective_op is Operator.LT and search.objective_value == 500
    ratio = by_name["main-page"]
    assert ratio.budgeting_method is BudgetingMethod.RATIO_TIMESLICES
    assert ratio.timeslice_window == Duration(1, "m")


def test_one_m_is_one_minute_and_the_user_is_told(
    ws: Workspace, plan: str, fixtures_dir: Path
) -> None:
    path = fixtures_dir / "openslo" / "budgeting-method--timeslices-slo.yaml"
    summary = import_openslo(ws, plan, read_openslo([path]))
    slos = list_slos(ws, plan)
    assert {s.display_name for s in slos} == {
        "Reflaction of out availability SLA — Internal objective",
        "Reflaction of out availability SLA — SLA",
    }
    for slo in slos:
        assert slo.window.duration == Duration(1, "m") and not slo.window.rolling
        assert slo.window.label == "calendar 1 minute"
        assert slo.window.calendar_start == "2022-01-01 12:00:00"
        assert slo.window.time_zone == "America/New_York"
        assert slo.budgeting_method is BudgetingMethod.TIMESLICES
        assert slo.timeslice_target == pytest.approx(99.0)
    assert sorted(s.target for s in slos) == pytest.approx([99.0, 99.5])
    assert any("1m is 1 minute" in w and "1M" in w for w in summary.warnings)


def test_export_reimports_equal(demo_ws: Workspace, tmp_path: Path) -> None:
    plan_id = demo_ws.scalar("SELECT id FROM plans")
    path = _write(tmp_path, export_openslo(demo_ws, plan_id), "export.yaml")
    copy = new_plan("Copy")
    insert_plan(demo_ws, copy)
    summary = import_openslo(demo_ws, copy.id, read_openslo([path]))
    assert summary.warnings == ()

    def normalised(plan: str) -> list[object]:
        services = {s.id: s.name for s in list_services(demo_ws, plan)}
        slis = {s.id: dataclasses.replace(s, id="", plan_id="") for s in list_slis(demo_ws, plan)}
        return [
            dataclasses.replace(
                s, id="", plan_id="", service_id=services[s.service_id], sli_id=slis[s.sli_id]
            )
            for s in list_slos(demo_ws, plan)
        ]

    assert normalised(copy.id) == normalised(plan_id)
    assert len(normalised(plan_id)) == 3

    def rules(plan: str) -> list[tuple[object, ...]]:
        return [
            (r.severity, r.long_window, r.short_window, r.budget_spent)
            for r in stored_alert_rules(demo_ws, plan)
        ]

    assert rules(copy.id) == rules(plan_id)


def test_export_is_valid_openslo_v1_with_safe_names(demo_ws: Workspace) -> None:
    plan_id = demo_ws.scalar("SELECT id FROM plans")
    docs = list(yaml.safe_load_all(export_openslo(demo_ws, plan_id)))
    assert {d["kind"] for d in docs} == {"Service", "SLI", "SLO", "AlertPolicy"}
    for doc in docs:
        assert doc["apiVersion"] == "openslo/v1"
        name = doc["metadata"]["name"]
        assert len(name) <= 63 and name == safe_name(name, set(), "x")
    slo = next(d for d in docs if d["kind"] == "SLO")
    assert 0 < slo["spec"]["objectives"][0]["target"] < 1
    assert len(slo["spec"]["timeWindow"]) == 1


def test_safe_names_are_rfc_1123_and_unique() -> None:
    taken: set[str] = set()
    assert safe_name("Checkout — p99 Latency!", taken, "slo") == "checkout-p99-latency"
    assert safe_name("checkout p99 latency", taken, "slo") == "checkout-p99-latency-2"
    long = safe_name("x" * 100, taken, "slo")
    assert len(long) == 63
    assert safe_name("x" * 100, taken, "slo") == "x" * 61 + "-2"
    assert safe_name("???", taken, "slo") == "slo"


SLI_AND_SLO = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability
spec:
  service: api
  indicatorRef: api-requests
  timeWindow:
    - duration: 1M
      calendar:
        startTime: 2024-01-01 00:00:00
        timeZone: UTC
  budgetingMethod: Occurrences
  objectives:
    - targetPercent: 99.95
  alertPolicies:
    - fast-burn
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: api-requests
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(ok[5m]))
    total:
      metricSource:
        metricSourceRef: prom
        spec:
          query: sum(rate(all[5m]))
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: fast-burn
spec:
  alertWhenBreaching: true
  conditions:
    - conditionRef: fast
  notificationTargets:
    - targetRef: pager
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast
spec:
  severity: page
  condition:
    kind: burnrate
    threshold: 14.4
    lookbackWindow: 1h
    alertAfter: 5m
"""


def test_indicator_ref_and_alert_policy_in_any_order(
    ws: Workspace, plan: str, tmp_path: Path
) -> None:
    summary = import_openslo(ws, plan, read_openslo([_write(tmp_path, SLI_AND_SLO)]))
    (slo,) = list_slos(ws, plan)
    assert slo.target == 99.95 and slo.window.label == "calendar month"
    (sli,) = list_slis(ws, plan)
    assert sli.sli_type is SliType.RATIO and sli.good_query == "sum(rate(ok[5m]))"
    assert sli.data_source == "Prometheus"
    (rule,) = stored_alert_rules(ws, plan)
    assert rule.severity is Severity.PAGE and rule.long_window == Duration(1, "h")
    assert rule.budget_spent == pytest.approx(2.0)  # 14.4 × 1 h ÷ 720 h
    assert summary.alert_rules == 1


def test_unknown_fields_are_warnings(ws: Workspace, plan: str, tmp_path: Path) -> None:
    text = SLI_AND_SLO.replace(
        "  budgetingMethod: Occurrences", "  budgetingMethod: Occurrences\n  colour: blue"
    )
    summary = import_openslo(ws, plan, read_openslo([_write(tmp_path, text)]))
    assert "slos.yaml, document 1, spec.colour: unknown field, ignored" in summary.warnings


V1ALPHA = """\
apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: legacy
  displayName: Legacy API
spec:
  service: legacy-api
  budgetingMethod: Occurrences
  timeWindows:
    - unit: Day
      count: 28
      isRolling: true
  objectives:
    - displayName: Good
      target: 0.995
      ratioMetrics:
        good: {source: prometheus, queryType: promql, query: good_total}
        total: {source: prometheus, queryType: promql, query: all_total}
        incremental: true
"""


def test_v1alpha_maps_faithfully(ws: Workspace, plan: str, tmp_path: Path) -> None:
    import_openslo(ws, plan, read_openslo([_write(tmp_path, V1ALPHA)]))
    (slo,) = list_slos(ws, plan)
    assert slo.target == pytest.approx(99.5) and slo.window.duration == Duration(28, "d")
    (sli,) = list_slis(ws, plan)
    assert (sli.good_query, sli.total_query) == ("good_total", "all_total")


def _refused(ws: Workspace, plan: str, tmp_path: Path, text: str) -> str:
    before = _counts(ws)
    with pytest.raises(OpenSloError) as info:
        import_openslo(ws, plan, read_openslo([_write(tmp_path, SLI_AND_SLO + "---\n" + text)]))
    assert _counts(ws) == before, "a refused import must leave nothing behind"
    return str(info.value)


GOOD_SLO = SLI_AND_SLO.split("---\n")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind: SLO\napiVersion: [unclosed\n", "slos.yaml, line"),
        (GOOD_SLO.replace("openslo/v1", "openslo/v2"), "document 5, apiVersion: 'openslo/v2'"),
        (GOOD_SLO.replace("kind: SLO", "kind: Dashboard"), "document 5, kind: 'Dashboard'"),
        (GOOD_SLO.replace("  service: api\n", ""), "document 5, spec.service: required field"),
        (
            GOOD_SLO.replace("targetPercent: 99.95", "target: 1.5"),
            "document 5, spec.objectives[0].target: 1.5 is out of range",
        ),
        (
            GOOD_SLO.replace("targetPercent: 99.95", "targetPercent: 100"),
            "document 5, spec.objectives[0].targetPercent: 100 is out of range",
        ),
        (
            GOOD_SLO.replace("indicatorRef: api-requests", "indicatorRef: nowhere"),
            "document 5, spec.indicatorRef: no SLI named 'nowhere'",
        ),
        (
            GOOD_SLO.replace("duration: 1M", "duration: 1 month"),
            "document 5, spec.timeWindow[0].duration: '1 month' is not a duration",
        ),
        (
            GOOD_SLO.replace("budgetingMethod: Occurrences", "budgetingMethod: Sometimes"),
            "document 5, spec.budgetingMethod: 'Sometimes'",
        ),
    ],
)
def test_malformed_input_is_refused_whole(
    ws: Workspace, plan: str, tmp_path: Path, text: str, expected: str
) -> None:
    message = _refused(ws, plan, tmp_path, text)
    assert expected in message


def test_a_bad_second_file_refuses_the_first_too(ws: Workspace, plan: str, tmp_path: Path) -> None:
    good = _write(tmp_path, SLI_AND_SLO, "good.yaml")
    bad = _write(tmp_path, "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\n", "bad.yaml")
    with pytest.raises(OpenSloError, match=r"bad.yaml, document 1, spec: required field"):
        import_openslo(ws, plan, read_openslo([good, bad]))
    assert _counts(ws) == (0, 0, 0, 0)


def test_unmappable_v1alpha_is_refused_naming_the_version(
    ws: Workspace, plan: str, tmp_path: Path
) -> None:
    text = V1ALPHA.replace("unit: Day", "unit: Second").replace("count: 28", "count: 90")
    with pytest.raises(OpenSloError, match="openslo/v1alpha"):
        read_openslo([_write(tmp_path, text)])


def test_threshold_sli_without_value_is_refused(tmp_path: Path, fixtures_dir: Path) -> None:
    text = (fixtures_dir / "openslo" / "budgeting-method--occurences-slo.yaml").read_text()
    with pytest.raises(OpenSloError, match=r"objectives\[0\]\.value: required field"):
        read_openslo([_write(tmp_path, text.replace("      value: 500\n", ""))])


def test_files_that_are_not_text_or_missing(tmp_path: Path) -> None:
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(OpenSloError, match=r"x\.yaml, line 1: not UTF-8 text"):
        read_openslo([binary])
    with pytest.raises(OpenSloError, match="cannot be read"):
        read_openslo([tmp_path / "missing.yaml"])
    with pytest.raises(OpenSloError, match="no OpenSLO documents"):
        read_openslo([_write(tmp_path, "# only a comment\n")])
