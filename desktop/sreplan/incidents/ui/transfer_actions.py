"""File › Import Postmortems… and Export Postmortems…: the CLI's interop, undoable in the app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from sreplan.incidents import edits
from sreplan.incidents.formats.postmortem import ImportPlan
from sreplan.incidents.transfer import export_postmortems, plan_import
from sreplan.kernel.errors import UserError
from sreplan.ui.dialogs import show_error, show_info
from sreplan.ui.operations import Operations

MD_FILTER = "Markdown postmortems (*.md *.markdown);;All files (*)"


def import_files(
    ops: Operations, plan_id: str, paths: Sequence[str | Path], parent: QWidget | None
) -> ImportPlan | None:
    """Read and check every file, then add them all as one undoable step; say what changed."""
    try:
        plan = plan_import(ops.ws, plan_id, [Path(p) for p in paths])
    except UserError as exc:
        show_error(parent, "Nothing imported", f"{exc}\n\nNothing was imported.")
        return None
    if not ops.run(edits.import_incidents(plan_id, plan.incidents)):
        return None
    keys = ", ".join(i.key for i in plan.incidents)
    if plan.notices:
        shown = "\n".join(f"• {n}" for n in plan.notices[:15])
        if len(plan.notices) > 15:
            shown += f"\n… and {len(plan.notices) - 15} more"
        show_info(parent, "Imported", f"Imported {keys}. Not kept as they were:\n\n{shown}")
    return plan


def import_dialog(window: Any) -> None:
    if window.plan_id is None:
        show_info(window, "Import Postmortems", "Select the plan to import into first.")
        return
    paths, _ = QFileDialog.getOpenFileNames(window, "Import Postmortems", "", MD_FILTER)
    if paths:
        import_files(window.ops, window.plan_id, paths, window)
        if hasattr(window, "editor"):
            window.editor("incidents")


def export_dialog(window: Any) -> None:
    if window.plan_id is None:
        show_info(window, "Export Postmortems", "Select the plan to export first.")
        return
    folder = QFileDialog.getExistingDirectory(window, "Export Postmortems to a Folder")
    if not folder:
        return
    try:
        written = export_postmortems(window.ops.ws, window.plan_id, Path(folder))
    except UserError as exc:
        show_error(window, "Not exported", str(exc))
        return
    window.statusBar().showMessage(f"Wrote {len(written)} postmortems to {folder}", 5000)
