"""Every checkpoint edit as one undoable operation, through the shared Operations path.

Each method captures what it needs to put things back, then pushes one command:
a bulk status change of 500 items is one undo step, and so is applying a template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sreplan.checkpoints.model import Checkpoint, CheckpointStatus, WaiverReason
from sreplan.checkpoints.store import (
    add_checkpoint,
    add_phase,
    checkpoint_to_row,
    list_phases,
    rename_phase,
    reorder_phases,
    set_owner,
    set_status,
    update_checkpoint,
)
from sreplan.checkpoints.template_store import (
    apply_template,
    plan_as_template,
    save_custom_template,
)
from sreplan.checkpoints.templates import Template
from sreplan.kernel import Workspace, records
from sreplan.kernel.ids import new_id
from sreplan.ui.operations import Operations

TABLES = frozenset({"checkpoints", "phases", "checkpoint_templates"})
_STATUS_FIELDS = ("id", "status", "waiver_reason", "waiver_note", "updated_at")


def _ignore(_result: object) -> None:
    """Store functions return counts or records; an operation only needs them to run."""


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


class CheckpointOps:
    """The checkpoint editor's write path for one plan."""

    def __init__(self, ops: Operations) -> None:
        self.ops = ops
        self.plan_id: str | None = None

    @property
    def ws(self) -> Workspace:
        return self.ops.ws

    def _push(self, label: str, do: Callable[[Workspace], object]) -> bool:
        return self.ops.push(label, lambda ws: _ignore(do(ws)), TABLES, self.plan_id)

    def _saved_fields(self, ids: Sequence[str], fields: Sequence[str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            rows += self.ws.rows(
                f"SELECT {', '.join(fields)} FROM checkpoints "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        return rows

    def _put_back(self, rows: list[dict[str, Any]]) -> None:
        """Write saved fields back (one statement for all rows: undo of a bulk edit is fast)."""
        if not rows:
            return
        columns = [c for c in rows[0] if c != "id"]
        assignments = ", ".join(f"{c} = ?" for c in columns)
        with self.ws.write() as conn:
            conn.executemany(
                f"UPDATE checkpoints SET {assignments} WHERE id = ?",
                [[row[c] for c in columns] + [row["id"]] for row in rows],
            )

    # Items -------------------------------------------------------------------------------

    def edit(
        self, checkpoint_id: str, values: Mapping[str, Any], label: str, merge: bool = False
    ) -> bool:
        """Change fields of one item (validated by the store; last-changed set).

        With ``merge``, successive edits of the same fields (typing) are one undo step.
        """
        fields = ["id", *values, "updated_at", "waiver_reason", "waiver_note"]
        old = self._saved_fields([checkpoint_id], list(dict.fromkeys(fields)))
        if not old:
            return False
        if all(old[0][k] == v for k, v in values.items()):
            return True
        values = dict(values)
        return self.ops.push(
            label,
            lambda _ws: update_checkpoint(self.ws, checkpoint_id, values),
            TABLES,
            self.plan_id,
            ("checkpoint", checkpoint_id, tuple(sorted(values))) if merge else None,
        )

    def set_status(
        self,
        ids: Sequence[str],
        status: CheckpointStatus,
        reason: WaiverReason | None = None,
        note: str = "",
    ) -> bool:
        label = f"Set {_plural(len(ids), 'Checkpoint')} to {status.label}"
        return self._push(
            label,
            lambda _ws: set_status(self.ws, ids, status, reason, note),
        )

    def set_owner(self, ids: Sequence[str], owner: str) -> bool:
        label = f"Set Owner of {_plural(len(ids), 'Checkpoint')}"
        return self._push(
            label,
            lambda _ws: set_owner(self.ws, ids, owner),
        )

    def add(self, phase_id: str, title: str = "New checkpoint") -> str | None:
        if self.plan_id is None:
            return None
        item = Checkpoint(new_id(), self.plan_id, phase_id, title)
        created: list[dict[str, Any]] = []

        def do() -> None:
            if created:
                records.restore(self.ws, records.Snapshot((("checkpoints", tuple(created)),)))
            else:
                created.append(checkpoint_to_row(add_checkpoint(self.ws, item)))

        ok = self._push(
            "Add Checkpoint", lambda _ws: do()
        )
        return item.id if ok else None

    def delete(self, ids: Sequence[str]) -> bool:
        return self.ops.delete(
            "checkpoints", list(ids), f"Delete {_plural(len(ids), 'Checkpoint')}", self.plan_id
        )

    def move_to_phase(self, ids: Sequence[str], phase_id: str) -> bool:
        end = int(
            self.ws.scalar(
                "SELECT coalesce(max(position) + 1, 0) FROM checkpoints WHERE phase_id = ?",
                [phase_id],
            )
        )

        def do() -> None:
            for offset, checkpoint_id in enumerate(ids):
                update_checkpoint(
                    self.ws, checkpoint_id, {"phase_id": phase_id, "position": end + offset}
                )

        return self._push(
            f"Move {_plural(len(ids), 'Checkpoint')}", lambda _ws: do()
        )

    # Phases ------------------------------------------------------------------------------

    def add_phase(self, name: str) -> str | None:
        if self.plan_id is None:
            return None
        phase_id = new_id()
        plan_id = self.plan_id
        ok = self._push(
            "Add Phase",
            lambda _ws: add_phase(self.ws, plan_id, name, phase_id),
        )
        return phase_id if ok else None

    def rename_phase(self, phase_id: str, name: str) -> bool:
        return self._push(
            "Rename Phase",
            lambda _ws: rename_phase(self.ws, phase_id, name),
        )

    def reorder_phases(self, ordered_ids: Sequence[str]) -> bool:
        if self.plan_id is None:
            return False
        plan_id = self.plan_id
        return self._push(
            "Reorder Phases",
            lambda _ws: reorder_phases(self.ws, plan_id, ordered_ids),
        )

    def delete_phase(self, phase_id: str) -> bool:
        return self.ops.delete("phases", [phase_id], "Delete Phase", self.plan_id)

    # Templates ---------------------------------------------------------------------------

    def apply_template(self, template: Template) -> tuple[int, int] | None:
        """Merge a template; undo removes exactly what it added. Returns (added, present)."""
        if self.plan_id is None:
            return None
        plan_id = self.plan_id
        present = {
            r[0] for r in self.ws.conn.execute(
                "SELECT template_key FROM checkpoints WHERE plan_id = ?", [plan_id]
            )
        }
        if all(item.key in present for item in template.items):
            return 0, len(template.items)  # nothing to add: no empty step on the undo stack
        result: list[tuple[int, int]] = []
        added: list[records.Snapshot] = []

        def do() -> None:
            if added:  # redo: the same rows, under the same ids
                records.restore(self.ws, added[0])
                return
            phases_before = {p.id for p in list_phases(self.ws, plan_id)}
            items_before = set(self._ids())
            outcome = apply_template(self.ws, plan_id, template)
            result.append((outcome.added, outcome.present))
            new_phases = [p.id for p in list_phases(self.ws, plan_id) if p.id not in phases_before]
            new_items = [i for i in self._ids() if i not in items_before]
            phases = records.capture(self.ws, "phases", new_phases)
            items = records.capture(self.ws, "checkpoints", new_items)
            added.append(records.Snapshot(phases.tables + items.tables))

        def undo() -> None:
            snapshot = added[0]
            records.delete(self.ws, "checkpoints", [r["id"] for r in snapshot.rows("checkpoints")])
            records.delete(self.ws, "phases", [r["id"] for r in snapshot.rows("phases")])

        ok = self._push(f"Apply Template {template.name}", lambda _ws: do())
        return result[0] if ok and result else None

    def _ids(self) -> list[str]:
        return [
            r[0]
            for r in self.ws.conn.execute(
                "SELECT id FROM checkpoints WHERE plan_id = ?", [self.plan_id]
            )
        ]

    def save_as_template(self, key: str, name: str, description: str) -> Template | None:
        """Save the checklist as a custom template; undo restores keys and the old template."""
        if self.plan_id is None:
            return None
        plan_id = self.plan_id
        keys_before = self._saved_fields(self._ids(), ("id", "template_key"))
        old_template = self.ws.rows("SELECT * FROM checkpoint_templates WHERE key = ?", [key])
        saved: list[Template] = []

        def do() -> None:
            template = plan_as_template(self.ws, plan_id, key, name, description)
            save_custom_template(self.ws, template)
            saved[:] = [template]

        def undo() -> None:
            for row in keys_before:
                self.ws.conn.execute(
                    "UPDATE checkpoints SET template_key = ? WHERE id = ?",
                    [row["template_key"], row["id"]],
                )
            self.ws.conn.execute("DELETE FROM checkpoint_templates WHERE key = ?", [key])
            if old_template:
                records.insert(self.ws, "checkpoint_templates", old_template)

        ok = self._push(f"Save Template {name}", lambda _ws: do())
        return saved[0] if ok and saved else None

    def import_template(self, template: Template) -> bool:
        """Add a template read from a file to the workspace's custom templates."""
        old_template = self.ws.rows(
            "SELECT * FROM checkpoint_templates WHERE key = ?", [template.key]
        )

        def undo() -> None:
            self.ws.conn.execute("DELETE FROM checkpoint_templates WHERE key = ?", [template.key])
            if old_template:
                records.insert(self.ws, "checkpoint_templates", old_template)

        return self._push(
            f"Import Template {template.name}",
            lambda _ws: save_custom_template(self.ws, template),
        )
