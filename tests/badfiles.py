"""Builders for the damaged and foreign files every opener must refuse."""

from __future__ import annotations

import sqlite3
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from sreplan.features import open_workspace, seed_demo


def png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def demo_workspace(path: Path) -> Path:
    ws = open_workspace(path, create=True)
    seed_demo(ws)
    ws.close()
    return path


def truncated(path: Path) -> Path:
    demo_workspace(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def other_application(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO songs (title) VALUES ('Blue in Green')")
    conn.commit()
    conn.close()
    return path


def newer_schema(path: Path) -> Path:
    demo_workspace(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    return path


def corrupt_page(path: Path) -> Path:
    """A workspace whose table pages were overwritten: the header is fine, the content is not."""
    demo_workspace(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(1, len(data) // page_size):
        start = page * page_size
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return path


REFUSED: dict[str, Callable[[Path], Path]] = {
    "png renamed": png,
    "empty file": empty,
    "truncated workspace": truncated,
    "other application's database": other_application,
    "newer schema": newer_schema,
    "damaged pages": corrupt_page,
}

EXPECTED_WORDS = {
    "png renamed": "not an SRE Plan workspace",
    "empty file": "is empty",
    "truncated workspace": "truncated",
    "other application's database": "another application",
    "newer schema": "newer SRE Plan",
    "damaged pages": "damaged",
}
