"""Helpers shared by every feature's command-line module.

``sreplan``'s parser puts this build's schema into ``args.schema``, so a feature's
command opens workspaces without knowing the list of features, and a way to open a
plan bundle folder into ``args.open_folder``, so read-only commands (``lint``) take one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sreplan.kernel.errors import UserError, WorkspaceError
from sreplan.kernel.workspace import Workspace, open_workspace, refuse_overwriting
from sreplan.plans.store import resolve_plan


@contextmanager
def workspace(
    args: argparse.Namespace,
    path: str | None = None,
    *,
    read_only: bool = False,
    bundle: bool = False,
) -> Iterator[Workspace]:
    """Open FILE (``args.file`` unless ``path``) for a command; refuse to write when
    another program holds it. With ``bundle``, FILE may be a plan bundle folder."""
    path = args.file if path is None else path
    open_folder = getattr(args, "open_folder", None)
    if bundle and read_only and open_folder is not None and Path(path).is_dir():
        # A plan bundle (a folder of files) read through a scratch workspace.
        with open_folder(Path(path)) as ws:
            yield ws
        return
    try:
        ws = open_workspace(Path(path), args.schema, read_only=read_only)
    except WorkspaceError as exc:
        raise UserError(str(exc)) from exc
    try:
        if not read_only and ws.read_only:
            # The app's notice says "so it was opened read-only"; a command says what it did.
            reason = (ws.notice or f"{path} cannot be written.").replace(
                ", so it was opened read-only.", ""
            )
            raise UserError(f"{reason.rstrip('.')}; this command changed nothing.")
        output = getattr(args, "output", None)
        if output:
            try:
                refuse_overwriting(ws, output)
            except WorkspaceError as exc:
                raise UserError(f"-o {output}: {exc}") from exc
        yield ws
    finally:
        ws.close()


def plan_id(ws: Workspace, ref: str) -> str:
    try:
        return resolve_plan(ws, ref)
    except WorkspaceError as exc:
        raise UserError(str(exc)) from exc


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
