"""Helpers shared by the command-line modules."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sreplan.kernel import Workspace, WorkspaceError, open_workspace
from sreplan.plans.store import resolve_plan


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


@contextmanager
def workspace(path: str, *, read_only: bool = False) -> Iterator[Workspace]:
    """Open FILE for a command; refuse to write when another program holds it."""
    try:
        ws = open_workspace(Path(path), read_only=read_only)
    except WorkspaceError as exc:
        raise UserError(str(exc)) from exc
    try:
        if not read_only and ws.read_only:
            raise UserError(ws.notice or f"{path} cannot be written.")
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
