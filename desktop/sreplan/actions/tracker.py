"""The tracker's read side: filter and sort items in memory, count what is open.

Items come from several tables and some from computed conditions, so one SQL query
cannot order them; a list of 5,000 small frozen rows filters and sorts in a few ms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from sreplan.actions.model import ActionStatus, Priority, SourceKind, TrackedAction
from sreplan.actions.sources import (
    RECORD_SOURCES,
    all_items,
    collect,
    kept_lessons,
    with_kept_lessons,
)
from sreplan.kernel.workspace import Workspace


@dataclass(frozen=True)
class ActionFilter:
    """What the table shows; empty fields match everything."""

    open_only: bool = True
    status: ActionStatus | None = None
    kind: SourceKind | None = None
    priority: Priority | None = None
    owner: str | None = None  # "" selects items without an owner
    overdue_only: bool = False
    text: str = ""

    def matches(self, item: TrackedAction, today: date) -> bool:
        if self.open_only and not item.is_open:
            return False
        if self.status is not None and item.status is not self.status:
            return False
        if self.kind is not None and item.kind is not self.kind:
            return False
        if self.priority is not None and item.priority is not self.priority:
            return False
        if self.owner is not None and item.owner != self.owner:
            return False
        if self.overdue_only and not item.overdue(today):
            return False
        if self.text:
            haystack = item.words
            for word in self.words:
                if word not in haystack:
                    return False
        return True

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.casefold().split())


_FAR = date.max
_STATUS_RANK = {s: i for i, s in enumerate(ActionStatus)}
SORT_KEYS: dict[str, Callable[[TrackedAction], Any]] = {
    "title": lambda i: i.title_key,
    "source": lambda i: i.source.casefold(),
    "owner": lambda i: (i.owner == "", i.owner.casefold()),
    "due": lambda i: (i.due is None, i.due or _FAR),
    "priority": lambda i: i.priority.value,
    "status": lambda i: _STATUS_RANK[i.status],
    "created": lambda i: (i.created is None, i.created or _FAR),
    "closed": lambda i: (i.closed is None, i.closed or _FAR),
}
# Ties fall back to priority, due date and title, so the order never flickers.
_TIE = SORT_KEYS["priority"], SORT_KEYS["due"], SORT_KEYS["title"], lambda i: i.key


def tie_order(items: Iterable[TrackedAction]) -> list[TrackedAction]:
    """``items`` in the tie-break order; sort this once, then ``select`` sorts stably."""
    return sorted(items, key=lambda i: tuple(k(i) for k in _TIE))


def select(
    items: Iterable[TrackedAction],
    where: ActionFilter,
    sort: str = "priority",
    descending: bool = False,
    today: date | None = None,
    *,
    presorted: bool = False,
) -> list[TrackedAction]:
    """``items`` matching ``where``, ordered by ``sort`` (ties: priority, due, title);
    ``presorted``: ``items`` are already in :func:`tie_order` (one sort instead of two)."""
    today = today or date.today()
    chosen = [i for i in items if where.matches(i, today)]
    if not presorted:
        chosen = tie_order(chosen)
    chosen.sort(key=SORT_KEYS[sort], reverse=descending)  # stable, even reversed
    return chosen


def tracked_items(
    ws: Workspace, plan_id: str, *, status: str = "open", today: date | None = None
) -> list[TrackedAction]:
    """The plan's items for exports: open (default) or all, by priority then due date."""
    return select(all_items(ws, plan_id), ActionFilter(open_only=status == "open"), today=today)


@dataclass(frozen=True)
class ActionCounts:
    open: int
    open_p0: int
    overdue: int
    done: int
    not_doing: int


def count(items: Sequence[TrackedAction], today: date) -> ActionCounts:
    return ActionCounts(
        open=sum(1 for i in items if i.is_open),
        open_p0=sum(1 for i in items if i.is_open and i.priority is Priority.P0),
        overdue=sum(1 for i in items if i.overdue(today)),
        done=sum(1 for i in items if i.status is ActionStatus.DONE),
        not_doing=sum(1 for i in items if i.status is ActionStatus.NOT_DOING),
    )


def counts(
    ws: Workspace, plan_id: str, today: date | None = None, *, conditions: bool = True
) -> ActionCounts:
    """Open, open P0 and overdue action items of a plan, from every source (the portfolio).

    ``conditions=False`` counts only items that are records (checkpoints, findings,
    postmortem actions, hand-added items) and skips the computed conditions (SLO,
    capacity forecast, resilience, on-call checks): a few queries per plan, for a view
    of hundreds of plans.
    """
    if conditions:
        items = all_items(ws, plan_id)
    else:
        found = collect(ws, plan_id, RECORD_SOURCES)
        items = with_kept_lessons([i for s in found.values() for i in s],
                                  kept_lessons(ws, plan_id))  # fmt: skip
    return count(items, today or date.today())


def owners(items: Iterable[TrackedAction]) -> list[str]:
    return sorted({i.owner for i in items if i.owner}, key=str.casefold)
