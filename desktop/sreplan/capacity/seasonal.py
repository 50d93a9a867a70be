"""Seasonal profiles: which cycle a series has room for, and each point's phase in it.

A weekly profile for daily or finer data (one bin per day, up to one per hour of
the week), a yearly profile by calendar month for monthly data. A profile is
only offered when the history covers at least two full cycles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DAY = 86_400.0
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Season:
    name: str  # "weekly" or "yearly"
    period_days: float
    bins: int

    def phase(self, times: FloatArray) -> IntArray:
        """The bin of each timestamp (epoch seconds, UTC)."""
        if self.name == "yearly":
            months = times.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
            return np.asarray(months % 12, dtype=np.int64)
        # Epoch day 0 was a Thursday: shift so that Monday 00:00 UTC is phase 0.
        week_fraction = ((times / DAY + 3.0) % 7.0) / 7.0
        return np.minimum((week_fraction * self.bins).astype(np.int64), self.bins - 1)

    def bin_label(self, index: int) -> str:
        if self.name == "yearly":
            return ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                    "Nov", "Dec")[index]
        days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        per_day = self.bins // 7
        if per_day <= 1:
            return days[index]
        return f"{days[index // per_day]} {24 * (index % per_day) // per_day:02d}:00"


def typical_step_days(times: FloatArray) -> float:
    """The median spacing between points, in days."""
    if len(times) < 2:
        return 1.0
    return float(np.median(np.diff(times))) / DAY


def season_for(times: FloatArray) -> Season | None:
    """The seasonal cycle this history can support, or None."""
    if len(times) < 4:
        return None
    step = typical_step_days(times)
    span = float(times[-1] - times[0]) / DAY
    if 0 < step <= 1.01 and span >= 14.0:
        bins = 7 if step > 0.5 else int(min(168, max(7, round(7.0 / step))))
        bins = 7 * max(1, bins // 7)
        return Season("weekly", 7.0, bins)
    if 26.0 <= step <= 32.0 and span >= 2 * 365.0 - 31.0:
        return Season("yearly", 365.25, 12)
    return None
