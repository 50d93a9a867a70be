"""What meeting mode works with: agenda items, decisions, and reading what the lead types.

Plain data and pure functions (no store, no Qt), so the parsing is tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sreplan.kernel.errors import UserError


@dataclass(frozen=True)
class AgendaItem:
    id: str
    session_id: str
    position: int
    title: str
    component_id: str | None = None
    done: bool = False
    current: bool = False


@dataclass(frozen=True)
class Decision:
    id: str
    session_id: str
    title: str
    detail: str = ""
    agenda_item_id: str | None = None
    adr_id: str | None = None
    adr_label: str = ""  # "ADR-0003" once it became an ADR
    created_at: str = ""


def agenda_lines(text: str | None) -> list[str]:
    """The items of a typed agenda: one per non-blank line, as typed (outer spaces aside)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


_RELATIVE = re.compile(r"^\+\s*(\d{1,3})\s*([dw])$", re.IGNORECASE)


def parse_due(text: str, today: date) -> date | None:
    """A due date as typed: empty (none), ``YYYY-MM-DD``, or ``+10d`` / ``+2w`` from today.

    Raises :class:`UserError` naming what was typed when it is none of these.
    """
    text = text.strip()
    if not text:
        return None
    relative = _RELATIVE.match(text)
    if relative:
        count, unit = int(relative.group(1)), relative.group(2).lower()
        return today + timedelta(days=count * (7 if unit == "w" else 1))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"Due date “{text}” is not a date: type YYYY-MM-DD, or +10d / +2w from today."
        ) from None


def component_under_discussion(
    item: AgendaItem | None, components: Iterable[tuple[str, str]]
) -> str | None:
    """The component an item is about: the one linked to it, else the one whose name its
    title mentions (the longest such name, so "Orders database replica" beats "Orders")."""
    if item is None:
        return None
    named = list(components)
    if item.component_id is not None and any(cid == item.component_id for cid, _ in named):
        return item.component_id
    title = item.title.casefold()
    best: tuple[int, str] | None = None
    for cid, name in named:
        key = name.strip().casefold()
        mentioned = key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", title)
        if mentioned and (best is None or len(key) > best[0]):
            best = (len(key), cid)
    return best[1] if best else None


def carried_over(items: Sequence[AgendaItem]) -> list[AgendaItem]:
    """The items a follow-up session starts with: those not marked done, in order."""
    return [i for i in sorted(items, key=lambda i: (i.position, i.id)) if not i.done]


def follow_up_title(previous: str | None) -> str:
    """The title offered for a new session (shown, editable, stored only when accepted)."""
    if not previous:
        return "Review session"
    stem = previous.removeprefix("Follow-up: ")
    return f"Follow-up: {stem}"


def elapsed_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) for an agenda item's timer."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
