"""Reliability goals: services, SLIs, SLOs and the plan's error-budget and alert policies.

Targets are percentages as people write them (99.9); fractions appear only
inside calculations. Every ``*_error`` function returns the inline message for
a field, or None when the value is acceptable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sreplan.kernel.choices import Choice
from sreplan.kernel.durations import Duration, parse_duration


class SliKind(Choice):
    AVAILABILITY = "availability", "Availability"
    LATENCY = "latency", "Latency"
    FRESHNESS = "freshness", "Freshness"
    CORRECTNESS = "correctness", "Correctness"
    THROUGHPUT = "throughput", "Throughput"
    DURABILITY = "durability", "Durability"


class SliType(Choice):
    RATIO = "ratio", "Ratio of good to total events"
    THRESHOLD = "threshold", "Threshold on a metric"


class Operator(Choice):
    LT = "lt", "<"
    LTE = "lte", "≤"
    GT = "gt", ">"
    GTE = "gte", "≥"


class BudgetingMethod(Choice):
    OCCURRENCES = "Occurrences", "Occurrences"
    TIMESLICES = "Timeslices", "Timeslices"
    RATIO_TIMESLICES = "RatioTimeslices", "Ratio timeslices"


class SloStatus(Choice):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class Severity(Choice):
    PAGE = "page", "Page"
    TICKET = "ticket", "Ticket"


class PolicyTrigger(Choice):
    CONSUMED = "consumed", "Budget consumed"
    BURN_RATE = "burn_rate", "Burn rate"


@dataclass(frozen=True)
class Service:
    id: str
    plan_id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Sli:
    id: str
    plan_id: str
    name: str
    display_name: str = ""
    kind: SliKind = SliKind.AVAILABILITY
    sli_type: SliType = SliType.RATIO
    good_events: str = ""
    total_events: str = ""
    data_source: str = ""
    good_query: str = ""
    total_query: str = ""
    # What OpenSLO files carry beyond the fields above, kept so an export gives it back.
    description: str = ""
    counter: bool | None = None  # ratioMetric.counter as the file said; None: not said
    bad_query: str = ""  # a ratio of bad to total events (then good_query is empty)
    metric_sources: str = "{}"  # JSON: role -> metricSource mapping as it came
    labels: str = "{}"  # JSON: metadata.labels as they came
    annotations: str = "{}"  # JSON: metadata.annotations other than sreplan.app/ ones

    @property
    def title(self) -> str:
        return self.display_name or self.name


@dataclass(frozen=True)
class TimeWindow:
    """Rolling (the last N days) or calendar-aligned (this month, this quarter)."""

    duration: Duration
    rolling: bool = True
    calendar_start: str = ""
    time_zone: str = ""

    @property
    def label(self) -> str:
        if self.rolling:
            return f"rolling {self.duration.label}"
        if self.duration.count == 1 and self.duration.unit in "MQYw":
            return f"calendar {self.duration.label.removeprefix('1 ')}"
        return f"calendar {self.duration.label}"


@dataclass(frozen=True)
class Slo:
    id: str
    plan_id: str
    service_id: str
    sli_id: str
    name: str
    display_name: str = ""
    description: str = ""
    target: float = 99.9
    window: TimeWindow = TimeWindow(Duration(30, "d"))
    budgeting_method: BudgetingMethod = BudgetingMethod.OCCURRENCES
    objective_op: Operator | None = None
    objective_value: float | None = None
    timeslice_target: float | None = None  # percent of good slices, Timeslices only
    timeslice_window: Duration | None = None
    owner: str = ""
    rationale: str = ""
    status: SloStatus = SloStatus.DRAFT
    request_rate: float | None = None  # requests per second, for the budget in events
    labels: str = "{}"  # JSON: OpenSLO metadata.labels as they came
    annotations: str = "{}"  # JSON: OpenSLO annotations other than sreplan.app/ ones
    plan_alert_policy: bool = True  # the plan's own alert policy applies to this SLO

    @property
    def title(self) -> str:
        return self.display_name or self.name


@dataclass(frozen=True)
class SloDependency:
    """Something an SLO relies on: another SLO of the plan, or an external figure."""

    id: str
    plan_id: str
    slo_id: str
    name: str = ""
    depends_on_slo_id: str | None = None
    availability: float | None = None  # percent, for external dependencies
    replicas: int = 1
    position: int = 0


@dataclass(frozen=True)
class AlertRule:
    """One row of the plan's burn-rate alert policy, independent of any SLO's window."""

    severity: Severity
    long_window: Duration
    short_window: Duration
    budget_spent: float  # percent of the whole budget spent within the long window
    id: str = ""
    position: int = 0


@dataclass(frozen=True)
class BudgetPolicyStep:
    """ "When budget consumed ≥ X% (or burn rate ≥ Y over W), then: action"."""

    id: str
    plan_id: str
    position: int
    trigger: PolicyTrigger
    action: str
    consumed_percent: float | None = None
    burn_rate: float | None = None
    burn_window: Duration | None = None

    @property
    def condition(self) -> str:
        if self.trigger is PolicyTrigger.CONSUMED:
            return f"Budget consumed ≥ {_num(self.consumed_percent)}%"
        window = f" over {self.burn_window.label}" if self.burn_window else ""
        return f"Burn rate ≥ {_num(self.burn_rate)}{window}"


# The SRE workbook's recommended policy for a 30-day window ("Alerting on SLOs", table 5-8).
DEFAULT_ALERT_RULES: tuple[AlertRule, ...] = (
    AlertRule(Severity.PAGE, Duration(1, "h"), Duration(5, "m"), 2.0, position=0),
    AlertRule(Severity.PAGE, Duration(6, "h"), Duration(30, "m"), 5.0, position=1),
    AlertRule(Severity.TICKET, Duration(1, "d"), Duration(2, "h"), 10.0, position=2),
    AlertRule(Severity.TICKET, Duration(3, "d"), Duration(6, "h"), 10.0, position=3),
)


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}"


def target_error(text_or_value: str | float | None) -> str | None:
    """A target must be a percentage strictly between 0 and 100."""
    value = _to_float(text_or_value)
    if value is None:
        return "Enter the target as a percentage, e.g. 99.9."
    if not 0.0 < value < 100.0:
        return "The target must be strictly between 0 and 100 %."
    return None


def window_error(text: str) -> str | None:
    try:
        parse_duration(text)
    except ValueError as exc:
        return str(exc)[0].upper() + str(exc)[1:] + "."
    return None


def threshold_error(
    sli_type: SliType, op: Operator | None, value: str | float | None
) -> str | None:
    """Threshold SLIs need an operator and a value to compare the metric against."""
    if sli_type is not SliType.THRESHOLD:
        return None
    if op is None:
        return "A threshold SLI needs an operator (<, ≤, >, ≥)."
    if _to_float(value) is None:
        return "A threshold SLI needs a threshold value, e.g. 300 (ms)."
    return None


def timeslice_error(
    method: BudgetingMethod, target: float | None, window: Duration | None
) -> str | None:
    if method is BudgetingMethod.OCCURRENCES:
        return None
    if method is BudgetingMethod.TIMESLICES and (target is None or not 0.0 < target <= 100.0):
        return "Timeslices needs a timeslice target above 0 and at most 100 %."
    if window is None:
        return f"{method.label} needs a timeslice window, e.g. 1m."
    return None


def name_error(name: str, what: str = "SLO") -> str | None:
    if not name.strip():
        return f"The {what} needs a name."
    if len(name) > 200:
        return "Keep the name under 200 characters."
    return None


def _to_float(value: str | float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            return None
    return None if math.isnan(value) or math.isinf(value) else float(value)


def parse_percent(value: str | float | None) -> float | None:
    """A number from a form field ("99,95", "99.9 %"), or None when it is not one."""
    return _to_float(value)
