"""The architecture diagram reads right: edges go around boxes, text stays >= 8 pt in the
PDF, names are never cut alike, sync calls say their timeout and retries, and the same
plan gives the same geometry in any process."""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Group, String

from sreplan.architecture.chart import diagram_drawings
from sreplan.architecture.diagram import (
    MAX_NAME_LINES,
    MIN_TEXT_SIZE,
    PAGE_WIDTH,
    DiagramGeometry,
    call_label,
    diagram_geometry,
    report_font_measure,
    wrap,
)
from sreplan.architecture.layered import Rect
from sreplan.architecture.lint import flagged, lint
from sreplan.architecture.model import (
    CallMode,
    Component,
    ComponentKind,
    Criticality,
    Dependency,
    Inventory,
    RetryPolicy,
    Tristate,
)
from sreplan.architecture.store import add_component, add_dependency, load_inventory
from sreplan.features import open_workspace
from sreplan.kernel import Workspace
from sreplan.kernel.report.document import BODY_HEIGHT, BODY_WIDTH
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.plans.store import insert_plan, new_plan
from sreplan.reporting import Preset, ReportOptions, export_pdf

TWINS = ("Payment authorisation service (EU)", "Payment authorisation service (US)")


def generated_inventory(n: int = 40, seed: int = 13) -> Inventory:
    """A plan as big as a real estate: long and near-identical names, every kind, long
    edges, fan-outs, a cycle, and sync calls with and without timeouts and retries."""
    rng = random.Random(seed)
    kinds = list(ComponentKind)
    names = [
        *TWINS,
        "Customer notification and preference management platform",
        "Search indexer",
        "Search indexer v2",
    ]
    names += [
        f"{rng.choice(['Order', 'Stock', 'Price', 'Ledger', 'Audit'])} "
        f"{rng.choice(['service', 'store', 'worker', 'gateway'])} {i}"
        for i in range(len(names), n)
    ]
    comps = tuple(
        Component(f"c{i:02d}", name, kinds[i % len(kinds)]) for i, name in enumerate(names)
    )
    pairs: set[tuple[int, int]] = set()
    for i in range(n - 1):
        for _ in range(rng.choice((1, 1, 2, 3))):
            pairs.add((i, rng.randrange(i + 1, min(n, i + 12))))
    pairs |= {(30, 4), (5, 0)}  # two cycles
    deps = []
    for a, b in sorted(pairs):
        deps.append(
            Dependency(
                f"d{a:02d}-{b:02d}",
                f"c{a:02d}",
                f"c{b:02d}",
                rng.choice((CallMode.SYNC, CallMode.SYNC, CallMode.ASYNC)),
                rng.choice(list(Criticality)),
                rng.choice(list(Tristate)),
                rng.choice(list(RetryPolicy)),
            )
        )
    return Inventory(comps, tuple(deps))


def demo_geometry(ws: Workspace) -> tuple[Inventory, DiagramGeometry]:
    inv = load_inventory(ws, DEMO_PLAN_ID)
    spofs, deps = flagged(lint(inv))
    return inv, diagram_geometry(inv, spof_ids=spofs, flagged_dependency_ids=deps)


@pytest.fixture(scope="module")
def big() -> tuple[Inventory, DiagramGeometry]:
    inv = generated_inventory()
    return inv, diagram_geometry(inv, flagged_dependency_ids={"d00-03"})


def _crosses(a: tuple[float, float], b: tuple[float, float], r: Rect, inset: float) -> bool:
    """Whether the axis-parallel segment a-b passes through the inside of ``r``."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return x1 > r.x + inset and x0 < r.right - inset and y1 > r.y + inset and y0 < r.bottom - inset


def _overlap(p: Rect, q: Rect) -> bool:
    return p.x < q.right and q.x < p.right and p.y < q.bottom and q.y < p.bottom


def check_geometry(inv: Inventory, geometry: DiagramGeometry) -> None:
    boxes = {b.component_id: b.rect for b in geometry.boxes}
    labels = [a.label_rect for a in geometry.arrows if a.label_rect is not None]
    assert len(boxes) == len(inv.components)
    assert len(geometry.arrows) == len(inv.dependencies)
    for p, q in itertools.combinations([*boxes.values(), *labels], 2):
        assert not _overlap(p, q), (p, q)
    for arrow in geometry.arrows:
        pts = arrow.points
        assert len(pts) >= 2
        for a, b in itertools.pairwise(pts):
            assert a[0] == b[0] or a[1] == b[1], f"{arrow.dependency_id} has a slanted run"
            for cid, rect in boxes.items():
                # Not through any box, its own ends included (it starts on their borders).
                assert not _crosses(a, b, rect, 0.01), (arrow.dependency_id, cid, a, b)
            for rect in labels:
                assert not _crosses(a, b, rect, 0.01), (arrow.dependency_id, rect, a, b)
        # It starts on its source's border and ends on its target's.
        for end, cid in ((pts[0], arrow.source_id), (pts[-1], arrow.target_id)):
            r = boxes[cid]
            assert r.x <= end[0] <= r.right and end[1] in (r.y, r.bottom), (arrow, r)


def test_demo_edges_go_around_boxes(demo_ws: Workspace) -> None:
    inv, geometry = demo_geometry(demo_ws)
    check_geometry(inv, geometry)
    # The flagged Fulfilment service -> Orders database call no longer runs behind the cache.
    names = {c.id: c.name for c in inv.components}
    ful_db = next(
        a
        for a in geometry.arrows
        if (names[a.source_id], names[a.target_id]) == ("Fulfilment service", "Orders database")
    )
    assert ful_db.colour == "#c62828"
    assert geometry.width <= PAGE_WIDTH + 0.01


def test_forty_components_edges_go_around_boxes(big: tuple[Inventory, DiagramGeometry]) -> None:
    inv, geometry = big
    check_geometry(inv, geometry)
    assert geometry.width <= PAGE_WIDTH + 0.01
    assert any(len(a.points) > 4 for a in geometry.arrows)  # routed, not straight


Big = tuple[Inventory, DiagramGeometry]


def test_text_is_never_under_8_pt(demo_ws: Workspace, big: Big) -> None:
    for geometry in (demo_geometry(demo_ws)[1], big[1]):
        assert min(t.size for t in geometry.texts()) >= MIN_TEXT_SIZE
        pieces = diagram_drawings(geometry, max_height=BODY_HEIGHT - 60)
        for drawing in pieces:
            assert drawing.width <= BODY_WIDTH and drawing.height <= BODY_HEIGHT - 60
            assert tuple(drawing.transform) == (1, 0, 0, 1, 0, 0)  # drawn 1:1
            assert min(s.fontSize for s in _strings(drawing)) >= MIN_TEXT_SIZE
    assert len(diagram_drawings(big[1], max_height=BODY_HEIGHT - 60)) >= 2


def _strings(node: Drawing | Group) -> list[String]:
    found: list[String] = []
    for item in node.contents:
        if isinstance(item, String):
            found.append(item)
        elif isinstance(item, Group):
            found += _strings(item)
    return found


def _pdf_text_sizes(path: Path) -> list[tuple[str, float]]:
    """Every piece of text in the PDF with its size on the page (font size times the
    text and current transformation matrices' vertical scale)."""
    found: list[tuple[str, float]] = []
    for page in PdfReader(path).pages:

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip():
                found.append((text.strip(), abs(size * tm[3] * cm[3])))

        page.extract_text(visitor_text=visit)
    return found


def test_pdf_diagram_text_is_at_least_8_pt(tmp_path: Path) -> None:
    """The 40-component plan's PDF: every component name and call label, at >= 8 pt."""
    ws = open_workspace(tmp_path / "big.sreplan", create=True)
    try:
        plan = new_plan("Big estate")
        insert_plan(ws, plan)
        inv = generated_inventory()
        for c in inv.components:
            add_component(ws, plan.id, c)
        for d in inv.dependencies:
            add_dependency(ws, plan.id, d)
        out = tmp_path / "big.pdf"
        export_pdf(
            ws,
            plan.id,
            out,
            ReportOptions(Preset.CUSTOM, ("architecture",), datetime(2026, 11, 27, tzinfo=UTC)),
        )
    finally:
        ws.close()
    geometry = diagram_geometry(inv)
    drawn = {t.text for t in geometry.texts()}
    sizes = [(text, size) for text, size in _pdf_text_sizes(out) if text in drawn]
    assert {text for text, _ in sizes} >= drawn - {""}
    assert min(size for _, size in sizes) >= MIN_TEXT_SIZE - 0.01
    assert {"service (EU)", "service (US)"} <= {text for text, _ in sizes}


def test_names_wrap_and_never_print_alike(big: tuple[Inventory, DiagramGeometry]) -> None:
    inv, geometry = big
    shown = {}
    for box in geometry.boxes:
        name_lines = [t.text for t in box.texts if t.bold]
        shown[box.component_id] = name_lines
        # Nothing dropped: the lines are the name, broken at spaces (or hyphenated).
        assert " ".join(name_lines).replace("- ", "") == " ".join(box.name.split())
    assert len({tuple(lines) for lines in shown.values()}) == len(inv.components)
    twins = [shown[c.id] for c in inv.components if c.name in TWINS]
    assert twins[0] != twins[1] and twins[0][-1].endswith("(EU)")
    measure = report_font_measure()
    long_word = wrap("Supercalifragilisticexpialidociousservice", 60, 8.5, measure, bold=True)
    assert len(long_word) > 1 and "".join(w.rstrip("-") for w in long_word) == (
        "Supercalifragilisticexpialidociousservice"
    )
    assert all(measure(line, 8.5, True) <= 60 for line in long_word)


def test_sync_calls_say_their_timeout_and_retries(demo_ws: Workspace) -> None:
    inv, geometry = demo_geometry(demo_ws)
    arrows = {a.dependency_id: a for a in geometry.arrows}
    names = {c.id: c.name for c in inv.components}
    said = {
        (names[d.source_id], names[d.target_id]): tuple(t.text for t in arrows[d.id].label)
        for d in inv.dependencies
    }
    assert said[("Checkout API", "Inventory service")] == ("no timeout", "retries w/ backoff")
    assert said[("Load balancer", "Checkout API")] == ("timeout", "no retries")
    assert said[("Checkout API", "Fulfilment queue")] == ()  # async: no label
    assert said[("Fulfilment service", "Orders database")] == ()  # nothing recorded
    assert call_label(Dependency("x", "a", "b", timeout=Tristate.YES)) == ("timeout",)
    assert call_label(Dependency("x", "a", "b", retries=RetryPolicy.NO_BACKOFF)) == (
        "retries, no backoff",
    )


_FINGERPRINT = (
    "import hashlib; from tests.test_architecture_diagram import generated_inventory as g; "
    "from sreplan.architecture.diagram import diagram_geometry as d; "
    "print(hashlib.sha256(repr(d(g())).encode()).hexdigest())"
)


def test_same_geometry_whatever_the_hash_seed_or_input_order() -> None:
    root = Path(__file__).resolve().parents[1]
    prints = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run(
            [sys.executable, "-c", _FINGERPRINT],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env=env,
        )
        prints.add(out.stdout.strip())
    here = hashlib.sha256(repr(diagram_geometry(generated_inventory())).encode()).hexdigest()
    assert prints == {here}
    inv = generated_inventory()
    comps, deps = list(inv.components), list(inv.dependencies)
    random.Random(5).shuffle(comps)
    random.Random(6).shuffle(deps)
    assert diagram_geometry(Inventory(tuple(comps), tuple(deps))) == diagram_geometry(inv)


def test_tall_diagram_pieces_cut_between_rows(big: tuple[Inventory, DiagramGeometry]) -> None:
    _, geometry = big
    pieces = diagram_drawings(geometry, max_height=300)
    assert len(pieces) >= 3
    # Every box is drawn exactly once across the pieces.
    names = [s.text for p in pieces for s in _strings(p) if s.fontName.endswith("Bold")]
    expected = [t.text for b in geometry.boxes for t in b.texts if t.bold]
    assert sorted(names) == sorted(expected)


def test_empty_inventory_draws_nothing() -> None:
    geometry = diagram_geometry(Inventory())
    assert geometry.boxes == () and geometry.width == 0
    assert len(diagram_drawings(geometry, max_height=500)) == 1


def test_hostile_names_stay_bounded_and_distinct(tmp_path: Path) -> None:
    names = (
        "x" * 5000,
        "Long " * 800,
        "東京サービス",
        "大阪サービス",
        "Payments  API",
        "Payments API",
        "A" * 3000 + "1",
        "A" * 3000 + "2",
    )
    comps = tuple(Component(f"c{i}", name) for i, name in enumerate(names))
    deps = tuple(Dependency(f"d{i}", f"c{i}", f"c{i + 1}") for i in range(len(names) - 1))
    geometry = diagram_geometry(Inventory(comps, deps))
    check_geometry(Inventory(comps, deps), geometry)
    shown = [tuple(t.text for t in b.texts if t.bold) for b in geometry.boxes]
    assert len(set(shown)) == len(names)  # the CJK pair prints as "�…" [1] and [2]
    assert all(len(lines) <= MAX_NAME_LINES for lines in shown)
    assert max(b.rect.height for b in geometry.boxes) < 100
    pieces = diagram_drawings(geometry, max_height=BODY_HEIGHT - 60, max_width=BODY_WIDTH)
    assert all(p.height <= BODY_HEIGHT - 60 for p in pieces)


def test_a_row_too_wide_for_the_page_is_scaled_to_fit() -> None:
    """Sixty callers of one service, each on its own row, pass 59 lines through a row."""
    comps = tuple(Component(f"s{i:02d}", f"Caller {i:02d}") for i in range(60))
    comps += (Component("hub", "Hub"), Component("end", "End"))
    deps = tuple(Dependency(f"d{i:02d}", f"s{i:02d}", "end") for i in range(60))
    deps += tuple(Dependency(f"e{i:02d}", f"s{i:02d}", f"s{i + 1:02d}") for i in range(59))
    geometry = diagram_geometry(Inventory(comps, deps))
    check_geometry(Inventory(comps, deps), geometry)
    pieces = diagram_drawings(geometry, max_height=BODY_HEIGHT - 60, max_width=BODY_WIDTH)
    assert all(p.width <= BODY_WIDTH + 0.01 for p in pieces)


@st.composite
def inventories(draw: st.DrawFn) -> Inventory:
    n = draw(st.integers(1, 14))
    words = st.sampled_from(["API", "cache", "Orders", "database", "service", "(EU)", "x" * 30])
    names = draw(st.lists(st.lists(words, min_size=1, max_size=6).map(" ".join),
                          min_size=n, max_size=n))
    comps = tuple(Component(f"c{i:02d}", f"{name} {i}", draw(st.sampled_from(ComponentKind)))
                  for i, name in enumerate(names))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=3 * n, unique=True))
    deps = tuple(
        Dependency(f"d{a:02d}-{b:02d}", f"c{a:02d}", f"c{b:02d}",
                   draw(st.sampled_from(CallMode)), draw(st.sampled_from(Criticality)),
                   draw(st.sampled_from(Tristate)), draw(st.sampled_from(RetryPolicy)))
        for a, b in pairs if a != b)
    return Inventory(comps, deps)


@settings(max_examples=60, deadline=None)
@given(inventories(), st.sampled_from([474.0, 300.0, 120.0]))
def test_any_plan_routes_around_every_box(inv: Inventory, width: float) -> None:
    geometry = diagram_geometry(inv, max_width=width)
    check_geometry(inv, geometry)
    assert min((t.size for t in geometry.texts()), default=8.0) >= MIN_TEXT_SIZE


def test_a_landscape_frame_gets_a_wider_layout_still_at_8_pt(
    demo_ws: Workspace, big: Big
) -> None:
    from reportlab.graphics.shapes import Drawing as RlDrawing

    from sreplan.architecture.lint_triage import run_lint
    from sreplan.architecture.report import diagram_story

    def drawings(story: list[Any]) -> list[RlDrawing]:
        flat = [g for f in story for g in getattr(f, "_content", [f])]
        return [f for f in flat if isinstance(f, RlDrawing)]

    state = run_lint(demo_ws, DEMO_PLAN_ID)
    portrait = drawings(diagram_story(big[0], state))
    wide = drawings(diagram_story(big[0], state, width=760, height=480))
    assert len(portrait) >= 3 and len(wide) >= 2
    assert max(d.width for d in wide) > BODY_WIDTH
    assert all(d.width <= 760 and tuple(d.transform) == (1, 0, 0, 1, 0, 0) for d in wide)
    assert sum(d.height for d in wide) < sum(d.height for d in portrait)
