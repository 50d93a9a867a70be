"""templates, apply-template and export-checklist: SDLC checkpoints from scripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sreplan.checkpoints.formats.checklist import FORMATS, export
from sreplan.checkpoints.formats.template_yaml import TemplateError, read_template_file
from sreplan.checkpoints.queries import load_checklist
from sreplan.checkpoints.template_store import all_templates, apply_template, find_template
from sreplan.checkpoints.templates import Template
from sreplan.kernel.errors import UserError, WorkspaceError
from sreplan.kernel.files import write_text
from sreplan.kernel.workspace import Workspace, open_workspace
from sreplan.paths import default_workspace
from sreplan.plans.commands import plan_id, print_json, workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("templates", help="list the built-in and custom checklist templates")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--workspace",
        metavar="FILE",
        help="whose custom templates to include (default: the default workspace, if any)",
    )
    p.set_defaults(run=_templates)

    p = sub.add_parser("apply-template", help="merge a checklist template into a plan")
    p.add_argument("file")
    p.add_argument("--plan", required=True, help="plan id or exact name")
    p.add_argument("template", metavar="NAME_OR_YAML_FILE")
    p.set_defaults(run=_apply)

    p = sub.add_parser("export-checklist", help="write a plan's checklist as md, csv or json")
    p.add_argument("file")
    p.add_argument("--plan", required=True, help="plan id or exact name")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", metavar="OUT", help="file to write (default: stdout)")
    p.set_defaults(run=_export)


def _catalogue_workspace(args: argparse.Namespace) -> Workspace | None:
    path = args.workspace
    target = Path(path) if path else default_workspace()
    if not path and not target.exists():
        return None
    try:
        return open_workspace(target, args.schema, read_only=True)
    except WorkspaceError as exc:
        raise UserError(str(exc)) from exc


def _templates(args: argparse.Namespace) -> int:
    ws = _catalogue_workspace(args)
    try:
        templates = all_templates(ws)
    except TemplateError as exc:
        raise UserError(str(exc)) from exc
    finally:
        if ws is not None:
            ws.close()
    if args.json:
        print_json([_describe(t) for t in templates])
        return 0
    for t in templates:
        kind = "built-in" if t.builtin else "custom"
        print(f"{t.key:<12} {t.name}  |  {len(t.items)} items  |  {kind}")
    return 0


def _describe(t: Template) -> dict[str, object]:
    return {
        "key": t.key,
        "name": t.name,
        "description": t.description,
        "builtin": t.builtin,
        "phases": list(t.phases),
        "items": len(t.items),
    }


def _resolve_template(ws: Workspace, ref: str) -> Template:
    path = Path(ref)
    try:
        if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
            return read_template_file(path)
        return find_template(ws, ref)
    except (TemplateError, WorkspaceError) as exc:
        raise UserError(str(exc)) from exc


def _apply(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        pid = plan_id(ws, args.plan)
        template = _resolve_template(ws, args.template)
        result = apply_template(ws, pid, template)
    print(
        f"{template.name}: added {result.added} item{'s' if result.added != 1 else ''}, "
        f"{result.present} already present"
        + (f"; added {result.phases_added} phase(s)" if result.phases_added else "")
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    with workspace(args, read_only=True) as ws:
        text = export(load_checklist(ws, plan_id(ws, args.plan)), args.format)
    if not args.output:
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    # newline="" keeps the CSV's CRLF row endings as the csv module wrote them.
    write_text(out, text, newline="")
    print(f"wrote {out}")
    return 0
