"""Importing a demand history file off the UI thread, with progress, Cancel and undo.

The file is read and checked on a worker thread; only a complete, valid series
reaches the workspace, as one undoable step, on the UI thread. A worker outlives
the editor that started it if need be (it is kept in ``_RUNNING`` until done),
and its results then go nowhere.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog, QWidget

from sreplan.capacity.formats.common import ImportCancelledError, ImportedSeries, SeriesImportError
from sreplan.capacity.ui.history import push_series
from sreplan.ui.operations import Operations

_RUNNING: set[ImportWorker] = set()


class ImportWorker(QThread):
    """Reads a CSV or Prometheus file, reporting progress; cancellable."""

    progressed = Signal(int, int)
    succeeded = Signal(object)  # ImportedSeries
    refused = Signal(str)
    cancelled = Signal()

    def __init__(self, path: Path, selector: str | None) -> None:
        super().__init__()
        self.path, self.selector = path, selector
        self._cancel = False
        self.finished.connect(self._forget)

    def cancel(self) -> None:
        self._cancel = True

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel

    def run(self) -> None:
        from sreplan.capacity.formats.prometheus import read_series_file

        try:
            series = read_series_file(self.path, selector=self.selector, progress=self._progress)
        except ImportCancelledError:
            self.cancelled.emit()
        except SeriesImportError as exc:
            self.refused.emit(str(exc))
        else:
            self.succeeded.emit(series)

    def _forget(self) -> None:
        _RUNNING.discard(self)
        self.deleteLater()


def pick_series(parent: QWidget, path: Path) -> tuple[bool, str | None]:
    """For a Prometheus body with several series, ask which one or their sum.

    Returns (go ahead, selector); anything unreadable is left for the worker to report.
    """
    if path.suffix.lower() != ".json":
        return True, None
    from sreplan.capacity.formats.prometheus import parse_matrix

    try:
        series = parse_matrix(json.loads(path.read_text(encoding="utf-8-sig")), path.name)
    except (OSError, ValueError, SeriesImportError):
        return True, None
    if len(series) < 2:
        return True, None
    choices = ["Sum of all series", *(s.label_text for s in series)]
    choice, ok = QInputDialog.getItem(parent, "Pick a series",
                                      f"{path.name} holds {len(series)} series:", choices, 0,
                                      False)
    if not ok:
        return False, None
    return True, "sum" if choice == choices[0] else choice


class SeriesImporter(QObject):
    """Runs one import at a time for an editor and reports the outcome."""

    imported = Signal(str)  # what was imported, e.g. "8,760 points imported, none skipped."
    busy_changed = Signal(bool)

    def __init__(self, ops: Operations, parent: QWidget) -> None:
        super().__init__(parent)
        self._ops = ops
        self._parent = parent
        self.worker: ImportWorker | None = None
        self.progress: QProgressDialog | None = None
        self._target: tuple[str, str, str] | None = None

    @property
    def running(self) -> bool:
        return self.worker is not None

    def choose(self, plan_id: str, resource_id: str) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._parent, "Import demand history", "",
            "Demand history (*.csv *.txt *.json);;All files (*)")
        if not path:
            return
        go, selector = pick_series(self._parent, Path(path))
        if go:
            self.start(Path(path), plan_id, resource_id, selector)

    def start(self, path: Path, plan_id: str, resource_id: str,
              selector: str | None = None) -> None:
        if self.running:
            return
        worker = ImportWorker(path, selector)
        _RUNNING.add(worker)
        self.worker = worker
        self._target = (plan_id, resource_id, path.name)
        progress = QProgressDialog(f"Importing {path.name}…", "Cancel", 0, 100, self._parent)
        progress.setWindowTitle("Import demand history")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.canceled.connect(worker.cancel)
        self.progress = progress
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.refused.connect(self._refused)
        worker.finished.connect(self._done)
        self.busy_changed.emit(True)
        worker.start()

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and total:
            self.progress.setValue(min(99, done * 100 // total))

    @Slot(object)
    def _succeeded(self, series: ImportedSeries) -> None:
        if self._target is None:
            return
        plan_id, resource_id, name = self._target
        if push_series(self._ops, plan_id, resource_id, series.times, series.values,
                       f"Import {name}"):
            self.imported.emit(f"{name}: {series.summary()}")

    @Slot(str)
    def _refused(self, message: str) -> None:
        self._ops.failed.emit(message)

    @Slot()
    def _done(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        self.worker = None
        self._target = None
        self.busy_changed.emit(False)
