"""budget, import-openslo and export-openslo: reliability goals from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sreplan.kernel.durations import format_seconds, parse_duration
from sreplan.kernel.errors import UserError
from sreplan.kernel.files import write_text
from sreplan.plans.commands import plan_id, print_json, workspace
from sreplan.slo.error_budget import ErrorBudget, alert_warnings, burn_rate_alerts, downtime_table
from sreplan.slo.model import DEFAULT_ALERT_RULES, target_error
from sreplan.slo.openslo_import import OpenSloError, export_openslo, import_openslo, read_openslo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "budget", help="error budget, allowed downtime and burn-rate alerts for a target"
    )
    p.add_argument("target", metavar="TARGET", help="target percentage, e.g. 99.9")
    p.add_argument("--window", default="30d", help="SLO window in OpenSLO units (default 30d)")
    p.add_argument(
        "--rate",
        type=float,
        default=None,
        metavar="REQ_PER_S",
        help="request rate, to give the budget in bad events too",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_budget)

    p = sub.add_parser("import-openslo", help="import OpenSLO YAML files into a plan")
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("yaml", nargs="+", metavar="YAML", help="OpenSLO files (all or nothing)")
    p.set_defaults(run=_import)

    p = sub.add_parser("export-openslo", help="export a plan's SLOs as OpenSLO v1 YAML")
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("-o", "--output", metavar="OUT.yaml", help="write here instead of stdout")
    p.set_defaults(run=_export)


def budget_figures(target: float, window_text: str, rate: float | None = None) -> dict[str, Any]:
    """Everything ``sreplan budget`` prints, as plain data."""
    window = parse_duration(window_text)
    budget = ErrorBudget(target, window)
    alerts = burn_rate_alerts(target, window, DEFAULT_ALERT_RULES)
    return {
        "target_percent": target,
        "window": window.shorthand,
        "window_label": window.label,
        "budget": {
            "fraction": budget.fraction,
            "bad_seconds": budget.bad_seconds,
            "bad_minutes": budget.bad_seconds / 60,
            "bad_events": budget.bad_events(rate) if rate is not None else None,
            "requests_per_second": rate,
        },
        "downtime": [
            {"period": r.period, "allowed_seconds": r.allowed_seconds}
            for r in downtime_table(target)
        ],
        "alerts": [
            {
                "severity": a.rule.severity.value,
                "long_window": a.rule.long_window.shorthand,
                "short_window": a.rule.short_window.shorthand,
                "burn_rate": a.burn_rate,
                "budget_spent_percent": a.rule.budget_spent,
                "error_ratio_threshold": a.error_ratio,
                "exhaust_seconds": a.exhaust_seconds,
            }
            for a in alerts
        ],
        "warnings": alert_warnings(window, DEFAULT_ALERT_RULES),
    }


def _budget(args: argparse.Namespace) -> int:
    problem = target_error(args.target)
    if problem:
        raise UserError(f"TARGET {args.target!r}: {problem}")
    target = float(str(args.target).strip().removesuffix("%").replace(",", "."))
    try:
        figures = budget_figures(target, args.window, args.rate)
    except ValueError as exc:
        raise UserError(f"--window: {exc}") from exc
    if args.rate is not None and args.rate < 0:
        raise UserError("--rate: a request rate cannot be negative")
    if args.json:
        print_json(figures)
        return 0
    b = figures["budget"]
    print(f"Target {target:g}% over {figures['window_label']} ({figures['window']})")
    print(
        f"Error budget: {b['fraction']:.4%} of events ({b['fraction']:.6g}); "
        f"{b['bad_minutes']:.4g} minutes ({format_seconds(b['bad_seconds'])}) "
        "of bad time per window"
    )
    if b["bad_events"] is not None:
        print(f"  at {args.rate:g} requests/s: {b['bad_events']:,.0f} bad requests per window")
    print("\nAllowed downtime")
    for row in figures["downtime"]:
        print(f"  {row['period']:<18} {format_seconds(row['allowed_seconds'])}")
    print("\nBurn-rate alerts (SRE workbook, scaled to the window)")
    print(
        f"  {'Severity':<8} {'Long':>5} {'Short':>5} {'Burn rate':>10} {'Spent':>6} "
        f"{'Error ratio >':>13}  Budget gone in"
    )
    for a in figures["alerts"]:
        print(
            f"  {a['severity']:<8} {a['long_window']:>5} {a['short_window']:>5} "
            f"{a['burn_rate']:>10.4g} {a['budget_spent_percent']:>5g}% "
            f"{a['error_ratio_threshold']:>13.4%}  {format_seconds(a['exhaust_seconds'])}"
        )
    for warning in figures["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    try:
        parsed = read_openslo(args.yaml)
    except OpenSloError as exc:
        raise UserError(f"{exc}; nothing was imported") from exc
    with workspace(args) as ws:
        target_plan = plan_id(ws, args.plan)
        try:
            summary = import_openslo(ws, target_plan, parsed)
        except OpenSloError as exc:
            raise UserError(f"{exc}; nothing was imported") from exc
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rules = f", alert policy replaced ({summary.alert_rules} rules)" if summary.alert_rules else ""
    print(
        f"imported {summary.slos} SLOs, {summary.slis} new SLIs, "
        f"{summary.services} new services{rules}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    with workspace(args, read_only=True) as ws:
        text = export_openslo(ws, plan_id(ws, args.plan))
    if not args.output:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    write_text(out, text)
    print(f"wrote {out}", file=sys.stderr)
    return 0
