"""Milestones: named, dated snapshots of a plan's records, and what changed since.

A snapshot is what a bundle holds (every part's records, see ``export.collect``)
plus each part's ``facts`` (figures that are not records, such as demand peaks).
"What changed" is each part's own semantic comparison of two snapshots, never a
text diff; a feature that lands later adds its lines with its part's ``changes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sreplan.bundle.export import collect
from sreplan.bundle.parts import FORMAT, MILESTONE_FOLDER, keyed_parts
from sreplan.kernel import edits
from sreplan.kernel.bundle import Change, Records
from sreplan.kernel.feature import load
from sreplan.kernel.workspace import Workspace
from sreplan.kernel.yamlout import dump
from sreplan.plans.milestone_store import (
    Milestone,
    MilestoneError,
    find_milestone,
    insert_milestone,
    list_milestones,
    load_snapshot,
)

AREAS = ("SLOs", "Checklist", "Gates", "Findings", "Decisions", "Capacity", "Actions")


def snapshot(ws: Workspace, plan_id: str) -> dict[str, Any]:
    """The plan as it is now, as a milestone keeps it."""
    taken: dict[str, Any] = dict(collect(ws, plan_id))
    for key, part in keyed_parts():
        if part.facts:
            taken[f"facts/{key}"] = load(part.facts)(ws, plan_id)
    return taken


def record_milestone(
    ws: Workspace, plan_id: str, name: str, *, session_id: str | None = None
) -> Milestone:
    """Store an immutable snapshot of the plan under ``name`` (MilestoneError if taken)."""
    return insert_milestone(ws, plan_id, name, snapshot(ws, plan_id), session_id=session_id)


def milestone_edit(plan_id: str, name: str, session_id: str | None = None) -> edits.Edit:
    """Plan › Record Milestone… as one undoable step."""
    return edits.make(
        f"Record Milestone {name.strip()}",
        {"milestones"},
        lambda ws: record_milestone(ws, plan_id, name, session_id=session_id),
        plan_id=plan_id,
    )


def session_milestone_name(ws: Workspace, plan_id: str, session_id: str) -> str:
    """"Architecture review 2026-11-20" for a session; made unique among the plan's names."""
    from sreplan.architecture.session_store import session_row

    row = session_row(ws, session_id) or {}
    title = " ".join(str(row.get("title") or "Review session").split())
    name = f"{title} {row['held_on']}" if row.get("held_on") else title
    taken = {m.name for m in list_milestones(ws, plan_id)}
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def _area_rank(change: Change) -> int:
    return AREAS.index(change.area) if change.area in AREAS else len(AREAS)


def changes_between(before: Records, after: Records) -> list[Change]:
    """Every part's changes from ``before`` to ``after``, grouped by area."""
    found: list[Change] = []
    for _, part in keyed_parts():
        if part.changes:
            found.extend(load(part.changes)(before, after))
    return sorted(found, key=_area_rank)  # stable: each part's own order within an area


@dataclass(frozen=True)
class ChangesSince:
    """What changed from ``since`` to ``until`` (None: the plan as it is now)."""

    since: Milestone
    until: Milestone | None
    changes: tuple[Change, ...]

    def summary(self) -> str:
        """One line, e.g. for the executive summary: "Since Design review (2026-11-02): …"."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.area] = counts.get(change.area, 0) + 1
        head = f"Since {self.since.name} ({self.since.date})"
        if not self.changes:
            return f"{head}: no changes."
        parts = ", ".join(f"{area}: {n}" for area, n in counts.items())
        plural = "s" if len(self.changes) != 1 else ""
        return f"{head}: {len(self.changes)} change{plural} ({parts})."


def changes_since(
    ws: Workspace, plan_id: str, since: str, until: str | None = None
) -> ChangesSince:
    """Changes since the milestone named ``since`` (to ``until``, or to now)."""
    start = find_milestone(ws, plan_id, since)
    end = find_milestone(ws, plan_id, until) if until else None
    before = load_snapshot(ws, start.id)
    after = load_snapshot(ws, end.id) if end else snapshot(ws, plan_id)
    return ChangesSince(start, end, tuple(changes_between(before, after)))


def changes_since_last_review(ws: Workspace, plan_id: str) -> ChangesSince | None:
    """What changed since the plan's latest milestone (None when it has none).

    For the executive summary and the report's "Changes since the last review".
    """
    milestones = list_milestones(ws, plan_id)
    if not milestones:
        return None
    last = milestones[-1]
    before = load_snapshot(ws, last.id)
    return ChangesSince(last, None, tuple(changes_between(before, snapshot(ws, plan_id))))


def _file_names(milestones: list[Milestone]) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for milestone in milestones:
        slug = re.sub(r"[^a-z0-9]+", "-", milestone.name.casefold()).strip("-")[:60] or "milestone"
        if slug in taken:
            slug = f"{slug}-{milestone.id[:8]}"
        taken.add(slug)
        names[milestone.id] = f"{MILESTONE_FOLDER}/{slug}.yaml"
    return names


def milestone_files(ws: Workspace, plan_id: str) -> dict[str, str]:
    """``milestones/NAME.yaml`` per milestone: what changed since the one before it."""
    milestones = list_milestones(ws, plan_id)
    names = _file_names(milestones)
    files: dict[str, str] = {}
    previous: Milestone | None = None
    previous_snapshot: Records | None = None
    for milestone in milestones:
        current = load_snapshot(ws, milestone.id)
        found = changes_between(previous_snapshot, current) if previous_snapshot else []
        data: dict[str, Any] = {
            "format": FORMAT,
            "name": milestone.name,
            "recorded_at": milestone.recorded_at,
            "session_id": milestone.session_id,
            "since": previous.name if previous else None,
            "changes": [
                {"area": c.area, "kind": c.kind, "subject": c.subject, "detail": c.detail}
                for c in found
            ],
        }
        header = (
            "# SRE Plan milestone: what changed since the one before (not read back); "
            "schema: schema/milestone.schema.json\n"
        )
        files[names[milestone.id]] = dump(data, header)
        previous, previous_snapshot = milestone, current
    return files


__all__ = [
    "ChangesSince",
    "MilestoneError",
    "changes_between",
    "changes_since",
    "changes_since_last_review",
    "milestone_edit",
    "milestone_files",
    "record_milestone",
    "snapshot",
]
