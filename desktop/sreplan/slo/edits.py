"""Every change a user makes to a plan's reliability goals, as kernel Edits.

The app runs them on its undo stack (``ops.run(edit)``); tests below the UI
apply and revert them directly. Single-row adds and removes that need no
more than the kernel's generic record edits use those.
"""

from __future__ import annotations

from collections.abc import Sequence

from sreplan.kernel import edits, records
from sreplan.kernel.durations import Duration
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace
from sreplan.slo.model import DEFAULT_ALERT_RULES, Service, Sli, Slo, TimeWindow
from sreplan.slo.openslo.model import ParsedOpenSlo
from sreplan.slo.openslo_import import import_edit
from sreplan.slo.policy import replace_alert_rules
from sreplan.slo.store import (
    get_slo,
    insert_service,
    insert_sli,
    insert_slo,
    list_services,
    list_slis,
    slo_to_row,
    slos_using,
)

IMPORT_TABLES = frozenset({"services", "slis", "slos", "alert_policy_rules"})


def import_slos(plan_id: str, parsed: ParsedOpenSlo) -> Edit:
    """Add or update checked OpenSLO documents; ``result`` is the :class:`ImportSummary`."""
    return import_edit(plan_id, parsed)[0]


def add_slo(plan_id: str, slo_id: str) -> Edit:
    """A new draft SLO on the plan's first service and SLI (made when there is none)."""

    def action(ws: Workspace) -> None:
        services, slis = list_services(ws, plan_id), list_slis(ws, plan_id)
        if services:
            service_id = services[0].id
        else:
            service_id = new_id()
            insert_service(ws, Service(service_id, plan_id, "service"), position=0)
        if slis:
            sli_id = slis[0].id
        else:
            sli_id = new_id()
            insert_sli(ws, Sli(sli_id, plan_id, "availability"))
        window = TimeWindow(Duration(30, "d"))
        insert_slo(ws, Slo(slo_id, plan_id, service_id, sli_id, "New SLO", window=window))

    return edits.make("Add SLO", {"services", "slis", "slos"}, action, plan_id=plan_id)


def duplicate_slo(plan_id: str, slo_id: str, copy_id: str) -> Edit:
    """A draft copy of the SLO named "… (copy)", as ``copy_id``."""

    def action(ws: Workspace) -> None:
        original = get_slo(ws, slo_id)
        row = slo_to_row(original)
        row.update(id=copy_id, name=f"{original.name} (copy)", status="draft")
        records.insert(ws, "slos", [row])

    return edits.make("Duplicate SLO", {"slos"}, action, plan_id=plan_id)


def delete_slo(plan_id: str, slo_id: str) -> Edit:
    return edits.delete("slos", [slo_id], "Delete SLO", plan_id=plan_id)


def delete_catalog_records(ws: Workspace, plan_id: str, table: str, ids: Sequence[str]) -> Edit:
    """Delete services or SLIs with the SLOs that use them; the label counts those SLOs."""
    noun = {"services": "Service", "slis": "SLI"}[table]
    taken = sum(slos_using(ws, table, i) for i in ids)
    label = f"Delete {noun}" if len(ids) == 1 else f"Delete {len(ids)} {noun}s"
    if taken:
        label += f" and {taken} SLO" + ("s" if taken > 1 else "")
    return edits.delete(table, ids, label, plan_id=plan_id)


def reset_alert_policy(plan_id: str) -> Edit:
    """Replace the plan's burn-rate alert rules with the SRE workbook's defaults."""
    return edits.make(
        "Reset Alert Policy",
        {"alert_policy_rules"},
        lambda ws: replace_alert_rules(ws, plan_id, DEFAULT_ALERT_RULES),
        plan_id=plan_id,
    )


def set_slo_alert_policies(plan_id: str, slo_id: str, policy_ids: Sequence[str]) -> Edit:
    """Make ``policy_ids`` (OpenSLO AlertPolicies of this plan) the ones the SLO references."""

    def action(ws: Workspace) -> None:
        from sreplan.kernel.errors import UserError
        from sreplan.slo.openslo_store import list_policies, set_slo_policies

        known = {p.id for p in list_policies(ws, plan_id)}
        foreign = [pid for pid in policy_ids if pid not in known]
        if foreign:
            raise UserError("An SLO can only reference the alert policies of its own plan.")
        set_slo_policies(ws, plan_id, slo_id, policy_ids, new_id)

    return edits.make("Change SLO Alert Policies", {"slo_alert_policies"}, action,
                      plan_id=plan_id)


def remove_dependencies(plan_id: str, ids: Sequence[str]) -> Edit:
    label = "Remove Dependency" if len(ids) == 1 else f"Remove {len(ids)} Dependencies"
    return edits.delete("slo_dependencies", ids, label, plan_id=plan_id)
