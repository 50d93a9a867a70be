"""Milestones: named, dated snapshots of a plan's records, and what changed since."""

from __future__ import annotations

from sreplan.kernel.workspace import Workspace


def milestone_files(ws: Workspace, plan_id: str) -> dict[str, str]:
    return {}
