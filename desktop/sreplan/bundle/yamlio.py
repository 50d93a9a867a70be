"""Bounded YAML in (with the line of every value for messages)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

from sreplan.kernel.bundle import BundleFileError
from sreplan.kernel.errors import UserError
from sreplan.kernel.inputs import compose_yaml_all, construct_yaml
from sreplan.kernel.yamlout import dump, dump_all

__all__ = ["Document", "dump", "dump_all"]

class _FileError(UserError):
    pass


class Document:
    """A YAML file's value and its node tree, to name the line of any value."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        try:
            nodes = compose_yaml_all(text, path, error=_FileError, fast=True)
            if len(nodes) > 1:
                raise _FileError(f"{path}: holds {len(nodes)} YAML documents; one was expected.")
            self.node = nodes[0] if nodes else None
            self.value = construct_yaml(nodes, path, error=_FileError)[0] if nodes else None
        except _FileError as exc:
            found = re.match(rf"{re.escape(path)}(?:, line (\d+))?: (.*)", str(exc), re.DOTALL)
            if found is None:
                raise BundleFileError(path, str(exc)) from None
            line = int(found.group(1)) if found.group(1) else None
            raise BundleFileError(path, found.group(2), line) from None

    def line(self, location: Sequence[str | int]) -> int | None:
        """The 1-based line of the value at ``location`` (or of the nearest parent found)."""
        node = self.node
        if node is None:
            return None
        for step in location:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if getattr(key, "value", None) == step:
                        child = key if isinstance(value, yaml.ScalarNode) else value
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                child = node.value[step]
            if child is None:
                break
            node = child
        return int(node.start_mark.line) + 1

