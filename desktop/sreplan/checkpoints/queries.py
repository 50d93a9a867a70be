"""Read-side of checkpoints: filtered, sorted id lists for the table, gates, action items.

The table view holds only ids and fetches the rows it shows, so filtering and
sorting 5,000 items is one indexed query that returns strings, not objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sreplan.checkpoints.formats.checklist import Checklist
from sreplan.checkpoints.gates import GateItem, GateSummary, summarize
from sreplan.checkpoints.model import Category, CheckpointStatus, Risk
from sreplan.checkpoints.store import CHECKPOINT_COLUMNS, list_checkpoints, list_phases
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.edits import RowChange
from sreplan.kernel.workspace import Workspace


@dataclass(frozen=True)
class CheckpointFilter:
    """What the table shows; empty fields match everything."""

    phase_id: str | None = None
    status: CheckpointStatus | None = None
    owner: str | None = None  # "" selects items without an owner
    risk: Risk | None = None
    category: Category | None = None
    text: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("c.phase_id", self.phase_id),
            ("c.status", self.status),
            ("c.owner", self.owner),
            ("c.risk", self.risk),
            ("c.category", self.category),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(str(value))
        for word in self.text.split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(c.title LIKE ? ESCAPE '\\' OR c.guidance LIKE ? ESCAPE '\\' OR "
                "c.owner LIKE ? ESCAPE '\\' OR c.notes LIKE ? ESCAPE '\\' OR "
                "c.evidence LIKE ? ESCAPE '\\' OR c.waiver_note LIKE ? ESCAPE '\\')"
            )
            params += [pattern] * 6
        return (" AND ".join(clauses) or "1"), params

    def columns(self) -> frozenset[str]:
        """The stored columns whose change can move an item in or out of the filter."""
        used = {"plan_id"}
        for column, value in (
            ("phase_id", self.phase_id),
            ("status", self.status),
            ("owner", self.owner),
            ("risk", self.risk),
            ("category", self.category),
        ):
            if value is not None:
                used.add(column)
        if self.text.split():
            used.update(("title", "guidance", "owner", "notes", "evidence", "waiver_note"))
        return frozenset(used)


def _rank(column: str, choices: Sequence[str]) -> str:
    cases = " ".join(f"WHEN '{key}' THEN {i}" for i, key in enumerate(choices))
    return f"CASE {column} {cases} ELSE {len(choices)} END"


# Sort keys the table offers; every one ends with the checklist order so ties are stable.
_PHASE_ORDER = "p.position, p.rowid, c.position, c.rowid"
SORT_KEYS: dict[str, str] = {
    "phase": _PHASE_ORDER,
    "title": "c.title COLLATE NOCASE",
    "category": _rank("c.category", [m.value for m in Category]),
    "owner_side": "c.owner_side",
    "owner": "c.owner = '', c.owner COLLATE NOCASE",
    "status": _rank("c.status", [m.value for m in CheckpointStatus]),
    "risk": _rank("c.risk", [m.value for m in Risk]),
    "due_date": "c.due_date IS NULL, c.due_date",
    "updated_at": "c.updated_at",
}

_PHASE_ORDER_COLUMNS = frozenset({"phase_id", "position"})


def order_columns(sort: str) -> frozenset[str]:
    """The stored checkpoint columns whose change can move an item in ``sort`` order."""
    return _PHASE_ORDER_COLUMNS if sort == "phase" else _PHASE_ORDER_COLUMNS | {sort}


def checkpoint_ids(
    ws: Workspace,
    plan_id: str,
    where: CheckpointFilter = CheckpointFilter(),
    sort: str = "phase",
    descending: bool = False,
) -> list[str]:
    """Ids of the plan's items matching ``where``, in the requested order."""
    condition, params = where.where()
    order = SORT_KEYS[sort]
    if descending:
        order = ", ".join(f"{part.strip()} DESC" for part in order.split(","))
    if sort != "phase":
        order += ", " + _PHASE_ORDER
    rows = ws.conn.execute(
        f"SELECT c.id FROM checkpoints c JOIN phases p ON p.id = c.phase_id "
        f"WHERE c.plan_id = ? AND {condition} ORDER BY {order}",
        [plan_id, *params],
    ).fetchall()
    return [r[0] for r in rows]


def rows_by_id(ws: Workspace, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored rows of ``ids`` with their phase name, keyed by id."""
    found: dict[str, dict[str, Any]] = {}
    columns = ", ".join("c." + c for c in CHECKPOINT_COLUMNS)
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in ws.rows(
            f"SELECT {columns}, p.name AS phase_name FROM checkpoints c "
            f"JOIN phases p ON p.id = c.phase_id WHERE c.id IN ({marks})",
            chunk,
        ):
            found[row["id"]] = row
    return found


def owners(ws: Workspace, plan_id: str) -> list[str]:
    """The owner names used in the plan, for the owner filter and completion."""
    rows = ws.conn.execute(
        "SELECT DISTINCT owner FROM checkpoints WHERE plan_id = ? AND owner <> '' "
        "ORDER BY owner COLLATE NOCASE",
        [plan_id],
    ).fetchall()
    return [r[0] for r in rows]


def count_checkpoints(ws: Workspace, plan_id: str) -> int:
    return int(ws.scalar("SELECT count(*) FROM checkpoints WHERE plan_id = ?", [plan_id]))


def phase_item_counts(ws: Workspace, plan_id: str) -> dict[str, int]:
    """Phase id -> how many items it holds (phases without items are left out)."""
    rows = ws.conn.execute(
        "SELECT phase_id, count(*) FROM checkpoints WHERE plan_id = ? GROUP BY phase_id",
        [plan_id],
    ).fetchall()
    return {phase_id: int(n) for phase_id, n in rows}


def template_keys(ws: Workspace, plan_id: str) -> set[str]:
    """The template item keys the plan's checklist already holds."""
    return {
        r[0]
        for r in ws.conn.execute(
            "SELECT template_key FROM checkpoints WHERE plan_id = ? AND template_key IS NOT NULL",
            [plan_id],
        )
    }


def plan_name(ws: Workspace, plan_id: str) -> str | None:
    name = ws.scalar("SELECT name FROM plans WHERE id = ?", [plan_id])
    return None if name is None else str(name)


def gate_summary(ws: Workspace, plan_id: str) -> GateSummary:
    """The gate of every phase and of the whole plan."""
    return GateTally.load(ws, plan_id).summary()


@dataclass
class GateTally:
    """What a plan's gates are computed from: its phases and its items counted by
    (phase, status, risk). A view keeps one and applies the rows each edit wrote, so a
    status change costs a dictionary update, not a count over 5,000 items."""

    plan_id: str
    phases: list[tuple[str, str]]
    counts: Counter[tuple[str, str, str]]
    # What later features hold a phase with (open P0 action items), asked for live
    # through the schema's hooks: a few rows, not a count over the checklist.
    ws: Workspace | None = None

    @classmethod
    def load(cls, ws: Workspace, plan_id: str) -> GateTally:
        phases = [(p.id, p.name) for p in list_phases(ws, plan_id)]
        # Counted in SQL: a few dozen (phase, status, risk) groups instead of every row.
        counts: Counter[tuple[str, str, str]] = Counter()
        for phase_id, status, risk, count in ws.conn.execute(
            "SELECT phase_id, status, risk, count(*) FROM checkpoints WHERE plan_id = ? "
            "GROUP BY phase_id, status, risk",
            [plan_id],
        ):
            counts[(phase_id, status, risk)] = int(count)
        return cls(plan_id, phases, counts, ws)

    def apply(self, changes: Iterable[RowChange]) -> None:
        """Account for checkpoint rows written since (before -> after)."""
        for change in changes:
            if change.table != "checkpoints":
                continue
            for row, step in ((change.before, -1), (change.after, 1)):
                if row is not None and row["plan_id"] == self.plan_id:
                    key = (row["phase_id"], row["status"], row["risk"])
                    self.counts[key] += step
                    if not self.counts[key]:
                        del self.counts[key]

    def summary(self) -> GateSummary:
        items = [
            (phase_id, GateItem(CheckpointStatus(status), Risk(risk), count))
            for (phase_id, status, risk), count in self.counts.items()
        ]
        blockers = [] if self.ws is None else [
            (b.phase_id, b.reason) for b in self.ws.schema.hooks.blockers(self.ws, self.plan_id)
        ]
        return summarize(self.phases, items, blockers)


def open_checkpoint_actions(ws: Workspace, plan_id: str) -> list[ActionItem]:
    """Open items that have both an owner and a due date (the action-items provider)."""
    rows = ws.rows(
        "SELECT id, title, owner, due_date, risk, status FROM checkpoints "
        "WHERE plan_id = ? AND owner <> '' AND due_date IS NOT NULL "
        "AND status IN ('not_started', 'in_progress', 'blocked')",
        [plan_id],
    )
    return [
        ActionItem(
            source="Checkpoints",
            title=r["title"],
            owner=r["owner"],
            due=date.fromisoformat(r["due_date"]),
            risk=Risk(r["risk"]).label,
            status=CheckpointStatus(r["status"]).label,
            record_id=r["id"],
        )
        for r in rows
    ]


def load_checklist(ws: Workspace, plan_id: str) -> Checklist:
    """The plan's phases and items, for exports and the report."""
    name = plan_name(ws, plan_id)
    if name is None:
        raise LookupError(f"no plan {plan_id}")
    return Checklist(
        str(name), tuple(list_phases(ws, plan_id)), tuple(list_checkpoints(ws, plan_id))
    )
