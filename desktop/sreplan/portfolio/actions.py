"""Action-item counts per plan: the one place the portfolio reads action items from.

The action tracker's own counts (sreplan.actions): open P0 items and overdue items of
every source that is a record (checkpoints, findings, postmortem actions, items added
by hand). The computed conditions (SLO policy, capacity, resilience and on-call
checks) are left out: they take a forecast per plan, and a portfolio of hundreds of
plans must open at once; each plan's own Actions section lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sreplan.actions.tracker import counts
from sreplan.kernel.workspace import Workspace


@dataclass(frozen=True)
class ActionCounts:
    open_p0: int
    overdue: int


def action_counts(ws: Workspace, plan_id: str, today: date) -> ActionCounts:
    found = counts(ws, plan_id, today, conditions=False)
    return ActionCounts(open_p0=found.open_p0, overdue=found.overdue)
