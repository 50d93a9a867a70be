"""Overview and stakeholders: the engagement at a glance and who is involved."""

from __future__ import annotations

from reportlab.platypus import Flowable

from sreplan.kernel import Workspace
from sreplan.kernel.report.document import heading
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table, facts_table
from sreplan.kernel.report.text import gap, note, para
from sreplan.plans.store import get_plan


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    plan = get_plan(ws, plan_id)
    today = options.report_date
    timeline = "—"
    if plan.start_date or plan.target_date:
        start = plan.start_date.isoformat() if plan.start_date else "not set"
        target = plan.target_date.isoformat() if plan.target_date else "not set"
        timeline = f"{start} → {target}"
        if plan.target_date:
            days = (plan.target_date - today).days
            timeline += (
                f" ({days} days to go)" if days > 0
                else " (due today)" if days == 0
                else f" ({-days} days past the target)"
            )
    story: list[Flowable] = [
        facts_table([
            ("Product team", plan.product_team or "—"),
            ("SRE lead", plan.sre_lead or "—"),
            ("Engagement model", plan.engagement_model.label),
            ("Lifecycle stage", plan.lifecycle_stage.label),
            ("Criticality", plan.tier.label),
            ("Status", plan.status.label),
            ("Timeline", timeline),
        ]),
        gap(8),
    ]
    if plan.context.strip():
        story.append(heading("Context and shared goals"))
        story.extend(para(block.strip()) for block in plan.context.split("\n\n") if block.strip())
    story.append(heading("Stakeholders"))
    if not plan.stakeholders:
        story.append(note("No stakeholders recorded."))
    else:
        story.append(data_table(
            [Column("Name", 1.2), Column("Role", 1.1), Column("Team", 1.1), Column("Contact", 1.5)],
            [(p.name, p.role, p.team, p.contact) for p in plan.stakeholders],
        ))
    return story


SECTION = ReportSection(
    key="overview", title="Overview and stakeholders", in_meeting_pack=False, build=build, order=10
)
