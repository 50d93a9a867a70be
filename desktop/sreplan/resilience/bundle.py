"""Resilience in a bundle: recovery objectives, chaos experiments and rollout plans."""

from sreplan.kernel.bundle import BundlePart, TableFile
from sreplan.resilience.model import BlastUnit, Outcome, Replication, Scenario, Strategy

PART = BundlePart(
    files=(
        TableFile(
            "resilience/recovery.yaml",
            ("resilience_settings", "recovery_objectives", "restore_tests", "dr_drills"),
            choices={
                "recovery_objectives.replication": Replication,
                "dr_drills.scenario": Scenario,
            },
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
            choices={"experiments.blast_unit": BlastUnit, "experiment_runs.outcome": Outcome},
        ),
        TableFile(
            "resilience/rollouts.yaml",
            ("rollout_plans", "rollout_steps", "rollout_metrics"),
            choices={"rollout_plans.strategy": Strategy},
        ),
    ),
)
