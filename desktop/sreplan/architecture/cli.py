"""lint, export-adr and import-adr: architecture reviews from scripts and CI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sreplan.architecture.adr_import import export_adr_files, import_adr_files
from sreplan.architecture.lint import LintSettings, Risk, Suggestion
from sreplan.architecture.lint_triage import run_lint
from sreplan.architecture.madr.read import MadrError
from sreplan.architecture.store import load_inventory
from sreplan.kernel import WorkspaceError
from sreplan.kernel.errors import UserError
from sreplan.plans.commands import plan_id, print_json, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("lint", help="check a plan's architecture for reliability smells")
    p.add_argument("file", help="a workspace, or a plan bundle folder (export-bundle)")
    p.add_argument("--plan", required=True, help="plan id or exact name")
    p.add_argument("--json", action="store_true", help="print the suggestions as JSON")
    p.add_argument(
        "--fail-on",
        choices=("high", "medium"),
        help="exit 1 when a suggestion at or above this risk is not dismissed",
    )
    p.add_argument(
        "--max-depth",
        type=int,
        metavar="N",
        help="longest synchronous chain allowed (default: the plan's setting, else "
        f"{LintSettings().max_sync_depth})",
    )
    p.set_defaults(run=_lint)

    p = sub.add_parser("export-adr", help="write a plan's ADRs as MADR Markdown files")
    p.add_argument("file")
    p.add_argument("--plan", required=True)
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(run=_export)

    p = sub.add_parser("import-adr", help="add MADR Markdown files (or folders of them) to a plan")
    p.add_argument("file")
    p.add_argument("--plan", required=True)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(run=_import)


def _lint(args: argparse.Namespace) -> int:
    if args.max_depth is not None and args.max_depth < 1:
        raise UserError("--max-depth must be at least 1.")
    with workspace(args, read_only=True, bundle=True) as ws:
        pid = plan_id(ws, args.plan)
        state = run_lint(ws, pid, LintSettings(args.max_depth) if args.max_depth else None)
        names = {c.id: c.name for c in load_inventory(ws, pid).components}
    rows: list[tuple[Suggestion, str, str]] = (
        [(s, "untriaged", "") for s in state.untriaged]
        + [(s, "finding", "") for s in state.accepted]
        + [(s, "dismissed", reason) for s, reason in state.dismissed]
    )
    rows.sort(key=lambda r: (r[0].risk.rank, r[1] == "dismissed"))
    if args.json:
        print_json(
            [
                {
                    "rule": s.rule.value,
                    "rule_label": s.rule.label,
                    "risk": s.risk.value,
                    "title": s.title,
                    "evidence": s.evidence,
                    "recommendation": s.recommendation,
                    "components": [names[c] for c in s.component_ids if c in names],
                    "key": s.key,
                    "fingerprint": s.fingerprint,
                    "triage": triage,
                    "dismissal_reason": reason or None,
                }
                for s, triage, reason in rows
            ]
        )
    elif not rows:
        print("No suggestions: the lint found no reliability smells.")
    else:
        for s, triage, reason in rows:
            mark = {"untriaged": "", "finding": " [finding]", "dismissed": " [dismissed]"}[triage]
            print(f"{s.risk.label.upper():6}  {s.rule.label}: {s.title}{mark}")
            print(f"        {s.evidence}")
            if reason:
                print(f"        dismissed: {reason}")
    if args.fail_on:
        limit = Risk(args.fail_on).rank
        if any(s.risk.rank <= limit for s, triage, _ in rows if triage != "dismissed"):
            return 1
    return 0


def _export(args: argparse.Namespace) -> int:
    with workspace(args, read_only=True) as ws:
        pid = plan_id(ws, args.plan)
        try:
            written = export_adr_files(ws, pid, Path(args.output))
        except OSError as exc:
            raise UserError(f"Could not write to {args.output}: {exc.strerror or exc}.") from exc
    for path in written:
        print(path)
    print(f"exported {len(written)} ADR{'s' if len(written) != 1 else ''}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        pid = plan_id(ws, args.plan)
        try:
            result = import_adr_files(ws, pid, [Path(p) for p in args.paths])
        except (MadrError, WorkspaceError) as exc:
            raise UserError(f"{exc} Nothing was imported.") from exc
    for notice in result.notices:
        print(f"note: {notice}")
    print(
        f"imported {len(result.adrs)} ADR{'s' if len(result.adrs) != 1 else ''}: "
        + ", ".join(f"ADR-{a.number:04d}" for a in result.adrs)
    )
    return 0
