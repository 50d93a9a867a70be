"""Upcoming changes in the report: what the product team plans, and the review cadence."""

from __future__ import annotations

from reportlab.platypus import Flowable

from sreplan.architecture.store import component_names
from sreplan.kernel import Workspace
from sreplan.kernel.report.document import heading
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import RISK_HIGH, note, nothing_recorded, para
from sreplan.upcoming.model import factor_text
from sreplan.upcoming.review import good_news, review_status
from sreplan.upcoming.store import flags, list_changes


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    today = options.report_date
    changes = [c for c in list_changes(ws, plan_id)
               if c.planned_on is None or c.planned_on >= today or not options.meeting_pack]
    news = good_news(ws, plan_id, today)
    status = review_status(ws, plan_id, today)
    if not changes and not news and status.every_weeks is None and status.next_review is None:
        return nothing_recorded("No planned changes and no review cadence recorded.")
    story: list[Flowable] = [para(status.text(today) + ".")]
    names = dict(component_names(ws, plan_id))
    marks = flags(ws, plan_id)
    story.append(heading("Planned changes"))
    if not changes:
        story.append(note("The product team has not recorded any planned change."))
    else:
        rows = []
        emphasis = []
        for n, c in enumerate(changes):
            flagged = "; ".join(f.reason for f in marks.get(c.id, []))
            if flagged:
                emphasis.append((5, n, RISK_HIGH))
            rows.append((
                c.planned_on.isoformat() if c.planned_on else "no date",
                c.title,
                c.kind.label,
                c.owner or "—",
                ", ".join(names.get(i, "?") for i in c.component_ids) or "—",
                flagged or "—",
                factor_text(c.load_factor) or "—",
            ))
        story.append(data_table(
            [Column("Date", 1.0), Column("Change", 1.5), Column("Kind", 0.9), Column("Owner", 0.9),
             Column("Components", 1.3), Column("Flagged", 1.4), Column("Load", 0.5, "RIGHT")],
            rows,
            emphasis=emphasis,
        ))
        story.append(note("A change with a load factor is a demand multiplier in the capacity "
                          "outlook from its date. A change is flagged when it touches a "
                          "component with an open High-risk finding or waits on a phase whose "
                          "gate is not Ready."))
    if news:
        story.append(heading("What went well"))
        story.extend(para(f"• {line}") for line in news)
    return story


SECTION = ReportSection(
    key="upcoming", title="Upcoming changes", in_meeting_pack=True, build=build, order=47
)
