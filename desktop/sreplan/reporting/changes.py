"""Changes since the last review: what moved since the plan's latest milestone."""

from __future__ import annotations

from reportlab.platypus import Flowable

from sreplan.bundle.milestones import changes_since_last_review
from sreplan.kernel import Workspace
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import note, para

MEETING_LIMIT = 25
FULL_LIMIT = 200


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    found = changes_since_last_review(ws, plan_id)
    if found is None:
        return [note(
            "No milestone recorded yet. Plan › Record Milestone… (or 'sreplan milestone') "
            "keeps one, and the next report lists what changed since."
        )]
    story: list[Flowable] = [para(found.summary())]
    if not found.changes:
        return story
    limit = MEETING_LIMIT if options.meeting_pack else FULL_LIMIT
    shown = found.changes[:limit]
    story.append(
        data_table(
            [Column("Area", 0.9), Column("Change", 0.9), Column("Item", 2.6),
             Column("Detail", 2.1)],
            [(c.area, c.kind, c.subject, c.detail) for c in shown],
        )
    )
    if len(found.changes) > limit:
        story.append(note(f"… and {len(found.changes) - limit} more ('sreplan changes')."))
    return story


SECTION = ReportSection(
    key="changes",
    title="Changes since the last review",
    in_meeting_pack=True,
    build=build,
    order=12,
)
