"""Reading and writing Architecture Decision Records and their considered options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sreplan.architecture.adr import Adr, AdrOption, AdrStatus, lines, split_names
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace

ADR_COLUMNS = (
    "id",
    "plan_id",
    "number",
    "title",
    "status",
    "superseded_by",
    "decided_on",
    "decision_makers",
    "consulted",
    "informed",
    "context",
    "drivers",
    "chosen_option",
    "outcome_reason",
    "consequences",
    "confirmation",
    "more_information",
)


def adr_to_row(plan_id: str, adr: Adr) -> dict[str, Any]:
    return {
        "id": adr.id,
        "plan_id": plan_id,
        "number": adr.number,
        "title": adr.title.strip(),
        "status": adr.status.value,
        "superseded_by": adr.superseded_by,
        "decided_on": adr.decided_on.isoformat() if adr.decided_on else None,
        "decision_makers": ", ".join(adr.decision_makers),
        "consulted": ", ".join(adr.consulted),
        "informed": ", ".join(adr.informed),
        "context": adr.context,
        "drivers": "\n".join(adr.drivers),
        "chosen_option": adr.chosen_option,
        "outcome_reason": adr.outcome_reason,
        "consequences": "\n".join(adr.consequences),
        "confirmation": adr.confirmation,
        "more_information": adr.more_information,
    }


def option_rows(plan_id: str, adr_id: str, options: Sequence[AdrOption]) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id(),
            "plan_id": plan_id,
            "adr_id": adr_id,
            "position": i,
            "title": o.title,
            "description": o.description,
            "good": "\n".join(o.good),
            "neutral": "\n".join(o.neutral),
            "bad": "\n".join(o.bad),
        }
        for i, o in enumerate(options)
    ]


def adr_from_row(row: dict[str, Any], options: tuple[AdrOption, ...] = ()) -> Adr:
    return Adr(
        id=row["id"],
        number=row["number"],
        title=row["title"],
        status=AdrStatus(row["status"]),
        superseded_by=row["superseded_by"],
        decided_on=date.fromisoformat(row["decided_on"]) if row["decided_on"] else None,
        decision_makers=split_names(row["decision_makers"]),
        consulted=split_names(row["consulted"]),
        informed=split_names(row["informed"]),
        context=row["context"],
        drivers=lines(row["drivers"]),
        options=options,
        chosen_option=row["chosen_option"],
        outcome_reason=row["outcome_reason"],
        consequences=lines(row["consequences"]),
        confirmation=row["confirmation"],
        more_information=row["more_information"],
    )


def _options(ws: Workspace, adr_ids: list[str]) -> dict[str, list[AdrOption]]:
    found: dict[str, list[AdrOption]] = {i: [] for i in adr_ids}
    for start in range(0, len(adr_ids), 500):
        chunk = adr_ids[start : start + 500]
        for r in ws.rows(
            f"SELECT adr_id, title, description, good, neutral, bad FROM adr_options "
            f"WHERE adr_id IN ({','.join('?' * len(chunk))}) ORDER BY position",
            chunk,
        ):
            found[r["adr_id"]].append(
                AdrOption(
                    r["title"],
                    r["description"],
                    lines(r["good"]),
                    lines(r["neutral"]),
                    lines(r["bad"]),
                )
            )
    return found


def list_adrs(ws: Workspace, plan_id: str) -> list[Adr]:
    rows = ws.rows(
        f"SELECT {', '.join(ADR_COLUMNS)} FROM adrs WHERE plan_id = ? ORDER BY number", [plan_id]
    )
    options = _options(ws, [r["id"] for r in rows])
    return [adr_from_row(r, tuple(options[r["id"]])) for r in rows]


def get_adr(ws: Workspace, adr_id: str) -> Adr:
    rows = ws.rows(f"SELECT {', '.join(ADR_COLUMNS)} FROM adrs WHERE id = ?", [adr_id])
    if not rows:
        raise LookupError(f"no ADR {adr_id}")
    return adr_from_row(rows[0], tuple(_options(ws, [adr_id])[adr_id]))


def adr_row(ws: Workspace, adr_id: str) -> dict[str, Any] | None:
    rows = ws.rows(f"SELECT {', '.join(ADR_COLUMNS)} FROM adrs WHERE id = ?", [adr_id])
    return rows[0] if rows else None


def option_details(ws: Workspace, option_id: str) -> dict[str, Any] | None:
    """The description and arguments of one considered option."""
    rows = ws.rows(
        "SELECT description, good, neutral, bad FROM adr_options WHERE id = ?", [option_id]
    )
    return rows[0] if rows else None


def adr_numbers(ws: Workspace, plan_id: str) -> list[int]:
    rows = ws.rows("SELECT number FROM adrs WHERE plan_id = ?", [plan_id])
    return [int(r["number"]) for r in rows]


def number_taken(ws: Workspace, plan_id: str, number: int, except_id: str = "") -> bool:
    return bool(
        ws.scalar(
            "SELECT 1 FROM adrs WHERE plan_id = ? AND number = ? AND id <> ?",
            [plan_id, number, except_id],
        )
    )


def next_number(ws: Workspace, plan_id: str) -> int:
    return int(
        ws.scalar("SELECT coalesce(max(number), 0) + 1 FROM adrs WHERE plan_id = ?", [plan_id])
    )


def add_adr(ws: Workspace, plan_id: str, adr: Adr) -> str:
    """Insert an ADR with its options; its number must be free in the plan."""
    if not adr.title.strip():
        raise WorkspaceError("An ADR needs a title.")
    if ws.scalar("SELECT 1 FROM adrs WHERE plan_id = ? AND number = ?", [plan_id, adr.number]):
        raise WorkspaceError(f"ADR-{adr.number:04d} already exists in this plan.")
    adr_id = adr.id or new_id()
    with ws.write():
        records.insert(ws, "adrs", [adr_to_row(plan_id, replace(adr, id=adr_id))])
        records.insert(ws, "adr_options", option_rows(plan_id, adr_id, adr.options))
    return adr_id


def save_adr(ws: Workspace, plan_id: str, adr: Adr) -> None:
    """Replace an existing ADR's fields and options in one transaction."""
    if not adr.title.strip():
        raise WorkspaceError("An ADR needs a title.")
    if ws.scalar(
        "SELECT 1 FROM adrs WHERE plan_id = ? AND number = ? AND id <> ?",
        [plan_id, adr.number, adr.id],
    ):
        raise WorkspaceError(f"ADR-{adr.number:04d} already exists in this plan.")
    row = adr_to_row(plan_id, adr)
    with ws.write() as conn:
        records.update(ws, "adrs", adr.id, {k: v for k, v in row.items() if k not in ("id",)})
        conn.execute("DELETE FROM adr_options WHERE adr_id = ?", [adr.id])
        records.insert(ws, "adr_options", option_rows(plan_id, adr.id, adr.options))
