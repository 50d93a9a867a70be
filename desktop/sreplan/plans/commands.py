"""Helpers shared by every feature's command-line module.

``sreplan``'s parser puts this build's schema into ``args.schema``, so a feature's
command opens workspaces without knowing the list of features.
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
    args: argparse.Namespace, path: str | None = None, *, read_only: bool = False
) -> Iterator[Workspace]:
    """Open FILE (``args.file`` unless ``path``) for a command; refuse to write when
    another program holds it."""
    path = args.file if path is None else path
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
