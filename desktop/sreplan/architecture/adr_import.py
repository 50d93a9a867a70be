"""Importing and exporting a plan's ADRs as MADR files, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sreplan.architecture.adr_store import add_adr, list_adrs
from sreplan.architecture.madr.read import ImportPlan, export_adrs, plan_import
from sreplan.kernel.workspace import Workspace


def import_adr_files(ws: Workspace, plan_id: str, paths: Iterable[Path]) -> ImportPlan:
    """Read every file first (MadrError on a bad one), then add all ADRs in one transaction."""
    taken = [r["number"] for r in ws.rows("SELECT number FROM adrs WHERE plan_id = ?", [plan_id])]
    plan = plan_import(paths, taken)
    with ws.write():
        for adr in plan.adrs:
            add_adr(ws, plan_id, adr)
    return plan


def export_adr_files(ws: Workspace, plan_id: str, folder: Path) -> list[Path]:
    return export_adrs(list_adrs(ws, plan_id), folder)
