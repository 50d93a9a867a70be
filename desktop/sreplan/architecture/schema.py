"""Tables of architecture reviews: inventory, sessions, findings, catalog, ADRs, lint dismissals.

Follows plan_schema's conventions. ``findings.checkpoint_id`` points at the checkpoints
feature's table. SQLite refuses every insert into a table whose foreign key names a missing
table (even with NULL values), so the key is declared only when this build has the
checkpoints feature; without it the column is plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_PLAN = "plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE"


def _inventory(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE components (
            id TEXT PRIMARY KEY,
            {_PLAN},
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            kind TEXT NOT NULL DEFAULT 'service',
            owner_team TEXT NOT NULL DEFAULT '',
            instances INTEGER NOT NULL DEFAULT 1 CHECK (instances >= 0),
            zones TEXT NOT NULL DEFAULT '',
            stateful INTEGER NOT NULL DEFAULT 0 CHECK (stateful IN (0, 1)),
            replication TEXT NOT NULL DEFAULT 'none',
            backups TEXT NOT NULL DEFAULT 'none',
            backups_tested_on TEXT,
            deployment TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX components_name ON components(plan_id, name COLLATE NOCASE)")
    db.execute(
        f"""
        CREATE TABLE dependencies (
            id TEXT PRIMARY KEY,
            {_PLAN},
            source_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            target_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            mode TEXT NOT NULL DEFAULT 'sync',
            criticality TEXT NOT NULL DEFAULT 'critical',
            timeout TEXT NOT NULL DEFAULT 'unknown',
            retries TEXT NOT NULL DEFAULT 'unknown',
            circuit_breaker TEXT NOT NULL DEFAULT 'unknown',
            notes TEXT NOT NULL DEFAULT '',
            CHECK (source_id <> target_id),
            UNIQUE (source_id, target_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX dependencies_plan ON dependencies(plan_id)")
    db.execute("CREATE INDEX dependencies_target ON dependencies(target_id)")


def _reviews(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE review_sessions (
            id TEXT PRIMARY KEY,
            {_PLAN},
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            held_on TEXT,
            kind TEXT NOT NULL DEFAULT 'design',
            agenda TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX review_sessions_plan ON review_sessions(plan_id, held_on)")
    db.execute(
        f"""
        CREATE TABLE session_participants (
            id TEXT PRIMARY KEY,
            {_PLAN},
            session_id TEXT NOT NULL REFERENCES review_sessions(id) ON DELETE CASCADE,
            stakeholder_id TEXT REFERENCES stakeholders(id) ON DELETE SET NULL,
            name TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    db.execute("CREATE INDEX session_participants_session ON session_participants(session_id)")
    db.execute(
        f"""
        CREATE TABLE session_components (
            id TEXT PRIMARY KEY,
            {_PLAN},
            session_id TEXT NOT NULL REFERENCES review_sessions(id) ON DELETE CASCADE,
            component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            UNIQUE (session_id, component_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX session_components_component ON session_components(component_id)")


def _checkpoint_reference(db: Database) -> str:
    """The link to checkpoints: that feature's tables always exist by now (features.py order)."""
    return " REFERENCES checkpoints(id) ON DELETE SET NULL"


def _decisions_and_findings(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE adrs (
            id TEXT PRIMARY KEY,
            {_PLAN},
            number INTEGER NOT NULL CHECK (number >= 0),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            status TEXT NOT NULL DEFAULT 'proposed',
            superseded_by INTEGER,
            decided_on TEXT,
            decision_makers TEXT NOT NULL DEFAULT '',
            consulted TEXT NOT NULL DEFAULT '',
            informed TEXT NOT NULL DEFAULT '',
            context TEXT NOT NULL DEFAULT '',
            drivers TEXT NOT NULL DEFAULT '',
            chosen_option TEXT NOT NULL DEFAULT '',
            outcome_reason TEXT NOT NULL DEFAULT '',
            consequences TEXT NOT NULL DEFAULT '',
            confirmation TEXT NOT NULL DEFAULT '',
            more_information TEXT NOT NULL DEFAULT '',
            UNIQUE (plan_id, number)
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE adr_options (
            id TEXT PRIMARY KEY,
            {_PLAN},
            adr_id TEXT NOT NULL REFERENCES adrs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            good TEXT NOT NULL DEFAULT '',
            neutral TEXT NOT NULL DEFAULT '',
            bad TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute("CREATE INDEX adr_options_adr ON adr_options(adr_id, position)")
    db.execute(
        f"""
        CREATE TABLE catalog_entries (
            id TEXT PRIMARY KEY,
            {_PLAN},
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            kind TEXT NOT NULL DEFAULT 'pattern',
            summary TEXT NOT NULL DEFAULT '',
            applies_when TEXT NOT NULL DEFAULT '',
            what_to_check TEXT NOT NULL DEFAULT '',
            checkpoint_category TEXT NOT NULL DEFAULT ''
        ) STRICT
        """
    )
    db.execute(
        f"""
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            {_PLAN},
            session_id TEXT REFERENCES review_sessions(id) ON DELETE SET NULL,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            description TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'risk',
            risk TEXT NOT NULL DEFAULT 'medium',
            recommendation TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            status_reason TEXT NOT NULL DEFAULT '',
            checkpoint_id TEXT{_checkpoint_reference(db)},
            adr_id TEXT REFERENCES adrs(id) ON DELETE SET NULL,
            lint_key TEXT,
            created_at TEXT NOT NULL,
            CHECK (status <> 'accepted_risk' OR length(trim(status_reason)) > 0)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX findings_plan ON findings(plan_id, status, risk)")
    db.execute("CREATE INDEX findings_session ON findings(session_id)")
    db.execute("CREATE INDEX findings_adr ON findings(adr_id)")
    db.execute(
        f"""
        CREATE TABLE finding_components (
            id TEXT PRIMARY KEY,
            {_PLAN},
            finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
            component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
            UNIQUE (finding_id, component_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX finding_components_component ON finding_components(component_id)")
    db.execute(
        f"""
        CREATE TABLE finding_catalog (
            id TEXT PRIMARY KEY,
            {_PLAN},
            finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
            builtin_key TEXT,
            entry_id TEXT REFERENCES catalog_entries(id) ON DELETE CASCADE,
            CHECK ((builtin_key IS NULL) <> (entry_id IS NULL))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX finding_catalog_finding ON finding_catalog(finding_id)")
    db.execute("CREATE INDEX finding_catalog_entry ON finding_catalog(entry_id)")
    db.execute(
        f"""
        CREATE TABLE lint_dismissals (
            id TEXT PRIMARY KEY,
            {_PLAN},
            lint_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            dismissed_at TEXT NOT NULL,
            UNIQUE (plan_id, lint_key)
        ) STRICT
        """
    )


def _settings(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE architecture_settings (
            id TEXT PRIMARY KEY,
            {_PLAN} UNIQUE,
            max_sync_depth INTEGER NOT NULL DEFAULT 3 CHECK (max_sync_depth BETWEEN 1 AND 50)
        ) STRICT
        """
    )


def _meeting(db: Database) -> None:
    """Meeting mode: a session's agenda as items (done, current, component under discussion)
    and the decisions taken; each session's typed agenda becomes its items, one per line."""
    db.execute(
        f"""
        CREATE TABLE agenda_items (
            id TEXT PRIMARY KEY,
            {_PLAN},
            session_id TEXT NOT NULL REFERENCES review_sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            component_id TEXT REFERENCES components(id) ON DELETE SET NULL,
            done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
            is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1))
        ) STRICT
        """
    )
    db.execute("CREATE INDEX agenda_items_session ON agenda_items(session_id, position)")
    db.execute("CREATE INDEX agenda_items_component ON agenda_items(component_id)")
    db.execute(
        "CREATE UNIQUE INDEX agenda_items_current ON agenda_items(session_id) WHERE is_current"
    )
    db.execute(
        f"""
        CREATE TABLE session_decisions (
            id TEXT PRIMARY KEY,
            {_PLAN},
            session_id TEXT NOT NULL REFERENCES review_sessions(id) ON DELETE CASCADE,
            agenda_item_id TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            detail TEXT NOT NULL DEFAULT '',
            adr_id TEXT REFERENCES adrs(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX session_decisions_session ON session_decisions(session_id)")
    db.execute("CREATE INDEX session_decisions_item ON session_decisions(agenda_item_id)")
    db.execute("CREATE INDEX session_decisions_adr ON session_decisions(adr_id)")
    from sreplan.architecture.agenda import agenda_lines
    from sreplan.kernel.ids import new_id

    sessions = db.execute("SELECT id, plan_id, agenda FROM review_sessions ORDER BY rowid")
    for session_id, plan_id, agenda in sessions.fetchall():
        for position, title in enumerate(agenda_lines(agenda)):
            db.execute(
                "INSERT INTO agenda_items (id, plan_id, session_id, position, title) "
                "VALUES (?, ?, ?, ?, ?)",
                [new_id(), plan_id, session_id, position, title],
            )


STEPS = (
    ("0001_components_and_dependencies", _inventory),
    ("0002_review_sessions", _reviews),
    ("0003_adrs_findings_catalog_dismissals", _decisions_and_findings),
    ("0004_lint_settings", _settings),
    ("0005_meeting_agenda_decisions", _meeting),
)
