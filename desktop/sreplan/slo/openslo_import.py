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
from dataclasses import dataclass
from pathlib import Path

from sreplan.kernel.durations import Duration
from sreplan.kernel.ids import new_id
from sreplan.kernel.inputs import read_text
from sreplan.kernel.workspace import Workspace
from sreplan.slo.error_budget import budget_spent_for
from sreplan.slo.model import AlertRule, Service, Sli, Slo, TimeWindow
from sreplan.slo.openslo.model import ConditionSpec, OpenSloError, ParsedOpenSlo, SliSpec
from sreplan.slo.openslo.read import parse_files
from sreplan.slo.openslo_export import export_openslo
from sreplan.slo.policy import replace_alert_rules
from sreplan.slo.store import insert_service, insert_sli, insert_slo, list_services, list_slis

__all__ = ["ImportSummary", "OpenSloError", "export_openslo", "import_openslo", "read_openslo"]

DEFAULT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ImportSummary:
    """What an import added (ids, so the editor can undo it) and what it warned about."""

    service_ids: tuple[str, ...]
    sli_ids: tuple[str, ...]
    slo_ids: tuple[str, ...]
    alert_rules: int  # rows of the plan's alert policy replaced by the file's; 0 = untouched
    warnings: tuple[str, ...]

    @property
    def services(self) -> int:
        return len(self.service_ids)

    @property
    def slis(self) -> int:
        return len(self.sli_ids)

    @property
    def slos(self) -> int:
        return len(self.slo_ids)


def read_openslo(paths: Sequence[Path | str]) -> ParsedOpenSlo:
    """Read and check every file; raise OpenSloError naming file, document and field."""
    files = []
    for path in map(Path, paths):
        files.append((path.name, read_text(path, error=OpenSloError)))
    if not files:
        raise OpenSloError("no files given")
    return parse_files(files)


def import_openslo(ws: Workspace, plan_id: str, parsed: ParsedOpenSlo) -> ImportSummary:
    """Add the parsed records to the plan in one transaction.

    Services are matched by name with the plan's own; an SLI identical to one
    already in the plan is reused; everything else is added under new ids.
    """
    warnings = list(parsed.warnings)
    rules = _alert_rules(parsed, warnings)
    added_services: list[str] = []
    added_slis: list[str] = []
    slo_ids: list[str] = []
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
        existing = {_sli_key(s): s.id for s in list_slis(ws, plan_id)}
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
            record = Slo(
                id=new_id(),
                plan_id=plan_id,
                service_id=service_id,
                sli_id=sli_id,
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
            )
            insert_slo(ws, record)
            slo_ids.append(record.id)
        for spec in parsed.slis.values():  # SLIs no SLO uses are still part of the file
            if _spec_key(spec) not in existing:
                sli = _sli(plan_id, spec)
                insert_sli(ws, sli)
                existing[_spec_key(spec)] = sli.id
                added_slis.append(sli.id)
        if rules:
            replace_alert_rules(ws, plan_id, rules)
    return ImportSummary(
        tuple(added_services), tuple(added_slis), tuple(slo_ids), len(rules), tuple(warnings)
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
    )


def _spec_key(spec: SliSpec) -> tuple[object, ...]:
    return spec.key()


def _alert_rules(parsed: ParsedOpenSlo, warnings: list[str]) -> list[AlertRule]:
    """Burn-rate conditions as plan rules: burn rates become budget shares via the SLO window."""
    windows: dict[str, Duration] = {}
    for slo in parsed.slos:
        for name in slo.alert_policies:
            windows.setdefault(name, slo.window)
            if name not in parsed.policies:
                warnings.append(f"{slo.where}: alert policy {name!r} is not in the files imported")
    rules: list[AlertRule] = []
    seen: set[tuple[object, ...]] = set()
    for name, conditions in parsed.policies.items():
        if name.startswith("condition:"):
            continue
        window = windows.get(name)
        if window is None:
            window = Duration(DEFAULT_WINDOW_DAYS, "d")
            warnings.append(
                f"alert policy {name!r}: no SLO uses it; its burn rates were read "
                f"against a {DEFAULT_WINDOW_DAYS}-day window"
            )
        for condition in conditions:
            rule = _rule(condition, window, len(rules))
            key = (rule.severity, rule.long_window, rule.short_window, rule.budget_spent)
            if key not in seen:
                seen.add(key)
                rules.append(rule)
    return rules


def _rule(condition: ConditionSpec, window: Duration, position: int) -> AlertRule:
    spent = round(budget_spent_for(condition.burn_rate, window, condition.long_window), 6)
    if not 0 < spent <= 100:
        raise OpenSloError(
            f"{condition.where}: a burn rate of {condition.burn_rate:g} over "
            f"{condition.long_window.label} spends {spent:g}% of a {window.label} budget; "
            "it must be above 0 and at most 100%"
        )
    return AlertRule(
        condition.severity,
        condition.long_window,
        condition.short_window,
        spent,
        id=new_id(),
        position=position,
    )
