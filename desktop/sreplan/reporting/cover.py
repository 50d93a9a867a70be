"""The cover page: what the report is about, for whom, and what it contains."""

from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepInFrame,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sreplan.kernel.report.document import BODY_HEIGHT, BODY_WIDTH
from sreplan.kernel.report.fonts import SANS
from sreplan.kernel.report.text import (
    ACCENT,
    INK,
    RISK_HIGH,
    RISK_MEDIUM,
    RULE,
    capped,
    escape,
    para,
    styles,
    title,
)
from sreplan.kernel.summary import Tone
from sreplan.plans.model import Plan


def cover(
    plan: Plan, *, report_date: date, kind: str, scope: str, status: str = "",
    status_tone: Tone = Tone.PLAIN,
) -> list[Flowable]:
    """Title block, the plan's one-line status (the executive summary's) and key facts."""
    facts: list[tuple[str, str]] = [
        ("Service", plan.name),
        ("Product team", plan.product_team or "—"),
        ("SRE lead", plan.sre_lead or "—"),
        ("Engagement model", plan.engagement_model.label),
        ("Lifecycle stage", plan.lifecycle_stage.label),
        ("Criticality", plan.tier.label),
        ("Plan status", plan.status.label),
        ("Report date", report_date.isoformat()),
        ("Scope", scope),
    ]
    table = Table(
        [[para(label, "cover-label"), para(value, "cover-value")] for label, value in facts],
        colWidths=[BODY_WIDTH * 0.3, BODY_WIDTH * 0.7],
        hAlign="LEFT",
    )
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 10),  # not ReportLab's default, unembedded Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]))
    # Shrunk to fit should long values still overflow: the cover is always one page.
    return [KeepInFrame(BODY_WIDTH, BODY_HEIGHT, [
        Spacer(1, 38 * mm),
        para(kind.upper(), "cover-label"),
        Spacer(1, 3 * mm),
        title(plan.name, "cover-title", BODY_WIDTH),
        title(plan.product_team or "SRE engagement plan", "cover-subtitle", BODY_WIDTH,
              max_lines=2, min_size=11),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceAfter=8 * mm),
        *([_status(status, status_tone), Spacer(1, 6 * mm)] if status else []),
        table,
    ], mode="shrink")]


def _status(status: str, tone: Tone) -> Flowable:
    """The one-line status under the title, red when not ready, amber with risks."""
    colour = {Tone.BAD: RISK_HIGH, Tone.WARN: RISK_MEDIUM}.get(tone, INK)
    return Paragraph(escape(capped(status, 300)),
                     ParagraphStyle("status", styles()["cover-status"], textColor=colour))
