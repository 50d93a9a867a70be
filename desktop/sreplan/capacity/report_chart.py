"""The capacity chart as the report prints it: a ReportLab drawing, no matplotlib.

History, forecast with 80/95% bands, capacity lines, events and the run-out and
order-by dates, with the same colours and legend labels as the app's chart
(chart.py). Every text is fitted inside the chart: a long unit or event name is
shortened, never drawn past the page.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from reportlab.graphics.shapes import Drawing

from sreplan.capacity.chart import (
    BAND80,
    BAND95,
    EVENT,
    EVENT_FILL,
    FORECAST,
    HISTORY,
    NO_SIZING,
    ORDER_BY,
    RAW,
    USABLE,
    forecast_label,
    raw_label,
    usable_label,
)
from sreplan.capacity.downsample import min_max_downsample
from sreplan.capacity.outlook import Outlook, to_epoch
from sreplan.capacity.seasonal import DAY, FloatArray
from sreplan.kernel.report.document import BODY_WIDTH
from sreplan.kernel.report.plot import LegendEntry, Plot, colour, date_ticks, nice_ticks, number

HEIGHT = 250.0
_EPOCH = date(1970, 1, 1)


def _days(d: date) -> float:
    return float((d - _EPOCH).days)


def capacity_drawing(outlook: Outlook, times: FloatArray, values: FloatArray, *,
                     width: float = BODY_WIDTH, height: float = HEIGHT,
                     buckets: int = 400) -> Drawing:
    """One resource's capacity picture for the PDF."""
    band = outlook.planned
    xs: list[float] = []
    top = 0.0
    if len(times):
        t, v = min_max_downsample(times, values, buckets)
        history = (np.asarray(t) / DAY, np.asarray(v))
        xs += [float(history[0][0]), float(history[0][-1])]
        top = max(top, float(np.nanmax(history[1])))
    else:
        history = None
    assumed = outlook.forecast is None or outlook.forecast.kind.is_assumed
    if band is not None and len(band.times):
        xs += [float(band.times[0]) / DAY, float(band.times[-1]) / DAY]
        top = max(top, float(np.nanmax(band.mean if assumed else band.hi95)))
    if outlook.sized:
        top = max(top, outlook.raw_capacity, outlook.usable_capacity)
    if not xs:
        xs = [_days(outlook.horizon_end) - 30, _days(outlook.horizon_end)]
    left, right = min(xs), max(xs)
    pad = (right - left) * 0.02 or 1.0
    left, right = left - pad, right + pad
    yticks = nice_ticks(0.0, top * 1.05 or 1.0, 7)
    y1 = max(yticks[-1], top * 1.05) if yticks else 1.0
    plot = Plot(width, height, left, right, 0.0, y1, left=52, top=8, bottom=30)
    if history is not None:
        plot.line(history[0].tolist(), history[1].tolist(), colour(HISTORY), width=0.8,
                  label="History")
    if band is not None and outlook.forecast is not None:
        x = (np.asarray(band.times) / DAY).tolist()
        if not assumed:
            plot.band(x, band.lo95.tolist(), band.hi95.tolist(), colour(BAND95),
                      label="95% interval")
            plot.band(x, band.lo80.tolist(), band.hi80.tolist(), colour(BAND80),
                      label="80% interval")
        plot.line(x, band.mean.tolist(), colour(FORECAST), width=1.3, dash=(4, 2),
                  label=forecast_label(outlook))
    if outlook.sized:
        plot.hline(outlook.raw_capacity, colour(RAW), width=1.1, dash=(1, 2),
                   label=raw_label(outlook))
        plot.hline(outlook.usable_capacity, colour(USABLE), width=1.3,
                   label=usable_label(outlook))
    else:
        plot.legend_entries.append(LegendEntry(NO_SIZING))
    for peak in outlook.event_peaks:
        start = _days(peak.event.starts_on)
        end = _days(peak.event.ends_on + timedelta(days=1))
        plot.vspan(start, end, colour(EVENT_FILL))
        room_right = (right - start) / (right - left) > 0.25
        x = plot.px(start) + 2 if room_right else plot.px(end) - 2
        plot.label(x, plot.top_y - 9, peak.label, size=7, fill=colour(EVENT), backed=True,
                   anchor="start" if room_right else "end", most=plot.plot_width * 0.3)
    for day, hex_code, text, fraction in (
        (outlook.exhaustion, USABLE, "Runs out", 0.15),
        (outlook.order_by, ORDER_BY, "Order by", 0.03),
    ):
        if day is None:
            continue
        x0 = to_epoch(day) / DAY
        plot.vline(x0, colour(hex_code), width=1.0, dash=(4, 1.5, 1, 1.5))
        room_right = (right - x0) / (right - left) > 0.16
        x = plot.px(x0) + (3 if room_right else -3)
        y = plot.bottom + plot.plot_height * fraction
        anchor = "start" if room_right else "end"
        plot.label(x, y + 8, text, size=7, fill=colour(hex_code), anchor=anchor, backed=True)
        plot.label(x, y, f"{day:%d %b %Y}", size=7, fill=colour(hex_code), anchor=anchor,
                   backed=True)
    first = _EPOCH + timedelta(days=int(np.ceil(left)))
    last = _EPOCH + timedelta(days=int(np.floor(right)))
    xticks = [(_days(d), text) for d, text in date_ticks(first, last)]
    plot.axes(xticks, [(t, number(t)) for t in yticks], ylabel=outlook.resource.unit or "demand")
    plot.legend("upper left", size=6.5)
    return plot.drawing()
