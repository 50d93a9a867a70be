"""On-call at scale: a year of shifts for 3 layers and 20 people, with checks and fairness.

Run: ``.venv/bin/python tests/benchmarks/bench_oncall.py``. Prints the median time to
expand a year (follow-the-sun weekly primary, daily secondary, 12-hour business-hours
layer), run every check and compute fairness (budget: 100 ms), and the time to expand
one calendar week and one month as the calendar view pages (budget: a frame, ~16 ms).
Every cache (working hours, holidays, wall-time conversions) is cleared before each run.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, date, datetime, timedelta

from sreplan.oncall import health
from sreplan.oncall.model import Layer, Person, Rotation, SunSite, expand, to_utc, zone
from sreplan.oncall.service import evaluate_rotation

BUDGET_MS = 100.0


def rotation() -> Rotation:
    people = tuple(
        Person(
            f"p{i}", f"Person {i}", "sre" if i % 2 else "product",
            "Berlin" if i < 10 else "Austin",
            "Europe/Berlin" if i < 10 else "America/Chicago",
            "09:00", "17:00", "12345", "DE" if i < 10 else "US",
        )
        for i in range(20)
    )  # fmt: skip
    ids = tuple(p.id for p in people)
    sites = (SunSite("Berlin", "09:00"), SunSite("Austin", "21:00"))
    layers = (
        Layer("L1", "Primary", ids, 1, "weeks", 0, "10:00", date(2026, 1, 5),
              follow_the_sun=True, sun_sites=sites),
        Layer("L2", "Secondary", ids[5:] + ids[:5], 1, "days", 0, "10:00", date(2026, 1, 5)),
        Layer("L3", "Business hours", ids[::-1], 12, "hours", 0, "09:00", date(2026, 1, 5),
              restriction="working_hours"),
    )  # fmt: skip
    return Rotation("r", "Bench", "Europe/Berlin", people, layers)


def _clear() -> None:
    health._working_spans_for.cache_clear()
    to_utc.cache_clear()
    health._holiday_dates.cache_clear()
    zone.cache_clear()


def timed(run: object, repeat: int = 9) -> float:
    samples = []
    for _ in range(repeat):
        _clear()
        start = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    r = rotation()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    end = datetime(2027, 1, 1, tzinfo=UTC)
    evaluate_rotation(r, start, end)  # warm imports (holidays)
    year = timed(lambda: evaluate_rotation(r, start, end))
    shifts = len(expand(r, start, end).shifts)
    week = timed(lambda: expand(r, start, start + timedelta(days=7)), 21)
    month = timed(lambda: expand(r, start, start + timedelta(days=31)), 21)
    verdict = "within" if year <= BUDGET_MS else "OVER"
    print(f"year, 3 layers, 20 people ({shifts} shifts), checks + fairness: {year:.1f} ms "
          f"({verdict} the {BUDGET_MS:.0f} ms budget)")  # fmt: skip
    print(f"calendar page: week {week:.2f} ms, month {month:.2f} ms")


if __name__ == "__main__":
    main()
