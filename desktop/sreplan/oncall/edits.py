"""Every change to a rotation as an undoable kernel Edit (Qt-free).

Each edit first freezes the shifts worked so far (up to ``now``) with the
rotation as it was, then writes, then validates the whole rotation: a change
that leaves it unusable (a layer with nobody, overlapping overrides, an unknown
time zone) raises a RotationError and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sreplan.kernel.edits import Edit, make
from sreplan.kernel.workspace import Workspace
from sreplan.oncall import store
from sreplan.oncall.health import utc_now
from sreplan.oncall.model import (
    Layer,
    Override,
    Person,
    RotationError,
    SunSite,
    freeze,
    validate,
    zone,
)

Clock = Callable[[], datetime]


def _rotation_edit(
    label: str, plan_id: str, write: Callable[[Workspace], None], clock: Clock | None
) -> Edit:
    def action(ws: Workspace) -> None:
        now = (clock or utc_now)()
        before = store.load_rotation(ws, plan_id)
        if before is not None:
            shifts, until = freeze(before, now)
            store.add_frozen(ws, plan_id, before.id, shifts, until)
        write(ws)
        after = store.load_rotation(ws, plan_id)
        if after is not None:
            validate(after)
            store.update_rotation(ws, after.id, {"changed_at": store.iso(now)})

    return make(label, store.TABLES, action, plan_id=plan_id)


def create_rotation(
    plan_id: str, name: str, time_zone: str, clock: Clock | None = None, rotation_id: str = ""
) -> Edit:
    zone(time_zone)

    def write(ws: Workspace) -> None:
        if store.rotation_row(ws, plan_id) is not None:
            raise RotationError("This plan already has an on-call rotation.")
        store.insert_rotation(ws, plan_id, name, time_zone, (clock or utc_now)(), rotation_id)

    return _rotation_edit("Create On-call Rotation", plan_id, write, clock)


_ROTATION_FIELDS = {"name", "time_zone", "incidents_per_week", "product_share_target"}


def set_rotation(
    plan_id: str, rotation_id: str, values: Mapping[str, Any], clock: Clock | None = None
) -> Edit:
    unknown = set(values) - _ROTATION_FIELDS
    if unknown:
        raise ValueError(f"not rotation fields: {sorted(unknown)}")
    return _rotation_edit(
        "Edit Rotation",
        plan_id,
        lambda ws: store.update_rotation(ws, rotation_id, values),
        clock,
    )


def add_person(plan_id: str, rotation_id: str, person: Person, clock: Clock | None = None) -> Edit:
    return _rotation_edit(
        "Add Person",
        plan_id,
        lambda ws: store.insert_person(ws, plan_id, rotation_id, person),
        clock,
    )


def set_person(
    plan_id: str, person_id: str, values: Mapping[str, Any], clock: Clock | None = None
) -> Edit:
    unknown = set(values) - set(store.PERSON_COLUMNS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    return _rotation_edit(
        "Edit Person", plan_id, lambda ws: store.update_person(ws, person_id, values), clock
    )


def remove_people(plan_id: str, person_ids: Sequence[str], clock: Clock | None = None) -> Edit:
    label = "Remove Person" if len(person_ids) == 1 else "Remove People"
    return _rotation_edit(
        label, plan_id, lambda ws: store.delete(ws, store.PEOPLE, person_ids), clock
    )


def add_layer(plan_id: str, rotation_id: str, layer: Layer, clock: Clock | None = None) -> Edit:
    return _rotation_edit(
        "Add Layer", plan_id, lambda ws: store.insert_layer(ws, plan_id, rotation_id, layer), clock
    )


def set_layer(
    plan_id: str, layer_id: str, values: Mapping[str, Any], clock: Clock | None = None
) -> Edit:
    unknown = set(values) - set(store.LAYER_COLUMNS)
    if unknown:
        raise ValueError(f"not layer fields: {sorted(unknown)}")
    return _rotation_edit(
        "Edit Layer", plan_id, lambda ws: store.update_layer(ws, layer_id, values), clock
    )


def set_members(
    plan_id: str, layer_id: str, person_ids: Sequence[str], clock: Clock | None = None
) -> Edit:
    return _rotation_edit(
        "Change Layer Members",
        plan_id,
        lambda ws: store.set_members(ws, plan_id, layer_id, person_ids),
        clock,
    )


def set_sun_sites(
    plan_id: str,
    layer_id: str,
    follow_the_sun: bool,
    sites: Sequence[SunSite],
    clock: Clock | None = None,
) -> Edit:
    def write(ws: Workspace) -> None:
        store.update_layer(ws, layer_id, {"follow_the_sun": int(follow_the_sun)})
        store.set_sun_sites(ws, plan_id, layer_id, sites)

    return _rotation_edit("Change Follow-the-sun", plan_id, write, clock)


def remove_layers(plan_id: str, layer_ids: Sequence[str], clock: Clock | None = None) -> Edit:
    label = "Remove Layer" if len(layer_ids) == 1 else "Remove Layers"
    return _rotation_edit(
        label, plan_id, lambda ws: store.delete(ws, store.LAYERS, layer_ids), clock
    )


def add_override(plan_id: str, override: Override, clock: Clock | None = None) -> Edit:
    return _rotation_edit(
        "Add Override", plan_id, lambda ws: store.insert_override(ws, plan_id, override), clock
    )


def remove_overrides(plan_id: str, override_ids: Sequence[str], clock: Clock | None = None) -> Edit:
    label = "Remove Override" if len(override_ids) == 1 else "Remove Overrides"
    return _rotation_edit(
        label, plan_id, lambda ws: store.delete(ws, store.OVERRIDES, override_ids), clock
    )


def import_schedule(
    plan_id: str,
    name: str,
    shifts: Sequence[tuple[str, str, datetime, datetime]],
    clock: Clock | None = None,
) -> Edit:
    """Keep an imported schedule (person, summary, start, end) beside the design, to compare."""

    def action(ws: Workspace) -> None:
        store.insert_import(ws, plan_id, name, (clock or utc_now)(), shifts)

    return make(f"Import {name}", {store.IMPORTS, store.IMPORTED}, action, plan_id=plan_id)
