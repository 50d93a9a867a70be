"""Resilience by design: recovery objectives and restore tests, chaos experiments tied to
SLOs, and rollout plans with rollback criteria (Chaos Toolkit and Argo Rollouts files)."""

from sreplan.kernel.feature import Feature, UiSection
from sreplan.kernel.migrations import MigrationSet
from sreplan.resilience import schema

FEATURE = Feature(
    key="resilience",
    title="Resilience",
    migrations=MigrationSet("sreplan.resilience", schema.STEPS),
    demo="sreplan.resilience.demo:seed_resilience",
    action_items="sreplan.resilience.actions:resilience_actions",
    report_sections=("sreplan.resilience.report",),
    commands=(
        ("resilience", "sreplan.resilience.cli"),
        ("import-chaos", "sreplan.resilience.cli"),
        ("export-chaos", "sreplan.resilience.cli"),
        ("import-rollout", "sreplan.resilience.cli"),
        ("export-rollout", "sreplan.resilience.cli"),
    ),
    section=UiSection("resilience", "Resilience", "sreplan.resilience.ui.editor:ResilienceEditor"),
    bundle="sreplan.resilience.bundle:PART",
)
