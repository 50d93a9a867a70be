"""The produced PDF, read back with pypdf: pages, contents, outline, fonts, vectors, safety."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from reportlab.platypus import Flowable

from sreplan import features
from sreplan.kernel import Workspace
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.report.document import heading
from sreplan.kernel.report.figures import figure_flowable
from sreplan.kernel.report.registry import ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import para
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.model import Stakeholder
from sreplan.plans.store import insert_plan, new_plan, update_plan
from sreplan.reporting import Preset, ReportCancelled, ReportOptions, export_pdf, registry

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)
FULL = ReportOptions(Preset.FULL, (), MOMENT)
MARKUP = '<font size=40>x</font><img src="/etc/hosts"/>'


# -- reading the PDF -----------------------------------------------------------


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) for every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(entries: list[Any], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append(
                    (depth, str(entry.title), reader.get_destination_page_number(entry) + 1)
                )

    walk(reader.outline, 0)
    return found


def visual_lines(reader: PdfReader, index: int) -> list[str]:
    """A page's text as printed: chunks grouped by baseline, top to bottom, left to right."""
    chunks: dict[float, list[tuple[float, str]]] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            y = round(tm[5] * cm[3] + cm[5])
            chunks.setdefault(y, []).append((x, text))

    reader.pages[index].extract_text(visitor_text=visit)
    return [
        " ".join(t.strip() for _, t in sorted(chunks[y], key=lambda c: c[0]))
        for y in sorted(chunks, reverse=True)
    ]


def contents_entries(reader: PdfReader) -> dict[str, int]:
    """Title -> page from the contents pages' dotted lines (the contents may run over
    more than one page: every page after the cover whose running header says Contents)."""
    entries: dict[str, int] = {}
    index = 1
    while index < len(reader.pages):
        lines = visual_lines(reader, index)
        if index > 1 and not any(line.endswith("Contents") for line in lines[:2]):
            break
        for line in lines:
            match = re.match(r"^(.*?)[\s.]*\s(\d+)$", line)
            if match and "." in line:
                entries[match.group(1).strip()] = int(match.group(2))
        index += 1
    return entries


def fonts_of(reader: PdfReader) -> list[DictionaryObject]:
    fonts = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            fonts.append(ref.get_object())
    return fonts


def images_of(reader: PdfReader) -> int:
    """Raster images on all pages, including inside form XObjects and inline images."""
    count = 0

    def scan(resources: Any) -> None:
        nonlocal count
        xobjects = (resources or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object() if isinstance(ref, IndirectObject) else ref
            if obj.get("/Subtype") == "/Image":
                count += 1
            elif obj.get("/Subtype") == "/Form":
                scan(obj.get("/Resources"))

    for page in reader.pages:
        scan(page.get("/Resources"))
        if re.search(
            rb"\bBI\b.*\bID\b", page.get_contents().get_data() if page.get_contents() else b"", re.S
        ):
            count += 1
    return count


def export(ws: Workspace, path: Path, options: ReportOptions = FULL, **kw: Any) -> PdfReader:
    export_pdf(ws, DEMO_PLAN_ID, path, options, **kw)
    return PdfReader(path)


# -- a test section with a chart, a long table and subsections -------------------


def _chart_section(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 2.5))
    axes = figure.add_subplot()
    axes.plot(range(30), [x * x - 100 for x in range(30)], label="budget − burn")
    axes.set_title("Error budget remaining")
    axes.legend()
    rows = [(f"item {n}", "Open", "x " * (n % 40)) for n in range(400)]
    return [
        heading("Burn chart"),
        figure_flowable(figure, max_height=200),
        heading("Per-SLO detail", level=2),
        para("A paragraph under a minor heading."),
        heading("Long table"),
        data_table([Column("Item"), Column("Status", 0.5), Column("Notes", 2)], rows),
    ]


CHART_SECTION = ReportSection("charts", "Test charts", False, _chart_section, order=50)


@pytest.fixture
def with_chart_section(monkeypatch: pytest.MonkeyPatch) -> None:
    sections = (*registry.all_sections(), CHART_SECTION)
    monkeypatch.setattr(
        registry, "all_sections", lambda: tuple(sorted(sections, key=lambda s: s.order))
    )


@pytest.fixture
def with_action_items(monkeypatch: pytest.MonkeyPatch) -> list[ActionItem]:
    items = [
        ActionItem(
            "Checkpoints", "Load test at 3× peak", "Aiko Tanaka", date(2026, 12, 10), "High", "Open"
        ),
        ActionItem(
            "Checkpoints",
            "Runbook for payment failover",
            "Marcus Feld",
            date(2026, 11, 1),
            "Medium",
            "Open",
        ),
        ActionItem(
            "Architecture", "Remove single zone DB", "Daniel Okafor", None, "High", "In progress"
        ),
        ActionItem(
            "Capacity", "Order sale capacity", "Priya Natarajan", date(2027, 1, 5), "Low", "Open"
        ),
    ]
    monkeypatch.setattr(
        features, "action_item_providers", lambda: [lambda ws, plan_id: list(items)]
    )
    return items


# -- tests ----------------------------------------------------------------------


def test_full_report_pages_contents_outline_and_numbers(
    demo_ws: Workspace,
    tmp_path: Path,
    with_chart_section: None,
    with_action_items: list[ActionItem],
) -> None:
    reader = export(demo_ws, tmp_path / "report.pdf")
    texts = page_texts(reader)
    pages = len(reader.pages)
    assert pages >= 8  # cover, summary, contents, overview, risks, chart + table, appendix

    entries = outline(reader)
    titles = [(depth, title) for depth, title, _ in entries]
    assert titles[:5] == [
        (0, "Executive summary"),
        (0, "Contents"),
        (0, "Overview and stakeholders"),
        (1, "Context and shared goals"),
        (1, "Stakeholders"),
    ]
    assert (0, "Open risks") in titles and (0, "Test charts") in titles
    assert (2, "Per-SLO detail") in titles
    assert titles[-1] == (0, "Appendix: open action items")

    listed = contents_entries(reader)
    outline_pages = {title: page for _, title, page in entries}
    for depth, title, page in entries:
        if title in ("Contents", "Executive summary") or depth == 2:
            assert title not in listed
            continue
        assert listed[title] == page, title
        assert title in texts[page - 1]
    assert "Per-SLO detail" not in texts[2]
    assert (
        outline_pages["Appendix: open action items"] == pages
        or pages - 1 <= outline_pages["Appendix: open action items"]
    )

    assert "page" not in texts[0].lower().split("report date")[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"page {number} of {pages}" in text
        assert "Exported 2026-11-27" in text
        assert "Checkout service" in text  # running header


def test_running_header_names_the_section(
    demo_ws: Workspace, tmp_path: Path, with_chart_section: None
) -> None:
    reader = export(demo_ws, tmp_path / "report.pdf")
    texts = page_texts(reader)
    for _, title, page in outline(reader):
        if title in ("Test charts", "Open risks"):
            assert texts[page - 1].splitlines()[0:3].count(title) >= 1 or title in texts[page - 1]
    long_table_pages = [t for t in texts if "item 399" in t or "item 200" in t]
    assert long_table_pages and all("Test charts" in t for t in long_table_pages)


def test_sections_texts_and_action_items(
    demo_ws: Workspace, tmp_path: Path, with_action_items: list[ActionItem]
) -> None:
    texts = page_texts(export(demo_ws, tmp_path / "report.pdf"))
    text = "\n".join(texts)
    for expected in (
        "Priya Natarajan",
        "Daniel Okafor",
        "#data-platform-oncall",
        "Early engagement",
        "Tier 0 – business critical",
        "seasonal sale",
        "Load test at 3× peak",
        "2026-11-01 (overdue)",
        "4 open items; 1 overdue, 1 without a due date.",
        "2 High and 1 Medium open risk items",
    ):
        assert expected in text, expected
    assert "Order sale capacity" in texts[-1] and "Order sale capacity" not in texts[-2]


def test_long_table_repeats_its_header_and_charts_are_vector(
    demo_ws: Workspace, tmp_path: Path, with_chart_section: None
) -> None:
    reader = export(demo_ws, tmp_path / "report.pdf")
    texts = page_texts(reader)
    table_pages = [t for t in texts if re.search(r"item \d+", t)]
    assert len(table_pages) >= 3
    assert all("Item" in t and "Status" in t and "Notes" in t for t in table_pages)
    chart_page = next(t for t in texts if "Error budget remaining" in t)  # chart text is text
    assert "budget − burn" in chart_page
    assert images_of(reader) == 0


def test_fonts_are_embedded_and_no_standard_fonts(
    demo_ws: Workspace, tmp_path: Path, with_chart_section: None
) -> None:
    fonts = fonts_of(export(demo_ws, tmp_path / "report.pdf"))
    assert fonts
    for font in fonts:
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor")
        assert descriptor is not None, f"{font.get('/BaseFont')} is not embedded"
        assert "/FontFile2" in descriptor.get_object(), font.get("/BaseFont")
        assert "SREPlan" in str(font["/BaseFont"]) or "DejaVu" in str(font["/BaseFont"])


def test_metadata(demo_ws: Workspace, tmp_path: Path) -> None:
    meta = export(demo_ws, tmp_path / "report.pdf").metadata
    assert meta is not None
    assert meta.title == "Checkout service – SRE engagement report"
    assert meta.author == "Priya Natarajan"
    assert meta.subject == "SRE engagement report: Full report"
    assert meta["/CreationDate"].startswith("D:20261127000000")


def test_same_data_and_date_give_the_same_bytes(
    demo_ws: Workspace, tmp_path: Path, with_chart_section: None
) -> None:
    export_pdf(demo_ws, DEMO_PLAN_ID, tmp_path / "a.pdf", FULL)
    export_pdf(demo_ws, DEMO_PLAN_ID, tmp_path / "b.pdf", FULL)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    later = replace(FULL, moment=datetime(2026, 12, 1, tzinfo=UTC))
    export_pdf(demo_ws, DEMO_PLAN_ID, tmp_path / "c.pdf", later)
    assert (tmp_path / "c.pdf").read_bytes() != (tmp_path / "a.pdf").read_bytes()


def test_user_markup_prints_literally_and_reads_nothing(ws: Workspace, tmp_path: Path) -> None:
    plan = new_plan(
        MARKUP, product_team=MARKUP, sre_lead="<b>lead</b> & co", context=f"{MARKUP}\n<br/>&amp;"
    )
    plan = replace(plan, stakeholders=(Stakeholder("s1", plan.id, MARKUP, "<i>role</i>", "", ""),))
    insert_plan(ws, plan)
    out = tmp_path / "report.pdf"
    export_pdf(ws, plan.id, out, FULL)
    reader = PdfReader(out)
    text = "".join(page_texts(reader)).replace("\n", "")
    assert MARKUP in text
    assert "<b>lead</b> & co" in text and "<i>role</i>" in text and "<br/>&amp;" in text
    assert images_of(reader) == 0
    assert reader.metadata is not None and reader.metadata.title.startswith(MARKUP)


def test_long_and_unusual_text_never_breaks_the_export(ws: Workspace, tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(12_000))
    plan = new_plan("Ünïcode ✓ 中文 😀 \x00\x07 name", context=words + "\n" + "x" * 20_000)
    huge_cell = "\n".join(f"line {n} of a very long contact note" for n in range(400))
    plan = replace(
        plan, stakeholders=(Stakeholder("s1", plan.id, "Name", "Role", "Team", huge_cell),)
    )
    insert_plan(ws, plan)
    out = tmp_path / "report.pdf"
    result = export_pdf(ws, plan.id, out, FULL)
    texts = page_texts(PdfReader(out))
    assert result.pages == len(texts) >= 6  # empty parts are one line each on the summary
    flat = " ".join(" ".join(texts).split())
    # A report prints at most 4,000 characters of one field, and says how long it was.
    assert "line 99 of a very long contact note" in flat
    assert "line 399 of" not in flat and "(truncated, 14,689 characters)" in flat
    assert "Ünïcode ✓ \ufffd\ufffd \ufffd name" in texts[0]


def test_meeting_pack_is_short_and_scoped(
    demo_ws: Workspace, tmp_path: Path, with_chart_section: None
) -> None:
    reader = export(demo_ws, tmp_path / "meeting.pdf", ReportOptions(Preset.MEETING, (), MOMENT))
    titles = [t for depth, t, _ in outline(reader) if depth == 0]
    # The meeting's order; no contents page, no stakeholder table.
    assert titles == [
        "Executive summary", "Architecture review", "Upcoming changes", "Capacity warnings",
        "SLOs at risk",
    ]
    texts = page_texts(reader)
    assert "Architecture review meeting pack" in texts[0]
    assert "Stakeholders" not in " ".join(texts)
    assert 5 <= len(reader.pages) <= 7


def test_custom_sections_and_scope_line(demo_ws: Workspace, tmp_path: Path) -> None:
    options = ReportOptions(Preset.CUSTOM, ("actions", "overview"), MOMENT)
    reader = export(demo_ws, tmp_path / "custom.pdf", options)
    titles = [t for depth, t, _ in outline(reader) if depth == 0]
    assert titles == ["Contents", "Overview and stakeholders", "Appendix: open action items"]
    assert (
        "Selected sections: Overview and stakeholders, Appendix: open action items"
        in page_texts(reader)[0].replace("\n", " ")
    )


def test_cancel_leaves_no_file_and_keeps_the_old_one(
    demo_ws: Workspace, tmp_path: Path, with_chart_section: None
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"previous report")
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 5

    with pytest.raises(ReportCancelled):
        export_pdf(demo_ws, DEMO_PLAN_ID, out, FULL, cancelled=cancelled)
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".sreplan") == ["report.pdf"]


def test_progress_rises_to_done(
    demo_ws: Workspace, tmp_path: Path, with_chart_section: None
) -> None:
    seen: list[float] = []
    export_pdf(
        demo_ws, DEMO_PLAN_ID, tmp_path / "r.pdf", FULL, progress=lambda f, _m: seen.append(f)
    )
    assert seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)
    assert seen == sorted(seen)


def test_timeline_counts_days_from_the_report_date(demo_ws: Workspace, tmp_path: Path) -> None:
    update_plan(demo_ws, DEMO_PLAN_ID, {"target_date": "2026-12-07"})
    text = "\n".join(page_texts(export(demo_ws, tmp_path / "r.pdf")))
    assert "2026-12-07 (10 days to go)" in text


def test_open_risks_stay_a_short_summary(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [
        ActionItem(
            "Checkpoints", f"Risky item {n}", "Owner", date(2027, 1, 1 + n % 28), "High", "Open"
        )
        for n in range(100)
    ]
    monkeypatch.setattr(
        features, "action_item_providers", lambda: [lambda ws, plan_id: list(many)]
    )
    options = ReportOptions(Preset.CUSTOM, ("risks",), MOMENT)
    text = " ".join(" ".join(page_texts(export(demo_ws, tmp_path / "r.pdf", options))).split())
    assert "100 High and 0 Medium open risk items" in text
    assert "… and 40 more, listed in the appendix." in text
    # The meeting pack has no Open risks list: its summary names the top five instead.
    meeting = ReportOptions(Preset.MEETING, (), MOMENT)
    text = " ".join(" ".join(page_texts(export(demo_ws, tmp_path / "m.pdf", meeting))).split())
    assert "Risky item" not in text and "Top risks" in text


def test_page_count_of_a_known_plan(ws: Workspace, tmp_path: Path) -> None:
    plan = new_plan("Search API", product_team="Search", sre_lead="Ada")
    insert_plan(ws, plan)
    options = ReportOptions(Preset.CUSTOM, ("overview", "risks", "actions"), MOMENT)
    out = tmp_path / "r.pdf"
    result = export_pdf(ws, plan.id, out, options)
    # cover, contents, then one page per section (the full report starts each on a new page);
    # but risks and actions have nothing recorded, so they share the overview's page
    assert result.pages == len(PdfReader(out).pages) == 3
