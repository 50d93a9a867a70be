"""The plan itself: overview, stakeholders and engagement settings."""

from sreplan.kernel.feature import Feature, UiSection
from sreplan.kernel.migrations import MigrationSet
from sreplan.plans import schema

FEATURE = Feature(
    key="plans",
    title="Overview",
    migrations=MigrationSet("sreplan.plans", schema.STEPS),
    demo="sreplan.plans.demo:seed_plan",
    report_sections=("sreplan.plans.report",),
    section=UiSection("overview", "Overview", "sreplan.plans.ui.overview:OverviewEditor"),
    bundle="sreplan.plans.bundle:PART",
)
