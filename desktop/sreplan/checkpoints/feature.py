"""SDLC checkpoints: phases, checklists from templates, and the gate of each phase."""

from sreplan.checkpoints import schema
from sreplan.kernel.feature import Feature, UiSection
from sreplan.kernel.migrations import MigrationSet

FEATURE = Feature(
    key="checkpoints",
    title="Checkpoints",
    migrations=MigrationSet("sreplan.checkpoints", schema.STEPS),
    demo="sreplan.checkpoints.demo:seed_checkpoints",
    on_new_plan="sreplan.checkpoints.store:add_default_phases",
    action_items="sreplan.checkpoints.queries:open_checkpoint_actions",
    summary="sreplan.checkpoints.summary:contribute",
    report_sections=("sreplan.checkpoints.report",),
    commands=(
        ("templates", "sreplan.checkpoints.cli"),
        ("apply-template", "sreplan.checkpoints.cli"),
        ("export-checklist", "sreplan.checkpoints.cli"),
    ),
    section=UiSection(
        "checkpoints", "Checkpoints", "sreplan.checkpoints.ui.editor:CheckpointEditor"
    ),
    overview_panels=("sreplan.checkpoints.ui.gates:GatePanel",),
    bundle="sreplan.checkpoints.bundle:PART",
)
