"""Capacity in a bundle: resources as records, each demand history as a CSV file."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sreplan.capacity.model import EventKind, Redundancy, ScalingStrategy, Scenario
from sreplan.kernel.bundle import BundleFileError, BundlePart, Change, Records, Row, TableFile
from sreplan.kernel.workspace import Workspace

FILE = "capacity/resources.yaml"
SERIES = "capacity/series"

PART = BundlePart(
    files=(
        TableFile(
            FILE,
            ("capacity_resources", "capacity_growth", "capacity_events", "capacity_benchmarks"),
            order={"capacity_resources": ("position",)},
            choices={
                "capacity_resources.redundancy": Redundancy,
                "capacity_resources.scaling": ScalingStrategy,
                "capacity_events.kind": EventKind,
                "capacity_benchmarks.scenario": Scenario,
            },
        ),
    ),
    side_files=("sreplan.capacity.bundle:SERIES_FILES",),
    facts="sreplan.capacity.bundle:facts",
    changes="sreplan.capacity.bundle:changes",
)


def series_file_names(resources: list[Row]) -> dict[str, str]:
    """Resource id -> its CSV file name: the name as a slug, made unique with the id."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for row in sorted(resources, key=lambda r: (r.get("position", 0), r["id"])):
        slug = re.sub(r"[^a-z0-9]+", "-", str(row.get("name", "")).lower()).strip("-")[:60]
        name = slug or "resource"
        if name in taken:
            name = f"{name}-{row['id'][:8]}"
        taken.add(name)
        names[row["id"]] = f"{name}.csv"
    return names


def _stamp(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SeriesFiles:
    """``capacity/series/NAME.csv``: ``timestamp,value`` rows, UTC, oldest first."""

    folder = SERIES
    suffix = ".csv"
    tables = ("capacity_demand",)

    def export(self, ws: Workspace, plan_id: str) -> dict[str, str]:
        from sreplan.capacity.series_store import load_series

        resources = ws.rows(
            "SELECT id, name, position FROM capacity_resources WHERE plan_id = ?", [plan_id]
        )
        files = {}
        for rid, name in series_file_names(resources).items():
            times, values = load_series(ws, rid)
            if not len(times):
                continue
            out = io.StringIO()
            out.write("timestamp,value\n")
            for t, v in zip(times.tolist(), values.tolist(), strict=True):
                out.write(f"{_stamp(int(t))},{v!r}\n")
            files[name] = out.getvalue()
        return files

    def read(
        self, plan_id: str, files: Mapping[str, str], records: Records
    ) -> tuple[dict[str, list[Row]], list[str]]:
        import numpy as np

        from sreplan.capacity.series_store import CHUNK_POINTS
        from sreplan.kernel.ids import new_id

        resources = records.get(FILE, {}).get("capacity_resources", [])
        owner = {name: rid for rid, name in series_file_names(list(resources)).items()}
        rows: list[Row] = []
        warnings = []
        for name in sorted(files):
            path = f"{SERIES}/{name}"
            if name not in owner:
                warnings.append(f"{path}: no resource in {FILE} has this file name; ignored.")
                continue
            times, values = _parse(path, files[name])
            t = np.asarray(times, dtype="<i8")
            v = np.asarray(values, dtype="<f8")
            for seq, i in enumerate(range(0, len(t), CHUNK_POINTS)):
                chunk_t, chunk_v = t[i : i + CHUNK_POINTS], v[i : i + CHUNK_POINTS]
                rows.append({
                    "id": new_id(), "plan_id": plan_id, "resource_id": owner[name], "seq": seq,
                    "points": len(chunk_t), "first_at": int(chunk_t[0]),
                    "last_at": int(chunk_t[-1]), "times": chunk_t.tobytes(),
                    "vals": chunk_v.tobytes(),
                })
        return {"capacity_demand": rows}, warnings


_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _parse(path: str, text: str) -> tuple[list[int], list[float]]:
    """The file's points; a bad line is named (fast path first: files hold ~10^5 lines)."""
    import numpy as np

    lines = text.split("\n")
    if lines[0].rstrip("\r") != "timestamp,value":
        raise BundleFileError(path, "the first line must be 'timestamp,value'.", 1)
    body = [line.rstrip("\r") for line in lines[1:]]
    while body and body[-1] == "":
        body.pop()
    try:
        pairs = [line.split(",", 1) for line in body]
        stamps = [p[0] for p in pairs]
        cells = [p[1] for p in pairs]  # IndexError: a line without a comma
        if not all(_STAMP.fullmatch(s) for s in stamps):
            raise ValueError("timestamp")
        seconds = np.array([s[:-1] for s in stamps], dtype="datetime64[s]").astype("<i8")
        values = np.array(cells, dtype="<f8")
    except (ValueError, IndexError):
        return _parse_slowly(path, body)
    if len(values) and (not np.all(np.isfinite(values)) or bool(np.any(values < 0))):
        return _parse_slowly(path, body)
    if len(seconds) > 1 and bool(np.any(np.diff(seconds) <= 0)):
        return _parse_slowly(path, body)
    return seconds.tolist(), values.tolist()


def _parse_slowly(path: str, body: list[str]) -> tuple[list[int], list[float]]:
    """Line by line, to say which line is wrong and why."""
    times: list[int] = []
    values: list[float] = []
    for line, cells in enumerate(csv.reader(body), start=2):
        if len(cells) != 2:
            raise BundleFileError(path, f"expected 2 cells, found {len(cells)}.", line)
        try:
            if not _STAMP.fullmatch(cells[0]):
                raise ValueError(cells[0])
            stamp = datetime.fromisoformat(cells[0].replace("Z", "+00:00"))
            value = float(cells[1])
        except ValueError:
            raise BundleFileError(
                path, f"timestamp {cells[0]!r} or value {cells[1]!r} cannot be read "
                "(expected e.g. 2026-01-31T12:00:00Z,1250.5).", line) from None
        if not math.isfinite(value) or value < 0:
            raise BundleFileError(path, f"value {cells[1]} must be a number ≥ 0.", line)
        seconds = int(stamp.timestamp())
        if times and seconds <= times[-1]:
            raise BundleFileError(path, "timestamps must increase from line to line.", line)
        times.append(seconds)
        values.append(value)
    return times, values


SERIES_FILES = SeriesFiles()


def facts(ws: Workspace, plan_id: str, today: date | None = None) -> dict[str, Any]:
    """Each resource's highest demand so far and when it was seen (for "new peaks"), and
    when its capacity runs out and must be ordered by, as forecast today."""
    rows = ws.rows(
        "SELECT resource_id, times, vals FROM capacity_demand WHERE plan_id = ? "
        "ORDER BY resource_id, seq", [plan_id])
    import numpy as np

    peaks: dict[str, dict[str, Any]] = {}
    for row in rows:
        values = np.frombuffer(row["vals"], dtype="<f8")
        if not len(values):
            continue
        index = int(values.argmax())
        best = peaks.get(row["resource_id"])
        if best is None or float(values[index]) > best["peak"]:
            at = int(np.frombuffer(row["times"], dtype="<i8")[index])
            peaks[row["resource_id"]] = {"peak": float(values[index]), "at": _stamp(at)}
    return {"peaks": peaks, "dates": _outlook_dates(ws, plan_id, today or date.today())}


def _outlook_dates(ws: Workspace, plan_id: str, today: date) -> dict[str, dict[str, Any]]:
    from sreplan.capacity.outlook_store import plan_outlooks

    dates: dict[str, dict[str, Any]] = {}
    for outlook in plan_outlooks(ws, plan_id, today=today):
        dates[outlook.resource.id] = {
            "runs_out": outlook.exhaustion.isoformat() if outlook.exhaustion else None,
            "order_by": outlook.order_by.isoformat() if outlook.order_by else None,
        }
    return dates


def changes(before: Records, after: Records) -> list[Change]:
    found: list[Change] = []
    names = {r["id"]: r["name"] for r in after.get(FILE, {}).get("capacity_resources", [])}
    old_names = {r["id"]: r["name"] for r in before.get(FILE, {}).get("capacity_resources", [])}
    for rid in sorted(names.keys() - old_names.keys(), key=lambda i: names[i]):
        found.append(Change("Capacity", "added", names[rid]))
    for rid in sorted(old_names.keys() - names.keys(), key=lambda i: old_names[i]):
        found.append(Change("Capacity", "removed", old_names[rid]))
    was_peaks: Any = before.get("facts/capacity", {}).get("peaks", {})
    now_peaks: Any = after.get("facts/capacity", {}).get("peaks", {})
    for rid, now in sorted(now_peaks.items(), key=lambda p: names.get(p[0], "")):
        was = was_peaks.get(rid)
        if rid in names and (was is None or now["peak"] > was["peak"]):
            detail = f"{now['peak']:g} on {now['at'][:10]}"
            if was is not None:
                detail += f" (was {was['peak']:g})"
            found.append(Change("Capacity", "new peak", names[rid], detail))
    was_dates: Any = before.get("facts/capacity", {}).get("dates", {})
    now_dates: Any = after.get("facts/capacity", {}).get("dates", {})
    for rid, now in sorted(now_dates.items(), key=lambda p: names.get(p[0], "")):
        was = was_dates.get(rid)
        if rid not in names or was is None:
            continue
        for key, label in (("runs_out", "runs out"), ("order_by", "order by")):
            if was.get(key) != now.get(key):
                detail = f"{label} {was.get(key) or 'never'} → {now.get(key) or 'never'}"
                found.append(Change("Capacity", "date moved", names[rid], detail))
    old_events = {r["id"]: r for r in before.get(FILE, {}).get("capacity_events", [])}
    for event in after.get(FILE, {}).get("capacity_events", []):
        was_event = old_events.get(event["id"])
        if was_event and (was_event["starts_on"], was_event["ends_on"]) != (
            event["starts_on"], event["ends_on"]
        ):
            detail = f"{was_event['starts_on']}–{was_event['ends_on']} → "
            detail += f"{event['starts_on']}–{event['ends_on']}"
            found.append(Change("Capacity", "date moved", event["name"] or "event", detail))
    return found
