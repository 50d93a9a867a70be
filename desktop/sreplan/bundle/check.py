"""Checking a bundle without a workspace: read it, then import it into a scratch one.

The scratch import is what catches what a schema cannot say (a reference to a record
that is not there, a value a table refuses); it lives in a temporary folder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sreplan.bundle.importing import write_plan
from sreplan.bundle.read import Bundle, read_bundle
from sreplan.kernel.workspace import Workspace


@contextmanager
def scratch_workspace() -> Iterator[Workspace]:
    """An empty workspace of this build in a temporary folder, removed afterwards."""
    from sreplan.features import create_workspace, open_workspace

    with tempfile.TemporaryDirectory(prefix="sreplan-bundle-") as tmp:
        path = Path(tmp) / "scratch.sreplan"
        create_workspace(path)
        ws = open_workspace(path)
        try:
            yield ws
        finally:
            ws.close()


@contextmanager
def opened_bundle(folder: Path | str) -> Iterator[tuple[Workspace, Bundle]]:
    """The bundle imported into a scratch workspace (BundleError if it cannot be)."""
    bundle = read_bundle(folder)
    with scratch_workspace() as ws:
        write_plan(ws, bundle)
        yield ws, bundle


def check_bundle(folder: Path | str) -> Bundle:
    """Everything an import checks; BundleError lists the problems."""
    with opened_bundle(folder) as (_, bundle):
        return bundle
