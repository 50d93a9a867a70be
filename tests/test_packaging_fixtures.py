"""The suite runs from a bare clone: its input files are checked in, with their provenance."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"

# Licences that let us redistribute the files as they are, beside MIT-licensed code.
PERMISSIVE = re.compile(r"Apache|\bMIT\b|BSD|CC0")


def test_every_fixture_folder_names_a_permissive_licence() -> None:
    folders = sorted(path for path in FIXTURES.iterdir() if path.is_dir())
    assert folders

    for folder in folders:
        source = folder / "SOURCE.md"
        assert source.is_file(), f"{folder.name}: add a SOURCE.md (source, commit, licence)"
        text = source.read_text(encoding="utf-8")
        assert "GPL" not in text, f"{folder.name}: GPL-licensed files may not be copied here"
        assert PERMISSIVE.search(text), f"{folder.name}: SOURCE.md names no permissive licence"


def test_no_test_reads_outside_the_repository() -> None:
    # A folder beside the checkout (the fixtures once came from one) is not there in a
    # fresh clone or in CI.
    outside = re.compile(r"\.\./|parents\[[2-9]\]|parents\[\d\]\.parent\b|/ \"shared\"")
    offenders = [
        f"{path.relative_to(TESTS)}:{number}: {line.strip()}"
        for path in TESTS.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert offenders == []
