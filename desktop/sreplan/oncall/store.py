"""Reading and writing a plan's on-call rotation (every query of the feature lives here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sreplan.kernel import records
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace
from sreplan.oncall.model import Layer, Override, Person, Rotation, Shift, SunSite

ROTATIONS = "oncall_rotations"
PEOPLE = "oncall_people"
LAYERS = "oncall_layers"
MEMBERS = "oncall_layer_members"
SUN_SITES = "oncall_sun_sites"
OVERRIDES = "oncall_overrides"
FROZEN = "oncall_frozen_shifts"
IMPORTS = "oncall_imports"
IMPORTED = "oncall_imported_shifts"
TABLES = frozenset({ROTATIONS, PEOPLE, LAYERS, MEMBERS, SUN_SITES, OVERRIDES, FROZEN})

PERSON_COLUMNS = (
    "name", "role", "site", "time_zone", "work_start", "work_end", "work_days", "country",
    "stakeholder_id", "position",
)  # fmt: skip
LAYER_COLUMNS = (
    "name", "shift_count", "shift_unit", "handoff_weekday", "handoff_time", "starts_on",
    "restriction", "restriction_start", "restriction_end", "follow_the_sun", "position",
)  # fmt: skip


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


# Reading --------------------------------------------------------------------------------


def rotation_row(ws: Workspace, plan_id: str) -> dict[str, Any] | None:
    rows = ws.rows(f"SELECT * FROM {ROTATIONS} WHERE plan_id = ?", [plan_id])
    return rows[0] if rows else None


def load_rotation(ws: Workspace, plan_id: str) -> Rotation | None:
    """The plan's rotation with everything it holds, or None when it has none yet."""
    row = rotation_row(ws, plan_id)
    if row is None:
        return None
    rid = row["id"]
    people = tuple(
        Person(
            id=r["id"],
            name=r["name"],
            role=r["role"],
            site=r["site"],
            time_zone=r["time_zone"],
            work_start=r["work_start"],
            work_end=r["work_end"],
            work_days=r["work_days"],
            country=r["country"],
            stakeholder_id=r["stakeholder_id"],
            position=r["position"],
        )
        for r in ws.rows(
            f"SELECT * FROM {PEOPLE} WHERE rotation_id = ? ORDER BY position, name", [rid]
        )
    )
    members: dict[str, list[str]] = {}
    for r in ws.rows(
        f"SELECT m.layer_id, m.person_id FROM {MEMBERS} m JOIN {LAYERS} l ON l.id = m.layer_id "
        "WHERE l.rotation_id = ? ORDER BY m.position, m.id",
        [rid],
    ):
        members.setdefault(r["layer_id"], []).append(r["person_id"])
    sites: dict[str, list[SunSite]] = {}
    for r in ws.rows(
        f"SELECT s.layer_id, s.site, s.starts_at FROM {SUN_SITES} s "
        f"JOIN {LAYERS} l ON l.id = s.layer_id WHERE l.rotation_id = ? "
        "ORDER BY s.position, s.starts_at",
        [rid],
    ):
        sites.setdefault(r["layer_id"], []).append(SunSite(r["site"], r["starts_at"]))
    layers = tuple(
        Layer(
            id=r["id"],
            name=r["name"],
            members=tuple(members.get(r["id"], ())),
            shift_count=r["shift_count"],
            shift_unit=r["shift_unit"],
            handoff_weekday=r["handoff_weekday"],
            handoff_time=r["handoff_time"],
            starts_on=date.fromisoformat(r["starts_on"]),
            restriction=r["restriction"],
            restriction_start=r["restriction_start"],
            restriction_end=r["restriction_end"],
            follow_the_sun=bool(r["follow_the_sun"]),
            sun_sites=tuple(sites.get(r["id"], ())),
            position=r["position"],
        )
        for r in ws.rows(
            f"SELECT * FROM {LAYERS} WHERE rotation_id = ? ORDER BY position, name", [rid]
        )
    )
    overrides = tuple(
        Override(
            id=r["id"],
            layer_id=r["layer_id"],
            person_id=r["person_id"],
            start=instant(r["starts_at"]),
            end=instant(r["ends_at"]),
            covered_id=r["covered_id"],
            reason=r["reason"],
        )
        for r in ws.rows(
            f"SELECT o.* FROM {OVERRIDES} o JOIN {LAYERS} l ON l.id = o.layer_id "
            "WHERE l.rotation_id = ? ORDER BY o.starts_at, o.id",
            [rid],
        )
    )
    frozen = tuple(
        Shift(
            r["layer_id"], r["person_id"], instant(r["starts_at"]), instant(r["ends_at"]), "frozen"
        )
        for r in ws.rows(
            f"SELECT * FROM {FROZEN} WHERE rotation_id = ? ORDER BY starts_at, id", [rid]
        )
    )
    return Rotation(
        id=rid,
        name=row["name"],
        time_zone=row["time_zone"],
        people=people,
        layers=layers,
        overrides=overrides,
        frozen=frozen,
        frozen_until=instant(row["frozen_until"]) if row["frozen_until"] else None,
        incidents_per_week=row["incidents_per_week"],
        product_share_target=row["product_share_target"],
        changed_at=instant(row["changed_at"]),
    )


def stakeholders(ws: Workspace, plan_id: str) -> list[dict[str, Any]]:
    return ws.rows(
        "SELECT id, name, role, team FROM stakeholders WHERE plan_id = ? AND trim(name) != '' "
        "ORDER BY position, name",
        [plan_id],
    )


def imports(ws: Workspace, plan_id: str) -> list[dict[str, Any]]:
    return ws.rows(
        f"SELECT * FROM {IMPORTS} WHERE plan_id = ? ORDER BY imported_at, name", [plan_id]
    )


def latest_import(ws: Workspace, plan_id: str) -> dict[str, Any] | None:
    rows = ws.rows(
        f"SELECT * FROM {IMPORTS} WHERE plan_id = ? ORDER BY imported_at DESC, rowid DESC LIMIT 1",
        [plan_id],
    )
    return rows[0] if rows else None


def imported_shifts(ws: Workspace, import_id: str) -> list[dict[str, Any]]:
    return ws.rows(
        f"SELECT * FROM {IMPORTED} WHERE import_id = ? ORDER BY starts_at, person", [import_id]
    )


# Writing --------------------------------------------------------------------------------


def insert_rotation(
    ws: Workspace, plan_id: str, name: str, time_zone: str, now: datetime, rotation_id: str = ""
) -> str:
    rid = rotation_id or new_id()
    records.insert(
        ws,
        ROTATIONS,
        [
            {
                "id": rid,
                "plan_id": plan_id,
                "name": name,
                "time_zone": time_zone,
                "incidents_per_week": None,
                "product_share_target": None,
                "frozen_until": None,
                "changed_at": iso(now),
            }
        ],
    )
    return rid


def update_rotation(ws: Workspace, rotation_id: str, values: Mapping[str, Any]) -> None:
    records.update(ws, ROTATIONS, rotation_id, dict(values))


def insert_person(ws: Workspace, plan_id: str, rotation_id: str, person: Person) -> None:
    row = {c: getattr(person, c) for c in PERSON_COLUMNS}
    records.insert(
        ws, PEOPLE, [{"id": person.id, "plan_id": plan_id, "rotation_id": rotation_id, **row}]
    )


def update_person(ws: Workspace, person_id: str, values: Mapping[str, Any]) -> None:
    records.update(ws, PEOPLE, person_id, dict(values))


def insert_layer(ws: Workspace, plan_id: str, rotation_id: str, layer: Layer) -> None:
    row: dict[str, Any] = {c: getattr(layer, c) for c in LAYER_COLUMNS}
    row["starts_on"] = layer.starts_on.isoformat()
    row["follow_the_sun"] = int(layer.follow_the_sun)
    records.insert(
        ws, LAYERS, [{"id": layer.id, "plan_id": plan_id, "rotation_id": rotation_id, **row}]
    )
    set_members(ws, plan_id, layer.id, layer.members)
    set_sun_sites(ws, plan_id, layer.id, layer.sun_sites)


def update_layer(ws: Workspace, layer_id: str, values: Mapping[str, Any]) -> None:
    records.update(ws, LAYERS, layer_id, dict(values))


def set_members(ws: Workspace, plan_id: str, layer_id: str, person_ids: Sequence[str]) -> None:
    """Replace the layer's ordered members, keeping the rows of people who stay."""
    existing = ws.rows(f"SELECT id, person_id FROM {MEMBERS} WHERE layer_id = ?", [layer_id])
    by_person = {r["person_id"]: r["id"] for r in existing}
    keep = set(person_ids)
    records.delete(ws, MEMBERS, [r["id"] for r in existing if r["person_id"] not in keep])
    for position, pid in enumerate(person_ids):
        if pid in by_person:
            records.update(ws, MEMBERS, by_person[pid], {"position": position})
        else:
            records.insert(
                ws,
                MEMBERS,
                [
                    {
                        "id": new_id(),
                        "plan_id": plan_id,
                        "layer_id": layer_id,
                        "person_id": pid,
                        "position": position,
                    }
                ],
            )


def set_sun_sites(ws: Workspace, plan_id: str, layer_id: str, sites: Iterable[SunSite]) -> None:
    old = [r["id"] for r in ws.rows(f"SELECT id FROM {SUN_SITES} WHERE layer_id = ?", [layer_id])]
    records.delete(ws, SUN_SITES, old)
    records.insert(
        ws,
        SUN_SITES,
        [
            {
                "id": new_id(),
                "plan_id": plan_id,
                "layer_id": layer_id,
                "position": i,
                "site": s.site,
                "starts_at": s.starts_at,
            }
            for i, s in enumerate(sites)
        ],
    )


def insert_override(ws: Workspace, plan_id: str, override: Override) -> None:
    records.insert(
        ws,
        OVERRIDES,
        [
            {
                "id": override.id,
                "plan_id": plan_id,
                "layer_id": override.layer_id,
                "person_id": override.person_id,
                "covered_id": override.covered_id,
                "starts_at": iso(override.start),
                "ends_at": iso(override.end),
                "reason": override.reason,
            }
        ],
    )


def delete(ws: Workspace, table: str, ids: Sequence[str]) -> None:
    records.delete(ws, table, ids)


def add_frozen(
    ws: Workspace, plan_id: str, rotation_id: str, shifts: Iterable[Shift], until: datetime
) -> None:
    """Keep ``shifts`` as worked and move ``frozen_until`` to ``until``. A shift that goes
    on from the last freeze (same layer and person) extends that row: an edit made
    mid-shift does not split the shift in two."""
    ending = {
        (r["layer_id"], r["person_id"], r["ends_at"]): r["id"]
        for r in ws.rows(
            f"SELECT f.id, f.layer_id, f.person_id, f.ends_at FROM {FROZEN} f "
            f"JOIN {ROTATIONS} r ON r.id = f.rotation_id "
            "WHERE f.rotation_id = ? AND f.ends_at = r.frozen_until",
            [rotation_id],
        )
    }
    rows = []
    for s in shifts:
        previous = ending.pop((s.layer_id, s.person_id, iso(s.start)), None)
        if previous is not None:
            records.update(ws, FROZEN, previous, {"ends_at": iso(s.end)})
            continue
        rows.append(
            {
                "id": new_id(),
                "plan_id": plan_id,
                "rotation_id": rotation_id,
                "layer_id": s.layer_id,
                "person_id": s.person_id,
                "starts_at": iso(s.start),
                "ends_at": iso(s.end),
            }
        )
    records.insert(ws, FROZEN, rows)
    records.update(ws, ROTATIONS, rotation_id, {"frozen_until": iso(until)})


def insert_import(
    ws: Workspace,
    plan_id: str,
    name: str,
    now: datetime,
    shifts: Iterable[tuple[str, str, datetime, datetime]],
) -> str:
    import_id = new_id()
    records.insert(
        ws, IMPORTS, [{"id": import_id, "plan_id": plan_id, "name": name, "imported_at": iso(now)}]
    )
    records.insert(
        ws,
        IMPORTED,
        [
            {
                "id": new_id(),
                "plan_id": plan_id,
                "import_id": import_id,
                "person": person,
                "summary": summary,
                "starts_at": iso(a),
                "ends_at": iso(b),
            }
            for person, summary, a, b in shifts
        ],
    )
    return import_id
