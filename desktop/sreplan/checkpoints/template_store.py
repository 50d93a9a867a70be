"""Applying checklist templates to plans, and the workspace's own custom templates."""

from __future__ import annotations

from dataclasses import dataclass

from sreplan.checkpoints.formats.template_yaml import (
    TemplateError,
    builtin_templates,
    dump_template,
    parse_template,
)
from sreplan.checkpoints.model import Checkpoint
from sreplan.checkpoints.store import add_phase, ensure_phases, list_checkpoints, list_phases
from sreplan.checkpoints.templates import Template, TemplateItem, slug
from sreplan.kernel import records
from sreplan.kernel.errors import WorkspaceError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso


@dataclass(frozen=True)
class ApplyResult:
    added: int
    present: int  # items whose key the plan already had
    phases_added: int


def apply_template(ws: Workspace, plan_id: str, template: Template) -> ApplyResult:
    """Merge ``template`` into the plan in one transaction; known keys are left as they are."""
    added = present = phases_added = 0
    with ws.write():
        phases = {p.name.casefold(): p.id for p in ensure_phases(ws, plan_id)}
        known = {
            r[0]
            for r in ws.conn.execute(
                "SELECT template_key FROM checkpoints WHERE plan_id = ? "
                "AND template_key IS NOT NULL",
                [plan_id],
            )
        }
        next_position: dict[str, int] = {
            pid: int(pos)
            for pid, pos in ws.conn.execute(
                "SELECT phase_id, max(position) + 1 FROM checkpoints WHERE plan_id = ? "
                "GROUP BY phase_id",
                [plan_id],
            )
        }
        stamp = now_iso()
        rows = []
        for item in template.items:
            if item.key in known:
                present += 1
                continue
            phase_id = phases.get(item.phase.casefold())
            if phase_id is None:
                phase_id = add_phase(ws, plan_id, item.phase).id
                phases[item.phase.casefold()] = phase_id
                phases_added += 1
            position = next_position.get(phase_id, 0)
            next_position[phase_id] = position + 1
            known.add(item.key)
            rows.append(_row(plan_id, phase_id, position, item, stamp))
            added += 1
        records.insert(ws, "checkpoints", rows)
    return ApplyResult(added, present, phases_added)


def apply_counts(template: Template, present_keys: set[str]) -> tuple[int, int]:
    """(added, present): what :func:`apply_template` will do to a plan holding these keys."""
    known = set(present_keys)
    added = present = 0
    for item in template.items:
        if item.key in known:
            present += 1
        else:
            known.add(item.key)
            added += 1
    return added, present


def _row(plan_id: str, phase_id: str, position: int, item: TemplateItem, stamp: str) -> dict[
    str, object
]:
    return {
        "id": new_id(),
        "plan_id": plan_id,
        "phase_id": phase_id,
        "position": position,
        "title": item.title,
        "guidance": item.guidance,
        "category": item.category.value,
        "owner_side": item.owner_side.value,
        "owner": "",
        "status": item.status.value,
        "waiver_reason": item.waiver_reason.value if item.waiver_reason else None,
        "waiver_note": item.waiver_note,
        "risk": item.risk.value,
        "template_key": item.key,
        "updated_at": stamp,
    }


# --- the template catalogue -------------------------------------------------------------


def custom_templates(ws: Workspace) -> list[Template]:
    templates = []
    for row in ws.rows("SELECT key, yaml FROM checkpoint_templates ORDER BY name COLLATE NOCASE"):
        try:
            templates.append(parse_template(row["yaml"], f"custom template {row['key']}"))
        except TemplateError:
            continue  # written by this app, so only a hand-edited file can get here
    return templates


def all_templates(ws: Workspace | None) -> list[Template]:
    """Built-in templates first, then the workspace's custom ones."""
    return builtin_templates() + (custom_templates(ws) if ws is not None else [])


def find_template(ws: Workspace | None, ref: str) -> Template:
    """A template by key or by name (case-insensitive)."""
    wanted = ref.strip().casefold()
    templates = all_templates(ws)
    for template in templates:
        if wanted in (template.key.casefold(), template.name.casefold()):
            return template
    names = ", ".join(t.key for t in templates)
    raise WorkspaceError(f"no template named {ref!r}; available: {names}")


def save_custom_template(ws: Workspace, template: Template) -> None:
    """Store (or replace) a custom template; built-in keys are reserved."""
    if any(t.key == template.key for t in builtin_templates()):
        raise WorkspaceError(
            f"'{template.key}' is the key of a built-in template; choose another key."
        )
    text = dump_template(template)
    with ws.write() as conn:
        conn.execute(
            "INSERT INTO checkpoint_templates (id, key, name, yaml, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "name = excluded.name, yaml = excluded.yaml, updated_at = excluded.updated_at",
            [new_id(), template.key, template.name, text, now_iso()],
        )


def delete_custom_template(ws: Workspace, key: str) -> None:
    with ws.write() as conn:
        conn.execute("DELETE FROM checkpoint_templates WHERE key = ?", [key])


def plan_as_template(
    ws: Workspace, plan_id: str, key: str, name: str, description: str = ""
) -> Template:
    """The plan's checklist as a template (statuses reset), ready to save or export.

    Items that came from no template get a key now, written back to the plan in one
    transaction, so applying the saved template to this plan later adds nothing twice.
    """
    phases = list_phases(ws, plan_id)
    names = {p.id: p.name for p in phases}
    items: list[TemplateItem] = []
    taken = {c.template_key for c in list_checkpoints(ws, plan_id) if c.template_key}
    with ws.write():
        for checkpoint in list_checkpoints(ws, plan_id):
            item_key = checkpoint.template_key or _fresh_key(key, checkpoint, taken)
            if checkpoint.template_key is None:
                records.update(ws, "checkpoints", checkpoint.id, {"template_key": item_key})
            items.append(
                TemplateItem(
                    key=item_key,
                    phase=names[checkpoint.phase_id],
                    title=checkpoint.title,
                    guidance=checkpoint.guidance,
                    category=checkpoint.category,
                    owner_side=checkpoint.owner_side,
                    risk=checkpoint.risk,
                )
            )
    return Template(
        key=key,
        name=name,
        description=description,
        phases=tuple(p.name for p in phases),
        items=tuple(items),
    )


def _fresh_key(prefix: str, checkpoint: Checkpoint, taken: set[str]) -> str:
    base = f"{prefix}.{slug(checkpoint.title)}"[:96]
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key
