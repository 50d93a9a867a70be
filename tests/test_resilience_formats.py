"""Chaos Toolkit and Argo Rollouts files: every fixture, byte-identical round trips, bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sreplan.resilience.formats import argo_rollouts as argo
from sreplan.resilience.formats import chaostoolkit as ctk
from sreplan.resilience.formats.yamlsafe import parse_documents
from sreplan.resilience.model import (
    AnalysisMetric,
    BlastUnit,
    CtkParts,
    Experiment,
    RolloutPlan,
    RolloutStep,
    Strategy,
)

FIXTURES = Path(__file__).parent / "fixtures"
CHAOS = sorted((FIXTURES / "chaostoolkit").glob("*.json"))
ROLLOUTS = sorted((FIXTURES / "argo-rollouts").glob("rollout-*.yaml"))
TEMPLATES = FIXTURES / "argo-rollouts" / "analysis-templates.yaml"


def test_fixtures_are_there() -> None:
    assert len(CHAOS) == 2 and len(ROLLOUTS) == 4


@pytest.mark.parametrize("path", CHAOS, ids=lambda p: p.name)
def test_every_chaos_toolkit_fixture(path: Path, tmp_path: Path) -> None:
    if path.name == "well-formed-experiment.json":
        with pytest.raises(ctk.ChaosFileError, match="older Chaos Toolkit format") as err:
            ctk.read_files([path], "p")
        assert str(path) in str(err.value) and "method step 1" in str(err.value)
        return
    [parsed] = ctk.read_files([path], "p")
    assert parsed.notes == ()
    original = json.loads(path.read_text())
    doc = ctk.to_document(parsed.experiment)
    # provider blocks, probes and tolerances come back exactly as they were
    assert doc["steady-state-hypothesis"] == original["steady-state-hypothesis"]
    assert doc["method"] == original["method"]
    first = ctk.dump_experiment(parsed.experiment)
    again = tmp_path / "again.json"
    again.write_text(first)
    [reread] = ctk.read_files([again], "p")
    assert ctk.dump_experiment(reread.experiment) == first


def test_chaos_toolkit_yaml_and_unknown_keys_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "exp.yaml"
    path.write_text(
        "title: Latency\ndescription: d\ncontributions: {reliability: high}\n"
        "method:\n  - type: action\n    name: slow\n    provider: {type: process, path: tc}\n")
    [parsed] = ctk.read_files([path], "p")
    assert any("contributions" in n and "not kept" in n for n in parsed.notes)


@pytest.mark.parametrize("tolerance", [1.5, None])
def test_chaos_toolkit_tolerance_of_an_undefined_type(tolerance: object, tmp_path: Path) -> None:
    doc = {"title": "t", "description": "d", "steady-state-hypothesis": {
        "title": "h", "probes": [{"name": "p1", "type": "probe", "tolerance": tolerance,
                                  "provider": {"type": "python", "module": "m", "func": "f"}}]},
           "method": []}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ctk.ChaosFileError, match=r"p1.*tolerance of type") as err:
        ctk.read_files([path], "p")
    assert str(path) in str(err.value)


def test_chaos_toolkit_bad_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": ')
    with pytest.raises(ctk.ChaosFileError, match=r"broken\.json: not valid JSON"):
        ctk.read_files([path], "p")


def test_yaml_bomb_is_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(7))
    with pytest.raises(ValueError, match="alias bomb"):
        parse_documents(bomb, "bomb.yaml", ValueError)


@pytest.mark.parametrize("path", ROLLOUTS, ids=lambda p: p.name)
def test_every_argo_rollouts_fixture(path: Path, tmp_path: Path) -> None:
    parsed = argo.read_files([path, TEMPLATES], "p", "c")
    notes = "\n".join(parsed.notes)
    # what could not be kept is said, never dropped silently
    assert "spec.replicas" in notes and "spec.template" in notes
    assert "job provider, not Prometheus: not kept" in notes
    first = argo.dump_rollout(parsed.rollout)
    out = tmp_path / "out.yaml"
    out.write_text(first)
    again = argo.read_files([out], "p", "c")
    assert again.notes == ()
    assert argo.dump_rollout(again.rollout) == first


def test_argo_fixture_details() -> None:
    canary = argo.read_files([FIXTURES / "argo-rollouts" / "rollout-canary.yaml"], "p", "c")
    steps = canary.rollout.steps
    assert [(s.traffic_percent, s.bake_seconds, s.manual_gate) for s in steps] == [
        (20, None, True), (40, 40, False), (60, 20, False), (80, 20, False)]
    bg = argo.read_files([FIXTURES / "argo-rollouts" / "rollout-bluegreen.yaml"], "p", "c")
    assert bg.rollout.strategy is Strategy.BLUE_GREEN and not bg.rollout.auto_promotion
    assert bg.rollout.active_service == "rollout-bluegreen-active"
    assert any("Service 'rollout-bluegreen-preview' skipped" in n for n in bg.notes)
    rolling = argo.read_files([FIXTURES / "argo-rollouts" / "rollout-rolling-update.yaml"],
                              "p", "c")
    assert rolling.rollout.strategy is Strategy.ROLLING
    assert any("maxSurge not kept" in n for n in rolling.notes)
    step = argo.read_files([FIXTURES / "argo-rollouts" / "rollout-analysis-step.yaml"], "p", "c")
    assert json.loads(step.rollout.steps[0].analysis)["templates"][1]["clusterScope"] is True


def _rollout_doc(strategy: object) -> str:
    return yaml.safe_dump({"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
                           "metadata": {"name": "r"}, "spec": strategy})


@pytest.mark.parametrize(("spec", "message"), [
    ({"replicas": 2}, "spec.strategy is missing"),
    ({"strategy": {"canary": {"steps": [{"setWeight": 120}]}}}, "setWeight must be a share"),
    ({"strategy": {"canary": {"steps": [{"setWeight": 10}, {"pause": {"duration": "0s"}}]}}},
     "longer than zero"),
    ({"strategy": {"canary": {"steps": [{"setWeight": 10}, {"pause": {"duration": "soon"}}]}}},
     "not an Argo duration"),
    ({"strategy": {"canary": {"steps": [{"setWeight": 50}, {"setWeight": 20}]}}},
     "goes down"),
    ({"strategy": {"canary": {"steps": [{"setWeight": 1}] * 10_000}}}, "at most 1000 steps"),
])
def test_bad_rollouts(spec: object, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_rollout_doc(spec))
    with pytest.raises(argo.RolloutFileError, match=message) as err:
        argo.read_files([path], "p", "c")
    assert "bad.yaml" in str(err.value)


def test_argo_durations_parse_exactly(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(_rollout_doc({"strategy": {"canary": {"steps": [
        {"setWeight": 10}, {"pause": {"duration": "1h30m"}},
        {"setWeight": 20}, {"pause": {"duration": 40}}]}}}))
    steps = argo.read_files([path], "p", "c").rollout.steps
    assert [s.bake_seconds for s in steps] == [5400, 40]
    assert "duration: 1h30m" in argo.dump_rollout(argo.read_files([path], "p", "c").rollout)


# Property round trips ----------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=8)
_seconds = st.integers(1, 10 * 86400)


@st.composite
def experiments(draw: st.DrawFn) -> Experiment:
    title = draw(_text.filter(lambda t: t.strip() == t and bool(t)))
    blast = draw(st.none() | st.integers(1, 100).map(float))
    probes = draw(st.none() | st.lists(st.fixed_dictionaries(
        {"name": _text, "type": st.just("probe"),
         "tolerance": st.booleans() | st.integers() | _text,
         "provider": st.dictionaries(_text, _json, max_size=3)}), max_size=3))
    return Experiment(
        id="x", plan_id="p", title=title,
        hypothesis=draw(_text), description=draw(_text.filter(bool)),
        tolerance=draw(_text), fault=draw(_text), environment=draw(_text),
        blast_percent=blast, blast_unit=draw(st.sampled_from(BlastUnit)) if blast else
        BlastUnit.TRAFFIC,
        abort_budget_percent=float(draw(st.integers(1, 100))),
        duration_seconds=draw(st.none() | _seconds), schedule=draw(_text), owner=draw(_text),
        ctk=CtkParts(
            tags=ctk._dump(draw(st.lists(_text, max_size=3))),
            configuration=draw(st.just("") | st.dictionaries(_text, _json, max_size=3).map(
                ctk._dump)),
            probes=ctk._dump(probes) if probes is not None else "",
            method=ctk._dump(draw(st.lists(st.dictionaries(_text, _json, max_size=3),
                                           max_size=3))),
            rollbacks=draw(st.just("") | st.lists(st.dictionaries(_text, _json, max_size=2),
                                                  max_size=2).map(ctk._dump)),
        ),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(experiments())
def test_chaos_toolkit_round_trip_property(e: Experiment) -> None:
    text = ctk.dump_experiment(e, "Checkout availability", ["db", "api"])
    parsed = ctk.parse_experiment(json.loads(text), "x.json", "p")
    assert parsed.slo_name == "Checkout availability"
    assert parsed.target_names == ("db", "api")
    got = replace(parsed.experiment, id="x")
    expected = replace(e, hypothesis=e.hypothesis or (e.title if e.ctk and e.ctk.probes else ""))
    assert got == expected
    assert ctk.dump_experiment(got, "Checkout availability", ["db", "api"]) == text


_kube = st.from_regex(r"[a-z][a-z0-9-]{0,20}[a-z0-9]", fullmatch=True)


@st.composite
def rollouts(draw: st.DrawFn) -> RolloutPlan:
    strategy = draw(st.sampled_from(Strategy))
    steps: tuple[RolloutStep, ...] = ()
    if strategy is not Strategy.BLUE_GREEN:
        weights = sorted(draw(st.lists(st.integers(0, 100), max_size=6)))
        steps = tuple(RolloutStep(
            float(w), draw(st.none() | _seconds), draw(st.booleans()),
            draw(st.just("") | st.just('{"templates":[{"templateName":"t"}]}')),
            draw(st.just("") | st.just('{"duration":"5m","templates":[{"name":"c"}]}')))
            for w in weights)
        if strategy is Strategy.ROLLING and not steps:
            pass
    metrics = tuple(AnalysisMetric(
        template=draw(_kube), name=draw(_kube), query=draw(_text),
        address=draw(st.just("") | st.just("http://prometheus:9090")),
        interval_seconds=draw(st.none() | _seconds),
        success_condition=draw(st.just("") | st.just("result[0] <= 0.006")),
        failure_condition=draw(st.just("") | st.just("result[0] > 0.0144")),
        failure_limit=draw(st.none() | st.integers(0, 5)),
        count=draw(st.none() | st.integers(0, 5)))
        for _ in range(draw(st.integers(0, 3))))
    metrics = tuple(sorted(metrics, key=lambda m: list(dict.fromkeys(
        x.template for x in metrics)).index(m.template)))
    blue = strategy is Strategy.BLUE_GREEN
    return RolloutPlan(
        id="r", plan_id="p", component_id="c",
        name=draw(st.one_of(_kube, _text.filter(lambda t: t.strip() == t and bool(t)))),
        strategy=strategy,
        rollback_method=draw(_text), rollback_seconds=draw(st.none() | _seconds),
        failure_percent=float(draw(st.integers(1, 100))),
        analysis_interval_seconds=draw(_seconds), failure_limit=draw(st.integers(0, 9)),
        active_service=draw(_kube) if blue else "",
        preview_service=draw(st.just("") | _kube) if blue else "",
        auto_promotion=draw(st.booleans()) if blue else True,
        pre_promotion_analysis=draw(st.just("") | st.just('{"templates":[{"templateName":"a"}]}'))
        if blue else "",
        scale_down_delay_seconds=draw(st.none() | _seconds) if blue else None,
        notes=draw(_text), steps=steps, metrics=metrics)


def _strip_ids(r: RolloutPlan) -> RolloutPlan:
    return replace(r, id="r", steps=tuple(replace(s, id="") for s in r.steps),
                   metrics=tuple(replace(m, id="") for m in r.metrics))


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(rollouts())
def test_argo_rollouts_round_trip_property(r: RolloutPlan) -> None:
    text = argo.dump_rollout(r, "Checkout availability")
    docs = [(f"x.yaml (document {n})", d) for n, d in enumerate(yaml.safe_load_all(text))]
    parsed = argo.parse_documents(docs, "p", "c")
    assert parsed.notes == ()
    assert parsed.slo_name == "Checkout availability"
    expected = r
    if r.strategy is Strategy.ROLLING and r.steps:
        expected = replace(r, strategy=Strategy.CANARY)
    assert _strip_ids(parsed.rollout) == _strip_ids(expected)
    assert argo.dump_rollout(parsed.rollout, "Checkout availability") == text
