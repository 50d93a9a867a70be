"""Reading and writing incidents (rows <-> model dataclasses), with every check on the way in.

``validate`` refuses what the file must never hold (timestamps out of order, a
share outside 0–100 %, an SLO or component of another plan); the writers run it
before writing, inside the caller's transaction, so nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sreplan.incidents.model import (
    DEFAULT_BLAME_PHRASES,
    DEFAULT_ROOT_CAUSES,
    DEFAULT_SEVERITIES,
    DEFAULT_TRIGGERS,
    SECTIONS,
    TIMESTAMPS,
    ActionItem,
    ActionStatus,
    ActionType,
    Factor,
    ImpactKind,
    Incident,
    IncidentError,
    Priority,
    Responder,
    ResponderRole,
    SeverityLevel,
    Side,
    Status,
    TimelineEntry,
    clean_line,
    clean_text,
    count_error,
    date_from_stored,
    from_stored,
    incident_key,
    order_errors,
    percent_error,
    title_error,
    to_stored,
)
from sreplan.kernel import records
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso

INCIDENT_COLUMNS = (
    "id", "plan_id", "number", "title", "severity", "status", "started_at", "detected_at",
    "acknowledged_at", "mitigated_at", "resolved_at", "impact_kind", "impact_percent",
    "bad_events", "outage_minutes", "trigger_type", "root_cause_category",
    *(c for c, _ in SECTIONS),
)  # fmt: skip

CHILD_TABLES = (
    "incident_slos",
    "incident_components",
    "incident_factors",
    "incident_responders",
    "incident_timeline",
    "incident_actions",
    "blame_dismissals",
)
TABLES = frozenset({"incidents", "incident_settings", *CHILD_TABLES})


# Plan settings: the lists a plan may edit ----------------------------------------------

SETTING_COLUMNS = ("severities", "triggers", "root_causes", "blame_phrases")


def _setting(ws: Workspace, plan_id: str, column: str) -> str | None:
    if column not in SETTING_COLUMNS:
        raise ValueError(column)
    value: str | None = ws.scalar(
        f"SELECT {column} FROM incident_settings WHERE plan_id = ?", [plan_id]
    )
    return value


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def severities(ws: Workspace, plan_id: str) -> tuple[SeverityLevel, ...]:
    """The plan's severity scale, most severe first (PagerDuty's SEV-1…SEV-5 by default)."""
    text = _setting(ws, plan_id, "severities")
    if text is None:
        return DEFAULT_SEVERITIES
    levels = []
    for line in _lines(text):
        name, _, meaning = line.partition("|")
        levels.append(SeverityLevel(name.strip(), meaning.strip()))
    return tuple(levels)


def triggers(ws: Workspace, plan_id: str) -> tuple[str, ...]:
    text = _setting(ws, plan_id, "triggers")
    return DEFAULT_TRIGGERS if text is None else tuple(_lines(text))


def root_cause_categories(ws: Workspace, plan_id: str) -> tuple[str, ...]:
    text = _setting(ws, plan_id, "root_causes")
    return DEFAULT_ROOT_CAUSES if text is None else tuple(_lines(text))


def blame_phrases(ws: Workspace, plan_id: str) -> tuple[str, ...]:
    text = _setting(ws, plan_id, "blame_phrases")
    return DEFAULT_BLAME_PHRASES if text is None else tuple(_lines(text))


def set_list(ws: Workspace, plan_id: str, column: str, values: Sequence[str] | None) -> None:
    """Replace one of the plan's editable lists (None: back to the built-in default)."""
    if column not in SETTING_COLUMNS:
        raise ValueError(column)
    text = None if values is None else "\n".join(clean_line(v) for v in values if v.strip())
    if column == "severities" and text is not None and not text:
        raise IncidentError("The severity scale needs at least one level.")
    with ws.write() as conn:
        existing = ws.scalar("SELECT id FROM incident_settings WHERE plan_id = ?", [plan_id])
        if existing is None:
            records.insert(
                ws, "incident_settings", [{"id": new_id(), "plan_id": plan_id, column: text}]
            )
        else:
            conn.execute(
                f"UPDATE incident_settings SET {column} = ? WHERE id = ?", [text, existing]
            )


def set_severities(ws: Workspace, plan_id: str, levels: Sequence[SeverityLevel]) -> None:
    set_list(ws, plan_id, "severities", [f"{lv.name} | {lv.meaning}" for lv in levels])


# Rows <-> records ------------------------------------------------------------------------


def incident_to_row(incident: Incident) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": incident.id,
        "plan_id": incident.plan_id,
        "number": incident.number,
        "title": clean_line(incident.title),
        "severity": clean_line(incident.severity),
        "status": incident.status.value,
        "impact_kind": incident.impact_kind.value,
        "impact_percent": incident.impact_percent,
        "bad_events": incident.bad_events,
        "outage_minutes": incident.outage_minutes,
        "trigger_type": clean_line(incident.trigger),
        "root_cause_category": clean_line(incident.root_cause_category),
    }
    for column, _ in TIMESTAMPS:
        row[column] = to_stored(getattr(incident, column))
    for column, _ in SECTIONS:
        row[column] = clean_text(getattr(incident, column))
    return row


def _incident_from_row(row: dict[str, Any]) -> Incident:
    values: dict[str, Any] = {c: row[c] for c in INCIDENT_COLUMNS if c != "trigger_type"}
    values["trigger"] = row["trigger_type"]
    values["status"] = Status(row["status"])
    values["impact_kind"] = ImpactKind(row["impact_kind"])
    for column, _ in TIMESTAMPS:
        values[column] = from_stored(row[column])
    return Incident(**values)


def factor_row(plan_id: str, incident_id: str, f: Factor, position: int) -> dict[str, Any]:
    return {
        "id": f.id or new_id(),
        "plan_id": plan_id,
        "incident_id": incident_id,
        "position": position,
        "text": clean_text(f.text),
        "catalog_key": f.catalog_key.strip(),
    }


def responder_row(plan_id: str, incident_id: str, r: Responder, position: int) -> dict[str, Any]:
    return {
        "id": r.id or new_id(),
        "plan_id": plan_id,
        "incident_id": incident_id,
        "position": position,
        "name": clean_line(r.name),
        "role": r.role.value,
        "side": r.side.value,
    }


def timeline_row(plan_id: str, incident_id: str, t: TimelineEntry, position: int) -> dict[str, Any]:
    return {
        "id": t.id or new_id(),
        "plan_id": plan_id,
        "incident_id": incident_id,
        "position": position,
        "at": to_stored(t.at),
        "event": clean_line(t.event),
        "source": clean_line(t.source),
        "starred": int(t.starred),
    }


def action_row(plan_id: str, incident_id: str, a: ActionItem, position: int) -> dict[str, Any]:
    return {
        "id": a.id or new_id(),
        "plan_id": plan_id,
        "incident_id": incident_id,
        "position": position,
        "title": clean_line(a.title),
        "kind": a.kind.value,
        "priority": a.priority.value,
        "owner": clean_line(a.owner),
        "due_date": a.due.isoformat() if a.due else None,
        "status": a.status.value,
        "status_reason": clean_line(a.status_reason),
        "checkpoint_id": a.checkpoint_id,
        "finding_id": a.finding_id,
        "adr_id": a.adr_id,
    }


def _action_from_row(r: dict[str, Any]) -> ActionItem:
    return ActionItem(
        id=r["id"],
        title=r["title"],
        kind=ActionType(r["kind"]),
        priority=Priority(r["priority"]),
        owner=r["owner"],
        due=date_from_stored(r["due_date"]),
        status=ActionStatus(r["status"]),
        status_reason=r["status_reason"],
        checkpoint_id=r["checkpoint_id"],
        finding_id=r["finding_id"],
        adr_id=r["adr_id"],
    )


def _children(ws: Workspace, incident_id: str) -> dict[str, Any]:
    q = "WHERE incident_id = ? ORDER BY position, rowid"
    return {
        "slo_ids": tuple(
            r["slo_id"]
            for r in ws.rows(
                "SELECT l.slo_id FROM incident_slos l JOIN slos s ON s.id = l.slo_id "
                "WHERE l.incident_id = ? ORDER BY s.name COLLATE NOCASE, s.rowid",
                [incident_id],
            )
        ),
        "component_ids": tuple(
            r["component_id"]
            for r in ws.rows(
                "SELECT l.component_id FROM incident_components l "
                "JOIN components c ON c.id = l.component_id "
                "WHERE l.incident_id = ? ORDER BY c.position, c.name COLLATE NOCASE",
                [incident_id],
            )
        ),
        "factors": tuple(
            Factor(r["text"], r["catalog_key"], r["id"])
            for r in ws.rows(
                f"SELECT id, text, catalog_key FROM incident_factors {q}", [incident_id]
            )
        ),
        "responders": tuple(
            Responder(r["name"], ResponderRole(r["role"]), Side(r["side"]), r["id"])
            for r in ws.rows(
                f"SELECT id, name, role, side FROM incident_responders {q}", [incident_id]
            )
        ),
        "timeline": tuple(
            TimelineEntry(
                from_stored(r["at"]), r["event"], r["source"], bool(r["starred"]), r["id"]
            )
            for r in ws.rows(
                f"SELECT id, at, event, source, starred FROM incident_timeline {q}", [incident_id]
            )
        ),
        "actions": tuple(
            _action_from_row(r)
            for r in ws.rows(f"SELECT * FROM incident_actions {q}", [incident_id])
        ),
    }


def get_incident(ws: Workspace, incident_id: str) -> Incident:
    try:
        row = records.fetch(ws, "incidents", incident_id, INCIDENT_COLUMNS)
    except LookupError as exc:
        raise IncidentError("That incident no longer exists.") from exc
    return replace(_incident_from_row(row), **_children(ws, incident_id))


def incident_ids(ws: Workspace, plan_id: str) -> list[str]:
    """The plan's incidents, newest number first (the log's order)."""
    return [
        r[0]
        for r in ws.conn.execute(
            "SELECT id FROM incidents WHERE plan_id = ? ORDER BY number DESC", [plan_id]
        )
    ]


def list_incidents(ws: Workspace, plan_id: str) -> list[Incident]:
    return [get_incident(ws, i) for i in incident_ids(ws, plan_id)]


def find_by_number(ws: Workspace, plan_id: str, number: int) -> str:
    found = ws.scalar(
        "SELECT id FROM incidents WHERE plan_id = ? AND number = ?", [plan_id, number]
    )
    if found is None:
        raise IncidentError(f"The plan has no incident {incident_key(number)}.")
    return str(found)


def next_number(ws: Workspace, plan_id: str) -> int:
    return int(
        ws.scalar("SELECT coalesce(max(number), 0) + 1 FROM incidents WHERE plan_id = ?", [plan_id])
    )


# Checks --------------------------------------------------------------------------------


def _ids_of_plan(ws: Workspace, table: str, plan_id: str, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    return {
        r[0]
        for r in ws.conn.execute(
            f"SELECT id FROM {table} WHERE plan_id = ? AND id IN ({marks})", [plan_id, *wanted]
        )
    }


def validate(ws: Workspace, incident: Incident, *, severity: bool = True) -> None:
    """Refuse what an incident must never hold, naming the field (see the module doc).

    ``severity=False`` skips the scale check: an incident keeps its level when the plan
    edits its scale later, until someone changes it.
    """
    where = f"{incident.key} ({incident.title.strip() or 'untitled'})"
    problem = title_error(incident.title)
    if problem:
        raise IncidentError(f"{where}: {problem}")
    scale = [lv.name for lv in severities(ws, incident.plan_id)]
    if severity and clean_line(incident.severity) not in scale:
        raise IncidentError(
            f"{where}: severity {incident.severity!r} is not on the plan's scale "
            f"({', '.join(scale)})."
        )
    for problem in (
        percent_error(incident.impact_percent),
        count_error(incident.bad_events, "Bad events"),
        count_error(incident.outage_minutes, "Outage minutes"),
    ):
        if problem:
            raise IncidentError(f"{where}: {problem}")
    times = {c: getattr(incident, c) for c, _ in TIMESTAMPS}
    for value in times.values():
        if value is not None and value.tzinfo is None:
            raise IncidentError(f"{where}: every timestamp needs a time zone.")
    errors = order_errors(times)
    if errors:
        raise IncidentError(f"{where}: {next(iter(errors.values()))}")
    foreign = set(incident.slo_ids) - _ids_of_plan(ws, "slos", incident.plan_id, incident.slo_ids)
    if foreign:
        raise IncidentError(f"{where}: an SLO it links to is not one of this plan's SLOs.")
    comps = set(incident.component_ids) - _ids_of_plan(
        ws, "components", incident.plan_id, incident.component_ids
    )
    if comps:
        raise IncidentError(f"{where}: a component it links to is not in this plan's inventory.")
    for action in incident.actions:
        action_problem = action_error(action)
        if action_problem:
            raise IncidentError(f"{where}: action item {action.title!r}: {action_problem}")
    for entry in incident.timeline:
        if entry.at is not None and entry.at.tzinfo is None:
            raise IncidentError(f"{where}: timeline entry {entry.event!r} needs a time zone.")


def action_error(action: ActionItem) -> str | None:
    if not action.title.strip():
        return "An action item needs a title."
    if action.status is ActionStatus.NOT_DOING and not action.status_reason.strip():
        return "'Not doing' needs a written reason."
    return None


# Writers -------------------------------------------------------------------------------


def insert_incident(ws: Workspace, incident: Incident) -> None:
    """Write an incident with everything it holds, all or nothing."""
    with ws.write():
        validate(ws, incident)
        records.insert(ws, "incidents", [incident_to_row(incident)])
        _write_children(ws, incident)


def _write_children(ws: Workspace, incident: Incident) -> None:
    p, i = incident.plan_id, incident.id
    records.insert(
        ws,
        "incident_slos",
        [{"id": new_id(), "plan_id": p, "incident_id": i, "slo_id": s} for s in incident.slo_ids],
    )
    records.insert(
        ws,
        "incident_components",
        [
            {"id": new_id(), "plan_id": p, "incident_id": i, "component_id": c}
            for c in incident.component_ids
        ],
    )
    records.insert(
        ws, "incident_factors", [factor_row(p, i, f, n) for n, f in enumerate(incident.factors)]
    )
    records.insert(
        ws,
        "incident_responders",
        [responder_row(p, i, r, n) for n, r in enumerate(incident.responders)],
    )
    records.insert(
        ws, "incident_timeline", [timeline_row(p, i, t, n) for n, t in enumerate(incident.timeline)]
    )
    records.insert(
        ws, "incident_actions", [action_row(p, i, a, n) for n, a in enumerate(incident.actions)]
    )


def update_incident(ws: Workspace, incident_id: str, values: dict[str, Any]) -> None:
    """Set some columns of an incident (stored forms), checked as a whole before writing."""
    with ws.write():
        current = get_incident(ws, incident_id)
        row = {**incident_to_row(current), **values}
        candidate = replace(_incident_from_row(row), **_children(ws, incident_id))
        validate(ws, candidate, severity="severity" in values)
        records.update(ws, "incidents", incident_id, values)


def set_links(ws: Workspace, incident_id: str, table: str, ids: Sequence[str]) -> None:
    """Make ``ids`` the incident's SLOs (``incident_slos``) or components."""
    column = {"incident_slos": "slo_id", "incident_components": "component_id"}[table]
    with ws.write() as conn:
        current = get_incident(ws, incident_id)
        if table == "incident_slos":
            validate(ws, replace(current, slo_ids=tuple(ids)), severity=False)
        else:
            validate(ws, replace(current, component_ids=tuple(ids)), severity=False)
        keep = set(ids)
        existing = {
            r[column]: r["id"]
            for r in ws.rows(
                f"SELECT id, {column} FROM {table} WHERE incident_id = ?", [incident_id]
            )
        }
        gone = [rid for target, rid in existing.items() if target not in keep]
        records.delete(ws, table, gone)
        for target in ids:
            if target not in existing:
                conn.execute(
                    f"INSERT INTO {table} (id, plan_id, incident_id, {column}) VALUES (?, ?, ?, ?)",
                    [new_id(), current.plan_id, incident_id, target],
                )


def _next_position(ws: Workspace, table: str, incident_id: str) -> int:
    return int(
        ws.scalar(
            f"SELECT coalesce(max(position) + 1, 0) FROM {table} WHERE incident_id = ?",
            [incident_id],
        )
    )


def add_action(ws: Workspace, incident_id: str, action: ActionItem) -> str:
    problem = action_error(action)
    if problem:
        raise IncidentError(problem)
    with ws.write():
        plan_id = ws.scalar("SELECT plan_id FROM incidents WHERE id = ?", [incident_id])
        row = action_row(
            plan_id, incident_id, action, _next_position(ws, "incident_actions", incident_id)
        )
        records.insert(ws, "incident_actions", [row])
    return str(row["id"])


def get_action(ws: Workspace, action_id: str) -> ActionItem:
    rows = ws.rows("SELECT * FROM incident_actions WHERE id = ?", [action_id])
    if not rows:
        raise IncidentError("That action item no longer exists.")
    return _action_from_row(rows[0])


def incident_of_action(ws: Workspace, action_id: str) -> str | None:
    """The incident a postmortem action item belongs to (None if there is no such item)."""
    value = ws.scalar("SELECT incident_id FROM incident_actions WHERE id = ?", [action_id])
    return None if value is None else str(value)


def update_action(ws: Workspace, action_id: str, action: ActionItem) -> None:
    problem = action_error(action)
    if problem:
        raise IncidentError(problem)
    with ws.write():
        row = ws.rows(
            "SELECT plan_id, incident_id, position FROM incident_actions WHERE id = ?", [action_id]
        )
        if not row:
            raise IncidentError("That action item no longer exists.")
        r = row[0]
        values = action_row(
            r["plan_id"], r["incident_id"], replace(action, id=action_id), r["position"]
        )
        records.update(ws, "incident_actions", action_id, values)


def add_timeline(ws: Workspace, incident_id: str, entry: TimelineEntry) -> str:
    if not entry.event.strip():
        raise IncidentError("A timeline entry needs an event.")
    with ws.write():
        plan_id = ws.scalar("SELECT plan_id FROM incidents WHERE id = ?", [incident_id])
        row = timeline_row(
            plan_id, incident_id, entry, _next_position(ws, "incident_timeline", incident_id)
        )
        records.insert(ws, "incident_timeline", [row])
    return str(row["id"])


def add_factor(ws: Workspace, incident_id: str, factor: Factor) -> str:
    if not factor.text.strip():
        raise IncidentError("A contributing factor needs a description.")
    with ws.write():
        plan_id = ws.scalar("SELECT plan_id FROM incidents WHERE id = ?", [incident_id])
        row = factor_row(
            plan_id, incident_id, factor, _next_position(ws, "incident_factors", incident_id)
        )
        records.insert(ws, "incident_factors", [row])
    return str(row["id"])


def add_responder(ws: Workspace, incident_id: str, responder: Responder) -> str:
    if not responder.name.strip():
        raise IncidentError("A responder needs a name.")
    with ws.write():
        plan_id = ws.scalar("SELECT plan_id FROM incidents WHERE id = ?", [incident_id])
        row = responder_row(
            plan_id, incident_id, responder, _next_position(ws, "incident_responders", incident_id)
        )
        records.insert(ws, "incident_responders", [row])
    return str(row["id"])


def delete_rows(ws: Workspace, table: str, ids: Sequence[str]) -> None:
    if table not in TABLES:
        raise ValueError(table)
    records.delete(ws, table, ids)


# Blamelessness dismissals --------------------------------------------------------------


def dismissals(ws: Workspace, incident_id: str) -> dict[str, str]:
    """fingerprint -> reason, for the incident's dismissed blamelessness suggestions."""
    return {
        r["fingerprint"]: r["reason"]
        for r in ws.rows(
            "SELECT fingerprint, reason FROM blame_dismissals WHERE incident_id = ?", [incident_id]
        )
    }


def dismiss(ws: Workspace, incident_id: str, fingerprint: str, reason: str) -> None:
    if not reason.strip():
        raise IncidentError("Say why the suggestion does not apply.")
    with ws.write() as conn:
        plan_id = ws.scalar("SELECT plan_id FROM incidents WHERE id = ?", [incident_id])
        conn.execute(
            "DELETE FROM blame_dismissals WHERE incident_id = ? AND fingerprint = ?",
            [incident_id, fingerprint],
        )
        records.insert(
            ws,
            "blame_dismissals",
            [
                {
                    "id": new_id(),
                    "plan_id": plan_id,
                    "incident_id": incident_id,
                    "fingerprint": fingerprint,
                    "reason": reason.strip(),
                    "dismissed_at": now_iso(),
                }
            ],
        )


# Names the plan knows: for the blamelessness check and the pickers ---------------------


def people(ws: Workspace, plan_id: str) -> list[str]:
    """Stakeholders' and responders' names, for the blamelessness check."""
    names = [
        r[0]
        for r in ws.conn.execute(
            "SELECT name FROM stakeholders WHERE plan_id = ? AND trim(name) <> '' "
            "UNION SELECT name FROM incident_responders WHERE plan_id = ? AND trim(name) <> ''",
            [plan_id, plan_id],
        )
    ]
    return sorted(set(names))


def slo_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    return [
        (r["id"], r["title"])
        for r in ws.rows(
            "SELECT id, coalesce(nullif(display_name, ''), name) AS title FROM slos "
            "WHERE plan_id = ? ORDER BY name COLLATE NOCASE, rowid",
            [plan_id],
        )
    ]


def component_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    return [
        (r["id"], r["name"])
        for r in ws.rows(
            "SELECT id, name FROM components WHERE plan_id = ? "
            "ORDER BY position, name COLLATE NOCASE",
            [plan_id],
        )
    ]


def link_choices(ws: Workspace, plan_id: str) -> dict[str, list[tuple[str, str]]]:
    """What an action item can point at: checklist items, findings and ADRs of the plan."""
    return {
        "checkpoint": [
            (r["id"], r["title"])
            for r in ws.rows(
                "SELECT id, title FROM checkpoints WHERE plan_id = ? ORDER BY position, rowid",
                [plan_id],
            )
        ],
        "finding": [
            (r["id"], r["title"])
            for r in ws.rows(
                "SELECT id, title FROM findings WHERE plan_id = ? ORDER BY title COLLATE NOCASE",
                [plan_id],
            )
        ],
        "adr": [
            (r["id"], f"ADR-{r['number']}: {r['title']}")
            for r in ws.rows(
                "SELECT id, number, title FROM adrs WHERE plan_id = ? ORDER BY number", [plan_id]
            )
        ],
    }


def last_review_date(ws: Workspace, plan_id: str, on_or_before: date) -> date | None:
    """When the plan's last review session was held (for "incidents since the last review")."""
    value = ws.scalar(
        "SELECT max(held_on) FROM review_sessions WHERE plan_id = ? AND held_on <= ?",
        [plan_id, on_or_before.isoformat()],
    )
    return date.fromisoformat(value) if value else None
