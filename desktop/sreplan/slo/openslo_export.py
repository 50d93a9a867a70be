"""Writing a plan's reliability goals as OpenSLO v1 YAML."""

from __future__ import annotations

import re
from typing import Any

import yaml

from sreplan.kernel.durations import Duration
from sreplan.kernel.workspace import Workspace
from sreplan.slo.error_budget import burn_rate
from sreplan.slo.model import AlertRule, Sli, SliType, Slo
from sreplan.slo.openslo.model import ANNOTATION, API_V1
from sreplan.slo.policy import alert_rules
from sreplan.slo.store import list_services, list_slis, list_slos

MAX_NAME = 63


def safe_name(text: str, taken: set[str], fallback: str) -> str:
    """An RFC 1123 label (a-z, 0-9, '-', at most 63) derived from ``text``, unique in ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_NAME].strip("-") or fallback
    name, n = base, 2
    while name in taken:
        suffix = f"-{n}"
        name = base[: MAX_NAME - len(suffix)].rstrip("-") + suffix
        n += 1
    taken.add(name)
    return name


def _doc(
    kind: str, name: str, display: str, annotations: dict[str, str], spec: dict[str, Any]
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if display:
        metadata["displayName"] = display
    notes = {ANNOTATION + k: v for k, v in annotations.items() if v}
    if notes:
        metadata["annotations"] = notes
    return {"apiVersion": API_V1, "kind": kind, "metadata": metadata, "spec": spec}


def _metric(data_source: str, query: str) -> dict[str, Any]:
    source: dict[str, Any] = {}
    if data_source:
        source["type"] = data_source
    source["spec"] = {"query": query} if query else {}
    return {"metricSource": source}


def _sli_doc(sli: Sli, name: str) -> dict[str, Any]:
    if sli.sli_type is SliType.THRESHOLD:
        spec: dict[str, Any] = {"thresholdMetric": _metric(sli.data_source, sli.good_query)}
    else:
        spec = {
            "ratioMetric": {
                "counter": True,
                "good": _metric(sli.data_source, sli.good_query),
                "total": _metric(sli.data_source, sli.total_query),
            }
        }
    notes = {
        "kind": sli.kind.value,
        "good-events": sli.good_events,
        "total-events": sli.total_events,
        "name": sli.name if sli.name != name else "",
    }
    return _doc("SLI", name, sli.display_name, notes, spec)


def _window(slo: Slo) -> dict[str, Any]:
    window: dict[str, Any] = {
        "duration": slo.window.duration.shorthand,
        "isRolling": slo.window.rolling,
    }
    if not slo.window.rolling:
        calendar = {
            "startTime": slo.window.calendar_start or "2020-01-01 00:00:00",
            "timeZone": slo.window.time_zone or "UTC",
        }
        window["calendar"] = calendar
    return window


def _objective(slo: Slo) -> dict[str, Any]:
    objective: dict[str, Any] = {"displayName": slo.title}
    if slo.objective_op is not None:
        objective["op"] = slo.objective_op.value
    if slo.objective_value is not None:
        objective["value"] = slo.objective_value
    objective["target"] = round(slo.target / 100.0, 12)
    if slo.timeslice_target is not None and slo.budgeting_method.value == "Timeslices":
        objective["timeSliceTarget"] = round(slo.timeslice_target / 100.0, 12)
    if slo.timeslice_window is not None and slo.budgeting_method.value != "Occurrences":
        objective["timeSliceWindow"] = slo.timeslice_window.shorthand
    return objective


def _policy_name(rule: AlertRule, window: Duration, index: int) -> str:
    """Words, not shorthand: lower-casing ``1M`` would turn a month into a minute."""
    text = f"{rule.severity.value} {index + 1} {rule.long_window.label} for {window.label}"
    return safe_name(text, set(), "alert-policy")


def _policy_doc(rule: AlertRule, window: Duration, index: int) -> dict[str, Any]:
    rate = burn_rate(rule.budget_spent, window, rule.long_window)
    name = _policy_name(rule, window, index)
    condition = _doc(
        "AlertCondition",
        f"{name}-burn",
        "",
        {"short-window": rule.short_window.shorthand},
        {
            "description": (
                f"{rule.budget_spent:g}% of a {window.label} budget spent in "
                f"{rule.long_window.label}, confirmed over {rule.short_window.label}"
            ),
            "severity": rule.severity.value,
            "condition": {
                "kind": "burnrate",
                "op": "gte",
                "threshold": round(rate, 9),
                "lookbackWindow": rule.long_window.shorthand,
                "alertAfter": rule.short_window.shorthand,
            },
        },
    )
    condition.pop("apiVersion")
    return _doc(
        "AlertPolicy",
        name,
        "",
        {},
        {
            "description": f"Multiwindow burn-rate alert for SLOs with a {window.label} window",
            "alertWhenBreaching": True,
            "alertWhenResolved": False,
            "alertWhenNoData": False,
            "conditions": [condition],
            "notificationTargets": [],
        },
    )


def export_openslo(ws: Workspace, plan_id: str) -> str:
    """The plan's services, SLIs, alert policies and SLOs as multi-document OpenSLO v1 YAML."""
    services = list_services(ws, plan_id)
    slis = list_slis(ws, plan_id)
    slos = list_slos(ws, plan_id)
    rules = alert_rules(ws, plan_id)
    docs: list[dict[str, Any]] = []
    taken: dict[str, set[str]] = {"Service": set(), "SLI": set(), "SLO": set()}
    service_names = {}
    for service in services:
        name = safe_name(service.name, taken["Service"], "service")
        service_names[service.id] = name
        docs.append(
            _doc(
                "Service",
                name,
                service.name if service.name != name else "",
                {},
                {"description": service.description} if service.description else {},
            )
        )
    sli_names = {}
    for sli in slis:
        sli_names[sli.id] = name = safe_name(sli.name, taken["SLI"], "sli")
        docs.append(_sli_doc(sli, name))
    policy_names: dict[Duration, list[str]] = {}
    for window in sorted({s.window.duration for s in slos}, key=lambda d: d.seconds):
        policy_names[window] = []
        for i, rule in enumerate(rules):
            docs.append(_policy_doc(rule, window, i))
            policy_names[window].append(_policy_name(rule, window, i))
    for slo in slos:
        name = safe_name(slo.name, taken["SLO"], "slo")
        spec: dict[str, Any] = {}
        if slo.description:
            spec["description"] = slo.description
        spec["service"] = service_names[slo.service_id]
        spec["indicatorRef"] = sli_names[slo.sli_id]
        spec["timeWindow"] = [_window(slo)]
        spec["budgetingMethod"] = slo.budgeting_method.value
        spec["objectives"] = [_objective(slo)]
        spec["alertPolicies"] = policy_names[slo.window.duration]
        notes = {
            "name": slo.name if slo.name != name else "",
            "owner": slo.owner,
            "rationale": slo.rationale,
            "status": slo.status.value,
            "request-rate": f"{slo.request_rate:g}" if slo.request_rate is not None else "",
        }
        docs.append(_doc("SLO", name, slo.display_name, notes, spec))
    return yaml.safe_dump_all(docs, sort_keys=False, allow_unicode=True, width=100)
