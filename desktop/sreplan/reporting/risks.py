"""Open risks: the High and Medium open items of every part of the plan, High first."""

from __future__ import annotations

from reportlab.platypus import Flowable

from sreplan.features import open_action_items
from sreplan.kernel import Workspace
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import RISK_HIGH, RISK_MEDIUM, note, nothing_recorded, para
from sreplan.reporting.actions import due_text

_RANK = {"high": 0, "medium": 1}
# A summary to discuss, not a register: the rest is in the sections and the appendix.
MEETING_LIMIT = 15
FULL_LIMIT = 60


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    risky = [i for i in open_action_items(ws, plan_id) if i.risk.lower() in _RANK]
    if not risky:
        return nothing_recorded("No open High- or Medium-risk items.")
    risky.sort(key=lambda i: (_RANK[i.risk.lower()], i.due is None, i.due or options.report_date,
                              i.source, i.title, i.record_id))
    high = sum(1 for i in risky if i.risk.lower() == "high")
    summary = (
        f"{high} High and {len(risky) - high} Medium open risk items, "
        "highest risk and soonest due first."
    )
    limit = MEETING_LIMIT if options.meeting_pack else FULL_LIMIT
    story = [para(summary), _table(risky[:limit], options)]
    if len(risky) > limit:
        where = "in the full report" if options.meeting_pack else "in the appendix"
        story.append(note(f"… and {len(risky) - limit} more, listed {where}."))
    return story


def _table(items: list[ActionItem], options: ReportOptions) -> Flowable:
    return data_table(
        [Column("Risk", 0.6), Column("Item", 2.5), Column("Part", 0.9), Column("Owner", 1.15),
         Column("Due", 1.3)],
        [(i.risk, i.title, i.source, i.owner or "unassigned", due_text(i, options.report_date))
         for i in items],
        emphasis=[(0, n, RISK_HIGH if i.risk.lower() == "high" else RISK_MEDIUM)
                  for n, i in enumerate(items)],
    )


SECTION = ReportSection(
    key="risks", title="Open risks", in_meeting_pack=False, build=build, order=15
)
