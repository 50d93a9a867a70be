"""Findings of architecture reviews, their links, and the open ones as action items."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sreplan.architecture.lint import Risk
from sreplan.architecture.reviews import Finding, FindingKind, FindingStatus
from sreplan.kernel import records
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso

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


# For the findings tables: open ones first, worst first, newest first; and the open filter.
OPEN_FIRST = (
    "status NOT IN ('open', 'in_progress'), "
    "CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, created_at DESC, rowid DESC"
)
OPEN_ONLY = "plan_id = ? AND status IN ('open', 'in_progress')"
BY_SESSION = "plan_id = ? AND session_id = ?"


def finding_row(ws: Workspace, finding_id: str) -> dict[str, Any] | None:
    rows = ws.rows(f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE id = ?", [finding_id])
    return rows[0] if rows else None


def adr_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    """(id, "ADR-0007 Title") of the plan's decisions, for a finding's decision link."""
    return [
        (r["id"], r["label"])
        for r in ws.rows(
            "SELECT id, printf('ADR-%04d %s', number, title) AS label FROM adrs "
            "WHERE plan_id = ? ORDER BY number",
            [plan_id],
        )
    ]


def checkpoint_choices(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    """(id, title) of the plan's checkpoint items, for a finding's checkpoint link."""
    return [
        (r["id"], r["title"])
        for r in ws.rows(
            "SELECT id, title FROM checkpoints WHERE plan_id = ? ORDER BY rowid", [plan_id]
        )
    ]


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
