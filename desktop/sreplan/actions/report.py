"""Report section: the feedback loop. Per lesson what it became, the loop's measures over
the last 90 days, and checklist items whose status contradicts their evidence."""

from __future__ import annotations

from datetime import timedelta

from reportlab.platypus import Flowable

from sreplan.actions.evidence import contradictions
from sreplan.actions.lessons import lesson_links
from sreplan.actions.measures import describe, measure
from sreplan.actions.tracker import count
from sreplan.kernel import Workspace
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import RISK_HIGH, gap, note, nothing_recorded, para

PERIOD_DAYS = 90


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    from sreplan.actions.sources import all_items

    today = options.report_date
    items = all_items(ws, plan_id)
    links = lesson_links(ws, plan_id)
    found = contradictions(ws, plan_id, today)
    if not items and not links and not found:
        return nothing_recorded("No action items, lessons or checklist evidence recorded.")
    c = count(items, today)
    out: list[Flowable] = [
        para(f"{c.open} open action items from every part of the plan: {c.open_p0} P0, "
             f"{c.overdue} overdue; {c.done} done and {c.not_doing} not doing."),
        gap(),
        para(f"Measures of the loop over the last {PERIOD_DAYS} days", "h3"),
    ]
    m = measure(ws, plan_id, today - timedelta(days=PERIOD_DAYS), today, today, items)
    out += [para(line) for line in describe(m)]

    out += [gap(), para("What each lesson became", "h3")]
    if links:
        out.append(data_table(
            [Column("Lesson", 2.4), Column("From", 1.0), Column("Became", 2.4),
             Column("Control", 0.7), Column("Linked", 1.0)],
            [(link.lesson.title, link.lesson.kind.label,
              f"{link.control_kind.label}: {link.control_title}"
              + (f" (also in template {link.template_key})" if link.template_key else ""),
              "done" if link.done else "not yet", link.created.isoformat())
             for link in links],
        ))  # fmt: skip
    else:
        out.append(note("No lesson has been turned into a control yet."))

    out += [gap(), para("Checklist items their evidence contradicts", "h3")]
    if found:
        out.append(data_table(
            [Column("Checklist item", 2.0), Column("Status", 0.8),
             Column("What the evidence says", 4.0)],
            [(f.checkpoint, f.status, "; ".join(f"{e.title}: {e.why}" for e in f.evidence))
             for f in found],
            emphasis=[(1, n, RISK_HIGH) for n in range(len(found))],
        ))  # fmt: skip
    else:
        out.append(note("No checklist item contradicts the evidence it names."))
    return out


SECTION = ReportSection(
    key="loop", title="Feedback loop: actions, lessons and evidence", in_meeting_pack=False,
    build=build, order=85,
)  # fmt: skip
