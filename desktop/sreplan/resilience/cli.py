"""resilience, import-chaos, export-chaos, import-rollout, export-rollout."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sreplan.kernel.durations import format_seconds
from sreplan.kernel.errors import UserError
from sreplan.plans.commands import plan_id, print_json, workspace
from sreplan.resilience import imports
from sreplan.resilience.assess import Assessment, assess


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("resilience", help="recovery objectives, checks, experiments, rollouts")
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="judge policies as of this day")
    p.set_defaults(run=_show)

    p = sub.add_parser("import-chaos", help="import Chaos Toolkit experiments into a plan")
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("experiments", nargs="+", metavar="EXPERIMENT",
                   help="Chaos Toolkit experiment files, JSON or YAML (all or nothing)")
    p.set_defaults(run=_import_chaos)

    p = sub.add_parser("export-chaos", help="export a plan's experiments for Chaos Toolkit")
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="folder for the experiment files, one per experiment")
    p.set_defaults(run=_export_chaos)

    p = sub.add_parser("import-rollout", help="import an Argo Rollouts Rollout for a component")
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("--component", required=True, metavar="NAME", help="component name")
    p.add_argument("yaml", nargs="+", metavar="YAML",
                   help="the Rollout file, and files with its AnalysisTemplates")
    p.set_defaults(run=_import_rollout)

    p = sub.add_parser("export-rollout", help="export a component's rollout for Argo Rollouts")
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    p.add_argument("--component", required=True, metavar="NAME", help="component name")
    p.add_argument("-o", "--output", metavar="OUT.yaml", help="write here instead of stdout")
    p.set_defaults(run=_export_rollout)


def _today(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f"--date: {text!r} is not a date (YYYY-MM-DD)") from exc


def _secs(value: float | None) -> str:
    return "—" if value is None else ("0 s" if value == 0 else format_seconds(value))


def as_json(a: Assessment) -> dict[str, Any]:
    return {
        "policy_days": a.policy_days,
        "objectives": [{
            "subject": v.subject,
            "component_id": v.objective.component_id,
            "rpo_seconds": v.objective.rpo_seconds,
            "rto_seconds": v.objective.rto_seconds,
            "reachable_rpo_seconds": v.reachable_rpo,
            "backup_method": v.objective.backup_method,
            "backup_interval_seconds": v.objective.backup_interval_seconds,
            "replication": v.objective.replication.value,
            "replication_lag_seconds": v.objective.replication_lag_seconds,
        } for v in a.objectives],
        "checks": [{"check": c.kind.value, "subject": c.subject, "passed": c.passed,
                    "risk": c.risk, "reason": c.reason} for c in a.checks],
        "experiments": [{
            "title": v.experiment.title,
            "slo": v.slo.name if v.slo else None,
            "fault": v.experiment.fault,
            "targets": list(v.targets),
            "last_run": None if v.last_run is None else {
                "date": v.last_run.ran_on.isoformat(), "outcome": v.last_run.outcome.value,
                "budget_spent_percent": v.last_run.budget_spent},
            "abort": None if v.abort is None else {
                "error_ratio": v.abort.error_ratio, "short_window_seconds": v.abort.short_seconds,
                "burn_rate": v.abort.burn_rate, "max_seconds": v.abort.max_seconds},
            "worst_case_budget_percent": v.worst_case_percent,
        } for v in a.experiments],
        "rollouts": [{
            "name": v.rollout.name,
            "component": v.component,
            "strategy": v.rollout.strategy.value,
            "slo": v.slo.name if v.slo else None,
            "steps": [{"traffic_percent": s.traffic_percent, "bake_seconds": s.bake_seconds,
                       "manual_gate": s.manual_gate, "analysis": bool(s.analysis)}
                      for s in v.rollout.steps],
            "total_seconds": v.total_seconds,
            "budget_at_risk_seconds": v.risk.bad_seconds,
            "budget_at_risk_percent": v.risk.percent_of_remaining,
            "caught_at_step": v.risk.caught_at_step,
            "criteria": v.criteria.lines() if v.criteria else [],
        } for v in a.rollouts],
    }


def _show(args: argparse.Namespace) -> int:
    today = _today(args.date)
    with workspace(args, read_only=True) as ws:
        a = assess(ws, plan_id(ws, args.plan), today)
    if args.json:
        print_json(as_json(a))
        return 0
    print(f"Recovery objectives (restore-test policy {a.policy_days} days)")
    if not a.objectives:
        print("  none recorded")
    for v in a.objectives:
        o = v.objective
        print(f"  {v.subject}: RPO {_secs(o.rpo_seconds)} (reachable {_secs(v.reachable_rpo)}), "
              f"RTO {_secs(o.rto_seconds)}")
    failing = a.failing
    print(f"\nChecks: {len(failing)} failing of {len(a.checks)}")
    for c in a.checks:
        print(f"  [{'ok' if c.passed else 'FAIL'}] {c.reason}")
    print("\nExperiments")
    if not a.experiments:
        print("  none recorded")
    for e in a.experiments:
        last = (f"last run {e.last_run.ran_on}: {e.last_run.outcome.label.lower()}"
                if e.last_run else "never run")
        slo = f" (SLO {e.slo.name})" if e.slo else " (no SLO)"
        print(f"  {e.experiment.title}{slo}: {last}")
        if e.abort:
            print(f"    {e.abort.text()}")
    print("\nRollout plans")
    if not a.rollouts:
        print("  none recorded")
    for r in a.rollouts:
        risk = r.risk
        pct = (f" = {risk.percent_of_remaining:.1f} % of the budget"
               if risk.percent_of_remaining is not None else "")
        print(f"  {r.rollout.name} ({r.component}, {r.rollout.strategy.label.lower()}, "
              f"{len(r.rollout.steps)} steps, {_secs(r.total_seconds)} in total): "
              f"budget at risk {_secs(risk.bad_seconds)} of full outage{pct}")
    return 0


def _report_notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        print(f"not kept: {note}", file=sys.stderr)


def _import_chaos(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        target = plan_id(ws, args.plan)
        try:
            summary = imports.import_chaos(ws, target, args.experiments)
        except UserError as exc:
            raise UserError(f"{exc}; nothing was imported") from exc
    _report_notes(summary.notes)
    print(f"imported {len(summary.titles)} experiments: {', '.join(summary.titles)}")
    return 0


def _export_chaos(args: argparse.Namespace) -> int:
    with workspace(args, read_only=True) as ws:
        written, skipped = imports.export_chaos(ws, plan_id(ws, args.plan), Path(args.output))
    for reason in skipped:
        print(f"not written: {reason}", file=sys.stderr)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _import_rollout(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        target = plan_id(ws, args.plan)
        try:
            summary = imports.import_rollout(ws, target, args.component, args.yaml)
        except UserError as exc:
            raise UserError(f"{exc}; nothing was imported") from exc
    _report_notes(summary.notes)
    print(f"imported rollout plan {summary.titles[0]!r} for {args.component}")
    return 0


def _export_rollout(args: argparse.Namespace) -> int:
    with workspace(args, read_only=True) as ws:
        text = imports.export_rollout(ws, plan_id(ws, args.plan), args.component)
    if not args.output:
        sys.stdout.write(text)
        return 0
    imports.write_text(Path(args.output), text)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
