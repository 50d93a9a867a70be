"""The Overview shows the plan's summary first, the same one the reports print."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sreplan.checkpoints.edits import set_status
from sreplan.checkpoints.model import CheckpointStatus
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.ui.main_window import MainWindow
from sreplan.ui.summary_panel import SummaryPanel
from tests import badfiles
from tests.qt_helpers import make_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    win = make_window(badfiles.demo_workspace(tmp_path / "demo.sreplan"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _panel(window: MainWindow) -> SummaryPanel:
    panel = window.editor("overview").summary  # type: ignore[attr-defined]
    assert isinstance(panel, SummaryPanel)
    return panel


def test_overview_shows_the_summary_above_the_form_and_follows_edits(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = _panel(window)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Not ready"))
    overview = window.editor("overview")
    # First in the Overview: above the plan's own fields.
    assert panel.mapTo(overview, panel.rect().topLeft()).y() < overview.name_edit.mapTo(  # type: ignore[attr-defined]
        overview, overview.name_edit.rect().topLeft()).y()  # type: ignore[attr-defined]
    assert panel.status.text().startswith("Not ready: 2 High-risk items open (1 blocked)")
    assert panel.status.textFormat() is Qt.TextFormat.PlainText
    assert "Deployment: Not ready: 1 High-risk item open (1 blocked)" in panel.gates.text()
    assert "Orders database has untested backups" in panel.risks.text()
    assert "ADR-0002 Put a circuit breaker around the payment provider" in panel.decisions.text()
    capacity = panel.capacity.text()
    assert "Checkout API peak RPS" in capacity and "autoscaling capped at 24" in capacity
    assert "No review session held yet" in panel.changes.text()

    # An edit through the undo stack refreshes it: unblock and finish the blocked item.
    ws = window.ops.ws
    [blocked] = [r["id"] for r in ws.rows(
        "SELECT id FROM checkpoints WHERE plan_id = ? AND status = 'blocked'", [DEMO_PLAN_ID])]
    window.ops.run(set_status(DEMO_PLAN_ID, [blocked], CheckpointStatus.DONE))
    # The demo's open P0 action item linked to Deployment holds the gate too (issue 16).
    qtbot.waitUntil(lambda: panel.status.text().startswith("Not ready: 1 High-risk item open;"))
    assert "Symptom-based alerts page on SLO burn" not in panel.risks.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "(1 blocked)" in panel.status.text())

    # A new plan (Ctrl+N) has no checkpoint items: the summary says so in one line each.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.status.text().startswith("No gate yet"))
    assert panel.risks.text().startswith("No open High-risk item")
    assert panel.decisions.text() == "Nothing waiting for a decision."
