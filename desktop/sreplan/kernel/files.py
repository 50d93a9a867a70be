"""Writing a file so that it appears complete or not at all, with one-line errors.

Every export writes a hidden temporary file beside the target and renames it
over the target. If anything fails, the temporary file is removed when it can
be (on a read-only file system it cannot, and that must not hide the real
error), and the error names the file and the reason in one line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from sreplan.kernel.errors import UserError


def describe_os_error(exc: OSError) -> str:
    """An OS error in the user's words (no errno numbers, no tracebacks)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (exc.strerror or str(exc)).rstrip(".").lower()


def temporary_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


def remove_quietly(path: Path) -> None:
    """Best-effort clean-up that never replaces the error being reported."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(path: Path | str, *, error: type[UserError] = UserError) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` in one rename."""
    target = Path(path)
    tmp = temporary_beside(target)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        remove_quietly(tmp)
        raise error(f"Could not write {target}: {describe_os_error(exc)}.") from exc
    except BaseException:
        remove_quietly(tmp)
        raise


def write_text(path: Path | str, text: str, *, error: type[UserError] = UserError,
               newline: str | None = "\n") -> None:
    """Write UTF-8 text atomically (``newline=""`` keeps line endings as given)."""
    with atomic_path(path, error=error) as tmp, tmp.open(
        "w", encoding="utf-8", newline=newline
    ) as handle:
        handle.write(text)


def write_with(path: Path | str, writer: Callable[[Path], None], *,
               error: type[UserError] = UserError) -> None:
    """Let ``writer`` fill a temporary path, then put it in place atomically."""
    with atomic_path(path, error=error) as tmp:
        writer(tmp)
