"""The capacity chart: history, forecast with 80/95% bands, capacity lines, events, dates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from sreplan.capacity.downsample import min_max_downsample
from sreplan.capacity.outlook import Outlook, to_epoch
from sreplan.capacity.seasonal import DAY, FloatArray
from sreplan.kernel.charts import plain_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

HISTORY = "#1f4e79"
FORECAST = "#d9822b"
USABLE = "#c0392b"
RAW = "#7f8c8d"
EVENT = "#8e44ad"
# Shades are pre-blended on white rather than drawn with alpha: the PDF's SVG
# conversion ignores SVG "opacity", which would paint them solid.
BAND95 = "#f9ecdf"
BAND80 = "#f4dabf"
EVENT_FILL = "#f1e9f5"
ORDER_BY = "#2c3e50"


def _dates(seconds: FloatArray) -> FloatArray:
    import matplotlib.dates as mdates

    offset = float(mdates.date2num(datetime(1970, 1, 1, tzinfo=UTC)))  # type: ignore[no-untyped-call]
    return np.asarray(seconds, dtype=np.float64) / DAY + offset


@plain_text
def capacity_figure(outlook: Outlook, times: FloatArray, values: FloatArray, *,
                    width: float = 9.0, height: float = 4.6, buckets: int = 900,
                    history_days: int | None = None, figure: Figure | None = None) -> Figure:
    """One resource's capacity picture; the Qt canvas, the CLI and the PDF all draw this."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    res = outlook.resource
    unit = res.unit or "demand"
    if figure is None:
        fig = Figure(figsize=(width, height), layout="constrained")
    else:
        fig = figure
        fig.clear()
    ax = fig.add_subplot()
    if history_days is not None and len(times) and outlook.planned is not None:
        keep = times >= times[-1] - history_days * DAY
        times, values = times[keep], values[keep]
    if len(times):
        t, v = min_max_downsample(times, values, buckets)
        ax.plot(_dates(t), v, color=HISTORY, linewidth=0.9, label="History")
    band = outlook.planned
    if band is not None and outlook.forecast is not None and not outlook.forecast.kind.is_assumed:
        x = _dates(band.times)
        ax.fill_between(x, band.lo95, band.hi95, color=BAND95, linewidth=0, zorder=1,
                        label="95% interval")
        ax.fill_between(x, band.lo80, band.hi80, color=BAND80, linewidth=0, zorder=1.1,
                        label="80% interval")
        ax.plot(x, band.mean, color=FORECAST, linewidth=1.4, linestyle="--",
                label=forecast_label(outlook))
    elif band is not None and outlook.forecast is not None:
        ax.plot(_dates(band.times), band.mean, color=FORECAST, linewidth=1.4, linestyle="--",
                label=forecast_label(outlook))
    if outlook.sized:
        ax.axhline(outlook.raw_capacity, color=RAW, linewidth=1.2, linestyle=":",
                   label=raw_label(outlook))
        ax.axhline(outlook.usable_capacity, color=USABLE, linewidth=1.4,
                   label=usable_label(outlook))
    else:  # no capacity per unit: the demand forecast only
        ax.plot([], [], " ", label=NO_SIZING)
    top = ax.get_ylim()[1]
    left, right = ax.get_xlim()
    for ep in outlook.event_peaks:
        start = _dates(np.array([to_epoch(ep.event.starts_on)]))[0]
        end = _dates(np.array([to_epoch(ep.event.ends_on) + DAY]))[0]
        ax.axvspan(start, end, color=EVENT_FILL, linewidth=0, zorder=0.5)
        room_right = (right - start) / (right - left) > 0.25
        ax.text(start if room_right else end, top, f" {ep.label} " if room_right else
                f"{ep.label} ", color=EVENT, fontsize=8, va="top",
                ha="left" if room_right else "right", clip_on=True)
    markers = [(d, c, t, y) for d, c, t, y in ((outlook.exhaustion, USABLE, "Runs out", 0.13),
                                                (outlook.order_by, ORDER_BY, "Order by", 0.02))
               if d is not None]
    for day, color, text, height in markers:
        x0 = _dates(np.array([to_epoch(day)]))[0]
        ax.axvline(x0, color=color, linewidth=1.0, linestyle="-.")
        # Labels sit beside their line, on whichever side has room inside the axes.
        room_right = (right - x0) / (right - left) > 0.16
        ax.annotate(f"{text}\n{day:%d %b %Y}", (x0, height), xycoords=("data", "axes fraction"),
                    xytext=(3 if room_right else -3, 0), textcoords="offset points",
                    color=color, fontsize=8, va="bottom", ha="left" if room_right else "right",
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white",
                          "edgecolor": "none"})
    ax.set_ylim(bottom=0)
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{y:,.0f}" if y >= 10
                                               else f"{y:g}"))
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    # The model is named in the legend; the title stays short enough for a narrow pane.
    ax.set_title(res.name, fontsize=11, loc="left")
    ax.legend(loc="upper left", fontsize=7.5, framealpha=0.9)
    return fig


NO_SIZING = "No sizing: capacity per unit not set"


def forecast_label(outlook: Outlook) -> str:
    """The forecast line's legend label (the app's chart and the report's say the same)."""
    if outlook.forecast is None:
        return "Forecast"
    if not outlook.forecast.kind.is_assumed:
        return f"Forecast ({outlook.forecast.kind.label.lower()})"
    pct = getattr(outlook.forecast.predictor, "monthly_growth_pct", 0.0)
    return f"Growth assumption ({pct:+g}% a month; no interval)"


def raw_label(outlook: Outlook) -> str:
    return f"Raw capacity ({outlook.raw_capacity:,.0f})"


def usable_label(outlook: Outlook) -> str:
    return (f"Usable, {_loss_text(outlook)}, at {outlook.resource.headroom_pct:g}% target "
            f"utilisation ({outlook.usable_capacity:,.0f})")


def _loss_text(outlook: Outlook) -> str:
    res = outlook.resource
    if res.redundancy.value == "zone":
        return f"1 of {res.zones} zones lost"
    return f"N+{res.spare_units}"
