"""Checks before go-live (each failing and passing); fairness against a hand-computed rotation."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sreplan.oncall.health import checks, fairness
from sreplan.oncall.model import Layer, Override, Person, Rotation, Shift, SunSite, expand
from sreplan.oncall.service import evaluate_rotation


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def _status(rotation: Rotation, start: datetime, end: datetime) -> dict[str, str]:
    return {c.key: c.status for c in evaluate_rotation(rotation, start, end).checks}


def _team(n: int, site: str = "Berlin", role: str = "sre") -> tuple[Person, ...]:
    return tuple(
        Person(f"{site}{i}", f"{site} {i}", role, site, "Europe/Berlin", "09:00", "18:00")
        for i in range(n)
    )


def _weekly(people: tuple[Person, ...], layer_id: str = "L", handoff: str = "10:00") -> Layer:
    return Layer(layer_id, layer_id, tuple(p.id for p in people), 1, "weeks", 0, handoff,
                 date(2026, 12, 7))  # fmt: skip


RANGE = (_utc(2026, 12, 7, 9), _utc(2027, 3, 1, 9))  # 12 weeks from the first handoff


def test_team_size_single_site() -> None:
    seven, eight = _team(7), _team(8)
    assert (
        _status(Rotation("r", "R", "Europe/Berlin", seven, (_weekly(seven),)), *RANGE)["team_size"]
        == "fail"
    )
    assert (
        _status(Rotation("r", "R", "Europe/Berlin", eight, (_weekly(eight),)), *RANGE)["team_size"]
        == "pass"
    )


def test_team_size_two_sites_needs_six_per_site() -> None:
    def rotation(per_site: int) -> Rotation:
        people = _team(per_site, "Berlin") + _team(per_site, "Austin")
        return Rotation("r", "R", "Europe/Berlin", people, (_weekly(people),))

    result = evaluate_rotation(rotation(5), *RANGE).checks[0]
    assert result.status == "fail" and "Austin has 5 people, 1 short" in result.findings
    assert _status(rotation(6), *RANGE)["team_size"] == "pass"


def test_time_share_limit_is_25_percent() -> None:
    four, three = _team(4), _team(3)
    # Four people, one layer: exactly 25 % each over whole weeks: passes.
    assert (
        _status(Rotation("r", "R", "Europe/Berlin", four, (_weekly(four),)), *RANGE)["time_share"]
        == "pass"
    )
    assert (
        _status(Rotation("r", "R", "Europe/Berlin", three, (_weekly(three),)), *RANGE)["time_share"]
        == "fail"
    )


def test_incidents_per_12_hour_shift() -> None:
    people = _team(8)
    base = Rotation("r", "R", "Europe/Berlin", people, (_weekly(people),))
    assert _status(base, *RANGE)["incidents"] == "info"
    ok = Rotation("r", "R", "Europe/Berlin", people, (_weekly(people),), incidents_per_week=28)
    assert _status(ok, *RANGE)["incidents"] == "pass"  # exactly 2 per 12-hour shift
    bad = Rotation("r", "R", "Europe/Berlin", people, (_weekly(people),), incidents_per_week=29)
    assert _status(bad, *RANGE)["incidents"] == "fail"
    schedule = expand(base, *RANGE)
    from_history = checks(base, schedule, incidents_per_week=35, incidents_source="history")
    incident = next(c for c in from_history if c.key == "incidents")
    assert incident.status == "fail" and "2.50 per 12-hour shift" in incident.detail


def test_gaps_and_double_bookings_are_listed_with_times() -> None:
    people = _team(8)
    primary = _weekly(people, "Primary")
    # Secondary = the same order: everybody is primary and secondary at once.
    secondary = _weekly(people, "Secondary")
    rotation = Rotation("r", "R", "Europe/Berlin", people, (primary, secondary))
    result = {c.key: c for c in evaluate_rotation(rotation, *RANGE).checks}
    assert result["double_bookings"].status == "fail"
    assert result["double_bookings"].findings[0] == (
        "Berlin 0: Mon 2026-12-07 10:00 CET to Mon 2026-12-14 10:00 CET"
    )
    assert result["gaps"].status == "pass"
    shifted = Layer("Secondary", "Secondary", tuple(p.id for p in people[4:] + people[:4]),
                    1, "weeks", 0, "10:00", date(2026, 12, 7))  # fmt: skip
    fine = Rotation("r", "R", "Europe/Berlin", people, (primary, shifted))
    assert _status(fine, *RANGE)["double_bookings"] == "pass"
    # An imported or frozen schedule with a hole: the gap is listed.
    holey = Rotation(
        "r", "R", "Europe/Berlin", people, (primary,),
        frozen=(Shift("Primary", "Berlin0", _utc(2026, 12, 7, 9), _utc(2026, 12, 8, 9)),),
        frozen_until=_utc(2026, 12, 9, 9),
    )  # fmt: skip
    gap = next(c for c in evaluate_rotation(holey, *RANGE).checks if c.key == "gaps")
    assert gap.status == "fail"
    assert gap.findings == ("Primary: Tue 2026-12-08 10:00 CET to Wed 2026-12-09 10:00 CET",)


def test_handoff_outside_working_hours() -> None:
    people = _team(8)
    early = Rotation("r", "R", "Europe/Berlin", people, (_weekly(people, handoff="07:00"),))
    result = next(c for c in evaluate_rotation(early, *RANGE).checks if c.key == "handoff_hours")
    assert result.status == "fail"
    assert result.findings[0] == "Berlin 1 (L): Mon 2026-12-14 07:00 CET"
    assert (
        _status(Rotation("r", "R", "Europe/Berlin", people, (_weekly(people),)), *RANGE)[
            "handoff_hours"
        ]
        == "pass"
    )


def test_product_share_against_the_agreed_share() -> None:
    people = _team(4, "Berlin") + _team(4, "Austin", "product")
    layer = _weekly(people)
    weeks16 = (_utc(2026, 12, 7, 9), _utc(2027, 3, 29, 8))  # two whole turns of 8 people
    half = Rotation("r", "R", "Europe/Berlin", people, (layer,), product_share_target=50)
    assert _status(half, *weeks16)["product_share"] == "pass"
    more = Rotation("r", "R", "Europe/Berlin", people, (layer,), product_share_target=60)
    assert _status(more, *weeks16)["product_share"] == "fail"
    unset = Rotation("r", "R", "Europe/Berlin", people, (layer,))
    assert _status(unset, *weeks16)["product_share"] == "info"


def test_fairness_against_a_hand_computed_rotation() -> None:
    # Daily 24-hour shifts at 00:00 UTC, Thu 24 to Sun 27 December 2026.
    alice = Person("a", "Alice", "sre", "Berlin", "UTC", "09:00", "17:00", "12345", "DE")
    bob = Person("b", "Bob", "product", "Austin", "UTC", "09:00", "17:00", "12345", "")
    layer = Layer("L", "P", ("a", "b"), 1, "days", 0, "00:00", date(2026, 12, 24))
    rotation = Rotation("r", "R", "UTC", (alice, bob), (layer,))
    fair = fairness(rotation, expand(rotation, _utc(2026, 12, 24), _utc(2026, 12, 28)))
    a, b = fair.rows
    # Alice: Thu 24 (8 h working, 16 off) and Sat 26 (24 off, Second Day of Christmas).
    assert (a.hours, a.shifts, a.off_hours, a.holiday_hours) == (48, 2, 40, 24)
    # Bob: Fri 25 (16 off; no country, so no holidays) and Sun 27 (24 off).
    assert (b.hours, b.shifts, b.off_hours, b.holiday_hours) == (48, 2, 40, 0)
    assert a.share == 50 and fair.spread == 1.0
    # An override moves Sunday to Alice: 72 h against 24 h, a spread of 3.
    cover = Override("o", "L", "a", _utc(2026, 12, 27), _utc(2026, 12, 28), None, "swap")
    swapped = Rotation("r", "R", "UTC", (alice, bob), (layer,), (cover,))
    fair = fairness(swapped, expand(swapped, _utc(2026, 12, 24), _utc(2026, 12, 28)))
    assert [r.hours for r in fair.rows] == [72, 24] and fair.spread == 3.0


def test_follow_the_sun_off_hours_are_counted_in_each_persons_zone() -> None:
    berlin = Person("b", "B", "sre", "Berlin", "Europe/Berlin", "09:00", "21:00", "1234567")
    austin = Person("a", "A", "sre", "Austin", "America/Chicago", "09:00", "17:00", "1234567")
    layer = Layer("L", "P", ("b", "a"), 1, "weeks", 0, "09:00", date(2026, 12, 7),
                  follow_the_sun=True,
                  sun_sites=(SunSite("Berlin", "09:00"), SunSite("Austin", "21:00")))  # fmt: skip
    rotation = Rotation("r", "R", "Europe/Berlin", (berlin, austin), (layer,))
    fair = fairness(rotation, expand(rotation, _utc(2026, 12, 8, 8), _utc(2026, 12, 9, 8)))
    b, a = fair.rows
    assert (b.hours, b.off_hours) == (12, 0)  # 09:00–21:00 Berlin, all working hours
    # 21:00–09:00 Berlin = 14:00–02:00 Austin: 3 working hours, 9 off.
    assert (a.hours, a.off_hours) == (12, 9)
