"""The openslo/v1 kinds SRE Plan reads: Service, SLI, SLO, AlertPolicy, AlertCondition."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import yaml

from sreplan.kernel.durations import Duration, parse_duration
from sreplan.slo.error_budget import burn_rate
from sreplan.slo.model import SliKind, SliType
from sreplan.slo.openslo.model import (
    ANNOTATION,
    ConditionSpec,
    ParsedOpenSlo,
    PolicySpec,
    Reader,
    SliSpec,
    SloSpec,
    Where,
    budgeting_method,
    drop_metadata,
    guess_kind,
    kept_metadata,
    metadata,
    objective_slo,
    plain,
    slug,
    timestamp,
    to_json,
)
from sreplan.slo.openslo.v1alpha import slo_v1alpha


def _service(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    name, display, notes = metadata(reader, data, where)
    drop_metadata(reader, data, where, "Service")
    spec = reader.mapping(data.get("spec"), where.at("spec"), ("description",))
    title = notes.get(ANNOTATION + "name") or display or name
    parsed.services[name] = (title, reader.text(spec, "description", where.at("spec")))


def query_text(source: dict[str, Any]) -> str:
    """What the SLI's query fields show for a metricSource: its ``query``, else the spec as text."""
    spec = source.get("spec")
    if isinstance(spec, dict) and set(spec) == {"query"} and isinstance(spec["query"], str):
        return spec["query"]
    if spec in (None, {}):
        return ""
    return yaml.safe_dump(spec, default_flow_style=True, sort_keys=False, width=10**9).strip()


def source_name(source: dict[str, Any]) -> str:
    return str(source.get("type") or source.get("metricSourceRef") or "")


def column_source(data_source: str, query: str) -> dict[str, Any]:
    """The metricSource SRE Plan writes from an SLI's data source and query fields."""
    source: dict[str, Any] = {}
    if data_source:
        source["type"] = data_source
    source["spec"] = {"query": query} if query else {}
    return source


def _metric_source(reader: Reader, value: Any, where: Where) -> dict[str, Any]:
    """A ``metricSource`` mapping as it came (JSON-safe), checked."""
    metric = reader.mapping(value, where, ("metricSource",))
    src_where = where.at("metricSource")
    source = reader.mapping(
        reader.required(metric, "metricSource", where),
        src_where,
        ("metricSourceRef", "type", "spec"),
    )
    for key in ("metricSourceRef", "type"):
        reader.text(source, key, src_where)
    spec = source.get("spec")
    if spec is not None and not isinstance(spec, dict):
        raise reader.fail(src_where.at("spec"), "expected a mapping of fields")
    kept: dict[str, Any] = plain(source, reader, src_where)
    return kept


def _indicator(reader: Reader, value: Any, where: Where) -> SliSpec:
    data = reader.mapping(value, where, ("apiVersion", "kind", "metadata", "spec"))
    name, display, notes = metadata(reader, data, where)
    labels, annotations = kept_metadata(reader, data, where)
    spec_where = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where),
        spec_where,
        ("description", "thresholdMetric", "ratioMetric"),
    )
    good_events = notes.get(ANNOTATION + "good-events", "")
    total_events = notes.get(ANNOTATION + "total-events", "")
    roles: dict[str, dict[str, Any]] = {}
    counter: bool | None = None
    if spec.get("thresholdMetric") is not None and spec.get("ratioMetric") is not None:
        raise reader.fail(spec_where, "give thresholdMetric or ratioMetric, not both")
    if spec.get("thresholdMetric") is not None:
        sli_type = SliType.THRESHOLD
        roles["threshold"] = _metric_source(
            reader, spec["thresholdMetric"], spec_where.at("thresholdMetric")
        )
    elif spec.get("ratioMetric") is not None:
        sli_type = SliType.RATIO
        rw = spec_where.at("ratioMetric")
        ratio = reader.mapping(
            spec["ratioMetric"], rw, ("counter", "good", "bad", "total", "rawType", "raw")
        )
        if ratio.get("raw") is not None or ratio.get("rawType") is not None:
            raise reader.fail(
                rw.at("raw"),
                "precomputed raw ratios cannot be mapped to good and total "
                "events; describe the good and total queries instead",
            )
        if ratio.get("good") is not None and ratio.get("bad") is not None:
            raise reader.fail(rw.at("bad"), "give good or bad, not both")
        if ratio.get("good") is not None:
            roles["good"] = _metric_source(reader, ratio["good"], rw.at("good"))
        elif ratio.get("bad") is not None:
            roles["bad"] = _metric_source(reader, ratio["bad"], rw.at("bad"))
        else:
            raise reader.fail(
                rw.at("good"), "required field is missing (give good or bad, and total)"
            )
        roles["total"] = _metric_source(reader, reader.required(ratio, "total", rw), rw.at("total"))
        raw_counter = ratio.get("counter")
        if raw_counter is not None and not isinstance(raw_counter, bool):
            raise reader.fail(rw.at("counter"), f"expected true or false, found {raw_counter!r}")
        counter = raw_counter
        if notes.get(ANNOTATION + "counter") == "unset":
            counter = None  # SRE Plan wrote counter only because OpenSLO v1 requires it
    else:
        raise reader.fail(
            spec_where.at("ratioMetric"),
            "required field is missing (an SLI needs ratioMetric or thresholdMetric)",
        )
    first = next(iter(roles.values()))
    data_source = source_name(first) or source_name(roles.get("total", {}))
    queries = {role: query_text(source) for role, source in roles.items()}
    kept = {
        role: source
        for role, source in roles.items()
        # An empty "bad" is kept: with no query it would otherwise come back as "good".
        if (role == "bad" and not queries[role])
        or source != column_source(data_source, queries[role])
    }
    kind_note = notes.get(ANNOTATION + "kind", "")
    try:
        kind = SliKind(kind_note) if kind_note else guess_kind(f"{name} {display}", sli_type)
    except ValueError:
        raise reader.fail(
            where.at("metadata").at("annotations").at(ANNOTATION + "kind"),
            f"unknown SLI kind {kind_note!r}",
        ) from None
    return SliSpec(
        notes.get(ANNOTATION + "name") or name,
        display,
        kind,
        sli_type,
        good_events,
        total_events,
        data_source,
        queries.get("good", queries.get("threshold", "")),
        queries.get("total", ""),
        description=reader.text(spec, "description", spec_where),
        counter=counter,
        bad_query=queries.get("bad", ""),
        metric_sources=to_json(kept),
        labels=labels,
        annotations=annotations,
    )


def _sli(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    sli = _indicator(reader, data, where)
    name = data["metadata"]["name"]
    if name in parsed.slis and parsed.slis[name].key() != sli.key():
        raise reader.fail(
            where.at("metadata").at("name"), f"a different SLI named {name!r} came before"
        )
    parsed.slis[name] = sli


def _time_window(
    reader: Reader, spec: dict[str, Any], where: Where
) -> tuple[Duration, bool, str, str]:
    ww = where.at("timeWindow")
    windows = reader.required(spec, "timeWindow", where)
    if not isinstance(windows, list) or len(windows) != 1:
        raise reader.fail(ww, "expected a list with exactly one time window")
    w = reader.mapping(windows[0], ww.at(0), ("duration", "isRolling", "calendar"))
    duration = reader.duration(w, "duration", ww.at(0))
    calendar = reader.mapping(w.get("calendar"), ww.at(0).at("calendar"), ("startTime", "timeZone"))
    rolling = w.get("isRolling")
    if rolling is None:
        rolling = not calendar
    if not isinstance(rolling, bool):
        raise reader.fail(ww.at(0).at("isRolling"), "expected true or false")
    start = calendar.get("startTime")
    start_text = timestamp(start) if isinstance(start, dt.date) else str(start or "")
    if duration.unit == "m" and duration.count <= 5:
        reader.warnings.append(
            f"{ww.at(0).at('duration')}: {duration.shorthand} is {duration.label} (lower-case m is "
            "minutes); if a month was meant, the file should say 1M"
        )
    return duration, rolling, start_text, reader.text(calendar, "timeZone", ww.at(0).at("calendar"))


def _slo(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    if alpha:
        slo_v1alpha(reader, data, where, parsed)
        return
    name, display, notes = metadata(reader, data, where)
    sw = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where),
        sw,
        (
            "description",
            "service",
            "indicator",
            "indicatorRef",
            "timeWindow",
            "budgetingMethod",
            "objectives",
            "alertPolicies",
        ),
    )
    service = reader.text(spec, "service", sw, required=True)
    if spec.get("indicator") is not None:
        sli = _indicator(reader, spec["indicator"], sw.at("indicator"))
        key = str(reader.mapping(spec["indicator"], sw.at("indicator"))["metadata"]["name"])
        if key in parsed.slis and parsed.slis[key].key() != sli.key():
            key = f"{key}@{where.file}#{where.document}"
        parsed.slis.setdefault(key, sli)
        sli = parsed.slis[key]
    elif spec.get("indicatorRef") is not None:
        ref = reader.text(spec, "indicatorRef", sw)
        if ref not in parsed.slis:
            raise reader.fail(
                sw.at("indicatorRef"),
                f"no SLI named {ref!r} in the files imported "
                "(an SLI document must come with the SLO)",
            )
        sli = parsed.slis[ref]
    else:
        raise reader.fail(
            sw.at("indicator"), "required field is missing (indicator or indicatorRef)"
        )
    objectives = reader.required(spec, "objectives", sw)
    if not isinstance(objectives, list) or not objectives:
        raise reader.fail(sw.at("objectives"), "expected a list of at least one objective")
    for i, raw in enumerate(objectives):
        if isinstance(raw, dict) and any(
            k in raw for k in ("indicator", "indicatorRef", "compositeWeight")
        ):
            raise reader.fail(
                where,
                f"SLO {name!r} is a composite SLO (spec.objectives[{i}] has its own indicator); "
                "composite SLOs are not supported yet",
            )
    window, rolling, start, zone = _time_window(reader, spec, sw)
    method = budgeting_method(reader, spec, sw)
    policies = _alert_policy_refs(reader, spec.get("alertPolicies"), sw.at("alertPolicies"), parsed)
    labels, annotations = kept_metadata(reader, data, where)
    human = notes.get(ANNOTATION + "name") or name
    if len(objectives) > 1:
        reader.warnings.append(
            f"{sw.at('objectives')}: SLO {name!r} has {len(objectives)} objectives; SRE Plan "
            "keeps each as its own SLO and exports each as its own SLO document"
        )
    for i, raw in enumerate(objectives):
        ow = sw.at("objectives").at(i)
        obj = reader.mapping(
            raw,
            ow,
            (
                "displayName",
                "op",
                "value",
                "target",
                "targetPercent",
                "timeSliceTarget",
                "timeSliceWindow",
            ),
        )
        label = reader.text(obj, "displayName", ow)
        slo_name, slo_display = human, display
        if len(objectives) == 1 and label and label not in (display, human, name):
            reader.warnings.append(
                f"{ow.at('displayName')}: {label!r} is not kept (SRE Plan names the objective "
                "after its SLO)"
            )
        if len(objectives) > 1:
            slo_name = f"{human}-{slug(label) or i + 1}"
            slo_display = f"{display or human} — {label or f'objective {i + 1}'}"
        parsed.slos.append(
            objective_slo(
                reader,
                obj,
                ow,
                sli,
                method,
                notes,
                SloSpec(
                    name=slo_name,
                    display_name=slo_display,
                    description=reader.text(spec, "description", sw),
                    service=service,
                    sli=sli,
                    target=0.0,
                    window=window,
                    rolling=rolling,
                    calendar_start=start,
                    time_zone=zone,
                    budgeting_method=method,
                    objective_op=None,
                    objective_value=None,
                    timeslice_target=None,
                    timeslice_window=None,
                    alert_policies=policies,
                    where=str(ow),
                    labels=labels,
                    annotations=annotations,
                ),
            )
        )


def _alert_policy_refs(
    reader: Reader, value: Any, where: Where, parsed: ParsedOpenSlo
) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise reader.fail(where, "expected a list of alert policies")
    names = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and "alertPolicyRef" in item:
            names.append(reader.text(item, "alertPolicyRef", where.at(i), required=True))
        elif isinstance(item, dict) and item.get("kind") == "AlertPolicy":
            _alert_policy(reader, item, where.at(i), parsed, False)
            names.append(str(item["metadata"]["name"]))
        else:
            raise reader.fail(
                where.at(i),
                "expected an alert policy name, alertPolicyRef or an inline AlertPolicy",
            )
    return names


OPERATORS = ("lt", "lte", "gt", "gte")


def _flag(reader: Reader, spec: dict[str, Any], key: str, where: Where) -> bool | None:
    value = spec.get(key)
    if value is not None and not isinstance(value, bool):
        raise reader.fail(where.at(key), f"expected true or false, found {value!r}")
    return value


def _condition(reader: Reader, value: Any, where: Where) -> ConditionSpec:
    data = reader.mapping(value, where, ("apiVersion", "kind", "metadata", "spec"))
    name, display, notes = metadata(reader, data, where)
    labels, annotations = kept_metadata(reader, data, where)
    sw = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where), sw, ("description", "severity", "condition")
    )
    severity = reader.text(spec, "severity", sw, required=True)
    cw = sw.at("condition")
    cond = reader.mapping(
        reader.required(spec, "condition", sw),
        cw,
        ("kind", "op", "threshold", "lookbackWindow", "alertAfter"),
    )
    kind = reader.text(cond, "kind", cw) or "burnrate"
    if kind != "burnrate":
        raise reader.fail(cw.at("kind"), f"{kind!r} conditions are not supported; only burnrate")
    op = reader.text(cond, "op", cw)
    if not op:
        raise reader.fail(
            cw.at("op"), "required field is missing (OpenSLO v1 requires lt, lte, gt or gte)"
        )
    if op not in OPERATORS:
        raise reader.fail(cw.at("op"), f"{op!r} is not one of lt, lte, gt, gte")
    threshold = reader.number(cond, "threshold", cw)
    if threshold is None:
        raise reader.fail(cw.at("threshold"), "required field is missing (the burn rate)")
    lookback = reader.duration(cond, "lookbackWindow", cw)
    if cond.get("alertAfter") in (None, ""):
        raise reader.fail(
            cw.at("alertAfter"),
            "required field is missing (OpenSLO v1 requires it, e.g. 5m; SRE Plan does "
            "not assume one)",
        )
    alert_after = reader.duration(cond, "alertAfter", cw)
    condition = ConditionSpec(
        name,
        display,
        reader.text(spec, "description", sw),
        severity,
        op,
        threshold,
        lookback,
        alert_after,
        labels,
        annotations,
        str(where),
    )
    short_note = notes.get(ANNOTATION + "short-window")
    spent_note = notes.get(ANNOTATION + "budget-spent")
    window_note = notes.get(ANNOTATION + "slo-window")
    if short_note and spent_note and window_note:
        try:
            short_window = parse_duration(short_note)
            budget_spent = float(spent_note)
            window = parse_duration(window_note)
            unchanged = (
                0 < budget_spent <= 100
                and severity in ("page", "ticket")
                and op == "gte"
                and alert_after == short_window
                and threshold == round(burn_rate(budget_spent, window, lookback), 9)
            )
        except (ValueError, ZeroDivisionError):
            unchanged = False
        if unchanged:
            condition.short_window = short_window
            condition.budget_spent = budget_spent
        else:
            reader.warnings.append(
                f"{where}: SRE Plan wrote this condition for the plan's alert policy, but it "
                "was changed since; it is kept as written, as its own alert policy"
            )
    return condition


def _alert_policy(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    name, display, notes = metadata(reader, data, where)
    labels, annotations = kept_metadata(reader, data, where)
    sw = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where),
        sw,
        (
            "description",
            "alertWhenNoData",
            "alertWhenResolved",
            "alertWhenBreaching",
            "conditions",
            "notificationTargets",
        ),
    )
    conditions = reader.required(spec, "conditions", sw)
    if not isinstance(conditions, list):
        raise reader.fail(sw.at("conditions"), "expected a list")
    found = []
    for i, item in enumerate(conditions):
        cw = sw.at("conditions").at(i)
        if isinstance(item, dict) and "conditionRef" in item:
            ref = str(item["conditionRef"])
            pending = parsed.conditions.get(ref)
            if pending is None:
                raise reader.fail(
                    cw.at("conditionRef"), f"no AlertCondition named {ref!r} in the files imported"
                )
            found.append(pending)
        else:
            found.append(_condition(reader, item, cw))
    targets = spec.get("notificationTargets")
    if targets is not None and not isinstance(targets, list):
        raise reader.fail(sw.at("notificationTargets"), "expected a list")
    policy = PolicySpec(
        name,
        display,
        reader.text(spec, "description", sw),
        _flag(reader, spec, "alertWhenNoData", sw),
        _flag(reader, spec, "alertWhenResolved", sw),
        _flag(reader, spec, "alertWhenBreaching", sw),
        to_json(plain(targets or [], reader, sw.at("notificationTargets"))),
        found,
        labels,
        annotations,
        plan_rule=notes.get(ANNOTATION + "plan-policy") == "true",
        where=str(where),
    )
    if policy.plan_rule and not all(c.budget_spent is not None for c in found):
        policy.plan_rule = False  # changed since SRE Plan wrote it (said per condition)
    earlier = parsed.policies.get(name)
    if earlier is not None and _policy_key(earlier) != _policy_key(policy):
        raise reader.fail(
            where.at("metadata").at("name"), f"a different AlertPolicy named {name!r} came before"
        )
    parsed.policies[name] = policy


def _policy_key(policy: PolicySpec) -> tuple[Any, ...]:
    conditions = tuple(dataclasses.replace(c, where="") for c in policy.conditions)
    return (dataclasses.replace(policy, where="", conditions=[]), conditions)


def _alert_condition(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    condition = _condition(reader, data, where)
    parsed.conditions[condition.name] = condition


PARSERS: dict[str, Callable[[Reader, dict[str, Any], Where, ParsedOpenSlo, bool], None]] = {
    "Service": _service,
    "SLI": _sli,
    "SLO": _slo,
    "AlertPolicy": _alert_policy,
    "AlertCondition": _alert_condition,
}
