"""Issue 11 §4: forecasts that say where they start, what they size and what they read."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from sreplan.capacity.formats.common import SeriesImportError
from sreplan.capacity.formats.series_csv import read_csv, read_csv_text
from sreplan.capacity.model import Resource, headroom_error, target_text
from sreplan.capacity.outlook import compute_outlook, span_text
from sreplan.cli import main

TODAY = date(2026, 11, 30)


def _monthly(first_year: int, last: date, start: float = 100.0) -> tuple[np.ndarray, np.ndarray]:
    days = [date(y, m, 1) for y in range(first_year, last.year + 1) for m in range(1, 13)
            if date(y, m, 1) <= last]
    times = np.array([datetime(d.year, d.month, 1, tzinfo=UTC).timestamp() for d in days])
    values = start * 1.01 ** np.arange(len(days))
    return times, values


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sreplan"
    assert main(["new", str(path), "--demo"]) == 0
    return path


# Forecast from the last observation ----------------------------------------------------------


def test_a_history_that_ended_long_ago_is_forecast_from_its_end() -> None:
    times, values = _monthly(1949, date(1960, 12, 1))
    resource = Resource("r", "p", "Passengers", capacity_per_unit=100.0, current_units=8,
                        lead_time_days=30)
    o = compute_outlook(resource, times, values, [], None, today=TODAY, horizon_days=365)
    assert o.history_ends == date(1960, 12, 1) and o.history_stale
    assert o.as_of == date(1960, 12, 1)
    assert o.horizon_end == date(1961, 12, 1)  # a year after the data, not after today
    assert o.peak is not None and o.peak < values[-1] * 1.2  # not 67 years of growth
    assert o.warnings[0] == ("History ends 1960-12-01, 65 years and 11 months ago: the "
                             "forecast starts there, not today, and its dates are as of "
                             "1960-12-01.")
    assert o.history_note == o.warnings[0]
    assert not o.order_by_past or (o.order_by is not None and o.order_by < o.as_of)


def test_a_fresh_history_is_forecast_from_today() -> None:
    times, values = _monthly(2024, date(2026, 11, 1))
    o = compute_outlook(Resource("r", "p", "R"), times, values, [], None, today=TODAY,
                        horizon_days=180)
    assert not o.history_stale and o.history_note is None
    assert o.as_of == TODAY and o.horizon_end == date(2027, 5, 29)


def test_the_cli_says_where_a_real_stale_history_ends(
        demo_file: Path, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    solar = fixtures_dir / "capacity" / "solar-half-hourly.csv"  # ends 2021-05-07
    assert main(["import-series", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Solar feed", str(solar)]) == 0
    capsys.readouterr()
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Solar feed", "--horizon", "365d"]) == 0
    out = capsys.readouterr().out
    assert "history ends: 2021-05-07; the forecast starts there, not today" in out
    assert "peak by 2022-05-07" in out
    assert "! History ends 2021-05-07, " in out and "years" in out
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Solar feed", "--json"]) == 0
    (data,) = json.loads(capsys.readouterr().out)
    assert data["history_stale"] is True and data["as_of"] == "2021-05-07"
    assert data["horizon_end"] == "2021-11-03"


def test_the_report_says_where_a_stale_history_ends(demo_ws: object, fixtures_dir: Path,
                                                    tmp_path: Path) -> None:
    from pypdf import PdfReader

    from sreplan.capacity import store as capacity
    from sreplan.capacity.series_store import replace_series
    from sreplan.kernel import Workspace
    from sreplan.plans.demo import DEMO_PLAN_ID
    from sreplan.reporting import Preset, ReportOptions, export_pdf

    assert isinstance(demo_ws, Workspace)
    series = read_csv(fixtures_dir / "capacity" / "solar-half-hourly.csv")
    resource = Resource("solar", DEMO_PLAN_ID, "Solar feed", capacity_per_unit=2000.0,
                        position=9)
    with demo_ws.write():
        capacity.save(demo_ws, resource)
        replace_series(demo_ws, DEMO_PLAN_ID, resource.id, series.times, series.values)
    out = tmp_path / "r.pdf"
    options = ReportOptions(Preset.CUSTOM, ("capacity",), datetime(2026, 11, 27, tzinfo=UTC))
    export_pdf(demo_ws, DEMO_PLAN_ID, out, options)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "History ends 2021-05-07, 5 years and 6 months ago" in text
    assert "target utilisation 70%, i.e. 30% headroom" in text


# Headroom is a target utilisation; one "units needed" figure ---------------------------------


def test_headroom_is_named_target_utilisation(demo_file: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert target_text(70) == "target utilisation 70%, i.e. 30% headroom"
    assert headroom_error(0) == "Target utilisation must be more than 0% and at most 100%."
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Checkout API peak RPS"]) == 0
    out = capsys.readouterr().out
    assert "target utilisation 70%, i.e. 30% headroom" in out and "headroom 70" not in out


def test_units_needed_is_one_figure_with_and_without_events(
        demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Checkout API peak RPS", "--json"]) == 0
    (data,) = json.loads(capsys.readouterr().out)
    sale = max(e["units_needed"] for e in data["events"])
    assert data["units_needed_with_events"] == sale > data["units_needed"]
    assert data["units_needed_driven_by"] == "Seasonal sale"
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Checkout API peak RPS"]) == 0
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "units needed" in x]
    assert line.strip() == (f"units needed: {sale} instances with Seasonal sale (×3); "
                            f"{data['units_needed']} without events; 15 today")


# Spans are described exactly ------------------------------------------------------------------


def test_spans_are_described_exactly() -> None:
    assert span_text(4) == "4 seconds"
    assert span_text(3600) == "1 hour"
    assert span_text(90) == "1 minute 30 seconds"
    assert span_text(86400 + 3600) == "1 day 1 hour"
    assert span_text(86400 + 3600 + 5) == "just over 1 day 1 hour"
    assert span_text(2 * 86400 + 60) == "just over 2 days"
    times = np.array([1_700_000_000.0, 1_700_000_002.0, 1_700_000_004.0])
    o = compute_outlook(Resource("r", "p", "R"), times, np.array([1.0, 2.0, 3.0]), [], None,
                        today=date(2023, 11, 14), horizon_days=30)
    assert any("The history covers only 4 seconds" in w for w in o.warnings)
    # 48 half-hourly points span 23.5 hours: said so, not "1 days".
    assert "newest 48 points (23 hours 30 minutes) held back" in _reason_over(days=5)


def _reason_over(days: int) -> str:
    from sreplan.capacity.choice import forecast_demand

    times = np.arange(0, days * 86400, 1800, dtype=np.float64) + 1_700_000_000.0
    forecast = forecast_demand(times, 1.0 + np.sin(times / 5000) ** 2)
    assert forecast is not None
    return forecast.reason


# CSV: ';' files use ',' for decimals; dates are blamed on the date column ---------------------


def test_semicolon_files_read_comma_as_the_decimal_separator() -> None:
    text = ("date;value\n2024-01-01;1,25\n2024-01-02;1,250\n2024-01-03;1.250,5\n"
            "2024-01-04;7\n2024-01-05;0.5\n2024-01-06;1 250,5\n")
    series = read_csv_text(text, source="de.csv")
    assert list(series.values) == [1.25, 1.25, 1250.5, 7.0, 0.5, 1250.5]
    # Comma files keep "," as a thousands separator.
    assert list(read_csv_text("date,value\n2024-01-01,\"1,250\"\n").values) == [1250.0]


def test_ambiguous_values_in_semicolon_files_are_refused_by_line() -> None:
    text = "date;value\n2024-01-01;1,5\n2024-01-02;1.250\n2024-01-03;1,250.5\n"
    with pytest.raises(SeriesImportError) as caught:
        read_csv_text(text, source="de.csv")
    message = str(caught.value)
    assert "nothing was imported" in message
    assert "line 3: '2024-01-02;1.250': value '1.250' is ambiguous" in message
    assert "line 4: '2024-01-03;1,250.5': value '1,250.5' is ambiguous" in message
    assert "line 2" not in message


def test_unreadable_dates_are_blamed_on_the_date_column() -> None:
    with pytest.raises(SeriesImportError, match=r"line 2: .*'Jan 1 2000' is not a date or time"):
        read_csv_text("date,bytes\nJan 1 2000,1700000000\n", source="x.csv")
    # Without a header, the first line is data too: it is named, not taken as a header.
    with pytest.raises(SeriesImportError) as caught:
        read_csv_text("Jan 1 2000,5\nJan 2 2000,6\n", source="x.csv")
    assert "line 1: 'Jan 1 2000,5': 'Jan 1 2000' is not a date or time" in str(caught.value)
    assert "is not a number" not in str(caught.value)


# No sizing without a capacity per unit -----------------------------------------------------------


def test_a_resource_without_capacity_gets_a_demand_forecast_and_no_sizing(
        demo_file: Path, fixtures_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    solar = fixtures_dir / "capacity" / "solar-half-hourly.csv"
    assert main(["import-series", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Solar feed", str(solar)]) == 0
    capsys.readouterr()
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Solar feed"]) == 0
    out = capsys.readouterr().out
    assert "peak by" in out  # the demand forecast is shown
    assert "capacity: not set; sizing needs the capacity per unit" in out
    assert "units needed:" not in out and "usable capacity" not in out
    assert "time to exhaustion: – (needs the capacity per unit)" in out
    assert "order by: –" in out
    assert main(["forecast", str(demo_file), "--plan", "Checkout service",
                 "--resource", "Solar feed", "--json"]) == 0
    (data,) = json.loads(capsys.readouterr().out)
    assert data["sized"] is False and data["peak"] is not None
    assert data["units_needed"] is None and data["utilisation_pct"] is None
    assert data["usable_capacity"] is None and data["exhaustion"] is None
    assert any(w.startswith("Sizing needs the capacity per unit") for w in data["warnings"])


def test_a_what_if_capacity_sizes_an_unsized_resource() -> None:
    from sreplan.capacity.outlook import WhatIf

    times, values = _monthly(2024, date(2026, 11, 1))
    unsized = Resource("r", "p", "R", capacity_known=False)
    o = compute_outlook(unsized, times, values, [], None, today=TODAY)
    assert not o.sized and o.units_needed is None and o.units_text("instance", 1) is None
    sized = compute_outlook(unsized, times, values, [], None, today=TODAY,
                            what_if=WhatIf(capacity_per_unit=100.0))
    assert sized.sized and sized.units_needed is not None


def test_the_chart_and_report_of_an_unsized_resource(demo_ws: object, fixtures_dir: Path,
                                                     tmp_path: Path) -> None:
    from pypdf import PdfReader

    from sreplan.capacity import store as capacity
    from sreplan.capacity.chart import capacity_figure
    from sreplan.capacity.outlook_store import resource_outlook
    from sreplan.capacity.series_store import replace_series
    from sreplan.kernel import Workspace
    from sreplan.plans.demo import DEMO_PLAN_ID
    from sreplan.reporting import Preset, ReportOptions, export_pdf

    assert isinstance(demo_ws, Workspace)
    series = read_csv(fixtures_dir / "capacity" / "solar-half-hourly.csv")
    resource = Resource("solar", DEMO_PLAN_ID, "Solar feed", position=9, capacity_known=False)
    with demo_ws.write():
        capacity.save(demo_ws, resource)
        replace_series(demo_ws, DEMO_PLAN_ID, resource.id, series.times, series.values)
    assert capacity.get_resource(demo_ws, "solar").capacity_known is False
    o = resource_outlook(demo_ws, "solar", today=TODAY)
    figure = capacity_figure(o, series.times, series.values)
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert "No sizing: capacity per unit not set" in labels
    assert not any(label.startswith(("Raw capacity", "Usable")) for label in labels)
    out = tmp_path / "r.pdf"
    options = ReportOptions(Preset.CUSTOM, ("capacity",), datetime(2026, 11, 27, tzinfo=UTC))
    export_pdf(demo_ws, DEMO_PLAN_ID, out, options)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Not set: sizing needs the capacity per unit" in text
