"""Reading files from anyone: bounded in size, nesting and alias expansion.

Every importer reads its input through here, so a FIFO, ``/dev/zero``, a 2 GB
file, a YAML alias bomb or 100,000 levels of nesting end within seconds with
one line naming the file and what is wrong, never a hang or a traceback.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sreplan.kernel.errors import UserError

MAX_INPUT_BYTES = 50 * 1024 * 1024  # a stated limit: far above any real plan file
MAX_DEPTH = 64  # nesting of mappings and lists
MAX_NODES = 1_000_000  # YAML nodes after aliases are expanded
MAX_ALIASES = 1_000


class InputError(UserError):
    """An input file that cannot be read safely."""


def read_bytes(
    path: Path | str, *, limit: int = MAX_INPUT_BYTES, error: type[UserError] = InputError
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused."""
    path = Path(path)
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"{path} cannot be read: it does not exist.") from None
    except OSError as exc:
        raise error(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{path} is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{name} is not a regular file (a pipe, socket or device); refused.")
    if info.st_size > limit:
        raise error(f"{name} is {info.st_size:,} bytes; files over {limit:,} bytes are refused.")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > limit:
        raise error(f"{name} is over {limit:,} bytes; refused.")
    return data


def read_text(
    path: Path | str, *, limit: int = MAX_INPUT_BYTES, error: type[UserError] = InputError
) -> str:
    """UTF-8 text (a BOM is dropped); a byte that is not UTF-8 is named by line."""
    data = read_bytes(path, limit=limit, error=error)
    return decode(data, Path(path).name, error=error)


def decode(data: bytes, name: str, *, error: type[UserError] = InputError) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"{name}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x})."
        ) from None


def load_json(text: str, name: str, *, error: type[UserError] = InputError) -> Any:
    """JSON with its nesting bounded (deep nesting would otherwise exhaust the stack)."""
    _check_json_depth(text, name, error)
    try:
        return json.loads(text, parse_constant=_refuse_constant(name, error))
    except json.JSONDecodeError as exc:
        raise error(f"{name}, line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    except (RecursionError, ValueError) as exc:
        raise error(f"{name}: not valid JSON ({_one_line(exc)}).") from None


def _refuse_constant(name: str, error: type[UserError]) -> Callable[[str], Any]:
    def refuse(constant: str) -> Any:
        raise error(f"{name}: {constant} is not a number JSON allows.")

    return refuse


def _check_json_depth(text: str, name: str, error: type[UserError]) -> None:
    depth = 0
    in_string = escaped = False
    line = 1
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise error(f"{name}, line {line}: nested more than {MAX_DEPTH} levels deep.")
        elif char in "]}":
            depth -= 1
        elif char == "\n":
            line += 1


def load_yaml_all(
    text: str, name: str, *, error: type[UserError] = InputError, line_offset: int = 0
) -> list[Any]:
    """Every YAML document in ``text`` (safe types only), with bounded nesting and aliases."""
    nodes = compose_yaml_all(text, name, error=error, line_offset=line_offset)
    return construct_yaml(nodes, name, error=error, line_offset=line_offset)


def construct_yaml(
    nodes: list[Any], name: str, *, error: type[UserError] = InputError, line_offset: int = 0
) -> list[Any]:
    """The values of node trees from :func:`compose_yaml_all` (safe types only)."""
    import yaml

    loader = yaml.SafeLoader("")
    try:
        return [None if node is None else loader.construct_document(node) for node in nodes]
    except yaml.YAMLError as exc:
        raise error(_yaml_message(exc, name, line_offset)) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise error(f"{name}: a value cannot be read ({_one_line(exc)}).") from None
    finally:
        loader.dispose()


def load_yaml(
    text: str, name: str, *, error: type[UserError] = InputError, line_offset: int = 0
) -> Any:
    documents = load_yaml_all(text, name, error=error, line_offset=line_offset)
    if len(documents) > 1:
        raise error(f"{name}: holds {len(documents)} YAML documents; one was expected.")
    return documents[0] if documents else None


def compose_yaml_all(
    text: str,
    name: str,
    *,
    error: type[UserError] = InputError,
    line_offset: int = 0,
    fast: bool = False,
) -> list[Any]:
    """The YAML node trees of ``text``, after checking nesting, aliases and expanded size.

    ``fast`` parses with libyaml where PyYAML has it (large plan bundles); the checks
    are the same.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader
    aliases = _check_yaml_events(text, name, error, line_offset, loader)
    try:
        nodes = list(yaml.compose_all(text, Loader=loader))
    except yaml.YAMLError as exc:
        raise error(_yaml_message(exc, name, line_offset)) from None
    except RecursionError:
        raise error(f"{name}: nested too deeply to read.") from None
    if not aliases:  # without aliases the tree is as large as the text: nothing to expand
        return nodes
    sizes: dict[int, int] = {}
    for node in nodes:
        if node is not None and _expanded_size(node, sizes) > MAX_NODES:
            raise error(f"{name}: its aliases expand to more than {MAX_NODES:,} values; refused.")
    return nodes


def _check_yaml_events(
    text: str, name: str, error: type[UserError], line_offset: int, loader: Any = None
) -> int:
    """Refuse deep nesting and too many aliases before composing; return the alias count."""
    import yaml

    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=loader or yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    where = f", line {mark.line + 1 + line_offset}" if mark is not None else ""
                    raise error(f"{name}{where}: nested more than {MAX_DEPTH} levels deep.")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise error(f"{name}: more than {MAX_ALIASES:,} YAML aliases; refused.")
    except yaml.YAMLError as exc:
        raise error(_yaml_message(exc, name, line_offset)) from None
    return aliases


def _expanded_size(node: Any, sizes: dict[int, int]) -> int:
    """How many nodes the tree holds once aliases are expanded (memoised per shared node)."""
    import yaml

    key = id(node)
    if key in sizes:
        return sizes[key]
    sizes[key] = 1  # a self-referencing alias counts once
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    total = min(total, MAX_NODES + 1)
    sizes[key] = total
    return total


def _yaml_message(exc: Exception, name: str, line_offset: int = 0) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f", line {mark.line + 1 + line_offset}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or _one_line(exc)
    return f"{name}{where}: not valid YAML ({_one_line(problem)})."


def _one_line(value: object) -> str:
    text = " ".join(str(value).split())
    return text[:200] + ("…" if len(text) > 200 else "")
