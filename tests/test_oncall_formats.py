"""iCalendar export round trips (property-based) and the import's refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from sreplan.oncall.formats import IcsError, read_ics, shift_uid, summary, to_ics
from sreplan.oncall.model import Layer, Person, Rotation, SunSite, expand

_ZONES = st.sampled_from(["Europe/Berlin", "America/Chicago", "Australia/Sydney", "UTC"])


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@settings(max_examples=30, deadline=None)
@given(
    tz=_ZONES,
    unit=st.sampled_from(["hours", "days", "weeks"]),
    count=st.integers(1, 3),
    hour=st.integers(0, 23),
    start_day=st.integers(0, 330),
    span_days=st.integers(1, 70),
    sun=st.booleans(),
)
# Hourly shifts across the end of daylight saving: 02:30 happens twice in Sydney on
# 2026-04-05 and in Berlin on 2026-10-25; a shift ends (and the next starts) at the second.
@example(tz="Australia/Sydney", unit="hours", count=1, hour=0, start_day=84, span_days=1, sun=False)
@example(tz="Europe/Berlin", unit="hours", count=1, hour=0, start_day=287, span_days=1, sun=False)
def test_ics_parses_back_to_the_same_shifts(
    tz: str, unit: str, count: int, hour: int, start_day: int, span_days: int, sun: bool
) -> None:
    people = (
        Person("a", "Ana Souza", "sre", "Berlin", "Europe/Berlin"),
        Person("b", "Ben Ito", "product", "Austin", "America/Chicago"),
        Person("c", "Chloé Martin", "sre", "Berlin", "Europe/Berlin"),
        Person("d", "Dev Rao", "product", "Austin", "America/Chicago"),
    )
    sites = (SunSite("Berlin", "08:00"), SunSite("Austin", "20:00")) if sun else ()
    layer = Layer(
        "L", "Primary", ("a", "b", "c", "d"), count, unit, 0, f"{hour:02}:30",
        date(2026, 1, 5), follow_the_sun=sun, sun_sites=sites,
    )  # fmt: skip
    rotation = Rotation("r", "Pager", tz, people, (layer,), changed_at=_utc(2026, 1, 2, 3, 4))
    start = _utc(2026, 1, 10) + timedelta(days=start_day)
    shifts = expand(rotation, start, start + timedelta(days=span_days)).shifts
    data = to_ics(rotation, shifts)
    assert data == to_ics(rotation, shifts)  # byte-identical
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert [
        (str(e["summary"]), e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in events
    ] == [(summary(rotation, s), s.start, s.end) for s in shifts]
    assert [str(e["uid"]) for e in events] == [shift_uid(s) for s in shifts]
    zones = {z.tz_name for z in cal.timezones}
    assert zones == (set() if tz == "UTC" else {tz})  # a VTIMEZONE for the rotation's zone
    # And our own reader gives the same shifts back (names from the summaries).
    back = read_ics(data, "x.ics", start - timedelta(days=1), start + timedelta(days=400))
    names = {p.id: p.name for p in people}
    assert [(b.person, b.start, b.end) for b in back] == sorted(
        ((names[s.person_id], s.start, s.end) for s in shifts), key=lambda x: (x[1], x[0])
    )


def test_a_time_the_zone_shows_twice_is_written_in_utc() -> None:
    people = (Person("a", "Ana Souza", "sre"), Person("b", "Ben Ito", "sre"))
    layer = Layer("L", "Primary", ("a", "b"), 1, "hours", 0, "00:30", date(2026, 1, 5))
    rotation = Rotation("r", "Pager", "Australia/Sydney", people, (layer,))
    start = _utc(2026, 4, 4, 14, 30)  # 01:30 AEDT; clocks go back at 03:00 AEDT to 02:00 AEST
    shifts = expand(rotation, start, start + timedelta(hours=3)).shifts
    text = to_ics(rotation, shifts).decode()
    # 15:30Z is the first 02:30 (AEDT) and stays local; 16:30Z is the second 02:30 (AEST).
    assert "DTEND;TZID=Australia/Sydney:20260405T023000\r\n" in text
    assert "DTEND:20260404T163000Z\r\n" in text and "DTSTART:20260404T163000Z\r\n" in text
    assert "DTEND;TZID=Australia/Sydney:20260405T033000\r\n" in text  # 17:30Z, once
    back = read_ics(text.encode(), "x.ics", start, start + timedelta(hours=3))
    assert [(b.start, b.end) for b in back] == [(s.start, s.end) for s in shifts]


def test_a_never_ending_recurrence_names_its_line() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:1\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Pager: Ana\r\n"
        "DTSTART:20260105T090000Z\r\nDTEND:20260112T090000Z\r\nRRULE:FREQ=WEEKLY\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(IcsError, match=r"line 10: the recurrence of 'Pager: Ana'.*never ends"):
        read_ics(text.encode(), "pager.ics", _utc(2026, 1, 1), _utc(2027, 1, 1))


def test_an_event_without_an_end_is_refused() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:1\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Ana\r\nDTSTART:20260105T090000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(IcsError, match="neither DTEND nor DURATION"):
        read_ics(text.encode(), "x.ics", _utc(2026, 1, 1), _utc(2027, 1, 1))
