"""One writer per workspace file, enforced with an OS lock the OS drops if we die."""

from __future__ import annotations

import os
import sys
from pathlib import Path


class WriterLock:
    """An exclusive, non-blocking advisory lock held for as long as a file is open for writing.

    On POSIX this is ``flock`` on the database file itself (independent of the
    ``fcntl`` locks SQLite uses); flock locks belong to one open file
    description, so a second window in the same process is refused too. On
    Windows, where byte-range locks would block SQLite's own reads, a sibling
    ``.lock`` file carries the lock instead.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            return self._acquire_windows()
        import fcntl

        fd = os.open(self._path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def _acquire_windows(self) -> bool:  # pragma: no cover
        import msvcrt

        lock_path = self._path.with_name(self._path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None


def is_locked_elsewhere(path: Path) -> bool:
    """Whether another window or program holds the writer lock of ``path`` right now."""
    probe = WriterLock(path)
    try:
        if not probe.acquire():
            return True
    except OSError:
        return False
    probe.release()
    return False
