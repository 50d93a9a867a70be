"""Making a PDF report on a worker thread, with progress and cancel.

The job opens its own read-only snapshot of the workspace file on the worker
thread (SQLite connections stay on the thread that made them; every edit is
already committed, so the snapshot is what the person sees).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from sreplan.features import open_workspace
from sreplan.kernel import WorkspaceError
from sreplan.reporting import ReportCancelled, ReportError, ReportOptions, export_pdf

log = logging.getLogger(__name__)


class ReportJob(QObject):
    """One export; lives on its own QThread. Exactly one of the last three signals ends it."""

    progressed = Signal(float, str)  # fraction done, what is happening
    succeeded = Signal(object)  # ReportResult
    failed = Signal(str)  # a message for the person
    cancelled = Signal()

    def __init__(
        self, workspace: Path, plan_id: str, destination: Path, options: ReportOptions
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.plan_id = plan_id
        self.destination = destination
        self.options = options
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop; it ends with ``cancelled`` and leaves no file."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            ws = open_workspace(self.workspace, read_only=True)
            try:
                result = export_pdf(
                    ws,
                    self.plan_id,
                    self.destination,
                    self.options,
                    progress=self.progressed.emit,
                    cancelled=self._cancel.is_set,
                )
            finally:
                ws.close()
        except ReportCancelled:
            self.cancelled.emit()
        except (ReportError, WorkspaceError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so plainly, keep the details in the log
            log.exception("report export failed")
            self.failed.emit(f"The report could not be made because of an internal error: {exc}")
        else:
            self.succeeded.emit(result)


def start(job: ReportJob, parent: QObject) -> QThread:
    """Run ``job`` on a new thread that quits (and cleans up) when the job ends."""
    thread = QThread(parent)
    job.moveToThread(thread)
    thread.started.connect(job.run)
    # Direct: quit from the worker itself, so a UI-thread wait() on it cannot deadlock.
    for signal in (job.succeeded, job.failed, job.cancelled):
        signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.finished.connect(job.deleteLater)
    thread.start()
    return thread
