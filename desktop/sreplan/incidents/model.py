"""Incidents and their blameless postmortems: the records, the scales and the field checks.

Timestamps are aware datetimes stored as ISO 8601 text with their UTC offset;
shares are percentages as people write them (12.5), fractions only inside
calculations. Every ``*_error`` function returns the message for a field, or
None when the value is acceptable.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sreplan.kernel.choices import Choice
from sreplan.kernel.errors import StoredValueError, UserError


class IncidentError(UserError):
    """An incident value that cannot be stored, naming the field and why."""


class Status(Choice):
    ACTIVE = "active", "Active"
    MITIGATED = "mitigated", "Mitigated"
    RESOLVED = "resolved", "Resolved"
    POSTMORTEM_REVIEW = "postmortem_review", "Postmortem in review"
    CLOSED = "closed", "Closed"


class ImpactKind(Choice):
    FAILING_SHARE = "failing_share", "Share of requests failing"
    BAD_EVENTS = "bad_events", "Bad events counted"
    FULL_OUTAGE = "full_outage", "Minutes of full outage"


class ResponderRole(Choice):
    INCIDENT_COMMANDER = "incident_commander", "Incident commander"
    COMMUNICATIONS = "communications", "Communications"
    OPERATIONS = "operations", "Operations"
    SCRIBE = "scribe", "Scribe"


class Side(Choice):
    SRE = "sre", "SRE"
    PRODUCT = "product", "Product engineering"


class ActionType(Choice):
    MITIGATE = "mitigate", "Mitigate"
    PREVENT = "prevent", "Prevent"
    DETECT = "detect", "Detect"
    PROCESS = "process", "Process"


class Priority(Choice):
    P0 = "P0", "P0"
    P1 = "P1", "P1"
    P2 = "P2", "P2"


class ActionStatus(Choice):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DOING = "not_doing", "Not doing"


@dataclass(frozen=True)
class SeverityLevel:
    name: str
    meaning: str


# PagerDuty's incident response documentation, "Severity Levels".
DEFAULT_SEVERITIES: tuple[SeverityLevel, ...] = (
    SeverityLevel("SEV-1", "Critical issue that warrants public notification and liaison "
                  "with executive teams."),
    SeverityLevel("SEV-2", "Critical system issue actively impacting many customers' ability "
                  "to use the product."),
    SeverityLevel("SEV-3", "Stability or minor customer-impacting issues that require "
                  "immediate attention from service owners."),
    SeverityLevel("SEV-4", "Minor issues requiring action, but not affecting customers' "
                  "ability to use the product."),
    SeverityLevel("SEV-5", "Cosmetic issues or bugs, not affecting customers' ability to use "
                  "the product."),
)  # fmt: skip

# The SRE Workbook, "Postmortem Culture" / postmortem analysis: what set the outage off.
DEFAULT_TRIGGERS: tuple[str, ...] = (
    "Binary push",
    "Configuration push",
    "User behaviour change",
    "Processing pipeline",
    "Service provider change",
    "Performance decay",
    "Capacity management",
    "Hardware",
)

DEFAULT_ROOT_CAUSES: tuple[str, ...] = (
    "Software",
    "Development process failure",
    "Complex system behaviour",
    "Deployment planning",
    "Network",
    "Hardware",
    "Capacity planning",
    "Unknown",
)

DEFAULT_BLAME_PHRASES: tuple[str, ...] = (
    "human error",
    "should have",
    "failed to",
    "careless",
    "forgot to",
    "negligence",
    "didn't bother",
)

# The SRE Workbook's example error-budget policy: a postmortem for any single incident
# that consumed more than 20 % of the four-week budget.
DEFAULT_POSTMORTEM_THRESHOLD = 20.0

# The timestamps of an incident, in the order they must happen.
TIMESTAMPS: tuple[tuple[str, str], ...] = (
    ("started_at", "Impact started"),
    ("detected_at", "Detected"),
    ("acknowledged_at", "Acknowledged"),
    ("mitigated_at", "Mitigated"),
    ("resolved_at", "Resolved"),
)
TIMESTAMP_LABELS = dict(TIMESTAMPS)

# The postmortem's text sections (the SRE book's template), column -> heading.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("root_causes", "Root Causes"),
    ("trigger_text", "Trigger"),
    ("resolution", "Resolution"),
    ("detection", "Detection"),
    ("went_well", "What went well"),
    ("went_wrong", "What went wrong"),
    ("got_lucky", "Where we got lucky"),
    ("supporting", "Supporting information"),
)
SECTION_LABELS = dict(SECTIONS)


@dataclass(frozen=True)
class Factor:
    """A contributing factor, optionally tagged with a catalog entry (builtin key or user:id)."""

    text: str
    catalog_key: str = ""
    id: str = ""


@dataclass(frozen=True)
class Responder:
    name: str
    role: ResponderRole = ResponderRole.OPERATIONS
    side: Side = Side.SRE
    id: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime | None
    event: str
    source: str = ""
    starred: bool = False
    id: str = ""


@dataclass(frozen=True)
class ActionItem:
    title: str
    kind: ActionType = ActionType.PREVENT
    priority: Priority = Priority.P1
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    status_reason: str = ""
    checkpoint_id: str | None = None
    finding_id: str | None = None
    adr_id: str | None = None
    id: str = ""

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Incident:
    id: str
    plan_id: str
    number: int
    title: str
    severity: str = "SEV-3"
    status: Status = Status.ACTIVE
    started_at: datetime | None = None
    detected_at: datetime | None = None
    acknowledged_at: datetime | None = None
    mitigated_at: datetime | None = None
    resolved_at: datetime | None = None
    impact_kind: ImpactKind = ImpactKind.FAILING_SHARE
    impact_percent: float | None = None  # share of requests failing, 0–100
    bad_events: float | None = None
    outage_minutes: float | None = None
    trigger: str = ""
    root_cause_category: str = ""
    summary: str = ""
    impact: str = ""
    root_causes: str = ""
    trigger_text: str = ""
    resolution: str = ""
    detection: str = ""
    went_well: str = ""
    went_wrong: str = ""
    got_lucky: str = ""
    supporting: str = ""
    slo_ids: tuple[str, ...] = ()
    component_ids: tuple[str, ...] = ()
    factors: tuple[Factor, ...] = ()
    responders: tuple[Responder, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    actions: tuple[ActionItem, ...] = field(default=())

    @property
    def key(self) -> str:
        return incident_key(self.number)

    def timestamp(self, column: str) -> datetime | None:
        value: datetime | None = getattr(self, column)
        return value

    @property
    def impact_end(self) -> datetime | None:
        """When users stopped being hurt: mitigation, or resolution when not mitigated first."""
        return self.mitigated_at or self.resolved_at

    @property
    def impact_minutes(self) -> float | None:
        """Minutes of impact: the outage minutes entered, else start to mitigation."""
        if self.impact_kind is ImpactKind.FULL_OUTAGE and self.outage_minutes is not None:
            return self.outage_minutes
        end = self.impact_end
        if self.started_at is None or end is None:
            return None
        return (end - self.started_at).total_seconds() / 60.0

    def minutes_between(self, first: str, second: str) -> float | None:
        a, b = self.timestamp(first), self.timestamp(second)
        if a is None or b is None:
            return None
        return (b - a).total_seconds() / 60.0

    @property
    def product_share(self) -> float | None:
        """The share of responders (percent) from product engineering."""
        if not self.responders:
            return None
        product = sum(1 for r in self.responders if r.side is Side.PRODUCT)
        return 100.0 * product / len(self.responders)


def incident_key(number: int) -> str:
    return f"INC-{number}"


_KEY = re.compile(r"^\s*(?:INC[-\s]?)?#?(\d{1,9})\s*$", re.IGNORECASE)


def parse_incident_number(text: str) -> int:
    """ "INC-7", "inc 7", "#7" or "7" → 7."""
    match = _KEY.match(str(text))
    if not match:
        raise IncidentError(f"{text!r} is not an incident number (e.g. INC-7 or 7).")
    return int(match.group(1))


# Field checks -------------------------------------------------------------------------


def title_error(title: str) -> str | None:
    if not title.strip():
        return "The incident needs a title."
    if len(title) > 300:
        return "Keep the title under 300 characters."
    if "\n" in title or "\r" in title:
        return "The title is one line."
    return None


def percent_error(value: float | None) -> str | None:
    if value is None:
        return None
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        return "The share of requests failing must be between 0 and 100 %."
    return None


def count_error(value: float | None, what: str) -> str | None:
    if value is None:
        return None
    if math.isnan(value) or math.isinf(value) or value < 0:
        return f"{what} cannot be negative."
    return None


def order_errors(values: dict[str, datetime | None]) -> dict[str, str]:
    """Each timestamp that comes before an earlier stage's, with a message naming both."""
    problems: dict[str, str] = {}
    seen: list[tuple[str, datetime]] = []
    for column, label in TIMESTAMPS:
        value = values.get(column)
        if value is None:
            continue
        for earlier, earlier_value in seen:
            if value < earlier_value:
                problems[column] = (
                    f"{label} ({format_timestamp(value)}) is before "
                    f"{TIMESTAMP_LABELS[earlier].lower()} ({format_timestamp(earlier_value)})."
                )
                break
        seen.append((column, value))
    return problems


def order_error(values: dict[str, datetime | None], column: str) -> str | None:
    """The message for ``column`` if setting it breaks the order, naming both timestamps."""
    value = values.get(column)
    if value is None:
        return None
    index = [c for c, _ in TIMESTAMPS].index(column)
    label = TIMESTAMP_LABELS[column]
    for other, other_label in TIMESTAMPS[:index]:
        earlier = values.get(other)
        if earlier is not None and value < earlier:
            return (
                f"{label} ({format_timestamp(value)}) is before {other_label.lower()} "
                f"({format_timestamp(earlier)})."
            )
    for other, other_label in TIMESTAMPS[index + 1 :]:
        later = values.get(other)
        if later is not None and value > later:
            return (
                f"{label} ({format_timestamp(value)}) is after {other_label.lower()} "
                f"({format_timestamp(later)})."
            )
    return None


# Timestamps ---------------------------------------------------------------------------


def parse_timestamp(text: str, time_zone: str = "") -> datetime | None:
    """ "2025-11-28 14:02 +01:00", "2025-11-28T13:02Z" or, with a zone, "2025-11-28 14:02".

    Empty text is None; a time without an offset takes ``time_zone`` (an IANA name);
    without either, it is refused: incident times always carry their zone.
    """
    raw = text.strip()
    if not raw:
        return None
    cleaned = re.sub(r"\s+(?=[+-]\d{2}:?\d{2}$)", "", raw)
    cleaned = re.sub(r"\s*(UTC|Z)$", "+00:00", cleaned, flags=re.IGNORECASE)
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError as exc:
        raise IncidentError(
            f"{raw!r} is not a date and time; write e.g. 2025-11-28 14:02 +01:00."
        ) from exc
    if value.tzinfo is None:
        zone = zone_info(time_zone)
        if zone is None:
            raise IncidentError(f"{raw!r} has no time zone; add the offset, e.g. {raw} +00:00.")
        value = value.replace(tzinfo=zone)
    return value


def zone_info(name: str) -> ZoneInfo | None:
    if not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise IncidentError(f"{name!r} is not a time zone name (e.g. Europe/Berlin).") from exc


def to_stored(value: datetime | None) -> str | None:
    """ISO 8601 with the UTC offset, to the second (what the file holds)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise IncidentError("A timestamp without a time zone cannot be stored.")
    return value.replace(microsecond=0).isoformat()


def from_stored(text: str | None) -> datetime | None:
    """A stored timestamp; a value this version cannot read is named as damage."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise StoredValueError(
            f"the workspace holds {str(text)[:40]!r} where a timestamp belongs; "
            "run 'sreplan check' on it"
        ) from exc
    if value.tzinfo is None:
        raise StoredValueError(
            f"the workspace holds {text[:40]!r}, a timestamp without its time zone; "
            "run 'sreplan check' on it"
        )
    return value


def date_from_stored(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise StoredValueError(
            f"the workspace holds {str(text)[:40]!r} where a date belongs; "
            "run 'sreplan check' on it"
        ) from exc


def format_timestamp(value: datetime | None) -> str:
    if value is None:
        return ""
    text = value.strftime("%Y-%m-%d %H:%M")
    if value.second:
        text += value.strftime(":%S")
    offset = value.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}" if offset else text


def format_minutes(minutes: float | None) -> str:
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes:.0f} min"
    hours, rest = divmod(round(minutes), 60)
    if hours < 48:
        return f"{hours} h {rest:02d} min"
    return f"{hours / 24:.1f} d"


def clean_text(text: str) -> str:
    """Stored form of multi-line text: Unix line ends, no blank lines around it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def clean_line(text: str) -> str:
    """Stored form of one-line text: inner line breaks become spaces, no outer spaces."""
    return " ".join(text.replace("\r", "\n").split("\n")).strip()
