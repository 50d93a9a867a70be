"""Every change a user makes to incidents, as an undoable kernel Edit (Qt-free).

Each builder returns an :class:`~sreplan.kernel.edits.Edit` whose action writes
through :mod:`sreplan.incidents.store`; the store's checks raise an
``IncidentError`` inside the transaction, so a refused change writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sreplan.incidents import store
from sreplan.incidents.model import (
    ActionItem,
    Factor,
    Incident,
    Responder,
    TimelineEntry,
    incident_key,
)
from sreplan.kernel.edits import Action, Edit, make
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace

TABLES = store.TABLES


def new_incident(plan_id: str, title: str, severity: str = "", incident_id: str = "") -> Edit:
    """A new incident numbered after the plan's last (INC-n), on the plan's scale."""
    incident_id = incident_id or new_id()

    def action(ws: Workspace) -> None:
        level = severity or _middle_severity(ws, plan_id)
        number = store.next_number(ws, plan_id)
        store.insert_incident(
            ws, Incident(incident_id, plan_id, number, title.strip(), severity=level)
        )

    return make("New Incident", TABLES, action, plan_id=plan_id)


def _middle_severity(ws: Workspace, plan_id: str) -> str:
    scale = store.severities(ws, plan_id)
    return scale[len(scale) // 2].name


def add_incident(incident: Incident, label: str = "Add Incident") -> Edit:
    return make(
        label, TABLES, lambda ws: store.insert_incident(ws, incident), plan_id=incident.plan_id
    )


def set_fields(
    incident_id: str, plan_id: str, values: dict[str, Any], label: str, *, merge: bool = False
) -> Edit:
    """Set columns of an incident (stored forms); with ``merge``, keystrokes join one step."""
    key = ("incident", incident_id, tuple(sorted(values))) if merge else None
    return make(
        label,
        {"incidents"},
        lambda ws: store.update_incident(ws, incident_id, dict(values)),
        plan_id=plan_id,
        merge_key=key,
    )


def set_slos(incident_id: str, plan_id: str, slo_ids: Sequence[str]) -> Edit:
    ids = list(slo_ids)
    return make(
        "Link SLOs",
        {"incident_slos"},
        lambda ws: store.set_links(ws, incident_id, "incident_slos", ids),
        plan_id=plan_id,
    )


def set_components(incident_id: str, plan_id: str, component_ids: Sequence[str]) -> Edit:
    ids = list(component_ids)
    return make(
        "Link Components",
        {"incident_components"},
        lambda ws: store.set_links(ws, incident_id, "incident_components", ids),
        plan_id=plan_id,
    )


def add_action(incident_id: str, plan_id: str, action: ActionItem) -> Edit:
    item = replace(action, id=action.id or new_id())
    return make(
        "Add Action Item",
        {"incident_actions"},
        _discard(store.add_action, incident_id, item),
        plan_id=plan_id,
    )


def update_action(action_id: str, plan_id: str, action: ActionItem) -> Edit:
    return make(
        "Edit Action Item",
        {"incident_actions"},
        lambda ws: store.update_action(ws, action_id, action),
        plan_id=plan_id,
    )


def add_timeline(incident_id: str, plan_id: str, entry: TimelineEntry) -> Edit:
    item = replace(entry, id=entry.id or new_id())
    return make(
        "Add Timeline Entry",
        {"incident_timeline"},
        _discard(store.add_timeline, incident_id, item),
        plan_id=plan_id,
    )


def add_factor(incident_id: str, plan_id: str, factor: Factor) -> Edit:
    item = replace(factor, id=factor.id or new_id())
    return make(
        "Add Contributing Factor",
        {"incident_factors"},
        _discard(store.add_factor, incident_id, item),
        plan_id=plan_id,
    )


def add_responder(incident_id: str, plan_id: str, responder: Responder) -> Edit:
    item = replace(responder, id=responder.id or new_id())
    return make(
        "Add Responder",
        {"incident_responders"},
        _discard(store.add_responder, incident_id, item),
        plan_id=plan_id,
    )


def _discard(write: Callable[[Workspace, str, Any], str], incident_id: str, item: Any) -> Action:
    """An edit action from a store writer that returns the new row's id."""

    def action(ws: Workspace) -> None:
        write(ws, incident_id, item)

    return action


def delete_rows(table: str, ids: Sequence[str], plan_id: str, label: str) -> Edit:
    chosen = list(ids)
    return make(label, {table}, lambda ws: store.delete_rows(ws, table, chosen), plan_id=plan_id)


def delete_incident(incident_id: str, plan_id: str, number: int) -> Edit:
    return make(
        f"Delete {incident_key(number)}",
        TABLES,
        lambda ws: store.delete_rows(ws, "incidents", [incident_id]),
        plan_id=plan_id,
    )


def dismiss(incident_id: str, plan_id: str, fingerprint: str, reason: str) -> Edit:
    return make(
        "Dismiss Suggestion",
        {"blame_dismissals"},
        lambda ws: store.dismiss(ws, incident_id, fingerprint, reason),
        plan_id=plan_id,
    )


def set_list(plan_id: str, column: str, values: Sequence[str] | None, label: str) -> Edit:
    chosen = None if values is None else list(values)
    return make(
        label,
        {"incident_settings"},
        lambda ws: store.set_list(ws, plan_id, column, chosen),
        plan_id=plan_id,
    )


def import_incidents(plan_id: str, incidents: Sequence[Incident]) -> Edit:
    """Several incidents in one step (an import): all written or none."""
    chosen = list(incidents)

    def action(ws: Workspace) -> None:
        for incident in chosen:
            store.insert_incident(ws, incident)

    return make("Import Postmortems", TABLES, action, plan_id=plan_id)
