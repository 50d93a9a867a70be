"""The architecture diagram renders the demo and a 60-component plan, as vectors too."""

from __future__ import annotations

import io
import random

from sreplan.architecture.chart import FLAG, architecture_figure
from sreplan.architecture.lint import flagged, lint
from sreplan.architecture.model import Component, Dependency, Inventory
from sreplan.architecture.store import load_inventory
from sreplan.kernel import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID


def test_demo_diagram_highlights_spofs_and_flagged_edges(demo_ws: Workspace) -> None:
    inv = load_inventory(demo_ws, DEMO_PLAN_ID)
    spofs, deps = flagged(lint(inv))
    fig = architecture_figure(inv, spof_ids=spofs, flagged_dependency_ids=deps)
    ax = fig.axes[0]
    labels = {t.get_text().split("\n")[0] for t in ax.texts}
    assert labels >= {c.name for c in inv.components}
    boxes = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("component-")}
    arrows = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("dependency-")}
    assert len(boxes) == len(inv.components) and len(arrows) == len(inv.dependencies)
    inventory_service = next(c.id for c in inv.components if c.name == "Inventory service")
    checkout = next(c.id for c in inv.components if c.name == "Checkout API")
    assert boxes[f"component-{inventory_service}"].get_edgecolor()[:3] == _rgb(FLAG)
    assert boxes[f"component-{checkout}"].get_edgecolor()[:3] != _rgb(FLAG)
    red = {gid for gid, p in arrows.items() if p.get_edgecolor()[:3] == _rgb(FLAG)}
    assert red == {f"dependency-{d}" for d in deps}
    svg = io.BytesIO()
    fig.savefig(svg, format="svg")
    assert b"<svg" in svg.getvalue()


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def test_sixty_components_render(tmp_path: object) -> None:
    rng = random.Random(3)
    comps = tuple(Component(f"c{i}", f"Component number {i}") for i in range(60))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 150:
        a, b = rng.sample(range(60), 2)
        pairs.add((min(a, b), max(a, b)))
    deps = tuple(Dependency(f"d{a}-{b}", f"c{a}", f"c{b}") for a, b in sorted(pairs))
    fig = architecture_figure(Inventory(comps, deps))
    width, height = fig.get_size_inches()
    assert width <= 18 and height <= 24
    fig.savefig(io.BytesIO(), format="png", dpi=60)


def test_empty_inventory_says_so() -> None:
    fig = architecture_figure(Inventory())
    assert "No components yet" in fig.axes[0].texts[0].get_text()
