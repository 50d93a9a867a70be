"""The plan's part of a bundle: ``plan.yaml`` with the overview and stakeholders."""

from sreplan.kernel.bundle import BundlePart, TableFile
from sreplan.plans.model import CriticalityTier, EngagementModel, LifecycleStage, PlanStatus

PART = BundlePart(
    files=(
        TableFile(
            "plan.yaml",
            ("plans", "stakeholders"),
            # Changes with every edit of anything: two branches would always conflict on it.
            stamped=("plans.updated_at",),
            order={"stakeholders": ("position",)},
            choices={
                "plans.engagement_model": EngagementModel,
                "plans.lifecycle_stage": LifecycleStage,
                "plans.status": PlanStatus,
                "plans.tier": CriticalityTier,
            },
        ),
    ),
)
