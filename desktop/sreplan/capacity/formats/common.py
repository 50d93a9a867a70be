"""What a demand-series import produces, and how it reports problems and progress."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from sreplan.kernel.errors import UserError

FloatArray = npt.NDArray[np.float64]
# Called with (done, total); returns False to cancel the import.
Progress = Callable[[int, int], bool]
SHOWN_FAILURES = 5
# What a demand series may hold: anything outside is a broken export, and would
# later break forecasts and charts (overflow, dates matplotlib cannot draw).
# 1900 rather than 1970: classic monthly series (airline passengers, 1949) are real input.
EARLIEST = -2_208_988_800.0  # 1900-01-01 UTC
LATEST = 7_258_118_400.0  # 2200-01-01 UTC
MAX_VALUE = 1e15


def time_problem(when: float) -> str | None:
    """Why a timestamp (epoch seconds) cannot be stored, or None."""
    if not math.isfinite(when):
        return "the time is not a finite number"
    if not EARLIEST <= when < LATEST:
        return "the time is not between 1900 and 2200"
    return None


def value_problem(value: float, raw: str) -> str | None:
    """Why a demand value cannot be stored, or None."""
    if not math.isfinite(value):
        return f"value {raw} is not a finite number"
    if value < 0:
        return f"value {raw} is negative"
    if value > MAX_VALUE:
        return f"value {raw} is larger than {MAX_VALUE:.0e}"
    return None


class SeriesImportError(UserError):
    """The file cannot be imported; nothing was written. The message says where and why."""


class ImportCancelledError(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class ImportedSeries:
    times: FloatArray  # epoch seconds, UTC, ascending, unique
    values: FloatArray
    skipped: tuple[tuple[str, int], ...] = ()  # (why, how many)
    notes: tuple[str, ...] = field(default=())
    label: str = ""

    @property
    def skipped_count(self) -> int:
        return sum(n for _, n in self.skipped)

    def summary(self) -> str:
        text = f"{len(self.times):,} points imported"
        if self.skipped:
            text += "; skipped " + "; ".join(f"{n:,} {why}" for why, n in self.skipped)
        else:
            text += ", none skipped"
        return text + "."


def finish(times: list[float], values: list[float], skipped: list[tuple[str, int]],
           label: str = "") -> ImportedSeries:
    """Sort by time (silently) and collapse duplicate timestamps to their highest value."""
    t = np.asarray(times, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    order = np.lexsort((v, t))
    t, v = t[order], v[order]
    notes: list[str] = []
    if len(t) > 1:
        last_of_run = np.append(t[1:] != t[:-1], True)
        duplicates = int(len(t) - np.count_nonzero(last_of_run))
        if duplicates:
            first = t[:-1][~last_of_run[:-1]][0]
            noun = "duplicate timestamp" if duplicates == 1 else "duplicate timestamps"
            skipped.append((f"{noun} (first at {_iso(first)}; the highest value "
                            "of each was kept)", duplicates))
            t, v = t[last_of_run], v[last_of_run]
    return ImportedSeries(t, v, tuple(skipped), tuple(notes), label)


def _iso(seconds: float) -> str:
    return str(np.datetime64(int(seconds), "s")).replace("T", " ") + " UTC"


def check_progress(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and not progress(done, total):
        raise ImportCancelledError("Import cancelled; nothing was imported.")
