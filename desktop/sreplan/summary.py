"""The executive summary of a plan: one function for the PDF's summary page and the Overview.

Every feature contributes its lines through ``Feature.summary`` (see kernel/summary.py);
:func:`plan_summary` gathers them and adds what changed since the last review session.
Qt-free and ReportLab-free.
"""

from __future__ import annotations

from datetime import date

from sreplan import features
from sreplan.kernel.feature import load
from sreplan.kernel.summary import PlanSummary, ReviewChanges, SummaryItem, compose
from sreplan.kernel.workspace import Workspace

_CLOSED = ("done", "waived", "not_applicable")
_OPEN = ("not_started", "in_progress", "blocked")


def summary_items(ws: Workspace, plan_id: str, today: date) -> list[SummaryItem]:
    """Every feature's contribution, in features.py order."""
    return [item for f in features.FEATURES if f.summary
            for item in load(f.summary)(ws, plan_id, today)]


def plan_summary(ws: Workspace, plan_id: str, today: date) -> PlanSummary:
    """The plan's summary as of ``today``."""
    return compose(summary_items(ws, plan_id, today), changes_since_last_review(ws, plan_id, today))


def changes_since_last_review(ws: Workspace, plan_id: str, today: date) -> ReviewChanges:
    """What changed since the last review.

    When the plan has a milestone (recorded by hand or when a review closed), the
    changes are the exact ones between its snapshot and the plan now. Without one,
    they come from the dates the records carry since the last review session held
    before ``today``: checkpoint items' last change, findings' creation, incidents'
    start; a record changed on the session's own day counts as changed since it.
    """
    recorded = _since_milestone(ws, plan_id, today)
    if recorded is not None:
        return recorded
    session = ws.rows(
        "SELECT title, held_on FROM review_sessions WHERE plan_id = ? AND held_on < ? "
        "ORDER BY held_on DESC, title, id LIMIT 1", [plan_id, today.isoformat()])
    if not session:
        return ReviewChanges()
    since = date.fromisoformat(session[0]["held_on"])
    day = since.isoformat()
    marks = ", ".join("?" * len(_CLOSED))
    closed = ws.rows(
        f"SELECT c.title, c.status, c.phase_id, substr(c.updated_at, 1, 10) AS day "
        f"FROM checkpoints c WHERE c.plan_id = ? AND c.status IN ({marks}) "
        "AND substr(c.updated_at, 1, 10) >= ? ORDER BY c.updated_at DESC, c.title, c.id",
        [plan_id, *_CLOSED, day])
    labels = {"done": "done", "waived": "waived", "not_applicable": "not applicable"}
    opened = [
        f"INC-{r['number']} {r['title']} ({r['severity']}, {r['day']})"
        for r in ws.rows(
            "SELECT number, title, severity, substr(started_at, 1, 10) AS day FROM incidents "
            "WHERE plan_id = ? AND substr(started_at, 1, 10) >= ? ORDER BY started_at DESC, "
            "number", [plan_id, day])
    ]
    opened += [
        f"{r['title']} ({r['risk'].capitalize()} finding, {r['day']})"
        for r in ws.rows(
            "SELECT title, risk, substr(created_at, 1, 10) AS day FROM findings "
            "WHERE plan_id = ? AND substr(created_at, 1, 10) >= ? "
            "ORDER BY created_at DESC, title, id", [plan_id, day])
    ]
    return ReviewChanges(
        since=since,
        session=session[0]["title"],
        closed=tuple(f"{r['title']} ({labels[r['status']]} {r['day']})" for r in closed),
        opened=tuple(opened),
        gates=_gate_changes(ws, plan_id, day, {r["phase_id"] for r in closed}),
        untracked=("SLO target changes (SLOs carry no change dates)",),
    )


def _gate_changes(ws: Workspace, plan_id: str, day: str, closed_in: set[str]) -> tuple[str, ...]:
    """Gates that moved: a phase Ready now where an item was closed since (so it was not
    all done before), and a phase Not ready now whose every open High item changed since."""
    from sreplan.checkpoints.queries import gate_summary

    out = []
    for p in gate_summary(ws, plan_id).phases:
        verdict = p.gate.verdict.value
        if verdict == "ready" and p.phase_id in closed_in and p.gate.applicable:
            out.append(f"{p.phase_name} passed: now Ready")
        elif verdict == "not_ready":
            marks = ", ".join("?" * len(_OPEN))
            stale = ws.scalar(
                f"SELECT count(*) FROM checkpoints WHERE phase_id = ? AND risk = 'high' "
                f"AND status IN ({marks}) AND substr(updated_at, 1, 10) < ?",
                [p.phase_id, *_OPEN, day])
            if not stale:
                out.append(f"{p.phase_name} lost: now {p.gate.rule}")
    return tuple(out)


_CLOSED_LABELS = ("Done", "Waived", "Not applicable")


def _since_milestone(ws: Workspace, plan_id: str, today: date) -> ReviewChanges | None:
    from sreplan.bundle.milestones import changes_since_last_review as since_last

    found = since_last(ws, plan_id)
    if found is None or found.since.date > today.isoformat():
        return None
    closed: list[str] = []
    opened: list[str] = []
    gates: list[str] = []
    slos: list[str] = []
    other: list[str] = []
    for c in found.changes:
        line = c.text()
        if c.area == "Gates":
            gates.append(line)
        elif c.area == "SLOs":
            slos.append(f"{c.subject} {c.kind}" + (f": {c.detail}" if c.detail else ""))
        elif c.kind == "closed" or (c.kind == "status" and c.detail.endswith(_CLOSED_LABELS)):
            closed.append(f"{c.subject} ({c.detail})" if c.detail else c.subject)
        elif c.kind in ("opened", "added", "reopened"):
            opened.append(f"{c.subject} ({c.area.lower()})")
        else:
            other.append(f"{c.area}: {c.subject} {c.kind}" + (f" ({c.detail})" if c.detail else ""))
    return ReviewChanges(
        since=date.fromisoformat(found.since.date), session=f"Milestone “{found.since.name}”",
        closed=tuple(closed), opened=tuple(opened), gates=tuple(gates),
        slo_targets=tuple(slos), other=tuple(other),
    )
