"""File › Import OpenSLO… and Export OpenSLO…: the CLI's interop, undoable in the app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from sreplan.kernel import WorkspaceError
from sreplan.kernel.files import write_text
from sreplan.kernel.workspace import refuse_overwriting
from sreplan.slo.openslo_import import (
    ImportSummary,
    OpenSloError,
    export_openslo,
    import_edit,
    read_openslo,
)
from sreplan.ui.dialogs import show_error, show_info
from sreplan.ui.operations import Operations

YAML_FILTER = "OpenSLO YAML (*.yaml *.yml);;All files (*)"


def import_files(
    ops: Operations, plan_id: str, paths: Sequence[str | Path], parent: QWidget | None
) -> ImportSummary | None:
    """Check the files, then add them to the plan as one undoable step; report problems.

    SLOs whose name the plan already has are updated in that same step (one Ctrl+Z).
    """
    try:
        parsed = read_openslo(paths)
    except OpenSloError as exc:
        show_error(parent, "Nothing imported", f"{exc}.\n\nNothing was imported.")
        return None
    edit, result = import_edit(plan_id, parsed)
    if not ops.run(edit):  # a refusal is reported through ops.failed
        return None
    summary = result.summary
    if summary is None:
        return None
    if summary.warnings or summary.updated:
        shown = "\n".join(f"• {w}" for w in summary.warnings[:12])
        more = len(summary.warnings) - 12
        if more > 0:
            shown += f"\n… and {more} more"
        title = "Imported with warnings" if summary.warnings else "Imported"
        show_info(parent, title, f"{_describe(summary)}\n\n{shown}".strip())
    return summary


def _describe(summary: ImportSummary) -> str:
    text = summary.describe()
    return text[0].upper() + text[1:] + "."


def export_file(ops: Operations, plan_id: str, path: str | Path) -> None:
    """Write the plan's SLOs as OpenSLO v1; the file appears only once complete."""
    out = Path(path)
    refuse_overwriting(ops.ws, out)
    write_text(out, export_openslo(ops.ws, plan_id), error=WorkspaceError)


def import_dialog(window: Any) -> None:
    """Menu handler: choose OpenSLO files and import them into the selected plan."""
    if window.plan_id is None:
        show_info(window, "Import OpenSLO", "Select the plan to import the SLOs into first.")
        return
    paths, _ = QFileDialog.getOpenFileNames(window, "Import OpenSLO", "", YAML_FILTER)
    if paths:
        import_files(window.ops, window.plan_id, paths, window)
        if hasattr(window, "editor"):
            window.editor("slos")


def export_dialog(window: Any) -> None:
    """Menu handler: write the selected plan's SLOs to an OpenSLO YAML file."""
    if window.plan_id is None:
        show_info(window, "Export OpenSLO", "Select the plan to export first.")
        return
    path, _ = QFileDialog.getSaveFileName(window, "Export OpenSLO", "slos.yaml", YAML_FILTER)
    if not path:
        return
    try:
        export_file(window.ops, window.plan_id, path)
    except WorkspaceError as exc:
        show_error(window, "Not exported", str(exc))
        return
    window.statusBar().showMessage(f"Exported the plan's SLOs to {path}", 5000)
