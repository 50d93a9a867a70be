"""Checklist templates as YAML: reading them with line-precise errors, and writing them.

The schema is documented in the README ("Checklist templates"). A template is
refused as a whole with the first problem found, naming the file, line and field.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from sreplan.checkpoints.model import (
    DEFAULT_PHASES,
    Category,
    CheckpointStatus,
    OwnerSide,
    Risk,
    WaiverReason,
    waiver_error,
)
from sreplan.checkpoints.templates import FORMAT_VERSION, KEY_PATTERN, Template, TemplateItem
from sreplan.kernel.choices import Choice
from sreplan.kernel.errors import UserError
from sreplan.kernel.inputs import compose_yaml_all, read_text
from sreplan.kernel.text import without_controls

C = TypeVar("C", bound=Choice)
_TOP_FIELDS = {"sreplan_template", "key", "name", "description", "phases", "items"}
_ITEM_FIELDS = {
    "key", "phase", "title", "guidance", "category", "owner_side", "risk", "status",
    "waiver_reason", "waiver_note",
}


class TemplateError(UserError, ValueError):
    """A template that cannot be used; the message names the file, line and field."""


class _Reader:
    """Turns composed YAML nodes into values, remembering where each came from."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: yaml.Node, message: str) -> TemplateError:
        return TemplateError(f"{self.source}, line {node.start_mark.line + 1}: {message}")

    def mapping(self, node: yaml.Node, what: str, allowed: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of field: value")
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise self.fail(key_node, f"{what} has a field name that is not text")
            if key in fields:
                raise self.fail(key_node, f"field '{key}' appears twice in {what}")
            if key not in allowed:
                raise self.fail(
                    key_node,
                    f"unknown field '{key}' in {what}; expected one of: "
                    + ", ".join(sorted(allowed)),
                )
            fields[key] = value_node
        return fields

    def text(self, node: yaml.Node, field: str, *, required: bool = False) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            if required or not isinstance(node, yaml.ScalarNode):
                raise self.fail(node, f"field '{field}' must be text")
            return ""
        value = str(node.value).strip()
        if value != without_controls(value):
            raise self.fail(node, f"field '{field}' holds a control character")
        if required and not value:
            raise self.fail(node, f"field '{field}' must not be empty")
        return value

    def choice(self, node: yaml.Node, field: str, kind: type[C]) -> C:
        text = self.text(node, field, required=True)
        try:
            return kind.parse(text)
        except ValueError:
            options = ", ".join(m.value for m in kind)
            raise self.fail(
                node, f"unknown {field} '{text}'; expected one of: {options}"
            ) from None

    def key(self, node: yaml.Node, field: str) -> str:
        value = self.text(node, field, required=True)
        if not KEY_PATTERN.match(value):
            raise self.fail(
                node,
                f"{field} '{value}' must be lower-case letters, digits, '.', '_' or '-' "
                "(at most 100 characters)",
            )
        return value

    def sequence(self, node: yaml.Node, field: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"field '{field}' must be a list")
        return list(node.value)


def parse_template(text: str, source: str = "template", *, builtin: bool = False) -> Template:
    """Read a template from YAML text, or raise TemplateError naming line and field."""
    roots = compose_yaml_all(text, source, error=TemplateError)
    if len(roots) > 1:
        raise TemplateError(f"{source}: holds {len(roots)} YAML documents; a template is one")
    root = roots[0] if roots else None
    if root is None:
        raise TemplateError(f"{source}: the file is empty")
    r = _Reader(source)
    top = r.mapping(root, "the template", _TOP_FIELDS)
    for required in ("key", "name", "items"):
        if required not in top:
            raise r.fail(root, f"the template has no '{required}' field")
    if "sreplan_template" in top:
        version = r.text(top["sreplan_template"], "sreplan_template", required=True)
        if version != str(FORMAT_VERSION):
            raise r.fail(
                top["sreplan_template"],
                f"sreplan_template {version} is not supported (this version reads "
                f"{FORMAT_VERSION})",
            )
    phases = DEFAULT_PHASES
    if "phases" in top:
        phase_nodes = r.sequence(top["phases"], "phases")
        phases = tuple(r.text(n, "phases", required=True) for n in phase_nodes)
        seen: set[str] = set()
        for node, name in zip(phase_nodes, phases, strict=True):
            if name.casefold() in seen:
                raise r.fail(node, f"phase '{name}' is listed twice")
            seen.add(name.casefold())
    items = _items(r, r.sequence(top["items"], "items"), phases)
    return Template(
        key=r.key(top["key"], "key"),
        name=r.text(top["name"], "name", required=True),
        description=r.text(top["description"], "description") if "description" in top else "",
        phases=phases,
        items=tuple(items),
        builtin=builtin,
    )


def _items(r: _Reader, nodes: list[yaml.Node], phases: tuple[str, ...]) -> list[TemplateItem]:
    by_name = {p.casefold(): p for p in phases}
    keys: dict[str, int] = {}
    items: list[TemplateItem] = []
    for node in nodes:
        f = r.mapping(node, "an item", _ITEM_FIELDS)
        for required in ("key", "title", "phase"):
            if required not in f:
                raise r.fail(node, f"item has no '{required}' field")
        key = r.key(f["key"], "key")
        if key in keys:
            raise r.fail(f["key"], f"duplicate key '{key}' (first used on line {keys[key]})")
        keys[key] = f["key"].start_mark.line + 1
        phase_text = r.text(f["phase"], "phase", required=True)
        if phase_text.casefold() not in by_name:
            raise r.fail(
                f["phase"], f"unknown phase '{phase_text}'; expected one of: {', '.join(phases)}"
            )

        def opt(field: str, kind: type[C], default: C, f: dict[str, yaml.Node] = f) -> C:
            return r.choice(f[field], field, kind) if field in f else default

        def text(field: str, f: dict[str, yaml.Node] = f) -> str:
            return r.text(f[field], field) if field in f else ""

        status = opt("status", CheckpointStatus, CheckpointStatus.NOT_STARTED)
        reason = r.choice(f["waiver_reason"], "waiver_reason", WaiverReason) \
            if "waiver_reason" in f else None
        problem = waiver_error(status, reason, text("waiver_note"))
        if problem:
            raise r.fail(f.get("waiver_reason", f["status"]), f"item '{key}': {problem}")
        items.append(
            TemplateItem(
                key=key,
                phase=by_name[phase_text.casefold()],
                title=r.text(f["title"], "title", required=True),
                guidance=text("guidance"),
                category=opt("category", Category, Category.ARCHITECTURE),
                owner_side=opt("owner_side", OwnerSide, OwnerSide.SHARED),
                risk=opt("risk", Risk, Risk.MEDIUM),
                status=status,
                waiver_reason=reason if status is CheckpointStatus.WAIVED else None,
                waiver_note=text("waiver_note") if status is CheckpointStatus.WAIVED else "",
            )
        )
    return items


def dump_template(template: Template) -> str:
    """The template as YAML that :func:`parse_template` reads back unchanged."""
    items: list[dict[str, Any]] = []
    for item in template.items:
        entry: dict[str, Any] = {
            "key": item.key,
            "phase": item.phase,
            "title": item.title,
            "guidance": item.guidance,
            "category": item.category.value,
            "owner_side": item.owner_side.value,
            "risk": item.risk.value,
        }
        if item.status is not CheckpointStatus.NOT_STARTED:
            entry["status"] = item.status.value
        if item.waiver_reason is not None:
            entry["waiver_reason"] = item.waiver_reason.value
            if item.waiver_note:
                entry["waiver_note"] = item.waiver_note
        items.append(entry)
    document = {
        "sreplan_template": FORMAT_VERSION,
        "key": template.key,
        "name": template.name,
        "description": template.description,
        "phases": list(template.phases),
        "items": items,
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=88)


def read_template_file(path: Path) -> Template:
    text = read_text(path, limit=5 * 1024 * 1024, error=TemplateError)
    return parse_template(text, str(path))


def builtin_templates() -> list[Template]:
    """The templates shipped in ``sreplan/data/templates``, in file-name order."""
    folder = resources.files("sreplan").joinpath("data", "templates")
    found: list[Template] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            found.append(
                parse_template(entry.read_text(encoding="utf-8"), entry.name, builtin=True)
            )
    return found

