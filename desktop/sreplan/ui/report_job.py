"""Making a PDF report in a child process, with progress and cancel.

matplotlib and ReportLab never run in the GUI process: a worker thread drawing
charts while the GUI thread collected garbage crashed the app. The child is the
``sreplan export-pdf`` command itself, the code a script runs, started through a
QProcess that lives on the GUI thread (no QObject crosses threads).

- The GUI copies its open workspace with SQLite's backup API into a private
  temporary folder when Export is pressed; the child reads that snapshot
  read-only, so what is exported is what the person saw, and the real file and
  its writer lock are never touched.
- The child writes into a hidden folder beside the destination; only a complete
  report is moved over the destination. Cancel kills the child (and anything it
  started), a crash ends it: either way the folder goes and no file is left.
- ``--progress-json`` makes the child print progress, its result or a refusal as
  one JSON object per line on stdout; a crash or an internal error shows the
  child's last error line, with all of its stderr in the log.
- In a frozen (PyInstaller) app ``sys.executable`` is the app, whose command
  line runs the sub-command: the child is ``sreplan export-pdf …``, not
  ``python -m sreplan export-pdf …``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QProcess,
    QProcessEnvironment,
    Signal,
    SignalInstance,
)

from sreplan.kernel import Workspace, WorkspaceError
from sreplan.reporting import Preset, ReportError, ReportResult

log = logging.getLogger(__name__)
_STDERR_KEPT = 64 * 1024  # the tail of a child's stderr kept for the message and the log


@dataclass(frozen=True)
class ExportRequest:
    """What the person asked for: the plan, where to, and which sections."""

    plan_id: str
    destination: Path
    preset: Preset
    sections: tuple[str, ...] = ()  # section keys, for Preset.CUSTOM
    portfolio: bool = False  # instead of the plan's report, one page with every plan


def child_command() -> list[str]:
    """The program (and leading arguments) that runs the ``sreplan`` command line."""
    if getattr(sys, "frozen", False):
        return [sys.executable]  # the bundle's executable is the command line itself
    return [sys.executable, "-m", "sreplan"]


def export_arguments(snapshot: Path, request: ExportRequest, output: Path) -> list[str]:
    """``export-pdf`` arguments for ``request``, reading ``snapshot`` and writing ``output``."""
    if request.portfolio:
        return ["export-pdf", str(snapshot), "--portfolio", "-o", str(output), "--progress-json"]
    args = ["export-pdf", str(snapshot), "--plan", request.plan_id, "-o", str(output)]
    if request.preset is Preset.CUSTOM:
        args += ["--sections", ",".join(request.sections)]
    else:
        args += ["--preset", request.preset.value]
    return [*args, "--progress-json"]


class ReportJob(QObject):
    """One export in a child process. Exactly one of the last three signals ends it."""

    progressed = Signal(float, str)  # fraction done, what is happening
    succeeded = Signal(object)  # ReportResult
    failed = Signal(str)  # a message for the person
    cancelled = Signal()

    def __init__(self, ws: Workspace, request: ExportRequest, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.request = request
        self._process: QProcess | None = None
        self._own_group = False
        self._snapshot_dir: Path | None = None
        self._work_dir: Path | None = None
        self._output: Path | None = None
        self._snapshot: Path | None = None
        self._stderr = bytearray()
        self._done: dict[str, object] | None = None
        self._refusal: str | None = None
        self._cancel_requested = False
        self._ended = False

    @property
    def running(self) -> bool:
        return self._process is not None and not self._ended

    # Starting ------------------------------------------------------------------

    def start(self) -> None:
        """Snapshot the workspace and start the child; a problem ends the job with ``failed``."""
        try:
            self._prepare()
        except ReportError as exc:
            self._end_with(self.failed, str(exc))
            return
        assert self._snapshot is not None and self._output is not None
        program, *leading = child_command()
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments([*leading, *export_arguments(self._snapshot, self.request,
                                                           self._output)])
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONIOENCODING", "utf-8")  # tracebacks decode the same everywhere
        process.setProcessEnvironment(env)
        process.setStandardInputFile(QProcess.nullDevice())
        # Every path it is given is absolute; a private folder keeps whatever is in the
        # current one off the child's import path (``-m`` puts it first).
        process.setWorkingDirectory(str(self._snapshot.parent))
        self._own_group = _start_in_own_session(process)
        process.readyReadStandardOutput.connect(self._read_stdout)
        process.readyReadStandardError.connect(self._read_stderr)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.abort)
        self._process = process
        process.start()

    def _prepare(self) -> None:
        destination = self.request.destination
        folder = destination.parent
        if destination.is_dir():
            raise ReportError(f"{destination} is a folder; give a file name ending in .pdf.")
        if not folder.is_dir():
            raise ReportError(f"Could not write {destination}: the folder {folder} does not exist.")
        try:
            # Hidden, beside the destination: the final move is a rename on one file system.
            self._work_dir = Path(tempfile.mkdtemp(prefix=f".{destination.name}.",
                                                   suffix=".export", dir=folder))
        except OSError as exc:
            raise ReportError(f"Could not write {destination}: {exc.strerror or exc}.") from exc
        self._output = self._work_dir / destination.name
        try:
            self._snapshot_dir = Path(tempfile.mkdtemp(prefix="sreplan-export-"))
            self._snapshot = self._snapshot_dir / self.ws.path.name
            self.ws.save_copy(self._snapshot)
        except (OSError, WorkspaceError) as exc:
            raise ReportError(f"Could not copy the workspace for the report: {exc}") from exc

    # Stopping ------------------------------------------------------------------

    def cancel(self) -> None:
        """Kill the child; the job ends with ``cancelled`` once it has gone, leaving no file."""
        if not self.running:
            return
        self._cancel_requested = True
        self._kill()

    def abort(self) -> None:
        """Stop at once and say nothing (the app is quitting): kill, wait, clean up."""
        if not self.running or self._process is None:
            return
        self._ended = True
        self._process.finished.disconnect(self._on_finished)
        self._process.errorOccurred.disconnect(self._on_error)
        self._kill()
        self._process.waitForFinished(5000)
        self._clean_up()

    def _kill(self) -> None:
        assert self._process is not None
        pid = self._process.processId()
        if self._own_group and pid > 0 and hasattr(os, "killpg"):
            # The child leads its own session: this also ends the chart workers it may
            # have started, and the second process a frozen app's bootloader runs.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        self._process.kill()

    # The child's messages ------------------------------------------------------

    def _read_stdout(self) -> None:
        assert self._process is not None
        while self._process.canReadLine():
            self._message(bytes(self._process.readLine().data()))

    def _read_stderr(self) -> None:
        assert self._process is not None
        self._stderr += bytes(self._process.readAllStandardError().data())
        del self._stderr[:-_STDERR_KEPT]

    def _message(self, raw: bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            log.debug("report export: ignored output %r", raw)
            return
        if not isinstance(message, dict):
            return
        if "progress" in message:
            self.progressed.emit(float(message["progress"]), str(message.get("message", "")))
        elif "done" in message:
            self._done = message
        elif "error" in message:
            self._refusal = str(message["error"])

    # Ending ------------------------------------------------------------------

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart and not self._ended:
            assert self._process is not None
            reason = self._process.errorString()
            self._end_with(self.failed, f"The export could not start: {reason}.")

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._ended:
            return
        assert self._process is not None
        self._read_stderr()
        rest = bytes(self._process.readAllStandardOutput().data())
        for line in rest.splitlines():
            self._message(line)
        if self._cancel_requested:
            self._end_with(self.cancelled)
        elif status is QProcess.ExitStatus.NormalExit and code == 0 and self._done is not None:
            self._move_into_place()
        else:
            self._log_stderr(code, status)
            self._end_with(self.failed, self._failure(code, status))

    def _move_into_place(self) -> None:
        assert self._output is not None and self._done is not None
        destination = self.request.destination
        try:
            os.replace(self._output, destination)
        except OSError as exc:
            self._end_with(self.failed, f"Could not write {destination}: {exc.strerror or exc}.")
            return
        pages = self._done.get("pages")
        sections = self._done.get("sections")
        warnings = self._done.get("warnings")
        result = ReportResult(
            destination,
            pages if isinstance(pages, int) else 0,
            tuple(str(s) for s in sections) if isinstance(sections, list) else (),
            tuple(str(w) for w in warnings) if isinstance(warnings, list) else (),
        )
        self._end_with(self.succeeded, result)

    def _failure(self, code: int, status: QProcess.ExitStatus) -> str:
        if self._refusal is not None:  # a problem the person can fix, said in one line
            return self._in_their_terms(self._refusal)
        line = self._in_their_terms(last_error_line(self._stderr.decode("utf-8", "replace")))
        if status is QProcess.ExitStatus.CrashExit:
            detail = f" ({line})" if line else ""
            return f"The report could not be made: the export stopped unexpectedly{detail}."
        if code == 0:
            line = "the export ended without a report"
        return f"The report could not be made because of an internal error: {line or code}"

    def _in_their_terms(self, message: str) -> str:
        """Name the destination and the workspace, not the temporary copies."""
        for temporary, real in (
            (self._output, self.request.destination),
            (self._snapshot, self.ws.path),
        ):
            if temporary is not None:
                message = message.replace(str(temporary), str(real))
        return message

    def _log_stderr(self, code: int, status: QProcess.ExitStatus) -> None:
        log.error(
            "report export child failed (exit %s, %s); its stderr:\n%s",
            code,
            status.name,
            self._stderr.decode("utf-8", "replace"),
        )

    def _end_with(self, signal_: SignalInstance, *args: object) -> None:
        self._ended = True
        self._clean_up()
        app = QCoreApplication.instance()
        if app is not None and self._process is not None:
            app.aboutToQuit.disconnect(self.abort)
        signal_.emit(*args)

    def _clean_up(self) -> None:
        for folder in (self._work_dir, self._snapshot_dir):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self._work_dir = self._snapshot_dir = None


def last_error_line(stderr: str) -> str:
    """The line of a child's stderr that says what went wrong, not where.

    ``sreplan: internal error: …`` (a bug: the command logs its traceback and
    names the log file), ``sreplan: error: …``, the last line of a traceback
    ("ValueError: …"), or the "Fatal Python error: …" line of a crash, skipping
    the stack dump after it.
    """
    for line in reversed(stderr.splitlines()):
        text = line.strip()
        if not text or line[:1].isspace():
            continue
        if text.startswith(("Traceback", "Current thread", "Thread 0x", "Extension modules:",
                            "Stack (most recent", "File ")):
            continue
        return text.removeprefix("sreplan: internal error: ").removeprefix("sreplan: error: ")
    return ""


def _start_in_own_session(process: QProcess) -> bool:
    """On POSIX, start the child as the leader of a new session (so of a process group)."""
    flags = QProcess.UnixProcessFlag
    wanted = [getattr(flags, name, None) for name in ("CreateNewSession", "DisableCoreDumps")]
    if sys.platform == "win32" or wanted[0] is None:
        return False
    combined = wanted[0]
    if wanted[1] is not None:
        combined |= wanted[1]
    process.setUnixProcessParameters(combined)
    return True
