"""Tables of the feedback loop: hand-added action items, lesson → control links, and
the evidence a checklist item names.

Items owned by another record (a checkpoint, a finding, a postmortem action) are not
copied here: the tracker reads them where they live. ``lesson_controls`` links a
lesson (a finding, a postmortem action, a hand-added item) to the control it became,
and ``checkpoint_evidence_links`` a checklist item to the record that proves it, one
foreign key per kind so deleting the evidence removes the link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_PLAN = "plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE"
_EVIDENCE = (
    ("slo_id", "slos"),
    ("benchmark_id", "capacity_benchmarks"),
    ("experiment_id", "experiments"),
    ("restore_test_id", "restore_tests"),
    ("adr_id", "adrs"),
)


def _create_actions(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            {_PLAN},
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            priority TEXT NOT NULL DEFAULT 'P1' CHECK (priority IN ('P0', 'P1', 'P2')),
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'done', 'not_doing')),
            status_reason TEXT NOT NULL DEFAULT '',
            created_on TEXT NOT NULL,
            closed_on TEXT,
            phase_id TEXT REFERENCES phases(id) ON DELETE SET NULL,
            notes TEXT NOT NULL DEFAULT '',
            CHECK (status <> 'not_doing' OR length(trim(status_reason)) > 0),
            CHECK (due_date IS NULL OR due_date >= created_on)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX actions_plan ON actions(plan_id, status)")
    db.execute("CREATE INDEX actions_phase ON actions(phase_id)")
    db.execute(
        f"""
        CREATE TABLE lesson_controls (
            id TEXT PRIMARY KEY,
            {_PLAN},
            lesson_kind TEXT NOT NULL
                CHECK (lesson_kind IN ('finding', 'postmortem', 'manual')),
            lesson_id TEXT NOT NULL,
            control_kind TEXT NOT NULL
                CHECK (control_kind IN ('checkpoint', 'adr', 'slo', 'alert', 'capacity_event')),
            control_id TEXT NOT NULL,
            template_key TEXT,
            created_on TEXT NOT NULL,
            UNIQUE (lesson_kind, lesson_id, control_kind, control_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX lesson_controls_plan ON lesson_controls(plan_id)")
    db.execute("CREATE INDEX lesson_controls_control ON lesson_controls(control_kind, control_id)")
    # Which components serve an SLO's service, so the architecture lint can hold each
    # component to its service's SLO whatever the two are named.
    db.execute(
        f"""
        CREATE TABLE service_components (
            id TEXT PRIMARY KEY,
            {_PLAN},
            service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
            component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            UNIQUE (service_id, component_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX service_components_component ON service_components(component_id)")
    columns = ",\n".join(
        f"{column} TEXT REFERENCES {table}(id) ON DELETE CASCADE" for column, table in _EVIDENCE
    )
    exactly_one = " + ".join(f"({column} IS NOT NULL)" for column, _ in _EVIDENCE)
    db.execute(
        f"""
        CREATE TABLE checkpoint_evidence_links (
            id TEXT PRIMARY KEY,
            {_PLAN},
            checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
            {columns},
            CHECK ({exactly_one} = 1)
        ) STRICT
        """
    )
    db.execute(
        "CREATE INDEX checkpoint_evidence_links_checkpoint "
        "ON checkpoint_evidence_links(checkpoint_id)"
    )
    for column, _ in _EVIDENCE:
        db.execute(
            f"CREATE INDEX checkpoint_evidence_links_{column} "
            f"ON checkpoint_evidence_links({column})"
        )


STEPS = (("0001_actions_lessons_evidence", _create_actions),)
