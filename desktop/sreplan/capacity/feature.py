"""Capacity planning: resources, demand history, forecasts, peak events and sizing."""

from sreplan.capacity import schema
from sreplan.kernel.feature import Feature, UiSection
from sreplan.kernel.migrations import MigrationSet

FEATURE = Feature(
    key="capacity",
    title="Capacity",
    migrations=MigrationSet("sreplan.capacity", schema.STEPS),
    demo="sreplan.capacity.demo:seed_capacity",
    action_items="sreplan.capacity.actions:capacity_actions",
    summary="sreplan.capacity.summary:contribute",
    report_sections=("sreplan.capacity.report",),
    commands=(
        ("import-series", "sreplan.capacity.cli"),
        ("forecast", "sreplan.capacity.cli"),
        ("chart", "sreplan.capacity.cli"),
    ),
    section=UiSection("capacity", "Capacity", "sreplan.capacity.ui.editor:CapacityEditor"),
    bundle="sreplan.capacity.bundle:PART",
)
