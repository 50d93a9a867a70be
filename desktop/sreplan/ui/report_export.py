"""File › Export Report…: choose a preset or sections and a file, then export in a child process."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel import Workspace
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.workspace import refuse_overwriting
from sreplan.reporting import Preset, ReportResult
from sreplan.reporting.registry import ReportSection, all_sections
from sreplan.ui import dialogs
from sreplan.ui.report_job import ExportRequest, ReportJob

if TYPE_CHECKING:
    from sreplan.ui.main_window import MainWindow

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
PDF_FILTER = "PDF documents (*.pdf)"


def suggested_name(plan_name: str, preset: Preset, today: date) -> str:
    """A file name from the plan's name that every file system accepts."""
    stem = _UNSAFE.sub("-", plan_name).strip(" .-")[:80] or "plan"
    kind = "meeting pack" if preset is Preset.MEETING else "report"
    return f"{stem} {kind} {today.isoformat()}.pdf"


class ExportReportDialog(QDialog):
    """Preset, section checkboxes, output path and "Open when done"; progress and Cancel."""

    def __init__(
        self,
        parent: QWidget | None,
        ws: Workspace,
        plan_id: str,
        plan_name: str,
        settings: QSettings,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Report")
        self.setObjectName("export-report")
        self.ws = ws  # the GUI's own connection: the export snapshots it when it starts
        self.workspace = ws.path
        self.plan_id = plan_id
        self.plan_name = plan_name
        self.settings = settings
        self.result_path: Path | None = None
        self._job: ReportJob | None = None
        self._path_confirmed = False
        self._sections = all_sections()
        saved = str(self.settings.value("reports/sections", "") or "")
        self._remembered_sections = set(saved.split(",")) if saved else {
            s.key for s in self._sections
        }
        self._custom_restored = False
        self._build()
        self._apply_preset()
        self._suggest_path()

    # Construction ------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(f"Export a PDF report of “{self.plan_name}”.")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)

        preset_box = QGroupBox("Include")
        preset_layout = QVBoxLayout(preset_box)
        self.presets = QButtonGroup(self)
        self.preset_buttons: dict[Preset, QRadioButton] = {}
        for preset, text in (
            (Preset.FULL, "Full report"),
            (Preset.MEETING, "Architecture review meeting pack (short)"),
            (Preset.CUSTOM, "Chosen sections:"),
        ):
            button = QRadioButton(text)
            self.presets.addButton(button)
            self.preset_buttons[preset] = button
            preset_layout.addWidget(button)
        remembered = str(self.settings.value("reports/preset", Preset.FULL.value))
        last = next((p for p in Preset if p.value == remembered), Preset.FULL)
        self.preset_buttons[last].setChecked(True)
        self.presets.buttonToggled.connect(self._preset_toggled)

        self.section_boxes: dict[str, QCheckBox] = {}
        boxes = QWidget()
        boxes_layout = QVBoxLayout(boxes)
        boxes_layout.setContentsMargins(24, 0, 0, 0)
        for section in self._sections:
            box = QCheckBox(section.title)
            box.setObjectName(f"section-{section.key}")
            box.toggled.connect(self._update_buttons)
            self.section_boxes[section.key] = box
            boxes_layout.addWidget(box)
        preset_layout.addWidget(boxes)
        layout.addWidget(preset_box)

        form = QFormLayout()
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Output file")
        self.path_edit.textEdited.connect(self._path_edited)
        self.path_edit.textChanged.connect(self._update_buttons)
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setAutoDefault(False)  # Enter exports, wherever the focus is
        self.choose_button.clicked.connect(self._choose_path)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        form.addRow("Save as:", path_row)
        layout.addLayout(form)

        self.open_when_done = QCheckBox("Open when done")
        self.open_when_done.setChecked(_bool(self.settings.value("reports/open_when_done", True)))
        layout.addWidget(self.open_when_done)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Export progress")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        self.error.setAccessibleName("Export problem")
        for widget in (self.progress, self.status, self.error):
            widget.hide()
            layout.addWidget(widget)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    # Choices -----------------------------------------------------------------

    def preset(self) -> Preset:
        for preset, button in self.preset_buttons.items():
            if button.isChecked():
                return preset
        return Preset.FULL

    def chosen_keys(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.section_boxes.items() if box.isChecked())

    def _preset_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._apply_preset()

    def _apply_preset(self) -> None:
        preset = self.preset()
        for section in self._sections:
            box = self.section_boxes[section.key]
            box.setEnabled(preset is Preset.CUSTOM)
            if preset is not Preset.CUSTOM:
                box.setChecked(_included(section, preset))
            elif not self._custom_restored:
                box.setChecked(section.key in self._remembered_sections)
        self._custom_restored = self._custom_restored or preset is Preset.CUSTOM
        if not self._path_confirmed and not self.path_edit.isModified():
            self._suggest_path()
        self._update_buttons()

    def _suggest_path(self) -> None:
        folder = Path(str(self.settings.value("reports/folder", "") or self.workspace.parent))
        if not folder.is_dir():
            folder = self.workspace.parent
        name = suggested_name(self.plan_name, self.preset(), date.today())
        self.path_edit.setText(str(folder / name))

    def _path_edited(self) -> None:
        self._path_confirmed = False

    def _choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Report", self.path_edit.text(), PDF_FILTER
        )
        if path:
            self.path_edit.setText(_with_pdf_suffix(path))
            self._path_confirmed = True  # the file dialog already asked about replacing

    def _update_buttons(self) -> None:
        running = self._job is not None
        ready = bool(self.path_edit.text().strip()) and bool(self.chosen_keys())
        self.export_button.setEnabled(ready and not running)

    # Export ------------------------------------------------------------------

    def export(self) -> None:
        if self._job is not None:
            return
        text = self.path_edit.text().strip()
        if not text:
            self._show_error("Choose where to save the report.")
            return
        destination = Path(_with_pdf_suffix(text)).expanduser()
        if not destination.is_absolute():
            destination = self.workspace.parent / destination
        try:
            refuse_overwriting(self.ws, destination)
        except WorkspaceError as exc:
            self._show_error(str(exc))
            return
        preset = self.preset()
        keys = self.chosen_keys()
        if preset is Preset.CUSTOM and not keys:
            self._show_error("Choose at least one section.")
            return
        if (
            destination.is_file()
            and not self._path_confirmed
            and not dialogs.confirm(
                self,
                "Replace Report",
                f"{destination.name} already exists in {destination.parent}.\n\n"
                "Replace it once the new report is complete?",
                "Replace",
            )
        ):
            return
        request = ExportRequest(
            self.plan_id, destination, preset, keys if preset is Preset.CUSTOM else ()
        )
        self._job = ReportJob(self.ws, request, self)
        self._job.progressed.connect(self._on_progress)
        self._job.succeeded.connect(self._on_succeeded)
        self._job.failed.connect(self._on_failed)
        self._job.cancelled.connect(self._on_cancelled)
        self._set_running(True)
        self._job.start()

    def _set_running(self, running: bool) -> None:
        for widget in (*self.preset_buttons.values(), self.path_edit, self.choose_button):
            widget.setEnabled(not running)
        for box in self.section_boxes.values():
            box.setEnabled(not running and self.preset() is Preset.CUSTOM)
        self.cancel_button.setEnabled(True)
        self.error.hide()
        self.progress.setVisible(running)
        self.status.setVisible(running)
        if running:
            self.progress.setValue(0)
            self.status.setText("Starting…")
        self._update_buttons()

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.status.setText(message)

    def _finish_job(self) -> None:
        if self._job is not None:
            self._job.deleteLater()
            self._job = None

    def _on_succeeded(self, result: ReportResult) -> None:
        self._finish_job()
        self.result_path = result.path
        self.settings.setValue("reports/folder", str(result.path.parent))
        self.settings.setValue("reports/open_when_done", self.open_when_done.isChecked())
        self.settings.setValue("reports/preset", self.preset().value)
        if self.preset() is Preset.CUSTOM:
            self.settings.setValue("reports/sections", ",".join(self.chosen_keys()))
        window = self.parent()
        if window is not None and hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                f"Exported {result.pages} pages to {result.path}", 8000
            )
        if self.open_when_done.isChecked():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        if result.warnings:  # the PDF is written; stay open so the person reads what is off
            self._set_running(False)
            self.status.setText(f"Exported {result.pages} pages to {result.path}.")
            self.status.show()
            self._show_error("\n".join(result.warnings))
            return
        self.accept()

    def _on_failed(self, message: str) -> None:
        self._finish_job()
        self._set_running(False)
        self._show_error(message)

    def _on_cancelled(self) -> None:
        self._finish_job()
        self._set_running(False)
        self.status.setText("Export cancelled; no file was written.")
        self.status.show()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    # Closing -----------------------------------------------------------------

    def reject(self) -> None:
        """Cancel stops a running export first; a second Cancel closes the dialog."""
        if self._job is not None:
            self.status.setText("Cancelling…")
            self.cancel_button.setEnabled(False)
            self._job.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._job is not None:
            self._job.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def _included(section: ReportSection, preset: Preset) -> bool:
    return preset is Preset.FULL or (preset is Preset.MEETING and section.in_meeting_pack)


def _with_pdf_suffix(path: str) -> str:
    return path if path.lower().endswith(".pdf") else f"{path}.pdf"


def _bool(value: object) -> bool:
    """QSettings' INI format hands booleans back as the strings "true"/"false"."""
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")


def export_report(window: MainWindow) -> None:
    """The File menu's entry point: opens the dialog for the selected plan."""
    if window.plan_id is None:
        dialogs.show_info(window, "Export Report", "Select a plan to export first.")
        return
    dialog = ExportReportDialog(
        window, window.ws, window.plan_id, window.plan_name() or "", window.settings
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
