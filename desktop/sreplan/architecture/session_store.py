"""Review sessions: when, what kind, who takes part, which components, agenda and notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sreplan.architecture.reviews import ReviewSession, SessionType
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace

SESSION_COLUMNS = ("id", "plan_id", "title", "held_on", "kind", "agenda", "notes")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None



def session_from_row(row: dict[str, Any]) -> ReviewSession:
    return ReviewSession(
        id=row["id"],
        title=row["title"],
        held_on=_date(row["held_on"]),
        kind=SessionType(row["kind"]),
        agenda=row["agenda"],
        notes=row["notes"],
    )


def add_session(
    ws: Workspace,
    plan_id: str,
    session: ReviewSession,
    participants: Sequence[tuple[str | None, str]] = (),
    component_ids: Iterable[str] = (),
    *,
    sync_agenda: bool = True,
) -> str:
    """A session with its participants ((stakeholder id or None, name)), scope and agenda
    items (one per line of its agenda, unless the caller adds them), in one go."""
    if not session.title.strip():
        raise WorkspaceError("A review session needs a title.")
    with ws.write():
        records.insert(
            ws,
            "review_sessions",
            [
                {
                    "id": session.id,
                    "plan_id": plan_id,
                    "title": session.title.strip(),
                    "held_on": session.held_on.isoformat() if session.held_on else None,
                    "kind": session.kind.value,
                    "agenda": session.agenda,
                    "notes": session.notes,
                }
            ],
        )
        set_participants(ws, plan_id, session.id, participants)
        set_scope(ws, plan_id, session.id, component_ids)
        if sync_agenda:
            # meeting_store builds on this module, so it is imported where it is needed.
            from sreplan.architecture.meeting_store import sync_items_from_text

            sync_items_from_text(ws, session.id, session.agenda)
    return session.id


def list_sessions(ws: Workspace, plan_id: str) -> list[ReviewSession]:
    return [
        session_from_row(r)
        for r in ws.rows(
            f"SELECT {', '.join(SESSION_COLUMNS)} FROM review_sessions WHERE plan_id = ? "
            "ORDER BY held_on IS NULL, held_on DESC, title COLLATE NOCASE",
            [plan_id],
        )
    ]


# The sessions table's order, undated last (the shell's record model takes it as ORDER BY).
SESSION_ORDER = "held_on IS NULL, held_on DESC, title"


def session_titles(ws: Workspace, plan_id: str) -> list[tuple[str, str, str | None]]:
    """(id, title, held_on) of the plan's sessions, newest first, for pickers and filters."""
    return [
        (r["id"], r["title"], r["held_on"])
        for r in ws.rows(
            "SELECT id, title, held_on FROM review_sessions WHERE plan_id = ? "
            "ORDER BY held_on DESC",
            [plan_id],
        )
    ]


def session_row(ws: Workspace, session_id: str) -> dict[str, Any] | None:
    rows = ws.rows(
        f"SELECT {', '.join(SESSION_COLUMNS)} FROM review_sessions WHERE id = ?", [session_id]
    )
    return rows[0] if rows else None


def session_agenda(ws: Workspace, session_id: str | None) -> str:
    agenda = ws.scalar("SELECT agenda FROM review_sessions WHERE id = ?", [session_id])
    return str(agenda or "")


def participant_rows(ws: Workspace, session_id: str) -> list[tuple[str | None, str]]:
    """(stakeholder id or None, name) as stored: a stakeholder's row keeps its own name."""
    return [
        (r["stakeholder_id"], r["name"])
        for r in ws.rows(
            "SELECT stakeholder_id, name FROM session_participants WHERE session_id = ? "
            "ORDER BY position",
            [session_id],
        )
    ]


def stakeholder_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    """(id, "Name (role)") of the plan's stakeholders, for a session's participants."""
    return [
        (r["id"], f"{r['name']} ({r['role']})" if r["role"] else r["name"])
        for r in ws.rows(
            "SELECT id, name, role FROM stakeholders WHERE plan_id = ? ORDER BY position",
            [plan_id],
        )
    ]


def scope_ids(ws: Workspace, session_id: str) -> list[str]:
    """Ids of the components in a session's scope, as stored."""
    return [
        r["component_id"]
        for r in ws.rows(
            "SELECT component_id FROM session_components WHERE session_id = ?", [session_id]
        )
    ]


def get_session(ws: Workspace, session_id: str) -> ReviewSession:
    rows = ws.rows(
        f"SELECT {', '.join(SESSION_COLUMNS)} FROM review_sessions WHERE id = ?", [session_id]
    )
    if not rows:
        raise LookupError(f"no review session {session_id}")
    return session_from_row(rows[0])


def next_session(ws: Workspace, plan_id: str, today: date) -> ReviewSession | None:
    """The next session on or after ``today``, else the most recent one."""
    rows = ws.rows(
        f"SELECT {', '.join(SESSION_COLUMNS)} FROM review_sessions WHERE plan_id = ? "
        "AND held_on >= ? ORDER BY held_on LIMIT 1",
        [plan_id, today.isoformat()],
    )
    if rows:
        return session_from_row(rows[0])
    sessions = list_sessions(ws, plan_id)
    return sessions[0] if sessions else None


def participants(ws: Workspace, session_id: str) -> list[tuple[str | None, str]]:
    """(stakeholder id or None, display name); a stakeholder's current name wins."""
    return [
        (r["stakeholder_id"], r["name"])
        for r in ws.rows(
            "SELECT p.stakeholder_id, coalesce(nullif(s.name, ''), p.name) AS name "
            "FROM session_participants p LEFT JOIN stakeholders s ON s.id = p.stakeholder_id "
            "WHERE p.session_id = ? ORDER BY p.position",
            [session_id],
        )
    ]


def set_participants(
    ws: Workspace, plan_id: str, session_id: str, people: Sequence[tuple[str | None, str]]
) -> None:
    with ws.write() as conn:
        conn.execute("DELETE FROM session_participants WHERE session_id = ?", [session_id])
        records.insert(
            ws,
            "session_participants",
            [
                {
                    "id": new_id(),
                    "plan_id": plan_id,
                    "session_id": session_id,
                    "stakeholder_id": sid,
                    "name": name.strip(),
                    "position": i,
                }
                for i, (sid, name) in enumerate(people)
                if sid or name.strip()
            ],
        )


def scope(ws: Workspace, session_id: str) -> list[str]:
    return [
        r["component_id"]
        for r in ws.rows(
            "SELECT sc.component_id FROM session_components sc JOIN components c "
            "ON c.id = sc.component_id WHERE sc.session_id = ? ORDER BY c.position, c.name",
            [session_id],
        )
    ]


def set_scope(ws: Workspace, plan_id: str, session_id: str, component_ids: Iterable[str]) -> None:
    with ws.write() as conn:
        conn.execute("DELETE FROM session_components WHERE session_id = ?", [session_id])
        records.insert(
            ws,
            "session_components",
            [
                {"id": new_id(), "plan_id": plan_id, "session_id": session_id, "component_id": cid}
                for cid in dict.fromkeys(component_ids)
            ],
        )

