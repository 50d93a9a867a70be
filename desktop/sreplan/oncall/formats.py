"""iCalendar (RFC 5545) export and import, and the shift table for compensation.

Export: one VEVENT per shift, summary "On-call <layer>: <name> (<role>)", UID
derived from the layer, person and start (so re-exports update the same events
in a calendar app), DTSTAMP = the rotation's last change, times in the
rotation's zone with its VTIMEZONE (in UTC for a wall-clock time the zone shows twice, when
daylight saving ends): the same data gives the same bytes.

Import reads any calendar through ``icalendar``; recurring events are expanded
with ``dateutil.rrule``. A file that is not a calendar, an event without a
start or end, or a recurrence that never ends is refused with the line at fault.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sreplan.kernel.errors import UserError
from sreplan.oncall.health import off_hours
from sreplan.oncall.model import (
    MAX_RANGE_DAYS,
    ROLE_LABELS,
    Person,
    Rotation,
    Schedule,
    Shift,
    zone,
)

_NAMESPACE = uuid.UUID("0b4f3c1e-8d7a-4f2b-9a61-3e5c2d7f9a10")
PRODID = "-//SRE Plan//On-call rotation//EN"


class IcsError(UserError):
    """An .ics file that cannot be read as a schedule, naming the line at fault."""


def summary(rotation: Rotation, shift: Shift) -> str:
    person = rotation.person(shift.person_id)
    layer = rotation.layer(shift.layer_id)
    name = person.name if person else "(removed)"
    role = ROLE_LABELS.get(person.role, person.role) if person else ""
    layer_name = layer.name if layer else "(removed layer)"
    return f"On-call {layer_name}: {name} ({role})" if role else f"On-call {layer_name}: {name}"


def shift_uid(shift: Shift) -> str:
    key = f"{shift.layer_id}/{shift.person_id}/{shift.start.astimezone(UTC).isoformat()}"
    return f"{uuid.uuid5(_NAMESPACE, key)}@sreplan"


def to_ics(rotation: Rotation, shifts: Sequence[Shift]) -> bytes:
    """The shifts as an iCalendar file; deterministic for the same rotation and shifts."""
    from icalendar import Calendar, Event

    tz = rotation.zone
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", rotation.name)
    cal.add("x-wr-timezone", rotation.time_zone)
    stamp = (rotation.changed_at or datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC)
    for shift in shifts:
        person = rotation.person(shift.person_id)
        layer = rotation.layer(shift.layer_id)
        event = Event()
        event.add("uid", shift_uid(shift))
        event.add("dtstamp", stamp)
        event.add("dtstart", _ics_time(shift.start, tz))
        event.add("dtend", _ics_time(shift.end, tz))
        event.add("summary", summary(rotation, shift))
        lines = [f"Layer: {layer.name if layer else '(removed)'}"]
        if person is not None:
            lines.append(f"Role: {ROLE_LABELS.get(person.role, person.role)}")
            if person.site:
                lines.append(f"Site: {person.site}")
        if shift.source == "override":
            lines.append("Override")
        event.add("description", "\n".join(lines))
        event.add("categories", ["on-call"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    if shifts:
        first = min(s.start for s in shifts).date() - timedelta(days=1)
        last = max(s.end for s in shifts).date() + timedelta(days=1)
        cal.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = cal.to_ical()
    return data


def _ics_time(moment: datetime, tz: Any) -> datetime:
    """The moment in the rotation's zone, or in UTC when the zone's wall clock cannot say it.

    A TZID time names a wall-clock reading, and RFC 5545 (3.3.5) reads one that occurs twice
    (the hour repeated when daylight saving ends) as its FIRST occurrence. A shift ending at
    the second 02:30 in Sydney on 2026-04-05 would come back an hour early (and zero hours
    long), so such a moment is written as UTC, which every reader takes as is.
    """
    local = moment.astimezone(tz)
    if local.replace(fold=0).astimezone(UTC) != moment:
        return moment.astimezone(UTC)
    return local


# The shift table --------------------------------------------------------------------------

SHIFT_FIELDS = (
    "person", "role", "site", "layer", "start_utc", "end_utc", "start_local", "end_local",
    "time_zone", "hours", "off_hours", "source",
)  # fmt: skip


def shift_rows(rotation: Rotation, shifts: Sequence[Shift]) -> list[dict[str, Any]]:
    rows = []
    for s in shifts:
        person = rotation.person(s.person_id)
        layer = rotation.layer(s.layer_id)
        tz = person.zone if person else rotation.zone
        rows.append(
            {
                "person": person.name if person else "",
                "role": person.role if person else "",
                "site": person.site if person else "",
                "layer": layer.name if layer else "",
                "start_utc": _iso(s.start),
                "end_utc": _iso(s.end),
                "start_local": s.start.astimezone(tz).isoformat(),
                "end_local": s.end.astimezone(tz).isoformat(),
                "time_zone": tz.key,
                "hours": round(s.hours, 4),
                "off_hours": round(off_hours(person, [(s.start, s.end)]), 4) if person else 0.0,
                "source": s.source,
            }
        )
    return rows


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shifts_csv(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, SHIFT_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def shifts_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


# Import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedShift:
    person: str
    summary: str
    start: datetime
    end: datetime


_PREFIX = re.compile(r"^\s*(on[- ]?call|pager|primary|secondary|shift)\b[^:]*:\s*", re.IGNORECASE)


def _person_of(event: Any) -> str:
    attendee = event.get("attendee")
    if attendee is not None:
        first = attendee[0] if isinstance(attendee, list) else attendee
        name = getattr(first, "params", {}).get("CN")
        if name:
            return str(name).strip()
    text = str(event.get("summary", "")).strip()
    text = _PREFIX.sub("", text)
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip() or "(unnamed)"


def _line_of(raw: str, needle: str, after: int = 0) -> int:
    for number, line in enumerate(raw.splitlines(), 1):
        if number > after and line.upper().startswith(needle):
            return number
    return 0


def _aware(value: Any, default_tz: Any) -> datetime:
    if isinstance(value, datetime):
        moment: datetime = value if value.tzinfo else value.replace(tzinfo=default_tz)
        return moment.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=default_tz).astimezone(UTC)
    raise ValueError(value)


def read_ics(
    data: bytes, name: str, range_start: datetime, range_end: datetime
) -> list[ImportedShift]:
    """Every event of the calendar between range_start and range_end, recurrences expanded."""
    from dateutil.rrule import rrulestr
    from icalendar import Calendar

    raw = data.decode("utf-8", errors="replace")
    if "BEGIN:VCALENDAR" not in raw.upper():
        raise IcsError(f"{name}: not an iCalendar file (line 1 should be BEGIN:VCALENDAR).")
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError) as exc:
        raise IcsError(f"{name}: not a valid iCalendar file: {exc}.") from exc
    default_tz = UTC
    x_tz = cal.get("x-wr-timezone")
    if x_tz:
        try:
            default_tz = zone(str(x_tz))  # type: ignore[assignment]
        except UserError:
            default_tz = UTC
    out: list[ImportedShift] = []
    seen_events = 0
    for event in cal.walk("VEVENT"):
        seen_events += 1
        label = str(event.get("summary", event.get("uid", f"event {seen_events}")))
        start_prop = event.get("dtstart")
        if start_prop is None:
            line = _line_of(raw, "BEGIN:VEVENT")
            raise IcsError(f"{name}: event {label!r} (near line {line}) has no DTSTART.")
        start = _aware(start_prop.dt, default_tz)
        if event.get("dtend") is not None:
            end = _aware(event.get("dtend").dt, default_tz)
        elif event.get("duration") is not None:
            end = start + event.get("duration").dt
        else:
            raise IcsError(f"{name}: event {label!r} has neither DTEND nor DURATION.")
        if end <= start:
            raise IcsError(f"{name}: event {label!r} ends before it starts.")
        person = _person_of(event)
        rule = event.get("rrule")
        if rule is None:
            if start < range_end and end > range_start:
                out.append(ImportedShift(person, label, start, end))
            continue
        rule_text = rule.to_ical().decode()
        if "COUNT=" not in rule_text.upper() and "UNTIL=" not in rule_text.upper():
            line = _line_of(raw, "RRULE")
            raise IcsError(
                f"{name} line {line}: the recurrence of {label!r} ({rule_text}) never ends; "
                "give it COUNT or UNTIL."
            )
        length = end - start
        local_start = start_prop.dt if isinstance(start_prop.dt, datetime) else start
        try:
            recurrence = rrulestr(rule_text, dtstart=local_start)
        except (ValueError, TypeError) as exc:
            line = _line_of(raw, "RRULE")
            raise IcsError(
                f"{name} line {line}: recurrence {rule_text!r} is not valid: {exc}."
            ) from exc
        limit = range_start - length
        stop = min(range_end, start + timedelta(days=MAX_RANGE_DAYS))
        for occurrence in recurrence:
            o_start = _aware(occurrence, default_tz)
            if o_start >= stop:
                break
            if o_start > limit:
                out.append(ImportedShift(person, label, o_start, o_start + length))
    if seen_events == 0:
        raise IcsError(f"{name}: the calendar holds no events (VEVENT).")
    out.sort(key=lambda s: (s.start, s.person))
    return out


def imported_fairness(
    rotation: Rotation | None, shifts: Sequence[ImportedShift], start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Hours, shifts and off-hours per person of an imported schedule (people matched by name
    to the rotation for their zone and working hours; others count 09:00-17:00 UTC)."""
    from sreplan.oncall.model import merge, total_hours

    known = {p.name.casefold(): p for p in rotation.people} if rotation else {}
    names = sorted({s.person for s in shifts}, key=str.casefold)
    range_hours = (end - start).total_seconds() / 3600
    rows = []
    for name in names:
        spans = merge(
            (max(s.start, start), min(s.end, end))
            for s in shifts
            if s.person == name and s.start < end and s.end > start
        )
        person = known.get(name.casefold()) or Person("", name)
        hours = total_hours(spans)
        rows.append(
            {
                "person": name,
                "hours": round(hours, 2),
                "shifts": sum(1 for s in shifts if s.person == name),
                "off_hours": round(off_hours(person, spans), 2),
                "share": round(100 * hours / range_hours, 2) if range_hours else 0.0,
            }
        )
    return rows


def schedule_shifts(schedule: Schedule, person_id: str | None = None) -> list[Shift]:
    return [s for s in schedule.shifts if person_id is None or s.person_id == person_id]
