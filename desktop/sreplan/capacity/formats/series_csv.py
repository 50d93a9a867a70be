"""Demand history from CSV: header detected, ISO/offset/date/month timestamps, thousands separators.

A file with any bad line imports nothing; the message names the first bad lines
with their numbers and content, and how many failed in all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

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
from sreplan.kernel.inputs import read_text

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_EPOCH = re.compile(r"^\d{9,13}(\.\d+)?$")
_SLASH_DATE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(.*)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([,_' \u00a0\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?$")
PROGRESS_EVERY = 10_000


def parse_timestamp(text: str) -> float:
    """Epoch seconds (UTC) of an ISO date-time, date, month (``1949-01``) or epoch number."""
    s = text.strip()
    month = _MONTH.match(s)
    if month:
        return datetime(int(month[1]), int(month[2]), 1, tzinfo=UTC).timestamp()
    if _EPOCH.match(s):
        value = float(s)
        return value / 1000.0 if value > 1e11 else value
    slash = _SLASH_DATE.match(s)
    if slash:
        s = f"{slash[1]}-{int(slash[2]):02d}-{int(slash[3]):02d}{slash[4]}"
    parsed = datetime.fromisoformat(s)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    offset = parsed.utcoffset()
    if offset is not None and abs(offset.total_seconds()) > 14 * 3600:
        raise ValueError(f"{text.strip()!r} has a UTC offset beyond ±14:00")
    return parsed.timestamp()


def parse_value(text: str) -> float:
    s = text.strip()
    if _GROUPED.match(s):
        s = re.sub(r"[,_' \u00a0\u202f]", "", s)
    return float(s)


def _delimiter(sample: str) -> str:
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    for d in (";", "\t"):
        if counts[d]:
            return d
    return ","


def _is_timestamp(text: str) -> bool:
    try:
        parse_timestamp(text)
    except (ValueError, OverflowError):
        return False
    return True


def _is_number(text: str) -> bool:
    try:
        parse_value(text)
    except ValueError:
        return False
    return True


def _rows(reader: Iterator[list[str]], source: str) -> Iterator[list[str]]:
    """The reader's rows; a malformed line (a field over the csv module's limit) is named."""
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SeriesImportError(
                f"{source}, line {number}: {exc}; nothing was imported."
            ) from None
        yield row


def read_csv_text(text: str, *, column: str | None = None, source: str = "the CSV",
                  progress: Progress | None = None) -> ImportedSeries:
    """Parse a whole CSV text into a series, or raise SeriesImportError and import nothing."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise SeriesImportError(f"{source} is empty: there is nothing to import.")
    delimiter = _delimiter(lines[first])
    rows = _rows(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter), source)
    header: list[str] | None = None
    time_col, value_col = 0, 1
    times: list[float] = []
    values: list[float] = []
    failures: list[tuple[int, str, str]] = []
    blank = 0
    total = len(lines)
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_EVERY == 0:
            check_progress(progress, number, total)
        if not row or not any(cell.strip() for cell in row):
            blank += 1
            continue
        if header is None and not times and not failures:
            if not any(_is_timestamp(cell) for cell in row):
                header = [cell.strip() for cell in row]
                time_col, value_col = _columns(header, column, source)
                continue
            header = []
            time_col = _time_column(row)
            value_col = _value_column(row, column, source, time_col)
        if header and not times and not failures and not _is_timestamp(row[time_col]):
            # The header did not say which column holds time: take the first that does.
            time_col = _time_column(row)
            if value_col == time_col:
                value_col = _value_column(row, None, source, time_col)
        if len(row) <= max(time_col, value_col):
            failures.append((number, lines[number - 1], "it has no value column"))
            continue
        try:
            when = parse_timestamp(row[time_col])
        except (ValueError, OverflowError):
            failures.append((number, lines[number - 1],
                             f"{row[time_col].strip()!r} is not a date or time"))
            continue
        raw = row[value_col].strip()
        try:
            value = parse_value(raw)
        except ValueError:
            why = "the value is empty" if not raw else f"value {raw!r} is not a number"
            failures.append((number, lines[number - 1], why))
            continue
        problem = time_problem(when) or value_problem(value, raw)
        if problem:
            failures.append((number, lines[number - 1], problem))
        else:
            times.append(when)
            values.append(value)
    check_progress(progress, total, total)
    if failures:
        raise SeriesImportError(_failure_message(failures, source))
    if not times:
        raise SeriesImportError(f"{source} has a header but no data lines.")
    skipped = [("blank line" if blank == 1 else "blank lines", blank)] if blank else []
    label = header[value_col] if header else ""
    return finish(times, values, skipped, label)


_TIME_NAMES = ("time", "timestamp", "date", "datetime", "ts", "when", "period", "month",
               "day", "week", "hour")


def _looks_like_time(name: str) -> bool:
    name = name.casefold().strip()
    return any(name == t or name.startswith(f"{t}_") or name.endswith(f"_{t}")
               for t in _TIME_NAMES)


def _columns(header: list[str], wanted: str | None, source: str) -> tuple[int, int]:
    """(time column, value column) from the header's names; time first unless named."""
    if len(header) < 2:
        raise SeriesImportError(f"{source} needs two columns: a timestamp and a value.")
    time_col = next((i for i, name in enumerate(header) if _looks_like_time(name)), 0)
    if wanted is None:
        return time_col, 1 if time_col == 0 else 0
    names = [h.casefold() for h in header]
    if wanted.casefold() not in names:
        raise SeriesImportError(
            f"{source} has no column {wanted!r}; its columns are: {', '.join(header)}.")
    index = names.index(wanted.casefold())
    if index == time_col:
        raise SeriesImportError(f"column {wanted!r} of {source} holds the timestamps.")
    return time_col, index


def _time_column(row: list[str]) -> int:
    return next((i for i, cell in enumerate(row) if _is_timestamp(cell)), 0)


def _value_column(row: list[str], wanted: str | None, source: str, time_col: int = 0) -> int:
    if wanted is not None:
        if wanted.isascii() and wanted.isdigit() and int(wanted) != time_col \
                and 0 <= int(wanted) < len(row):
            return int(wanted)
        raise SeriesImportError(f"{source} has no header, so name the column by number (1, 2…).")
    for index, cell in enumerate(row):
        if index != time_col and _is_number(cell):
            return index
    return 1 if time_col == 0 else 0


def _failure_message(failures: list[tuple[int, str, str]], source: str) -> str:
    shown = "\n".join(
        f"  line {n}: {content.strip()[:80]!r}: {why}" for n, content, why in
        failures[:SHOWN_FAILURES])
    more = len(failures) - SHOWN_FAILURES
    tail = f"\n  … and {more:,} more." if more > 0 else ""
    plural = "line" if len(failures) == 1 else "lines"
    return (f"{len(failures):,} {plural} of {source} could not be read, so nothing was "
            f"imported:\n{shown}{tail}")


def read_csv(path: Path, *, column: str | None = None,
             progress: Progress | None = None) -> ImportedSeries:
    text = read_text(path, error=SeriesImportError)
    return read_csv_text(text, column=column, source=Path(path).name, progress=progress)
