"""The icon, the .desktop launcher and the MIME type describe the files we really write."""

from __future__ import annotations

import configparser
import shutil
import sqlite3
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtSvg import QSvgRenderer

from sreplan.features import create_workspace
from sreplan.kernel.workspace import APPLICATION_ID

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(RESOURCES / "sreplan.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def mime_type() -> ET.Element:
    root = ET.parse(RESOURCES / "sreplan-mime.xml").getroot()
    element = root.find("m:mime-type", MIME_NS)
    assert element is not None
    return element


def magic_matches(element: ET.Element, data: bytes) -> bool:
    """Evaluate shared-mime-info <match> rules (string and big32) against file bytes."""
    offset = int(element.get("offset", "0"))
    value = element.get("value", "")
    kind = element.get("type")
    if kind == "string":
        expected = value.encode("ascii").decode("unicode_escape").encode("latin-1")
        hit = data[offset : offset + len(expected)] == expected
    elif kind == "big32":
        hit = data[offset : offset + 4] == struct.pack(">I", int(value, 0))
    else:
        pytest.fail(f"unexpected match type {kind}")
    children = element.findall("m:match", MIME_NS)
    return hit and (not children or any(magic_matches(c, data) for c in children))


def is_sreplan_by_content(data: bytes) -> bool:
    magic = mime_type().find("m:magic", MIME_NS)
    assert magic is not None
    return any(magic_matches(m, data) for m in magic.findall("m:match", MIME_NS))


def test_desktop_entry_opens_files_of_our_mime_type() -> None:
    entry = desktop_entry()

    assert entry["Type"] == "Application"
    assert entry["Exec"] == "sreplan %f"
    assert entry["Icon"] == "sreplan"
    assert entry["Categories"].endswith(";")
    assert mime_type().get("type") in entry["MimeType"].split(";")


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed"
)
def test_desktop_entry_passes_the_freedesktop_validator() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(RESOURCES / "sreplan.desktop")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stdout


@pytest.mark.skipif(
    shutil.which("update-mime-database") is None, reason="shared-mime-info is not installed"
)
def test_mime_database_accepts_the_type(tmp_path: Path) -> None:
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(RESOURCES / "sreplan-mime.xml", packages)

    result = subprocess.run(
        ["update-mime-database", str(tmp_path / "mime")], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert "application/x-sreplan" in (tmp_path / "mime" / "types").read_text()
    assert "*.sreplan" in (tmp_path / "mime" / "globs2").read_text()


def test_mime_type_globs_the_suffix() -> None:
    globs = [g.get("pattern") for g in mime_type().findall("m:glob", MIME_NS)]
    assert globs == ["*.sreplan"]


def test_mime_magic_recognises_a_workspace_and_nothing_else(tmp_path: Path) -> None:
    workspace = tmp_path / "plain-name"
    create_workspace(workspace)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()

    assert APPLICATION_ID == 0x53524550
    assert is_sreplan_by_content(workspace.read_bytes())
    assert not is_sreplan_by_content(other.read_bytes())
    assert not is_sreplan_by_content(b"\x89PNG\r\n\x1a\n" + bytes(100))


def test_package_icon_is_the_resources_icon() -> None:
    packaged = ROOT / "desktop" / "sreplan" / "data" / "sreplan.svg"
    assert packaged.read_bytes() == (RESOURCES / "sreplan.svg").read_bytes()


def test_icon_renders_square(qapp: object) -> None:
    renderer = QSvgRenderer(str(RESOURCES / "sreplan.svg"))

    assert renderer.isValid()
    assert renderer.viewBox().width() == renderer.viewBox().height()


def test_png_icon_is_256_pixels() -> None:
    header = (RESOURCES / "sreplan.png").read_bytes()[:24]

    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (256, 256)
