"""Deterministic YAML: the same data always gives the same bytes (keys in the order given)."""

from __future__ import annotations

from typing import Any

import yaml

_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BASE):  # type: ignore[misc]
    """Safe YAML; text with line breaks as literal blocks so a diff shows the lines."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any, header: str = "") -> str:
    """The one YAML spelling of ``data``: keys as given, LF, UTF-8, a final newline."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # never re-wrap a paragraph: one edited word is one changed line
        line_break="\n",
    )
    return header + text


def dump_all(documents: list[Any]) -> str:
    """Several YAML documents separated by ``---`` (Backstage's catalog-info form)."""
    return "---\n".join(dump(d) for d in documents)
