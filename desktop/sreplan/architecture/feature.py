"""Architecture reviews: inventory, lint, sessions, findings, ADRs and the catalog."""

from sreplan.architecture import schema
from sreplan.kernel.feature import Feature, MenuEntry, UiSection
from sreplan.kernel.migrations import MigrationSet

FEATURE = Feature(
    key="architecture",
    title="Architecture",
    migrations=MigrationSet("sreplan.architecture", schema.STEPS),
    demo="sreplan.architecture.demo:seed_architecture",
    action_items="sreplan.architecture.findings:open_finding_actions",
    summary="sreplan.architecture.summary:contribute",
    report_sections=("sreplan.architecture.report",),
    commands=(
        ("lint", "sreplan.architecture.cli"),
        ("export-adr", "sreplan.architecture.cli"),
        ("import-adr", "sreplan.architecture.cli"),
    ),
    section=UiSection(
        "architecture", "Architecture", "sreplan.architecture.ui.editor:ArchitectureEditor"
    ),
    bundle="sreplan.architecture.bundle:PART",
    menu_entries=(
        MenuEntry(
            "view",
            "&Meeting Mode",
            "sreplan.architecture.ui.meeting_screen:toggle_meeting_mode",
            "F11; Ctrl+M",
        ),
    ),
)
