"""Reliability goals' part of the executive summary: SLOs whose dependencies cannot reach
their target, as risks."""

from __future__ import annotations

from datetime import date

from sreplan.kernel.summary import Part, SummaryItem, Tone
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import Slo
from sreplan.slo.policy import dependency_check
from sreplan.slo.store import list_slos

SOURCE = "Reliability goals"


def slos_at_risk(ws: Workspace, plan_id: str) -> list[tuple[Slo, float]]:
    """(SLO, the most its dependencies allow) for each SLO aiming higher than that."""
    found = []
    for slo in list_slos(ws, plan_id):
        check = dependency_check(ws, slo.id, slo.target)
        if check.ceiling is not None and not check.achievable:
            found.append((slo, check.ceiling))
    return found


def contribute(ws: Workspace, plan_id: str, today: date) -> list[SummaryItem]:
    return [
        SummaryItem(Part.RISK, f"SLO '{slo.title}' cannot reach {slo.target:g} %", SOURCE,
                    owner=slo.owner,
                    detail=f"its dependencies allow at most {ceiling:.4f} %", rank=0,
                    keys=(f"slo:{slo.id}",), tone=Tone.BAD, kind="SLO out of reach")
        for slo, ceiling in slos_at_risk(ws, plan_id)
    ]
