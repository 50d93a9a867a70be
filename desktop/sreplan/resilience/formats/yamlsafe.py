"""Loading JSON or YAML files that come from elsewhere, safely and all at once.

Safe loading only (no Python objects), a size limit, and a limit on the expanded
size, so an alias bomb ("billion laughs") is refused instead of eating the memory.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 5_000_000
MAX_NODES = 200_000


def load_documents(path: Path, error: type[Exception]) -> list[Any]:
    """Every document of a JSON or YAML file; ``error(message)`` names the file on failure."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise error(f"{path}: {size:,} bytes is too large for an experiment or rollout file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise error(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    return parse_documents(text, str(path), error)


def parse_documents(text: str, source: str, error: type[Exception]) -> list[Any]:
    if source.lower().endswith(".json"):
        try:
            docs = [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise error(f"{source}: not valid JSON: {exc.msg} at line {exc.lineno}, "
                        f"column {exc.colno}") from exc
    else:
        try:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise error(f"{source}: not valid YAML: {exc.problem or exc}{where}") from exc
        except yaml.YAMLError as exc:
            raise error(f"{source}: not valid YAML: {exc}") from exc
    budget = [MAX_NODES]
    for doc in docs:
        _count(doc, budget, source, error)
    if not docs:
        raise error(f"{source}: the file is empty")
    return docs


def _count(value: Any, budget: list[int], source: str, error: type[Exception]) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise error(f"{source}: expands to more than {MAX_NODES:,} values (an alias bomb?); "
                        "refused")
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
