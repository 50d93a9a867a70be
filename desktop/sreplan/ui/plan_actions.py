"""Plan-level commands: new, duplicate, delete and import, each one undoable step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from sreplan.features import create_plan
from sreplan.kernel import WorkspaceError, transfer
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.plans import edits
from sreplan.plans.store import new_plan
from sreplan.ui import dialogs

if TYPE_CHECKING:
    from sreplan.ui.main_window import MainWindow


class PlanActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.new_action = QAction("&New Plan", window)
        self.new_action.setShortcuts(QKeySequence.StandardKey.New)
        self.duplicate_action = QAction("&Duplicate Plan", window)
        self.duplicate_action.setShortcut(QKeySequence("Ctrl+D"))
        self.delete_action = QAction("De&lete Plan…", window)
        # Delete acts on the plan only while the plan list has focus, never inside a field.
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.plan_view.addAction(self.delete_action)
        self.new_action.triggered.connect(self.new_plan)
        self.duplicate_action.triggered.connect(self.duplicate_plan)
        self.delete_action.triggered.connect(self.delete_plan)

    def install(self, menu: QMenu) -> None:
        menu.addAction(self.new_action)
        menu.addAction(self.duplicate_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)

    def set_read_only(self, read_only: bool) -> None:
        self.new_action.setEnabled(not read_only)
        self._window.new_plan_button.setEnabled(not read_only)
        self.set_plan(self._window.plan_id)

    def set_plan(self, plan_id: str | None) -> None:
        writable = not self._window.ws.read_only
        self.duplicate_action.setEnabled(writable and plan_id is not None)
        self.delete_action.setEnabled(writable and plan_id is not None)

    def new_plan(self) -> None:
        w = self._window
        plan = new_plan("New plan")
        # Every feature's start for a plan comes with it (features.py knows them all).
        edit = Edit("New Plan", frozenset({"plans"}), lambda ws: create_plan(ws, plan), plan.id)
        if w.ops.run(edit):
            w.select_plan(plan.id)
            editor = w.editor("overview")
            editor.focus_name()  # type: ignore[attr-defined]

    def duplicate_plan(self) -> None:
        w = self._window
        w.pick_highlighted_plan()
        name = w.plan_name()
        if w.plan_id is None or name is None:
            return
        copy_id = new_id()
        if w.ops.run(edits.duplicate_plan(w.plan_id, f"{name} (copy)", copy_id)):
            w.select_plan(copy_id)

    def delete_plan(self) -> None:
        w = self._window
        w.pick_highlighted_plan()
        name = w.plan_name()
        if w.plan_id is None or name is None:
            return
        if not dialogs.confirm(
            w,
            "Delete Plan",
            f"Delete the plan “{name}” and everything in it?\n\nEdit › Undo brings it back.",
            "Delete",
        ):
            return
        w.ops.run(edits.delete_plan(w.plan_id))

    def import_from(self, path: Path) -> None:
        """Merge the plans of another workspace file; asks about each plan already here."""
        w = self._window
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            incoming, snapshots = transfer.read_incoming(w.ws, path)
        except WorkspaceError as exc:
            QGuiApplication.restoreOverrideCursor()
            dialogs.show_error(w, "Import Plans", str(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        if not incoming:
            dialogs.show_info(w, "Import Plans", f"{path.name} holds no plans.")
            return
        decisions: dict[str, transfer.Conflict] = {}
        for plan in incoming:
            if plan.clashes:
                answer = dialogs.ask_conflict(w, plan.name)
                if answer is None:
                    return
                decisions[plan.id] = transfer.Conflict(answer)
        prepared = transfer.prepare_import(w.ws, snapshots, decisions)
        if w.ops.run(edits.import_plans(prepared)):
            w.select_plan(prepared[0].plan_id)
            w.statusBar().showMessage(f"Imported {len(prepared)} plan(s) from {path.name}", 5000)
