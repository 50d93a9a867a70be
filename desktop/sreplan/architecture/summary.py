"""The architecture's part of the executive summary: open High findings as risks; proposed
ADRs, accepted risks awaiting sign-off and open questions as decisions to take."""

from __future__ import annotations

from datetime import date

from sreplan.architecture.adr import Adr, AdrStatus
from sreplan.architecture.adr_store import list_adrs
from sreplan.architecture.findings import list_findings
from sreplan.architecture.lint import Risk
from sreplan.architecture.reviews import Finding, FindingKind, FindingStatus
from sreplan.kernel.summary import Part, SummaryItem, Tone
from sreplan.kernel.workspace import Workspace

SOURCE = "Architecture review"
_RANK = {Risk.HIGH: 0, Risk.MEDIUM: 1, Risk.LOW: 2}


def contribute(ws: Workspace, plan_id: str, today: date) -> list[SummaryItem]:
    findings = list_findings(ws, plan_id)
    adrs = list_adrs(ws, plan_id)
    accepted = {a.id for a in adrs if a.status is AdrStatus.ACCEPTED}
    items = [_risk(f) for f in findings if f.status.is_open and f.risk is Risk.HIGH]
    items += [_proposed(a) for a in adrs if a.status is AdrStatus.PROPOSED]
    items += [
        _decision(f, "Accepted risk", "sign off: " + f.status_reason.strip())
        for f in findings
        if f.status is FindingStatus.ACCEPTED_RISK and f.adr_id not in accepted
    ]
    items += [
        _decision(f, "Open question", f.description.strip().split("\n")[0])
        for f in findings
        if f.kind is FindingKind.QUESTION and f.status.is_open
    ]
    return items


def _keys(f: Finding) -> tuple[str, ...]:
    return (f"finding:{f.id}", *((f"checkpoint:{f.checkpoint_id}",) if f.checkpoint_id else ()))


def _risk(f: Finding) -> SummaryItem:
    return SummaryItem(Part.RISK, f.title, SOURCE, owner=f.owner, due=f.due,
                       detail=f"{f.kind.label}, {f.status.label.lower()}", rank=0,
                       keys=_keys(f), tone=Tone.BAD, kind="High finding")


def _proposed(a: Adr) -> SummaryItem:
    options = "; ".join(o.title for o in a.options)
    detail = f"{len(a.options)} options: {options}" if a.options else "no options recorded"
    return SummaryItem(Part.DECISION, f"{a.label} {a.title}", SOURCE,
                       owner=", ".join(a.decision_makers), detail=detail, rank=0,
                       keys=(f"adr:{a.id}",), tone=Tone.WARN, kind="Proposed ADR")


def _decision(f: Finding, kind: str, detail: str) -> SummaryItem:
    return SummaryItem(Part.DECISION, f.title, SOURCE, owner=f.owner, due=f.due, detail=detail,
                       rank=1 + _RANK[f.risk], keys=_keys(f), tone=Tone.WARN, kind=kind)
