"""The checkpoint editor's write path: each method runs one Edit from checkpoints.edits.

The edits themselves (what is written, how undo and redo replay it) live below the
UI in :mod:`sreplan.checkpoints.edits`; this only remembers the editor's plan and
answers with what the widgets need next (the new id, the counts of a template).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sreplan.checkpoints import edits
from sreplan.checkpoints.model import CheckpointStatus, WaiverReason
from sreplan.checkpoints.queries import template_keys
from sreplan.checkpoints.store import checkpoint_row
from sreplan.checkpoints.template_store import apply_counts, find_template
from sreplan.checkpoints.templates import Template
from sreplan.kernel import Workspace
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.ui.operations import Operations

TABLES = edits.TABLES


class CheckpointOps:
    """Runs checkpoint edits for one plan through the shared Operations."""

    def __init__(self, ops: Operations) -> None:
        self.ops = ops
        self.plan_id: str | None = None

    @property
    def ws(self) -> Workspace:
        return self.ops.ws

    # Items -------------------------------------------------------------------------------

    def edit(
        self, checkpoint_id: str, values: Mapping[str, Any], label: str, merge: bool = False
    ) -> bool:
        """Change fields of one item; with ``merge``, typing in one field is one undo step."""
        if checkpoint_row(self.ws, checkpoint_id) is None:
            return False  # deleted meanwhile (e.g. undone): nothing to change
        return self.ops.run(
            edits.edit_checkpoint(self.plan_id, checkpoint_id, values, label, merge=merge)
        )

    def set_status(
        self,
        ids: Sequence[str],
        status: CheckpointStatus,
        reason: WaiverReason | None = None,
        note: str = "",
    ) -> bool:
        return self.ops.run(edits.set_status(self.plan_id, ids, status, reason, note))

    def set_owner(self, ids: Sequence[str], owner: str) -> bool:
        return self.ops.run(edits.set_owner(self.plan_id, ids, owner))

    def add(self, phase_id: str, title: str = "New checkpoint") -> str | None:
        if self.plan_id is None:
            return None
        checkpoint_id = new_id()
        ok = self.ops.run(edits.add_checkpoint(self.plan_id, phase_id, checkpoint_id, title))
        return checkpoint_id if ok else None

    def delete(self, ids: Sequence[str]) -> bool:
        return self.ops.run(edits.delete_checkpoints(self.plan_id, ids))

    def move_to_phase(self, ids: Sequence[str], phase_id: str) -> bool:
        return self.ops.run(edits.move_to_phase(self.plan_id, ids, phase_id))

    # Phases ------------------------------------------------------------------------------

    def add_phase(self, name: str) -> str | None:
        if self.plan_id is None:
            return None
        phase_id = new_id()
        ok = self.ops.run(edits.add_phase(self.plan_id, name, phase_id))
        return phase_id if ok else None

    def add_default_phases(self) -> bool:
        if self.plan_id is None:
            return False
        return self.ops.run(edits.add_default_phases(self.plan_id))

    def rename_phase(self, phase_id: str, name: str) -> bool:
        return self.ops.run(edits.rename_phase(self.plan_id, phase_id, name))

    def reorder_phases(self, ordered_ids: Sequence[str]) -> bool:
        if self.plan_id is None:
            return False
        return self.ops.run(edits.reorder_phases(self.plan_id, ordered_ids))

    def delete_phase(self, phase_id: str) -> bool:
        return self.ops.run(edits.delete_phase(self.plan_id, phase_id))

    # Templates ---------------------------------------------------------------------------

    def apply_template(self, template: Template) -> tuple[int, int] | None:
        """Merge a template; undo removes exactly what it added. Returns (added, present)."""
        if self.plan_id is None:
            return None
        added, present = apply_counts(template, template_keys(self.ws, self.plan_id))
        if not added:
            return 0, present  # nothing to add: no empty step on the undo stack
        if not self.ops.run(edits.apply_template(self.plan_id, template)):
            return None
        return added, present

    def save_as_template(self, key: str, name: str, description: str) -> Template | None:
        """Save the checklist as a custom template; undo restores keys and the old template."""
        if self.plan_id is None:
            return None
        if not self.ops.run(edits.save_as_template(self.plan_id, key, name, description)):
            return None
        try:
            return find_template(self.ws, key)
        except WorkspaceError:
            return None

    def import_template(self, template: Template) -> bool:
        """Add a template read from a file to the workspace's custom templates."""
        return self.ops.run(edits.import_template(self.plan_id, template))
