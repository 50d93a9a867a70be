"""new, list and check: the workspace file itself."""

from __future__ import annotations

import argparse
from pathlib import Path

from sreplan.features import create_workspace, open_workspace, seed_demo_workspace
from sreplan.kernel import WorkspaceError
from sreplan.kernel.errors import UserError
from sreplan.kernel.text import one_line
from sreplan.plans.commands import print_json, workspace
from sreplan.plans.store import list_plans


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("new", help="create a workspace file")
    p.add_argument("file")
    p.add_argument("--demo", action="store_true", help="seed it with the demo plan")
    p.set_defaults(run=_new)

    p = sub.add_parser("list", help="list the plans in a workspace")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_list)

    p = sub.add_parser("check", help="verify that a file is a healthy workspace")
    p.add_argument("file")
    p.set_defaults(run=_check)


def _new(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        create_workspace(path)
        if args.demo:
            ws = open_workspace(path)
            try:
                seed_demo_workspace(ws)
            finally:
                ws.close()
    except WorkspaceError as exc:
        raise UserError(str(exc)) from exc
    print(f"created {path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    with workspace(args, read_only=True) as ws:
        plans = list_plans(ws)
    if args.json:
        print_json(
            [
                {"id": p.id, "name": p.name, "team": p.product_team, "status": p.status.value}
                for p in plans
            ]
        )
        return 0
    for p in plans:
        name, team = one_line(p.name), one_line(p.product_team) or "-"
        print(f"{p.id}  {name}  |  {team}  |  {p.status.label}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from sreplan.health import problems

    with workspace(args, read_only=True) as ws:
        found = list(problems(ws))
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise UserError(f"{Path(args.file).name}: {found[0]}{more}.")
    print("ok")
    return 0
