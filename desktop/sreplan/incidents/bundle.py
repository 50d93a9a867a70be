"""Incidents in a bundle: the log as records, each postmortem as Markdown beside it."""

from __future__ import annotations

from sreplan.incidents.model import (
    ActionStatus,
    ActionType,
    ImpactKind,
    Priority,
    ResponderRole,
    Side,
    Status,
)
from sreplan.kernel.bundle import BundlePart, Change, Records, Row, TableFile
from sreplan.kernel.workspace import Workspace

FILE = "incidents/incidents.yaml"
POSTMORTEMS = "incidents/postmortems/"

PART = BundlePart(
    files=(
        TableFile(
            FILE,
            (
                "incident_settings",
                "incidents",
                "incident_responders",
                "incident_timeline",
                "incident_factors",
                "incident_slos",
                "incident_components",
                "incident_actions",
                "blame_dismissals",
            ),
            order={"incidents": ("number",)},
            choices={
                "incidents.status": Status,
                "incidents.impact_kind": ImpactKind,
                "incident_responders.role": ResponderRole,
                "incident_responders.side": Side,
                "incident_actions.kind": ActionType,
                "incident_actions.priority": Priority,
                "incident_actions.status": ActionStatus,
            },
        ),
    ),
    derived="sreplan.incidents.bundle:derived",
    derived_paths=(POSTMORTEMS,),
    changes="sreplan.incidents.bundle:changes",
)


def derived(ws: Workspace, plan_id: str) -> dict[str, str]:
    """One postmortem per incident in the SRE book's template (as export-postmortem)."""
    from sreplan.incidents import store
    from sreplan.incidents.formats.postmortem import file_name
    from sreplan.incidents.transfer import markdown_for

    files = {}
    for incident_id in store.incident_ids(ws, plan_id):
        incident = store.get_incident(ws, incident_id)
        files[POSTMORTEMS + file_name(incident)] = markdown_for(ws, incident)
    return files


def _is_open(status: str) -> bool:
    return status in (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


def changes(before: Records, after: Records) -> list[Change]:
    old: dict[str, Row] = {r["id"]: r for r in before.get(FILE, {}).get("incident_actions", [])}
    found: list[Change] = []
    for action in sorted(after.get(FILE, {}).get("incident_actions", []), key=lambda r: r["title"]):
        was = old.get(action["id"])
        if was is None and _is_open(action["status"]):
            found.append(Change("Actions", "opened", action["title"], "incident action"))
        elif was is not None and _is_open(was["status"]) and not _is_open(action["status"]):
            label = ActionStatus(action["status"]).label
            found.append(Change("Actions", "closed", action["title"], label))
        elif was is not None and not _is_open(was["status"]) and _is_open(action["status"]):
            found.append(Change("Actions", "reopened", action["title"]))
    return found
