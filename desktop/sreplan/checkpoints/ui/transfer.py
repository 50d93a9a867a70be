"""Templates and exports of the checkpoint editor: apply, save, import, export.

File errors are the user's to fix (a message naming file, line and field);
nothing is written to the plan until a template has been read completely.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QListWidget,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from sreplan.checkpoints.formats.checklist import export
from sreplan.checkpoints.formats.template_yaml import (
    TemplateError,
    builtin_templates,
    dump_template,
    read_template_file,
)
from sreplan.checkpoints.queries import load_checklist, plan_name, template_keys
from sreplan.checkpoints.template_store import all_templates
from sreplan.checkpoints.templates import Template
from sreplan.checkpoints.ui.dialogs import TemplateDetailsDialog
from sreplan.kernel import Workspace
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.files import write_text
from sreplan.kernel.workspace import refuse_overwriting
from sreplan.ui import dialogs
from sreplan.ui.fields import plain_label

if TYPE_CHECKING:
    from sreplan.checkpoints.ui.editor import CheckpointEditor

YAML_FILTER = "Checklist templates (*.yaml *.yml);;All files (*)"
EXPORTS = {
    "md": ("Markdown", "Markdown (*.md)"),
    "csv": ("CSV", "CSV spreadsheets (*.csv)"),
    "json": ("JSON", "JSON (*.json)"),
}


class TemplatePicker(QDialog):
    """A list of templates with what choosing one would do to this plan."""

    def __init__(
        self, templates: list[Template], present: set[str], action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{action} Template")
        self._templates = templates
        self._present = present
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        for template in templates:
            kind = "built-in" if template.builtin else "custom"
            self.list.addItem(f"{template.name}  ({len(template.items)} items, {kind})")
        self.description = plain_label()
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(70)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._describe)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.setCurrentRow(0)
        self.resize(520, 380)

    def chosen(self) -> Template | None:
        row = self.list.currentRow()
        return self._templates[row] if 0 <= row < len(self._templates) else None

    def _describe(self, row: int) -> None:
        template = self.chosen()
        self.ok.setEnabled(template is not None)
        if template is None:
            self.description.setText("")
            return
        new = sum(1 for item in template.items if item.key not in self._present)
        self.description.setText(
            f"{template.description}\n\nApplying it adds {new} item{'s' if new != 1 else ''}; "
            f"{len(template.items) - new} already in this plan stay as they are."
        )


class ChecklistTransfer:
    """The Templates and Export menus of one checkpoint editor."""

    def __init__(self, editor: CheckpointEditor) -> None:
        self._editor = editor
        self._write_actions: list[object] = []

    @property
    def _ws(self) -> Workspace:
        return self._editor.edits.ops.ws

    def template_menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        apply = menu.addAction("&Apply Template…", self.apply_template)
        save = menu.addAction("&Save Checklist as Template…", self.save_as_template)
        menu.addSeparator()
        imp = menu.addAction("&Import Template from YAML…", self.import_template)
        menu.addAction("&Export Template to YAML…", self.export_template)
        self._write_actions = [apply, save, imp]
        return menu

    def export_menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        for fmt, (name, _pattern) in EXPORTS.items():
            action = menu.addAction(f"Checklist as {name}…")
            action.triggered.connect(lambda _c=False, f=fmt: self.export_checklist(f))
        return menu

    def set_read_only(self, read_only: bool) -> None:
        for action in self._write_actions:
            action.setEnabled(not read_only)  # type: ignore[attr-defined]

    def _present_keys(self) -> set[str]:
        plan_id = self._editor.edits.plan_id
        return template_keys(self._ws, plan_id) if plan_id is not None else set()

    # Templates ---------------------------------------------------------------------------

    def apply_template(self, template: Template | None = None) -> None:
        if template is None:
            picker = TemplatePicker(
                all_templates(self._ws), self._present_keys(), "Apply", self._editor
            )
            if picker.exec() != QDialog.DialogCode.Accepted:
                return
            template = picker.chosen()
        if template is None:
            return
        result = self._editor.edits.apply_template(template)
        if result is not None:
            added, present = result
            self._editor.clear_filters()
            self._say(
                f"{template.name}: added {added} item{'s' if added != 1 else ''}, "
                f"{present} already present."
            )

    def save_as_template(self) -> None:
        plan_id = self._editor.edits.plan_id
        if plan_id is None:
            return
        name = plan_name(self._ws, plan_id) or ""
        taken = {t.key for t in builtin_templates()}
        dialog = TemplateDetailsDialog(name, taken, self._editor)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        template = self._editor.edits.save_as_template(
            dialog.key.text().strip(), dialog.name.text().strip(),
            dialog.description.toPlainText().strip(),
        )
        if template is not None:
            dialogs.show_info(
                self._editor, "Template Saved",
                f"“{template.name}” ({len(template.items)} items) is now a template in this "
                "workspace. Use Templates › Export Template to share it as YAML.",
            )

    def import_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._editor, "Import Checklist Template", "", YAML_FILTER
        )
        if not path:
            return
        try:
            template = read_template_file(Path(path))
        except TemplateError as exc:
            dialogs.show_error(self._editor, "Template Not Imported", str(exc))
            return
        if template.key in {t.key for t in builtin_templates()}:
            dialogs.show_error(
                self._editor, "Template Not Imported",
                f"{path}: key '{template.key}' belongs to a built-in template; "
                "change the key in the file.",
            )
            return
        if not self._editor.edits.import_template(template):
            return
        if dialogs.confirm(
            self._editor, "Template Imported",
            f"“{template.name}” ({len(template.items)} items) was added to this workspace's "
            "templates. Apply it to this plan now?",
            "Apply",
        ):
            self.apply_template(template)

    def export_template(self) -> None:
        picker = TemplatePicker(all_templates(self._ws), self._present_keys(), "Export",
                                self._editor)
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() is None:
            return
        template = picker.chosen()
        assert template is not None
        path, _ = QFileDialog.getSaveFileName(
            self._editor, "Export Checklist Template", f"{template.key}.yaml", YAML_FILTER
        )
        if path:
            self._write(Path(path), dump_template(template))

    # Checklist exports -------------------------------------------------------------------

    def export_checklist(self, fmt: str) -> None:
        plan_id = self._editor.edits.plan_id
        if plan_id is None:
            return
        checklist = load_checklist(self._ws, plan_id)
        name, pattern = EXPORTS[fmt]
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in checklist.plan_name)
        path, _ = QFileDialog.getSaveFileName(
            self._editor, f"Export Checklist as {name}", f"{stem}-checklist.{fmt}", pattern
        )
        if path:
            self._write(Path(path), export(checklist, fmt))

    def _write(self, path: Path, text: str) -> None:
        try:
            refuse_overwriting(self._ws, path)
            write_text(path, text, newline="", error=WorkspaceError)
        except WorkspaceError as exc:
            dialogs.show_error(self._editor, "Not Exported", str(exc))
            return
        self._say(f"Wrote {path}")

    def _say(self, message: str) -> None:
        """A passing note in the main window's status bar (if there is one)."""
        status = getattr(self._editor.window(), "statusBar", None)
        if status is not None:
            status().showMessage(message, 8000)
