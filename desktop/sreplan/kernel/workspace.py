"""Opening, creating and validating a workspace file.

A workspace is a single SQLite file: rollback journal (never WAL, which adds
side files), ``synchronous=FULL`` and one committed transaction per user edit.
Before anything is written, the header, the application id, the schema version
and ``quick_check`` are all verified; a file that fails is refused and left
byte-for-byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sreplan.kernel.errors import ReadOnlyError, WorkspaceError
from sreplan.kernel.files import describe_os_error, remove_quietly
from sreplan.kernel.lock import WriterLock
from sreplan.kernel.migrations import Schema
from sreplan.kernel.schema_check import verify_schema

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x53524550  # "SREP"
SUFFIX = ".sreplan"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Workspace:
    """An open workspace: a connection, whether it may be written, and why not."""

    path: Path
    conn: sqlite3.Connection
    schema: Schema
    read_only: bool = False
    notice: str | None = None
    locked_elsewhere: bool = False  # read-only only because another writer holds the file
    last_saved: datetime | None = None
    _lock: WriterLock | None = field(default=None, repr=False)
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection, created on first use."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False, strict=True)
        return self._db

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; nested calls become savepoints."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only; changes cannot be saved.")
        outermost = not self.conn.in_transaction
        with self.db.atomic():
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            yield self.conn
        if outermost:
            self.last_saved = datetime.now(UTC)

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def save_copy(self, destination: Path) -> None:
        """Copy the whole workspace with SQLite's backup API (safe while open)."""
        destination = Path(destination)
        if destination.resolve() == self.path.resolve():
            raise WorkspaceError("Choose a different file: that is the workspace already open.")
        tmp = destination.with_name(f".{destination.name}.{uuid.uuid4().hex}.tmp")
        try:
            target = sqlite3.connect(tmp)
            try:
                self.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            os.replace(tmp, destination)
        except (OSError, sqlite3.Error) as exc:
            remove_quietly(tmp)
            reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
            raise WorkspaceError(f"Could not write {destination}: {reason}.") from exc


def refuse_overwriting(ws: Workspace, output: Path | str) -> None:
    """An export must never land on the open workspace (same file by inode, not by name)."""
    target = Path(output)
    try:
        same = target.exists() and os.path.samefile(target, ws.path)
    except OSError:
        same = False
    if same:
        raise WorkspaceError(
            f"{target} is the workspace itself; choose another file to write to."
        )


def inspect_header(path: Path, schema: Schema) -> int:
    """Check what can be checked without SQLite; return the file's schema version."""
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder, not a workspace file.")
    if not path.exists():
        raise WorkspaceError(f"{path} does not exist.")
    if not path.is_file():  # a FIFO would block the read below forever
        raise WorkspaceError(f"{path} is not a regular file (a pipe, socket or device).")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise WorkspaceError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if not header:
        raise WorkspaceError(f"{path} is empty; it is not an SRE Plan workspace.")
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise WorkspaceError(f"{path} is not an SRE Plan workspace (it is not an SQLite file).")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise WorkspaceError(
            f"{path} is an SQLite database of another application, not an SRE Plan workspace."
        )
    version = int.from_bytes(header[60:64], "big")
    if version > schema.version:
        raise WorkspaceError(
            f"{path} was written by a newer SRE Plan (schema {version}; this version "
            f"understands up to {schema.version}). Update SRE Plan to open it."
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    count_is_valid = header[92:96] == header[24:28]
    if count_is_valid and page_size * page_count > size:
        raise WorkspaceError(
            f"{path} is truncated: it should hold {page_size * page_count:,} bytes "
            f"but has {size:,}. Restore it from a copy."
        )
    return version


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"{path} is damaged ({exc}). Restore it from a copy.") from exc
    if result != [("ok",)]:
        first = " ".join(str(result[0][0]).split()) if result else "no result"
        raise WorkspaceError(f"{path} is damaged ({first}). Restore it from a copy.")


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA synchronous = FULL")


def _why_not_writable(path: Path) -> str | None:
    mode = path.stat().st_mode
    # Root passes os.access() for any file, so honour the file's own write bits too.
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        return f"{path.name} is a read-only file, so it was opened read-only."
    if not os.access(path.parent, os.W_OK):
        return f"The folder of {path.name} is read-only, so it was opened read-only."
    return None


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(target, uri=uri, isolation_level=None, timeout=5.0)


def create_workspace(path: Path, schema: Schema, *, overwrite: bool = False) -> None:
    """Write a new, empty workspace; it appears at ``path`` only once complete."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise WorkspaceError(f"{path} already exists.")
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder, not a workspace file.")
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        conn = _connect(str(tmp))
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _configure(conn)
            from sqlite_utils import Database

            schema.migrate(Database(conn, execute_plugins=False, strict=True))
        finally:
            conn.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        remove_quietly(tmp)
        reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
        raise WorkspaceError(f"Could not create {path}: {reason}.") from exc


def open_workspace(
    path: Path | str, schema: Schema, *, create: bool = False, read_only: bool = False
) -> Workspace:
    """Open a workspace for writing, or read-only when it must be (with ``notice`` saying why)."""
    path = Path(path).expanduser().absolute()
    if create and not path.exists():
        create_workspace(path, schema)
    version = inspect_header(path, schema)
    notice = None if read_only else _why_not_writable(path)
    lock: WriterLock | None = None
    held_elsewhere = False
    if not read_only and notice is None:
        lock = WriterLock(path)
        if not lock.acquire():
            lock = None
            held_elsewhere = True
            notice = (
                f"{path.name} is already open for editing in another window or program, "
                "so it was opened read-only."
            )
    if read_only or lock is None:
        workspace = _open_read_only(path, schema, version, notice)
        workspace.locked_elsewhere = held_elsewhere
        return workspace
    try:
        conn = _connect(str(path))
        try:
            _quick_check(conn, path)
            conn.execute("PRAGMA journal_mode = DELETE")
            _configure(conn)
            verify_schema(conn, schema, path)
            workspace = Workspace(path=path, conn=conn, schema=schema, _lock=lock)
            if version < schema.version:
                schema.migrate(workspace.db)
        except BaseException:
            conn.close()
            raise
    except sqlite3.DatabaseError as exc:
        lock.release()
        raise WorkspaceError(f"{path} could not be opened ({exc}).") from exc
    except BaseException:
        lock.release()
        raise
    return workspace


def _recover_interrupted_write(path: Path) -> None:
    """Finish an interrupted write (a hot journal) before reading the file read-only.

    A crash or a full disk in the middle of a write leaves ``NAME-journal`` beside
    the file; the file is not damaged, but SQLite can only roll the journal back
    through a connection that may write. Where the folder is writable, that is
    done here (it restores the state before the interrupted write); elsewhere the
    user is told what happened instead of being told to restore a copy.
    """
    journal = path.with_name(f"{path.name}-journal")
    try:
        if journal.stat().st_size == 0:
            return
    except OSError:
        return
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise WorkspaceError(
            f"The last write to {path.name} was interrupted and cannot be finished here "
            "(the file or its folder is read-only). Open it where it can be written: that "
            "completes the recovery. Your saved work is intact."
        )
    conn = _connect(str(path))
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(
            f"The last write to {path.name} was interrupted and could not be rolled back "
            f"({' '.join(str(exc).split())})."
        ) from exc
    finally:
        conn.close()


def _open_read_only(path: Path, schema: Schema, version: int, notice: str | None) -> Workspace:
    """Load a consistent in-memory copy; the file itself is never written."""
    _recover_interrupted_write(path)
    source = _connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    memory = _connect(":memory:")
    try:
        _quick_check(source, path)
        source.backup(memory)
    except sqlite3.DatabaseError as exc:
        memory.close()
        raise WorkspaceError(f"{path} could not be read ({exc}).") from exc
    finally:
        source.close()
    _configure(memory)
    try:
        verify_schema(memory, schema, path)
    except WorkspaceError:
        memory.close()
        raise
    workspace = Workspace(path=path, conn=memory, schema=schema, read_only=True, notice=notice)
    if version < schema.version:
        schema.migrate(workspace.db)
    return workspace
