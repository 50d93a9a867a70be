"""On-call rotations as data, and the shifts they produce: pure functions, no storage.

Times are aware ``datetime`` objects in UTC everywhere outside this module's
local-time helpers. A rotation has one IANA time zone: layer handoffs, layer
restrictions and follow-the-sun windows are wall-clock times in that zone,
converted with :mod:`zoneinfo`, so a weekly shift across a daylight-saving
change lasts its true 167 or 169 hours. A handoff at a wall time that does not
exist that day (02:30 on a spring-forward day) moves to the next valid time
(03:00) and is reported as a :class:`MovedHandoff`.

Expanding a rotation over a range:

1. each layer's handoff instants (every N hours, or every N days/weeks at the
   handoff wall time) cut time into shifts, dealt to the layer's people in order;
2. with follow-the-sun, each site rotates its own people and holds the layer
   only inside its daily window (from its start time to the next site's);
3. a restriction (working hours, weekends) keeps only those parts of each shift;
4. overrides hand parts of shifts to the person covering;
5. before the rotation's ``frozen_until`` the shifts are the frozen ones, as worked.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sreplan.kernel.errors import UserError

ROLES = ("sre", "product")
ROLE_LABELS = {"sre": "SRE", "product": "Product engineering"}
UNITS = ("hours", "days", "weeks")
RESTRICTIONS = ("none", "working_hours", "weekends")
RESTRICTION_LABELS = {
    "none": "Around the clock",
    "working_hours": "Working hours only",
    "weekends": "Weekends only",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Longest shift accepted: a rotation longer than a quarter is not a rotation.
MAX_SHIFT_HOURS = 12 * 7 * 24
# Longest range expanded at once; longer ranges are capped and the caller says so.
MAX_RANGE_DAYS = 2 * 366
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
UNIT_HOURS = {"hours": 1, "days": 24, "weeks": 168}


class RotationError(UserError):
    """A rotation that cannot be expanded, naming the field at fault."""


# The rotation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str = "sre"  # ROLES
    site: str = ""
    time_zone: str = "UTC"
    work_start: str = "09:00"
    work_end: str = "17:00"
    work_days: str = "12345"  # ISO weekdays, 1 = Monday
    country: str = ""  # ISO 3166 code for public holidays; "" = none
    stakeholder_id: str | None = None
    position: int = 0

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.time_zone)

    def working_days(self) -> frozenset[int]:
        return frozenset(int(c) for c in self.work_days if c.isdigit() and "1" <= c <= "7")


@dataclass(frozen=True)
class SunSite:
    """A follow-the-sun window: ``site`` holds the layer from ``starts_at`` (rotation time)
    until the next site's start."""

    site: str
    starts_at: str  # "HH:MM"


@dataclass(frozen=True)
class Layer:
    id: str
    name: str
    members: tuple[str, ...]  # person ids, in rotation order
    shift_count: int = 1
    shift_unit: str = "weeks"  # UNITS
    handoff_weekday: int = 0  # 0 = Monday (weekly shifts)
    handoff_time: str = "10:00"
    starts_on: date = date(2026, 1, 5)
    restriction: str = "none"  # RESTRICTIONS
    restriction_start: str = "09:00"
    restriction_end: str = "17:00"
    follow_the_sun: bool = False
    sun_sites: tuple[SunSite, ...] = ()
    position: int = 0

    @property
    def shift_hours(self) -> int:
        return self.shift_count * UNIT_HOURS.get(self.shift_unit, 0)


@dataclass(frozen=True)
class Override:
    id: str
    layer_id: str
    person_id: str  # who covers
    start: datetime
    end: datetime
    covered_id: str | None = None  # whose shifts; None = whoever is on
    reason: str = ""


@dataclass(frozen=True)
class Shift:
    layer_id: str
    person_id: str
    start: datetime
    end: datetime
    source: str = "rotation"  # "rotation", "override", "frozen", "imported"

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class Rotation:
    id: str
    name: str = "On-call rotation"
    time_zone: str = "UTC"
    people: tuple[Person, ...] = ()
    layers: tuple[Layer, ...] = ()
    overrides: tuple[Override, ...] = ()
    frozen: tuple[Shift, ...] = ()
    frozen_until: datetime | None = None
    incidents_per_week: float | None = None
    product_share_target: float | None = None  # percent
    changed_at: datetime | None = None

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.time_zone)

    @cached_property
    def _people_by_id(self) -> dict[str, Person]:
        return _index(self.people)

    def person(self, person_id: str) -> Person | None:
        return self._people_by_id.get(person_id)

    def layer(self, layer_id: str) -> Layer | None:
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        return None


def days_label(work_days: str) -> str:
    """'12345' → 'Mon–Fri'; '1246' → 'Mon, Tue, Thu, Sat'."""
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    days = sorted({int(c) for c in work_days if c.isdigit() and "1" <= c <= "7"})
    if not days:
        return "none"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0] - 1]}–{names[days[-1] - 1]}"
    return ", ".join(names[d - 1] for d in days)


def _index(people: Sequence[Person]) -> dict[str, Person]:
    return {p.id: p for p in people}


@dataclass(frozen=True)
class MovedHandoff:
    """A handoff whose wall time does not exist that day, moved to the next valid time."""

    layer_id: str
    wanted: datetime  # naive wall time that does not exist
    actual: datetime  # UTC


@dataclass(frozen=True)
class Schedule:
    """The shifts of a range, in start order, with what was moved on the way."""

    start: datetime
    end: datetime
    shifts: tuple[Shift, ...]
    moved: tuple[MovedHandoff, ...] = ()
    capped: bool = False
    coverage: dict[str, tuple[tuple[datetime, datetime], ...]] = field(default_factory=dict)


# Validation -----------------------------------------------------------------------------


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; a clear error when it is not one."""
    text = (name or "").strip()
    if not text or text.startswith(("/", ".")) or ".." in text:
        raise RotationError(f"Time zone {name!r} is not an IANA time zone (e.g. Europe/Berlin).")
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise RotationError(
            f"Time zone {name!r} is not an IANA time zone (e.g. Europe/Berlin)."
        ) from exc


def zone_names() -> list[str]:
    return sorted(n for n in available_timezones() if "/" in n and not n.startswith("Etc/"))


def parse_hhmm(text: str, what: str) -> time:
    match = _HHMM.match((text or "").strip())
    if not match:
        raise RotationError(f"{what} {text!r} is not a time of day as HH:MM (e.g. 09:00).")
    return time(int(match.group(1)), int(match.group(2)))


def validate_person(person: Person) -> None:
    where = f"Person {person.name or '(unnamed)'!r}"
    if not person.name.strip():
        raise RotationError("A person on the rotation needs a name.")
    if person.role not in ROLES:
        raise RotationError(f"{where}: role {person.role!r} is not SRE or product engineering.")
    try:
        zone(person.time_zone)
    except RotationError as exc:
        raise RotationError(f"{where}: {exc}") from exc
    parse_hhmm(person.work_start, f"{where}: working hours start")
    parse_hhmm(person.work_end, f"{where}: working hours end")
    if not person.working_days():
        raise RotationError(f"{where}: working days must name at least one day (1 = Monday).")


def validate_layer(layer: Layer, people: Sequence[Person] = ()) -> None:
    where = f"Layer {layer.name or '(unnamed)'!r}"
    if layer.shift_unit not in UNITS:
        raise RotationError(
            f"{where}: shift unit {layer.shift_unit!r} is not hours, days or weeks."
        )
    if layer.shift_count < 1:
        raise RotationError(f"{where}: shift length must be at least 1 {layer.shift_unit}.")
    if layer.shift_hours > MAX_SHIFT_HOURS:
        raise RotationError(
            f"{where}: shift length {layer.shift_count} {layer.shift_unit} is longer than "
            f"the longest supported ({MAX_SHIFT_HOURS // 168} weeks)."
        )
    if not 0 <= layer.handoff_weekday <= 6:
        raise RotationError(f"{where}: handoff weekday must be 0 (Monday) to 6 (Sunday).")
    parse_hhmm(layer.handoff_time, f"{where}: handoff time")
    if layer.restriction not in RESTRICTIONS:
        raise RotationError(f"{where}: restriction {layer.restriction!r} is not known.")
    if layer.restriction == "working_hours":
        a = parse_hhmm(layer.restriction_start, f"{where}: restriction start")
        b = parse_hhmm(layer.restriction_end, f"{where}: restriction end")
        if a == b:
            raise RotationError(f"{where}: the working-hours restriction is empty.")
    if not layer.members:
        raise RotationError(f"{where} has nobody on it: add at least one person.")
    known = _index(people) if people else None
    if known is not None:
        for pid in layer.members:
            if pid not in known:
                raise RotationError(f"{where}: a member is not on the rotation any more.")
    if layer.follow_the_sun:
        if len(layer.sun_sites) < 2:
            raise RotationError(
                f"{where}: follow-the-sun needs at least two sites with a start time."
            )
        starts = [
            parse_hhmm(s.starts_at, f"{where}: site {s.site!r} start") for s in layer.sun_sites
        ]
        if len(set(starts)) != len(starts):
            raise RotationError(f"{where}: two follow-the-sun sites start at the same time.")
        names = [s.site for s in layer.sun_sites]
        if len(set(names)) != len(names):
            raise RotationError(f"{where}: a follow-the-sun site is listed twice.")
        if known is not None:
            for site in layer.sun_sites:
                if not [p for p in layer.members if known[p].site == site.site]:
                    raise RotationError(
                        f"{where}: follow-the-sun site {site.site!r} has nobody on the layer."
                    )
            for pid in layer.members:
                if known[pid].site not in names:
                    raise RotationError(
                        f"{where}: {known[pid].name!r} is at site {known[pid].site!r}, "
                        "which has no follow-the-sun window."
                    )


def validate_overrides(overrides: Sequence[Override], rotation: Rotation | None = None) -> None:
    by_layer: dict[str, list[Override]] = {}
    for o in overrides:
        if o.end <= o.start:
            raise RotationError(
                f"Override from {_fmt(o.start)} to {_fmt(o.end)}: the end must be after the start."
            )
        if rotation is not None:
            if rotation.layer(o.layer_id) is None:
                raise RotationError("An override names a layer that is not on the rotation.")
            if rotation.person(o.person_id) is None:
                raise RotationError("An override names a person who is not on the rotation.")
        by_layer.setdefault(o.layer_id, []).append(o)
    for items in by_layer.values():
        items.sort(key=lambda o: o.start)
        for a, b in itertools.pairwise(items):
            if b.start < a.end:
                raise RotationError(
                    f"Overrides overlap: {_fmt(a.start)}–{_fmt(a.end)} and "
                    f"{_fmt(b.start)}–{_fmt(b.end)} on the same layer."
                )


def validate(rotation: Rotation) -> None:
    zone(rotation.time_zone)
    ids = set()
    for person in rotation.people:
        validate_person(person)
        ids.add(person.id)
    for layer in rotation.layers:
        validate_layer(layer, rotation.people)
    validate_overrides(rotation.overrides, rotation)
    if rotation.incidents_per_week is not None and rotation.incidents_per_week < 0:
        raise RotationError("Expected incidents per week cannot be negative.")
    target = rotation.product_share_target
    if target is not None and not 0 <= target <= 100:
        raise RotationError("The product engineers' share must be between 0 and 100 %.")


def _fmt(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# Local wall times -----------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def to_utc(wall: datetime, tz: ZoneInfo) -> tuple[datetime, bool]:
    """``wall`` (naive, in ``tz``) as UTC; a wall time in a spring-forward gap moves to the
    first valid instant after it. Returns (instant, moved). Ambiguous times take the first."""
    first = wall.replace(tzinfo=tz, fold=0)
    utc = first.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) == wall:
        return utc, False
    # In a gap: fold=1 reads the wall time with the offset after the change, fold=0 before.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = utc
    if low > high:
        low, high = high, low
    offset_low = low.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        mid = low + (high - low) / 2
        mid = mid.replace(microsecond=0)
        if mid.astimezone(tz).utcoffset() == offset_low:
            low = mid
        else:
            high = mid
    return high, True


def _local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def _daily(
    start: datetime, end: datetime, tz: ZoneInfo, at: time, pad_days: int = 1
) -> Iterator[tuple[date, datetime, bool]]:
    """Every day's ``at`` wall time in ``tz`` between start and end (padded by a day)."""
    day = _local_day(start, tz) - timedelta(days=pad_days)
    last = _local_day(end, tz) + timedelta(days=pad_days)
    while day <= last:
        instant, moved = to_utc(datetime.combine(day, at), tz)
        yield day, instant, moved
        day += timedelta(days=1)


# Interval algebra on sorted, disjoint (start, end) pairs ------------------------------------

Span = tuple[datetime, datetime]


def merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def clip(span: Span, spans: Sequence[Span]) -> list[Span]:
    """``span`` cut to the sorted, disjoint ``spans`` (binary search: fast for long lists)."""
    lo, hi = span
    i = bisect_right(spans, (lo, lo))
    if i > 0 and spans[i - 1][1] > lo:
        i -= 1
    out = []
    while i < len(spans) and spans[i][0] < hi:
        a, b = max(lo, spans[i][0]), min(hi, spans[i][1])
        if a < b:
            out.append((a, b))
        i += 1
    return out


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    j = 0
    for lo, hi in a:
        cur = lo
        while j < len(b) and b[j][1] <= cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] < hi:
            if b[k][0] > cur:
                out.append((cur, b[k][0]))
            cur = max(cur, b[k][1])
            k += 1
        if cur < hi:
            out.append((cur, hi))
    return out


def total_hours(spans: Iterable[Span]) -> float:
    return sum((b - a).total_seconds() for a, b in spans) / 3600


# Expansion ------------------------------------------------------------------------------


def cap_range(start: datetime, end: datetime) -> tuple[datetime, datetime, bool]:
    """The range itself, or its first MAX_RANGE_DAYS days (and True) when longer."""
    if end <= start:
        raise RotationError(
            f"The date range {_fmt(start)} to {_fmt(end)} is empty: "
            "the end must be after the start."
        )
    limit = start + timedelta(days=MAX_RANGE_DAYS)
    if end > limit:
        return start, limit, True
    return start, end, False


def handoffs(
    layer: Layer, tz: ZoneInfo, start: datetime, end: datetime
) -> tuple[list[tuple[int, datetime]], list[MovedHandoff]]:
    """(shift index, UTC instant) of every handoff from the one at or before ``start``
    through the first at or after ``end``; index 0 is the layer's first shift."""
    at = parse_hhmm(layer.handoff_time, f"Layer {layer.name!r}: handoff time")
    first_day = layer.starts_on
    if layer.shift_unit == "weeks":
        first_day += timedelta(days=(layer.handoff_weekday - first_day.weekday()) % 7)
    anchor, anchor_moved = to_utc(datetime.combine(first_day, at), tz)
    moved: list[MovedHandoff] = []
    out: list[tuple[int, datetime]] = []
    if layer.shift_unit == "hours":
        step = timedelta(hours=layer.shift_count)
        k = max(0, int((start - anchor) / step) - 1) if start > anchor else 0
        while True:
            instant = anchor + k * step
            out.append((k, instant))
            if instant >= end:
                break
            k += 1
        if anchor_moved and out[0][0] == 0:
            moved.append(MovedHandoff(layer.id, datetime.combine(first_day, at), anchor))
        return _trim(out, start), moved
    days = layer.shift_count * (7 if layer.shift_unit == "weeks" else 1)
    approx = (start - anchor).total_seconds() / 86400 / days
    k = max(0, int(approx) - 1)
    while True:
        wall = datetime.combine(first_day + timedelta(days=k * days), at)
        instant, was_moved = to_utc(wall, tz)
        if was_moved:
            moved.append(MovedHandoff(layer.id, wall, instant))
        out.append((k, instant))
        if instant >= end:
            break
        k += 1
    return _trim(out, start), [m for m in moved if start <= m.actual < end]


def _trim(out: list[tuple[int, datetime]], start: datetime) -> list[tuple[int, datetime]]:
    """Drop handoffs before the last one at or before ``start``."""
    keep = 0
    for i, (_, instant) in enumerate(out):
        if instant <= start:
            keep = i
    return out[keep:]


def _windows(layer: Layer, tz: ZoneInfo, start: datetime, end: datetime) -> list[Span] | None:
    """The layer's restriction as spans (None: around the clock)."""
    if layer.restriction == "working_hours":
        a = parse_hhmm(layer.restriction_start, "restriction start")
        b = parse_hhmm(layer.restriction_end, "restriction end")
        spans = []
        for day, lo, _ in _daily(start, end, tz, a):
            if day.weekday() >= 5:
                continue
            end_day = day if b > a else day + timedelta(days=1)
            hi, _ = to_utc(datetime.combine(end_day, b), tz)
            spans.append((lo, hi))
        return merge(spans)
    if layer.restriction == "weekends":
        spans = []
        for day, lo, _ in _daily(start, end, tz, time(0, 0), pad_days=7):
            if day.weekday() == 5:
                hi, _ = to_utc(datetime.combine(day + timedelta(days=2), time(0, 0)), tz)
                spans.append((lo, hi))
        return merge(spans)
    return None


def _sun_windows(
    layer: Layer, tz: ZoneInfo, start: datetime, end: datetime
) -> tuple[dict[str, list[Span]], list[MovedHandoff]]:
    """Each follow-the-sun site's daily windows between start and end."""
    sites = sorted(layer.sun_sites, key=lambda s: parse_hhmm(s.starts_at, "site start"))
    cuts: list[tuple[datetime, str]] = []
    moved: list[MovedHandoff] = []
    for sun in sites:
        at = parse_hhmm(sun.starts_at, f"site {sun.site!r} start")
        for day, instant, was_moved in _daily(start, end, tz, at):
            cuts.append((instant, sun.site))
            if was_moved and start <= instant < end:
                moved.append(MovedHandoff(layer.id, datetime.combine(day, at), instant))
    cuts.sort()
    windows: dict[str, list[Span]] = {s.site: [] for s in sites}
    for (a, site), (b, _) in itertools.pairwise(cuts):
        if a < b:
            windows[site].append((a, b))
    return {name: clip((start, end), merge(spans)) for name, spans in windows.items()}, moved


def _deal(
    layer: Layer,
    members: Sequence[str],
    cuts: Sequence[tuple[int, datetime]],
    start: datetime,
    end: datetime,
) -> list[Shift]:
    shifts = []
    for (k, a), (_, b) in itertools.pairwise(cuts):
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            shifts.append(Shift(layer.id, members[k % len(members)], lo, hi))
    return shifts


def layer_shifts(
    layer: Layer, rotation: Rotation, start: datetime, end: datetime
) -> tuple[list[Shift], list[MovedHandoff], list[Span]]:
    """The layer's generated shifts in [start, end), moved handoffs, and the spans it
    is meant to cover (its restriction, from its first handoff on)."""
    tz = rotation.zone
    people = _index(rotation.people)
    cuts, moved = handoffs(layer, tz, start, end)
    first = to_utc(
        datetime.combine(
            layer.starts_on
            + (
                timedelta(days=(layer.handoff_weekday - layer.starts_on.weekday()) % 7)
                if layer.shift_unit == "weeks"
                else timedelta()
            ),
            parse_hhmm(layer.handoff_time, "handoff time"),
        ),
        tz,
    )[0]
    lo = max(start, first)
    if lo >= end:
        return [], moved, []
    shifts: list[Shift] = []
    if layer.follow_the_sun:
        windows, sun_moved = _sun_windows(layer, tz, lo, end)
        moved += sun_moved
        for site, spans in windows.items():
            members = [p for p in layer.members if people[p].site == site]
            for shift in _deal(layer, members, cuts, lo, end):
                for a, b in clip((shift.start, shift.end), spans):
                    shifts.append(Shift(layer.id, shift.person_id, a, b))
    else:
        shifts = _deal(layer, layer.members, cuts, lo, end)
    intended: list[Span] = [(lo, end)]
    restriction = _windows(layer, tz, lo, end)
    if restriction is not None:
        intended = intersect([(lo, end)], restriction)
        kept = []
        for shift in shifts:
            for a, b in clip((shift.start, shift.end), restriction):
                kept.append(Shift(layer.id, shift.person_id, a, b))
        shifts = kept
    shifts.sort(key=lambda s: s.start)
    return shifts, moved, intended


def apply_overrides(shifts: Sequence[Shift], overrides: Sequence[Override]) -> list[Shift]:
    """Hand the parts of shifts inside each override to the person covering."""
    out = list(shifts)
    for o in sorted(overrides, key=lambda o: o.start):
        result: list[Shift] = []
        for s in out:
            covered = (
                s.layer_id == o.layer_id
                and s.start < o.end
                and o.start < s.end
                and (o.covered_id is None or s.person_id == o.covered_id)
                and s.source != "frozen"
            )
            if not covered:
                result.append(s)
                continue
            if s.start < o.start:
                result.append(replace(s, end=o.start))
            result.append(
                replace(
                    s,
                    person_id=o.person_id,
                    start=max(s.start, o.start),
                    end=min(s.end, o.end),
                    source="override",
                )
            )
            if o.end < s.end:
                result.append(replace(s, start=o.end))
        out = result
    return out


def expand(rotation: Rotation, start: datetime, end: datetime) -> Schedule:
    """Every shift of the rotation in [start, end) (capped to MAX_RANGE_DAYS)."""
    start, end, capped = cap_range(start, end)
    frozen_until = rotation.frozen_until
    shifts: list[Shift] = []
    moved: list[MovedHandoff] = []
    coverage: dict[str, tuple[Span, ...]] = {}
    live_start = start if frozen_until is None else max(start, frozen_until)
    if frozen_until is not None and start < frozen_until:
        for s in rotation.frozen:
            lo, hi = max(s.start, start), min(s.end, end, frozen_until)
            if lo < hi:
                shifts.append(replace(s, start=lo, end=hi, source="frozen"))
    for layer in rotation.layers:
        intended: list[Span] = []
        if frozen_until is not None and start < frozen_until:
            # What the layer was meant to cover then, as the rotation stands: a hole in
            # the worked shifts (or imported ones) shows as a gap.
            _, _, past = layer_shifts(layer, rotation, start, min(end, frozen_until))
            intended.extend(past)
        if live_start < end:
            generated, layer_moved, live_intended = layer_shifts(layer, rotation, live_start, end)
            shifts.extend(generated)
            moved.extend(layer_moved)
            intended.extend(live_intended)
        coverage[layer.id] = tuple(merge(intended))
    if live_start < end:
        live_overrides = [o for o in rotation.overrides if o.end > live_start]
        clipped = [replace(o, start=max(o.start, live_start)) for o in live_overrides]
        shifts = apply_overrides(shifts, clipped)
    if frozen_until is not None and start < frozen_until < end:
        shifts = _join_at(shifts, frozen_until)
    order = {layer.id: i for i, layer in enumerate(rotation.layers)}
    shifts.sort(key=lambda s: (s.start, order.get(s.layer_id, 99), s.person_id))
    return Schedule(start, end, tuple(shifts), tuple(moved), capped, coverage)


def _join_at(shifts: list[Shift], moment: datetime) -> list[Shift]:
    """Join a frozen shift ending at ``moment`` with the same person's live shift on the same
    layer starting there: one shift, cut only by the bookkeeping of an edit."""
    ending = {(s.layer_id, s.person_id): s for s in shifts if s.end == moment}
    out = []
    joined = set()
    for s in shifts:
        key = (s.layer_id, s.person_id)
        if s.start == moment and key in ending and key not in joined:
            before = ending[key]
            joined.add(key)
            out.append(Shift(s.layer_id, s.person_id, before.start, s.end, s.source))
        else:
            out.append(s)
    return [s for s in out if not (s.end == moment and (s.layer_id, s.person_id) in joined)]


def freeze(rotation: Rotation, now: datetime) -> tuple[list[Shift], datetime]:
    """The shifts worked since the rotation was last frozen, up to ``now``: what an edit
    made at ``now`` must keep as they were. Returns (new frozen shifts, new frozen_until)."""
    since = rotation.frozen_until
    if since is not None and since >= now:
        return [], since
    if not rotation.layers:
        return [], now
    starts = [
        to_utc(datetime.combine(layer.starts_on, time(0, 0)), rotation.zone)[0]
        for layer in rotation.layers
    ]
    origin = since or min(starts)
    if origin >= now:
        return [], now
    added: list[Shift] = []
    cursor = origin
    while cursor < now:  # long gaps since the last edit: expand in capped steps
        stop = min(now, cursor + timedelta(days=MAX_RANGE_DAYS))
        thawed = replace(rotation, frozen_until=None, frozen=())
        for s in expand(thawed, cursor, stop).shifts:
            added.append(replace(s, source="frozen"))
        cursor = stop
    return added, now
