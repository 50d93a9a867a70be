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

from sreplan.kernel import Workspace, edits
from sreplan.kernel.edits import Action, Edit, RowChange, withdrawal
from sreplan.kernel.errors import UserError


@dataclass(frozen=True)
class Change:
    """What an edit touched: views reload when a table they show is in ``tables``."""

    tables: frozenset[str]
    plan_id: str | None = None
    # Every row written, before -> after in the direction it just happened (an undo's
    # rows are reversed), so a view can refresh only what moved.
    rows: tuple[RowChange, ...] = ()

    def touches(self, *tables: str) -> bool:
        return not self.tables.isdisjoint(tables)

    def updated_columns(self, table: str) -> frozenset[str] | None:
        """The columns changed in ``table`` when the edit only updated rows there and
        wrote no other table the edit named; ``None`` when rows were added or removed
        or another table moved (a view must then reload)."""
        if not self.rows:
            return None
        columns: set[str] = set()
        for change in self.rows:
            if change.table != table:
                return None
            if change.before is None or change.after is None:
                return None
            columns.update(k for k, v in change.after.items() if change.before.get(k) != v)
        return frozenset(columns)

    def row_ids(self, table: str) -> frozenset[str]:
        return frozenset(c.id for c in self.rows if c.table == table)


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
        if not self.edit.changes:  # the run cancelled out: Qt drops the command
            self.setObsolete(True)
        return True


class Operations(QObject):
    """Applies edits to one workspace and keeps its undo stack."""

    changed = Signal(object)  # Change
    failed = Signal(str)  # a message for the user

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.stack = QUndoStack(self)
        self.closed = False  # the workspace was closed: background work must stop reading it

    def close(self) -> None:
        """Mark the workspace as going away (its window closes or opens another file)."""
        self.closed = True

    @property
    def read_only(self) -> bool:
        return self.ws.read_only

    # The write path ----------------------------------------------------------------

    def _attempt(self, write: Any) -> bool:
        """Run ``write(ws)``; on a user-facing failure say why and report False."""
        try:
            write(self.ws)
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        except sqlite3.OperationalError as exc:  # disk full, file locked, I/O error
            self.failed.emit(_describe(exc))
            return False
        return True

    def _changed(self, edit: Edit, *, undone: bool = False) -> None:
        rows = edit.changes or ()
        if undone:
            rows = tuple(RowChange(c.table, c.id, c.after, c.before) for c in rows)
        self.changed.emit(Change(edit.touched, edit.plan_id, rows))

    def run(self, edit: Edit) -> bool:
        """Apply ``edit`` now; if it changed anything, make it undoable. Returns whether it
        was applied (an edit that finds nothing to change counts as applied)."""
        if not self._attempt(edit.apply):
            return False
        if edit.changes:
            self.stack.push(_Command(edit))
            self._changed(edit)
        return True

    def undo(self) -> bool:
        """Revert the edit before the stack's index; the stack moves only if that worked."""
        index = self.stack.index()
        command = self.stack.command(index - 1) if index > 0 else None
        if not isinstance(command, _Command):
            return False
        command.sealed = True
        if not self._attempt(command.edit.revert):
            return False
        self.stack.undo()
        self._changed(command.edit, undone=True)
        return True

    def redo(self) -> bool:
        index = self.stack.index()
        command = self.stack.command(index) if index < self.stack.count() else None
        if not isinstance(command, _Command):
            return False
        if not self._attempt(command.edit.apply):
            return False
        self.stack.redo()
        self._changed(command.edit)
        return True

    def withdraw_open_run(self, record_id: str) -> None:
        """Take back the unsealed run of merged keystrokes on ``record_id``, if any.

        Used when a field's text stops being valid: the file goes back to the value
        from before the run, and the run leaves no undo step.
        """
        index = self.stack.index()
        top = self.stack.command(index - 1) if index > 0 else None
        if (
            not isinstance(top, _Command)
            or top.sealed
            or top.edit.merge_key is None
            or not top.edit.changes
            or record_id not in _flatten(top.edit.merge_key)
        ):
            return
        self.run(withdrawal(top.edit))

    def seal(self) -> None:
        """End a run of merged edits (e.g. when a field loses focus)."""
        top = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if isinstance(top, _Command):
            top.sealed = True

    # Conveniences over the kernel's generic record edits; features build the rest ------

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
        return self.run(
            edits.set_fields(table, record_id, values, label, plan_id=plan_id, merge=merge)
        )

    def insert(
        self, table: str, rows: Sequence[Mapping[str, Any]], label: str, plan_id: str | None = None
    ) -> bool:
        return self.run(edits.insert(table, rows, label, plan_id=plan_id))

    def delete(
        self, table: str, ids: Sequence[str], label: str, plan_id: str | None = None
    ) -> bool:
        """Delete records with everything that depends on them; undo puts it all back."""
        return self.run(edits.delete(table, ids, label, plan_id=plan_id))


def _flatten(key: object) -> tuple[object, ...]:
    return tuple(key) if isinstance(key, tuple) else (key,)


def _describe(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "The disk is full: the change could not be saved."
    if "locked" in text or "busy" in text:
        return "The workspace is locked by another program: the change could not be saved."
    return f"The change could not be saved: {exc}."
