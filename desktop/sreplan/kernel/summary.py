"""The executive summary's parts, as every feature contributes them.

A feature declares ``Feature.summary = "module:function"``; the function,
``contribute(ws, plan_id, today) -> list[SummaryItem]``, says what of that feature
belongs on the summary page: gate verdicts, risks, decisions to take, capacity
shortfalls. :func:`compose` turns every feature's items into one
:class:`PlanSummary` (top risks deduplicated across features, every list capped),
which the PDF's summary page and the app's Overview both show. Qt-free and
ReportLab-free, so the app can compute it cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Part(Enum):
    """Where an item goes on the summary."""

    STATUS = "status"  # the one-line verdict of the plan (the cover repeats it)
    GATE = "gate"  # a phase's gate verdict with its rule
    RISK = "risk"  # a candidate for the top five risks
    DECISION = "decision"  # something the meeting must decide or sign off
    CAPACITY = "capacity"  # a resource that runs out before its next event or the horizon


class Tone(Enum):
    BAD = "bad"
    WARN = "warn"
    GOOD = "good"
    PLAIN = "plain"


@dataclass(frozen=True)
class SummaryItem:
    """One line of the summary.

    ``rank`` orders items of a part across features (0 first: a High risk, a blocked
    item); ties go to the sooner ``due``, then ``source`` and ``title``. ``keys`` name the
    records the item stands for ("checkpoint:<id>", "finding:<id>"): two risks sharing a
    key are one risk, shown once (a finding linked to a checkpoint item, say).
    """

    part: Part
    title: str
    source: str
    owner: str = ""
    due: date | None = None
    detail: str = ""
    rank: int = 1
    keys: tuple[str, ...] = ()
    tone: Tone = Tone.PLAIN
    kind: str = ""  # e.g. "Proposed ADR", "Accepted risk", "Open question"

    def sort_key(self) -> tuple[int, bool, date, str, str]:
        return (self.rank, self.due is None, self.due or date.max, self.source,
                self.title.casefold())


@dataclass(frozen=True)
class Capped:
    """The first items of a longer list and how many were left out."""

    items: tuple[SummaryItem, ...] = ()
    more: int = 0

    @property
    def total(self) -> int:
        return len(self.items) + self.more


@dataclass(frozen=True)
class ReviewChanges:
    """What changed since the last review session, as the records' own dates tell it."""

    since: date | None = None  # the last session's date; None: no earlier session
    session: str = ""  # its title
    closed: tuple[str, ...] = ()
    opened: tuple[str, ...] = ()
    gates: tuple[str, ...] = ()
    slo_targets: tuple[str, ...] = ()
    other: tuple[str, ...] = ()  # e.g. ADR status, capacity peaks (from a milestone)
    untracked: tuple[str, ...] = ()  # what the records carry no dates for

    @property
    def lines(self) -> tuple[str, ...]:
        """Every change as one readable line, closed first."""
        return (*(f"Closed: {t}" for t in self.closed), *(f"Opened: {t}" for t in self.opened),
                *(f"Gate: {t}" for t in self.gates), *(f"SLO: {t}" for t in self.slo_targets),
                *self.other)


@dataclass(frozen=True)
class PlanSummary:
    """Everything the summary page and the Overview show, computed once."""

    status: str
    status_tone: Tone
    gates: tuple[SummaryItem, ...]
    risks: Capped
    decisions: Capped
    capacity: Capped
    changes: ReviewChanges = field(default_factory=ReviewChanges)


TOP_RISKS = 5
MAX_DECISIONS = 5
MAX_CAPACITY = 5


def top_distinct(items: Iterable[SummaryItem], limit: int) -> Capped:
    """Items in rank order with duplicates (shared keys or equal titles) dropped, capped."""
    seen: set[str] = set()
    kept: list[SummaryItem] = []
    for item in sorted(items, key=SummaryItem.sort_key):
        identity = {*item.keys, "title:" + " ".join(item.title.casefold().split())}
        duplicate = bool(identity & seen)
        seen |= identity  # a duplicate's other names are duplicates too
        if not duplicate:
            kept.append(item)
    return Capped(tuple(kept[:limit]), max(len(kept) - limit, 0))


def compose(items: Sequence[SummaryItem], changes: ReviewChanges | None = None) -> PlanSummary:
    """The summary of a plan from its features' items."""

    def part(p: Part) -> list[SummaryItem]:
        return [i for i in items if i.part is p]

    statuses = sorted(part(Part.STATUS), key=SummaryItem.sort_key)
    if statuses:
        status, tone = "; ".join(s.title for s in statuses), statuses[0].tone
    else:
        status, tone = "No gate yet: no checkpoint items recorded", Tone.PLAIN
    return PlanSummary(
        status=status,
        status_tone=tone,
        gates=tuple(part(Part.GATE)),  # every phase, in the contributor's (phase) order
        risks=top_distinct(part(Part.RISK), TOP_RISKS),
        decisions=top_distinct(part(Part.DECISION), MAX_DECISIONS),
        capacity=top_distinct(part(Part.CAPACITY), MAX_CAPACITY),
        changes=changes or ReviewChanges(),
    )
