"""The Incidents section of the report and of the meeting pack."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from sreplan.incidents import edits, store
from sreplan.incidents.chart import incident_steps
from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.reporting import Preset, ReportOptions, export_pdf
from sreplan.slo.store import list_slos
from tests.test_reports_pdf import images_of

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)


def _text(ws: Workspace, path: Path, options: ReportOptions) -> tuple[str, PdfReader]:
    export_pdf(ws, DEMO_PLAN_ID, path, options)
    reader = PdfReader(path)
    return " ".join((p.extract_text() or "") for p in reader.pages), reader


def test_report_has_log_budget_postmortems_and_actions(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    # HTML typed by a user prints as text.
    edits.new_incident(DEMO_PLAN_ID, "<b>not bold</b> & <img src=x>").apply(demo_ws)
    options = ReportOptions(Preset.CUSTOM, ("incidents",), MOMENT)
    text, reader = _text(demo_ws, tmp_path / "incidents.pdf", options)
    for expected in (
        "Incident log", "INC-1", "INC-2", "53.2", "30.8", "Time to detect: median",
        "Budget burn-down with incidents", "Postmortems", "What went well",
        "Automate orders database failover", "<b>not bold</b> & <img src=x>",
    ):  # fmt: skip
        assert expected in text, expected
    assert images_of(reader) == 0, "charts must be vector drawings"


def test_meeting_pack_lists_incidents_since_the_last_review(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    # The pack's summary says what changed since the last review, incidents included.
    options = ReportOptions(Preset.MEETING, (), MOMENT)
    text, _ = _text(demo_ws, tmp_path / "meeting.pdf", options)
    assert "No review session held before this report" in text
    assert "Postmortems" not in text
    demo_ws.conn.execute(
        "UPDATE review_sessions SET held_on = '2024-01-01' WHERE plan_id = ?", [DEMO_PLAN_ID]
    )
    text, _ = _text(demo_ws, tmp_path / "meeting2.pdf", options)
    assert "Since the last review session (2024-01-01)" in text
    opened = " ".join(text[text.index("Opened ("):].split())
    assert "INC-1" in opened and "INC-2" in opened


def test_burn_down_steps_are_the_incidents(demo_ws: Workspace) -> None:
    [slo] = [s for s in list_slos(demo_ws, DEMO_PLAN_ID) if s.name == "checkout-availability"]
    incidents = store.list_incidents(demo_ws, DEMO_PLAN_ID)
    start = min(i.started_at for i in incidents if i.started_at)
    steps = incident_steps(incidents, slo, start)
    assert [k for _, _, k in steps] == ["INC-1", "INC-2"]
    assert round(steps[-1][1], 1) == round(100 - 30.787 - 53.241, 1)
