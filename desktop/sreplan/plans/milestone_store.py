"""The milestones table: immutable, named, dated snapshots of a plan."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any

from sreplan.kernel.errors import UserError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso


class MilestoneError(UserError):
    """A milestone that cannot be recorded or found."""


@dataclass(frozen=True)
class Milestone:
    id: str
    plan_id: str
    name: str
    recorded_at: str  # ISO 8601, UTC
    session_id: str | None = None

    @property
    def date(self) -> str:
        return self.recorded_at[:10]


_COLUMNS = "id, plan_id, name, recorded_at, session_id"


def list_milestones(ws: Workspace, plan_id: str) -> list[Milestone]:
    """The plan's milestones, oldest first."""
    rows = ws.rows(
        f"SELECT {_COLUMNS} FROM milestones WHERE plan_id = ? ORDER BY recorded_at, rowid",
        [plan_id],
    )
    return [Milestone(**r) for r in rows]


def find_milestone(ws: Workspace, plan_id: str, name: str) -> Milestone:
    """A milestone by its exact name (or, failing that, a case-insensitive match)."""
    milestones = list_milestones(ws, plan_id)
    for wanted in (name, name.strip().casefold()):
        for milestone in milestones:
            if wanted in (milestone.name, milestone.name.casefold()):
                return milestone
    known = ", ".join(repr(m.name) for m in milestones) or "none yet"
    raise MilestoneError(f"the plan has no milestone {name!r}; its milestones: {known}.")


def insert_milestone(
    ws: Workspace,
    plan_id: str,
    name: str,
    snapshot: dict[str, Any],
    *,
    session_id: str | None = None,
    recorded_at: str | None = None,
) -> Milestone:
    """Store a new milestone; a name the plan already has is refused."""
    name = " ".join(name.split())
    if not name:
        raise MilestoneError("A milestone needs a name.")
    taken = ws.scalar(
        "SELECT 1 FROM milestones WHERE plan_id = ? AND name = ?", [plan_id, name]
    )
    if taken:
        raise MilestoneError(f"The plan already has a milestone named {name!r}.")
    milestone = Milestone(new_id(), plan_id, name, recorded_at or now_iso(), session_id)
    data = zlib.compress(json.dumps(snapshot, separators=(",", ":")).encode("utf-8"), 6)
    with ws.write() as conn:
        conn.execute(
            "INSERT INTO milestones (id, plan_id, name, recorded_at, session_id, snapshot) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [milestone.id, plan_id, name, milestone.recorded_at, session_id, data],
        )
    return milestone


def load_snapshot(ws: Workspace, milestone_id: str) -> dict[str, Any]:
    data = ws.scalar("SELECT snapshot FROM milestones WHERE id = ?", [milestone_id])
    if data is None:
        raise MilestoneError("That milestone no longer exists.")
    snapshot: dict[str, Any] = json.loads(zlib.decompress(data))
    return snapshot
