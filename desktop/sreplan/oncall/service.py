"""A plan's rotation evaluated over a range: shifts, checks and fairness in one call.

The CLI, the report and the editor all go through :func:`evaluate`, so they
show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sreplan.kernel.workspace import Workspace
from sreplan.oncall import store
from sreplan.oncall.health import Check, Fairness, checks, default_range, fairness, utc_now
from sreplan.oncall.model import Rotation, Schedule, expand, validate


@dataclass(frozen=True)
class Evaluation:
    rotation: Rotation
    schedule: Schedule
    checks: tuple[Check, ...]
    fairness: Fairness

    @property
    def failing(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.failed)


def evaluate_rotation(rotation: Rotation, start: datetime, end: datetime) -> Evaluation:
    """Raises RotationError (a UserError) for a rotation that cannot be expanded."""
    validate(rotation)
    schedule = expand(rotation, start, end)
    fair = fairness(rotation, schedule)
    return Evaluation(rotation, schedule, tuple(checks(rotation, schedule, fair)), fair)


def evaluate(
    ws: Workspace,
    plan_id: str,
    start: datetime | None = None,
    end: datetime | None = None,
    today: date | None = None,
) -> Evaluation | None:
    """The plan's rotation over [start, end) (default: the next 12 weeks); None if none."""
    rotation = store.load_rotation(ws, plan_id)
    if rotation is None:
        return None
    if start is None or end is None:
        first, last = default_range(today or utc_now().date(), rotation.zone)
        start = start or first
        end = end or last
    return evaluate_rotation(rotation, start, end)
