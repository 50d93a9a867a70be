"""File › Import OpenSLO… and Export OpenSLO…: the CLI's interop, undoable in the app."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from sreplan.kernel import WorkspaceError, records
from sreplan.slo.openslo_import import (
    ImportSummary,
    OpenSloError,
    export_openslo,
    import_openslo,
    read_openslo,
)
from sreplan.ui.dialogs import show_error, show_info
from sreplan.ui.operations import Operations

YAML_FILTER = "OpenSLO YAML (*.yaml *.yml);;All files (*)"
_TABLES = {"services", "slis", "slos", "alert_policy_rules"}


def import_files(
    ops: Operations, plan_id: str, paths: Sequence[str | Path], parent: QWidget | None
) -> ImportSummary | None:
    """Check the files, then add them to the plan as one undoable step; report problems."""
    try:
        parsed = read_openslo(paths)
    except OpenSloError as exc:
        show_error(parent, "Nothing imported", f"{exc}.\n\nNothing was imported.")
        return None
    old_rules = [
        r["id"]
        for r in ops.ws.rows("SELECT id FROM alert_policy_rules WHERE plan_id = ?", [plan_id])
    ]
    before = records.capture(ops.ws, "alert_policy_rules", old_rules)
    done: dict[str, ImportSummary] = {}

    def do() -> None:
        try:
            done["summary"] = import_openslo(ops.ws, plan_id, parsed)
        except OpenSloError as exc:
            raise WorkspaceError(f"{exc}. Nothing was imported.") from exc

    def undo() -> None:
        summary = done["summary"]
        records.delete(ops.ws, "slos", summary.slo_ids)
        records.delete(ops.ws, "slis", summary.sli_ids)
        records.delete(ops.ws, "services", summary.service_ids)
        if summary.alert_rules:
            ops.ws.conn.execute("DELETE FROM alert_policy_rules WHERE plan_id = ?", [plan_id])
            records.restore(ops.ws, before)

    count = len(parsed.slos)
    label = f"Import {count} SLO" + ("" if count == 1 else "s")
    if not ops.push(label, lambda _ws: do(), _TABLES, plan_id):
        return None
    summary = done["summary"]
    if summary.warnings:
        shown = "\n".join(f"• {w}" for w in summary.warnings[:12])
        more = len(summary.warnings) - 12
        if more > 0:
            shown += f"\n… and {more} more"
        show_info(parent, "Imported with warnings", f"{_describe(summary)}\n\n{shown}")
    return summary


def _describe(summary: ImportSummary) -> str:
    text = (
        f"Imported {summary.slos} SLOs, {summary.slis} new SLIs and "
        f"{summary.services} new services."
    )
    if summary.alert_rules:
        text += f" The plan's alert policy now has the file's {summary.alert_rules} rules."
    return text


def export_file(ops: Operations, plan_id: str, path: str | Path) -> None:
    """Write the plan's SLOs as OpenSLO v1; the file appears only once complete."""
    out = Path(path)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(export_openslo(ops.ws, plan_id), encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WorkspaceError(f"Could not write {out}: {exc.strerror or exc}.") from exc


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
