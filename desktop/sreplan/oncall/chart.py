"""The fairness chart: hours on call per person, the off-hours part darker.

Returns a matplotlib ``Figure`` (no pyplot) from plain data, so the report can
draw it in a worker process.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sreplan.oncall.chart_colours import PERSON_COLOURS
from sreplan.oncall.health import FairnessRow


def fairness_figure(rows: Sequence[FairnessRow], width: float = 7.2) -> Figure:
    names = [r.name for r in rows]
    height = 0.9 + 0.32 * max(1, len(rows))
    figure = Figure(figsize=(width, height))
    ax = figure.add_subplot(1, 1, 1)
    y = list(range(len(rows)))[::-1]
    colours = [PERSON_COLOURS[i % len(PERSON_COLOURS)] for i in range(len(rows))]
    ax.barh(y, [r.hours for r in rows], color=colours, alpha=0.45)
    ax.barh(y, [r.off_hours for r in rows], color=colours)
    for yi, r in zip(y, rows, strict=True):
        ax.text(r.hours, yi, f" {r.hours:.0f} h", va="center", fontsize=8)
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlabel("Hours", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    most = max((r.hours for r in rows), default=1.0) or 1.0
    ax.set_xlim(0, most * 1.15)
    handles = [
        Patch(color="#666666", alpha=0.45, label="Hours on call"),
        Patch(color="#666666", label="Off-hours part (nights, weekends, own time zone)"),
    ]
    ax.legend(
        handles=handles,
        fontsize=7,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        frameon=False,
    )
    figure.tight_layout()
    return figure
