"""The product team's part of the executive summary: the changes planned before the next
review (flagged ones first, as something the meeting looks at), and an overdue review."""

from __future__ import annotations

from datetime import date, timedelta

from sreplan.kernel.summary import Part, SummaryItem, Tone
from sreplan.kernel.workspace import Workspace
from sreplan.upcoming.review import review_status
from sreplan.upcoming.store import changes_before

SOURCE = "Upcoming changes"
HORIZON = timedelta(days=90)  # with no review in sight, the next quarter's changes


def contribute(ws: Workspace, plan_id: str, today: date) -> list[SummaryItem]:
    status = review_status(ws, plan_id, today)
    until = status.next_review if status.next_review and status.next_review > today \
        else today + HORIZON
    items = []
    for change, flags in changes_before(ws, plan_id, until, since=today):
        why = "; ".join(f.reason for f in flags)
        items.append(SummaryItem(
            Part.DECISION, change.title, SOURCE, owner=change.owner, due=change.planned_on,
            detail=(f"{change.kind.label} on {change.planned_on}"
                    + (f": {why}" if why else "")),
            kind="Flagged change" if flags else "Upcoming change",
            rank=0 if flags else 2, tone=Tone.WARN if flags else Tone.PLAIN,
            keys=(f"change:{change.id}",),
        ))
    if status.overdue(today):
        items.append(SummaryItem(
            Part.RISK, "Architecture review overdue", SOURCE, due=status.due,
            detail=status.text(today), rank=1, tone=Tone.WARN, keys=(f"review:{plan_id}",),
        ))
    return items
