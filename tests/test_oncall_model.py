"""Schedule expansion: DST, spring-forward handoffs, follow-the-sun, overrides, the frozen past."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sreplan.oncall.model import (
    Layer,
    Override,
    Person,
    Rotation,
    RotationError,
    Shift,
    SunSite,
    expand,
    freeze,
    merge,
    to_utc,
    validate,
)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def _people(n: int, site: str = "", tz: str = "UTC") -> tuple[Person, ...]:
    return tuple(Person(f"{site}{i}", f"{site} person {i}", "sre", site, tz) for i in range(n))


def _rotation(layer: Layer, people: tuple[Person, ...], tz: str) -> Rotation:
    return Rotation("r", "R", tz, people, (layer,))


@pytest.mark.parametrize(
    ("tz", "monday", "hours"),
    [
        ("Europe/Berlin", date(2027, 3, 22), 167),  # spring forward on Sun 2027-03-28
        ("Europe/Berlin", date(2026, 10, 19), 169),  # fall back on Sun 2026-10-25
        ("America/Chicago", date(2027, 3, 8), 167),  # spring forward on Sun 2027-03-14
        ("America/Chicago", date(2026, 10, 26), 169),  # fall back on Sun 2026-11-01
        ("Europe/Berlin", date(2026, 12, 7), 168),
    ],
)
def test_weekly_shift_across_dst_has_its_true_length(tz: str, monday: date, hours: int) -> None:
    people = _people(2)
    layer = Layer("L", "Primary", ("0", "1"), 1, "weeks", 0, "10:00", monday)
    schedule = expand(_rotation(layer, people, tz), _utc(2026, 1, 1), _utc(2027, 12, 1))
    first = schedule.shifts[0]
    assert first.hours == hours
    assert first.start.astimezone(layer_zone(tz)).hour == 10
    assert first.end.astimezone(layer_zone(tz)).hour == 10
    assert first.end.astimezone(layer_zone(tz)).date() == monday + timedelta(days=7)


def layer_zone(tz: str):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(tz)


def test_spring_forward_handoff_moves_to_next_valid_time_and_is_said() -> None:
    people = _people(2)
    layer = Layer("L", "Primary", ("0", "1"), 1, "days", 0, "02:30", date(2027, 3, 26))
    rotation = _rotation(layer, people, "Europe/Berlin")
    schedule = expand(rotation, _utc(2027, 3, 26), _utc(2027, 3, 31))
    starts = [s.start for s in schedule.shifts]
    # 2027-03-28 02:30 does not exist in Berlin; 03:00 CEST = 01:00 UTC is the next valid time.
    assert _utc(2027, 3, 28, 1, 0) in starts
    assert [m.wanted for m in schedule.moved] == [datetime(2027, 3, 28, 2, 30)]
    assert schedule.moved[0].actual == _utc(2027, 3, 28, 1, 0)
    lengths = [s.hours for s in schedule.shifts]
    # 27th 02:30 CET → 28th 03:00 CEST and 28th 03:00 CEST → 29th 02:30 CEST: 23.5 h each.
    assert lengths[1:4] == [23.5, 23.5, 24.0]

    from sreplan.oncall.health import checks

    moved = [c for c in checks(rotation, schedule) if c.key == "moved_handoffs"]
    assert moved and "2027-03-28 02:30 does not exist" in moved[0].findings[0]


def test_to_utc_in_a_gap_and_in_an_overlap() -> None:
    tz = layer_zone("America/Chicago")
    assert to_utc(datetime(2027, 3, 14, 2, 30), tz) == (_utc(2027, 3, 14, 8, 0), True)
    # 01:30 on fall-back day happens twice; the first (CDT, -5) is taken.
    assert to_utc(datetime(2026, 11, 1, 1, 30), tz) == (_utc(2026, 11, 1, 6, 30), False)


_ZONES = st.sampled_from(
    ["UTC", "Europe/Berlin", "America/Chicago", "Australia/Sydney", "Asia/Kolkata"]
)


@settings(max_examples=60, deadline=None)
@given(
    tz=_ZONES,
    unit=st.sampled_from(["hours", "days", "weeks"]),
    count=st.integers(1, 3),
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30]),
    start_day=st.integers(0, 400),
    span_days=st.integers(1, 120),
    members=st.integers(1, 5),
)
def test_a_layer_covers_its_range_with_no_gap_or_overlap(
    tz: str, unit: str, count: int, weekday: int, hour: int, minute: int,
    start_day: int, span_days: int, members: int,
) -> None:  # fmt: skip
    people = _people(members)
    layer = Layer(
        "L", "P", tuple(p.id for p in people), count, unit, weekday, f"{hour:02}:{minute:02}",
        date(2026, 1, 1),
    )  # fmt: skip
    start = _utc(2026, 1, 10) + timedelta(days=start_day, hours=hour)
    end = start + timedelta(days=span_days)
    schedule = expand(_rotation(layer, people, tz), start, end)
    shifts = schedule.shifts
    assert shifts[0].start == start and shifts[-1].end == end
    for a, b in itertools.pairwise(shifts):
        assert a.end == b.start  # no gap, no overlap
    # Dealt in order: consecutive shifts go to consecutive members.
    if members > 1:
        ids = [p.id for p in people]
        for a, b in itertools.pairwise(shifts):
            assert ids.index(b.person_id) == (ids.index(a.person_id) + 1) % members


@settings(max_examples=40, deadline=None)
@given(
    first=st.integers(0, 23 * 4),
    second=st.integers(0, 23 * 4),
    start_day=st.integers(0, 365),
    span_days=st.integers(1, 60),
    tz=_ZONES,
)
def test_follow_the_sun_covers_every_hour(
    first: int, second: int, start_day: int, span_days: int, tz: str
) -> None:
    if first == second:
        second = (second + 7) % 96
    a = f"{first // 4:02}:{first % 4 * 15:02}"
    b = f"{second // 4:02}:{second % 4 * 15:02}"
    people = _people(3, "Berlin", "Europe/Berlin") + _people(2, "Austin", "America/Chicago")
    layer = Layer(
        "L", "P", tuple(p.id for p in people), 1, "weeks", 0, "10:00", date(2026, 1, 5),
        follow_the_sun=True, sun_sites=(SunSite("Berlin", a), SunSite("Austin", b)),
    )  # fmt: skip
    rotation = _rotation(layer, people, tz)
    validate(rotation)
    start = _utc(2026, 2, 1) + timedelta(days=start_day)
    end = start + timedelta(days=span_days)
    schedule = expand(rotation, start, end)
    spans = [(s.start, s.end) for s in schedule.shifts]
    assert merge(spans) == [(start, end)]
    assert sum((y - x).total_seconds() for x, y in spans) == (end - start).total_seconds()
    sites = {p.id: p.site for p in people}
    for s in schedule.shifts:
        local = s.start.astimezone(layer_zone(tz))
        assert sites[s.person_id] in {"Berlin", "Austin"}
        assert local.strftime("%H:%M") in {a, b} or s.start == start or local.minute != 99


def test_follow_the_sun_gives_each_site_its_window() -> None:
    people = _people(2, "Berlin", "Europe/Berlin") + _people(2, "Austin", "America/Chicago")
    layer = Layer(
        "L", "P", tuple(p.id for p in people), 1, "weeks", 0, "10:00", date(2026, 12, 7),
        follow_the_sun=True, sun_sites=(SunSite("Berlin", "09:00"), SunSite("Austin", "21:00")),
    )  # fmt: skip
    schedule = expand(
        _rotation(layer, people, "Europe/Berlin"), _utc(2026, 12, 8), _utc(2026, 12, 9)
    )
    assert [(s.person_id, s.start.hour, s.end.hour) for s in schedule.shifts] == [
        ("Austin0", 0, 8),  # the night from the 7th, until 09:00 Berlin
        ("Berlin0", 8, 20),
        ("Austin0", 20, 0),
    ]


def test_restrictions_keep_only_their_hours() -> None:
    people = _people(2)
    work = Layer(
        "L", "P", ("0", "1"), 1, "weeks", 0, "09:00", date(2026, 12, 7),
        restriction="working_hours", restriction_start="09:00", restriction_end="17:00",
    )  # fmt: skip
    schedule = expand(_rotation(work, people, "UTC"), _utc(2026, 12, 7), _utc(2026, 12, 14))
    assert len(schedule.shifts) == 5
    assert all(s.hours == 8 and s.start.weekday() < 5 for s in schedule.shifts)
    weekend = Layer("W", "P", ("0", "1"), 1, "weeks", 0, "09:00", date(2026, 12, 7),
                    restriction="weekends")  # fmt: skip
    schedule = expand(_rotation(weekend, people, "UTC"), _utc(2026, 12, 7), _utc(2026, 12, 21))
    assert [(s.start.day, s.hours) for s in schedule.shifts] == [(12, 48.0), (19, 48.0)]
    assert [s.person_id for s in schedule.shifts] == ["0", "1"]


def test_overrides_hand_over_part_of_a_shift_and_keep_coverage() -> None:
    people = _people(3)
    layer = Layer("L", "P", ("0", "1"), 1, "weeks", 0, "00:00", date(2026, 12, 7))
    cover = Override("o", "L", "2", _utc(2026, 12, 9), _utc(2026, 12, 10), "0", "dentist")
    rotation = Rotation("r", "R", "UTC", people, (layer,), (cover,))
    validate(rotation)
    schedule = expand(rotation, _utc(2026, 12, 7), _utc(2026, 12, 14))
    assert [(s.person_id, s.start.day, s.end.day, s.source) for s in schedule.shifts] == [
        ("0", 7, 9, "rotation"),
        ("2", 9, 10, "override"),
        ("0", 10, 14, "rotation"),
    ]


def test_bad_input_names_the_field() -> None:
    people = _people(2)
    with pytest.raises(RotationError, match="Mars/Olympus"):
        validate(Rotation("r", "R", "Mars/Olympus", people, ()))
    with pytest.raises(RotationError, match="at least 1"):
        validate(Rotation("r", "R", "UTC", people, (Layer("L", "P", ("0",), 0, "days"),)))
    with pytest.raises(RotationError, match="longer than"):
        validate(Rotation("r", "R", "UTC", people, (Layer("L", "P", ("0",), 13, "weeks"),)))
    with pytest.raises(RotationError, match="nobody"):
        validate(Rotation("r", "R", "UTC", people, (Layer("L", "Primary", ()),)))
    layer = Layer("L", "P", ("0", "1"))
    overlapping = (
        Override("a", "L", "0", _utc(2026, 1, 1), _utc(2026, 1, 3)),
        Override("b", "L", "1", _utc(2026, 1, 2), _utc(2026, 1, 4)),
    )
    with pytest.raises(RotationError, match="Overrides overlap"):
        validate(Rotation("r", "R", "UTC", people, (layer,), overlapping))
    with pytest.raises(RotationError, match=r"Person 'x'.*Nowhere/Land"):
        validate(Rotation("r", "R", "UTC", (Person("p", "x", time_zone="Nowhere/Land"),), ()))


def test_a_century_is_capped_and_said() -> None:
    people = _people(2)
    layer = Layer("L", "P", ("0", "1"), 1, "weeks", 0, "10:00", date(2026, 1, 5))
    schedule = expand(_rotation(layer, people, "UTC"), _utc(2026, 1, 1), _utc(2126, 1, 1))
    assert schedule.capped
    assert schedule.end - schedule.start == timedelta(days=732)


def _plain(shifts: Sequence[Shift]) -> list[tuple[str, datetime, datetime]]:
    return [(s.person_id, s.start, s.end) for s in shifts]


def test_freezing_keeps_the_past_as_worked() -> None:
    people = _people(3)
    layer = Layer("L", "P", ("0", "1"), 1, "weeks", 0, "10:00", date(2026, 11, 2))
    before = _rotation(layer, people, "UTC")
    now = _utc(2026, 11, 20, 12)
    frozen, until = freeze(before, now)
    assert until == now and frozen[0].start == _utc(2026, 11, 2, 10) and frozen[-1].end == now
    # The layer is changed (a third person, another order) after ``now``.
    changed = Layer("L", "P", ("2", "1", "0"), 1, "weeks", 0, "10:00", date(2026, 11, 2))
    after = Rotation("r", "R", "UTC", people, (changed,), frozen=tuple(frozen), frozen_until=until)
    old = expand(before, _utc(2026, 11, 1), now).shifts
    new = expand(after, _utc(2026, 11, 1), now).shifts
    assert [(s.person_id, s.start, s.end) for s in new] == [
        (s.person_id, s.start, s.end) for s in old
    ]
    # Overrides reaching into the past change only the future.
    cover = Override("o", "L", "2", _utc(2026, 11, 3), _utc(2026, 11, 25))
    with_cover = Rotation("r", "R", "UTC", people, (changed,), (cover,), tuple(frozen), until)
    past = expand(with_cover, _utc(2026, 11, 1), now).shifts
    assert [(s.person_id, s.start, s.end) for s in past] == [
        (s.person_id, s.start, s.end) for s in old
    ]
    future = expand(with_cover, now, _utc(2026, 11, 25)).shifts
    assert {s.person_id for s in future} == {"2"}
