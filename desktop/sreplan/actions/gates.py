"""The tracker's part of a phase gate: an open P0 item linked to a phase blocks it.

Checkpoints come before this feature, so the gate asks for these through the
schema's hooks (kernel/hooks.py). Checklist items themselves are left out: the
checklist's own rule already holds a phase on an open High-risk item. A hand-added
item names its phase; a finding or postmortem action is linked to a phase through
the checklist item it names. Three indexed queries, since every gate refresh asks.
"""

from __future__ import annotations

from sreplan.kernel.hooks import GateBlocker
from sreplan.kernel.workspace import Workspace

_OPEN = "('open', 'in_progress')"
_QUERIES = (
    # (phase id, title, source label, due) of open P0 items linked to a phase
    "SELECT a.phase_id, a.title, 'Added by hand · ' || p.name, a.due_date FROM actions a "
    f"JOIN phases p ON p.id = a.phase_id WHERE a.plan_id = ? AND a.priority = 'P0' "
    f"AND a.status IN {_OPEN}",
    "SELECT c.phase_id, f.title, 'Review finding', f.due_date FROM findings f "
    "JOIN checkpoints c ON c.id = f.checkpoint_id WHERE f.plan_id = ? AND f.risk = 'high' "
    f"AND f.status IN {_OPEN}",
    "SELECT c.phase_id, a.title, 'Postmortem · INC-' || i.number, a.due_date "
    "FROM incident_actions a JOIN incidents i ON i.id = a.incident_id "
    "JOIN checkpoints c ON c.id = a.checkpoint_id WHERE a.plan_id = ? AND a.priority = 'P0' "
    f"AND a.status IN {_OPEN}",
)


def gate_blockers(ws: Workspace, plan_id: str) -> list[GateBlocker]:
    rows = [row for sql in _QUERIES for row in ws.conn.execute(sql, [plan_id])]
    rows.sort(key=lambda r: (r[3] is None, r[3] or "", r[1]))
    return [
        GateBlocker(phase_id, f"open P0 action item “{title}” ({source})")
        for phase_id, title, source, _ in rows
    ]
