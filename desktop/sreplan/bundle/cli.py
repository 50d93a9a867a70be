"""export-bundle, import-bundle, check-bundle and gate (a plan as files for git and CI),
milestone and changes (what changed since a review)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sreplan.kernel.errors import UserError
from sreplan.plans.commands import plan_id, print_json, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register_bundles(sub)
    register_milestones(sub)


def register_bundles(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export-bundle", help="write a plan as a folder of files for git")
    p.add_argument("file")
    p.add_argument("--plan", required=True, help="plan id or exact name")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(run=_export)

    p = sub.add_parser("import-bundle", help="create or update a plan from a bundle folder")
    p.add_argument("file")
    p.add_argument("folder", metavar="DIR")
    p.set_defaults(run=_import)

    p = sub.add_parser("check-bundle", help="validate a bundle folder (for CI)")
    p.add_argument("folder", metavar="DIR")
    p.set_defaults(run=_check)

    p = sub.add_parser("gate", help="a phase's gate verdict from a bundle (exit 0 when Ready)")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--phase", required=True, help="phase name (or id)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_gate)


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"sreplan: warning: {warning}", file=sys.stderr)


def _export(args: argparse.Namespace) -> int:
    from sreplan.bundle.export import export_bundle

    with workspace(args, read_only=True) as ws:
        result = export_bundle(ws, plan_id(ws, args.plan), Path(args.output))
    for path in result.written:
        print(path)
    for path in result.removed:
        print(f"removed {path} (no longer in the plan)")
    print(
        f"wrote {len(result.written)} files, {result.unchanged} unchanged, "
        f"removed {len(result.removed)}",
        file=sys.stderr,
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from sreplan.bundle.importing import write_plan
    from sreplan.bundle.read import read_bundle

    bundle = read_bundle(args.folder)
    _warn(bundle.warnings)
    # Edited OpenSLO/MADR/postmortem files are named by check-bundle (for CI) and by the
    # app's import; regenerating them here would cost this command a fifth of its time.
    with workspace(args) as ws:
        result = write_plan(ws, bundle)
    verb = "created" if result.created else "updated"
    print(f"{verb} plan {result.plan_name} ({result.plan_id}): {result.records} records")
    return 0


def _check(args: argparse.Namespace) -> int:
    from sreplan.bundle.check import check_bundle
    from sreplan.bundle.read import BundleError

    try:
        bundle = check_bundle(args.folder)
    except BundleError as exc:
        for problem in exc.problems:
            print(f"sreplan: error: {problem}", file=sys.stderr)
        return 2
    _warn(bundle.warnings)
    print(f"ok: {args.folder} is a valid bundle of plan {bundle.plan_id}")
    return 0


def _gate(args: argparse.Namespace) -> int:
    from sreplan.bundle.check import opened_bundle
    from sreplan.checkpoints.gates import Verdict
    from sreplan.checkpoints.queries import gate_summary

    with opened_bundle(args.folder) as (ws, bundle):
        summary = gate_summary(ws, bundle.plan_id)
    wanted = args.phase.strip().casefold()
    matches = [
        p for p in summary.phases if p.phase_name.casefold() == wanted or p.phase_id == wanted
    ]
    if not matches:
        names = ", ".join(p.phase_name for p in summary.phases) or "none"
        raise UserError(f"the plan has no phase {args.phase!r}; its phases: {names}.")
    phase = matches[0]
    gate = phase.gate
    if args.json:
        print_json(
            {
                "phase": phase.phase_name,
                "verdict": gate.verdict.value,
                "rule": gate.rule,
                "percent_done": round(gate.percent_done, 1),
                "total": gate.total,
                "applicable": gate.applicable,
                "done": gate.done,
                "open_high": gate.open_high,
                "open_other": gate.open_other,
                "blocked": gate.blocked,
                "waived_high": gate.waived_high,
            }
        )
    else:
        print(f"{phase.phase_name}: {gate.rule} ({gate.percent_done:.0f} % done)")
    return 0 if gate.verdict is Verdict.READY else 1


def register_milestones(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("milestone", help="record a named, dated snapshot of a plan")
    p.add_argument("file")
    p.add_argument("--plan", required=True, help="plan id or exact name")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(run=_milestone)

    p = sub.add_parser("changes", help="what changed in a plan since a milestone")
    p.add_argument("file")
    p.add_argument("--plan", required=True, help="plan id or exact name")
    p.add_argument("--since", required=True, metavar="NAME", help="the milestone to start from")
    p.add_argument("--until", metavar="NAME", help="a later milestone (default: the plan now)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_changes)


def _milestone(args: argparse.Namespace) -> int:
    from sreplan.bundle.milestones import record_milestone

    with workspace(args) as ws:
        milestone = record_milestone(ws, plan_id(ws, args.plan), args.name)
    print(f"recorded milestone {milestone.name!r} ({milestone.recorded_at})")
    return 0


def _changes(args: argparse.Namespace) -> int:
    from sreplan.bundle.milestones import changes_since

    with workspace(args, read_only=True) as ws:
        found = changes_since(ws, plan_id(ws, args.plan), args.since, args.until)
    if args.json:
        print_json(
            {
                "since": {"name": found.since.name, "recorded_at": found.since.recorded_at},
                "until": (
                    {"name": found.until.name, "recorded_at": found.until.recorded_at}
                    if found.until
                    else None
                ),
                "changes": [
                    {"area": c.area, "kind": c.kind, "subject": c.subject, "detail": c.detail}
                    for c in found.changes
                ],
            }
        )
        return 0
    print(found.summary())
    area = None
    for change in found.changes:
        if change.area != area:
            area = change.area
            print(f"\n{area}")
        print(f"  {change.kind:<11} {change.text()}")
    return 0
