"""The one path for user edits: apply a kernel Edit, commit, stack it, tell the views.

Features build :class:`~sreplan.kernel.edits.Edit` objects (Qt-free, in their
``edits.py``); this module only applies them (one committed transaction each,
so an edit is durable the moment the UI shows it), keeps them on a
``QUndoStack`` and emits ``changed`` with the tables that moved. When applying,
undoing or redoing fails, the transaction rolls back, the stack stays where it
was and ``failed`` carries a message for the user.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sreplan.kernel import Workspace, records
from sreplan.kernel.edits import Action, Edit
from sreplan.kernel.errors import UserError
from sreplan.kernel.workspace import now_iso


@dataclass(frozen=True)
class Change:
    """What an edit touched: views reload when a table they show is in ``tables``."""

    tables: frozenset[str]
    plan_id: str | None = None

    def touches(self, *tables: str) -> bool:
        return not self.tables.isdisjoint(tables)


class _Command(QUndoCommand):
    """Holds an applied Edit on the stack; Operations does the writing, not Qt."""

    _MERGE_ID = 0x5E11

    def __init__(self, edit: Edit) -> None:
        super().__init__(edit.label)
        self.edit = edit
        self.sealed = False

    def redo(self) -> None:  # the write already happened (or failed) in Operations
        pass

    def undo(self) -> None:
        pass

    def id(self) -> int:
        return self._MERGE_ID if self.edit.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, _Command)
            or self.sealed
            or other.edit.merge_key != self.edit.merge_key
        ):
            return False
        self.edit.absorb(other.edit)
        return True


class Operations(QObject):
    """Applies edits to one workspace and keeps its undo stack."""

    changed = Signal(object)  # Change
    failed = Signal(str)  # a message for the user

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.stack = QUndoStack(self)

    @property
    def read_only(self) -> bool:
        return self.ws.read_only

    # The write path ----------------------------------------------------------------

    def _attempt(self, write: Any, edit: Edit) -> bool:
        """Run ``write(ws)``; on a user-facing failure say why and report False."""
        try:
            write(self.ws)
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        except sqlite3.OperationalError as exc:  # disk full, file locked, I/O error
            self.failed.emit(_describe(exc))
            return False
        self.changed.emit(Change(edit.touched, edit.plan_id))
        return True

    def run(self, edit: Edit) -> bool:
        """Apply ``edit`` now; if it succeeds, make it undoable. Returns whether it was applied."""
        if not self._attempt(edit.apply, edit):
            return False
        if edit.changes:
            self.stack.push(_Command(edit))
        return True

    def undo(self) -> bool:
        """Revert the edit before the stack's index; the stack moves only if that worked."""
        index = self.stack.index()
        command = self.stack.command(index - 1) if index > 0 else None
        if not isinstance(command, _Command):
            return False
        command.sealed = True
        if not self._attempt(command.edit.revert, command.edit):
            return False
        self.stack.undo()
        return True

    def redo(self) -> bool:
        index = self.stack.index()
        command = self.stack.command(index) if index < self.stack.count() else None
        if not isinstance(command, _Command):
            return False
        if not self._attempt(command.edit.apply, command.edit):
            return False
        self.stack.redo()
        return True

    def seal(self) -> None:
        """End a run of merged edits (e.g. when a field loses focus)."""
        top = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if isinstance(top, _Command):
            top.sealed = True

    # Conveniences: generic edits of records; features build anything else ----------

    def push(
        self,
        label: str,
        do: Action,
        tables: Iterable[str],
        plan_id: str | None = None,
        merge_key: Hashable | None = None,
    ) -> bool:
        """Run ``do(ws)`` as one undoable edit (the journal records what it wrote)."""
        return self.run(Edit(label, frozenset(tables), do, plan_id, merge_key))

    def set_fields(
        self,
        table: str,
        record_id: str,
        values: Mapping[str, Any],
        label: str,
        plan_id: str | None = None,
        merge: bool = False,
    ) -> bool:
        """Change some fields of one record; with ``merge``, keystrokes join one undo step."""
        new = dict(values)
        if table == "plans":
            new["updated_at"] = now_iso()
        try:
            old = records.fetch(self.ws, table, record_id, values)
        except LookupError as exc:
            self.failed.emit(f"That record is gone: {exc}.")
            return False
        if all(old[k] == v for k, v in values.items()):
            return True
        merge_key = (table, record_id, tuple(sorted(values))) if merge else None
        return self.push(
            label,
            lambda ws: records.update(ws, table, record_id, new),
            {table},
            plan_id,
            merge_key,
        )

    def insert(
        self, table: str, rows: Sequence[Mapping[str, Any]], label: str, plan_id: str | None = None
    ) -> bool:
        return self.push(label, lambda ws: records.insert(ws, table, rows), {table}, plan_id)

    def delete(
        self, table: str, ids: Sequence[str], label: str, plan_id: str | None = None
    ) -> bool:
        """Delete records with everything that depends on them; undo puts it all back."""
        return self.push(label, lambda ws: records.delete(ws, table, ids), {table}, plan_id)

    def restore(self, snapshot: records.Snapshot, label: str, plan_id: str | None = None) -> bool:
        """Add a captured set of records (e.g. a duplicated plan); undo removes them."""
        return self.push(
            label,
            lambda ws: records.restore(ws, snapshot),
            {t for t, _ in snapshot.tables},
            plan_id,
        )


def _describe(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "The disk is full: the change could not be saved."
    if "locked" in text or "busy" in text:
        return "The workspace is locked by another program: the change could not be saved."
    return f"The change could not be saved: {exc}."
