"""export-pdf: the plan's report as a PDF, headless (no display, no Qt)."""

from __future__ import annotations

import argparse
import faulthandler
import json
import sys
from typing import Any

from sreplan.kernel.errors import UserError
from sreplan.plans.commands import plan_id, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export-pdf",
        help="write a plan's engagement report (or meeting pack) as a PDF",
        description="Write a plan's report as a PDF. The output is replaced only once complete.",
    )
    p.add_argument("file", help="workspace file")
    p.add_argument("--plan", help="plan id or exact name (required unless --portfolio)")
    p.add_argument(
        "--portfolio",
        action="store_true",
        help="instead of one plan's report, one page with every plan of the workspace",
    )
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
    # For the app's Export dialog, which runs this command as a child process: progress,
    # the result and a refusal come as one JSON object per line on stdout.
    p.add_argument("--progress-json", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(run=_export_pdf)


def _export_pdf(args: argparse.Namespace) -> int:
    if args.progress_json and sys.stderr is not None:
        faulthandler.enable()  # a crash leaves a "Fatal Python error" line for the dialog
    try:
        return _export(args)
    except UserError as exc:
        if args.progress_json:
            _json_line({"error": str(exc)})  # ASCII-safe, whatever the console's encoding
        raise


def _export(args: argparse.Namespace) -> int:
    from sreplan.reporting import (
        Preset,
        ReportError,
        ReportOptions,
        UnknownSectionError,
        export_pdf,
    )
    from sreplan.reporting.registry import parse_section_keys, report_moment

    if args.portfolio:
        return _export_portfolio(args)
    if not args.plan:
        raise UserError("give --plan PLAN (or --portfolio for every plan on one page)")
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
    progress = _progress_line if args.progress_json else None
    with workspace(args, read_only=True) as ws:
        pid = plan_id(ws, args.plan)
        try:
            result = export_pdf(ws, pid, args.output, options, progress=progress)
        except ReportError as exc:
            raise UserError(str(exc)) from exc
    if args.progress_json:
        _json_line({"done": str(result.path), "pages": result.pages,
                    "sections": list(result.sections), "warnings": list(result.warnings)})
    else:
        print(f"wrote {result.path} ({result.pages} pages)")
        for warning in result.warnings:
            print(f"sreplan: warning: {warning}", file=sys.stderr)
    return 0


def _export_portfolio(args: argparse.Namespace) -> int:
    from sreplan.portfolio.pdf import export_portfolio_pdf
    from sreplan.reporting.registry import report_moment

    if args.plan or args.preset or args.sections:
        raise UserError("--portfolio covers every plan; leave out --plan, --preset and --sections")
    try:
        moment = report_moment(args.date)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    with workspace(args, read_only=True) as ws:
        pages = export_portfolio_pdf(ws, args.output, moment)
    if args.progress_json:
        _json_line({"done": str(args.output), "pages": pages, "sections": ["portfolio"]})
    else:
        print(f"wrote {args.output} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def _progress_line(fraction: float, message: str) -> None:
    _json_line({"progress": round(fraction, 4), "message": message})


def _json_line(data: dict[str, Any]) -> None:
    print(json.dumps(data), flush=True)
