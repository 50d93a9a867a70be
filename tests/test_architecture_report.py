"""The Architecture section of the PDF report and its meeting-pack form."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import insert_plan, new_plan
from sreplan.reporting import Preset, ReportOptions, export_pdf
from sreplan.reporting.registry import all_sections
from tests.test_reports_pdf import images_of, outline, page_texts

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)
OPTIONS = ReportOptions(Preset.CUSTOM, ("architecture",), MOMENT)


def text_of(path: Path) -> str:
    return " ".join(" ".join(page_texts(PdfReader(path))).split())


def test_full_section_holds_components_diagram_findings_lint_and_adrs(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "arch.pdf"
    export_pdf(demo_ws, DEMO_PLAN_ID, out, OPTIONS)
    reader = PdfReader(out)
    titles = [title for _, title, _ in outline(reader)]
    for name in ("Architecture", "Components", "Diagram", "Findings",
                 "Lint suggestions not yet triaged", "Decisions (ADRs)"):
        assert name in titles, name
    text = text_of(out)
    for fact in ("Orders database", "replication async; backups untested", "High risk",
                 "Medium risk", "Low risk", "Accepted risk: Degradable",
                 "Checkout API → Inventory service is a critical",
                 "ADR-0001", "Use an asynchronous replica for the orders database",
                 "1 dismissed with a reason; 1 accepted as findings."):
        assert fact in text, fact
    # Open findings come before closed ones inside a risk group.
    assert text.index("Inventory service writes to the orders") < text.index("Low risk")
    # The diagram is vector: its labels are text, and the page holds no images.
    assert "Payment provider External dependency" in text
    assert images_of(reader) == 0


def test_meeting_pack_follows_the_meeting(demo_ws: Workspace, tmp_path: Path) -> None:
    section = next(s for s in all_sections() if s.key == "architecture")
    assert section.in_meeting_pack
    out = tmp_path / "meeting.pdf"
    export_pdf(demo_ws, DEMO_PLAN_ID, out, ReportOptions(Preset.MEETING, (), MOMENT))
    text = text_of(out)
    part = text[text.index("Architecture review Agenda"):]
    order = ["Agenda", "Pre-read notes", "Diagram", "Decisions needed", "Findings"]
    assert [part.index(h) for h in order] == sorted(part.index(h) for h in order)
    for fact in ("Checkout architecture review before the sale",
                 "1. Walk the checkout request path", "Lena Brandt",
                 "Sale traffic is about **3×** a normal peak day.",  # the pre-read, literally
                 "ADR-0002 Put a circuit breaker around the payment provider (proposed)",
                 "Circuit breaker with a pending-payment queue", "Shorter timeouts only",
                 "Accepted risks awaiting sign-off", "Session cache runs on one node",
                 "Open questions", "Orders database has untested backups",
                 "Schedule a restore test",  # a recommendation
                 "lint suggestions are not yet triaged"):
        assert fact in part, fact
    findings = part[part.index("Findings Risk Finding"):]
    assert "Payment calls retry with backoff" not in findings  # resolved
    assert "sandbox carry" not in findings  # an open question, listed under decisions
    assert "Decisions (ADRs)" not in part


def test_an_empty_plan_says_so(ws: Workspace, tmp_path: Path) -> None:
    plan = new_plan("Empty")
    insert_plan(ws, plan)
    out = tmp_path / "empty.pdf"
    export_pdf(ws, plan.id, out, OPTIONS)
    text = text_of(out)
    assert "No architecture recorded: no components, findings or decisions." in text
    export_pdf(ws, plan.id, out, ReportOptions(Preset.MEETING, (), MOMENT))
    # Nothing to review: one line on the summary page instead of a page of notes.
    assert "Architecture review: No review session planned." in text_of(out)
