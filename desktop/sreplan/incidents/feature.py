"""Incidents and blameless postmortems: the incident log, budget spent, postmortems, checks."""

from sreplan.incidents import schema
from sreplan.kernel.feature import Feature, MenuEntry, UiSection
from sreplan.kernel.migrations import MigrationSet

FEATURE = Feature(
    key="incidents",
    title="Incidents",
    migrations=MigrationSet("sreplan.incidents", schema.STEPS),
    demo="sreplan.incidents.demo:seed_incidents",
    action_items="sreplan.incidents.actions:incident_action_items",
    report_sections=("sreplan.incidents.report",),
    commands=(
        ("incidents", "sreplan.incidents.cli"),
        ("import-postmortem", "sreplan.incidents.cli"),
        ("export-postmortem", "sreplan.incidents.cli"),
    ),
    section=UiSection("incidents", "Incidents", "sreplan.incidents.ui.editor:IncidentsEditor"),
    menu_entries=(
        MenuEntry(
            "file", "Import Postmortems…", "sreplan.incidents.ui.transfer_actions:import_dialog"
        ),
        MenuEntry(
            "file", "Export Postmortems…", "sreplan.incidents.ui.transfer_actions:export_dialog"
        ),
    ),
    bundle="sreplan.incidents.bundle:PART",
)
