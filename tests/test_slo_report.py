"""The reliability-goals section of the PDF report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from sreplan.kernel import Workspace, records
from sreplan.kernel.ids import new_id
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import insert_plan, new_plan
from sreplan.reporting import Preset, ReportOptions, export_pdf
from sreplan.slo.model import Service, Sli, Slo
from sreplan.slo.store import insert_service, insert_sli, slo_to_row
from tests.test_reports_pdf import images_of, outline

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)


def _export(ws: Workspace, path: Path, plan: str = DEMO_PLAN_ID, **kw: object) -> PdfReader:
    options = ReportOptions(Preset.CUSTOM, ("slos",), MOMENT)
    if kw.get("meeting"):
        options = ReportOptions(Preset.MEETING, (), MOMENT)
    export_pdf(ws, plan, path, options)
    return PdfReader(path)


def test_the_section_lists_budgets_alerts_policy_and_warnings(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    reader = _export(demo_ws, tmp_path / "slos.pdf")
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    for expected in (
        "Reliability goals",
        "Service level objectives",
        "Checkout availability",
        "43.2",
        "Dependency warnings",
        "99.9000 %",
        "Burn-rate alerts",
        "14.4",
        "Error-budget policy",
        "Freeze feature launches",
        "Budget burn-down per SLO",
    ):
        assert expected in text, expected
    titles = [title for _, title, _ in outline(reader)]
    assert "Checkout availability" in titles and "Payment-provider authorisations" in titles
    assert images_of(reader) == 0, "charts must be vector drawings"


def test_meeting_pack_lists_only_the_slos_at_risk(demo_ws: Workspace, tmp_path: Path) -> None:
    reader = _export(demo_ws, tmp_path / "meeting.pdf", meeting=True)
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    part = text[text.index("SLOs at risk"):]
    assert "Payment-provider authorisations" in part and "99.9000 %" in part
    assert "Checkout availability" not in part  # within what its dependencies allow
    assert "Budget burn-down per SLO" not in text and "Service level objectives" not in text


def test_a_plan_without_slos_says_so(ws: Workspace, tmp_path: Path) -> None:
    plan = new_plan("Empty")
    insert_plan(ws, plan)
    reader = _export(ws, tmp_path / "empty.pdf", plan.id)
    assert "No reliability goals recorded" in " ".join(p.extract_text() or "" for p in reader.pages)


def test_user_text_is_printed_literally(demo_ws: Workspace, tmp_path: Path) -> None:
    service, sli = Service(new_id(), DEMO_PLAN_ID, "<b>svc</b>"), Sli(new_id(), DEMO_PLAN_ID, "x")
    insert_service(demo_ws, service)
    insert_sli(demo_ws, sli)
    slo = Slo(
        new_id(),
        DEMO_PLAN_ID,
        service.id,
        sli.id,
        "<font size=40>big</font>",
        rationale='<img src="/etc/hosts"/>',
    )
    records.insert(demo_ws, "slos", [slo_to_row(slo)])
    reader = _export(demo_ws, tmp_path / "markup.pdf")
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    assert "<font size=40>big</font>" in text and '<img src="/etc/hosts"/>' in text


def test_slos_with_the_same_window_share_a_drawing_yet_each_shows_it(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    service, sli = Service(new_id(), DEMO_PLAN_ID, "search"), Sli(new_id(), DEMO_PLAN_ID, "s")
    insert_service(demo_ws, service)
    insert_sli(demo_ws, sli)
    records.insert(
        demo_ws,
        "slos",
        [
            slo_to_row(Slo(new_id(), DEMO_PLAN_ID, service.id, sli.id, f"search-{i}", target=99.5))
            for i in range(4)
        ],
    )
    reader = _export(demo_ws, tmp_path / "shared.pdf")
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    # Checkout availability and the four new SLOs all have a 30-day window.
    assert text.count("30 days: error budget at the alert burn rates") == 5
    assert images_of(reader) == 0
