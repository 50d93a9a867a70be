"""CSV and Prometheus imports: the real solar fixture as it is, formats people export, bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from sreplan.capacity.formats.common import ImportCancelledError, SeriesImportError
from sreplan.capacity.formats.prometheus import read_matrix, read_series_file
from sreplan.capacity.formats.series_csv import read_csv, read_csv_text


def ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def test_the_real_solar_fixture_reads_as_it_is(fixtures_dir: Path) -> None:
    series = read_csv(fixtures_dir / "capacity" / "solar-half-hourly.csv")
    assert len(series.times) == 289 and series.skipped == ()
    assert series.label == "solar_gen"
    assert series.times[0] == ts("2021-05-01T00:00:00")
    assert np.all(np.diff(series.times) == 1800)
    assert series.values.max() == pytest.approx(0.55863)
    assert int(np.count_nonzero(series.values == 0)) > 50  # the long runs of zeros survive


def test_offsets_dates_months_and_thousands_separators() -> None:
    text = ('when;value\n2024-03-01T10:00:00+02:00;"1,234"\n2024-03-02;1 500\n'
            "2024-04;2.5e3\n2024-03-01T09:00:00Z;12\n")
    series = read_csv_text(text)
    assert list(series.times) == [ts("2024-03-01T08:00:00"), ts("2024-03-01T09:00:00"),
                                  ts("2024-03-02T00:00:00"), ts("2024-04-01T00:00:00")]
    assert list(series.values) == [1234.0, 12.0, 1500.0, 2500.0]


def test_no_header_and_quoted_comma_thousands() -> None:
    series = read_csv_text('1949-01,112\n1949-02,"1,180"\n1949-03,132\n')
    assert list(series.values) == [112.0, 1180.0, 132.0]


def test_out_of_order_is_sorted_silently_and_duplicates_are_reported() -> None:
    series = read_csv_text("t,v\n2024-01-03,3\n2024-01-01,1\n2024-01-02,2\n2024-01-01,5\n")
    assert list(series.values) == [5.0, 2.0, 3.0]
    assert series.skipped_count == 1
    assert "1 duplicate timestamp (first at 2024-01-01" in series.summary()


def test_unparseable_lines_import_nothing_and_name_the_first_ones() -> None:
    lines = ["t,v"] + [f"2024-01-{d:02d},{d}" for d in range(1, 29)]
    lines[3] = "2024-01-03,abc"
    lines[7] = "yesterday,5"
    for i in range(10, 18):
        lines[i] = "2024-01-xx,1"
    with pytest.raises(SeriesImportError) as info:
        read_csv_text("\n".join(lines), source="demand.csv")
    message = str(info.value)
    assert message.startswith("10 lines of demand.csv could not be read, so nothing was imported")
    assert "line 4: '2024-01-03,abc': value 'abc' is not a number" in message
    assert "line 8: 'yesterday,5'" in message
    assert "… and 5 more." in message


@pytest.mark.parametrize(("value", "why"), [("-3", "is negative"), ("nan", "not a finite"),
                                            ("inf", "not a finite")])
def test_negative_nan_and_inf_are_refused_with_their_line(value: str, why: str) -> None:
    with pytest.raises(SeriesImportError, match=rf"line 3: .*{why}"):
        read_csv_text(f"t,v\n2024-01-01,1\n2024-01-02,{value}\n")


def test_cancel_stops_the_import() -> None:
    text = "\n".join(f"{1_700_000_000 + i * 60},{i}" for i in range(25_000))
    with pytest.raises(ImportCancelledError):
        read_csv_text(text, progress=lambda done, total: done < 10_000)


def _matrix(*series: dict[str, object]) -> dict[str, object]:
    return {"status": "success", "data": {"resultType": "matrix", "result": list(series)}}


def test_prometheus_single_series_and_label_pick_and_sum(tmp_path: Path) -> None:
    a = {"metric": {"__name__": "rps", "zone": "a"}, "values": [[1700000000, "10"],
                                                                 [1700000060, "12"]]}
    b = {"metric": {"__name__": "rps", "zone": "b"}, "values": [[1700000000, "5"],
                                                                 [1700000060, "7.5"]]}
    path = tmp_path / "range.json"
    path.write_text(json.dumps(_matrix(a, b)))
    with pytest.raises(SeriesImportError, match="holds 2 series; pick one"):
        read_series_file(path)
    picked = read_series_file(path, selector='zone="b"')
    assert list(picked.values) == [5.0, 7.5]
    summed = read_series_file(path, selector="sum")
    assert list(summed.values) == [15.0, 19.5] and list(summed.times) == [1.7e9, 1.70000006e9]
    assert len(read_matrix(_matrix(a)).times) == 2


@pytest.mark.parametrize(("body", "reason"), [
    ({"status": "error", "errorType": "bad_data", "error": "parse error"}, "not a successful"),
    ({"status": "success", "data": {"resultType": "vector", "result": []}}, "'vector' result"),
    ({"status": "success", "data": {"resultType": "matrix", "result": []}}, "matched nothing"),
    ([1, 2], "not a Prometheus API response"),
])
def test_prometheus_bodies_that_are_not_a_successful_matrix_are_refused(
        body: object, reason: str) -> None:
    with pytest.raises(SeriesImportError, match=reason):
        read_matrix(body)


def test_prometheus_nan_is_refused() -> None:
    body = _matrix({"metric": {}, "values": [[1700000000, "NaN"]]})
    with pytest.raises(SeriesImportError, match="not a finite number"):
        read_matrix(body)


def test_the_time_column_need_not_come_first() -> None:
    named = read_csv_text("rps,service,timestamp\n10,api,2024-01-02\n12,api,2024-01-01\n")
    assert list(named.values) == [12.0, 10.0] and named.label == "rps"
    unnamed = read_csv_text("7,2024-01-01T00:00:00Z\n9,2024-01-01T01:00:00Z\n")
    assert list(unnamed.values) == [7.0, 9.0]
    picked = read_csv_text("when,a,b\n2024-01-01,1,2\n2024-01-02,3,4\n", column="B")
    assert list(picked.values) == [2.0, 4.0] and picked.label == "b"


def test_a_prometheus_series_can_be_picked_by_its_full_label_text() -> None:
    a = {"metric": {"__name__": "rps", "path": "/a,b"}, "values": [[1700000000, "1"]]}
    b = {"metric": {"__name__": "rps", "path": "/c"}, "values": [[1700000000, "2"]]}
    picked = read_matrix(_matrix(a, b), selector='rps{path="/a,b"}')
    assert list(picked.values) == [1.0]
