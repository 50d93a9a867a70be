"""Review cadence and the good news: when each plan is next reviewed, and what went well.

The next review is derived, never stored: a plan reviewed every N weeks is due N
weeks after its last review session held (or after its start, before the first
one); a session already scheduled is shown as the next review. A review is
overdue once the due date has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sreplan.checkpoints.gates import Verdict
from sreplan.checkpoints.queries import gate_summary
from sreplan.incidents.budget import window_spends
from sreplan.incidents.store import list_incidents, severities
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import SloStatus
from sreplan.slo.store import list_slos

CADENCES = range(1, 53)  # weeks
SIGNIFICANT_LEVELS = 2  # the two most severe levels of the plan's scale are significant


@dataclass(frozen=True)
class ReviewStatus:
    every_weeks: int | None
    last_held: date | None
    scheduled: date | None  # the next session already in the calendar
    due: date | None  # last held (or the plan's start) + cadence

    @property
    def next_review(self) -> date | None:
        return self.scheduled or self.due

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and (
            self.scheduled is None or self.scheduled > self.due
        )

    def text(self, today: date) -> str:
        if self.every_weeks is None:
            when = self.scheduled.isoformat() if self.scheduled else "not scheduled"
            return f"No review cadence set; next review {when}"
        cadence = f"Review every {_weeks(self.every_weeks)}"
        if self.overdue(today):
            assert self.due is not None
            late = (today - self.due).days
            text = f"{cadence}: review overdue since {self.due.isoformat()} ({_days(late)} late)"
            if self.scheduled:
                text += f"; next session {self.scheduled.isoformat()}"
            return text
        if self.next_review is None:
            return f"{cadence}; no review held or scheduled yet"
        return f"{cadence}; next review {self.next_review.isoformat()}"


def _weeks(n: int) -> str:
    return "week" if n == 1 else f"{n} weeks"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def review_statuses(
    ws: Workspace, today: date, plan_ids: Iterable[str] | None = None
) -> dict[str, ReviewStatus]:
    """Every plan's review status in four queries, whatever the number of plans."""
    wanted = None if plan_ids is None else set(plan_ids)
    day = today.isoformat()
    cadence = dict(ws.conn.execute("SELECT plan_id, every_weeks FROM review_cadences").fetchall())
    last = dict(ws.conn.execute(
        "SELECT plan_id, max(held_on) FROM review_sessions WHERE held_on <= ? GROUP BY plan_id",
        [day]).fetchall())  # fmt: skip
    nxt = dict(ws.conn.execute(
        "SELECT plan_id, min(held_on) FROM review_sessions WHERE held_on > ? GROUP BY plan_id",
        [day]).fetchall())  # fmt: skip
    result = {}
    for plan_id, start, created in ws.conn.execute(
        "SELECT id, start_date, substr(created_at, 1, 10) FROM plans"
    ):
        if wanted is not None and plan_id not in wanted:
            continue
        weeks = cadence.get(plan_id)
        held = date.fromisoformat(last[plan_id]) if plan_id in last else None
        since = held or date.fromisoformat(start or created)
        result[plan_id] = ReviewStatus(
            every_weeks=weeks,
            last_held=held,
            scheduled=date.fromisoformat(nxt[plan_id]) if plan_id in nxt else None,
            due=since + timedelta(weeks=weeks) if weeks else None,
        )
    return result


def review_status(ws: Workspace, plan_id: str, today: date) -> ReviewStatus:
    return review_statuses(ws, today, [plan_id]).get(
        plan_id, ReviewStatus(None, None, None, None)
    )


# Good news -----------------------------------------------------------------------------------


def _quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _previous_quarter(start: date) -> date:
    return _quarter_start(start - timedelta(days=1))


def quiet_quarters(
    significant_days: Iterable[date], tracked_since: date, today: date
) -> int:
    """Full calendar quarters in a row, up to the last complete one, without a significant
    incident; only quarters that began on or after ``tracked_since`` count."""
    days = set(significant_days)
    count = 0
    end = _quarter_start(today)  # the current quarter is not complete
    start = _previous_quarter(end)
    while start >= tracked_since:
        if any(start <= d < end for d in days):
            break
        count += 1
        end, start = start, _previous_quarter(start)
    return count


def good_news(ws: Workspace, plan_id: str, today: date) -> list[str]:
    """What went well, one sentence each: gates passed, SLOs met over a full window,
    quarters without a significant incident. For the plan's summary and the report."""
    news: list[str] = []
    for phase in gate_summary(ws, plan_id).phases:
        gate = phase.gate
        if gate.verdict is Verdict.READY and gate.applicable:
            done = ("its one applicable item done" if gate.applicable == 1
                    else f"all {gate.applicable} applicable items done")
            news.append(f"Gate passed: {phase.phase_name} ({done}).")
    row = ws.rows("SELECT start_date, substr(created_at, 1, 10) AS created FROM plans "
                  "WHERE id = ?", [plan_id])
    if not row:
        return news
    tracked = date.fromisoformat(row[0]["start_date"] or row[0]["created"])
    incidents = list_incidents(ws, plan_id)
    now = datetime.combine(today, time(23, 59, 59), UTC)
    spent = {w.slo_id: w for w in window_spends(incidents, list_slos(ws, plan_id), now)}
    for slo in list_slos(ws, plan_id):
        if slo.status is not SloStatus.AGREED:
            continue
        window_days = slo.window.duration.seconds / 86400
        if (today - tracked).days < window_days:
            continue  # not yet tracked over a whole window
        w = spent.get(slo.id)
        if w is not None and (w.uncounted or w.percent >= 100):
            continue
        used = "no incident spent any of its error budget" if w is None else (
            f"incidents spent {w.percent:.0f}% of its error budget")
        news.append(f"SLO met over its last full window: {slo.title} ({used}).")
    levels = {s.name for s in severities(ws, plan_id)[:SIGNIFICANT_LEVELS]}
    significant = [
        i.started_at.date() for i in incidents if i.started_at and i.severity in levels
    ]
    quiet = quiet_quarters(significant, tracked, today)
    if quiet:
        names = " or ".join(sorted(levels))
        quarters = "quarter" if quiet == 1 else f"{quiet} quarters in a row"
        news.append(f"No significant incident ({names}) for {quarters}.")
    return news
