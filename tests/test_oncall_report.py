"""The On-call section of the PDF report, and failing checks in Open risks (meeting pack)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.reporting import Preset, ReportOptions, export_pdf
from sreplan.reporting.registry import section_keys
from tests.test_reports_pdf import images_of, outline, page_texts

MOMENT = datetime(2026, 11, 30, tzinfo=UTC)


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page_texts(reader)).split())


def test_the_oncall_section_shows_rotation_checks_fairness_and_next_weeks(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    assert "oncall" in section_keys()
    out = tmp_path / "oncall.pdf"
    export_pdf(demo_ws, DEMO_PLAN_ID, out, ReportOptions(Preset.CUSTOM, ("oncall",), MOMENT))
    reader = PdfReader(out)
    text = _text(reader)
    titles = [title for _, title, _ in outline(reader)]
    for title in ("On-call", "Checks before go-live", "Fairness", "The next four weeks"):
        assert title in titles
    for fact in (
        "Checkout on-call (times in Europe/Berlin)",
        "follow-the-sun: Berlin from 09:00, Austin from 21:00",
        "Christmas Day: public holiday in Berlin",
        "2 sites (Austin: 4, Berlin: 4); at least 6 per site are needed.",
        'Google SRE book, "Being On-Call"',
        "Spread (most / least hours)",
        "Tobias Krüger",
    ):
        assert fact in text, fact
    assert images_of(reader) == 0  # the fairness chart is vector


def test_failing_checks_reach_open_risks(demo_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "risks.pdf"
    export_pdf(demo_ws, DEMO_PLAN_ID, out, ReportOptions(Preset.CUSTOM, ("risks",), MOMENT))
    text = _text(PdfReader(out))
    assert "Team size: 2 sites (Austin: 4, Berlin: 4)" in text
    assert "On-call" in text


def test_no_rotation_is_said_plainly(ws: Workspace, tmp_path: Path) -> None:
    from sreplan.plans.store import insert_plan, new_plan

    plan = new_plan("Empty")
    insert_plan(ws, plan)
    out = tmp_path / "empty.pdf"
    export_pdf(ws, plan.id, out, ReportOptions(Preset.CUSTOM, ("oncall",), MOMENT))
    assert "No on-call rotation designed yet." in _text(PdfReader(out))
