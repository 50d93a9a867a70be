"""The log file: where the ``sreplan`` loggers write, and where a bug's traceback goes.

One rotating file in the user log folder (``paths.log_dir()``). Configuring is
cheap enough for every start: the handler imports ``logging.handlers``, creates the
folder and opens the file only when the first record arrives, so a session that
logs nothing leaves nothing behind and pays nothing at start-up.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from sreplan import __version__, paths

LOGGER = "sreplan"
FILE_NAME = "sreplan.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3  # sreplan.log.1 … .3: a few megabytes at most
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
SUMMARY_LIMIT = 200  # characters of the one-line summary

_configure_lock = threading.Lock()


def log_file() -> Path:
    return paths.log_dir() / FILE_NAME


class _LazyRotatingFile(logging.Handler):
    """A RotatingFileHandler made on the first record; remembers why it could not write.

    Failures are kept in ``error`` rather than printed to stderr (logging's habit),
    which the CLI keeps to one line.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self.path = path
        self.error: BaseException | None = None
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        # Handler.handle() holds this handler's lock here, so the file is made once.
        self.error = None
        try:
            if self._file is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = _rotating_file(self.path, self)
                self._file.setFormatter(self.formatter)
        except OSError as exc:
            self.error = exc
            return
        self._file.emit(record)  # reports its own failures to handleError() below

    def handleError(self, record: logging.LogRecord) -> None:
        self.error = sys.exc_info()[1] or RuntimeError("unknown error")

    def close(self) -> None:
        self.acquire()
        try:
            if self._file is not None:
                self._file.close()
                self._file = None
        finally:
            self.release()
        super().close()


def _rotating_file(path: Path, owner: logging.Handler) -> logging.Handler:
    from logging.handlers import RotatingFileHandler  # ~10 ms: paid on the first record only

    class File(RotatingFileHandler):
        def handleError(self, record: logging.LogRecord) -> None:
            owner.handleError(record)

    return File(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")


def _handler() -> _LazyRotatingFile | None:
    for handler in logging.getLogger(LOGGER).handlers:
        if isinstance(handler, _LazyRotatingFile):
            return handler
    return None


def configure() -> Path:
    """Send the ``sreplan`` loggers' records, INFO and up, to the log file; returns it.

    Calling it again is harmless; if ``SREPLAN_HOME`` now names another folder
    (tests do that), the handler moves there.
    """
    path = log_file()
    with _configure_lock:
        current = _handler()
        if current is not None and current.path == path:
            return path
        unconfigure()
        handler = _LazyRotatingFile(path)
        handler.setFormatter(logging.Formatter(FORMAT))
        logger = logging.getLogger(LOGGER)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path


def unconfigure() -> None:
    """Detach and close the log file handler (tests; a second configure does it too)."""
    handler = _handler()
    if handler is not None:
        logging.getLogger(LOGGER).removeHandler(handler)
        handler.close()


@dataclass(frozen=True)
class Crash:
    """A bug, as text: safe to hand from the thread it happened on to the GUI thread."""

    summary: str  # one line, e.g. "ZeroDivisionError: division by zero"
    details: str  # what Copy Details copies: versions, where, the traceback
    log_file: Path  # where the details were written …
    log_error: str | None = None  # … or why they could not be


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def summarize(exc_type: type[BaseException], exc: BaseException) -> str:
    lines = "".join(traceback.format_exception_only(exc_type, exc)).strip().splitlines()
    summary = lines[0] if lines else exc_type.__name__
    if len(summary) > SUMMARY_LIMIT:
        summary = summary[: SUMMARY_LIMIT - 1] + "…"
    return summary


def record_crash(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    where: str,
) -> Crash:
    """Write a bug's traceback to the log file and describe it for the person who hit it."""
    import platform  # only a crash needs it

    path = configure()
    header = (
        f"Unhandled {exc_type.__name__} in {where} (SRE Plan {__version__}, "
        f"Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()} {platform.machine()})"
    )
    logging.getLogger(f"{LOGGER}.crash").critical(header, exc_info=(exc_type, exc, tb))
    handler = _handler()
    error = handler.error if handler is not None else None
    details = header + "\n" + "".join(traceback.format_exception(exc_type, exc, tb))
    return Crash(
        summary=summarize(exc_type, exc),
        details=details,
        log_file=path,
        log_error=None if error is None else _reason(error),
    )
