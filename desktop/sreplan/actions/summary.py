"""The feedback loop's part of the executive summary: checklist items whose status their
evidence contradicts (the meeting settles them), and open P0 action items as risks."""

from __future__ import annotations

from datetime import date

from sreplan.actions.evidence import contradictions
from sreplan.actions.model import ActionStatus, Priority
from sreplan.kernel.summary import Part, SummaryItem, Tone
from sreplan.kernel.workspace import Workspace

SOURCE = "Actions"


def contribute(ws: Workspace, plan_id: str, today: date) -> list[SummaryItem]:
    items = [
        SummaryItem(Part.DECISION, c.checkpoint, "Checklist evidence", detail=c.message,
                    kind="Contradiction", keys=(f"checkpoint:{c.checkpoint_id}",),
                    tone=Tone.WARN)
        for c in contradictions(ws, plan_id, today)
    ]
    # Items added by hand (the others already come from their own records' features).
    for row in ws.rows(
        "SELECT id, title, owner, due_date FROM actions WHERE plan_id = ? AND priority = ? "
        "AND status IN (?, ?) ORDER BY due_date IS NULL, due_date, title, id",
        [plan_id, Priority.P0.value, ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value],
    ):
        items.append(SummaryItem(
            Part.RISK, row["title"], SOURCE, owner=row["owner"],
            due=date.fromisoformat(row["due_date"]) if row["due_date"] else None,
            detail="Open P0 action item", rank=0, keys=(f"action:{row['id']}",),
            tone=Tone.BAD,
        ))
    return items
