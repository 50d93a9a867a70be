"""The demo rotation: checkout's pager shared from general availability.

Four SREs in Berlin and four checkout developers in Austin, follow-the-sun
(Berlin from 09:00, Austin from 21:00 Berlin time), weekly handoff on Monday
10:00, a secondary layer two people behind the primary, and one override so a
Berlin SRE is off on a public holiday. With four people per site the team-size
check fails, as it would for a real two-site team of eight: the demo's warning.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace
from sreplan.oncall import store
from sreplan.oncall.health import holiday_name
from sreplan.oncall.model import Layer, Override, Person, SunSite, expand, to_utc, zone

ROTATION_ZONE = "Europe/Berlin"
_BERLIN = (
    ("Priya Natarajan", 0),
    ("Jonas Weber", None),
    ("Lena Hoffmann", None),
    ("Tobias Krüger", None),
)
_AUSTIN = (
    ("Aiko Tanaka", 2),
    ("Carlos Mendoza", None),
    ("Emily Chen", None),
    ("Jamal Brooks", None),
)


def _people() -> list[Person]:
    people = []
    for i, (name, stakeholder) in enumerate(_BERLIN):
        people.append(
            Person(
                stable_id(f"demo/oncall/person/berlin/{i}"),
                name,
                "sre",
                "Berlin",
                "Europe/Berlin",
                "09:00",
                "18:00",
                "12345",
                "DE",
                stable_id(f"demo/stakeholder/{stakeholder}") if stakeholder is not None else None,
                position=i,
            )
        )
    for i, (name, stakeholder) in enumerate(_AUSTIN):
        people.append(
            Person(
                stable_id(f"demo/oncall/person/austin/{i}"),
                name,
                "product",
                "Austin",
                "America/Chicago",
                "09:00",
                "18:00",
                "12345",
                "US",
                stable_id(f"demo/stakeholder/{stakeholder}") if stakeholder is not None else None,
                position=len(_BERLIN) + i,
            )
        )
    return people


def seed_oncall(ws: Workspace, plan_id: str, today: date) -> None:
    people = _people()
    berlin = [p.id for p in people if p.site == "Berlin"]
    austin = [p.id for p in people if p.site == "Austin"]
    # General availability: the Monday of the week before ``today``, so the calendar
    # shows a week already worked and the weeks ahead.
    go_live = today - timedelta(days=today.weekday() + 7)
    sites = (SunSite("Berlin", "09:00"), SunSite("Austin", "21:00"))
    primary = Layer(
        stable_id("demo/oncall/layer/primary"), "Primary", tuple(berlin + austin),
        1, "weeks", 0, "10:00", go_live, follow_the_sun=True, sun_sites=sites, position=0,
    )  # fmt: skip
    secondary = Layer(
        stable_id("demo/oncall/layer/secondary"), "Secondary",
        tuple(berlin[2:] + berlin[:2] + austin[2:] + austin[:2]),
        1, "weeks", 0, "10:00", go_live, follow_the_sun=True, sun_sites=sites, position=1,
    )  # fmt: skip
    rotation_id = stable_id("demo/oncall/rotation")
    changed = datetime.combine(go_live - timedelta(days=3), time(16, 0), tzinfo=UTC)
    store.insert_rotation(ws, plan_id, "Checkout on-call", ROTATION_ZONE, changed, rotation_id)
    store.update_rotation(
        ws, rotation_id, {"incidents_per_week": 4.0, "product_share_target": 50.0}
    )
    for person in people:
        store.insert_person(ws, plan_id, rotation_id, person)
    for layer in (primary, secondary):
        store.insert_layer(ws, plan_id, rotation_id, layer)
    override = _holiday_override(ws, plan_id, today, people)
    if override is not None:
        store.insert_override(ws, plan_id, override)


def _holiday_override(
    ws: Workspace, plan_id: str, today: date, people: list[Person]
) -> Override | None:
    """A Berlin SRE on primary on the next German public holiday gets the day off:
    the Berlin colleague on neither layer that day covers."""
    rotation = store.load_rotation(ws, plan_id)
    if rotation is None:
        return None
    tz = zone(ROTATION_ZONE)
    berlin = {p.id for p in people if p.site == "Berlin"}
    primary_id = stable_id("demo/oncall/layer/primary")
    for offset in range(1, 120):
        day = today + timedelta(days=offset)
        if holiday_name("DE", day) is None:
            continue
        start, _ = to_utc(datetime.combine(day, time(0, 0)), tz)
        end, _ = to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)), tz)
        shifts = expand(rotation, start, end).shifts
        on_primary = [
            s.person_id for s in shifts if s.layer_id == primary_id and s.person_id in berlin
        ]
        busy = {s.person_id for s in shifts}
        free = [p.id for p in people if p.id in berlin and p.id not in busy]
        if on_primary and free:
            return Override(
                stable_id("demo/oncall/override/holiday"), primary_id, free[0], start, end,
                on_primary[0], f"{holiday_name('DE', day)}: public holiday in Berlin",
            )  # fmt: skip
    return None
