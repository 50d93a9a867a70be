"""The cover page: what the report is about, for whom, and what it contains."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Spacer

from ..core.plan import Plan
from .tables import facts_table
from .text import ACCENT, para


def cover(plan: Plan, *, report_date: date, kind: str, scope: str) -> list[Flowable]:
    """Title block and the engagement's key facts; ``kind`` names the document."""
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
    return [
        Spacer(1, 38 * mm),
        para(kind.upper(), "cover-label"),
        Spacer(1, 3 * mm),
        para(plan.name, "cover-title"),
        para(plan.product_team or "SRE engagement plan", "cover-subtitle"),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceAfter=8 * mm),
        facts_table(facts),
    ]
