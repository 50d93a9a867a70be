"""The engagement plan: its overview fields, stakeholders and their validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sreplan.kernel.choices import Choice


class EngagementModel(Choice):
    """The three models of the SRE book's "The Evolving SRE Engagement Model"."""

    SIMPLE_PRR = "simple_prr", "Simple PRR"
    EARLY_ENGAGEMENT = "early_engagement", "Early engagement"
    FRAMEWORKS = "frameworks", "Frameworks / SRE platform"


class LifecycleStage(Choice):
    ARCHITECTURE = "architecture", "Architecture & design"
    ACTIVE_DEVELOPMENT = "active_development", "Active development"
    LIMITED_AVAILABILITY = "limited_availability", "Limited availability"
    GENERAL_AVAILABILITY = "general_availability", "General availability"
    DEPRECATION = "deprecation", "Deprecation"
    ABANDONED = "abandoned", "Abandoned"
    UNSUPPORTED = "unsupported", "Unsupported"


class PlanStatus(Choice):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"


class CriticalityTier(Choice):
    TIER_0 = "tier0", "Tier 0 – business critical"
    TIER_1 = "tier1", "Tier 1 – customer facing"
    TIER_2 = "tier2", "Tier 2 – internal"
    TIER_3 = "tier3", "Tier 3 – best effort"


@dataclass(frozen=True)
class Stakeholder:
    id: str
    plan_id: str
    name: str = ""
    role: str = ""
    team: str = ""
    contact: str = ""
    position: int = 0


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    product_team: str = ""
    sre_lead: str = ""
    engagement_model: EngagementModel = EngagementModel.EARLY_ENGAGEMENT
    lifecycle_stage: LifecycleStage = LifecycleStage.ARCHITECTURE
    status: PlanStatus = PlanStatus.PROPOSED
    start_date: date | None = None
    target_date: date | None = None
    tier: CriticalityTier = CriticalityTier.TIER_1
    context: str = ""
    created_at: str = ""
    updated_at: str = ""
    stakeholders: tuple[Stakeholder, ...] = field(default=())


def name_error(name: str) -> str | None:
    """The inline message for a plan name, or None when it is acceptable."""
    if not name.strip():
        return "A plan needs a service or product name."
    if len(name) > 200:
        return "Keep the name under 200 characters."
    return None


def dates_error(start: date | None, target: date | None) -> str | None:
    """The inline message for the start/target pair, or None when consistent."""
    if start is not None and target is not None and target < start:
        return (
            f"The target date ({target.isoformat()}) is before the start date "
            f"({start.isoformat()})."
        )
    return None
