"""The capacity chart: a Figure with every layer, vector in PDF, long history downsampled."""

from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
from pypdf import PdfReader

from sreplan.capacity.chart import capacity_figure
from sreplan.capacity.demo import CHECKOUT_ID
from sreplan.capacity.downsample import min_max_downsample
from sreplan.capacity.outlook_store import resource_outlook
from sreplan.capacity.series_store import load_series
from sreplan.kernel import Workspace
from tests.conftest import DEMO_DATE


def test_the_chart_has_history_bands_capacity_events_and_dates(demo_ws: Workspace) -> None:
    outlook = resource_outlook(demo_ws, CHECKOUT_ID, today=DEMO_DATE, horizon_days=180)
    times, values = load_series(demo_ws, CHECKOUT_ID)
    figure = capacity_figure(outlook, times, values)
    (ax,) = figure.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "History" and "95% interval" in labels and "80% interval" in labels
    assert any(label.startswith("Raw capacity") for label in labels)
    # Issue 11: "headroom 70" is a 70 % target utilisation, and is named so.
    assert any(label.startswith("Usable, 1 of 3 zones lost, at 70% target utilisation")
               for label in labels)
    assert ax.get_ylabel() == "RPS"
    texts = [t.get_text() for t in ax.texts]
    assert any("Seasonal sale" in t for t in texts)
    notes = [a.get_text() for a in ax.texts if "\n" in a.get_text()]
    assert any(n.startswith("Runs out") for n in notes)
    assert any(n.startswith("Order by") for n in notes)
    assert outlook.order_by is not None and outlook.order_by < DEMO_DATE + timedelta(days=60)


def test_the_pdf_chart_is_vector(demo_ws: Workspace) -> None:
    outlook = resource_outlook(demo_ws, CHECKOUT_ID, today=DEMO_DATE)
    times, values = load_series(demo_ws, CHECKOUT_ID)
    buffer = io.BytesIO()
    capacity_figure(outlook, times, values).savefig(buffer, format="pdf")
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    assert not page.images  # lines and fills, not a bitmap
    content = page.get_contents()
    assert content is not None and b" l" in content.get_data()


def test_downsampling_keeps_every_bucket_extreme_in_time_order() -> None:
    rng = np.random.default_rng(3)
    t = np.arange(100_000, dtype=np.float64) * 60
    v = rng.random(100_000)
    v[54_321] = 50.0
    dt, dv = min_max_downsample(t, v, 500)
    assert len(dt) <= 1000 and dv.max() == 50.0 and dv.min() == v.min()
    assert np.all(np.diff(dt) >= 0)
