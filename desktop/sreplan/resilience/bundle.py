"""Resilience in a bundle: recovery objectives, chaos experiments and rollout plans."""

from sreplan.kernel.bundle import BundlePart, TableFile

PART = BundlePart(
    files=(
        TableFile(
            "resilience/recovery.yaml",
            ("resilience_settings", "recovery_objectives", "restore_tests", "dr_drills"),
        ),
        TableFile(
            "resilience/experiments.yaml",
            (
                "chaos_faults",
                "experiments",
                "experiment_targets",
                "experiment_runs",
                "checkpoint_evidence",
            ),
        ),
        TableFile(
            "resilience/rollouts.yaml", ("rollout_plans", "rollout_steps", "rollout_metrics")
        ),
    ),
)
