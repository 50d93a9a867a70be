"""Review sessions, findings, and the triage state of lint suggestions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.actions import ActionItem
from ..core.arch_lint import LintRule, LintSettings, Risk, Suggestion, lint
from ..core.ids import new_id
from ..core.reviews import Finding, FindingKind, FindingStatus, ReviewSession, SessionType
from . import records
from .architecture import load_inventory, slo_targets
from .errors import WorkspaceError
from .workspace import Workspace, now_iso

FINDING_COLUMNS = (
    "id",
    "plan_id",
    "session_id",
    "title",
    "description",
    "kind",
    "risk",
    "recommendation",
    "owner",
    "due_date",
    "status",
    "status_reason",
    "checkpoint_id",
    "adr_id",
    "lint_key",
    "created_at",
)
SESSION_COLUMNS = ("id", "plan_id", "title", "held_on", "kind", "agenda", "notes")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def finding_from_row(row: dict[str, Any]) -> Finding:
    return Finding(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        kind=FindingKind(row["kind"]),
        risk=Risk(row["risk"]),
        recommendation=row["recommendation"],
        owner=row["owner"],
        due=_date(row["due_date"]),
        status=FindingStatus(row["status"]),
        status_reason=row["status_reason"],
        session_id=row["session_id"],
        checkpoint_id=row["checkpoint_id"],
        adr_id=row["adr_id"],
        lint_key=row["lint_key"],
    )


def finding_to_row(plan_id: str, f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "plan_id": plan_id,
        "session_id": f.session_id,
        "title": f.title.strip(),
        "description": f.description,
        "kind": f.kind.value,
        "risk": f.risk.value,
        "recommendation": f.recommendation,
        "owner": f.owner,
        "due_date": f.due.isoformat() if f.due else None,
        "status": f.status.value,
        "status_reason": f.status_reason,
        "checkpoint_id": f.checkpoint_id,
        "adr_id": f.adr_id,
        "lint_key": f.lint_key,
        "created_at": now_iso(),
    }


def session_from_row(row: dict[str, Any]) -> ReviewSession:
    return ReviewSession(
        id=row["id"],
        title=row["title"],
        held_on=_date(row["held_on"]),
        kind=SessionType(row["kind"]),
        agenda=row["agenda"],
        notes=row["notes"],
    )


# Sessions ---------------------------------------------------------------------------------


def add_session(
    ws: Workspace,
    plan_id: str,
    session: ReviewSession,
    participants: Sequence[tuple[str | None, str]] = (),
    component_ids: Iterable[str] = (),
) -> str:
    """A session with its participants ((stakeholder id or None, name)) and scope, in one go."""
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


# Findings ---------------------------------------------------------------------------------


def add_finding(
    ws: Workspace,
    plan_id: str,
    finding: Finding,
    component_ids: Iterable[str] = (),
    catalog_keys: Iterable[str] = (),
) -> str:
    """Insert a finding with its links in one transaction."""
    if not finding.title.strip():
        raise WorkspaceError("A finding needs a title.")
    if finding.status is FindingStatus.ACCEPTED_RISK and not finding.status_reason.strip():
        raise WorkspaceError("An accepted risk needs a reason.")
    with ws.write():
        records.insert(ws, "findings", [finding_to_row(plan_id, finding)])
        set_finding_components(ws, plan_id, finding.id, component_ids)
        set_finding_catalog(ws, plan_id, finding.id, catalog_keys)
    return finding.id


def set_finding_components(
    ws: Workspace, plan_id: str, finding_id: str, component_ids: Iterable[str]
) -> None:
    with ws.write() as conn:
        conn.execute("DELETE FROM finding_components WHERE finding_id = ?", [finding_id])
        records.insert(
            ws,
            "finding_components",
            [
                {"id": new_id(), "plan_id": plan_id, "finding_id": finding_id, "component_id": cid}
                for cid in dict.fromkeys(component_ids)
            ],
        )


def set_finding_catalog(ws: Workspace, plan_id: str, finding_id: str, keys: Iterable[str]) -> None:
    """Link catalog entries: built-in ones by key, the plan's own as ``user:<id>``."""
    with ws.write() as conn:
        conn.execute("DELETE FROM finding_catalog WHERE finding_id = ?", [finding_id])
        rows = []
        for key in dict.fromkeys(keys):
            user = key.removeprefix("user:") if key.startswith("user:") else None
            rows.append(
                {
                    "id": new_id(),
                    "plan_id": plan_id,
                    "finding_id": finding_id,
                    "builtin_key": None if user else key,
                    "entry_id": user,
                }
            )
        records.insert(ws, "finding_catalog", rows)


def finding_links(ws: Workspace, finding_id: str) -> tuple[list[str], list[str]]:
    """(component ids, catalog keys) a finding links to."""
    comps = [
        r["component_id"]
        for r in ws.rows(
            "SELECT component_id FROM finding_components WHERE finding_id = ? ORDER BY rowid",
            [finding_id],
        )
    ]
    keys = [
        r["builtin_key"] or f"user:{r['entry_id']}"
        for r in ws.rows(
            "SELECT builtin_key, entry_id FROM finding_catalog WHERE finding_id = ? ORDER BY rowid",
            [finding_id],
        )
    ]
    return comps, keys


def update_finding(ws: Workspace, finding_id: str, values: dict[str, Any]) -> None:
    """Set fields of a finding; refuse an empty title or an accepted risk without a reason."""
    current = records.fetch(ws, "findings", finding_id, ("title", "status", "status_reason"))
    merged = {**current, **values}
    if not str(merged["title"]).strip():
        raise WorkspaceError("A finding needs a title.")
    if (
        merged["status"] == FindingStatus.ACCEPTED_RISK.value
        and not str(merged["status_reason"]).strip()
    ):
        raise WorkspaceError("An accepted risk needs a reason.")
    with ws.write():
        records.update(ws, "findings", finding_id, values)


def list_findings(ws: Workspace, plan_id: str, *, open_only: bool = False) -> list[Finding]:
    """Findings, open ones first, then by risk (High first), then newest."""
    where = " AND status IN ('open', 'in_progress')" if open_only else ""
    return [
        finding_from_row(r)
        for r in ws.rows(
            f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE plan_id = ?{where} "
            "ORDER BY status NOT IN ('open', 'in_progress'), "
            "CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, "
            "created_at DESC, rowid DESC",
            [plan_id],
        )
    ]


def new_finding(title: str, **fields: Any) -> Finding:
    return Finding(id=new_id(), title=title, **fields)


# Lint triage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LintState:
    """The plan's lint run, split into what still needs a decision and what got one."""

    untriaged: tuple[Suggestion, ...]
    dismissed: tuple[tuple[Suggestion, str], ...]
    accepted: tuple[Suggestion, ...]

    @property
    def all(self) -> tuple[Suggestion, ...]:
        return self.untriaged + tuple(s for s, _ in self.dismissed) + self.accepted


def run_lint(ws: Workspace, plan_id: str, settings: LintSettings | None = None) -> LintState:
    suggestions = lint(load_inventory(ws, plan_id), slo_targets(ws, plan_id), settings)
    dismissals = {
        r["lint_key"]: (r["fingerprint"], r["reason"])
        for r in ws.rows(
            "SELECT lint_key, fingerprint, reason FROM lint_dismissals WHERE plan_id = ?", [plan_id]
        )
    }
    accepted_keys = {
        r["lint_key"]
        for r in ws.rows(
            "SELECT lint_key FROM findings WHERE plan_id = ? AND lint_key IS NOT NULL", [plan_id]
        )
    }
    untriaged, dismissed, accepted = [], [], []
    for s in suggestions:
        if s.key in accepted_keys:
            accepted.append(s)
        elif s.key in dismissals and dismissals[s.key][0] == s.fingerprint:
            dismissed.append((s, dismissals[s.key][1]))
        else:
            untriaged.append(s)
    return LintState(tuple(untriaged), tuple(dismissed), tuple(accepted))


def accept_suggestion(
    ws: Workspace,
    plan_id: str,
    suggestion: Suggestion,
    session_id: str | None = None,
    owner: str = "",
    due: date | None = None,
    finding_id: str | None = None,
) -> str:
    """Turn a suggestion into an open finding, linked to its components and catalog entries."""
    finding = Finding(
        id=finding_id or new_id(),
        title=suggestion.title,
        description=suggestion.evidence,
        kind=FindingKind.RISK
        if suggestion.rule is LintRule.SLO_UNACHIEVABLE
        else FindingKind.ANTIPATTERN,
        risk=suggestion.risk,
        recommendation=suggestion.recommendation,
        owner=owner,
        due=due,
        session_id=session_id,
        lint_key=suggestion.key,
    )
    with ws.write() as conn:
        conn.execute(
            "DELETE FROM lint_dismissals WHERE plan_id = ? AND lint_key = ?",
            [plan_id, suggestion.key],
        )
        add_finding(ws, plan_id, finding, suggestion.component_ids, suggestion.catalog_keys)
    return finding.id


def dismiss_suggestion(
    ws: Workspace,
    plan_id: str,
    suggestion: Suggestion,
    reason: str,
    dismissal_id: str | None = None,
) -> str:
    """Remember a dismissal with its reason; it lapses when the evidence changes."""
    if not reason.strip():
        raise WorkspaceError("Say why the suggestion is dismissed: a reason is required.")
    dismissal_id = dismissal_id or new_id()
    with ws.write() as conn:
        conn.execute(
            "DELETE FROM lint_dismissals WHERE plan_id = ? AND lint_key = ?",
            [plan_id, suggestion.key],
        )
        records.insert(
            ws,
            "lint_dismissals",
            [
                {
                    "id": dismissal_id,
                    "plan_id": plan_id,
                    "lint_key": suggestion.key,
                    "fingerprint": suggestion.fingerprint,
                    "reason": reason.strip(),
                    "dismissed_at": now_iso(),
                }
            ],
        )
    return dismissal_id


def open_finding_actions(ws: Workspace, plan_id: str) -> list[ActionItem]:
    """Open findings that have an owner and a due date, for the plan's action items."""
    return [
        ActionItem(
            source="Architecture review",
            title=f.title,
            owner=f.owner,
            due=f.due,
            risk=f.risk.label,
            status=f.status.label,
            record_id=f.id,
        )
        for f in list_findings(ws, plan_id, open_only=True)
        if f.owner.strip() and f.due
    ]
