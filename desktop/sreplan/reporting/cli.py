"""export-pdf: the plan's report as a PDF, headless (no display, no Qt)."""

from __future__ import annotations

import argparse

from sreplan.kernel.errors import UserError
from sreplan.plans.commands import plan_id, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export-pdf",
        help="write a plan's engagement report (or meeting pack) as a PDF",
        description="Write a plan's report as a PDF. The output is replaced only once complete.",
    )
    p.add_argument("file", help="workspace file")
    p.add_argument("--plan", required=True, help="plan id or exact name")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument(
        "--preset", choices=["full", "meeting"], help="full report (default) or meeting pack"
    )
    p.add_argument(
        "--sections", metavar="KEYS", help="only these sections, e.g. overview,slos,checkpoints"
    )
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="date the report (default: SOURCE_DATE_EPOCH, else today); same data and date "
        "give the same bytes",
    )
    p.set_defaults(run=_export_pdf)


def _export_pdf(args: argparse.Namespace) -> int:
    from sreplan.reporting import (
        Preset,
        ReportError,
        ReportOptions,
        UnknownSectionError,
        export_pdf,
    )
    from sreplan.reporting.registry import parse_section_keys, report_moment

    if args.preset and args.sections:
        raise UserError("use either --preset or --sections, not both")
    try:
        moment = report_moment(args.date)
        if args.sections is not None:
            options = ReportOptions(Preset.CUSTOM, parse_section_keys(args.sections), moment)
        else:
            options = ReportOptions(Preset(args.preset or "full"), (), moment)
    except (UnknownSectionError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    with workspace(args, read_only=True) as ws:
        pid = plan_id(ws, args.plan)
        try:
            result = export_pdf(ws, pid, args.output, options)
        except ReportError as exc:
            raise UserError(str(exc)) from exc
    print(f"wrote {result.path} ({result.pages} pages)")
    return 0
