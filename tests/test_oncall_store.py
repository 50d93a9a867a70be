"""Edits of a rotation through the kernel: all-or-nothing, undoable, never rewriting the past."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sreplan.kernel import Workspace
from sreplan.oncall import edits, store
from sreplan.oncall.model import Layer, Override, Person, RotationError, expand
from sreplan.plans.demo import DEMO_PLAN_ID


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def _clock(moment: datetime):  # type: ignore[no-untyped-def]
    return lambda: moment


def test_demo_rotation_round_trips(demo_ws: Workspace) -> None:
    rotation = store.load_rotation(demo_ws, DEMO_PLAN_ID)
    assert rotation is not None
    assert [p.site for p in rotation.people] == ["Berlin"] * 4 + ["Austin"] * 4
    assert [la.name for la in rotation.layers] == ["Primary", "Secondary"]
    assert all(la.follow_the_sun and la.handoff_time == "10:00" for la in rotation.layers)
    assert len(rotation.overrides) == 1 and "holiday" in rotation.overrides[0].reason
    assert rotation.people[0].stakeholder_id is not None  # Priya, from the stakeholders


def test_editing_never_rewrites_the_past_and_undo_restores(demo_ws: Workspace) -> None:
    rotation = store.load_rotation(demo_ws, DEMO_PLAN_ID)
    assert rotation is not None
    primary = rotation.layers[0]
    now = _utc(2026, 12, 3, 12)
    before = expand(rotation, _utc(2026, 11, 23), _utc(2026, 12, 20)).shifts
    reversed_members = tuple(reversed(primary.members))
    edit = edits.set_members(DEMO_PLAN_ID, primary.id, reversed_members, _clock(now))
    edit.apply(demo_ws)
    after_rotation = store.load_rotation(demo_ws, DEMO_PLAN_ID)
    assert after_rotation is not None and after_rotation.frozen_until == now
    after = expand(after_rotation, _utc(2026, 11, 23), _utc(2026, 12, 20)).shifts

    def plain(shifts, upto=None, since=None):  # type: ignore[no-untyped-def]
        return [
            (s.layer_id, s.person_id, s.start, min(s.end, upto) if upto else s.end)
            for s in shifts
            if (upto is None or s.start < upto) and (since is None or s.start >= since)
        ]

    # The past as worked, up to the minute of the edit (a shift under way is cut there).
    assert plain(after, upto=now) == plain(before, upto=now)
    assert plain(after, since=_utc(2026, 12, 7)) != plain(before, since=_utc(2026, 12, 7))
    edit.revert(demo_ws)
    restored = store.load_rotation(demo_ws, DEMO_PLAN_ID)
    assert restored == rotation  # frozen shifts and frozen_until gone with the undo


def test_a_bad_edit_writes_nothing(demo_ws: Workspace) -> None:
    rotation = store.load_rotation(demo_ws, DEMO_PLAN_ID)
    assert rotation is not None
    primary = rotation.layers[0]
    with pytest.raises(RotationError, match="nobody"):
        edits.set_members(DEMO_PLAN_ID, primary.id, ()).apply(demo_ws)
    with pytest.raises(RotationError, match="Mars/Base"):
        edits.set_person(DEMO_PLAN_ID, rotation.people[0].id, {"time_zone": "Mars/Base"}).apply(
            demo_ws
        )
    (existing,) = rotation.overrides
    clash = Override("x", primary.id, rotation.people[1].id, existing.start, existing.end)
    with pytest.raises(RotationError, match="Overrides overlap"):
        edits.add_override(DEMO_PLAN_ID, clash).apply(demo_ws)
    assert store.load_rotation(demo_ws, DEMO_PLAN_ID) == rotation


def test_create_a_rotation_from_nothing(ws: Workspace) -> None:
    from sreplan.plans.demo import _demo_plan
    from sreplan.plans.store import insert_plan

    insert_plan(ws, _demo_plan(date(2026, 11, 27)))
    now = _utc(2026, 11, 30)
    edits.create_rotation(DEMO_PLAN_ID, "Pager", "America/Chicago", _clock(now)).apply(ws)
    rotation = store.load_rotation(ws, DEMO_PLAN_ID)
    assert rotation is not None and rotation.changed_at == now
    person = Person("p1", "Ana", "sre", "Austin", "America/Chicago")
    edits.add_person(DEMO_PLAN_ID, rotation.id, person, _clock(now)).apply(ws)
    layer = Layer("l1", "Primary", ("p1",), 1, "days", 0, "09:00", date(2026, 12, 1))
    edits.add_layer(DEMO_PLAN_ID, rotation.id, layer, _clock(now)).apply(ws)
    loaded = store.load_rotation(ws, DEMO_PLAN_ID)
    assert loaded is not None and loaded.layers[0].members == ("p1",)
    with pytest.raises(RotationError, match="already has"):
        edits.create_rotation(DEMO_PLAN_ID, "Again", "UTC").apply(ws)
    with pytest.raises(RotationError, match="not an IANA time zone"):
        edits.create_rotation(DEMO_PLAN_ID, "Again", "CEST")


def test_edits_mid_shift_do_not_split_the_worked_shift(demo_ws: Workspace) -> None:
    rotation = store.load_rotation(demo_ws, DEMO_PLAN_ID)
    assert rotation is not None
    secondary = rotation.layers[1]
    for hour in (10, 11, 12):  # three edits during the same Berlin window
        edits.set_rotation(
            DEMO_PLAN_ID, rotation.id, {"incidents_per_week": float(hour)},
            _clock(_utc(2026, 12, 1, hour)),
        ).apply(demo_ws)  # fmt: skip
    frozen = store.load_rotation(demo_ws, DEMO_PLAN_ID)
    assert frozen is not None
    pieces = [s for s in frozen.frozen if s.layer_id == secondary.id and s.end.day == 1]
    # Tuesday 1 December: the Austin night from 20:00 UTC, then ONE Berlin piece 08:00-12:00
    # (not 08-10, 10-11, 11-12).
    assert [(s.start.hour, s.end.hour) for s in pieces] == [(20, 8), (8, 12)]
    shifts = expand(frozen, _utc(2026, 12, 1), _utc(2026, 12, 2)).shifts
    berlin = [s for s in shifts if s.layer_id == secondary.id and s.start.hour == 8]
    assert [(s.start.hour, s.end.hour) for s in berlin] == [(8, 20)]  # one shift, as worked


def test_a_damaged_rotation_is_an_action_item_not_a_crash(demo_ws: Workspace) -> None:
    from sreplan.oncall.actions import oncall_actions

    # A file edited by hand: a layer left with nobody on it.
    with demo_ws.write() as conn:
        conn.execute("DELETE FROM oncall_layer_members")
    (item,) = oncall_actions(demo_ws, DEMO_PLAN_ID)
    assert item.title.startswith("Fix the rotation: Layer 'Primary' has nobody on it")
