"""Architecture in a bundle: components, findings and decisions as records; the
components as Backstage catalog entities and the decisions as MADR files beside them."""

from __future__ import annotations

import re
from typing import Any

from sreplan.architecture.adr import AdrStatus
from sreplan.architecture.catalog import EntryKind
from sreplan.architecture.lint import Risk
from sreplan.architecture.model import (
    Backups,
    CallMode,
    ComponentKind,
    Criticality,
    Replication,
    RetryPolicy,
    Tristate,
)
from sreplan.architecture.reviews import FindingKind, FindingStatus, SessionType
from sreplan.kernel.bundle import BundlePart, Change, Records, Row, TableFile
from sreplan.kernel.workspace import Workspace

COMPONENTS = "architecture/components.yaml"
FINDINGS = "architecture/findings.yaml"
DECISIONS = "architecture/decisions.yaml"
CATALOG = "architecture/catalog-info.yaml"

PART = BundlePart(
    files=(
        TableFile(
            COMPONENTS,
            ("architecture_settings", "components", "dependencies"),
            choices={
                "components.kind": ComponentKind,
                "components.replication": Replication,
                "components.backups": Backups,
                "dependencies.mode": CallMode,
                "dependencies.criticality": Criticality,
                "dependencies.timeout": Tristate,
                "dependencies.retries": RetryPolicy,
                "dependencies.circuit_breaker": Tristate,
            },
        ),
        TableFile(
            FINDINGS,
            (
                "catalog_entries",
                "review_sessions",
                "agenda_items",
                "session_participants",
                "session_components",
                "findings",
                "finding_components",
                "finding_catalog",
                "lint_dismissals",
            ),
            choices={
                "catalog_entries.kind": EntryKind,
                "review_sessions.kind": SessionType,
                "findings.kind": FindingKind,
                "findings.risk": Risk,
                "findings.status": FindingStatus,
            },
        ),
        TableFile(
            DECISIONS,
            ("adrs", "adr_options", "session_decisions"),
            order={"adrs": ("number",)},
            choices={"adrs.status": AdrStatus},
        ),
    ),
    derived="sreplan.architecture.bundle:derived",
    derived_paths=(CATALOG, "decisions/"),
    changes="sreplan.architecture.bundle:changes",
)

# Backstage: Components are what a team runs; Resources the infrastructure they use.
_RESOURCE_KINDS = {"database": "database", "cache": "cache", "queue": "queue",
                   "load_balancer": "load-balancer", "edge": "cdn"}
_LIFECYCLE = {"architecture": "experimental", "active_development": "experimental",
              "limited_availability": "production", "general_availability": "production",
              "deprecation": "deprecated", "abandoned": "deprecated", "unsupported": "deprecated"}


def entity_name(text: str) -> str:
    """A Backstage name: letters, digits and ``-_.``, at most 63, alphanumeric at both ends."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:63].strip("-")
    return name or "unnamed"


def catalog_entities(ws: Workspace, plan_id: str) -> list[dict[str, Any]]:
    """The plan's components as Backstage ``Component``/``Resource`` entities."""
    stage = ws.scalar("SELECT lifecycle_stage FROM plans WHERE id = ?", [plan_id])
    components = ws.rows(
        "SELECT id, name, kind, owner_team, notes FROM components WHERE plan_id = ? "
        "ORDER BY name COLLATE NOCASE, id", [plan_id])
    refs: dict[str, str] = {}
    names: set[str] = set()
    for c in components:
        name = entity_name(c["name"])
        while name in names:
            name = f"{name[:54]}-{c['id'][:8]}"
        names.add(name)
        kind = "resource" if c["kind"] in _RESOURCE_KINDS else "component"
        refs[c["id"]] = f"{kind}:default/{name}"
    targets: dict[str, list[str]] = {}
    for d in ws.rows("SELECT source_id, target_id FROM dependencies WHERE plan_id = ?", [plan_id]):
        targets.setdefault(d["source_id"], []).append(refs[d["target_id"]])
    entities = []
    for c in components:
        kind, _, name = refs[c["id"]].partition(":default/")
        owner = entity_name(c["owner_team"]) if c["owner_team"].strip() else "unknown"
        metadata: dict[str, Any] = {"name": name, "title": c["name"]}
        if c["notes"].strip():
            metadata["description"] = c["notes"]
        metadata["annotations"] = {"sreplan.io/component-id": c["id"]}
        spec: dict[str, Any]
        if kind == "resource":
            spec = {"type": _RESOURCE_KINDS[c["kind"]], "owner": owner}
        else:
            spec = {"type": "service" if c["kind"] != "external" else "external",
                    "lifecycle": _LIFECYCLE.get(stage or "", "production"), "owner": owner}
        if c["id"] in targets:
            spec["dependsOn"] = sorted(set(targets[c["id"]]))
        entities.append({"apiVersion": "backstage.io/v1alpha1", "kind": kind.capitalize(),
                         "metadata": metadata, "spec": spec})
    return entities


def derived(ws: Workspace, plan_id: str) -> dict[str, str]:
    """catalog-info.yaml for Backstage and one MADR 4 file per decision (as export-adr)."""
    from sreplan.architecture.adr_store import list_adrs
    from sreplan.architecture.madr.write import file_name, to_markdown
    from sreplan.kernel.yamlout import dump_all

    files: dict[str, str] = {}
    entities = catalog_entities(ws, plan_id)
    if entities:
        files[CATALOG] = dump_all(entities)
    for adr in list_adrs(ws, plan_id):
        files[f"decisions/{file_name(adr)}"] = to_markdown(adr)
    return files


def _finding_kind(was: str | None, now: str) -> str | None:
    if was == now:
        return None
    try:
        status = FindingStatus(now)
    except ValueError:
        return "status"
    if was is None:
        return "opened" if status.is_open else "added"
    if status is FindingStatus.RESOLVED:
        return "closed"
    if status is FindingStatus.ACCEPTED_RISK:
        return "accepted"
    return "reopened" if status.is_open and FindingStatus(was) not in (
        FindingStatus.OPEN, FindingStatus.IN_PROGRESS) else "status"


def _status_label(choice: type[FindingStatus] | type[AdrStatus], value: str) -> str:
    try:
        return str(choice(value).label)
    except ValueError:
        return value


def changes(before: Records, after: Records) -> list[Change]:
    found: list[Change] = []
    old: dict[str, Row] = {r["id"]: r for r in before.get(FINDINGS, {}).get("findings", [])}
    new: dict[str, Row] = {r["id"]: r for r in after.get(FINDINGS, {}).get("findings", [])}
    for fid in sorted(new, key=lambda i: new[i]["title"]):
        was = old[fid]["status"] if fid in old else None
        kind = _finding_kind(was, new[fid]["status"])
        if kind:
            label = _status_label(FindingStatus, new[fid]["status"])
            detail = label if was is None else f"{_status_label(FindingStatus, was)} → {label}"
            found.append(Change("Findings", kind, new[fid]["title"], detail))
    for fid in sorted(old.keys() - new.keys(), key=lambda i: old[i]["title"]):
        found.append(Change("Findings", "removed", old[fid]["title"]))
    was_adrs = {r["id"]: r for r in before.get(DECISIONS, {}).get("adrs", [])}
    for adr in after.get(DECISIONS, {}).get("adrs", []):
        subject = f"ADR-{adr['number']:04d} {adr['title']}"
        status = _status_label(AdrStatus, adr["status"])
        if adr["id"] not in was_adrs:
            found.append(Change("Decisions", "added", subject, status))
        elif was_adrs[adr["id"]]["status"] != adr["status"]:
            previous = _status_label(AdrStatus, was_adrs[adr["id"]]["status"])
            found.append(Change("Decisions", "status", subject, f"{previous} → {status}"))
    return found
