"""Tables of incidents: the incident, what it hit, who responded, its postmortem and actions.

Timestamps are ISO 8601 text with their UTC offset; shares are percentages.
Lists the plan may edit (severities, triggers, root-cause categories, blame
phrases) live in ``incident_settings``; a NULL there means the built-in default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_PLAN = "plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE"
_INCIDENT = "incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE"
_TEXT = "TEXT NOT NULL DEFAULT ''"


def _create_incident_tables(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE incident_settings (
            id TEXT PRIMARY KEY,
            {_PLAN} UNIQUE,
            severities TEXT,
            triggers TEXT,
            root_causes TEXT,
            blame_phrases TEXT
        ) STRICT
        """
    )
    sections = ",\n            ".join(
        f"{c} {_TEXT}"
        for c in (
            "summary", "impact", "root_causes", "trigger_text", "resolution", "detection",
            "went_well", "went_wrong", "got_lucky", "supporting",
        )
    )  # fmt: skip
    db.execute(
        f"""
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            {_PLAN},
            number INTEGER NOT NULL CHECK (number >= 1),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            severity TEXT NOT NULL CHECK (length(trim(severity)) > 0),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN
                ('active', 'mitigated', 'resolved', 'postmortem_review', 'closed')),
            started_at TEXT,
            detected_at TEXT,
            acknowledged_at TEXT,
            mitigated_at TEXT,
            resolved_at TEXT,
            impact_kind TEXT NOT NULL DEFAULT 'failing_share'
                CHECK (impact_kind IN ('failing_share', 'bad_events', 'full_outage')),
            impact_percent REAL CHECK (impact_percent BETWEEN 0 AND 100),
            bad_events REAL CHECK (bad_events >= 0),
            outage_minutes REAL CHECK (outage_minutes >= 0),
            trigger_type {_TEXT},
            root_cause_category {_TEXT},
            {sections},
            UNIQUE (plan_id, number)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE incident_slos (
            id TEXT PRIMARY KEY,
            {_PLAN},
            {_INCIDENT},
            slo_id TEXT NOT NULL REFERENCES slos(id) ON DELETE CASCADE,
            UNIQUE (incident_id, slo_id)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE incident_components (
            id TEXT PRIMARY KEY,
            {_PLAN},
            {_INCIDENT},
            component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            UNIQUE (incident_id, component_id)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE incident_factors (
            id TEXT PRIMARY KEY,
            {_PLAN},
            {_INCIDENT},
            position INTEGER NOT NULL DEFAULT 0,
            text {_TEXT},
            catalog_key {_TEXT}
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE incident_responders (
            id TEXT PRIMARY KEY,
            {_PLAN},
            {_INCIDENT},
            position INTEGER NOT NULL DEFAULT 0,
            name {_TEXT},
            role TEXT NOT NULL DEFAULT 'operations' CHECK (role IN
                ('incident_commander', 'communications', 'operations', 'scribe')),
            side TEXT NOT NULL DEFAULT 'sre' CHECK (side IN ('sre', 'product'))
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE incident_timeline (
            id TEXT PRIMARY KEY,
            {_PLAN},
            {_INCIDENT},
            position INTEGER NOT NULL DEFAULT 0,
            at TEXT,
            event {_TEXT},
            source {_TEXT},
            starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1))
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE incident_actions (
            id TEXT PRIMARY KEY,
            {_PLAN},
            {_INCIDENT},
            position INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            kind TEXT NOT NULL DEFAULT 'prevent'
                CHECK (kind IN ('mitigate', 'prevent', 'detect', 'process')),
            priority TEXT NOT NULL DEFAULT 'P1' CHECK (priority IN ('P0', 'P1', 'P2')),
            owner {_TEXT},
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'done', 'not_doing')),
            status_reason {_TEXT},
            checkpoint_id TEXT REFERENCES checkpoints(id) ON DELETE SET NULL,
            finding_id TEXT REFERENCES findings(id) ON DELETE SET NULL,
            adr_id TEXT REFERENCES adrs(id) ON DELETE SET NULL,
            CHECK (status <> 'not_doing' OR length(trim(status_reason)) > 0)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE blame_dismissals (
            id TEXT PRIMARY KEY,
            {_PLAN},
            {_INCIDENT},
            fingerprint TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            dismissed_at TEXT NOT NULL,
            UNIQUE (incident_id, fingerprint)
        ) STRICT
        """
    )
    for sql in (
        "CREATE INDEX incidents_plan ON incidents(plan_id, number)",
        "CREATE INDEX incident_slos_slo ON incident_slos(slo_id)",
        "CREATE INDEX incident_slos_plan ON incident_slos(plan_id)",
        "CREATE INDEX incident_components_component ON incident_components(component_id)",
        "CREATE INDEX incident_components_plan ON incident_components(plan_id)",
        "CREATE INDEX incident_factors_incident ON incident_factors(incident_id, position)",
        "CREATE INDEX incident_responders_incident ON incident_responders(incident_id, position)",
        "CREATE INDEX incident_timeline_incident ON incident_timeline(incident_id, position)",
        "CREATE INDEX incident_actions_incident ON incident_actions(incident_id, position)",
        "CREATE INDEX incident_actions_plan ON incident_actions(plan_id)",
        "CREATE INDEX incident_actions_checkpoint ON incident_actions(checkpoint_id)",
        "CREATE INDEX incident_actions_finding ON incident_actions(finding_id)",
        "CREATE INDEX incident_actions_adr ON incident_actions(adr_id)",
        "CREATE INDEX blame_dismissals_plan ON blame_dismissals(plan_id)",
    ):
        db.execute(sql)


STEPS = (("0001_incidents", _create_incident_tables),)
