"""Demand history from a Prometheus ``/api/v1/query_range`` response (``resultType: matrix``).

With several series the caller picks one by its labels, or sums them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sreplan.capacity.formats.common import (
    SHOWN_FAILURES,
    ImportedSeries,
    Progress,
    SeriesImportError,
    check_progress,
    finish,
    time_problem,
    value_problem,
)
from sreplan.kernel.inputs import load_json, read_bytes, read_text

SUM = "sum"


@dataclass(frozen=True)
class MatrixSeries:
    labels: dict[str, str]
    values: list[Any]

    @property
    def label_text(self) -> str:
        name = self.labels.get("__name__", "")
        rest = ",".join(f'{k}="{v}"' for k, v in sorted(self.labels.items()) if k != "__name__")
        return f"{name}{{{rest}}}" if rest or not name else name


def parse_matrix(body: Any, source: str = "the response") -> list[MatrixSeries]:
    """The series of a query_range body, or a clear refusal."""
    if not isinstance(body, dict):
        raise SeriesImportError(f"{source} is not a Prometheus API response (no JSON object).")
    status = body.get("status")
    if status != "success":
        detail = body.get("error") or "no error message"
        kind = body.get("errorType")
        raise SeriesImportError(
            f"{source} is not a successful query: status is {status!r}"
            + (f" ({kind}: {detail})." if kind else f" ({detail})."))
    data = body.get("data")
    if not isinstance(data, dict) or "resultType" not in data:
        raise SeriesImportError(f"{source} has no data.resultType; it is not a query_range body.")
    if data["resultType"] != "matrix":
        raise SeriesImportError(
            f"{source} holds a {data['resultType']!r} result; import needs a range query's "
            "'matrix' (/api/v1/query_range, not /api/v1/query).")
    result = data.get("result")
    if not isinstance(result, list):
        raise SeriesImportError(f"{source} has no list of series in data.result.")
    if not result:
        raise SeriesImportError(f"{source} holds no series: the query matched nothing.")
    series = []
    for i, item in enumerate(result, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("values"), list):
            raise SeriesImportError(f"series {i} of {source} has no 'values' list.")
        metric = item.get("metric") or {}
        if not isinstance(metric, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metric.items()
        ):
            raise SeriesImportError(
                f"series {i} of {source}: 'metric' must map label names to text values."
            )
        series.append(MatrixSeries(dict(metric), item["values"]))
    return series


def _matches(series: MatrixSeries, selector: str) -> bool:
    if selector.strip() == series.label_text:
        return True
    wanted = selector.strip().strip("{}")
    if not wanted:
        return False
    if wanted == series.label_text:
        return True
    pairs = [p.split("=", 1) for p in wanted.split(",") if "=" in p]
    return bool(pairs) and all(
        series.labels.get(k.strip()) == v.strip().strip('"') for k, v in pairs)


def select_series(series: list[MatrixSeries], selector: str | None,
                  source: str) -> list[MatrixSeries]:
    """One series by labels (``job="api",instance="a"``), all with 'sum', or the only one."""
    if selector is not None and selector.strip().casefold() == SUM:
        return series
    if selector is None:
        if len(series) == 1:
            return series
        listing = "; ".join(s.label_text for s in series[:5])
        raise SeriesImportError(
            f"{source} holds {len(series)} series; pick one by its labels or use 'sum'. "
            f"Series: {listing}" + ("; …" if len(series) > 5 else ""))
    chosen = [s for s in series if _matches(s, selector)]
    if not chosen:
        raise SeriesImportError(f"no series in {source} matches {selector!r}.")
    if len(chosen) > 1:
        raise SeriesImportError(
            f"{len(chosen)} series in {source} match {selector!r}; give more labels or 'sum'.")
    return chosen


def read_matrix(body: Any, *, selector: str | None = None, source: str = "the response",
                progress: Progress | None = None) -> ImportedSeries:
    chosen = select_series(parse_matrix(body, source), selector, source)
    totals: dict[float, float] = {}
    failures: list[str] = []
    total = sum(len(s.values) for s in chosen)
    done = 0
    for s in chosen:
        for index, pair in enumerate(s.values):
            done += 1
            if done % 10_000 == 0:
                check_progress(progress, done, total)
            shown = repr(pair)[:60]
            if not isinstance(pair, list) or len(pair) != 2 or isinstance(pair[0], bool):
                failures.append(f"{s.label_text} point {index + 1}: {shown} is not [time, value]")
                continue
            try:
                when, raw = float(pair[0]), str(pair[1])
                value = float(raw)
            except (TypeError, ValueError, OverflowError):
                failures.append(f"{s.label_text} point {index + 1}: {shown} is not [time, value]")
                continue
            problem = time_problem(when) or value_problem(value, raw[:40])
            if problem:
                failures.append(f"{s.label_text} point {index + 1}: {problem}")
                continue
            totals[when] = totals.get(when, 0.0) + value
    if failures:
        shown = "\n  ".join(failures[:SHOWN_FAILURES])
        raise SeriesImportError(
            f"{len(failures):,} {'point' if len(failures) == 1 else 'points'} of {source} "
            "could not be used, so nothing was "
            f"imported:\n  {shown}")
    label = "sum of " + f"{len(chosen)} series" if len(chosen) > 1 else chosen[0].label_text
    return finish(list(totals), list(totals.values()), [], label)


def read_prometheus(path: Path, *, selector: str | None = None,
                    progress: Progress | None = None) -> ImportedSeries:
    name = Path(path).name
    body = load_json(read_text(path, error=SeriesImportError), name, error=SeriesImportError)
    return read_matrix(body, selector=selector, source=name, progress=progress)


def read_series_file(path: Path, *, selector: str | None = None,
                     progress: Progress | None = None) -> ImportedSeries:
    """CSV or Prometheus JSON, told apart by content (a JSON body starts with '{')."""
    from sreplan.capacity.formats.series_csv import read_csv

    head = read_bytes(path, error=SeriesImportError)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return read_prometheus(path, selector=selector, progress=progress)
    return read_csv(path, column=selector, progress=progress)
