"""incidents, import-postmortem and export-postmortem: incidents from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sreplan.incidents.budget import window_spends
from sreplan.incidents.model import (
    IncidentError,
    format_minutes,
    parse_incident_number,
)
from sreplan.incidents.summary import IncidentSummary, summaries
from sreplan.incidents.transfer import export_postmortems, import_postmortems
from sreplan.kernel.errors import UserError
from sreplan.plans.commands import plan_id, print_json, workspace
from sreplan.slo.store import list_slos


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "incidents",
        help="a plan's incidents: severity, duration, budget spent, postmortem, open actions",
    )
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_list)

    p = sub.add_parser(
        "import-postmortem",
        help="import postmortems written in Markdown (SRE book, PagerDuty and similar templates)",
    )
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("md", nargs="+", metavar="MD", help="Markdown files (all or nothing)")
    p.set_defaults(run=_import)

    p = sub.add_parser(
        "export-postmortem",
        help="export incidents as Markdown postmortems in the SRE book's template",
    )
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument(
        "--incident", action="append", metavar="NUMBER", help="only this incident (INC-7 or 7)"
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write into")
    p.set_defaults(run=_export)


def summary_data(s: IncidentSummary) -> dict[str, Any]:
    i = s.incident
    return {
        "number": i.key,
        "title": i.title,
        "severity": i.severity,
        "status": i.status.value,
        "started": i.started_at.isoformat() if i.started_at else None,
        "impact_minutes": i.impact_minutes,
        "budget_spent": [
            {
                "slo": sp.slo_title,
                "percent": sp.percent,
                "bad": sp.bad,
                "allowed": sp.allowed,
                "unit": sp.unit,
                "note": sp.note,
            }
            for sp in s.spends
        ],
        "policy_steps_reached": list(s.policy),
        "postmortem": s.postmortem_state,
        "postmortem_check": s.check.message,
        "open_action_items": s.open_actions,
        "overdue_action_items": s.overdue_actions,
        "blamelessness_suggestions": s.suggestions,
        "product_engineering_share": i.product_share,
    }


def _list(args: argparse.Namespace) -> int:
    with workspace(args, read_only=True) as ws:
        pid = plan_id(ws, args.plan)
        rows = summaries(ws, pid)
        current = window_spends([s.incident for s in rows], list_slos(ws, pid))
    if args.json:
        print_json(
            {
                "incidents": [summary_data(s) for s in rows],
                "current_window": [
                    {"slo": w.slo_title, "percent": w.percent, "incidents": list(w.incidents),
                     "not_counted": list(w.uncounted)}
                    for w in current
                ],
            }
        )  # fmt: skip
        return 0
    if not rows:
        print("No incidents recorded for this plan.")
        return 0
    for w in current:
        print(f"Current window: {w.slo_title}: {w.percent:.1f} % of the budget spent by "
              f"{', '.join(w.incidents) or 'no incident'}")  # fmt: skip
    for s in rows:
        i = s.incident
        spent = "; ".join(
            f"{sp.slo_title} {sp.percent:.1f} %" if sp.percent is not None else
            f"{sp.slo_title} ? ({sp.note})"
            for sp in s.spends
        ) or "no SLO linked"  # fmt: skip
        print(f"{i.key}  {i.severity}  {i.status.label}  {i.title}")
        print(f"    duration {format_minutes(i.impact_minutes) or '?'}; budget spent: {spent}")
        actions = f"{s.open_actions} open action item(s)"
        if s.overdue_actions:
            actions += f", {s.overdue_actions} overdue"
        print(f"    postmortem: {s.postmortem_state}; {actions}")
        if s.check.red:
            print(f"    ! {s.check.message}")
    return 0


def _import(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.md]
    for path in paths:
        if not path.is_file():
            raise UserError(f"{path}: no such file.")
    with workspace(args) as ws:
        pid = plan_id(ws, args.plan)
        plan = import_postmortems(ws, pid, paths)
    for incident in plan.incidents:
        print(f"Imported {incident.key}: {incident.title}")
    if plan.notices:
        print("Not kept as they were:")
        for notice in plan.notices:
            print(f"  - {notice}")
    return 0


def _export(args: argparse.Namespace) -> int:
    try:
        numbers = [parse_incident_number(n) for n in args.incident or ()]
    except IncidentError as exc:
        raise UserError(f"--incident: {exc}") from exc
    with workspace(args, read_only=True) as ws:
        pid = plan_id(ws, args.plan)
        written = export_postmortems(ws, pid, Path(args.output), numbers)
    for path in written:
        print(path)
    if not written:
        print("No incidents to export.", file=sys.stderr)
    return 0
