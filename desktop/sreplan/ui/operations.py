"""The one path for user edits: run the change, commit, record undo, tell the views.

Every edit is an :class:`Operation` pushed here. The change is applied (one
committed transaction, so it is durable the moment the UI shows it), then put
on the undo stack; ``changed`` tells every open view which tables moved, and
views reload what they show from the file. Views never write on their own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sreplan.kernel import Workspace, WorkspaceError, records
from sreplan.kernel.workspace import now_iso


@dataclass(frozen=True)
class Change:
    """What an edit touched: views reload when a table they show is in ``tables``."""

    tables: frozenset[str]
    plan_id: str | None = None

    def touches(self, *tables: str) -> bool:
        return not self.tables.isdisjoint(tables)


class _Command(QUndoCommand):
    _MERGE_ID = 0x5E11

    def __init__(
        self,
        ops: Operations,
        label: str,
        do: Callable[[], None],
        undo: Callable[[], None],
        change: Change,
        merge_key: Hashable | None,
    ) -> None:
        super().__init__(label)
        self._ops = ops
        self._do = do
        self._undo = undo
        self._change = change
        self.merge_key = merge_key
        self.sealed = False
        self._applied_once = True  # push() applies the change before the command is stacked

    def redo(self) -> None:
        if self._applied_once:
            self._applied_once = False
            return
        self._ops._apply(self._do, self._change)

    def undo(self) -> None:
        self._ops._apply(self._undo, self._change)

    def id(self) -> int:
        return self._MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Command) or self.sealed or other.merge_key != self.merge_key:
            return False
        self._do = other._do  # keep our undo: it goes back to before the first keystroke
        self._change = Change(self._change.tables | other._change.tables, self._change.plan_id)
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

    def _apply(self, fn: Callable[[], None], change: Change) -> bool:
        try:
            with self.ws.write():
                fn()
        except (WorkspaceError, sqlite3.Error, OSError, LookupError) as exc:
            self.failed.emit(_describe(exc))
            return False
        self.changed.emit(change)
        return True

    def push(
        self,
        label: str,
        do: Callable[[], None],
        undo: Callable[[], None],
        tables: Iterable[str],
        plan_id: str | None = None,
        merge_key: Hashable | None = None,
    ) -> bool:
        """Apply ``do`` now; if it succeeds, make it undoable. Returns whether it was applied."""
        change = Change(frozenset(tables), plan_id)
        if not self._apply(do, change):
            return False
        self.stack.push(_Command(self, label, do, undo, change, merge_key))
        return True

    def seal(self) -> None:
        """End a run of merged edits (e.g. when a field loses focus)."""
        top = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if isinstance(top, _Command):
            top.sealed = True

    # Conveniences for the common edits; anything else uses push() directly.

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
            old = records.fetch(self.ws, table, record_id, new)
        except (sqlite3.Error, LookupError) as exc:
            self.failed.emit(_describe(exc))
            return False
        if all(old[k] == v for k, v in values.items()):
            return True
        merge_key = (table, record_id, tuple(sorted(values))) if merge else None
        return self.push(
            label,
            lambda: records.update(self.ws, table, record_id, new),
            lambda: records.update(self.ws, table, record_id, old),
            {table},
            plan_id,
            merge_key,
        )

    def insert(
        self, table: str, rows: Sequence[Mapping[str, Any]], label: str, plan_id: str | None = None
    ) -> bool:
        ids = [str(r["id"]) for r in rows]
        return self.push(
            label,
            lambda: records.insert(self.ws, table, rows),
            lambda: records.delete(self.ws, table, ids),
            {table},
            plan_id,
        )

    def delete(
        self, table: str, ids: Sequence[str], label: str, plan_id: str | None = None
    ) -> bool:
        """Delete records with everything that depends on them; undo puts it all back."""
        snapshot = records.capture(self.ws, table, ids)
        tables = {t for t, _ in snapshot.tables} | {table}
        return self.push(
            label,
            lambda: records.delete(self.ws, table, ids),
            lambda: records.restore(self.ws, snapshot),
            tables,
            plan_id,
        )

    def restore(self, snapshot: records.Snapshot, label: str, plan_id: str | None = None) -> bool:
        """Add a captured set of records (e.g. a duplicated plan); undo removes them."""
        roots = snapshot.tables[0]
        ids = [str(r["id"]) for r in roots[1]]
        return self.push(
            label,
            lambda: records.restore(self.ws, snapshot),
            lambda: records.delete(self.ws, roots[0], ids),
            {t for t, _ in snapshot.tables},
            plan_id,
        )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, WorkspaceError):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
        return "The disk is full: the change could not be saved."
    if isinstance(exc, OSError):
        return f"The change could not be saved: {exc.strerror or exc}."
    return f"The change could not be saved: {exc}."
