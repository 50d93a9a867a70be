"""Shared on-call rotations: people, layers, overrides, checks before go-live, fairness, iCalendar.

The issue asks to estimate incidents per shift from the plan's incident history
"where the incidents feature exists". This feature comes after every other in
features.py but imports none of them: the rate comes from the rotation's own
field. NOTE for the integrator: once ``incidents`` lands, ``oncall.cli`` /
``oncall.report`` can pass its weekly rate to ``health.checks(incidents_per_week=...,
incidents_source=...)`` (an optional hook; nothing here depends on it).
"""

from sreplan.kernel.feature import Feature, UiSection
from sreplan.kernel.migrations import MigrationSet
from sreplan.oncall import schema

FEATURE = Feature(
    key="oncall",
    title="On-call",
    migrations=MigrationSet("sreplan.oncall", schema.STEPS),
    demo="sreplan.oncall.demo:seed_oncall",
    action_items="sreplan.oncall.actions:oncall_actions",
    report_sections=("sreplan.oncall.report",),
    commands=(
        ("oncall", "sreplan.oncall.cli"),
        ("export-ics", "sreplan.oncall.cli"),
        ("export-shifts", "sreplan.oncall.cli"),
        ("import-ics", "sreplan.oncall.cli"),
    ),
    section=UiSection("oncall", "On-call", "sreplan.oncall.ui.editor:OncallEditor"),
    bundle="sreplan.oncall.bundle:PART",
)
