"""Durations in OpenSLO's shorthand: a positive integer and one of ``m h d w M Q Y``.

Lower-case ``m`` is minutes, upper-case ``M`` is months. Months, quarters and
years are calendar units of varying length; for budget arithmetic they count as
30, 90 and 365 days (the convention SLO tools use for "a month" of budget).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MINUTE = 60.0
HOUR = 3600.0
DAY = 86400.0

UNIT_SECONDS: dict[str, float] = {
    "m": MINUTE,
    "h": HOUR,
    "d": DAY,
    "w": 7 * DAY,
    "M": 30 * DAY,
    "Q": 90 * DAY,
    "Y": 365 * DAY,
}
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "m": ("minute", "minutes"),
    "h": ("hour", "hours"),
    "d": ("day", "days"),
    "w": ("week", "weeks"),
    "M": ("month", "months"),
    "Q": ("quarter", "quarters"),
    "Y": ("year", "years"),
}
_SHORTHAND = re.compile(r"^([0-9]+)([mhdwMQY])$")


@dataclass(frozen=True, order=True)
class Duration:
    """``count`` units; ``Duration(30, "d")`` is thirty days."""

    count: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNIT_SECONDS:
            raise ValueError(f"unknown duration unit {self.unit!r}; use one of m h d w M Q Y")
        if self.count <= 0:
            raise ValueError("a duration must be a positive whole number of units")

    @property
    def seconds(self) -> float:
        return self.count * UNIT_SECONDS[self.unit]

    @property
    def hours(self) -> float:
        return self.seconds / HOUR

    @property
    def shorthand(self) -> str:
        return f"{self.count}{self.unit}"

    @property
    def label(self) -> str:
        """Words, so ``1m`` reads "1 minute" and a mistaken unit is visible."""
        one, many = UNIT_NAMES[self.unit]
        return f"{self.count} {one if self.count == 1 else many}"

    def __str__(self) -> str:
        return self.shorthand


def parse_duration(text: object) -> Duration:
    """Read ``"30d"``, ``"1m"``, ``"2w"``; raise ValueError saying what is wrong."""
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise ValueError(f"expected a duration such as 30d or 1h, not {text!r}")
    if isinstance(text, int):
        raise ValueError(f"expected a duration with a unit such as {text}m or {text}d, not {text}")
    match = _SHORTHAND.match(text.strip())
    if not match:
        raise ValueError(
            f"{text!r} is not a duration: write a whole number and one unit of "
            "m (minutes), h, d, w, M (months), Q or Y, e.g. 30d"
        )
    return Duration(int(match.group(1)), match.group(2))


def format_seconds(seconds: float) -> str:
    """A short human form: "43.2 min", "4 min 19.2 s", "8 h 45.6 min", "3 d 15.6 h"."""
    if math.isinf(seconds):
        return "never"
    if seconds < 0:
        return "-" + format_seconds(-seconds)
    if seconds < 60:
        return f"{_trim(seconds, 2)} s"
    if seconds < HOUR:
        if abs(seconds / 60 - round(seconds / 60, 1)) < 1e-9:
            return f"{_trim(seconds / 60, 1)} min"
        tenths = round(seconds * 10)  # whole tenths of a second, so 59.96 s never shows as 60
        minutes, rest = divmod(tenths, 600)
        return f"{minutes} min {_trim(rest / 10, 1)} s" if rest else f"{minutes} min"
    if seconds < DAY:
        tenths = round(seconds / 6)  # tenths of a minute
        hours, rest = divmod(tenths, 600)
        return f"{hours} h {_trim(rest / 10, 1)} min" if rest else f"{hours} h"
    tenths = round(seconds / 360)  # tenths of an hour
    days, rest = divmod(tenths, 240)
    return f"{days} d {_trim(rest / 10, 1)} h" if rest else f"{days} d"


def _trim(value: float, places: int) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text or "0"
