"""The part of JSON Schema (2020-12) the bundle's schemas use, checked without a dependency.

The schemas themselves are ordinary JSON Schema (the tests check them and the files
with the ``jsonschema`` package too); this validator knows ``type``, ``properties``,
``required``, ``additionalProperties``, ``items``, ``const``, ``enum`` and ``pattern``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

Location = tuple[str | int, ...]

_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_NAMES = {"string": "text", "integer": "a whole number", "number": "a number",
          "boolean": "true or false", "null": "empty (null)", "array": "a list",
          "object": "a mapping"}


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def errors(schema: dict[str, Any], value: Any, at: Location = ()) -> Iterator[tuple[Location, str]]:
    """Every (location, message) where ``value`` breaks ``schema``."""
    expected = schema.get("type")
    if expected is not None:
        kinds = [expected] if isinstance(expected, str) else list(expected)
        if not any(_TYPES[k](value) for k in kinds):
            wanted = " or ".join(_NAMES[k] for k in kinds)
            yield at, f"must be {wanted}, not {_describe(value)}"
            return
    if "const" in schema and value != schema["const"]:
        yield at, f"must be {schema['const']!r}"
    if "enum" in schema and value not in schema["enum"]:
        yield at, f"must be one of {', '.join(map(repr, schema['enum']))}"
    if isinstance(value, str) and "pattern" in schema and not _pattern(
        schema["pattern"]
    ).search(value):
        yield at, f"{value!r} does not match the pattern {schema['pattern']}"
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                yield at, f"the field {name!r} is missing"
        for key, item in value.items():
            if key in properties:
                yield from errors(properties[key], item, (*at, key))
            elif schema.get("additionalProperties") is False:
                yield (*at, key), "not a field SRE Plan knows here"
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from errors(schema["items"], item, (*at, index))


def _describe(value: Any) -> str:
    for name, test in _TYPES.items():
        if test(value):
            return _NAMES[name]
    return type(value).__name__
