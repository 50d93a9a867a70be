"""``sreplan portfolio FILE [--json]``: every plan of a workspace at a glance."""

from __future__ import annotations

import argparse
from datetime import date

from sreplan.kernel.errors import UserError
from sreplan.plans.commands import print_json, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "portfolio",
        help="every plan at a glance: gates, actions, SLOs at risk, capacity, reviews",
        description="Every plan of the workspace: gate of the current phase, open P0 and "
        "overdue actions, SLOs at risk, capacity shortfalls before the next event, "
        "incidents in the last 90 days and the next review.",
    )
    p.add_argument("file", help="workspace file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="figures as of this date (default today)")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from sreplan.portfolio.figures import AT_RISK_PERCENT, INCIDENT_DAYS, portfolio
    from sreplan.portfolio.table import table_rows

    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise UserError(f"--date {args.date}: use YYYY-MM-DD") from None
    with workspace(args, read_only=True) as ws:
        rows = portfolio(ws, today)
    if args.json:
        print_json({
            "date": today.isoformat(),
            "definitions": {
                "slos_at_risk": f"incidents in the SLO's current window spent at least "
                                f"{AT_RISK_PERCENT:g}% of its error budget",
                "capacity_shortfalls": "resources needing more units at the next planned "
                                       "capacity event than they have today",
                "incidents_last_90_days": f"incidents that started in the last {INCIDENT_DAYS} "
                                          "days",
                "open_p0_actions": "open action items of High risk",
            },
            "plans": [r.as_json() for r in rows],
        })  # fmt: skip
        return 0
    header, body = table_rows(rows, today)
    widths = [max(len(str(c)) for c in column) for column in zip(header, *body, strict=True)]
    for line in (header, *body):
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    if not rows:
        print("(no plans)")
    return 0
