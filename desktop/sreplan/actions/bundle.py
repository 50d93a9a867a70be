"""The feedback loop in a bundle (``actions.yaml``): action items added by hand, what
each lesson became, the evidence of checklist items and which components serve which
service; and the actions opened and closed between two milestones."""

from __future__ import annotations

from sreplan.actions.model import ActionStatus, Priority
from sreplan.kernel.bundle import BundlePart, Change, Records, Row, TableFile

FILE = "actions.yaml"

PART = BundlePart(
    files=(
        TableFile(
            FILE,
            ("actions", "lesson_controls", "service_components", "checkpoint_evidence_links"),
            choices={"actions.status": ActionStatus, "actions.priority": Priority},
        ),
    ),
    changes="sreplan.actions.bundle:changes",
)


def _is_open(status: str) -> bool:
    try:
        return ActionStatus(status).is_open
    except ValueError:
        return True


def _label(status: str) -> str:
    try:
        return ActionStatus(status).label
    except ValueError:
        return status


def changes(before: Records, after: Records) -> list[Change]:
    old: dict[str, Row] = {r["id"]: r for r in before.get(FILE, {}).get("actions", [])}
    new: dict[str, Row] = {r["id"]: r for r in after.get(FILE, {}).get("actions", [])}
    found: list[Change] = []
    for aid in sorted(new, key=lambda i: (new[i]["title"], i)):
        now = new[aid]
        if aid not in old:
            if _is_open(now["status"]):
                found.append(Change("Actions", "opened", now["title"], now["priority"]))
            continue
        was = old[aid]
        if _is_open(was["status"]) and not _is_open(now["status"]):
            found.append(Change("Actions", "closed", now["title"], _label(now["status"])))
        elif not _is_open(was["status"]) and _is_open(now["status"]):
            found.append(Change("Actions", "reopened", now["title"]))
    for aid in sorted(old.keys() - new.keys(), key=lambda i: (old[i]["title"], i)):
        found.append(Change("Actions", "removed", old[aid]["title"]))
    return found
