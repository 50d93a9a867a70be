"""The report is exact: no table row is lost at a page break, text stays inside the page,
and the same data gives the same bytes in every process."""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Spacer

from sreplan.kernel.report.document import BODY_HEIGHT, ReportDocTemplate
from sreplan.kernel.report.tables import Column, data_table, facts_table
from sreplan.plans.demo import DEMO_PLAN_ID

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)


def _pdf(story: list) -> PdfReader:
    buffer = io.BytesIO()
    doc = ReportDocTemplate(buffer, plan_name="p", moment=datetime(2026, 1, 1, tzinfo=UTC),
                            title="t", author="a", subject="s")
    doc.build(story)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _layout(seed: int) -> tuple[list, list[list[str]]]:
    """A table of long cells after a spacer of random height (so rows meet page feet)."""
    rng = random.Random(seed)
    ncols = rng.randint(2, 5)
    columns = [Column(f"Head{i}", rng.choice([1, 2, 3]), rng.choice(["LEFT", "RIGHT"]))
               for i in range(ncols)]
    rows = [
        [f"B{r:02d}C{c} " + " ".join(f"w{k}" for k in range(rng.randint(1, 140)))
         + f" E{r:02d}C{c}" for c in range(ncols)]
        for r in range(rng.randint(1, 7))
    ]
    story = [Spacer(1, rng.uniform(0, BODY_HEIGHT - 20)), data_table(columns, rows)]
    return story, rows


@pytest.mark.parametrize("seed", range(60))
def test_no_row_vanishes_and_no_stray_header(seed: int) -> None:
    story, rows = _layout(seed)
    reader = _pdf(story)
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(pages).replace("\n", " ")
    for r, row in enumerate(rows):
        for c in range(len(row)):
            assert f"B{r:02d}C{c}" in text and f"E{r:02d}C{c}" in text, (r, c)
    for n, page in enumerate(pages):
        has_rows = re.search(r"\b(w\d+|[BE]\d\dC\d)\b", page) is not None
        # one header on every page the table reaches, never a header without rows under it
        assert page.count("Head0") == (1 if has_rows else 0), n


def test_words_of_a_cut_row_print_in_order_once() -> None:
    words = [f"w{k}" for k in range(400)]
    reader = _pdf([Spacer(1, BODY_HEIGHT - 60),
                   data_table([Column("A"), Column("B")], [(" ".join(words), "x")])])
    printed = " ".join(p.extract_text() for p in reader.pages).split()
    assert [w for w in printed if w.startswith("w")] == words


def test_tall_rows_do_not_repeat_the_header_before_each_row() -> None:
    tall = [(f"R{r} " + "long text " * 150, str(r)) for r in range(4)]
    reader = _pdf([data_table([Column("Title"), Column("N", 0.3, "RIGHT")], tall)])
    text = " ".join(p.extract_text() for p in reader.pages)
    assert text.count("Title") == len(reader.pages)


def test_right_aligned_columns_stay_right_aligned_when_they_wrap() -> None:
    table = data_table([Column("Name", 3), Column("A rather long amount heading", 0.4, "RIGHT")],
                       [("x", "12,345,678,901 requests")])
    header = table._cellvalues[0][1]
    value = table._cellvalues[1][1]
    assert header.style.alignment == value.style.alignment == 2  # TA_RIGHT


def test_facts_table_measures_at_the_size_it_draws() -> None:
    # 9 pt text that fits at 8 pt but not at 9 pt must wrap, not run past the margin
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from sreplan.kernel.report.fonts import SANS

    width = 300.0
    value_width = width * 0.7 - 6
    text = "Runs out"
    while stringWidth(text, SANS, 9) <= value_width:
        text += " x"
    assert stringWidth(text, SANS, 8) <= value_width
    table = facts_table([("Label", text)], width=width)
    assert type(table._cellvalues[0][1]).__name__ == "Paragraph"


@pytest.fixture(scope="module")
def tied_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan plus records whose sort keys tie: a calendar-month SLO beside a 30-day
    one with the same target (both 2,592,000 s), two High items due the same day."""
    from sreplan.features import open_workspace, seed_demo
    from sreplan.kernel.durations import Duration
    from sreplan.kernel.ids import new_id
    from sreplan.slo.model import TimeWindow
    from sreplan.slo.store import insert_slo, list_slos

    path = tmp_path_factory.mktemp("tied") / "tied.sreplan"
    ws = open_workspace(path, create=True)
    plan_id = seed_demo(ws, MOMENT.date())
    first = list_slos(ws, plan_id)[0]
    with ws.write():
        insert_slo(ws, replace(first, id=new_id(), name="calendar-twin",
                               display_name="Calendar twin",
                               window=TimeWindow(Duration(1, "M"), rolling=False)))
    ws.close()
    return path


def test_same_data_same_bytes_whatever_the_hash_seed(tied_plan: Path, tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"seed-{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "sreplan", "export-pdf", str(tied_plan), "--plan",
             "Checkout service", "-o", str(out), "--date", "2026-11-27"],
            capture_output=True, text=True, env=env, check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_same_bytes_whatever_the_process_drew_before(tied_plan: Path, tmp_path: Path) -> None:
    """A fresh process's report, then the same report after charts drawn through SVG (svglib
    registers the fonts again, which mapped bold SANS back to regular), the on-demand fonts
    and a stray registration of a report font: the same bytes each time."""
    script = f"""
from matplotlib.figure import Figure
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from sreplan.cli import main
from sreplan.kernel.report import fonts
from sreplan.kernel.report.figures import figure_flowable

def export(name):
    out = {str(tmp_path)!r} + "/" + name
    assert main(["export-pdf", {str(tied_plan)!r}, "--plan", "Checkout service", "-o", out,
                 "--date", "2026-11-27"]) == 0
    return open(out, "rb").read()

fresh = export("fresh.pdf")
figure = Figure(figsize=(3, 2))
figure.add_subplot().imshow([[0, 1], [1, 0]])  # an image: drawn through SVG and svglib
figure_flowable(figure, width=200)
assert export("after-svg.pdf") == fresh, "after a chart drawn through SVG"
fonts.font(fonts.MONO), fonts.font(fonts.SANS_BOLD_ITALIC)
pdfmetrics.registerFont(TTFont(fonts.SANS, str(fonts.font_dir() / "DejaVuSans.ttf")))
assert export("after-fonts.pdf") == fresh, "after more font registrations"
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("length", [200, 4000])
def test_a_long_plan_name_keeps_the_cover_on_one_page(tmp_path: Path, length: int) -> None:
    from sreplan.features import create_plan, open_workspace
    from sreplan.plans.model import Plan
    from sreplan.reporting import Preset, ReportOptions, export_pdf

    name = ("Payment authorisation service (EU) with a long name " * 80)[:length]
    ws = open_workspace(tmp_path / "w.sreplan", create=True)
    create_plan(ws, Plan("p1", name, product_team="Team " * 60))
    out = tmp_path / "long.pdf"
    export_pdf(ws, "p1", out, ReportOptions(Preset.CUSTOM, ("overview",), MOMENT))
    ws.close()
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert "Report date" in pages[0] and "Scope" in pages[0]
    assert "Contents" in pages[1] and "Report date" not in pages[1]


def test_the_cli_names_characters_it_cannot_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sreplan.cli import main
    from sreplan.features import create_plan, open_workspace
    from sreplan.plans.model import Plan

    ws = open_workspace(tmp_path / "w.sreplan", create=True)
    create_plan(ws, Plan("p1", "Kasse 结帐 😀", product_team="שלום עולם"))
    ws.close()
    code = main(["export-pdf", str(tmp_path / "w.sreplan"), "--plan", "p1", "-o",
                 str(tmp_path / "r.pdf"), "--sections", "overview", "--date", "2026-11-27"])
    err = capsys.readouterr().err
    assert code == 0
    assert "sreplan: warning: 3 characters cannot be printed" in err
    assert "结 帐" in err and "😀" in err
    assert "Hebrew or Arabic text prints letter by letter from left to right" in err


def test_plain_latin_text_gives_no_warning(tmp_path: Path) -> None:
    from sreplan.features import create_plan, open_workspace
    from sreplan.plans.model import Plan
    from sreplan.reporting import Preset, ReportOptions, export_pdf

    ws = open_workspace(tmp_path / "w.sreplan", create=True)
    create_plan(ws, Plan("p1", "Zürich café ✓ Ωμέγα"))
    result = export_pdf(ws, "p1", tmp_path / "r.pdf",
                        ReportOptions(Preset.CUSTOM, ("overview",), MOMENT))
    ws.close()
    assert result.warnings == ()


# Free text a person types, made long enough to wrap in every table that shows it.
LONG_FIELDS = {
    "stakeholders": ("name", "role", "team", "contact"),
    "services": ("name",),
    "slos": ("display_name", "owner", "rationale"),
    "checkpoints": ("title", "owner", "waiver_note"),
    "components": ("name", "owner_team", "deployment"),
    "findings": ("title", "owner", "recommendation"),
    "adrs": ("title", "chosen_option"),
    "incidents": ("title",),
    "incident_actions": ("title", "owner"),
    "incident_timeline": ("event",),
    "capacity_resources": ("name", "unit", "notes"),
    "capacity_events": ("name",),
    "capacity_benchmarks": ("name", "evidence_url"),
    "oncall_people": ("name", "site"),
    "experiments": ("title",),
    "rollout_plans": ("name",),
    "error_budget_policy_steps": ("action",),
    "recovery_objectives": ("notes",),
}
FILLER = " ".join(f"filler{n}" for n in range(45))


@pytest.fixture(scope="module")
def long_text_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sreplan.features import open_workspace, seed_demo

    path = tmp_path_factory.mktemp("long") / "long.sreplan"
    ws = open_workspace(path, create=True)
    seed_demo(ws, MOMENT.date())
    with ws.write() as conn:
        for table, columns in LONG_FIELDS.items():
            for column in columns:
                conn.execute(f"UPDATE {table} SET {column} = {column} || ' ' || ? "
                             f"WHERE {column} != ''", [FILLER])
    ws.close()
    return path


def _cell_text(value: object) -> str:
    from reportlab.platypus import Paragraph

    if isinstance(value, Paragraph):
        return value.getPlainText()
    return "" if value is None else str(value)


@pytest.mark.parametrize("preset", ["full", "meeting"])
def test_every_record_of_every_table_is_printed(
    long_text_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preset: str
) -> None:
    from sreplan.features import open_workspace
    from sreplan.kernel.report import tables
    from sreplan.reporting import Preset, ReportOptions, export_pdf

    made: list[list[list[object]]] = []

    class Recorded(tables.ReportTable):  # type: ignore[misc, name-defined]
        def __init__(self, data: list[list[object]], *args: object, **kwargs: object) -> None:
            made.append(data)
            super().__init__(data, *args, **kwargs)

    monkeypatch.setattr(tables, "ReportTable", Recorded)
    ws = open_workspace(long_text_plan, read_only=True)
    out = tmp_path / "long.pdf"
    export_pdf(ws, DEMO_PLAN_ID, out, ReportOptions(Preset(preset), (), MOMENT))
    ws.close()
    printed = "".join("".join(p.extract_text().split()) for p in PdfReader(out).pages)
    rows = [row for data in made for row in data[1:]]
    assert len(rows) > (40 if preset == "full" else 15)
    assert any(FILLER[:20] in _cell_text(c) for r in rows for c in r)
    for row in rows:
        for cell in row:
            text = "".join(_cell_text(cell).split())
            if text:
                assert text[:14] in printed and text[-14:] in printed, text[:60]


def _strings_inside(drawing: object) -> list[str]:
    """Every text of a drawing, each checked to lie within the drawing's width."""
    from reportlab.graphics.shapes import Group, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    found: list[str] = []

    def walk(node: object, dx: float, rotated: bool) -> None:
        if isinstance(node, String):
            width = stringWidth(node.text, node.fontName, node.fontSize)
            left = node.x + dx - {"start": 0, "middle": width / 2, "end": width}[node.textAnchor]
            if not rotated:
                assert left >= -0.5 and left + width <= drawing.width + 0.5, node.text
            found.append(node.text)
        for child in getattr(node, "contents", []):
            transform = getattr(node, "transform", (1, 0, 0, 1, 0, 0))
            turned = rotated or (isinstance(node, Group) and transform[1] != 0)
            walk(child, dx + (transform[4] if isinstance(node, Group) else 0), turned)

    walk(drawing, 0.0, False)
    return found


def test_chart_text_stays_inside_the_chart(long_text_plan: Path) -> None:
    from sreplan.capacity.outlook_store import plan_outlooks
    from sreplan.capacity.report_chart import capacity_drawing
    from sreplan.capacity.series_store import load_series
    from sreplan.features import open_workspace
    from sreplan.kernel.report.document import BODY_WIDTH

    ws = open_workspace(long_text_plan, read_only=True)
    outlooks = plan_outlooks(ws, DEMO_PLAN_ID, today=MOMENT.date(), horizon_days=180)
    assert outlooks
    for outlook in outlooks:
        times, values = load_series(ws, outlook.resource.id)
        drawing = capacity_drawing(outlook, times, values)
        assert drawing.width == BODY_WIDTH
        texts = _strings_inside(drawing)
        assert any(t.endswith("…") for t in texts)  # the long unit and event names, cut
    ws.close()


def test_a_report_imports_no_matplotlib(tied_plan: Path, tmp_path: Path) -> None:
    """Importing matplotlib alone cost a fresh export ~0.3 s: report charts are drawn
    straight into ReportLab drawings."""
    script = (
        "import sys\n"
        "from sreplan.cli import main\n"
        f"code = main(['export-pdf', {str(tied_plan)!r}, '--plan', 'Checkout service', "
        f"'-o', {str(tmp_path / 'r.pdf')!r}, '--date', '2026-11-27'])\n"
        "assert code == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('matplotlib', 'svglib', 'PySide6'))\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
