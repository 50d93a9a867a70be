"""``sreplan actions FILE --plan PLAN``: every action item of a plan, wherever it lives."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from sreplan.actions.formats import FORMATS, render
from sreplan.actions.tracker import tracked_items
from sreplan.plans.commands import plan_id, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "actions",
        help="list a plan's action items from every source (checkpoints, findings, ...)",
    )
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("--status", choices=("open", "all"), default="open",
                   help="open items only (default) or every item")  # fmt: skip
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.set_defaults(run=_actions)


def _actions(args: argparse.Namespace) -> int:
    today = date.today()
    with workspace(args, read_only=True) as ws:
        pid = plan_id(ws, args.plan)
        items = tracked_items(ws, pid, status=args.status, today=today)
    sys.stdout.write(render(items, args.format, today))
    return 0
