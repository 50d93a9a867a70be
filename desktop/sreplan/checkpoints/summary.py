"""The checkpoints' part of the executive summary: the plan's status, every phase's gate
with its rule, and the open High-risk items as risks."""

from __future__ import annotations

from datetime import date

from sreplan.checkpoints.gates import Verdict
from sreplan.checkpoints.model import CheckpointStatus
from sreplan.checkpoints.queries import gate_summary
from sreplan.kernel.summary import Part, SummaryItem, Tone
from sreplan.kernel.workspace import Workspace

SOURCE = "Checkpoints"
TONES = {Verdict.NOT_READY: Tone.BAD, Verdict.READY_WITH_RISKS: Tone.WARN,
         Verdict.READY: Tone.GOOD}


def contribute(ws: Workspace, plan_id: str, today: date) -> list[SummaryItem]:
    gates = gate_summary(ws, plan_id)
    if gates.overall.total == 0:
        return []
    overall = gates.overall
    items = [SummaryItem(Part.STATUS, overall.rule, SOURCE, rank=_rank(overall.verdict),
                         tone=TONES[overall.verdict])]
    items += [
        SummaryItem(Part.GATE, p.phase_name, SOURCE, detail=p.gate.rule,
                    tone=TONES[p.gate.verdict], kind=p.gate.verdict.label)
        for p in gates.phases
    ]
    rows = ws.rows(
        "SELECT id, title, owner, due_date, status FROM checkpoints "
        "WHERE plan_id = ? AND risk = 'high' AND status IN ('not_started', 'in_progress', "
        "'blocked') ORDER BY status <> 'blocked', due_date IS NULL, due_date, title, id",
        [plan_id],
    )
    # All of them, not the first few: the summary says how many more the full report lists.
    items += [
        SummaryItem(
            Part.RISK, r["title"], SOURCE, owner=r["owner"],
            due=date.fromisoformat(r["due_date"]) if r["due_date"] else None,
            detail=f"High-risk checkpoint item, {CheckpointStatus(r['status']).label.lower()}",
            rank=0, keys=(f"checkpoint:{r['id']}",), tone=Tone.BAD, kind="High-risk item",
        )
        for r in rows
    ]
    return items


def _rank(verdict: Verdict) -> int:
    return {Verdict.NOT_READY: 0, Verdict.READY_WITH_RISKS: 1, Verdict.READY: 2}[verdict]
