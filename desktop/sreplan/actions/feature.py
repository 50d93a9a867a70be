"""The feedback loop: one tracker for every action item, lessons turned into controls,
and the evidence that keeps a checklist item's status honest."""

from sreplan.actions import schema
from sreplan.kernel.feature import Feature, UiSection
from sreplan.kernel.migrations import MigrationSet

FEATURE = Feature(
    key="actions",
    title="Actions",
    migrations=MigrationSet("sreplan.actions", schema.STEPS),
    demo="sreplan.actions.demo:seed_actions",
    action_items="sreplan.actions.provider:manual_action_items",
    summary="sreplan.actions.summary:contribute",
    gate_blockers="sreplan.actions.gates:gate_blockers",
    gate_blocker_tables=("actions", "findings", "incident_actions"),
    checkpoint_note="sreplan.actions.evidence:checkpoint_note",
    report_sections=("sreplan.actions.report",),
    commands=(("actions", "sreplan.actions.cli"),),
    section=UiSection("actions", "Actions", "sreplan.actions.ui.editor:ActionsEditor"),
    bundle="sreplan.actions.bundle:PART",
)
