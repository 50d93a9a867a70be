"""oncall, export-ics, export-shifts and import-ics: on-call rotations from the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sreplan.kernel.errors import UserError
from sreplan.kernel.workspace import Workspace
from sreplan.oncall import edits, formats, store
from sreplan.oncall.health import day_range, default_range, utc_now
from sreplan.oncall.model import MAX_RANGE_DAYS, Rotation, RotationError, validate
from sreplan.oncall.service import Evaluation, evaluate_rotation
from sreplan.plans.commands import plan_id, print_json, workspace


def _common(p: argparse.ArgumentParser, *, with_range: bool = True) -> None:
    p.add_argument("file", metavar="FILE", help="workspace file")
    p.add_argument("--plan", required=True, metavar="PLAN", help="plan id or exact name")
    if with_range:
        p.add_argument(
            "--from", dest="start", metavar="YYYY-MM-DD", help="first day (default today)"
        )
        p.add_argument(
            "--to", dest="end", metavar="YYYY-MM-DD", help="last day (default: 12 weeks on)"
        )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("oncall", help="a plan's on-call shifts, checks and fairness for a range")
    _common(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=_oncall)

    p = sub.add_parser("export-ics", help="the on-call shifts as an iCalendar (.ics) file")
    _common(p)
    p.add_argument("--person", metavar="NAME", help="only this person's shifts")
    p.add_argument("-o", "--output", required=True, metavar="OUT.ics", help="file to write")
    p.set_defaults(run=_export_ics)

    p = sub.add_parser("export-shifts", help="one row per on-call shift, for compensation")
    _common(p)
    p.add_argument("--format", required=True, choices=("csv", "json"), help="csv or json")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.set_defaults(run=_export_shifts)

    p = sub.add_parser(
        "import-ics", help="import a schedule from an .ics file to compare its fairness"
    )
    _common(p, with_range=False)
    p.add_argument("ics", metavar="ICS", help="the .ics file (e.g. exported from a paging tool)")
    p.set_defaults(run=_import_ics)


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError(f"{flag} {text!r} is not a date as YYYY-MM-DD.") from exc


def _rotation(ws: Workspace, args: argparse.Namespace) -> Rotation:
    pid = plan_id(ws, args.plan)
    rotation = store.load_rotation(ws, pid)
    if rotation is None:
        raise UserError(f"Plan {args.plan!r} has no on-call rotation yet.")
    validate(rotation)
    return rotation


def _range(args: argparse.Namespace, rotation: Rotation) -> tuple[datetime, datetime]:
    tz = rotation.zone
    today = utc_now().astimezone(tz).date()
    first = _day(args.start, "--from") if args.start else today
    if args.end:
        last = _day(args.end, "--to")
        if last < first:
            raise UserError(f"--to {args.end} is before --from {first.isoformat()}.")
        start, end = day_range(first, last, tz)
    elif args.start:
        start, end = default_range(first, tz)
    else:
        start, end = default_range(today, tz)
    if (end - start).days > MAX_RANGE_DAYS:
        print(
            f"sreplan: note: the range is capped to {MAX_RANGE_DAYS} days "
            f"(from {first.isoformat()}).",
            file=sys.stderr,
        )
    return start, end


def _evaluate(args: argparse.Namespace) -> Evaluation:
    with workspace(args, read_only=True) as ws:
        rotation = _rotation(ws, args)
    start, end = _range(args, rotation)
    return evaluate_rotation(rotation, start, end)


def evaluation_data(result: Evaluation) -> dict[str, Any]:
    rotation, schedule = result.rotation, result.schedule
    return {
        "rotation": rotation.name,
        "time_zone": rotation.time_zone,
        "from": formats._iso(schedule.start),
        "to": formats._iso(schedule.end),
        "capped": schedule.capped,
        "shifts": formats.shift_rows(rotation, schedule.shifts),
        "checks": [
            {
                "key": c.key,
                "title": c.title,
                "status": c.status,
                "detail": c.detail,
                "source": c.source,
                "findings": list(c.findings),
            }
            for c in result.checks
        ],
        "fairness": {
            "people": [
                {
                    "person": r.name,
                    "role": r.role,
                    "site": r.site,
                    "hours": round(r.hours, 2),
                    "shifts": r.shifts,
                    "off_hours": round(r.off_hours, 2),
                    "holiday_hours": round(r.holiday_hours, 2),
                    "share_percent": round(r.share, 2),
                }
                for r in result.fairness.rows
            ],
            "spread": None if result.fairness.spread is None else round(result.fairness.spread, 3),
        },
    }


def _oncall(args: argparse.Namespace) -> int:
    result = _evaluate(args)
    if args.json:
        print_json(evaluation_data(result))
        return 0
    rotation, schedule = result.rotation, result.schedule
    tz = rotation.zone
    fmt = "%a %Y-%m-%d %H:%M"
    print(
        f"{rotation.name} ({rotation.time_zone}), {schedule.start.astimezone(tz):%Y-%m-%d} to "
        f"{schedule.end.astimezone(tz):%Y-%m-%d}: {len(schedule.shifts)} shifts"
    )
    print("\nShifts")
    for row in formats.shift_rows(rotation, schedule.shifts):
        s = datetime.fromisoformat(row["start_utc"].replace("Z", "+00:00")).astimezone(tz)
        e = datetime.fromisoformat(row["end_utc"].replace("Z", "+00:00")).astimezone(tz)
        print(f"  {s:{fmt}} – {e:{fmt}}  {row['layer']:<12} {row['person']} ({row['hours']:g} h)")
    print("\nChecks")
    for c in result.checks:
        print(f"  [{c.status.upper():>4}] {c.title}: {c.detail}  ({c.source})")
        for finding in c.findings[:10]:
            print(f"         - {finding}")
        if len(c.findings) > 10:
            print(f"         … and {len(c.findings) - 10} more")
    print("\nFairness")
    print(f"  {'Person':<24}{'Hours':>8}{'Shifts':>8}{'Off-hours':>11}{'Holiday':>9}{'Share':>8}")
    for r in result.fairness.rows:
        print(
            f"  {r.name:<24}{r.hours:>8.1f}{r.shifts:>8}{r.off_hours:>11.1f}"
            f"{r.holiday_hours:>9.1f}{r.share:>7.1f}%"
        )
    spread = result.fairness.spread
    print(f"  Spread (max/min hours): {'n/a' if spread is None else f'{spread:.2f}'}")
    return 0


def _export_ics(args: argparse.Namespace) -> int:
    result = _evaluate(args)
    rotation = result.rotation
    person_id = None
    if args.person:
        matches = [p for p in rotation.people if p.name.casefold() == args.person.casefold()]
        if not matches:
            raise UserError(f"--person {args.person!r} is not on the rotation.")
        person_id = matches[0].id
    data = formats.to_ics(rotation, formats.schedule_shifts(result.schedule, person_id))
    _write(Path(args.output), data)
    return 0


def _export_shifts(args: argparse.Namespace) -> int:
    result = _evaluate(args)
    rows = formats.shift_rows(result.rotation, result.schedule.shifts)
    text = formats.shifts_csv(rows) if args.format == "csv" else formats.shifts_json(rows)
    if args.output:
        _write(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Could not write {path}: {exc.strerror or exc}.") from exc


def _import_ics(args: argparse.Namespace) -> int:
    source = Path(args.ics)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UserError(f"ICS {source}: cannot be read: {exc.strerror or exc}.") from exc
    far_past = datetime(1970, 1, 1, tzinfo=UTC)
    far_future = datetime(2100, 1, 1, tzinfo=UTC)
    shifts = formats.read_ics(data, source.name, far_past, far_future)
    if not shifts:
        raise UserError(f"ICS {source}: the calendar holds no shifts.")
    with workspace(args) as ws:
        pid = plan_id(ws, args.plan)
        rotation = store.load_rotation(ws, pid)
        rows = [(s.person, s.summary, s.start, s.end) for s in shifts]
        edits.import_schedule(pid, source.name, rows).apply(ws)
    start = min(s.start for s in shifts)
    end = max(s.end for s in shifts)
    print(f"Imported {len(shifts)} shifts from {source.name} ({start:%Y-%m-%d} to {end:%Y-%m-%d}).")
    print(f"\n{'Imported schedule':<24}{'Hours':>8}{'Shifts':>8}{'Off-hours':>11}{'Share':>8}")
    for row in formats.imported_fairness(rotation, shifts, start, end):
        print(
            f"{row['person']:<24}{row['hours']:>8.1f}{row['shifts']:>8}"
            f"{row['off_hours']:>11.1f}{row['share']:>7.1f}%"
        )
    if rotation is not None:
        try:
            designed = evaluate_rotation(rotation, start, end)
        except RotationError as exc:
            print(f"\nThe designed rotation cannot be compared: {exc}")
            return 0
        print(f"\n{'Designed rotation':<24}{'Hours':>8}{'Shifts':>8}{'Off-hours':>11}{'Share':>8}")
        for r in designed.fairness.rows:
            print(f"{r.name:<24}{r.hours:>8.1f}{r.shifts:>8}{r.off_hours:>11.1f}{r.share:>7.1f}%")
    return 0
