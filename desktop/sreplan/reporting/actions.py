"""Appendix: every open action item with an owner and a due date, soonest first."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable

from sreplan.features import open_action_items
from sreplan.kernel import Workspace
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import RISK_HIGH, nothing_recorded, para


def due_text(item: ActionItem, today: date) -> str:
    """The due date, flagged when it has passed."""
    if item.due is None:
        return "no date"
    if item.due < today:
        return f"{item.due.isoformat()} (overdue)"
    return item.due.isoformat()


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    items = open_action_items(ws, plan_id)
    if not items:
        return nothing_recorded("No open action items.")
    today = options.report_date
    overdue = sum(1 for i in items if i.due is not None and i.due < today)
    undated = sum(1 for i in items if i.due is None)
    summary = f"{len(items)} open items; {overdue} overdue, {undated} without a due date."
    return [
        para(summary),
        data_table(
            [Column("Due", 1.3), Column("Item", 2.4), Column("Part", 0.9),
             Column("Owner", 1.15), Column("Risk", 0.6), Column("Status", 0.8)],
            [(due_text(i, today), i.title, i.source, i.owner or "unassigned", i.risk, i.status)
             for i in items],
            emphasis=[(0, n, RISK_HIGH) for n, i in enumerate(items)
                      if i.due is not None and i.due < today],
        ),
    ]


SECTION = ReportSection(
    key="actions", title="Appendix: open action items", in_meeting_pack=False, build=build,
    order=90,
)
