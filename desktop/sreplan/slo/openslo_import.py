"""OpenSLO v1 import and export (github.com/OpenSLO/OpenSLO).

Import reads one or more YAML files (documents separated by ``---``), checks
them completely, and only then writes, in one transaction: a bad file imports
nothing. Export writes the plan's services, SLIs, SLOs and alert policy as
OpenSLO v1; what OpenSLO has no field for (an SLI's kind, an SLO's owner,
rationale and status) travels in ``sreplan.app/`` annotations, so a round trip
through the file gives the same SLOs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sreplan.kernel import edits
from sreplan.kernel.ids import new_id
from sreplan.kernel.inputs import read_text
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import AlertRule, Service, Severity, Sli, Slo, TimeWindow
from sreplan.slo.openslo.model import OpenSloError, ParsedOpenSlo, PolicySpec, SliSpec, SloSpec
from sreplan.slo.openslo.read import parse_files
from sreplan.slo.openslo_export import export_openslo
from sreplan.slo.openslo_store import (
    OpenSloCondition,
    OpenSloPolicy,
    list_policies,
    save_policy,
    set_slo_policies,
)
from sreplan.slo.policy import replace_alert_rules
from sreplan.slo.store import (
    insert_service,
    insert_sli,
    insert_slo,
    list_services,
    list_slis,
    list_slos,
    slo_to_row,
    update_slo,
)

__all__ = [
    "ImportSummary",
    "OpenSloError",
    "export_openslo",
    "import_edit",
    "import_openslo",
    "read_openslo",
]

# Tables an import writes (for the undo stack and views that listen to them).
TABLES = frozenset(
    {
        "services",
        "slis",
        "slos",
        "alert_policy_rules",
        "openslo_alert_policies",
        "openslo_alert_conditions",
        "slo_alert_policies",
    }
)


@dataclass(frozen=True)
class ImportSummary:
    """What an import added or updated (ids) and what it warned about."""

    service_ids: tuple[str, ...]
    sli_ids: tuple[str, ...]
    slo_ids: tuple[str, ...]  # added
    alert_rules: int  # rows of the plan's alert policy replaced by the file's; 0 = untouched
    warnings: tuple[str, ...]
    updated_slo_ids: tuple[str, ...] = ()  # SLOs of the plan whose name matched, updated
    updated_names: tuple[str, ...] = ()
    policies: int = 0  # OpenSLO alert policies added or updated

    @property
    def services(self) -> int:
        return len(self.service_ids)

    @property
    def slis(self) -> int:
        return len(self.sli_ids)

    @property
    def slos(self) -> int:
        return len(self.slo_ids)

    @property
    def updated(self) -> int:
        return len(self.updated_slo_ids)

    def describe(self) -> str:
        """One sentence for the CLI and the app."""
        parts = [f"imported {self.slos} new SLOs"]
        if self.updated:
            names = ", ".join(self.updated_names[:5])
            more = f" and {self.updated - 5} more" if self.updated > 5 else ""
            parts.append(f"updated {self.updated} existing SLOs with the same name ({names}{more})")
        parts.append(f"{self.slis} new SLIs")
        parts.append(f"{self.services} new services")
        if self.policies:
            parts.append(f"{self.policies} alert policies kept as written")
        text = ", ".join(parts)
        if self.alert_rules:
            text += f", the plan's alert policy replaced ({self.alert_rules} rules)"
        return text


def read_openslo(paths: Sequence[Path | str]) -> ParsedOpenSlo:
    """Read and check every file; raise OpenSloError naming file, document and field."""
    files = []
    for path in map(Path, paths):
        files.append((path.name, read_text(path, error=OpenSloError)))
    if not files:
        raise OpenSloError("no files given")
    return parse_files(files)


@dataclass
class ImportResult:
    summary: ImportSummary | None = None


def import_edit(plan_id: str, parsed: ParsedOpenSlo) -> tuple[edits.Edit, ImportResult]:
    """The import as one undoable Edit; ``result.summary`` is set once it has been applied."""
    result = ImportResult()

    def action(ws: Workspace) -> ImportSummary:
        result.summary = import_openslo(ws, plan_id, parsed)
        return result.summary

    count = len(parsed.slos)
    label = f"Import {count} SLO" + ("" if count == 1 else "s")
    return edits.make(label, TABLES, action, plan_id=plan_id), result


def import_openslo(ws: Workspace, plan_id: str, parsed: ParsedOpenSlo) -> ImportSummary:
    """Add the parsed records to the plan in one transaction.

    Services are matched by name with the plan's own; an SLI identical to one
    already in the plan is reused. An SLO whose name the plan already has
    updates that SLO (same id) instead of adding a copy; an AlertPolicy whose
    name the plan already has is replaced likewise.
    """
    warnings = list(parsed.warnings)
    rules = _plan_rules(parsed)
    added_services: list[str] = []
    added_slis: list[str] = []
    slo_ids: list[str] = []
    updated: list[str] = []
    updated_names: list[str] = []
    with ws.write():
        services = {s.name: s.id for s in list_services(ws, plan_id)}
        for name, (title, description) in parsed.services.items():
            if title not in services and name not in services:
                service = Service(new_id(), plan_id, title, description)
                insert_service(ws, service)
                services[title] = services[name] = service.id
                added_services.append(service.id)
            else:
                services.setdefault(name, services.get(title, ""))
        policy_ids = _save_policies(ws, plan_id, parsed)
        existing = {_sli_key(s): s.id for s in list_slis(ws, plan_id)}
        by_name: dict[str, list[str]] = {}
        for old in list_slos(ws, plan_id):
            by_name.setdefault(old.name, []).append(old.id)
        sli_ids: dict[int, str] = {}
        for slo in parsed.slos:
            service_id = services.get(slo.service)
            if not service_id:
                service = Service(new_id(), plan_id, slo.service)
                insert_service(ws, service)
                services[slo.service] = service_id = service.id
                added_services.append(service.id)
            sli_id = sli_ids.get(id(slo.sli)) or existing.get(_spec_key(slo.sli))
            if not sli_id:
                sli = _sli(plan_id, slo.sli)
                insert_sli(ws, sli)
                sli_id = existing[_spec_key(slo.sli)] = sli.id
                added_slis.append(sli.id)
            sli_ids[id(slo.sli)] = sli_id
            same_name = by_name.get(slo.name, [])
            if same_name:
                record = _with(
                    _slo(same_name.pop(0), plan_id, slo), service_id, sli_id, parsed, slo
                )
                row = slo_to_row(record)
                row.pop("id")
                update_slo(ws, record.id, row)
                updated.append(record.id)
                updated_names.append(slo.name)
            else:
                record = _with(_slo(new_id(), plan_id, slo), service_id, sli_id, parsed, slo)
                insert_slo(ws, record)
                slo_ids.append(record.id)
            links = []
            for ref in slo.alert_policies:
                if ref in policy_ids:
                    links.append(policy_ids[ref])
                elif ref not in parsed.policies:
                    warnings.append(
                        f"{slo.where}: alert policy {ref!r} is not in the files imported "
                        "nor in the plan; the reference is not kept"
                    )
            set_slo_policies(ws, plan_id, record.id, links, new_id)
        for spec in parsed.slis.values():  # SLIs no SLO uses are still part of the file
            if _spec_key(spec) not in existing:
                sli = _sli(plan_id, spec)
                insert_sli(ws, sli)
                existing[_spec_key(spec)] = sli.id
                added_slis.append(sli.id)
        if rules:
            replace_alert_rules(ws, plan_id, rules)
    return ImportSummary(
        tuple(added_services),
        tuple(added_slis),
        tuple(slo_ids),
        len(rules),
        tuple(warnings),
        tuple(updated),
        tuple(updated_names),
        sum(1 for p in parsed.policies.values() if not p.plan_rule),
    )


def _slo(slo_id: str, plan_id: str, slo: SloSpec) -> Slo:
    return Slo(
        id=slo_id,
        plan_id=plan_id,
        service_id="",
        sli_id="",
        name=slo.name,
        display_name=slo.display_name,
        description=slo.description,
        target=slo.target,
        window=TimeWindow(slo.window, slo.rolling, slo.calendar_start, slo.time_zone),
        budgeting_method=slo.budgeting_method,
        objective_op=slo.objective_op,
        objective_value=slo.objective_value,
        timeslice_target=slo.timeslice_target,
        timeslice_window=slo.timeslice_window,
        owner=slo.owner,
        rationale=slo.rationale,
        status=slo.status,
        request_rate=slo.request_rate,
        labels=slo.labels,
        annotations=slo.annotations,
    )


def _with(record: Slo, service_id: str, sli_id: str, parsed: ParsedOpenSlo, slo: SloSpec) -> Slo:
    plan_policy = any(
        ref in parsed.policies and parsed.policies[ref].plan_rule for ref in slo.alert_policies
    )
    return replace(record, service_id=service_id, sli_id=sli_id, plan_alert_policy=plan_policy)


def _save_policies(ws: Workspace, plan_id: str, parsed: ParsedOpenSlo) -> dict[str, str]:
    """Store the file's own AlertPolicies (by name: a known name is replaced); name -> id."""
    known = {p.name: p for p in list_policies(ws, plan_id)}
    ids = {name: p.id for name, p in known.items()}
    position = max((p.position for p in known.values()), default=-1) + 1
    for name, spec in parsed.policies.items():
        if spec.plan_rule:
            continue
        old = known.get(name)
        policy_id = old.id if old else new_id()
        save_policy(ws, _policy(policy_id, plan_id, old.position if old else position, spec))
        if not old:
            position += 1
        ids[name] = policy_id
    return ids


def _policy(policy_id: str, plan_id: str, position: int, spec: PolicySpec) -> OpenSloPolicy:
    return OpenSloPolicy(
        id=policy_id,
        plan_id=plan_id,
        position=position,
        name=spec.name,
        display_name=spec.display_name,
        description=spec.description,
        alert_when_no_data=spec.alert_when_no_data,
        alert_when_resolved=spec.alert_when_resolved,
        alert_when_breaching=spec.alert_when_breaching,
        notification_targets=spec.notification_targets,
        labels=spec.labels,
        annotations=spec.annotations,
        conditions=tuple(
            OpenSloCondition(
                id=new_id(),
                plan_id=plan_id,
                policy_id=policy_id,
                position=i,
                name=c.name,
                display_name=c.display_name,
                description=c.description,
                severity=c.severity,
                op=c.op,
                threshold=c.threshold,
                lookback_window=c.lookback_window,
                alert_after=c.alert_after,
                labels=c.labels,
                annotations=c.annotations,
            )
            for i, c in enumerate(spec.conditions)
        ),
    )


def _sli(plan_id: str, spec: SliSpec) -> Sli:
    return Sli(
        new_id(),
        plan_id,
        spec.name,
        spec.display_name,
        spec.kind,
        spec.sli_type,
        spec.good_events,
        spec.total_events,
        spec.data_source,
        spec.good_query,
        spec.total_query,
        spec.description,
        spec.counter,
        spec.bad_query,
        spec.metric_sources,
        spec.labels,
        spec.annotations,
    )


def _sli_key(sli: Sli) -> tuple[object, ...]:
    return (
        sli.name,
        sli.display_name,
        sli.kind,
        sli.sli_type,
        sli.good_events,
        sli.total_events,
        sli.data_source,
        sli.good_query,
        sli.total_query,
        sli.description,
        sli.counter,
        sli.bad_query,
        sli.metric_sources,
        sli.labels,
        sli.annotations,
    )


def _spec_key(spec: SliSpec) -> tuple[object, ...]:
    return spec.key()


def _plan_rules(parsed: ParsedOpenSlo) -> list[AlertRule]:
    """The plan's own alert policy, from the policies SRE Plan wrote for it (exact figures)."""
    rules: list[AlertRule] = []
    seen: set[tuple[object, ...]] = set()
    for policy in parsed.policies.values():
        if not policy.plan_rule:
            continue
        for c in policy.conditions:
            assert c.short_window is not None and c.budget_spent is not None
            key = (c.severity, c.lookback_window, c.short_window, c.budget_spent)
            if key in seen:
                continue
            seen.add(key)
            rules.append(
                AlertRule(
                    Severity(c.severity),
                    c.lookback_window,
                    c.short_window,
                    c.budget_spent,
                    id=new_id(),
                    position=len(rules),
                )
            )
    return rules
