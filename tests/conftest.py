"""Shared fixtures: offscreen Qt, an isolated SREPLAN_HOME, and throwaway workspaces."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("MPLBACKEND", "Agg")

from sreplan.features import open_workspace, seed_demo
from sreplan.kernel import Workspace

# Real files other projects publish (each folder's SOURCE.md says where from, at which
# commit, under which licence), checked in so the tests pass from a bare clone.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_DATE = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own SREPLAN_HOME, so settings and default files never leak."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SREPLAN_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _delete_closed_windows() -> Iterator[None]:
    """Windows a test closed are deleted after it, with their timers and connections.

    Closed but undeleted windows kept answering every later test's events: the UI
    tests ran three times slower at the end of the suite than alone.
    """
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace file, closed after the test."""
    workspace = open_workspace(tmp_path / "test.sreplan", create=True)
    yield workspace
    workspace.close()


@pytest.fixture
def demo_ws(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace holding the demo plan, seeded as of DEMO_DATE."""
    workspace = open_workspace(tmp_path / "demo.sreplan", create=True)
    seed_demo(workspace, DEMO_DATE)
    yield workspace
    workspace.close()


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures: real input files (OpenSLO, MADR, capacity series, …) to import."""
    return FIXTURES
