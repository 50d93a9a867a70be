"""The openslo/v1 kinds SRE Plan reads: Service, SLI, SLO, AlertPolicy, AlertCondition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import yaml

from sreplan.kernel.durations import Duration, parse_duration
from sreplan.slo.model import Severity, SliKind, SliType
from sreplan.slo.openslo.model import (
    ANNOTATION,
    ConditionSpec,
    ParsedOpenSlo,
    Reader,
    SliSpec,
    SloSpec,
    Where,
    budgeting_method,
    guess_kind,
    metadata,
    objective_slo,
    slug,
    timestamp,
)
from sreplan.slo.openslo.v1alpha import slo_v1alpha


def _service(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    name, display, notes = metadata(reader, data, where)
    spec = reader.mapping(data.get("spec"), where.at("spec"), ("description",))
    title = notes.get(ANNOTATION + "name") or display or name
    parsed.services[name] = (title, reader.text(spec, "description", where.at("spec")))


def _metric_source(reader: Reader, value: Any, where: Where) -> tuple[str, str]:
    """(data-source name, query text) of a ``metricSource``."""
    metric = reader.mapping(value, where, ("metricSource",))
    src_where = where.at("metricSource")
    source = reader.mapping(
        reader.required(metric, "metricSource", where),
        src_where,
        ("metricSourceRef", "type", "spec"),
    )
    data_source = reader.text(source, "type", src_where) or reader.text(
        source, "metricSourceRef", src_where
    )
    spec = source.get("spec")
    if isinstance(spec, dict) and set(spec) == {"query"}:
        return data_source, str(spec["query"])
    if spec in (None, {}):
        return data_source, ""
    return data_source, yaml.safe_dump(spec, default_flow_style=True, sort_keys=False).strip()


def _indicator(reader: Reader, value: Any, where: Where) -> SliSpec:
    data = reader.mapping(value, where, ("apiVersion", "kind", "metadata", "spec"))
    name, display, notes = metadata(reader, data, where)
    spec_where = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where),
        spec_where,
        ("description", "thresholdMetric", "ratioMetric"),
    )
    good_events = notes.get(ANNOTATION + "good-events", "")
    total_events = notes.get(ANNOTATION + "total-events", "")
    if spec.get("thresholdMetric") is not None:
        sli_type = SliType.THRESHOLD
        source, good_query = _metric_source(
            reader, spec["thresholdMetric"], spec_where.at("thresholdMetric")
        )
        total_query = ""
    elif spec.get("ratioMetric") is not None:
        sli_type = SliType.RATIO
        rw = spec_where.at("ratioMetric")
        ratio = reader.mapping(
            spec["ratioMetric"], rw, ("counter", "good", "bad", "total", "rawType", "raw")
        )
        if ratio.get("raw") is not None:
            raise reader.fail(
                rw.at("raw"),
                "precomputed raw ratios cannot be mapped to good and total "
                "events; describe the good and total queries instead",
            )
        if ratio.get("good") is not None:
            source, good_query = _metric_source(reader, ratio["good"], rw.at("good"))
        elif ratio.get("bad") is not None:
            source, bad = _metric_source(reader, ratio["bad"], rw.at("bad"))
            good_query = f"total minus bad; bad: {bad}"
            good_events = good_events or "Total events minus bad events"
            reader.warnings.append(
                f"{rw.at('bad')}: a bad-events query was kept as text in the good query"
            )
        else:
            raise reader.fail(
                rw.at("good"), "required field is missing (give good or bad, and total)"
            )
        total_source, total_query = _metric_source(
            reader, reader.required(ratio, "total", rw), rw.at("total")
        )
        source = source or total_source
    else:
        raise reader.fail(
            spec_where.at("ratioMetric"),
            "required field is missing (an SLI needs ratioMetric or thresholdMetric)",
        )
    kind_note = notes.get(ANNOTATION + "kind", "")
    try:
        kind = SliKind(kind_note) if kind_note else guess_kind(f"{name} {display}", sli_type)
    except ValueError:
        raise reader.fail(
            where.at("metadata").at("annotations").at(ANNOTATION + "kind"),
            f"unknown SLI kind {kind_note!r}",
        ) from None
    description = reader.text(spec, "description", spec_where)
    if description and not good_events:
        good_events = description
    return SliSpec(
        notes.get(ANNOTATION + "name") or name,
        display,
        kind,
        sli_type,
        good_events,
        total_events,
        source,
        good_query,
        total_query,
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
    window, rolling, start, zone = _time_window(reader, spec, sw)
    method = budgeting_method(reader, spec, sw)
    objectives = reader.required(spec, "objectives", sw)
    if not isinstance(objectives, list) or not objectives:
        raise reader.fail(sw.at("objectives"), "expected a list of at least one objective")
    policies = _alert_policy_refs(reader, spec.get("alertPolicies"), sw.at("alertPolicies"), parsed)
    human = notes.get(ANNOTATION + "name") or name
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
            names.append(str(item["alertPolicyRef"]))
        elif isinstance(item, dict) and item.get("kind") == "AlertPolicy":
            _alert_policy(reader, item, where.at(i), parsed, False)
            names.append(str(item["metadata"]["name"]))
        else:
            raise reader.fail(
                where.at(i),
                "expected an alert policy name, alertPolicyRef or an inline AlertPolicy",
            )
    return names


def _severity(reader: Reader, text: str, where: Where) -> Severity:
    lowered = text.lower()
    if lowered in ("page", "ticket"):
        return Severity(lowered)
    page_words = ("page", "critical", "sev1", "sev-1", "p1", "high", "urgent")
    severity = Severity.PAGE if any(w in lowered for w in page_words) else Severity.TICKET
    reader.warnings.append(f"{where}: severity {text!r} read as {severity.label.lower()}")
    return severity


def _condition(reader: Reader, value: Any, where: Where) -> ConditionSpec:
    data = reader.mapping(value, where, ("apiVersion", "kind", "metadata", "spec"))
    name, _display, notes = metadata(reader, data, where)
    sw = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where), sw, ("description", "severity", "condition")
    )
    severity = _severity(
        reader, reader.text(spec, "severity", sw, required=True), sw.at("severity")
    )
    cw = sw.at("condition")
    cond = reader.mapping(
        reader.required(spec, "condition", sw),
        cw,
        ("kind", "op", "threshold", "lookbackWindow", "alertAfter"),
    )
    kind = reader.text(cond, "kind", cw) or "burnrate"
    if kind != "burnrate":
        raise reader.fail(cw.at("kind"), f"{kind!r} conditions are not supported; only burnrate")
    threshold = reader.number(cond, "threshold", cw)
    if threshold is None or threshold <= 0:
        raise reader.fail(cw.at("threshold"), "required field is missing (a positive burn rate)")
    long_window = reader.duration(cond, "lookbackWindow", cw)
    short_note = notes.get(ANNOTATION + "short-window")
    if short_note:
        try:
            short_window = parse_duration(short_note)
        except ValueError as exc:
            raise reader.fail(where.at("metadata").at("annotations"), str(exc)) from None
    else:
        short_window = reader.duration(cond, "alertAfter", cw)
    return ConditionSpec(name, severity, threshold, long_window, short_window, str(where))


def _alert_policy(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    name, _display, _notes = metadata(reader, data, where)
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
            pending = parsed.policies.get(f"condition:{ref}")
            if not pending:
                raise reader.fail(
                    cw.at("conditionRef"), f"no AlertCondition named {ref!r} in the files imported"
                )
            found.extend(pending)
        else:
            found.append(_condition(reader, item, cw))
    parsed.policies[name] = found


def _alert_condition(
    reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    condition = _condition(reader, data, where)
    parsed.policies[f"condition:{condition.name}"] = [condition]


PARSERS: dict[str, Callable[[Reader, dict[str, Any], Where, ParsedOpenSlo, bool], None]] = {
    "Service": _service,
    "SLI": _sli,
    "SLO": _slo,
    "AlertPolicy": _alert_policy,
    "AlertCondition": _alert_condition,
}
