"""The step chart of a rollout: the new version's traffic share over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sreplan.resilience.model import RolloutPlan, traffic_series

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LINE = "#1f4e79"
GATE = "#c0392b"
ANALYSIS = "#d9822b"


def rollout_figure(r: RolloutPlan, *, width: float = 7.0, height: float = 2.6,
                   figure: Figure | None = None) -> Figure:
    """Traffic share (%) against hours since the rollout started; gates and analyses marked."""
    from matplotlib.figure import Figure

    fig = figure or Figure(figsize=(width, height), layout="constrained")
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    times, shares = traffic_series(r)
    ax.plot(times, shares, color=LINE, linewidth=1.8, drawstyle="default")
    t = 0.0
    for n, s in enumerate(r.steps, 1):
        if s.manual_gate:
            ax.axvline(t + (s.bake_seconds or 0) / 3600, color=GATE, linestyle=":",
                       linewidth=1)
        if s.analysis:
            ax.plot([t], [s.traffic_percent], marker="o", color=ANALYSIS, markersize=5)
        below = s.traffic_percent > 90  # keep the label inside the frame at the top
        ax.annotate(f"{n}", (t, s.traffic_percent), textcoords="offset points",
                    xytext=(3, -10 if below else 4), fontsize=7)
        t += (s.bake_seconds or 0) / 3600
    ax.set_ylim(0, 105)
    ax.set_xlim(left=0, right=max(t, 0.1) * 1.03)
    ax.set_ylabel("New version's traffic (%)")
    ax.set_xlabel("Hours since the rollout started")
    ax.set_title(f"{r.name} ({r.strategy.label.lower()})", fontsize=10)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    return fig
