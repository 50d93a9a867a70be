"""The product team's side of the loop: planned changes, and when each plan is reviewed."""

from sreplan.kernel.feature import Feature, UiSection
from sreplan.kernel.migrations import MigrationSet
from sreplan.upcoming import schema

FEATURE = Feature(
    key="upcoming",
    title="Changes",
    migrations=MigrationSet("sreplan.upcoming", schema.STEPS),
    demo="sreplan.upcoming.demo:seed_changes",
    summary="sreplan.upcoming.summary:contribute",
    report_sections=("sreplan.upcoming.report",),
    section=UiSection("changes", "Changes", "sreplan.upcoming.ui.editor:ChangesEditor"),
    overview_panels=("sreplan.upcoming.ui.review_panel:ReviewPanel",),
    bundle="sreplan.upcoming.bundle:PART",
)
