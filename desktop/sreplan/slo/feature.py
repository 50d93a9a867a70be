"""Reliability goals: services, SLIs, SLOs, error budgets, alerting and OpenSLO files."""

from sreplan.kernel.feature import Feature, MenuEntry, UiSection
from sreplan.kernel.migrations import MigrationSet
from sreplan.slo import schema

FEATURE = Feature(
    key="slo",
    title="Reliability goals",
    migrations=MigrationSet("sreplan.slo", schema.STEPS),
    demo="sreplan.slo.demo:seed_slos",
    action_items="sreplan.slo.actions:slo_action_items",
    summary="sreplan.slo.summary:contribute",
    report_sections=("sreplan.slo.report",),
    commands=(
        ("budget", "sreplan.slo.cli"),
        ("import-openslo", "sreplan.slo.cli"),
        ("export-openslo", "sreplan.slo.cli"),
    ),
    section=UiSection("slos", "Reliability goals", "sreplan.slo.ui.editor:SloEditor"),
    menu_entries=(
        MenuEntry("file", "Import OpenSLO…", "sreplan.slo.ui.openslo_actions:import_dialog"),
        MenuEntry("file", "Export OpenSLO…", "sreplan.slo.ui.openslo_actions:export_dialog"),
    ),
    bundle="sreplan.slo.bundle:PART",
)
