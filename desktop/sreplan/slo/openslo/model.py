"""OpenSLO reading, shared parts: locations for messages, strict field access, records.

Every problem names the file, the document number (1-based, in ``---`` order)
and the field path, e.g. ``slos.yaml, document 2, spec.objectives[0].target``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sreplan.kernel.durations import Duration, parse_duration
from sreplan.kernel.errors import UserError
from sreplan.slo.model import BudgetingMethod, Operator, Severity, SliKind, SliType, SloStatus

ANNOTATION = "sreplan.app/"
API_V1 = "openslo/v1"
API_V1ALPHA = "openslo/v1alpha"
KINDS = ("Service", "SLI", "SLO", "AlertPolicy", "AlertCondition")
IGNORED_KINDS = ("DataSource", "AlertNotificationTarget")


class OpenSloError(UserError, ValueError):
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


class Reader:
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


def metadata(reader: Reader, data: dict[str, Any], where: Where) -> tuple[str, str, dict[str, str]]:
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


def guess_kind(name: str, sli_type: SliType) -> SliKind:
    words = name.lower()
    for kind in SliKind:
        if kind.value in words:
            return kind
    return SliKind.LATENCY if sli_type is SliType.THRESHOLD else SliKind.AVAILABILITY


def unit_fraction(reader: Reader, obj: dict[str, Any], where: Where) -> float:
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


def budgeting_method(reader: Reader, spec: dict[str, Any], where: Where) -> BudgetingMethod:
    value = reader.text(spec, "budgetingMethod", where, required=True)
    for method in BudgetingMethod:
        if value.casefold() == method.value.casefold():
            return method
    raise reader.fail(
        where.at("budgetingMethod"),
        f"{value!r} is not one of Occurrences, Timeslices, RatioTimeslices",
    )


def objective_slo(
    reader: Reader,
    obj: dict[str, Any],
    ow: Where,
    sli: SliSpec,
    method: BudgetingMethod,
    notes: dict[str, str],
    slo: SloSpec,
) -> SloSpec:
    slo.target = unit_fraction(reader, obj, ow)
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


def timestamp(value: dt.date) -> str:
    """YAML reads ``2022-01-01 12:00:00`` as a datetime; keep the spec's written form."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return value.isoformat()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
