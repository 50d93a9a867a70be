"""build.spec leaves out only what the app never uses (building the bundle is a manual check)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"


def spec_list(name: str) -> list[str]:
    """A list of string literals assigned to ``name`` at the top of build.spec."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(v) for v in value]
    raise AssertionError(f"build.spec has no list {name}")


def qt_modules_used() -> set[str]:
    pattern = re.compile(r"^\s*(?:from|import)\s+PySide6\.(Qt\w+)", re.M)
    return {
        match
        for path in (ROOT / "desktop" / "sreplan").rglob("*.py")
        for match in pattern.findall(path.read_text(encoding="utf-8"))
    }


def test_no_excluded_qt_module_is_imported_by_the_app() -> None:
    excluded = set(spec_list("UNUSED_QT"))
    used = qt_modules_used()

    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & excluded, f"remove from UNUSED_QT in build.spec: {sorted(used & excluded)}"

