"""Reading and writing a plan's phases and checkpoint items."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sreplan.checkpoints.model import (
    DEFAULT_PHASES,
    Category,
    Checkpoint,
    CheckpointStatus,
    OwnerSide,
    Phase,
    Risk,
    WaiverReason,
    waiver_error,
)
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso

CHECKPOINT_COLUMNS = (
    "id",
    "plan_id",
    "phase_id",
    "position",
    "title",
    "guidance",
    "category",
    "owner_side",
    "owner",
    "status",
    "waiver_reason",
    "waiver_note",
    "risk",
    "due_date",
    "evidence",
    "notes",
    "template_key",
    "updated_at",
)
EDITABLE = frozenset(CHECKPOINT_COLUMNS) - {"id", "plan_id", "updated_at"}


class CheckpointError(WorkspaceError):
    """A checkpoint edit that was refused, phrased for the user."""


# --- phases -----------------------------------------------------------------------------


def list_phases(ws: Workspace, plan_id: str) -> list[Phase]:
    rows = ws.rows(
        "SELECT id, plan_id, name, position FROM phases WHERE plan_id = ? "
        "ORDER BY position, rowid",
        [plan_id],
    )
    return [Phase(**r) for r in rows]


def ensure_phases(ws: Workspace, plan_id: str) -> list[Phase]:
    """The plan's phases, creating the five default ones if it has none yet."""
    add_default_phases(ws, plan_id)
    return list_phases(ws, plan_id)


def add_default_phases(ws: Workspace, plan_id: str) -> None:
    """Give a plan without phases the five default ones (the Feature's ``on_new_plan``)."""
    if list_phases(ws, plan_id):
        return
    with ws.write():
        for name in DEFAULT_PHASES:
            add_phase(ws, plan_id, name)


def get_phase(ws: Workspace, phase_id: str) -> Phase:
    return Phase(**records.fetch(ws, "phases", phase_id, ("id", "plan_id", "name", "position")))


def add_phase(ws: Workspace, plan_id: str, name: str, phase_id: str | None = None) -> Phase:
    name = _unique_phase_name(ws, plan_id, name)
    position = ws.scalar(
        "SELECT coalesce(max(position) + 1, 0) FROM phases WHERE plan_id = ?", [plan_id]
    )
    phase = Phase(phase_id or new_id(), plan_id, name, int(position))
    records.insert(ws, "phases", [vars(phase)])
    return phase


def rename_phase(ws: Workspace, phase_id: str, name: str) -> None:
    plan_id = str(ws.scalar("SELECT plan_id FROM phases WHERE id = ?", [phase_id]))
    name = _unique_phase_name(ws, plan_id, name, phase_id)
    records.update(ws, "phases", phase_id, {"name": name})


def delete_phase(ws: Workspace, phase_id: str) -> None:
    """Delete a phase and its items (the caller captures them first for undo)."""
    records.delete(ws, "phases", [phase_id])


def reorder_phases(ws: Workspace, plan_id: str, ordered_ids: Sequence[str]) -> None:
    """Give the plan's phases the order of ``ordered_ids`` (which must be all of them)."""
    current = {p.id for p in list_phases(ws, plan_id)}
    if set(ordered_ids) != current or len(ordered_ids) != len(current):
        raise CheckpointError("Reordering must list every phase of the plan exactly once.")
    with ws.write() as conn:
        for position, phase_id in enumerate(ordered_ids):
            conn.execute("UPDATE phases SET position = ? WHERE id = ?", [position, phase_id])


def _unique_phase_name(ws: Workspace, plan_id: str, name: str, own_id: str = "") -> str:
    """Phase names are unique per plan: templates and exports refer to phases by name."""
    name = _phase_name(name)
    clash = ws.scalar(
        "SELECT 1 FROM phases WHERE plan_id = ? AND lower(name) = lower(?) AND id <> ?",
        [plan_id, name, own_id],
    )
    if clash:
        raise CheckpointError(f"The plan already has a phase named '{name}'.")
    return name


def _phase_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise CheckpointError("A phase needs a name.")
    if len(name) > 80:
        raise CheckpointError("Keep a phase name under 80 characters.")
    return name


# --- checkpoint items -------------------------------------------------------------------


def checkpoint_from_row(row: Mapping[str, Any]) -> Checkpoint:
    return Checkpoint(
        id=row["id"],
        plan_id=row["plan_id"],
        phase_id=row["phase_id"],
        position=row["position"],
        title=row["title"],
        guidance=row["guidance"],
        category=Category(row["category"]),
        owner_side=OwnerSide(row["owner_side"]),
        owner=row["owner"],
        status=CheckpointStatus(row["status"]),
        waiver_reason=WaiverReason(row["waiver_reason"]) if row["waiver_reason"] else None,
        waiver_note=row["waiver_note"],
        risk=Risk(row["risk"]),
        due_date=date.fromisoformat(row["due_date"]) if row["due_date"] else None,
        evidence=row["evidence"],
        notes=row["notes"],
        template_key=row["template_key"],
        updated_at=row["updated_at"],
    )


def checkpoint_row(ws: Workspace, checkpoint_id: str) -> dict[str, Any] | None:
    """The stored row of one item (keys and ISO dates as stored), or None if it is gone."""
    rows = ws.rows(
        f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM checkpoints WHERE id = ?", [checkpoint_id]
    )
    return rows[0] if rows else None


def checkpoint_to_row(item: Checkpoint) -> dict[str, Any]:
    row = {c: getattr(item, c) for c in CHECKPOINT_COLUMNS}
    row["due_date"] = item.due_date.isoformat() if item.due_date else None
    for column in ("category", "owner_side", "status", "risk", "waiver_reason"):
        value = row[column]
        row[column] = None if value is None else str(value)
    return row


def get_checkpoint(ws: Workspace, checkpoint_id: str) -> Checkpoint:
    return checkpoint_from_row(records.fetch(ws, "checkpoints", checkpoint_id, CHECKPOINT_COLUMNS))


def list_checkpoints(ws: Workspace, plan_id: str) -> list[Checkpoint]:
    """Every item of the plan in phase order, then item order."""
    rows = ws.rows(
        f"SELECT {', '.join('c.' + c for c in CHECKPOINT_COLUMNS)} FROM checkpoints c "
        "JOIN phases p ON p.id = c.phase_id WHERE c.plan_id = ? "
        "ORDER BY p.position, p.rowid, c.position, c.rowid",
        [plan_id],
    )
    return [checkpoint_from_row(r) for r in rows]


def validate(item: Checkpoint) -> None:
    """Refuse an item that must not be stored, with the reason."""
    if not item.title.strip():
        raise CheckpointError("A checkpoint needs a title.")
    problem = waiver_error(item.status, item.waiver_reason, item.waiver_note)
    if problem:
        raise CheckpointError(f"{item.title}: {problem}")


def add_checkpoint(ws: Workspace, item: Checkpoint) -> Checkpoint:
    """Insert an item at the end of its phase."""
    validate(item)
    with ws.write():
        position = ws.scalar(
            "SELECT coalesce(max(position) + 1, 0) FROM checkpoints WHERE phase_id = ?",
            [item.phase_id],
        )
        item = replace(item, position=int(position), updated_at=now_iso())
        records.insert(ws, "checkpoints", [checkpoint_to_row(item)])
    return item


def update_checkpoint(ws: Workspace, checkpoint_id: str, values: Mapping[str, Any]) -> None:
    """Set some fields of one item (stored keys/ISO dates), refusing an invalid result."""
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    with ws.write():
        current = checkpoint_to_row(get_checkpoint(ws, checkpoint_id))
        merged = {**current, **values}
        if merged["status"] != CheckpointStatus.WAIVED:
            merged["waiver_reason"], merged["waiver_note"] = None, ""
        validate(checkpoint_from_row(merged))
        changed = {k: v for k, v in merged.items() if current[k] != v}
        if changed:
            records.update(ws, "checkpoints", checkpoint_id, {**changed, "updated_at": now_iso()})


def set_status(
    ws: Workspace,
    ids: Iterable[str],
    status: CheckpointStatus,
    reason: WaiverReason | None = None,
    note: str = "",
) -> int:
    """Give every item in ``ids`` one status in one transaction; return how many changed."""
    problem = waiver_error(status, reason, note)
    if problem:
        raise CheckpointError(problem)
    if status is not CheckpointStatus.WAIVED:
        reason, note = None, ""
    return _bulk_set(
        ws,
        ids,
        "status = ?, waiver_reason = ?, waiver_note = ?",
        "status IS ? AND waiver_reason IS ? AND waiver_note IS ?",
        [str(status), None if reason is None else str(reason), note],
    )


def set_owner(ws: Workspace, ids: Iterable[str], owner: str) -> int:
    """Give every item in ``ids`` one owner name in one transaction; return how many changed."""
    return _bulk_set(ws, ids, "owner = ?", "owner IS ?", [owner.strip()])


def _bulk_set(
    ws: Workspace, ids: Iterable[str], assignment: str, unchanged: str, values: list[Any]
) -> int:
    id_list = list(dict.fromkeys(ids))
    stamp = now_iso()
    changed = 0
    with ws.write() as conn:
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cursor = conn.execute(
                f"UPDATE checkpoints SET {assignment}, updated_at = ? "
                f"WHERE id IN ({marks}) AND NOT ({unchanged})",
                [*values, stamp, *chunk, *values],
            )
            changed += cursor.rowcount
    return changed


def move_checkpoints(ws: Workspace, ids: Iterable[str], phase_id: str) -> None:
    """Move items to the end of another phase, keeping their relative order."""
    with ws.write() as conn:
        position = int(
            ws.scalar(
                "SELECT coalesce(max(position) + 1, 0) FROM checkpoints WHERE phase_id = ?",
                [phase_id],
            )
        )
        for offset, checkpoint_id in enumerate(ids):
            conn.execute(
                "UPDATE checkpoints SET phase_id = ?, position = ?, updated_at = ? WHERE id = ?",
                [phase_id, position + offset, now_iso(), checkpoint_id],
            )
