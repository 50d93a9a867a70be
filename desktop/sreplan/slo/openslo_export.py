"""Writing a plan's reliability goals as OpenSLO v1 YAML."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from sreplan.kernel.durations import Duration
from sreplan.kernel.workspace import Workspace
from sreplan.slo.error_budget import burn_rate
from sreplan.slo.model import AlertRule, Sli, SliType, Slo
from sreplan.slo.openslo.kinds import column_source, query_text
from sreplan.slo.openslo.model import ANNOTATION, API_V1, percent_of
from sreplan.slo.openslo_store import OpenSloPolicy, list_policies, policy_links
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
    kind: str,
    name: str,
    display: str,
    annotations: dict[str, str],
    spec: dict[str, Any],
    *,
    labels: str = "{}",
    own: str = "{}",
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if display:
        metadata["displayName"] = display
    kept_labels = json.loads(labels)
    if kept_labels:
        metadata["labels"] = kept_labels
    notes: dict[str, Any] = dict(json.loads(own))
    notes.update({ANNOTATION + k: v for k, v in annotations.items() if v})
    if notes:
        metadata["annotations"] = notes
    return {"apiVersion": API_V1, "kind": kind, "metadata": metadata, "spec": spec}


def _role(sli: Sli, sources: dict[str, Any], role: str, query: str) -> dict[str, Any]:
    """The metricSource as it came when its query is unchanged, else from the SLI's fields."""
    stored = sources.get(role)
    if isinstance(stored, dict) and query_text(stored) == query:
        return {"metricSource": stored}
    return {"metricSource": column_source(sli.data_source, query)}


def _sli_doc(sli: Sli, name: str) -> dict[str, Any]:
    sources = json.loads(sli.metric_sources)
    spec: dict[str, Any] = {}
    if sli.description:
        spec["description"] = sli.description
    if sli.sli_type is SliType.THRESHOLD:
        spec["thresholdMetric"] = _role(sli, sources, "threshold", sli.good_query)
    else:
        ratio: dict[str, Any] = {"counter": True if sli.counter is None else sli.counter}
        if not sli.good_query and (sli.bad_query or "bad" in sources):
            ratio["bad"] = _role(sli, sources, "bad", sli.bad_query)
        else:
            ratio["good"] = _role(sli, sources, "good", sli.good_query)
        ratio["total"] = _role(sli, sources, "total", sli.total_query)
        spec["ratioMetric"] = ratio
    notes = {
        "kind": sli.kind.value,
        "good-events": sli.good_events,
        "total-events": sli.total_events,
        "name": sli.name if sli.name != name else "",
        # OpenSLO v1 requires counter; this says the plan never set it.
        "counter": "unset" if sli.counter is None and sli.sli_type is SliType.RATIO else "",
    }
    return _doc("SLI", name, sli.display_name, notes, spec, labels=sli.labels, own=sli.annotations)


# What a calendar window needs when the plan has no start or zone (OpenSLO v1 requires both).
CALENDAR_START = "2020-01-01 00:00:00"
CALENDAR_ZONE = "Etc/UTC"


def _window(slo: Slo) -> dict[str, Any]:
    window: dict[str, Any] = {
        "duration": slo.window.duration.shorthand,
        "isRolling": slo.window.rolling,
    }
    if not slo.window.rolling:
        calendar = {
            "startTime": slo.window.calendar_start or CALENDAR_START,
            "timeZone": slo.window.time_zone or CALENDAR_ZONE,
        }
        window["calendar"] = calendar
    return window


def _fraction(percent: float) -> tuple[float, str]:
    """A percentage as an OpenSLO fraction, and the exact percent when the fraction loses it."""
    fraction = round(percent / 100.0, 12)
    exact = "" if percent_of(fraction) == percent else repr(percent)
    return fraction, exact


def _objective(slo: Slo) -> tuple[dict[str, Any], dict[str, str]]:
    objective: dict[str, Any] = {"displayName": slo.title}
    notes: dict[str, str] = {}
    if slo.objective_op is not None:
        objective["op"] = slo.objective_op.value
    if slo.objective_value is not None:
        objective["value"] = slo.objective_value
    objective["target"], notes["target-percent"] = _fraction(slo.target)
    if slo.timeslice_target is not None and slo.budgeting_method.value == "Timeslices":
        objective["timeSliceTarget"], notes["timeslice-percent"] = _fraction(slo.timeslice_target)
    if slo.timeslice_window is not None and slo.budgeting_method.value != "Occurrences":
        objective["timeSliceWindow"] = slo.timeslice_window.shorthand
    return objective, notes


def _policy_name(rule: AlertRule, window: Duration, index: int, taken: set[str]) -> str:
    """Words, not shorthand: lower-casing ``1M`` would turn a month into a minute."""
    text = f"{rule.severity.value} {index + 1} {rule.long_window.label} for {window.label}"
    return safe_name(text, taken, "alert-policy")


# OpenSLO v1 requires at least one notification target; the plan's policy has none of its own.
PLAN_TARGET = "on-call"


def _plan_policy_doc(rule: AlertRule, window: Duration, name: str) -> dict[str, Any]:
    rate = burn_rate(rule.budget_spent, window, rule.long_window)
    condition = _doc(
        "AlertCondition",
        f"{name}-burn",
        "",
        {
            "short-window": rule.short_window.shorthand,
            "budget-spent": repr(rule.budget_spent),
            "slo-window": window.shorthand,
        },
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
        {"plan-policy": "true"},
        {
            "description": (
                f"The plan's multiwindow burn-rate alert for SLOs with a {window.label} window; "
                f"notification target {PLAN_TARGET!r} stands for yours"
            ),
            "alertWhenBreaching": True,
            "alertWhenResolved": False,
            "alertWhenNoData": False,
            "conditions": [condition],
            "notificationTargets": [{"targetRef": PLAN_TARGET}],
        },
    )


def _policy_doc(policy: OpenSloPolicy) -> dict[str, Any]:
    """An AlertPolicy from a file, written back as it came (conditions inline)."""
    spec: dict[str, Any] = {}
    if policy.description:
        spec["description"] = policy.description
    for key, value in (
        ("alertWhenNoData", policy.alert_when_no_data),
        ("alertWhenResolved", policy.alert_when_resolved),
        ("alertWhenBreaching", policy.alert_when_breaching),
    ):
        if value is not None:
            spec[key] = value
    conditions = []
    for c in policy.conditions:
        cspec: dict[str, Any] = {}
        if c.description:
            cspec["description"] = c.description
        cspec["severity"] = c.severity
        cspec["condition"] = {
            "kind": "burnrate",
            "op": c.op,
            "threshold": c.threshold,
            "lookbackWindow": c.lookback_window.shorthand,
            "alertAfter": c.alert_after.shorthand,
        }
        doc = _doc(
            "AlertCondition",
            c.name,
            c.display_name,
            {},
            cspec,
            labels=c.labels,
            own=c.annotations,
        )
        doc.pop("apiVersion")
        conditions.append(doc)
    spec["conditions"] = conditions
    spec["notificationTargets"] = json.loads(policy.notification_targets)
    return _doc(
        "AlertPolicy",
        policy.name,
        policy.display_name,
        {},
        spec,
        labels=policy.labels,
        own=policy.annotations,
    )


def export_openslo(ws: Workspace, plan_id: str) -> str:
    """The plan's services, SLIs, alert policies and SLOs as multi-document OpenSLO v1 YAML."""
    services = list_services(ws, plan_id)
    slis = list_slis(ws, plan_id)
    slos = list_slos(ws, plan_id)
    rules = alert_rules(ws, plan_id)
    policies = list_policies(ws, plan_id)
    links = policy_links(ws, plan_id)
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
    policy_taken = {p.name for p in policies}
    plan_policies: dict[Duration, list[str]] = {}
    windows = {s.window.duration for s in slos if s.plan_alert_policy}
    # 30d and 1M are the same length: the unit breaks the tie, or the set's order would
    # (which changes from run to run) and the same plan would give different files.
    for window in sorted(windows, key=lambda d: (d.seconds, d.unit, d.count)):
        plan_policies[window] = []
        for i, rule in enumerate(rules):
            name = _policy_name(rule, window, i, policy_taken)
            docs.append(_plan_policy_doc(rule, window, name))
            plan_policies[window].append(name)
    policy_names = {p.id: p.name for p in policies}
    docs.extend(_policy_doc(p) for p in policies)
    for slo in slos:
        name = safe_name(slo.name, taken["SLO"], "slo")
        spec: dict[str, Any] = {}
        if slo.description:
            spec["description"] = slo.description
        spec["service"] = service_names[slo.service_id]
        spec["indicatorRef"] = sli_names[slo.sli_id]
        spec["timeWindow"] = [_window(slo)]
        spec["budgetingMethod"] = slo.budgeting_method.value
        objective, exact = _objective(slo)
        spec["objectives"] = [objective]
        refs = plan_policies.get(slo.window.duration, []) if slo.plan_alert_policy else []
        refs = refs + [policy_names[p] for p in links.get(slo.id, []) if p in policy_names]
        if refs:
            spec["alertPolicies"] = [{"alertPolicyRef": r} for r in refs]
        notes = {
            "name": slo.name if slo.name != name else "",
            "owner": slo.owner,
            "rationale": slo.rationale,
            "status": slo.status.value,
            "request-rate": repr(slo.request_rate) if slo.request_rate is not None else "",
            **exact,
        }
        if not slo.window.rolling:
            notes["calendar-start"] = "" if slo.window.calendar_start else "unset"
            notes["time-zone"] = "" if slo.window.time_zone else "unset"
        docs.append(
            _doc("SLO", name, slo.display_name, notes, spec, labels=slo.labels, own=slo.annotations)
        )
    return yaml.safe_dump_all(docs, sort_keys=False, allow_unicode=True, width=100)
