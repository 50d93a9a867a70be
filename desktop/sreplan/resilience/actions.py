"""Failing resilience checks become the plan's action items."""

from __future__ import annotations

from datetime import date

from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace
from sreplan.resilience.assess import assess

SOURCE = "Resilience"


def resilience_actions(ws: Workspace, plan_id: str, today: date | None = None) -> list[ActionItem]:
    a = assess(ws, plan_id, today or date.today())
    return [
        ActionItem(source=SOURCE, title=c.reason, owner="", due=None, risk=c.risk,
                   status=c.kind.label, record_id=c.record_id)
        for c in a.failing
    ]
