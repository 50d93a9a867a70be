"""OpenSLO files in and out without silent changes (issue 11, section 2).

Every real file in tests/fixtures/openslo and tests/fixtures/openslo-more is
imported (or refused with a clear message naming the document); every export is
checked against the OpenSLO v1 JSON schema (tests/fixtures/openslo-schema-v1).
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from referencing import Registry, Resource

from sreplan.cli import main
from sreplan.kernel import Workspace
from sreplan.kernel.durations import Duration
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.plans.store import insert_plan, new_plan
from sreplan.slo.model import (
    BudgetingMethod,
    Operator,
    Service,
    Sli,
    SliKind,
    SliType,
    Slo,
    SloStatus,
    TimeWindow,
)
from sreplan.slo.openslo.kinds import column_source, query_text, source_name
from sreplan.slo.openslo_import import (
    OpenSloError,
    export_openslo,
    import_edit,
    import_openslo,
    read_openslo,
)
from sreplan.slo.openslo_store import (
    OpenSloCondition,
    OpenSloPolicy,
    list_policies,
    policy_links,
    save_policy,
    set_slo_policies,
)
from sreplan.slo.store import (
    insert_service,
    insert_sli,
    insert_slo,
    list_services,
    list_slis,
    list_slos,
)

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA_DIR = FIXTURES / "openslo-schema-v1"


# The OpenSLO v1 JSON schema --------------------------------------------------------------


def _validator() -> jsonschema.Draft7Validator:
    """The vendored v1 schema, with the two places where it lags the v1 specification.

    The specification (and the Go SDK) write ``alertPolicies`` items as
    ``alertPolicyRef: NAME`` (or an inline AlertPolicy) and have the
    ``RatioTimeslices`` budgeting method; the vendored schema predates both
    (see its SOURCE.md). Nothing else is changed.
    """
    resources = []
    for path in [SCHEMA_DIR / "openslo.schema.json", *sorted((SCHEMA_DIR / "parts").glob("*"))]:
        contents = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "slo-spec.schema.json":
            contents = copy.deepcopy(contents)
            spec = contents["properties"]["spec"]["properties"]
            spec["alertPolicies"]["items"] = {
                "type": "object",
                "required": ["alertPolicyRef"],
                "properties": {
                    "alertPolicyRef": {
                        "$ref": "https://openslo.com/schemas/v1/parts/name.schema.json"
                    }
                },
            }
            spec["budgetingMethod"]["enum"].append("RatioTimeslices")
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    root = registry.contents("https://openslo.com/schemas/v1/openslo.schema.json")
    return jsonschema.Draft7Validator(root, registry=registry)


VALIDATOR = _validator()


def assert_valid_v1(text: str) -> list[dict[str, Any]]:
    docs = list(yaml.safe_load_all(text))
    for doc in docs:
        errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.absolute_path))
        assert not errors, (doc["kind"], doc["metadata"]["name"], [e.message for e in errors])
    return docs


def test_the_schema_refuses_what_the_old_export_wrote() -> None:
    """The check bites: an empty notificationTargets list and bare policy names fail."""
    policy = {
        "apiVersion": "openslo/v1",
        "kind": "AlertPolicy",
        "metadata": {"name": "p"},
        "spec": {
            "alertWhenNoData": False,
            "alertWhenResolved": False,
            "alertWhenBreaching": True,
            "conditions": [{"conditionRef": "c"}],
            "notificationTargets": [],
        },
    }
    assert list(VALIDATOR.iter_errors(policy))
    policy["spec"]["notificationTargets"] = [{"targetRef": "pager"}]
    assert not list(VALIDATOR.iter_errors(policy))


# Helpers ---------------------------------------------------------------------------------


@pytest.fixture
def plan(ws: Workspace) -> str:
    p = new_plan("Import target")
    insert_plan(ws, p)
    return p.id


def _write(tmp_path: Path, text: str, name: str = "slos.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import_text(ws: Workspace, plan: str, tmp_path: Path, text: str, name: str = "slos.yaml"):
    return import_openslo(ws, plan, read_openslo([_write(tmp_path, text, name)]))


def _normalised(ws: Workspace, plan: str) -> list[Any]:
    """The plan's SLOs with ids replaced by the content they point at."""
    services = {s.id: (s.name, s.description) for s in list_services(ws, plan)}
    slis = {s.id: dataclasses.replace(s, id="", plan_id="") for s in list_slis(ws, plan)}
    policies = {p.id: p for p in list_policies(ws, plan)}
    links = policy_links(ws, plan)

    def policy(pid: str) -> Any:
        p = policies[pid]
        conditions = tuple(
            dataclasses.replace(c, id="", plan_id="", policy_id="") for c in p.conditions
        )
        return dataclasses.replace(p, id="", plan_id="", position=0, conditions=conditions)

    return [
        (
            dataclasses.replace(
                s, id="", plan_id="", service_id=services[s.service_id], sli_id=slis[s.sli_id]
            ),
            [policy(p) for p in links.get(s.id, [])],
        )
        for s in list_slos(ws, plan)
    ]


def _round_trip(ws: Workspace, plan: str, tmp_path: Path) -> tuple[str, str, Any]:
    text = export_openslo(ws, plan)
    copy_plan = new_plan(f"Copy {new_id()[:8]}")
    insert_plan(ws, copy_plan)
    summary = _import_text(ws, copy_plan.id, tmp_path, text, "export.yaml")
    return text, copy_plan.id, summary


# Every real file ---------------------------------------------------------------------------

REAL_FILES = sorted((FIXTURES / "openslo").glob("*.yaml")) + sorted(
    (FIXTURES / "openslo-more").glob("*.yaml")
)

# What each real file gives: SLO names imported, or the refusal (it names the document).
EXPECTED: dict[str, tuple[str, ...] | str] = {
    "budgeting-method--occurences-slo.yaml": ("search-slo",),
    "budgeting-method--ratio-timeslices.yaml": ("main-page",),
    "budgeting-method--timeslices-slo.yaml": (
        "service-availability-internal-objective",
        "service-availability-sla",
    ),
    "treat-low-traffic-as-equally-important--timeslices-slo.yaml": ("service-availability",),
    "oslo-mix-1.yaml": (),
    "oslo-mix-2.yaml": (),
    "oslo-mix-3.yaml": "oslo-mix-3.yaml, document 1, apiVersion: 'openslo.com/v2alpha'",
    "oslo-recursive-1.yaml": (),
    "oslo-recursive-nested-2.yaml": (
        "oslo-recursive-nested-2.yaml, document 1, apiVersion: 'openslo.com/v2alpha'"
    ),
    "oslo-unknown-field.yaml": (),
    "oslo-v1alpha.yaml": (
        "oslo-v1alpha.yaml, document 3, spec.objectives[0].timeSliceTarget: "
        "required field is missing for Timeslices"
    ),
    "oslo-v2alpha.yaml": "oslo-v2alpha.yaml, document 1, apiVersion: 'openslo.com/v2alpha'",
}


def test_every_real_file_is_expected() -> None:
    assert sorted(p.name for p in REAL_FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_every_real_file_imports_round_trips_and_exports_valid_v1(
    ws: Workspace, plan: str, path: Path, tmp_path: Path
) -> None:
    expected = EXPECTED[path.name]
    if isinstance(expected, str):
        with pytest.raises(OpenSloError) as info:
            read_openslo([path])
        assert str(info.value).startswith(expected)
        return
    summary = import_openslo(ws, plan, read_openslo([path]))
    assert sorted(s.name for s in list_slos(ws, plan)) == sorted(expected)
    text, copy_id, again = _round_trip(ws, plan, tmp_path)
    assert_valid_v1(text)
    assert _normalised(ws, copy_id) == _normalised(ws, plan)
    # The export says nothing new: only the original file's own warnings were given.
    assert not [w for w in again.warnings if "1m is 1 minute" not in w], again.warnings
    assert summary.updated == 0


def test_list_form_items_are_numbered_like_documents(
    ws: Workspace, plan: str, tmp_path: Path
) -> None:
    summary = import_openslo(
        ws, plan, read_openslo([FIXTURES / "openslo-more" / "oslo-mix-2.yaml"])
    )
    assert [s.name for s in list_services(ws, plan)] == ["example service"]
    assert summary.warnings == (
        "oslo-mix-2.yaml, document 1, metadata.name: 'example service' is not an RFC 1123 name",
    )
    text = (FIXTURES / "openslo-more" / "oslo-v1alpha.yaml").read_text(encoding="utf-8")
    # Items 1 and 2 are the list's two services; the ``---`` documents after it are 3 and 4.
    with pytest.raises(OpenSloError, match=r"v1alpha\.yaml, document 3, spec\.objectives"):
        read_openslo([_write(tmp_path, text, "v1alpha.yaml")])
    with pytest.raises(OpenSloError, match=r"x\.yaml, document 2, kind"):
        read_openslo(
            [
                _write(
                    tmp_path,
                    "- {apiVersion: openslo/v1, kind: Service, metadata: {name: a}}\n"
                    "- {apiVersion: openslo/v1, kind: Nope, metadata: {name: b}}\n",
                    "x.yaml",
                )
            ]
        )


# Alert policies: burn rates as written, per SLO --------------------------------------------

TWO_WINDOWS = """\
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: fast-burn
  labels: {team: payments}
spec:
  alertWhenBreaching: true
  alertWhenResolved: false
  alertWhenNoData: false
  conditions:
    - kind: AlertCondition
      metadata:
        name: fast
      spec:
        severity: critical
        condition:
          kind: burnrate
          op: lte
          threshold: 14.4
          lookbackWindow: 1h
          alertAfter: 5m
  notificationTargets:
    - targetRef: pager
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: requests
spec:
  ratioMetric:
    counter: false
    bad:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(errors[5m]))
    total:
      metricSource:
        metricSourceRef: prom
        type: Prometheus
        spec:
          query: sum(rate(all[5m]))
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: week
spec:
  service: api
  indicatorRef: requests
  timeWindow: [{duration: 7d, isRolling: true}]
  budgetingMethod: Occurrences
  objectives: [{target: 0.999}]
  alertPolicies:
    - alertPolicyRef: fast-burn
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: month
spec:
  service: api
  indicatorRef: requests
  timeWindow: [{duration: 28d, isRolling: true}]
  budgetingMethod: Occurrences
  objectives: [{target: 0.995}]
  alertPolicies: [fast-burn]
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: quiet
spec:
  service: api
  indicatorRef: requests
  timeWindow: [{duration: 30d, isRolling: true}]
  budgetingMethod: Occurrences
  objectives: [{target: 0.99}]
"""


def _docs(text: str, kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in yaml.safe_load_all(text) if d["kind"] == kind}


def test_burn_rates_op_and_policy_references_come_back_as_written(
    ws: Workspace, plan: str, tmp_path: Path
) -> None:
    _import_text(ws, plan, tmp_path, TWO_WINDOWS)
    text = export_openslo(ws, plan)
    assert_valid_v1(text)
    (policy,) = _docs(text, "AlertPolicy").values()
    (condition,) = policy["spec"]["conditions"]
    assert condition["spec"]["severity"] == "critical"
    assert condition["spec"]["condition"] == {
        "kind": "burnrate",
        "op": "lte",
        "threshold": 14.4,
        "lookbackWindow": "1h",
        "alertAfter": "5m",
    }
    assert "threshold: 14.4\n" in text
    assert policy["spec"]["notificationTargets"] == [{"targetRef": "pager"}]
    assert policy["metadata"]["labels"] == {"team": "payments"}
    slos = _docs(text, "SLO")
    assert slos["week"]["spec"]["alertPolicies"] == [{"alertPolicyRef": "fast-burn"}]
    assert slos["month"]["spec"]["alertPolicies"] == [{"alertPolicyRef": "fast-burn"}]
    assert "alertPolicies" not in slos["quiet"]["spec"]


def test_sli_content_is_kept(ws: Workspace, plan: str, tmp_path: Path) -> None:
    _import_text(ws, plan, tmp_path, TWO_WINDOWS)
    text = export_openslo(ws, plan)
    (sli,) = _docs(text, "SLI").values()
    ratio = sli["spec"]["ratioMetric"]
    assert ratio["counter"] is False
    assert "good" not in ratio
    assert ratio["bad"] == {
        "metricSource": {"type": "Prometheus", "spec": {"query": "sum(rate(errors[5m]))"}}
    }
    assert ratio["total"] == {
        "metricSource": {
            "metricSourceRef": "prom",
            "type": "Prometheus",
            "spec": {"query": "sum(rate(all[5m]))"},
        }
    }


VENDOR_SPEC = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: vendor
  labels:
    team: [a, b]
  annotations:
    example.com/dashboard: https://example.com/d/1
spec:
  service: api
  indicator:
    metadata:
      name: vendor-latency
      labels: {tier: "1"}
      annotations: {example.com/owner: sre}
    spec:
      description: p99 latency from AppDynamics
      thresholdMetric:
        metricSource:
          type: AppDynamics
          spec:
            applicationName: checkout
            metricPath: End User Experience|App|End User Response Time 95th percentile (ms)
  timeWindow: [{duration: 1w, isRolling: true}]
  budgetingMethod: Occurrences
  objectives:
    - op: lte
      value: 300
      target: 0.95
"""


def test_a_vendor_metric_spec_labels_and_annotations_are_kept(
    ws: Workspace, plan: str, tmp_path: Path
) -> None:
    _import_text(ws, plan, tmp_path, VENDOR_SPEC)
    (slo,) = list_slos(ws, plan)
    assert slo.objective_op is Operator.LTE
    text = export_openslo(ws, plan)
    assert_valid_v1(text)
    (sli,) = _docs(text, "SLI").values()
    assert sli["spec"]["description"] == "p99 latency from AppDynamics"
    assert sli["spec"]["thresholdMetric"]["metricSource"] == {
        "type": "AppDynamics",
        "spec": {
            "applicationName": "checkout",
            "metricPath": "End User Experience|App|End User Response Time 95th percentile (ms)",
        },
    }
    assert sli["metadata"]["labels"] == {"tier": "1"}
    assert sli["metadata"]["annotations"]["example.com/owner"] == "sre"
    (doc,) = _docs(text, "SLO").values()
    assert doc["metadata"]["labels"] == {"team": ["a", "b"]}
    assert doc["metadata"]["annotations"]["example.com/dashboard"] == "https://example.com/d/1"
    assert doc["spec"]["objectives"][0]["op"] == "lte"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("op: lte", "op: below"), r"condition\.op: 'below' is not one of"),
        (("          op: lte\n", ""), r"condition\.op: required field is missing"),
        (("          alertAfter: 5m\n", ""), r"condition\.alertAfter: required field is missing"),
    ],
)
def test_condition_op_and_alert_after_are_required_and_named(
    ws: Workspace, plan: str, tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    with pytest.raises(
        OpenSloError, match=r"slos\.yaml, document 1, spec\.conditions\[0\]\.spec\." + expected
    ):
        read_openslo([_write(tmp_path, TWO_WINDOWS.replace(*change))])


def test_composite_slos_are_refused_plainly(tmp_path: Path) -> None:
    text = VENDOR_SPEC.replace(
        "    - op: lte\n", "    - indicatorRef: other\n      compositeWeight: 1\n      op: lte\n"
    )
    with pytest.raises(OpenSloError) as info:
        read_openslo([_write(tmp_path, text)])
    assert str(info.value) == (
        "slos.yaml, document 1: SLO 'vendor' is a composite SLO (spec.objectives[0] has its "
        "own indicator); composite SLOs are not supported yet"
    )


V1ALPHA_TIMESLICES = """\
apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: legacy
spec:
  service: legacy-api
  budgetingMethod: Timeslices
  timeWindows: [{unit: Day, count: 28, isRolling: true}]
  objectives:
    - target: 0.98
      timeSliceTarget: 0.95
      ratioMetrics:
        good: {source: prometheus, queryType: promql, query: good_total}
        total: {source: prometheus, queryType: promql, query: all_total}
        incremental: true
"""


def test_v1alpha_timeslices_get_a_stated_default_window(
    ws: Workspace, plan: str, tmp_path: Path
) -> None:
    summary = _import_text(ws, plan, tmp_path, V1ALPHA_TIMESLICES)
    (slo,) = list_slos(ws, plan)
    assert slo.timeslice_window == Duration(1, "m") and slo.timeslice_target == 95.0
    assert (
        "slos.yaml, document 1, spec.objectives[0]: openslo/v1alpha has no timeSliceWindow; "
        "SRE Plan uses 1 minute (1m) slices, change it in the SLO if your tool uses another"
    ) in summary.warnings
    assert any("'promql' is not kept" in w for w in summary.warnings)
    (sli,) = list_slis(ws, plan)
    assert sli.counter is True  # v1alpha's incremental
    assert_valid_v1(export_openslo(ws, plan))


# Re-import updates ---------------------------------------------------------------------------


def test_reimport_updates_instead_of_copying(ws: Workspace, plan: str, tmp_path: Path) -> None:
    _import_text(ws, plan, tmp_path, TWO_WINDOWS)
    before = {s.name: s.id for s in list_slos(ws, plan)}
    changed = TWO_WINDOWS.replace("target: 0.999", "target: 0.9995")
    summary = _import_text(ws, plan, tmp_path, changed)
    after = {s.name: s for s in list_slos(ws, plan)}
    assert {n: s.id for n, s in after.items()} == before
    assert after["week"].target == 99.95
    assert summary.slos == 0 and summary.updated == 3
    assert len(list_policies(ws, plan)) == 1
    assert "updated 3 existing SLOs with the same name (week, month, quiet)" in summary.describe()


def test_reimport_is_one_undo_step(ws: Workspace, plan: str, tmp_path: Path) -> None:
    _import_text(ws, plan, tmp_path, TWO_WINDOWS)
    original = _normalised(ws, plan)
    changed = TWO_WINDOWS.replace("target: 0.999", "target: 0.9995").replace(
        "threshold: 14.4", "threshold: 6"
    )
    edit, result = import_edit(plan, read_openslo([_write(tmp_path, changed)]))
    edit.apply(ws)
    assert result.summary is not None and result.summary.updated == 3
    assert _normalised(ws, plan) != original
    Edit.revert(edit, ws)
    assert _normalised(ws, plan) == original
    edit.apply(ws)  # redo
    assert {s.name: s.target for s in list_slos(ws, plan)}["week"] == 99.95


def test_cli_says_it_updated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = tmp_path / "w.sreplan"
    assert main(["new", str(workspace), "--demo"]) == 0
    source = _write(tmp_path, TWO_WINDOWS)
    args = ["import-openslo", str(workspace), "--plan", "Checkout service", str(source)]
    capsys.readouterr()
    assert main(args) == 0
    assert "imported 3 new SLOs" in capsys.readouterr().out
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "imported 0 new SLOs, updated 3 existing SLOs with the same name" in out


# Any plan the app can hold survives export then import -------------------------------------

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_name = st.text(alphabet="abcdefghij -_ÄX", min_size=1, max_size=20).filter(
    lambda s: s.strip() != ""
)
_duration = st.builds(
    Duration, st.integers(1, 400), st.sampled_from(["m", "h", "d", "w", "M", "Q", "Y"])
)
_percent = st.floats(min_value=0.0001, max_value=99.9999, allow_nan=False).filter(
    lambda x: 0 < x < 100
)
_labels = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True),
    st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9._-]{0,10}[a-zA-Z0-9]", fullmatch=True),
    max_size=3,
).map(lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":")))
_annotations = st.dictionaries(
    st.from_regex(r"example\.com/[a-z]{1,8}", fullmatch=True), _text, max_size=2
).map(lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":")))


_vendor_spec = st.dictionaries(
    st.from_regex(r"[a-zA-Z][a-zA-Z0-9]{0,10}", fullmatch=True),
    st.one_of(
        _text,
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
    ),
    max_size=3,
)
_source = st.fixed_dictionaries(
    {"spec": _vendor_spec},
    optional={
        "metricSourceRef": st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True),
        "type": st.sampled_from(["Prometheus", "AppDynamics", "Nobl9", "Datadog"]),
    },
)


@st.composite
def _imported_sli(draw: st.DrawFn, plan_id: str) -> Sli:
    """An SLI as an OpenSLO import leaves it: metric sources as they came, fields derived."""
    sli_type = draw(st.sampled_from(SliType))
    roles = (
        ["threshold"]
        if sli_type is SliType.THRESHOLD
        else [draw(st.sampled_from(["good", "bad"])), "total"]
    )
    sources = {role: draw(_source) for role in roles}
    data_source = source_name(sources[roles[0]]) or source_name(sources.get("total", {}))
    queries = {role: query_text(src) for role, src in sources.items()}
    kept = {
        role: src
        for role, src in sources.items()
        if (role == "bad" and not queries[role]) or src != column_source(data_source, queries[role])
    }
    return Sli(
        new_id(),
        plan_id,
        draw(_name),
        kind=draw(st.sampled_from(SliKind)),
        sli_type=sli_type,
        data_source=data_source,
        good_query=queries.get("good", queries.get("threshold", "")),
        total_query=queries.get("total", ""),
        counter=draw(st.booleans()) if sli_type is SliType.RATIO else None,
        bad_query=queries.get("bad", ""),
        metric_sources=json.dumps(kept, ensure_ascii=False, separators=(",", ":")),
    )


@st.composite
def _sli(draw: st.DrawFn, plan_id: str) -> Sli:
    if draw(st.booleans()):
        return draw(_imported_sli(plan_id))
    sli_type = draw(st.sampled_from(SliType))
    bad = sli_type is SliType.RATIO and draw(st.booleans())
    query = draw(_text)
    return Sli(
        new_id(),
        plan_id,
        draw(_name),
        draw(st.one_of(st.just(""), _name)),
        draw(st.sampled_from(SliKind)),
        sli_type,
        draw(_text),
        draw(_text),
        draw(_text),
        "" if bad else query,
        draw(_text) if sli_type is SliType.RATIO else "",
        description=draw(_text),
        counter=draw(st.sampled_from([None, True, False])) if sli_type is SliType.RATIO else None,
        bad_query=query if bad else "",
        labels=draw(_labels),
        annotations=draw(_annotations),
    )


@st.composite
def _slo(draw: st.DrawFn, plan_id: str, service_id: str, sli: Sli) -> Slo:
    method = draw(st.sampled_from(BudgetingMethod))
    rolling = draw(st.booleans())
    threshold = sli.sli_type is SliType.THRESHOLD
    return Slo(
        id=new_id(),
        plan_id=plan_id,
        service_id=service_id,
        sli_id=sli.id,
        name=draw(_name),
        display_name=draw(st.one_of(st.just(""), _name)),
        description=draw(_text),
        target=draw(_percent),
        window=TimeWindow(
            draw(_duration),
            rolling,
            "" if rolling else draw(st.sampled_from(["", "2024-01-01 00:00:00"])),
            "" if rolling else draw(st.sampled_from(["", "Europe/Berlin"])),
        ),
        budgeting_method=method,
        objective_op=draw(st.sampled_from(Operator)) if threshold else None,
        objective_value=draw(st.floats(-1e9, 1e9, allow_nan=False)) if threshold else None,
        timeslice_target=draw(_percent) if method is BudgetingMethod.TIMESLICES else None,
        timeslice_window=draw(_duration) if method is not BudgetingMethod.OCCURRENCES else None,
        owner=draw(_text),
        rationale=draw(_text),
        status=draw(st.sampled_from(SloStatus)),
        request_rate=draw(st.one_of(st.none(), st.floats(0, 1e7, allow_nan=False))),
        labels=draw(_labels),
        annotations=draw(_annotations),
        plan_alert_policy=draw(st.booleans()),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_plan_survives_export_then_import(
    ws: Workspace, tmp_path: Path, data: st.DataObject
) -> None:
    plan = new_plan(f"Plan {new_id()[:8]}")
    insert_plan(ws, plan)
    names = data.draw(st.lists(_name, min_size=1, max_size=3, unique=True))
    services = [Service(new_id(), plan.id, n, data.draw(_text)) for n in names]
    for service in services:
        insert_service(ws, service)
    slis = data.draw(st.lists(_sli(plan.id), min_size=1, max_size=3))
    for sli in slis:
        insert_sli(ws, sli)
    for _ in range(data.draw(st.integers(0, 4))):
        service = data.draw(st.sampled_from(services))
        sli = data.draw(st.sampled_from(slis))
        insert_slo(ws, data.draw(_slo(plan.id, service.id, sli)))
    policies = data.draw(st.lists(_policy(plan.id), max_size=3, unique_by=lambda p: p.name))
    for policy in policies:
        save_policy(ws, policy)
    for slo in list_slos(ws, plan.id):
        chosen = data.draw(st.lists(st.sampled_from(policies), unique=True)) if policies else []
        set_slo_policies(ws, plan.id, slo.id, [p.id for p in chosen], new_id)
    text, copy_id, summary = _round_trip(ws, plan.id, tmp_path)
    assert_valid_v1(text)
    assert summary.updated == 0
    after, before = _normalised(ws, copy_id), _normalised(ws, plan.id)
    assert after == before, _differences(after, before)


def _differences(after: list[Any], before: list[Any]) -> list[str]:
    found = []
    for (slo_a, pol_a), (slo_b, pol_b) in zip(after, before, strict=False):
        for f in dataclasses.fields(slo_a):
            x, y = getattr(slo_a, f.name), getattr(slo_b, f.name)
            if x != y:
                found.append(f"{f.name}: {x!r} != {y!r}")
        if pol_a != pol_b:
            found.append(f"policies: {pol_a!r} != {pol_b!r}")
    return found or [f"{len(after)} SLOs != {len(before)}"]


_ref = st.from_regex(r"[a-z][a-z0-9-]{0,14}[a-z0-9]", fullmatch=True)


@st.composite
def _policy(draw: st.DrawFn, plan_id: str) -> OpenSloPolicy:
    policy_id = new_id()
    conditions = tuple(
        OpenSloCondition(
            id=new_id(),
            plan_id=plan_id,
            policy_id=policy_id,
            position=0,
            name=draw(_ref),
            display_name=draw(st.one_of(st.just(""), _name)),
            description=draw(_text),
            severity=draw(st.sampled_from(["page", "ticket", "critical", "Sev 2"])),
            op=draw(st.sampled_from(["lt", "lte", "gt", "gte"])),
            threshold=draw(st.floats(allow_nan=False, allow_infinity=False)),
            lookback_window=draw(_duration),
            alert_after=draw(_duration),
            labels=draw(_labels),
            annotations=draw(_annotations),
        )
        for _ in range(1)  # OpenSLO v1 allows one condition per policy
    )
    return OpenSloPolicy(
        id=policy_id,
        plan_id=plan_id,
        position=0,
        name=draw(_ref),
        display_name=draw(st.one_of(st.just(""), _name)),
        description=draw(_text),
        alert_when_no_data=draw(st.booleans()),
        alert_when_resolved=draw(st.booleans()),
        alert_when_breaching=draw(st.booleans()),
        notification_targets=json.dumps(
            [{"targetRef": t} for t in draw(st.lists(_ref, min_size=1, max_size=2))],
            separators=(",", ":"),
        ),
        labels=draw(_labels),
        annotations=draw(_annotations),
        conditions=conditions,
    )


def test_the_demo_plan_exports_valid_v1(demo_ws: Workspace, tmp_path: Path) -> None:
    plan_id = demo_ws.scalar("SELECT id FROM plans")
    text, copy_id, summary = _round_trip(demo_ws, plan_id, tmp_path)
    docs = assert_valid_v1(text)
    assert summary.warnings == ()
    assert _normalised(demo_ws, copy_id) == _normalised(demo_ws, plan_id)
    policies = [d for d in docs if d["kind"] == "AlertPolicy"]
    assert policies and all(d["spec"]["notificationTargets"] for d in policies)
    for slo in (d for d in docs if d["kind"] == "SLO"):
        assert all(set(ref) == {"alertPolicyRef"} for ref in slo["spec"]["alertPolicies"])


def test_what_is_not_kept_is_said(ws: Workspace, plan: str, tmp_path: Path) -> None:
    text = VENDOR_SPEC.replace("    - op: lte\n", "    - displayName: Fast pages\n      op: lte\n")
    text += """\
---
apiVersion: openslo/v1
kind: Service
metadata:
  name: api
  labels: {team: a}
"""
    summary = _import_text(ws, plan, tmp_path, text)
    assert summary.warnings == (
        "slos.yaml, document 2, metadata.labels: Service labels are not kept by SRE Plan",
        "slos.yaml, document 1, spec.objectives[0].displayName: 'Fast pages' is not kept "
        "(SRE Plan names the objective after its SLO)",
    )


def test_a_changed_plan_policy_is_kept_as_written(demo_ws: Workspace, tmp_path: Path) -> None:
    """Someone edits the threshold SRE Plan wrote: the edit is kept, not overwritten."""
    plan_id = demo_ws.scalar("SELECT id FROM plans")
    docs = list(yaml.safe_load_all(export_openslo(demo_ws, plan_id)))
    policy = next(d for d in docs if d["kind"] == "AlertPolicy")
    policy["spec"]["conditions"][0]["spec"]["condition"]["threshold"] = 14.4
    text = yaml.safe_dump_all(docs, sort_keys=False)
    copy_plan = new_plan("Edited")
    insert_plan(demo_ws, copy_plan)
    summary = _import_text(demo_ws, copy_plan.id, tmp_path, text)
    assert any("was changed since; it is kept as written" in w for w in summary.warnings)
    (kept,) = list_policies(demo_ws, copy_plan.id)
    assert kept.name == policy["metadata"]["name"]
    assert kept.conditions[0].threshold == 14.4
    assert_valid_v1(export_openslo(demo_ws, copy_plan.id))
