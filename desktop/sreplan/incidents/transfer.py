"""Postmortem files <-> a plan's incidents: names resolved, everything checked before writing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sreplan.incidents import store
from sreplan.incidents.formats.postmortem import (
    ImportPlan,
    ParsedPostmortem,
    PostmortemError,
    build_incidents,
    file_name,
    parse_markdown,
    read_text,
    to_markdown,
)
from sreplan.incidents.model import Incident, IncidentError
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace


def _names(ws: Workspace, plan_id: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    slos = {
        r["id"]: r["name"]
        for r in ws.rows("SELECT id, name FROM slos WHERE plan_id = ?", [plan_id])
    }
    components = dict(store.component_choices(ws, plan_id))
    links: dict[str, str] = {}
    for kind, choices in store.link_choices(ws, plan_id).items():
        for rid, title in choices:
            links[rid] = title if kind == "adr" else f"{kind}: {title}"
    return slos, components, links


def markdown_for(ws: Workspace, incident: Incident) -> str:
    slos, components, links = _names(ws, incident.plan_id)
    return to_markdown(incident, slos, components, links)


def export_postmortems(
    ws: Workspace, plan_id: str, out_dir: Path, numbers: Sequence[int] = ()
) -> list[Path]:
    """One Markdown file per incident (or those numbered), in the SRE book's template."""
    ids = (
        [store.find_by_number(ws, plan_id, n) for n in numbers]
        if numbers
        else list(reversed(store.incident_ids(ws, plan_id)))
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PostmortemError(f"{out_dir}: cannot be created ({exc.strerror or exc}).") from exc
    slos, components, links = _names(ws, plan_id)
    written = []
    for incident_id in ids:
        incident = store.get_incident(ws, incident_id)
        path = out_dir / file_name(incident)
        try:
            path.write_bytes(to_markdown(incident, slos, components, links).encode("utf-8"))
        except OSError as exc:
            raise PostmortemError(f"{path}: cannot be written ({exc.strerror or exc}).") from exc
        written.append(path)
    return written


def plan_import(ws: Workspace, plan_id: str, paths: Sequence[Path]) -> ImportPlan:
    """Read every file and match it to the plan; raises (naming the file) before any write."""
    parsed = [parse_markdown(read_text(path), path.name) for path in paths]
    return plan_import_texts(ws, plan_id, parsed)


def plan_import_texts(
    ws: Workspace, plan_id: str, parsed: Sequence[ParsedPostmortem]
) -> ImportPlan:
    slo_lookup: dict[str, str] = {}
    for r in ws.rows("SELECT id, name, display_name FROM slos WHERE plan_id = ?", [plan_id]):
        for name in (r["display_name"], r["name"]):
            if name:
                slo_lookup[name.strip().casefold()] = r["id"]
    comp_lookup = {
        name.strip().casefold(): cid for cid, name in store.component_choices(ws, plan_id)
    }
    _, _, links = _names(ws, plan_id)
    link_lookup: dict[str, tuple[str, str]] = {}
    for kind, choices in store.link_choices(ws, plan_id).items():
        for rid, _title in choices:
            link_lookup[links[rid].casefold()] = (kind, rid)
    taken = {
        int(r[0])
        for r in ws.conn.execute("SELECT number FROM incidents WHERE plan_id = ?", [plan_id])
    }
    plan = build_incidents(
        parsed,
        plan_id,
        taken_numbers=taken,
        severities=[lv.name for lv in store.severities(ws, plan_id)],
        slos=slo_lookup,
        components=comp_lookup,
        links=link_lookup,
        new_id=new_id,
    )
    for incident in plan.incidents:
        try:
            store.validate(ws, incident)
        except IncidentError as exc:
            source = parsed[plan.incidents.index(incident)].source
            raise PostmortemError(f"{source}: {exc}") from exc
    return plan


def import_postmortems(ws: Workspace, plan_id: str, paths: Sequence[Path]) -> ImportPlan:
    """Read, check and write every file in one transaction: all of them or none."""
    plan = plan_import(ws, plan_id, paths)
    with ws.write():
        for incident in plan.incidents:
            store.insert_incident(ws, incident)
    return plan
