"""The action tracker's vocabulary: one row per action item, whatever record owns it.

An item that belongs to another record (a checkpoint, a finding, a postmortem action)
is read from that record and edited there; only items added by hand live in the
tracker's own ``actions`` table. ``TrackedAction.key`` is ``"<source kind>:<record id>"``
so an item appears once however it is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sreplan.kernel.choices import Choice


class ActionStatus(Choice):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DOING = "not_doing", "Not doing"

    @property
    def is_open(self) -> bool:
        return self in _OPEN


_OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class Priority(Choice):
    P0 = "P0", "P0"
    P1 = "P1", "P1"
    P2 = "P2", "P2"


class SourceKind(Choice):
    """Where an item comes from; the label is what the Source column shows."""

    CHECKPOINT = "checkpoint", "Checkpoint"
    FINDING = "finding", "Review finding"
    SESSION = "session", "Review session"
    SLO = "slo", "SLO policy"
    CAPACITY = "capacity", "Capacity warning"
    POSTMORTEM = "postmortem", "Postmortem"
    RESILIENCE = "resilience", "Resilience check"
    ONCALL = "oncall", "On-call check"
    MANUAL = "manual", "Added by hand"


# The fields an item's owning record can take from the tracker (bulk edit, cells).
EDITABLE_ALL = frozenset({"title", "owner", "due", "priority", "status"})
OWNER_DUE_STATUS = frozenset({"owner", "due", "status", "priority"})
READ_ONLY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TrackedAction:
    """One action item as the tracker shows it."""

    key: str  # "<kind>:<record id>", unique across the plan
    kind: SourceKind
    record_id: str
    source: str  # where it came from, e.g. "Checkpoint · Testing" or "Postmortem INC-4"
    title: str
    owner: str
    due: date | None
    priority: Priority
    status: ActionStatus
    reason: str = ""  # why "not doing" (or waived, accepted)
    created: date | None = None
    closed: date | None = None
    phase_id: str | None = None  # the phase whose gate it holds while open P0
    editable: frozenset[str] = READ_ONLY
    section: str = ""  # the UI section that edits the owning record

    # Filtering 5,000 items runs these per item: computed once per item, not per keystroke.
    @cached_property
    def is_open(self) -> bool:
        return self.status in _OPEN

    @cached_property
    def title_key(self) -> str:
        return self.title.casefold()

    @cached_property
    def words(self) -> str:
        return f"{self.title}\n{self.owner}\n{self.source}\n{self.reason}".casefold()

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and self.is_open

    def age_days(self, today: date) -> int | None:
        """Days open (to its closing date when closed); None without a created date."""
        if self.created is None:
            return None
        end = self.closed if self.closed and not self.is_open else today
        return (end - self.created).days


def key_of(kind: SourceKind, record_id: str) -> str:
    return f"{kind.value}:{record_id}"


def split_key(key: str) -> tuple[SourceKind, str]:
    kind, _, record_id = key.partition(":")
    return SourceKind(kind), record_id


# Field checks, shared by the store (refuses) and the UI (says why at the field).


def due_error(created: date | None, due: date | None) -> str | None:
    if created is not None and due is not None and due < created:
        return (
            f"The due date {due.isoformat()} is before the item was created "
            f"({created.isoformat()}): pick {created.isoformat()} or later."
        )
    return None


def reason_error(status: ActionStatus, reason: str) -> str | None:
    if status is ActionStatus.NOT_DOING and not reason.strip():
        return "“Not doing” needs a written reason: say why the item will not be done."
    return None


def title_error(title: str) -> str | None:
    return None if title.strip() else "An action item needs a title."
