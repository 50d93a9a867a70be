"""The tracker's part of a phase gate: an open P0 item linked to a phase blocks it.

Checkpoints come before this feature, so the gate asks for these through the
schema's hooks (kernel/hooks.py). Checklist items themselves are left out: the
checklist's own rule already holds a phase on an open High-risk item.
"""

from __future__ import annotations

from sreplan.actions.model import Priority, TrackedAction
from sreplan.actions.sources import finding_items, manual_items, postmortem_items
from sreplan.kernel.hooks import GateBlocker
from sreplan.kernel.workspace import Workspace


def open_p0_linked(ws: Workspace, plan_id: str) -> list[TrackedAction]:
    items = [
        *manual_items(ws, plan_id), *finding_items(ws, plan_id), *postmortem_items(ws, plan_id)
    ]
    return [
        i
        for i in items
        if i.phase_id and i.priority is Priority.P0 and i.status.is_open
    ]


def gate_blockers(ws: Workspace, plan_id: str) -> list[GateBlocker]:
    return [
        GateBlocker(i.phase_id or "", f"open P0 action item “{i.title}” ({i.source})")
        for i in sorted(open_p0_linked(ws, plan_id), key=lambda i: (i.due is None, i.due, i.title))
    ]



