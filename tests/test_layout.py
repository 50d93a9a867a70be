"""The layout's rules, checked from every module's imports rather than by convention.

- ``kernel/`` imports no feature and no Qt.
- PySide6 is imported only inside ``ui/`` folders (the shell's and each feature's).
- A feature's code imports the kernel, itself and the features before it in
  features.py's order, never one after it and never the shell; its Qt-free code
  never imports a ``ui`` package.
- features.py is the only module that lists features.
- ``ui/`` folders hold no SQL: queries and writes live in the feature's store and edits.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sreplan.features import FEATURES

PACKAGE = Path(__file__).resolve().parents[1] / "desktop" / "sreplan"
ORDER = [f.key for f in FEATURES]
# What features may use besides the kernel: the paths module and the package's version.
SHARED = {"kernel", "paths", "__version__"}
SQL = re.compile(
    r"^\s*(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)|DROP\s+|PRAGMA\s)",
    re.IGNORECASE | re.DOTALL,
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _sreplan_parts(name: str) -> list[str]:
    return name.split(".")[1:] if name.startswith("sreplan.") else []


def test_every_feature_is_a_package() -> None:
    for key in ORDER:
        assert (PACKAGE / key / "feature.py").is_file(), key


def test_import_rules() -> None:
    modules = _modules()
    problems: list[str] = []
    for name, path in sorted(modules.items()):
        parts = name.split(".")[1:]
        in_ui = "ui" in parts
        imports = _imports(path)
        if not in_ui and any(i == "PySide6" or i.startswith("PySide6.") for i in imports):
            problems.append(f"{name} imports PySide6 outside a ui/ folder")
        if not parts:
            continue
        top = parts[0]
        for imported in imports:
            target = _sreplan_parts(imported)
            parent = ".".join(imported.split(".")[:-1])
            if not target or (imported not in modules and parent not in modules):
                continue
            other = target[0]
            if top == "kernel" and other not in {"kernel", "__version__"}:
                problems.append(f"{name} (kernel) imports {imported}")
            if top in ORDER:
                if other in ORDER and ORDER.index(other) > ORDER.index(top):
                    problems.append(f"{name} imports a later feature: {imported}")
                elif other not in {*ORDER, *SHARED} and not (in_ui and other == "ui"):
                    problems.append(f"{name} (feature {top}) imports the shell: {imported}")
                if not in_ui and "ui" in target:
                    problems.append(f"{name} (Qt-free) imports {imported}")
            declaration = target[-1] == "feature" and target[0] in ORDER
            if declaration and name != "sreplan.features" and target[0] != top:
                problems.append(f"{name} imports a feature declaration: {imported}")
    assert problems == []


def test_no_sql_in_ui_folders() -> None:
    offenders = []
    for name, path in sorted(_modules().items()):
        if "ui" not in name.split(".")[1:]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(
                node.value
            ):
                offenders.append(f"{name}:{node.lineno}: {node.value.strip()[:60]!r}")
            elif isinstance(node, ast.JoinedStr):
                text = "".join(
                    v.value
                    for v in node.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
                if SQL.search(text):
                    offenders.append(f"{name}:{node.lineno}: f-string {text.strip()[:60]!r}")
    assert offenders == []
