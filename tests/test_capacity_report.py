"""The Capacity section of the PDF report: per resource chart, forecast, dates, event sizing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.reporting import Preset, ReportOptions, export_pdf
from sreplan.reporting.registry import section_keys
from tests.test_reports_pdf import images_of, outline, page_texts

OPTIONS = ReportOptions(Preset.CUSTOM, ("capacity",), datetime(2026, 11, 27, tzinfo=UTC))


def test_the_capacity_section_holds_every_resource_and_the_benchmarks(
        demo_ws: Workspace, tmp_path: Path) -> None:
    assert "capacity" in section_keys()
    out = tmp_path / "capacity.pdf"
    export_pdf(demo_ws, DEMO_PLAN_ID, out, OPTIONS)
    reader = PdfReader(out)
    text = " ".join(" ".join(page_texts(reader)).split())
    titles = [title for _, title, _ in outline(reader)]
    for name in ("Capacity", "Checkout API peak RPS", "Orders DB storage",
                 "Payment worker CPU cores", "Benchmarks"):
        assert name in titles
    for fact in ("Runs out 2027-01-26", "Order by 2027-01-05 (lead time 21 days)",
                 "95% interval", "Instances needed", "Seasonal sale (×3)",
                 "none (an assumption)", "Sale rehearsal spike test", "Fail", "Pass",
                 "455.0"):
        assert fact in text, fact
    assert images_of(reader) == 0  # every chart is vector


def test_no_resources_is_said_plainly(ws: Workspace, tmp_path: Path) -> None:
    from sreplan.plans.store import insert_plan, new_plan

    plan = new_plan("Empty")
    insert_plan(ws, plan)
    out = tmp_path / "empty.pdf"
    export_pdf(ws, plan.id, out, OPTIONS)
    text = " ".join(page_texts(PdfReader(out)))
    assert "No capacity resources or benchmarks recorded." in text
