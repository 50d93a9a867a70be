"""Checks before go-live and fairness figures: pure functions of a rotation's shifts.

The limits are the Google SRE book's ("Being On-Call", Site Reliability
Engineering, O'Reilly 2016, chapter 11); each check names its source so the UI
and the report can show it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sreplan.oncall.model import (
    Person,
    Rotation,
    Schedule,
    Shift,
    Span,
    clip,
    intersect,
    merge,
    parse_hhmm,
    subtract,
    to_utc,
    total_hours,
    zone,
)

# Site Reliability Engineering (O'Reilly, 2016), chapter 11.
SRE_BOOK = 'Google SRE book, "Being On-Call"'
ENGAGEMENT = "The engagement's agreed share"
MIN_PEOPLE_SINGLE_SITE = 8
MIN_PEOPLE_PER_SITE = 6
MAX_ON_CALL_SHARE = 25.0  # percent of time
MAX_INCIDENTS_PER_SHIFT = 2.0  # per 12-hour shift
DEFAULT_RANGE_WEEKS = 12

PASS, FAIL, INFO = "pass", "fail", "info"


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    status: str  # PASS, FAIL or INFO
    detail: str
    source: str
    findings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.status == FAIL


@dataclass(frozen=True)
class FairnessRow:
    person_id: str
    name: str
    role: str
    site: str
    hours: float
    shifts: int
    off_hours: float
    holiday_hours: float
    share: float  # percent of the range on call


@dataclass(frozen=True)
class Fairness:
    rows: tuple[FairnessRow, ...]
    spread: float | None  # max/min hours among people on the rotation; None if someone has 0

    def row(self, person_id: str) -> FairnessRow | None:
        for row in self.rows:
            if row.person_id == person_id:
                return row
        return None


# Fairness -------------------------------------------------------------------------------


def person_spans(shifts: Sequence[Shift], person_id: str) -> list[Span]:
    return merge((s.start, s.end) for s in shifts if s.person_id == person_id)


def _working_spans(person: Person, start: datetime, end: datetime) -> list[Span]:
    """The person's working hours between start and end, in their own time zone."""
    return _working_spans_for(
        person.time_zone, person.work_start, person.work_end, person.work_days, start, end
    )


@lru_cache(maxsize=256)
def _working_spans_for(
    time_zone: str, work_start: str, work_end: str, work_days: str, start: datetime, end: datetime
) -> list[Span]:
    """Shared by everyone with the same zone and hours (most of a site)."""
    tz = zone(time_zone)
    a = parse_hhmm(work_start, "working hours start")
    b = parse_hhmm(work_end, "working hours end")
    days = frozenset(int(c) for c in work_days if c.isdigit() and "1" <= c <= "7")
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date() + timedelta(days=1)
    spans = []
    while day <= last:
        if day.isoweekday() in days:
            lo, _ = to_utc(datetime.combine(day, a), tz)
            end_day = day if b > a else day + timedelta(days=1)
            hi, _ = to_utc(datetime.combine(end_day, b), tz)
            spans.append((lo, hi))
        day += timedelta(days=1)
    return merge(spans)


@lru_cache(maxsize=64)
def _holiday_dates(country: str, years: tuple[int, ...]) -> frozenset[date]:
    if not country:
        return frozenset()
    import holidays

    try:
        found = holidays.country_holidays(country.upper(), years=years)
    except (NotImplementedError, KeyError):
        return frozenset()
    return frozenset(found.keys())


def holiday_name(country: str, day: date) -> str | None:
    if not country:
        return None
    import holidays

    try:
        found = holidays.country_holidays(country.upper(), years=[day.year])
    except (NotImplementedError, KeyError):
        return None
    return found.get(day)


def known_country(country: str) -> bool:
    import holidays

    return country.upper() in holidays.list_supported_countries()


def _holiday_spans(person: Person, start: datetime, end: datetime) -> list[Span]:
    tz: ZoneInfo = person.zone
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    dates = _holiday_dates(person.country, tuple(range(first.year, last.year + 1)))
    spans = []
    for day in sorted(d for d in dates if first <= d <= last):
        lo, _ = to_utc(datetime.combine(day, time(0, 0)), tz)
        hi, _ = to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)), tz)
        spans.append((lo, hi))
    return spans


def off_hours(
    person: Person,
    spans: Sequence[Span],
    within: tuple[datetime, datetime] | None = None,
) -> float:
    """Hours of ``spans`` outside the person's working hours (nights, weekends); ``within``
    (a range holding every span) lets people with the same hours share one computation."""
    if not spans:
        return 0.0
    first, last = within or (spans[0][0], spans[-1][1])
    working = _working_spans(person, first, last)
    return total_hours(subtract(spans, working))


def fairness(rotation: Rotation, schedule: Schedule) -> Fairness:
    """Hours, shifts, off-hours and holiday hours per person over the schedule's range."""
    range_hours = (schedule.end - schedule.start).total_seconds() / 3600
    by_person: dict[str, list[Span]] = {}
    for s in schedule.shifts:
        by_person.setdefault(s.person_id, []).append((s.start, s.end))
    rows = []
    for person in rotation.people:
        held = by_person.get(person.id, [])
        spans = merge(held)
        hours = total_hours(spans)
        days_off = _holiday_spans(person, schedule.start, schedule.end)
        holiday = total_hours(intersect(spans, days_off)) if days_off else 0.0
        rows.append(
            FairnessRow(
                person.id,
                person.name,
                person.role,
                person.site,
                hours,
                len(held),
                off_hours(person, spans, (schedule.start, schedule.end)),
                holiday,
                100 * hours / range_hours if range_hours else 0.0,
            )
        )
    on_rotation = {pid for layer in rotation.layers for pid in layer.members}
    on_rotation |= {s.person_id for s in schedule.shifts}
    totals = [r.hours for r in rows if r.person_id in on_rotation]
    spread = max(totals) / min(totals) if totals and min(totals) > 0 else None
    return Fairness(tuple(rows), spread)


# Checks ---------------------------------------------------------------------------------


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %Z")


def gaps(rotation: Rotation, schedule: Schedule) -> list[tuple[str, datetime, datetime]]:
    """(layer id, start, end) of every time a layer is meant to cover and nobody does."""
    out = []
    for layer in rotation.layers:
        covered = merge((s.start, s.end) for s in schedule.shifts if s.layer_id == layer.id)
        for a, b in subtract(list(schedule.coverage.get(layer.id, ())), covered):
            out.append((layer.id, a, b))
    return sorted(out, key=lambda g: (g[1], g[2], g[0]))


def double_bookings(schedule: Schedule) -> list[tuple[str, datetime, datetime]]:
    """(person id, start, end) wherever one person holds two shifts at once."""
    out = []
    by_person: dict[str, list[Shift]] = {}
    for s in schedule.shifts:
        by_person.setdefault(s.person_id, []).append(s)
    for pid, items in by_person.items():
        items.sort(key=lambda s: s.start)
        reach = items[0].end if items else None
        for prev, cur in itertools.pairwise(items):
            assert reach is not None
            reach = max(reach, prev.end)
            if cur.start < reach:
                out.append((pid, cur.start, min(reach, cur.end)))
    return sorted(out, key=lambda d: (d[1], d[2], d[0]))


def rotation_handoffs(rotation: Rotation, schedule: Schedule) -> list[Shift]:
    """Shifts where the pager passes to someone new on the layer (per site with
    follow-the-sun): the same person's next daily window is not a handoff."""
    sites = {p.id: p.site for p in rotation.people}
    layers = {layer.id: layer for layer in rotation.layers}
    last: dict[tuple[str, str], str] = {}
    out = []
    for s in schedule.shifts:
        layer = layers.get(s.layer_id)
        group = sites.get(s.person_id, "") if layer is not None and layer.follow_the_sun else ""
        key = (s.layer_id, group)
        previous = last.get(key)
        last[key] = s.person_id
        if s.start <= schedule.start or previous == s.person_id:
            continue
        out.append(s)
    return out


def handoffs_outside_hours(rotation: Rotation, schedule: Schedule) -> list[tuple[Shift, str]]:
    """Handoffs where the incoming person picks up the pager outside their working hours."""
    out = []
    for s in rotation_handoffs(rotation, schedule):
        person = rotation.person(s.person_id)
        if person is None:
            continue
        working = _working_spans(person, schedule.start, schedule.end)
        if not clip((s.start, s.start + timedelta(seconds=1)), working):
            out.append((s, _local(s.start, person.zone)))
    return out


def _hours_label(hours: float) -> str:
    return f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f} h"


def checks(
    rotation: Rotation,
    schedule: Schedule,
    fair: Fairness | None = None,
    incidents_per_week: float | None = None,
    incidents_source: str = "",
) -> list[Check]:
    """Every check before go-live, in the order the issue lists them."""
    fair = fair or fairness(rotation, schedule)
    names = {p.id: p.name for p in rotation.people}
    layer_names = {layer.id: layer.name for layer in rotation.layers}
    tz = rotation.zone
    out: list[Check] = []

    # Team size.
    on_call = [p for p in rotation.people if any(p.id in x.members for x in rotation.layers)]
    sites: dict[str, int] = {}
    for p in on_call:
        sites[p.site or "(no site)"] = sites.get(p.site or "(no site)", 0) + 1
    if len(sites) <= 1:
        ok = len(on_call) >= MIN_PEOPLE_SINGLE_SITE
        detail = (
            f"{len(on_call)} people on a single-site rotation; "
            f"at least {MIN_PEOPLE_SINGLE_SITE} are needed."
        )
        findings: tuple[str, ...] = ()
    else:
        short = {s: n for s, n in sites.items() if n < MIN_PEOPLE_PER_SITE}
        ok = not short
        listing = ", ".join(f"{s}: {n}" for s, n in sorted(sites.items()))
        detail = (
            f"{len(sites)} sites ({listing}); at least {MIN_PEOPLE_PER_SITE} per site are needed."
        )
        findings = tuple(
            f"{s} has {n} people, {MIN_PEOPLE_PER_SITE - n} short" for s, n in sorted(short.items())
        )
    out.append(Check("team_size", "Team size", PASS if ok else FAIL, detail, SRE_BOOK, findings))

    # Share of time on call.
    over = [r for r in fair.rows if r.share > MAX_ON_CALL_SHARE + 1e-9]
    worst = max((r.share for r in fair.rows), default=0.0)
    out.append(
        Check(
            "time_share",
            "Time on call per person",
            FAIL if over else PASS,
            f"Highest share {worst:.1f} % of the time; the limit is {MAX_ON_CALL_SHARE:.0f} %.",
            SRE_BOOK,
            tuple(f"{r.name}: {r.share:.1f} %" for r in over),
        )
    )

    # Expected incidents per 12-hour shift.
    rate = incidents_per_week if incidents_per_week is not None else rotation.incidents_per_week
    if rate is None:
        out.append(
            Check(
                "incidents",
                "Incidents per 12-hour shift",
                INFO,
                "No incident rate entered: enter the expected incidents per week to check "
                f"against the limit of {MAX_INCIDENTS_PER_SHIFT:.0f} per 12-hour shift.",
                SRE_BOOK,
            )
        )
    else:
        per_shift = rate / 14  # a week holds fourteen 12-hour shifts
        source = incidents_source or "the rate entered"
        out.append(
            Check(
                "incidents",
                "Incidents per 12-hour shift",
                FAIL if per_shift > MAX_INCIDENTS_PER_SHIFT else PASS,
                f"{rate:g} incidents a week ({source}) is {per_shift:.2f} per 12-hour shift; "
                f"the limit is {MAX_INCIDENTS_PER_SHIFT:.0f}.",
                SRE_BOOK,
            )
        )

    # Gaps and double bookings.
    found_gaps = gaps(rotation, schedule)
    out.append(
        Check(
            "gaps",
            "Gaps in coverage",
            FAIL if found_gaps else PASS,
            f"{len(found_gaps)} time(s) when a layer has nobody."
            if found_gaps
            else "Every layer is covered whenever it is meant to be.",
            "Rotation design",
            tuple(
                f"{layer_names.get(lid, '?')}: {_local(a, tz)} to {_local(b, tz)}"
                for lid, a, b in found_gaps[:50]
            ),
        )
    )
    doubles = double_bookings(schedule)
    out.append(
        Check(
            "double_bookings",
            "Double bookings",
            FAIL if doubles else PASS,
            f"{len(doubles)} time(s) when one person holds two shifts at once."
            if doubles
            else "Nobody holds two shifts at once.",
            "Rotation design",
            tuple(
                f"{names.get(pid, '?')}: {_local(a, tz)} to {_local(b, tz)}"
                for pid, a, b in doubles[:50]
            ),
        )
    )

    # Handoffs outside working hours, and handoffs moved by a daylight-saving change.
    outside = handoffs_outside_hours(rotation, schedule)
    out.append(
        Check(
            "handoff_hours",
            "Handoffs in working hours",
            FAIL if outside else PASS,
            f"{len(outside)} handoff(s) outside the incoming person's working hours."
            if outside
            else "Every incoming person picks up the pager in their working hours.",
            "Rotation design",
            tuple(
                f"{names.get(s.person_id, '?')} ({layer_names.get(s.layer_id, '?')}): {local}"
                for s, local in outside[:50]
            ),
        )
    )
    if schedule.moved:
        out.append(
            Check(
                "moved_handoffs",
                "Handoffs moved by daylight saving",
                INFO,
                f"{len(schedule.moved)} handoff(s) fall at a time that does not exist that day "
                "and move to the next valid time.",
                "Rotation time zone",
                tuple(
                    f"{layer_names.get(m.layer_id, '?')}: {m.wanted:%Y-%m-%d %H:%M} does not exist"
                    f" in {rotation.time_zone}; handoff at {_local(m.actual, tz)}"
                    for m in schedule.moved[:50]
                ),
            )
        )

    # Product engineers' share.
    total = sum(s.hours for s in schedule.shifts)
    roles = {p.id: p.role for p in rotation.people}
    product = sum(s.hours for s in schedule.shifts if roles.get(s.person_id) == "product")
    share = 100 * product / total if total else 0.0
    target = rotation.product_share_target
    if target is None:
        out.append(
            Check(
                "product_share",
                "Product engineers' share",
                INFO,
                f"Product engineers hold {share:.0f} % of on-call hours; no agreed share is set.",
                ENGAGEMENT,
            )
        )
    else:
        out.append(
            Check(
                "product_share",
                "Product engineers' share",
                PASS if share + 0.5 >= target else FAIL,
                f"Product engineers hold {share:.0f} % of on-call hours; "
                f"the agreed share is {target:g} %.",
                ENGAGEMENT,
            )
        )
    return out


def default_range(today: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of ``today`` (rotation time) for DEFAULT_RANGE_WEEKS weeks."""
    start, _ = to_utc(datetime.combine(today, time(0, 0)), tz)
    end, _ = to_utc(datetime.combine(today + timedelta(weeks=DEFAULT_RANGE_WEEKS), time(0, 0)), tz)
    return start, end


def day_range(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the end of ``last``, in ``tz``."""
    start, _ = to_utc(datetime.combine(first, time(0, 0)), tz)
    end, _ = to_utc(datetime.combine(last + timedelta(days=1), time(0, 0)), tz)
    return start, end


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
