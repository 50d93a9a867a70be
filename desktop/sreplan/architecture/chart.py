"""The architecture diagram: components in dependency layers, smells highlighted.

Returns a matplotlib ``Figure`` (no pyplot), so the Qt canvas, the PDF and tests share it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sreplan.architecture.graph import back_edges, layered_layout
from sreplan.architecture.model import CallMode, ComponentKind, Criticality, Inventory
from sreplan.kernel.charts import plain_text

if TYPE_CHECKING:  # matplotlib loads when a figure is drawn: the report's diagram needs none
    from matplotlib.figure import Figure

KIND_COLOURS: dict[ComponentKind, str] = {
    ComponentKind.EDGE: "#d8e8f5",
    ComponentKind.LOAD_BALANCER: "#cfe3f0",
    ComponentKind.SERVICE: "#dcefdc",
    ComponentKind.BATCH: "#e7f1d4",
    ComponentKind.DATABASE: "#f6e3c6",
    ComponentKind.CACHE: "#f4ecc9",
    ComponentKind.QUEUE: "#e9def3",
    ComponentKind.EXTERNAL: "#e6e6e6",
}
FLAG = "#c62828"
EDGE = "#5f6b76"
_X_GAP, _Y_GAP = 2.3, 1.35
_BOX_W, _BOX_H = 1.95, 0.62


def _clip(a: tuple[float, float], b: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    """The segment a→b cut back to where it leaves box a and enters box b (plus a small gap)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return a, b
    # Fraction of the half-segment inside a box: whichever of width or height it hits first.
    tx = (_BOX_W / 2 + 0.04) / abs(dx) if dx else float("inf")
    ty = (_BOX_H / 2 + 0.04) / abs(dy) if dy else float("inf")
    t = min(tx, ty, 0.45)
    return (a[0] + dx * t, a[1] + dy * t), (b[0] - dx * t, b[1] - dy * t)


def _label(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


@plain_text
def architecture_figure(
    inventory: Inventory,
    *,
    spof_ids: Collection[str] = (),
    flagged_dependency_ids: Collection[str] = (),
    title: str | None = None,
) -> Figure:
    """Draw the inventory; single points of failure and flagged edges in red."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

    comps = sorted(inventory.components, key=lambda c: (c.name.casefold(), c.id))
    ids = [c.id for c in comps]
    known = set(ids)
    deps = [d for d in inventory.dependencies if d.source_id in known and d.target_id in known]
    pairs = [(d.source_id, d.target_id) for d in deps]
    layout = layered_layout(ids, pairs)
    width_in = min(18.0, max(6.5, layout.width * 1.75 + 1.0))
    height_in = min(24.0, max(2.6, layout.height * 1.0 + 1.1))
    fig = Figure(figsize=(width_in, height_in))
    # Fixed axes (no constrained layout): one draw pass, and box sizes known in data units.
    legend_band = 0.45 / height_in
    ax = fig.add_axes(
        (0.01, legend_band, 0.98, 1 - legend_band - (0.4 / height_in if title else 0.02))
    )
    ax.set_axis_off()
    if not comps:
        ax.text(
            0.5,
            0.5,
            "No components yet: add them in the inventory.",
            ha="center",
            va="center",
            color="#666666",
            transform=ax.transAxes,
        )
        return fig

    font = 8.0 if len(comps) <= 24 else 6.5
    # add_artist, not add_patch: the limits are set below, so skip per-patch autoscaling.
    xy = {n: (x * _X_GAP, -y * _Y_GAP) for n, (x, y) in layout.positions.items()}
    for c in comps:
        x, y = xy[c.id]
        spof = c.id in spof_ids
        ax.add_artist(
            FancyBboxPatch(
                (x - _BOX_W / 2, y - _BOX_H / 2),
                _BOX_W,
                _BOX_H,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=KIND_COLOURS[c.kind],
                edgecolor=FLAG if spof else "#7a8793",
                linewidth=2.2 if spof else 0.8,
                zorder=3,
                gid=f"component-{c.id}",
            )
        )
        ax.text(
            x,
            y,
            f"{_label(c.name)}\n{c.kind.label}",
            ha="center",
            va="center",
            fontsize=font,
            zorder=4,
            linespacing=1.25,
            clip_on=False,
        )
    upward = back_edges(ids, pairs)
    flagged = set(flagged_dependency_ids)
    for d in deps:
        is_flagged = d.id in flagged
        start, end = _clip(xy[d.source_id], xy[d.target_id])
        bend = 0.35 if (d.source_id, d.target_id) in upward else 0.0
        ax.add_artist(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=9,
                shrinkA=0,
                shrinkB=0,
                linestyle="-" if d.mode is CallMode.SYNC else (0, (4, 3)),
                color=FLAG if is_flagged else EDGE,
                alpha=1.0 if d.criticality is Criticality.CRITICAL else 0.55,
                linewidth=1.6 if is_flagged else 0.9,
                connectionstyle=f"arc3,rad={bend}",
                zorder=2,
                gid=f"dependency-{d.id}",
            )
        )
    xs = [p[0] for p in xy.values()]
    ys = [p[1] for p in xy.values()]
    ax.set_xlim(min(xs) - _BOX_W / 2 - 0.2, max(xs) + _BOX_W / 2 + 0.2)
    ax.set_ylim(min(ys) - _BOX_H / 2 - 0.15, max(ys) + _BOX_H / 2 + 0.15)
    handles = [
        Line2D([], [], color=EDGE, lw=1, label="sync call"),
        Line2D([], [], color=EDGE, lw=1, ls=(0, (4, 3)), label="async"),
        Line2D([], [], color=FLAG, lw=1.6, label="flagged by lint"),
        Patch(facecolor="white", edgecolor=FLAG, lw=2, label="single point of failure"),
    ]
    fig.legend(handles=handles, loc="lower center", ncols=4, fontsize=7, frameon=False)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig
