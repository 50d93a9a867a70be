"""Reading OpenSLO YAML into SRE Plan's records, strictly and with exact error locations.

Every problem names the file, the document number (1-based, in ``---`` order)
and the field path, e.g. ``slos.yaml, document 2, spec.objectives[0].target``.
A problem that makes the meaning uncertain refuses the whole import; anything
merely unused (unknown fields, notification targets) becomes a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..core.durations import Duration, parse_duration
from ..core.slo import BudgetingMethod, Operator, Severity, SliKind, SliType, SloStatus

ANNOTATION = "sreplan.app/"
API_V1 = "openslo/v1"
API_V1ALPHA = "openslo/v1alpha"
KINDS = ("Service", "SLI", "SLO", "AlertPolicy", "AlertCondition")
IGNORED_KINDS = ("DataSource", "AlertNotificationTarget")


class OpenSloError(ValueError):
    """The file cannot be imported faithfully; nothing was imported."""


@dataclass
class Where:
    """A location in the input, for messages: file, document number, field path."""

    file: str
    document: int
    path: str = ""

    def at(self, key: str | int) -> Where:
        part = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return Where(self.file, self.document, self.path + part)

    def __str__(self) -> str:
        where = f"{self.file}, document {self.document}"
        return f"{where}, {self.path}" if self.path else where


@dataclass
class SliSpec:
    name: str
    display_name: str
    kind: SliKind
    sli_type: SliType
    good_events: str = ""
    total_events: str = ""
    data_source: str = ""
    good_query: str = ""
    total_query: str = ""

    def key(self) -> tuple[Any, ...]:
        return (
            self.name,
            self.display_name,
            self.kind,
            self.sli_type,
            self.good_events,
            self.total_events,
            self.data_source,
            self.good_query,
            self.total_query,
        )


@dataclass
class SloSpec:
    name: str
    display_name: str
    description: str
    service: str
    sli: SliSpec
    target: float
    window: Duration
    rolling: bool
    calendar_start: str
    time_zone: str
    budgeting_method: BudgetingMethod
    objective_op: Operator | None
    objective_value: float | None
    timeslice_target: float | None
    timeslice_window: Duration | None
    owner: str = ""
    rationale: str = ""
    status: SloStatus = SloStatus.DRAFT
    request_rate: float | None = None
    alert_policies: list[str] = field(default_factory=list)
    where: str = ""


@dataclass
class ConditionSpec:
    name: str
    severity: Severity
    burn_rate: float
    long_window: Duration
    short_window: Duration
    where: str = ""


@dataclass
class ParsedOpenSlo:
    services: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (title, text)
    slis: dict[str, SliSpec] = field(default_factory=dict)
    slos: list[SloSpec] = field(default_factory=list)
    policies: dict[str, list[ConditionSpec]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Reader:
    """One document: typed field access that records unknown fields as warnings."""

    def __init__(self, where: Where, warnings: list[str]) -> None:
        self.where = where
        self.warnings = warnings

    def fail(self, where: Where, message: str) -> OpenSloError:
        return OpenSloError(f"{where}: {message}")

    def mapping(
        self, value: Any, where: Where, known: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping of fields, found {type(value).__name__}")
        if known is not None:
            for key in value:
                if key not in known:
                    self.warnings.append(f"{where.at(str(key))}: unknown field, ignored")
        return value

    def required(self, data: dict[str, Any], key: str, where: Where) -> Any:
        if data.get(key) in (None, ""):
            raise self.fail(where.at(key), "required field is missing")
        return data[key]

    def text(self, data: dict[str, Any], key: str, where: Where, *, required: bool = False) -> str:
        value = self.required(data, key, where) if required else data.get(key)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            raise self.fail(where.at(key), "expected text")
        return str(value)

    def number(self, data: dict[str, Any], key: str, where: Where) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where.at(key), f"expected a number, found {value!r}")
        return float(value)

    def duration(
        self, data: dict[str, Any], key: str, where: Where, *, bare_minutes: bool = False
    ) -> Duration:
        value = self.required(data, key, where)
        if bare_minutes and isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return Duration(value, "m")  # the spec reads a bare timeSliceWindow as minutes
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise self.fail(where.at(key), str(exc)) from None


def name_ok(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]([a-z0-9.\-]{0,251}[a-z0-9])?", name))


def load_documents(text: str, file: str) -> list[tuple[int, Any]]:
    """The non-empty YAML documents of ``text`` with their 1-based numbers."""
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise OpenSloError(f"{file}{line}: not valid YAML ({problem})") from None
    found = [(i + 1, d) for i, d in enumerate(docs) if d is not None]
    if not found:
        raise OpenSloError(f"{file}: holds no OpenSLO documents")
    return found


# Referenced kinds first, so a reference may sit anywhere in the files.
_ORDER = {"Service": 0, "SLI": 1, "AlertCondition": 2, "AlertPolicy": 3, "SLO": 4}


def parse_files(files: list[tuple[str, str]]) -> ParsedOpenSlo:
    """Parse (file name, text) pairs together; raise OpenSloError on the first problem."""
    parsed = ParsedOpenSlo()
    queue: list[tuple[int, _Reader, dict[str, Any], Where, bool]] = []
    for file, text in files:
        for number, doc in load_documents(text, file):
            where = Where(file, number)
            reader = _Reader(where, parsed.warnings)
            data = reader.mapping(doc, where)
            api = data.get("apiVersion")
            if api not in (API_V1, API_V1ALPHA):
                shown = "missing" if api is None else repr(api)
                raise reader.fail(
                    where.at("apiVersion"),
                    f"{shown}; SRE Plan reads openslo/v1 (and openslo/v1alpha)",
                )
            kind = data.get("kind")
            if kind in IGNORED_KINDS:
                parsed.warnings.append(
                    f"{where}: {kind} documents are not used by SRE Plan, skipped"
                )
                continue
            if kind not in KINDS:
                shown = "missing" if kind is None else repr(kind)
                raise reader.fail(
                    where.at("kind"), f"{shown} is not a kind SRE Plan imports ({', '.join(KINDS)})"
                )
            if api == API_V1ALPHA and kind not in ("SLO", "Service"):
                raise reader.fail(where.at("kind"), f"{kind} does not exist in openslo/v1alpha")
            reader.mapping(data, where, ("apiVersion", "kind", "metadata", "spec"))
            queue.append((_ORDER[str(kind)], reader, data, where, api == API_V1ALPHA))
    for _, reader, data, where, alpha in sorted(queue, key=lambda item: item[0]):
        _PARSERS[str(data["kind"])](reader, data, where, parsed, alpha)
    if not parsed.slos and not parsed.services and not parsed.slis and not parsed.policies:
        raise OpenSloError(
            f"{', '.join(f for f, _ in files)}: holds no SLOs, SLIs, services or alert policies"
        )
    return parsed


def _metadata(
    reader: _Reader, data: dict[str, Any], where: Where
) -> tuple[str, str, dict[str, str]]:
    meta = reader.mapping(
        reader.required(data, "metadata", where),
        where.at("metadata"),
        ("name", "displayName", "labels", "annotations"),
    )
    name = reader.text(meta, "name", where.at("metadata"), required=True)
    if not name_ok(name):
        reader.warnings.append(
            f"{where.at('metadata').at('name')}: {name!r} is not an RFC 1123 name"
        )
    raw = reader.mapping(meta.get("annotations"), where.at("metadata").at("annotations"))
    annotations = {str(k): "" if v is None else str(v) for k, v in raw.items()}
    return name, reader.text(meta, "displayName", where.at("metadata")), annotations


def _service(
    reader: _Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    name, display, notes = _metadata(reader, data, where)
    spec = reader.mapping(data.get("spec"), where.at("spec"), ("description",))
    title = notes.get(ANNOTATION + "name") or display or name
    parsed.services[name] = (title, reader.text(spec, "description", where.at("spec")))


def _metric_source(reader: _Reader, value: Any, where: Where) -> tuple[str, str]:
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


def _guess_kind(name: str, sli_type: SliType) -> SliKind:
    words = name.lower()
    for kind in SliKind:
        if kind.value in words:
            return kind
    return SliKind.LATENCY if sli_type is SliType.THRESHOLD else SliKind.AVAILABILITY


def _indicator(reader: _Reader, value: Any, where: Where) -> SliSpec:
    data = reader.mapping(value, where, ("apiVersion", "kind", "metadata", "spec"))
    name, display, notes = _metadata(reader, data, where)
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
        kind = SliKind(kind_note) if kind_note else _guess_kind(f"{name} {display}", sli_type)
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
    reader: _Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    sli = _indicator(reader, data, where)
    name = data["metadata"]["name"]
    if name in parsed.slis and parsed.slis[name].key() != sli.key():
        raise reader.fail(
            where.at("metadata").at("name"), f"a different SLI named {name!r} came before"
        )
    parsed.slis[name] = sli


def _unit_fraction(reader: _Reader, obj: dict[str, Any], where: Where) -> float:
    """The objective's target in percent, from ``target`` [0,1) or ``targetPercent`` [0,100)."""
    target = reader.number(obj, "target", where)
    percent = reader.number(obj, "targetPercent", where)
    if target is not None and percent is not None:
        raise reader.fail(where.at("targetPercent"), "give target or targetPercent, not both")
    if target is not None:
        if not 0.0 < target < 1.0:
            raise reader.fail(
                where.at("target"),
                f"{target:g} is out of range: target is a fraction "
                "above 0 and below 1 (0.999 means 99.9 %)",
            )
        return round(target * 100.0, 10)
    if percent is not None:
        if not 0.0 < percent < 100.0:
            raise reader.fail(
                where.at("targetPercent"), f"{percent:g} is out of range: above 0 and below 100"
            )
        return percent
    raise reader.fail(where.at("target"), "required field is missing (target or targetPercent)")


def _budgeting_method(reader: _Reader, spec: dict[str, Any], where: Where) -> BudgetingMethod:
    value = reader.text(spec, "budgetingMethod", where, required=True)
    for method in BudgetingMethod:
        if value.casefold() == method.value.casefold():
            return method
    raise reader.fail(
        where.at("budgetingMethod"),
        f"{value!r} is not one of Occurrences, Timeslices, RatioTimeslices",
    )


def _time_window(
    reader: _Reader, spec: dict[str, Any], where: Where
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
    start_text = _timestamp(start) if isinstance(start, dt.date) else str(start or "")
    if duration.unit == "m" and duration.count <= 5:
        reader.warnings.append(
            f"{ww.at(0).at('duration')}: {duration.shorthand} is {duration.label} (lower-case m is "
            "minutes); if a month was meant, the file should say 1M"
        )
    return duration, rolling, start_text, reader.text(calendar, "timeZone", ww.at(0).at("calendar"))


def _slo(
    reader: _Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    if alpha:
        _slo_v1alpha(reader, data, where, parsed)
        return
    name, display, notes = _metadata(reader, data, where)
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
    method = _budgeting_method(reader, spec, sw)
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
            slo_name = f"{human}-{_slug(label) or i + 1}"
            slo_display = f"{display or human} — {label or f'objective {i + 1}'}"
        parsed.slos.append(
            _objective_slo(
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


def _objective_slo(
    reader: _Reader,
    obj: dict[str, Any],
    ow: Where,
    sli: SliSpec,
    method: BudgetingMethod,
    notes: dict[str, str],
    slo: SloSpec,
) -> SloSpec:
    slo.target = _unit_fraction(reader, obj, ow)
    op_text = reader.text(obj, "op", ow)
    if op_text:
        try:
            slo.objective_op = Operator(op_text)
        except ValueError:
            raise reader.fail(ow.at("op"), f"{op_text!r} is not one of lt, lte, gt, gte") from None
    slo.objective_value = reader.number(obj, "value", ow)
    if sli.sli_type is SliType.THRESHOLD:
        if slo.objective_op is None:
            raise reader.fail(ow.at("op"), "required field is missing (a threshold SLI needs op)")
        if slo.objective_value is None:
            raise reader.fail(
                ow.at("value"), "required field is missing (a threshold SLI needs value)"
            )
    if method is BudgetingMethod.TIMESLICES:
        slice_target = reader.number(obj, "timeSliceTarget", ow)
        if slice_target is None:
            raise reader.fail(ow.at("timeSliceTarget"), "required field is missing for Timeslices")
        if not 0.0 < slice_target <= 1.0:
            raise reader.fail(ow.at("timeSliceTarget"), f"{slice_target:g} is out of range (0, 1]")
        slo.timeslice_target = round(slice_target * 100.0, 10)
    if method is not BudgetingMethod.OCCURRENCES:
        slo.timeslice_window = reader.duration(obj, "timeSliceWindow", ow, bare_minutes=True)
    slo.owner = notes.get(ANNOTATION + "owner", "")
    slo.rationale = notes.get(ANNOTATION + "rationale", "")
    status = notes.get(ANNOTATION + "status", "")
    slo.status = SloStatus(status) if status in {s.value for s in SloStatus} else SloStatus.DRAFT
    rate = notes.get(ANNOTATION + "request-rate", "")
    try:
        slo.request_rate = float(rate) if rate else None
    except ValueError:
        reader.warnings.append(f"{ow}: request-rate annotation {rate!r} is not a number, ignored")
    return slo


def _slo_v1alpha(
    reader: _Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo
) -> None:
    """v1alpha: ``timeWindows`` (unit + count) and per-objective ``ratioMetrics``."""
    name, display, notes = _metadata(reader, data, where)
    sw = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where),
        sw,
        ("description", "service", "indicator", "timeWindows", "budgetingMethod", "objectives"),
    )
    service = reader.text(spec, "service", sw, required=True)
    ww = sw.at("timeWindows")
    windows = reader.required(spec, "timeWindows", sw)
    if not isinstance(windows, list) or len(windows) != 1:
        raise reader.fail(ww, "expected exactly one time window")
    w = reader.mapping(windows[0], ww.at(0), ("unit", "count", "isRolling", "calendar"))
    units = {
        "second": None,
        "minute": "m",
        "hour": "h",
        "day": "d",
        "week": "w",
        "month": "M",
        "quarter": "Q",
        "year": "Y",
    }
    unit_name = reader.text(w, "unit", ww.at(0), required=True).lower()
    count = w.get("count")
    if units.get(unit_name) is None or not isinstance(count, int) or count <= 0:
        raise reader.fail(
            ww.at(0),
            f"openslo/v1alpha window {count!r} {unit_name!r} cannot be "
            "mapped to a whole number of minutes, hours, days, weeks, months, "
            "quarters or years",
        )
    window = Duration(count, str(units[unit_name]))
    calendar = reader.mapping(w.get("calendar"), ww.at(0).at("calendar"), ("startTime", "timeZone"))
    rolling = bool(w.get("isRolling", not calendar))
    start = calendar.get("startTime")
    start_text = _timestamp(start) if isinstance(start, dt.date) else str(start or "")
    method = _budgeting_method(reader, spec, sw)
    objectives = reader.required(spec, "objectives", sw)
    if not isinstance(objectives, list) or not objectives:
        raise reader.fail(sw.at("objectives"), "expected a list of at least one objective")
    threshold_sli: SliSpec | None = None
    if spec.get("indicator") is not None:
        iw = sw.at("indicator")
        ind = reader.mapping(spec["indicator"], iw, ("thresholdMetric",))
        tm = reader.mapping(
            ind.get("thresholdMetric"),
            iw.at("thresholdMetric"),
            ("source", "queryType", "query", "metadata"),
        )
        threshold_sli = SliSpec(
            f"{name}-indicator",
            "",
            _guess_kind(name, SliType.THRESHOLD),
            SliType.THRESHOLD,
            data_source=str(tm.get("source", "")),
            good_query=str(tm.get("query", "")),
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
                "timeSliceTarget",
                "timeSliceWindow",
                "ratioMetrics",
            ),
        )
        sli = threshold_sli
        if obj.get("ratioMetrics") is not None:
            rw = ow.at("ratioMetrics")
            ratio = reader.mapping(obj["ratioMetrics"], rw, ("good", "total", "incremental"))
            good = reader.mapping(
                reader.required(ratio, "good", rw), rw.at("good"), ("source", "queryType", "query")
            )
            total = reader.mapping(
                reader.required(ratio, "total", rw),
                rw.at("total"),
                ("source", "queryType", "query"),
            )
            sli = SliSpec(
                f"{name}-{i + 1}-ratio",
                "",
                _guess_kind(name, SliType.RATIO),
                SliType.RATIO,
                data_source=str(good.get("source", "")),
                good_query=str(good.get("query", "")),
                total_query=str(total.get("query", "")),
            )
        if sli is None:
            raise reader.fail(
                ow.at("ratioMetrics"),
                "required field is missing (ratioMetrics, or an "
                "indicator.thresholdMetric on the SLO)",
            )
        parsed.slis.setdefault(f"{sli.name}@{where.file}#{where.document}", sli)
        label = reader.text(obj, "displayName", ow)
        multi = len(objectives) > 1
        parsed.slos.append(
            _objective_slo(
                reader,
                obj,
                ow,
                sli,
                method,
                notes,
                SloSpec(
                    name=f"{name}-{_slug(label) or i + 1}" if multi else name,
                    display_name=f"{display or name} — {label or i + 1}" if multi else display,
                    description=reader.text(spec, "description", sw),
                    service=service,
                    sli=sli,
                    target=0.0,
                    window=window,
                    rolling=rolling,
                    calendar_start=start_text,
                    time_zone=reader.text(calendar, "timeZone", ww.at(0)),
                    budgeting_method=method,
                    objective_op=None,
                    objective_value=None,
                    timeslice_target=None,
                    timeslice_window=None,
                    where=str(ow),
                ),
            )
        )
    if window.unit == "m":
        reader.warnings.append(f"{ww.at(0)}: the window is {window.label}")


def _alert_policy_refs(
    reader: _Reader, value: Any, where: Where, parsed: ParsedOpenSlo
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


def _severity(reader: _Reader, text: str, where: Where) -> Severity:
    lowered = text.lower()
    if lowered in ("page", "ticket"):
        return Severity(lowered)
    page_words = ("page", "critical", "sev1", "sev-1", "p1", "high", "urgent")
    severity = Severity.PAGE if any(w in lowered for w in page_words) else Severity.TICKET
    reader.warnings.append(f"{where}: severity {text!r} read as {severity.label.lower()}")
    return severity


def _condition(reader: _Reader, value: Any, where: Where) -> ConditionSpec:
    data = reader.mapping(value, where, ("apiVersion", "kind", "metadata", "spec"))
    name, _display, notes = _metadata(reader, data, where)
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
    reader: _Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    name, _display, _notes = _metadata(reader, data, where)
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
    reader: _Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo, alpha: bool
) -> None:
    condition = _condition(reader, data, where)
    parsed.policies[f"condition:{condition.name}"] = [condition]


def _timestamp(value: dt.date) -> str:
    """YAML reads ``2022-01-01 12:00:00`` as a datetime; keep the spec's written form."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return value.isoformat()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_PARSERS: dict[str, Callable[[_Reader, dict[str, Any], Where, ParsedOpenSlo, bool], None]] = {
    "Service": _service,
    "SLI": _sli,
    "SLO": _slo,
    "AlertPolicy": _alert_policy,
    "AlertCondition": _alert_condition,
}
