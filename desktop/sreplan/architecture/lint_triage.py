"""The lint run of a plan, split into untriaged, dismissed and accepted suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sreplan.architecture.findings import add_finding
from sreplan.architecture.lint import LintRule, LintSettings, Suggestion, lint
from sreplan.architecture.reviews import Finding, FindingKind
from sreplan.architecture.store import load_inventory, slo_targets
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso


@dataclass(frozen=True)
class LintState:
    """The plan's lint run, split into what still needs a decision and what got one."""

    untriaged: tuple[Suggestion, ...]
    dismissed: tuple[tuple[Suggestion, str], ...]
    accepted: tuple[Suggestion, ...]

    @property
    def all(self) -> tuple[Suggestion, ...]:
        return self.untriaged + tuple(s for s, _ in self.dismissed) + self.accepted


def lint_settings(ws: Workspace, plan_id: str) -> LintSettings:
    """The plan's lint settings (the deepest synchronous chain allowed), or the defaults."""
    depth = ws.scalar(
        "SELECT max_sync_depth FROM architecture_settings WHERE plan_id = ?", [plan_id]
    )
    return LintSettings(max_sync_depth=int(depth)) if depth else LintSettings()


def save_lint_settings(ws: Workspace, plan_id: str, settings: LintSettings) -> None:
    if not 1 <= settings.max_sync_depth <= 50:
        raise WorkspaceError("The synchronous chain limit must be between 1 and 50 calls.")
    with ws.write() as conn:
        conn.execute(
            "INSERT INTO architecture_settings (id, plan_id, max_sync_depth) VALUES (?, ?, ?) "
            "ON CONFLICT(plan_id) DO UPDATE SET max_sync_depth = excluded.max_sync_depth",
            [new_id(), plan_id, settings.max_sync_depth],
        )


def run_lint(ws: Workspace, plan_id: str, settings: LintSettings | None = None) -> LintState:
    """Lint the plan with ``settings`` (default: the plan's own) and sort by triage state."""
    settings = settings or lint_settings(ws, plan_id)
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
