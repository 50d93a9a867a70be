"""Meeting mode's records: a session's agenda items, its decisions, follow-up sessions.

The agenda items are the agenda; the session's ``agenda`` text (what the sessions form
and the report show) is kept as their lines: typing it there reconciles the items line
by line, and an item added in the meeting is appended to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sreplan.architecture import adr_store, session_store
from sreplan.architecture.adr import Adr, AdrStatus
from sreplan.architecture.agenda import AgendaItem, Decision, agenda_lines, carried_over
from sreplan.architecture.findings import FINDING_COLUMNS, finding_from_row
from sreplan.architecture.reviews import Finding, ReviewSession, SessionType
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso

ITEM_COLUMNS = ("id", "session_id", "position", "title", "component_id", "done", "is_current")


def _item(row: dict[str, Any]) -> AgendaItem:
    return AgendaItem(
        id=row["id"],
        session_id=row["session_id"],
        position=row["position"],
        title=row["title"],
        component_id=row["component_id"],
        done=bool(row["done"]),
        current=bool(row["is_current"]),
    )


def agenda_items(ws: Workspace, session_id: str | None) -> list[AgendaItem]:
    if session_id is None:
        return []
    return [
        _item(r)
        for r in ws.rows(
            f"SELECT {', '.join(ITEM_COLUMNS)} FROM agenda_items WHERE session_id = ? "
            "ORDER BY position, rowid",
            [session_id],
        )
    ]


def _session_plan(ws: Workspace, session_id: str) -> str:
    plan_id = ws.scalar("SELECT plan_id FROM review_sessions WHERE id = ?", [session_id])
    if plan_id is None:
        raise WorkspaceError("That review session is gone (removed or undone).")
    return str(plan_id)


def _item_rows(
    plan_id: str, session_id: str, titles: Sequence[tuple[str, str | None]], start: int
) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id(),
            "plan_id": plan_id,
            "session_id": session_id,
            "position": start + i,
            "title": title,
            "component_id": component_id,
            "done": 0,
            "is_current": 0,
        }
        for i, (title, component_id) in enumerate(titles)
    ]


def sync_items_from_text(ws: Workspace, session_id: str, text: str) -> None:
    """Make the items match a typed agenda, line by line: the n-th line is the n-th item
    (its done flag, timer and component stay with it), extra lines are added, and items
    past the last line go."""
    plan_id = _session_plan(ws, session_id)
    lines = agenda_lines(text)
    items = agenda_items(ws, session_id)
    with ws.write():
        for position, (item, title) in enumerate(zip(items, lines, strict=False)):
            if item.title != title or item.position != position:
                records.update(ws, "agenda_items", item.id, {"title": title, "position": position})
        extra = [(title, None) for title in lines[len(items) :]]
        records.insert(ws, "agenda_items", _item_rows(plan_id, session_id, extra, len(items)))
        records.delete(ws, "agenda_items", [i.id for i in items[len(lines) :]])


def set_agenda_text(ws: Workspace, session_id: str, text: str) -> None:
    """The sessions form's agenda: store the text as typed and reconcile the items."""
    with ws.write():
        records.update(ws, "review_sessions", session_id, {"agenda": text})
        sync_items_from_text(ws, session_id, text)


def add_item(ws: Workspace, session_id: str, item_id: str, title: str) -> None:
    """A new item at the end of the agenda; its line is appended to the agenda text."""
    title = title.strip()
    if not title:
        raise WorkspaceError("An agenda item needs a title.")
    if "\n" in title:
        raise WorkspaceError("An agenda item is one line.")
    plan_id = _session_plan(ws, session_id)
    position = ws.scalar(
        "SELECT coalesce(max(position), -1) + 1 FROM agenda_items WHERE session_id = ?",
        [session_id],
    )
    text = session_store.session_agenda(ws, session_id)
    joined = f"{text}\n{title}" if text.strip() and not text.endswith("\n") else text + title
    with ws.write():
        row = _item_rows(plan_id, session_id, [(title, None)], int(position))[0]
        records.insert(ws, "agenda_items", [{**row, "id": item_id}])
        records.update(ws, "review_sessions", session_id, {"agenda": joined})


def set_current(ws: Workspace, session_id: str, item_id: str | None) -> None:
    """Make ``item_id`` the item under discussion (None: none is)."""
    with ws.write() as conn:
        conn.execute(
            "UPDATE agenda_items SET is_current = 0 WHERE session_id = ? AND is_current "
            "AND id IS NOT ?",
            [session_id, item_id],
        )
        if item_id is not None:
            records.update(ws, "agenda_items", item_id, {"is_current": 1})


def set_done(ws: Workspace, item_id: str, done: bool) -> None:
    records.update(ws, "agenda_items", item_id, {"done": int(done)})


def set_item_component(ws: Workspace, item_id: str, component_id: str | None) -> None:
    records.update(ws, "agenda_items", item_id, {"component_id": component_id})


# Decisions ------------------------------------------------------------------------------


def decisions(ws: Workspace, session_id: str | None) -> list[Decision]:
    if session_id is None:
        return []
    return [
        Decision(
            id=r["id"],
            session_id=r["session_id"],
            title=r["title"],
            detail=r["detail"],
            agenda_item_id=r["agenda_item_id"],
            adr_id=r["adr_id"],
            adr_label=f"ADR-{r['number']:04d}" if r["number"] is not None else "",
            created_at=r["created_at"],
        )
        for r in ws.rows(
            "SELECT d.id, d.session_id, d.title, d.detail, d.agenda_item_id, d.adr_id, a.number, "
            "d.created_at "
            "FROM session_decisions d LEFT JOIN adrs a ON a.id = d.adr_id "
            "WHERE d.session_id = ? ORDER BY d.created_at, d.rowid",
            [session_id],
        )
    ]


def session_findings(ws: Workspace, session_id: str) -> list[tuple[str, Finding]]:
    """(created at, finding) of the findings taken in a session, oldest first."""
    return [
        (r["created_at"], finding_from_row(r))
        for r in ws.rows(
            f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE session_id = ? "
            "ORDER BY created_at, rowid",
            [session_id],
        )
    ]


def add_decision(ws: Workspace, decision: Decision) -> None:
    if not decision.title.strip():
        raise WorkspaceError("A decision needs a title.")
    plan_id = _session_plan(ws, decision.session_id)
    records.insert(
        ws,
        "session_decisions",
        [
            {
                "id": decision.id,
                "plan_id": plan_id,
                "session_id": decision.session_id,
                "agenda_item_id": decision.agenda_item_id,
                "title": decision.title.strip(),
                "detail": decision.detail.strip(),
                "adr_id": None,
                "created_at": now_iso(),
            }
        ],
    )


def make_adr(ws: Workspace, decision_id: str, adr_id: str) -> int:
    """A proposed ADR from a decision (its title; its detail as context), linked to it.

    Returns the new ADR's number; a decision that already has an ADR is refused.
    """
    rows = ws.rows(
        "SELECT d.plan_id, d.title, d.detail, d.adr_id, s.title AS session, s.held_on "
        "FROM session_decisions d JOIN review_sessions s ON s.id = d.session_id WHERE d.id = ?",
        [decision_id],
    )
    if not rows:
        raise WorkspaceError("That decision is gone (removed or undone).")
    row = rows[0]
    if row["adr_id"] is not None:
        raise WorkspaceError(f"The decision “{row['title']}” already has an ADR.")
    number = adr_store.next_number(ws, row["plan_id"])
    adr = Adr(number=number, title=row["title"], status=AdrStatus.PROPOSED, context=row["detail"])
    with ws.write():
        adr_store.add_adr(ws, row["plan_id"], replace(adr, id=adr_id))
        records.update(ws, "session_decisions", decision_id, {"adr_id": adr_id})
    return number


# Sessions -------------------------------------------------------------------------------


def start_follow_up(
    ws: Workspace,
    plan_id: str,
    session_id: str,
    title: str,
    held_on: date | None,
    previous_id: str | None,
) -> None:
    """A new session whose agenda is the previous one's items not marked done."""
    previous = session_store.get_session(ws, previous_id) if previous_id else None
    items = carried_over(agenda_items(ws, previous_id))
    session = ReviewSession(
        id=session_id,
        title=title,
        held_on=held_on,
        kind=previous.kind if previous else SessionType.DESIGN,
        agenda="\n".join(i.title for i in items),
    )
    with ws.write():
        session_store.add_session(ws, plan_id, session, sync_agenda=False)
        records.insert(
            ws,
            "agenda_items",
            _item_rows(plan_id, session_id, [(i.title, i.component_id) for i in items], 0),
        )
