"""The SDLC checkpoints section of the PDF report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import insert_plan, new_plan
from sreplan.reporting import Preset, ReportOptions, export_pdf

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)


def _text(ws: Workspace, path: Path, plan: str, preset: Preset = Preset.CUSTOM) -> str:
    sections = ("checkpoints",) if preset is Preset.CUSTOM else ()
    export_pdf(ws, plan, path, ReportOptions(preset, sections, MOMENT))
    return " ".join((p.extract_text() or "") for p in PdfReader(path).pages)


def test_section_has_gates_open_high_items_checklist_and_waivers(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    text = _text(demo_ws, tmp_path / "c.pdf", DEMO_PLAN_ID)
    for expected in (
        "SDLC checkpoints",
        "Not ready: 2 High-risk items open",
        "Gates by phase",
        "Open High-risk items",
        "Symptom-based alerts page on SLO burn",
        "Load test confirms capacity at forecast peak",
        "Checklist by phase",
        "Waived items",
        "Business priorities",
    ):
        assert expected in text, expected
    assert text.index("Open High-risk items") < text.index("Checklist by phase")


def test_meeting_pack_has_the_gates_on_its_summary_not_the_checklist(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    text = _text(demo_ws, tmp_path / "m.pdf", DEMO_PLAN_ID, Preset.MEETING)
    assert "Deployment" in text and "1 High-risk item open (1 blocked)" in text
    assert "Checklist by phase" not in text and "Gates by phase" not in text


def test_plan_without_checkpoints_says_so(ws: Workspace, tmp_path: Path) -> None:
    plan = new_plan("Empty <b>plan</b>")
    insert_plan(ws, plan)
    text = _text(ws, tmp_path / "e.pdf", plan.id)
    assert "No checkpoints recorded for this plan" in text
