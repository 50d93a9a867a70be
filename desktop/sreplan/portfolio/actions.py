"""Action-item counts per plan: the one place the portfolio reads action items from.

Today the items come from every feature's open action items (features.py); "P0"
means an open item of High risk. When the action tracker lands, only this
function changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sreplan.features import open_action_items
from sreplan.kernel.workspace import Workspace


@dataclass(frozen=True)
class ActionCounts:
    open_p0: int
    overdue: int


def action_counts(ws: Workspace, plan_id: str, today: date) -> ActionCounts:
    items = open_action_items(ws, plan_id)
    return ActionCounts(
        open_p0=sum(1 for i in items if i.risk == "High"),
        overdue=sum(1 for i in items if i.due is not None and i.due < today),
    )
