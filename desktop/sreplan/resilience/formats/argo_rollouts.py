"""Argo Rollouts, to and from :class:`RolloutPlan`.

Reads a ``Rollout``'s strategy (canary steps with ``setWeight``, ``pause``,
``analysis``, ``experiment``; blue-green with ``autoPromotionEnabled``,
``prePromotionAnalysis``, ``scaleDownDelaySeconds``) and the Prometheus metrics of
``AnalysisTemplate``s. Everything else in the files (other kinds, the pod template,
other strategy fields) is reported as not kept. SRE Plan's own fields travel in
``sreplan.io/*`` annotations, so export → import → export gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from sreplan.kernel.errors import UserError
from sreplan.kernel.ids import new_id
from sreplan.resilience.formats.yamlsafe import load_documents
from sreplan.resilience.model import (
    MAX_STEPS,
    AnalysisMetric,
    ResilienceError,
    RolloutPlan,
    RolloutStep,
    Strategy,
    parse_span,
    rollout_errors,
    span_text,
)

API_VERSION = "argoproj.io/v1alpha1"
PREFIX = "sreplan.io/"


class RolloutFileError(UserError):
    """An Argo Rollouts file SRE Plan cannot read; names the file and the field."""


@dataclass(frozen=True)
class ParsedRollout:
    rollout: RolloutPlan
    slo_name: str
    notes: tuple[str, ...]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _duration(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value}s" if value > 0 else value
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
        value = value.strip() + "s"
    if isinstance(value, str) and not re.fullmatch(r"([0-9]+(ms|s|m|h))+", value.strip()):
        raise RolloutFileError(f"{where}: {value!r} is not an Argo duration such as 40s or 1h30m")
    try:
        return parse_span(value, where)
    except ResilienceError as exc:
        raise RolloutFileError(str(exc)) from exc


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RolloutFileError(f"{where} must be a whole number, not {value!r}")
    return value


def read_files(paths: Iterable[str | Path], plan_id: str, component_id: str) -> ParsedRollout:
    docs: list[tuple[str, Any]] = []
    for path in paths:
        path = Path(path)
        found = load_documents(path, RolloutFileError)
        for n, doc in enumerate(found, 1):
            docs.append((str(path) if len(found) == 1 else f"{path} (document {n})", doc))
    return parse_documents(docs, plan_id, component_id)


def parse_documents(
    docs: Sequence[tuple[str, Any]], plan_id: str, component_id: str
) -> ParsedRollout:
    """One Rollout and any AnalysisTemplates among ``(source, document)`` pairs."""
    notes: list[str] = []
    rollouts: list[tuple[str, dict[str, Any]]] = []
    metrics: list[AnalysisMetric] = []
    for source, doc in docs:
        if not isinstance(doc, dict):
            raise RolloutFileError(f"{source}: a Kubernetes document must be a mapping")
        kind = doc.get("kind")
        if kind == "Rollout":
            rollouts.append((source, doc))
        elif kind in ("AnalysisTemplate", "ClusterAnalysisTemplate"):
            metrics += _template(doc, source, notes)
        else:
            name = (doc.get("metadata") or {}).get("name", "") if isinstance(
                doc.get("metadata"), dict) else ""
            notes.append(f"{source}: {kind or 'a document without kind'} {name!r} skipped "
                         "(SRE Plan reads Rollouts and AnalysisTemplates)".replace(" ''", ""))
    if not rollouts:
        raise RolloutFileError(
            f"{', '.join(dict.fromkeys(s.split(' (')[0] for s, _ in docs))}: no Rollout found")
    if len(rollouts) > 1:
        names = ", ".join(repr(_name(d)) for _, d in rollouts)
        raise RolloutFileError(f"{rollouts[0][0]}: {len(rollouts)} Rollouts ({names}); import "
                               "one at a time")
    source, doc = rollouts[0]
    rollout, slo_name = _rollout(doc, source, plan_id, component_id, notes)
    rollout = replace(rollout, metrics=tuple(metrics))
    problems = rollout_errors(rollout)
    if problems:
        raise RolloutFileError(f"{source}: Rollout {rollout.name!r}: {problems[0]}")
    return ParsedRollout(rollout, slo_name, tuple(notes))


def _name(doc: dict[str, Any]) -> str:
    meta = doc.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else ""


def _rollout(
    doc: dict[str, Any], source: str, plan_id: str, component_id: str, notes: list[str]
) -> tuple[RolloutPlan, str]:
    name = _name(doc)
    if not name:
        raise RolloutFileError(f"{source}: the Rollout has no metadata.name")
    where = f"{source}: Rollout {name!r}"
    meta = doc["metadata"]
    annotations = meta.get("annotations") or {}
    if not isinstance(annotations, dict):
        raise RolloutFileError(f"{where}: metadata.annotations must be a mapping")
    for key in meta:
        if key not in ("name", "annotations"):
            notes.append(f"{where}: metadata.{key} not kept")
    for key in annotations:
        if not str(key).startswith(PREFIX):
            notes.append(f"{where}: annotation {key!r} not kept")
    spec = doc.get("spec")
    if not isinstance(spec, dict):
        raise RolloutFileError(f"{where}: spec is missing")
    strategy = spec.get("strategy")
    if not isinstance(strategy, dict) or not strategy:
        raise RolloutFileError(f"{where}: spec.strategy is missing; a Rollout needs a canary "
                               "or blueGreen strategy")
    other = [k for k in spec if k != "strategy"]
    if other:
        notes.append(f"{where}: spec.{', spec.'.join(other)} not kept (SRE Plan keeps the "
                     "strategy only)")
    plan = RolloutPlan(id=new_id(), plan_id=plan_id, component_id=component_id, name=name)
    if "canary" in strategy:
        plan = _canary(plan, strategy["canary"], where, notes)
    elif "blueGreen" in strategy:
        plan = _blue_green(plan, strategy["blueGreen"], where, notes)
    else:
        raise RolloutFileError(f"{where}: spec.strategy has neither canary nor blueGreen")
    for key in strategy:
        if key not in ("canary", "blueGreen"):
            notes.append(f"{where}: spec.strategy.{key} not kept")
    return _annotations(plan, annotations, where)


_SLOTS = {"setWeight": 0, "bake": 1, "experiment": 2, "analysis": 3, "gate": 4}


def _canary(plan: RolloutPlan, canary: Any, where: str, notes: list[str]) -> RolloutPlan:
    if canary is None:
        canary = {}
    if not isinstance(canary, dict):
        raise RolloutFileError(f"{where}: spec.strategy.canary must be a mapping")
    for key in canary:
        if key != "steps":
            notes.append(f"{where}: spec.strategy.canary.{key} not kept")
    raw = canary.get("steps")
    if raw is None:
        return replace(plan, strategy=Strategy.ROLLING)
    if not isinstance(raw, list):
        raise RolloutFileError(f"{where}: spec.strategy.canary.steps must be a list")
    if len(raw) > MAX_STEPS * 5:
        raise RolloutFileError(f"{where}: {len(raw):,} canary steps; a rollout has at most "
                               f"{MAX_STEPS} steps")
    steps: list[dict[str, Any]] = []
    weight = 0.0
    stored: Any
    for n, item in enumerate(raw, 1):
        at = f"{where}: spec.strategy.canary.steps[{n - 1}]"
        if not isinstance(item, dict) or len(item) != 1:
            raise RolloutFileError(f"{at} must be a mapping with one kind of step")
        ((kind, value),) = item.items()
        if kind == "setWeight":
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                0 <= value <= 100
            ):
                raise RolloutFileError(f"{at}.setWeight must be a share from 0 to 100, "
                                       f"not {value!r}")
            weight = float(value)
            steps.append({"traffic_percent": weight, "slot": 0})
            continue
        if kind == "pause":
            if value is None:
                value = {}
            if not isinstance(value, dict):
                raise RolloutFileError(f"{at}.pause must be a mapping")
            if "duration" in value:
                slot, field_, stored = 1, "bake_seconds", _duration(value["duration"],
                                                                    f"{at}.pause.duration")
            else:
                slot, field_, stored = 4, "manual_gate", True
            extra = [k for k in value if k != "duration"]
            if extra:
                notes.append(f"{at}.pause.{', '.join(extra)} not kept")
        elif kind in ("analysis", "experiment"):
            if not isinstance(value, dict):
                raise RolloutFileError(f"{at}.{kind} must be a mapping")
            slot, field_, stored = _SLOTS[kind], kind, _json(value)
        else:
            notes.append(f"{at}: a {kind} step is not kept")
            continue
        if not steps or steps[-1]["slot"] >= slot:
            if not steps:
                notes.append(f"{at}: a setWeight: {weight:g} is written before it on export")
            else:
                notes.append(f"{at}: a setWeight: {weight:g} is repeated before it on export "
                             "(one SRE Plan step holds a bake, an experiment, an analysis and "
                             "a gate, in that order)")
            steps.append({"traffic_percent": weight, "slot": 0})
        steps[-1][field_] = stored
        steps[-1]["slot"] = slot
    if len(steps) > MAX_STEPS:
        raise RolloutFileError(f"{where}: {len(steps):,} steps; a rollout has at most "
                               f"{MAX_STEPS} steps")
    built = tuple(
        RolloutStep(**{k: v for k, v in s.items() if k != "slot"}, id=new_id()) for s in steps
    )
    return replace(plan, strategy=Strategy.CANARY, steps=built)


def _blue_green(plan: RolloutPlan, bg: Any, where: str, notes: list[str]) -> RolloutPlan:
    if not isinstance(bg, dict):
        raise RolloutFileError(f"{where}: spec.strategy.blueGreen must be a mapping")
    known = ("activeService", "previewService", "autoPromotionEnabled", "prePromotionAnalysis",
             "scaleDownDelaySeconds")
    for key in bg:
        if key not in known:
            notes.append(f"{where}: spec.strategy.blueGreen.{key} not kept")
    active = bg.get("activeService", "")
    preview = bg.get("previewService", "")
    if not isinstance(active, str) or not isinstance(preview, str):
        raise RolloutFileError(f"{where}: blueGreen service names must be text")
    auto = bg.get("autoPromotionEnabled", True)
    if not isinstance(auto, bool):
        raise RolloutFileError(f"{where}: spec.strategy.blueGreen.autoPromotionEnabled must "
                               "be true or false")
    pre = bg.get("prePromotionAnalysis")
    if pre is not None and not isinstance(pre, dict):
        raise RolloutFileError(f"{where}: spec.strategy.blueGreen.prePromotionAnalysis must be "
                               "a mapping")
    delay = bg.get("scaleDownDelaySeconds")
    if delay is not None:
        delay = _int(delay, f"{where}: spec.strategy.blueGreen.scaleDownDelaySeconds")
        if delay <= 0:
            raise RolloutFileError(f"{where}: spec.strategy.blueGreen.scaleDownDelaySeconds "
                                   "must be longer than zero")
    return replace(
        plan,
        strategy=Strategy.BLUE_GREEN,
        active_service=active,
        preview_service=preview,
        auto_promotion=auto,
        pre_promotion_analysis=_json(pre) if pre is not None else "",
        scale_down_delay_seconds=delay,
    )


def _annotations(
    plan: RolloutPlan, annotations: dict[str, Any], where: str
) -> tuple[RolloutPlan, str]:
    def get(key: str) -> str | None:
        value = annotations.get(PREFIX + key)
        if value is not None and not isinstance(value, str):
            raise RolloutFileError(f"{where}: annotation {PREFIX}{key} must be text")
        return value

    try:
        strategy = get("strategy")
        if strategy is not None:
            plan = replace(plan, strategy=Strategy(strategy))
        method = get("rollback-method")
        if method is not None:
            plan = replace(plan, rollback_method=method)
        seconds = get("rollback-time")
        if seconds is not None:
            plan = replace(plan, rollback_seconds=parse_span(seconds, "rollback-time"))
        failure = get("failure-percent")
        if failure is not None:
            plan = replace(plan, failure_percent=float(failure))
        interval = get("analysis-interval")
        if interval is not None:
            plan = replace(plan, analysis_interval_seconds=parse_span(interval,
                                                                      "analysis-interval"))
        limit = get("failure-limit")
        if limit is not None:
            plan = replace(plan, failure_limit=int(limit))
        notes = get("notes")
        if notes is not None:
            plan = replace(plan, notes=notes)
        name = get("name")
        if name is not None and name.strip():
            plan = replace(plan, name=name)
    except (ValueError, ResilienceError) as exc:
        raise RolloutFileError(f"{where}: annotation: {exc}") from exc
    return plan, get("slo") or ""


def _template(doc: dict[str, Any], source: str, notes: list[str]) -> list[AnalysisMetric]:
    name = _name(doc)
    where = f"{source}: {doc.get('kind')} {name!r}"
    if not name:
        raise RolloutFileError(f"{source}: an AnalysisTemplate has no metadata.name")
    spec = doc.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("metrics"), list):
        raise RolloutFileError(f"{where}: spec.metrics is missing")
    for key in spec:
        if key != "metrics":
            notes.append(f"{where}: spec.{key} not kept")
    out = []
    for n, m in enumerate(spec["metrics"]):
        at = f"{where}: spec.metrics[{n}]"
        if not isinstance(m, dict) or not isinstance(m.get("name"), str):
            raise RolloutFileError(f"{at} needs a name")
        provider = m.get("provider")
        if not isinstance(provider, dict) or "prometheus" not in provider:
            kinds = ", ".join(provider) if isinstance(provider, dict) else "none"
            notes.append(f"{at} ({m['name']!r}) uses the {kinds} provider, not Prometheus: "
                         "not kept")
            continue
        prom = provider["prometheus"]
        if not isinstance(prom, dict):
            raise RolloutFileError(f"{at}.provider.prometheus must be a mapping")
        for key in prom:
            if key not in ("address", "query"):
                notes.append(f"{at}.provider.prometheus.{key} not kept")
        for key in m:
            if key not in ("name", "interval", "successCondition", "failureCondition",
                           "failureLimit", "count", "provider"):
                notes.append(f"{at}.{key} not kept")
        texts = {}
        for key in ("successCondition", "failureCondition"):
            value = m.get(key, "")
            if not isinstance(value, str):
                raise RolloutFileError(f"{at}.{key} must be text")
            texts[key] = value
        query, address = prom.get("query", ""), prom.get("address", "")
        if not isinstance(query, str) or not isinstance(address, str):
            raise RolloutFileError(f"{at}.provider.prometheus query and address must be text")
        limit = m.get("failureLimit")
        count = m.get("count")
        out.append(AnalysisMetric(
            template=name,
            name=m["name"],
            query=query,
            address=address,
            interval_seconds=_duration(m["interval"], f"{at}.interval")
            if "interval" in m else None,
            success_condition=texts["successCondition"],
            failure_condition=texts["failureCondition"],
            failure_limit=_int(limit, f"{at}.failureLimit") if limit is not None else None,
            count=_int(count, f"{at}.count") if count is not None else None,
            id=new_id(),
        ))
    return out


# Export ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, lists indented under their key the way kubectl shows them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def rollout_documents(
    r: RolloutPlan, slo_name: str = "", metrics: Sequence[AnalysisMetric] | None = None
) -> list[dict[str, Any]]:
    """The Rollout and its AnalysisTemplates; ``metrics`` replaces the plan's own (from SLO)."""
    annotations: dict[str, str] = {}
    if r.strategy not in (Strategy.CANARY, Strategy.BLUE_GREEN, Strategy.ROLLING):
        annotations["strategy"] = r.strategy.value
    if slo_name:
        annotations["slo"] = slo_name
    if r.rollback_method:
        annotations["rollback-method"] = r.rollback_method
    if r.rollback_seconds:
        annotations["rollback-time"] = span_text(r.rollback_seconds)
    if r.failure_percent != 100.0:
        annotations["failure-percent"] = f"{r.failure_percent:g}"
    if r.analysis_interval_seconds != 60:
        annotations["analysis-interval"] = span_text(r.analysis_interval_seconds)
    if r.failure_limit != 1:
        annotations["failure-limit"] = str(r.failure_limit)
    if r.notes:
        annotations["notes"] = r.notes
    if kube_name(r.name) != r.name:
        annotations["name"] = r.name
    metadata: dict[str, Any] = {"name": kube_name(r.name)}
    if annotations:
        metadata["annotations"] = {PREFIX + k: v for k, v in annotations.items()}
    if r.strategy is Strategy.BLUE_GREEN:
        bg: dict[str, Any] = {"activeService": r.active_service or kube_name(r.name) + "-active"}
        if r.preview_service:
            bg["previewService"] = r.preview_service
        if not r.auto_promotion:
            bg["autoPromotionEnabled"] = False
        if r.pre_promotion_analysis:
            bg["prePromotionAnalysis"] = json.loads(r.pre_promotion_analysis)
        if r.scale_down_delay_seconds:
            bg["scaleDownDelaySeconds"] = r.scale_down_delay_seconds
        strategy: dict[str, Any] = {"blueGreen": bg}
    else:
        canary: dict[str, Any] = {}
        if r.strategy is not Strategy.ROLLING or r.steps:
            canary["steps"] = [part for s in r.steps for part in _step(s)]
        strategy = {"canary": canary}
    docs: list[dict[str, Any]] = [{
        "apiVersion": API_VERSION,
        "kind": "Rollout",
        "metadata": metadata,
        "spec": {"strategy": strategy},
    }]
    templates: dict[str, list[dict[str, Any]]] = {}
    for m in r.metrics if metrics is None else metrics:
        templates.setdefault(m.template, []).append(_metric(m))
    for name, items in templates.items():
        docs.append({
            "apiVersion": API_VERSION,
            "kind": "AnalysisTemplate",
            "metadata": {"name": name},
            "spec": {"metrics": items},
        })
    return docs


def _step(s: RolloutStep) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = [{"setWeight": _weight(s.traffic_percent)}]
    if s.bake_seconds:
        parts.append({"pause": {"duration": span_text(s.bake_seconds)}})
    if s.experiment:
        parts.append({"experiment": json.loads(s.experiment)})
    if s.analysis:
        parts.append({"analysis": json.loads(s.analysis)})
    if s.manual_gate:
        parts.append({"pause": {}})
    return parts


def _weight(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _metric(m: AnalysisMetric) -> dict[str, Any]:
    out: dict[str, Any] = {"name": m.name}
    if m.interval_seconds:
        out["interval"] = span_text(m.interval_seconds)
    if m.count is not None:
        out["count"] = m.count
    if m.success_condition:
        out["successCondition"] = m.success_condition
    if m.failure_condition:
        out["failureCondition"] = m.failure_condition
    if m.failure_limit is not None:
        out["failureLimit"] = m.failure_limit
    prom: dict[str, str] = {}
    if m.address:
        prom["address"] = m.address
    prom["query"] = m.query
    out["provider"] = {"prometheus": prom}
    return out


def dump_rollout(
    r: RolloutPlan, slo_name: str = "", metrics: Sequence[AnalysisMetric] | None = None
) -> str:
    docs = rollout_documents(r, slo_name, metrics)
    return yaml.dump_all(docs, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                         allow_unicode=True, explicit_start=True, width=100)


def kube_name(name: str) -> str:
    """A DNS-1123 name Kubernetes accepts, from what people call the rollout."""
    if re.fullmatch(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?", name):
        return name
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:63].strip("-")
    return slug or "rollout"
