"""A resource's demand history: packed chunks in, numpy arrays out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace

CHUNK_POINTS = 8192
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SeriesSummary:
    points: int
    first_at: int | None
    last_at: int | None


def load_series(ws: Workspace, resource_id: str) -> tuple[FloatArray, FloatArray]:
    """Timestamps (epoch seconds, as floats) and values, oldest first."""
    rows = ws.conn.execute(
        "SELECT times, vals FROM capacity_demand WHERE resource_id = ? ORDER BY seq",
        [resource_id],
    ).fetchall()
    if not rows:
        return np.empty(0), np.empty(0)
    times = np.concatenate([np.frombuffer(r[0], dtype="<i8") for r in rows]).astype(np.float64)
    values = np.concatenate([np.frombuffer(r[1], dtype="<f8") for r in rows]).astype(np.float64)
    return times, values


def replace_series(ws: Workspace, plan_id: str, resource_id: str,
                   times: npt.ArrayLike, values: npt.ArrayLike) -> None:
    """Make ``times``/``values`` the whole history of the resource, in one transaction.

    Points are sorted by time; a later duplicate of a timestamp replaces the earlier one.
    """
    t = np.asarray(times, dtype=np.float64).round().astype("<i8")
    v = np.asarray(values, dtype="<f8")
    if t.shape != v.shape:
        raise ValueError("times and values differ in length")
    if not np.all(np.isfinite(v)) or bool(np.any(v < 0)):
        raise ValueError("demand values must be finite and not negative")
    order = np.argsort(t, kind="stable")
    t, v = t[order], v[order]
    if len(t) > 1:
        keep = np.append(t[1:] != t[:-1], True)
        t, v = t[keep], v[keep]
    rows = [
        (new_id(), plan_id, resource_id, seq, len(t[i : i + CHUNK_POINTS]),
         int(t[i]), int(t[min(i + CHUNK_POINTS, len(t)) - 1]),
         t[i : i + CHUNK_POINTS].tobytes(), v[i : i + CHUNK_POINTS].tobytes())
        for seq, i in enumerate(range(0, len(t), CHUNK_POINTS))
    ]
    with ws.write() as conn:
        conn.execute("DELETE FROM capacity_demand WHERE resource_id = ?", [resource_id])
        conn.executemany(
            "INSERT INTO capacity_demand (id, plan_id, resource_id, seq, points, first_at, "
            "last_at, times, vals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def series_summaries(ws: Workspace, plan_id: str) -> dict[str, SeriesSummary]:
    """Point counts and spans of every resource's history, without reading the points."""
    rows = ws.conn.execute(
        "SELECT resource_id, SUM(points), MIN(first_at), MAX(last_at) FROM capacity_demand "
        "WHERE plan_id = ? GROUP BY resource_id",
        [plan_id],
    ).fetchall()
    return {r[0]: SeriesSummary(int(r[1]), r[2], r[3]) for r in rows}
