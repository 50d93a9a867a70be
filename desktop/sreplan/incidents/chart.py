"""An SLO's budget burn-down with its incidents as real steps, beside the alert burn rates.

Built on ``Figure`` (never pyplot) and deterministic, like slo/chart.py whose
theoretical curves it draws underneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sreplan.incidents.budget import spend, window_start
from sreplan.incidents.model import Incident
from sreplan.kernel.durations import DAY
from sreplan.slo.model import AlertRule, Slo

if TYPE_CHECKING:  # matplotlib is imported when a figure is drawn, not for the data above
    from matplotlib.figure import Figure


def incident_steps(
    incidents: Sequence[Incident], slo: Slo, start: datetime
) -> list[tuple[float, float, str]]:
    """(day into the window, budget left %, INC key) after each incident from ``start``."""
    left = 100.0
    steps = []
    window_days = slo.window.duration.seconds / DAY
    for incident in sorted(
        (i for i in incidents if slo.id in i.slo_ids and i.started_at and i.started_at >= start),
        key=lambda i: (i.started_at or start, i.number, i.id),
    ):
        percent = spend(incident, slo).percent
        if percent is None or incident.started_at is None:
            continue
        day = (incident.started_at - start).total_seconds() / DAY
        if day > window_days:
            break
        left -= percent
        steps.append((day, left, incident.key))
    return steps


def real_line(
    steps: Sequence[tuple[float, float, str]], window_days: float
) -> tuple[list[float], list[float]]:
    """The budget actually left, as a staircase from 100 % down at each incident."""
    xs, ys = [0.0], [100.0]
    for day, left, _key in steps:
        xs += [day, day]
        ys += [ys[-1], left]
    xs.append(window_days)
    ys.append(ys[-1])
    return xs, ys


def chart_window(slo: Slo, incidents: Sequence[Incident], now: datetime) -> tuple[datetime, str]:
    """Where the chart starts: the SLO's current window when an incident falls in it, else
    the day before the first incident (a past window), with a caption that says which."""
    linked = [i.started_at for i in incidents if slo.id in i.slo_ids and i.started_at]
    current = window_start(slo, now)
    if not linked or any(t >= current for t in linked):
        return current, f"{slo.title}: the current window"
    start = min(linked) - timedelta(days=1)
    return start, f"{slo.title}: the window from {start.date()} (none in the current one)"


def incidents_burn_down_figure(
    slo: Slo,
    rules: Sequence[AlertRule],
    incidents: Sequence[Incident],
    start: datetime,
    caption: str,
) -> Figure:
    from matplotlib.figure import Figure, SubplotParams

    fig = Figure(figsize=(6.4, 3.6), dpi=100, subplotpars=SubplotParams(0.1, 0.13, 0.98, 0.87))
    draw_incidents_burn_down(fig, slo, rules, incidents, start, caption)
    return fig


def draw_incidents_burn_down(
    fig: Figure,
    slo: Slo,
    rules: Sequence[AlertRule],
    incidents: Sequence[Incident],
    start: datetime,
    caption: str,
) -> None:
    """Draw into ``fig`` (cleared first), e.g. the figure of a live canvas."""
    from sreplan.slo.chart import draw_burn_down

    draw_burn_down(fig, caption, slo.target, slo.window.duration, rules)
    ax = fig.axes[0]
    steps = incident_steps(incidents, slo, start)
    window_days = slo.window.duration.seconds / DAY
    if window_days >= 2:
        xs, ys = real_line(steps, window_days)
        ax.plot(xs, ys, color="#111111", lw=2.2, drawstyle="default", label="incidents (real)")
        for day, left, key in steps:
            ax.annotate(key, (day, left), textcoords="offset points", xytext=(4, -10),
                        fontsize=7)  # fmt: skip
        ax.set_ylim(min(-5.0, min(ys) - 5), 105)
        ax.legend(fontsize=6, loc="upper right")
