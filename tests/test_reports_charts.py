"""Charts in reports: drawn as vectors, deferred charts drawn in parallel, safe fallbacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Group, Image, String
from reportlab.platypus import Flowable, SimpleDocTemplate

from sreplan.kernel.report import figures
from sreplan.kernel.report.figures import Chart, chart, figure_flowable, render_charts
from sreplan.kernel.report.mplrender import figure_drawing


def burn(n: int) -> Figure:
    """A module-level chart function, as charts/ provides (picklable for workers)."""
    figure = Figure(figsize=(6, 2))
    axes = figure.add_subplot()
    axes.plot(range(10), [10 - x * (n + 1) / 3 for x in range(10)], linestyle="--", label="burn")
    axes.set_title(f"SLO {n} − budget")
    axes.set_ylabel("% left")
    axes.set_ylim(0, 10)  # the line leaves the axes: it must be clipped, not drawn outside
    axes.legend()
    return figure


def walk(node: Any) -> list[Any]:
    found = [node]
    for child in getattr(node, "contents", []):
        found.extend(walk(child))
    return found


def strings(drawing: Drawing) -> list[str]:
    return [n.text for n in walk(drawing) if isinstance(n, String)]


def test_renderer_keeps_text_dashes_and_clipping() -> None:
    drawing = figure_drawing(burn(2))
    texts = strings(drawing)
    assert "SLO 2 − budget" in texts and "% left" in texts and "burn" in texts
    nodes = walk(drawing)
    assert any(getattr(n, "strokeDashArray", None) for n in nodes)
    clipped = [
        n
        for n in nodes
        if isinstance(n, Group) and n.contents and getattr(n.contents[0], "isClipPath", 0)
    ]
    assert clipped
    assert not any(isinstance(n, Image) for n in nodes)
    rotated = [
        n
        for n in nodes
        if isinstance(n, Group)
        and any(isinstance(c, String) and c.text == "% left" for c in n.contents)
    ]
    assert rotated and rotated[0].transform[1] != 0  # the y label is turned 90°


def test_figures_with_images_fall_back_instead_of_failing() -> None:
    figure = Figure(figsize=(3, 2))
    figure.add_subplot().imshow([[0, 1], [1, 0]])
    drawn = figure_flowable(figure, width=200)
    assert drawn.drawing is not None and drawn.drawing.width == pytest.approx(200)


def test_deferred_charts_in_a_pdf(tmp_path: Path) -> None:
    story: list[Flowable] = [chart(burn, n, width=300, max_height=120) for n in range(3)]
    SimpleDocTemplate(str(tmp_path / "c.pdf")).build(story)
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "c.pdf").pages)
    assert all(f"SLO {n} − budget" in text for n in range(3))


def test_many_charts_are_drawn_in_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(figures.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    charts = [chart(burn, n, width=300) for n in range(4)]
    seen: list[tuple[int, int]] = []
    render_charts(charts, lambda: False, lambda done, count: seen.append((done, count)))
    assert seen[-1] == (4, 4)
    for n, item in enumerate(charts):
        assert item.drawing is not None
        assert f"SLO {n} − budget" in strings(item.drawing)
        assert item.drawing.width == pytest.approx(300)


def test_cancel_stops_chart_drawing() -> None:
    charts: list[Chart] = [chart(burn, n) for n in range(3)]
    render_charts(charts, lambda: True, lambda done, count: None)
    assert all(item.drawing is None for item in charts)


def test_charts_that_cannot_travel_to_workers_are_drawn_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(figures, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(figures.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)

    def local_chart(n: int) -> Figure:  # not picklable: defined inside the test
        return burn(n)

    charts = [chart(local_chart, n, width=200) for n in range(3)]
    render_charts(charts, lambda: False, lambda done, count: None)
    assert all(item.drawing is not None for item in charts)


def test_cancel_reaches_into_a_section_drawing_many_figures(
    tmp_path: Path, demo_ws: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sreplan.kernel.report.registry import ReportSection
    from sreplan.plans.demo import DEMO_PLAN_ID
    from sreplan.reporting import Preset, ReportCancelled, ReportOptions, export_pdf, registry

    drawn: list[int] = []
    cancel = [False]

    def build(ws: Any, plan_id: str, options: Any) -> list[Flowable]:
        story: list[Flowable] = []
        for n in range(50):
            story.append(figure_flowable(burn(n)))
            drawn.append(n)
            cancel[0] = n >= 2  # the person presses Cancel while the third chart is drawn
        return story

    only = (ReportSection("many", "Many charts", False, build, 50),)
    monkeypatch.setattr(registry, "all_sections", lambda: only)
    with pytest.raises(ReportCancelled):
        export_pdf(
            demo_ws,
            DEMO_PLAN_ID,
            tmp_path / "r.pdf",
            ReportOptions(Preset.FULL),
            cancelled=lambda: cancel[0],
        )
    assert len(drawn) == 3
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".*.tmp"))
