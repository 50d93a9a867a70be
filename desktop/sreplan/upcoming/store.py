"""Reading and writing planned changes, their components, flags and their capacity event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sreplan.capacity import store as capacity
from sreplan.capacity.model import EventKind, PlannedEvent
from sreplan.checkpoints.gates import Verdict
from sreplan.checkpoints.queries import gate_summary
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso
from sreplan.upcoming.model import ChangeKind, Flag, PlannedChange, factor_text

CHANGES = "upcoming_changes"
CHANGE_COMPONENTS = "upcoming_change_components"
CADENCES = "review_cadences"
CHANGE_COLUMNS = (
    "id", "plan_id", "title", "kind", "planned_on", "owner", "load_factor", "load_until",
    "phase_id", "capacity_event_id", "notes",
)  # fmt: skip
# The list's order: dated changes soonest first, undated last.
CHANGE_ORDER = "planned_on IS NULL, planned_on, title COLLATE NOCASE"


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def change_from_row(row: Mapping[str, Any], component_ids: tuple[str, ...] = ()) -> PlannedChange:
    return PlannedChange(
        id=row["id"],
        plan_id=row["plan_id"],
        title=row["title"],
        kind=ChangeKind(row["kind"]),
        planned_on=_date(row["planned_on"]),
        owner=row["owner"],
        load_factor=row["load_factor"],
        load_until=_date(row["load_until"]),
        phase_id=row["phase_id"],
        capacity_event_id=row["capacity_event_id"],
        notes=row["notes"],
        component_ids=component_ids,
    )


def change_row(ws: Workspace, change_id: str) -> dict[str, Any] | None:
    rows = ws.rows(f"SELECT * FROM {CHANGES} WHERE id = ?", [change_id])
    return rows[0] if rows else None


def _components_by_change(ws: Workspace, plan_id: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for change_id, component_id in ws.conn.execute(
        f"SELECT cc.change_id, cc.component_id FROM {CHANGE_COMPONENTS} cc "
        "JOIN components c ON c.id = cc.component_id WHERE cc.plan_id = ? "
        "ORDER BY c.position, c.name",
        [plan_id],
    ):
        found.setdefault(change_id, []).append(component_id)
    return {k: tuple(v) for k, v in found.items()}


def list_changes(ws: Workspace, plan_id: str) -> list[PlannedChange]:
    components = _components_by_change(ws, plan_id)
    rows = ws.rows(
        f"SELECT {', '.join(CHANGE_COLUMNS)} FROM {CHANGES} WHERE plan_id = ? "
        f"ORDER BY {CHANGE_ORDER}",
        [plan_id],
    )
    return [change_from_row(r, components.get(r["id"], ())) for r in rows]


def change_components(ws: Workspace, change_id: str) -> list[str]:
    return [
        r[0]
        for r in ws.conn.execute(
            f"SELECT component_id FROM {CHANGE_COMPONENTS} WHERE change_id = ?", [change_id]
        )
    ]


def phase_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in ws.conn.execute(
            "SELECT id, name FROM phases WHERE plan_id = ? ORDER BY position, rowid", [plan_id]
        )
    ]


def add_change(ws: Workspace, plan_id: str, change_id: str, title: str, kind: str) -> None:
    """A new change with only what the user chose: its title and kind (no date yet)."""
    records.insert(ws, CHANGES, [{
        "id": change_id, "plan_id": plan_id, "title": title, "kind": kind,
        "created_at": now_iso(),
    }])  # fmt: skip


def update_change(ws: Workspace, change_id: str, values: Mapping[str, Any]) -> None:
    """Change fields of one change and bring its capacity event in line, in one transaction."""
    with ws.write():
        records.update(ws, CHANGES, change_id, values)
        sync_capacity_event(ws, change_id)


def set_components(ws: Workspace, plan_id: str, change_id: str, ids: Iterable[str]) -> None:
    chosen = list(dict.fromkeys(ids))
    if chosen:
        marks = ",".join("?" * len(chosen))
        known = {
            r[0]
            for r in ws.conn.execute(
                f"SELECT id FROM components WHERE plan_id = ? AND id IN ({marks})",
                [plan_id, *chosen],
            )
        }
        stray = [c for c in chosen if c not in known]
        if stray:
            raise WorkspaceError(
                "A change can touch only components of its own plan; "
                f"{len(stray)} chosen component(s) belong elsewhere."
            )
    with ws.write() as conn:
        conn.execute(f"DELETE FROM {CHANGE_COMPONENTS} WHERE change_id = ?", [change_id])
        records.insert(ws, CHANGE_COMPONENTS, [
            {"id": new_id(), "plan_id": plan_id, "change_id": change_id, "component_id": c}
            for c in chosen
        ])  # fmt: skip


def event_for(change: PlannedChange, event_id: str) -> PlannedEvent | None:
    """The capacity event a change stands for: every resource of the plan, its load factor,
    from its date until ``load_until`` (or that one day). None without a factor or a date."""
    if change.load_factor is None or change.planned_on is None:
        return None
    return PlannedEvent(
        id=event_id,
        plan_id=change.plan_id,
        resource_id=None,
        name=change.title.strip(),
        starts_on=change.planned_on,
        ends_on=change.load_until or change.planned_on,
        kind=EventKind.MULTIPLIER,
        multiplier=change.load_factor,
        notes=f"From the planned change {change.title.strip()!r} "
        f"({change.kind.label}, {factor_text(change.load_factor)}); edit it under Changes.",
    )


def sync_capacity_event(ws: Workspace, change_id: str, event_id: str | None = None) -> None:
    """Write, update or remove the change's capacity event so it says what the change says
    (a new event gets ``event_id``, else a fresh id)."""
    row = change_row(ws, change_id)
    if row is None:
        return
    change = change_from_row(row)
    existing = change.capacity_event_id
    event = event_for(change, existing or event_id or new_id())
    with ws.write():
        if event is None:
            if existing:
                # Unlink first: the journal keeps rows a foreign key's SET NULL would touch.
                records.update(ws, CHANGES, change_id, {"capacity_event_id": None})
                records.delete(ws, capacity.EVENTS, [existing])
            return
        capacity.save(ws, event)
        if existing != event.id:
            records.update(ws, CHANGES, change_id, {"capacity_event_id": event.id})


def delete_changes(ws: Workspace, ids: Iterable[str]) -> None:
    """Delete changes with the capacity events they own."""
    chosen = list(ids)
    with ws.write():
        events = [
            r[0]
            for r in ws.conn.execute(
                f"SELECT capacity_event_id FROM {CHANGES} WHERE capacity_event_id IS NOT NULL "
                f"AND id IN ({','.join('?' * len(chosen))})",
                chosen,
            )
        ] if chosen else []
        records.delete(ws, CHANGES, chosen)
        records.delete(ws, capacity.EVENTS, events)


# Flags -------------------------------------------------------------------------------------


def flags(ws: Workspace, plan_id: str) -> dict[str, list[Flag]]:
    """Change id -> why it is flagged: it touches a component with an open High finding,
    or it waits on a phase whose gate is not Ready. Changes without flags are left out."""
    found: dict[str, list[Flag]] = {}
    for change_id, component, count in ws.conn.execute(
        f"SELECT cc.change_id, c.name, count(DISTINCT f.id) FROM {CHANGE_COMPONENTS} cc "
        "JOIN components c ON c.id = cc.component_id "
        "JOIN finding_components fc ON fc.component_id = cc.component_id "
        "JOIN findings f ON f.id = fc.finding_id "
        "WHERE cc.plan_id = ? AND f.risk = 'high' AND f.status IN ('open', 'in_progress') "
        "GROUP BY cc.change_id, c.id ORDER BY c.position, c.name",
        [plan_id],
    ):
        noun = "finding" if count == 1 else "findings"
        found.setdefault(change_id, []).append(
            Flag(f"{component} has {count} open High {noun}")
        )
    waiting = ws.rows(
        f"SELECT id, phase_id FROM {CHANGES} WHERE plan_id = ? AND phase_id IS NOT NULL",
        [plan_id],
    )
    if waiting:
        gates = {g.phase_id: g for g in gate_summary(ws, plan_id).phases}
        for row in waiting:
            gate = gates.get(row["phase_id"])
            if gate is not None and gate.gate.verdict is not Verdict.READY:
                found.setdefault(row["id"], []).append(
                    Flag(f"phase {gate.phase_name} is {gate.gate.verdict.label}")
                )
    return found


def changes_before(
    ws: Workspace, plan_id: str, until: date, *, since: date | None = None
) -> list[tuple[PlannedChange, list[Flag]]]:
    """The plan's dated changes up to ``until`` (from ``since``, default today), soonest
    first, each with its flags: for the executive summary and the meeting pack, which
    list the changes before the next review."""
    since = since or date.today()
    marks = flags(ws, plan_id)
    return [
        (c, marks.get(c.id, []))
        for c in list_changes(ws, plan_id)
        if c.planned_on is not None and since <= c.planned_on <= until
    ]

