"""Every architecture change a user makes that is more than one field: one kernel Edit each.

Each function returns an :class:`~sreplan.kernel.edits.Edit` whose action writes
through the feature's stores. The first apply journals the rows it wrote; undo
and redo replay exactly those rows (same ids), so a finding edited after an
import, or an option of an imported ADR, stays valid across undo and redo.
Typing in one field of a record goes through the shell's generic
``Operations.set_fields`` (which merges keystrokes into one undo step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sreplan.architecture import adr_store, findings, lint_triage, session_store, store
from sreplan.architecture.adr import Adr
from sreplan.architecture.lint import LintSettings, Suggestion
from sreplan.architecture.model import Dependency
from sreplan.architecture.reviews import Finding
from sreplan.kernel import records
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace

FINDING_TABLES = frozenset({"findings", "finding_components", "finding_catalog"})
INVENTORY_TABLES = frozenset({"components", "dependencies"})


def _plural(n: int, noun: str, plural: str | None = None) -> str:
    return noun if n == 1 else f"{n} {plural or noun + 's'}"


def add_record(plan_id: str, table: str, row: Mapping[str, Any], label: str) -> Edit:
    """Insert one row the UI built (under the id it chose, so it can select it)."""
    values = dict(row)
    return Edit(label, frozenset({table}), lambda ws: records.insert(ws, table, [values]), plan_id)


def remove_records(plan_id: str | None, table: str, ids: Sequence[str], label: str) -> Edit:
    """Delete records with everything that depends on them; undo puts it all back."""
    chosen = list(ids)
    return Edit(label, frozenset({table}), lambda ws: records.delete(ws, table, chosen), plan_id)


# Inventory -------------------------------------------------------------------------------


def add_component(plan_id: str, component_id: str, base: str = "New component") -> Edit:
    """A new component at the end of the inventory, under the first free "New component" name."""

    def add(ws: Workspace) -> None:
        name = store.free_component_name(ws, plan_id, base)
        component = replace(store.new_component(name, zones=()), id=component_id)
        store.add_component(ws, plan_id, component)

    return Edit("Add Component", INVENTORY_TABLES, add, plan_id)


def add_dependency(plan_id: str, dependency: Dependency) -> Edit:
    return Edit(
        "Add Dependency",
        INVENTORY_TABLES,
        lambda ws: _discard(store.add_dependency(ws, plan_id, dependency)),
        plan_id,
    )


def remove_components(plan_id: str | None, ids: Sequence[str]) -> Edit:
    label = f"Remove {_plural(len(ids), 'Component')}"
    return remove_records(plan_id, "components", ids, label)


def remove_dependencies(plan_id: str | None, ids: Sequence[str]) -> Edit:
    label = f"Remove {_plural(len(ids), 'Dependency', 'Dependencies')}"
    return remove_records(plan_id, "dependencies", ids, label)


# Decisions -------------------------------------------------------------------------------


def add_adr(plan_id: str, adr: Adr) -> Edit:
    """A new ADR (the caller picked its id and the next free number)."""
    return Edit(
        "Add ADR",
        frozenset({"adrs", "adr_options"}),
        lambda ws: _discard(adr_store.add_adr(ws, plan_id, adr)),
        plan_id,
    )


def remove_adrs(plan_id: str | None, ids: Sequence[str]) -> Edit:
    return remove_records(plan_id, "adrs", ids, "Remove ADR")


def add_option(plan_id: str, adr_id: str, option_id: str, position: int) -> Edit:
    row = {
        "id": option_id,
        "plan_id": plan_id,
        "adr_id": adr_id,
        "position": position,
        "title": "New option",
        "description": "",
        "good": "",
        "neutral": "",
        "bad": "",
    }
    return add_record(plan_id, "adr_options", row, "Add Option")


def remove_option(plan_id: str | None, option_id: str) -> Edit:
    return remove_records(plan_id, "adr_options", [option_id], "Remove Option")


def import_adrs(plan_id: str, adrs: Sequence[Adr]) -> Edit:
    """Add read ADRs (with their options) in one step; ids come with the ADRs."""
    adrs = list(adrs)

    def add(ws: Workspace) -> None:
        for adr in adrs:
            adr_store.add_adr(ws, plan_id, adr)

    return Edit(f"Import {len(adrs)} ADRs", frozenset({"adrs", "adr_options"}), add, plan_id)


# Findings, sessions, catalog -------------------------------------------------------------


def add_finding(plan_id: str, finding: Finding, label: str = "Add Finding") -> Edit:
    """A new finding (from the findings tab, or captured in meeting mode)."""
    row = findings.finding_to_row(plan_id, finding)
    return Edit(
        label, FINDING_TABLES, lambda ws: records.insert(ws, "findings", [row]), plan_id
    )


def remove_findings(plan_id: str | None, ids: Sequence[str]) -> Edit:
    return remove_records(plan_id, "findings", ids, f"Remove {_plural(len(ids), 'Finding')}")


def add_session(plan_id: str, session_id: str, kind: str) -> Edit:
    row = {
        "id": session_id,
        "plan_id": plan_id,
        "title": "New review session",
        "held_on": None,
        "kind": kind,
        "agenda": "",
        "notes": "",
    }
    return add_record(plan_id, "review_sessions", row, "Add Review Session")


def remove_sessions(plan_id: str | None, ids: Sequence[str]) -> Edit:
    return remove_records(plan_id, "review_sessions", ids, "Remove Review Session")


def add_catalog_entry(plan_id: str, row: Mapping[str, Any]) -> Edit:
    return add_record(plan_id, "catalog_entries", row, "Add Catalog Entry")


def remove_catalog_entry(plan_id: str | None, entry_id: str) -> Edit:
    return remove_records(plan_id, "catalog_entries", [entry_id], "Remove Catalog Entry")


# Lint triage -----------------------------------------------------------------------------


def accept_suggestion(
    plan_id: str, suggestion: Suggestion, session_id: str | None, finding_id: str
) -> Edit:
    """Accept a suggestion as a finding (a dismissal of it goes, and comes back on undo)."""
    return Edit(
        "Accept Suggestion as Finding",
        FINDING_TABLES | {"lint_dismissals"},
        lambda ws: _discard(
            lint_triage.accept_suggestion(
                ws, plan_id, suggestion, session_id, finding_id=finding_id
            )
        ),
        plan_id,
    )


def dismiss_suggestion(plan_id: str, suggestion: Suggestion, reason: str) -> Edit:
    """Dismiss a suggestion with a reason (a previous dismissal comes back on undo)."""
    dismissal_id = new_id()
    return Edit(
        "Dismiss Suggestion",
        frozenset({"lint_dismissals"}),
        lambda ws: _discard(
            lint_triage.dismiss_suggestion(ws, plan_id, suggestion, reason, dismissal_id)
        ),
        plan_id,
    )


def set_chain_limit(plan_id: str, depth: int) -> Edit:
    """The plan's longest synchronous chain allowed; spin-box steps merge into one undo step."""
    return Edit(
        "Change Synchronous Chain Limit",
        frozenset({"architecture_settings"}),
        lambda ws: lint_triage.save_lint_settings(ws, plan_id, LintSettings(max_sync_depth=depth)),
        plan_id,
        ("architecture_settings", plan_id),
    )


# Links -----------------------------------------------------------------------------------


def link_finding_components(
    plan_id: str, finding_id: str, component_ids: Iterable[str], label: str
) -> Edit:
    ids = list(component_ids)
    return Edit(
        label,
        frozenset({"finding_components"}),
        lambda ws: findings.set_finding_components(ws, plan_id, finding_id, ids),
        plan_id,
    )


def link_finding_catalog(plan_id: str, finding_id: str, keys: Iterable[str], label: str) -> Edit:
    chosen = list(keys)
    return Edit(
        label,
        frozenset({"finding_catalog"}),
        lambda ws: findings.set_finding_catalog(ws, plan_id, finding_id, chosen),
        plan_id,
    )


def set_session_scope(
    plan_id: str, session_id: str, component_ids: Iterable[str], label: str
) -> Edit:
    ids = list(component_ids)
    return Edit(
        label,
        frozenset({"session_components"}),
        lambda ws: session_store.set_scope(ws, plan_id, session_id, ids),
        plan_id,
    )


def choose_participants(
    plan_id: str, session_id: str, stakeholder_ids: Iterable[str], label: str
) -> Edit:
    """The stakeholders taking part; the names typed in for others stay as they are."""
    ids = list(stakeholder_ids)

    def save(ws: Workspace) -> None:
        typed: list[tuple[str | None, str]] = [
            (None, name)
            for sid, name in session_store.participant_rows(ws, session_id)
            if not sid
        ]
        chosen: list[tuple[str | None, str]] = [(i, "") for i in ids]
        session_store.set_participants(ws, plan_id, session_id, chosen + typed)

    return Edit(label, frozenset({"session_participants"}), save, plan_id)


def set_guests(plan_id: str, session_id: str, names: Iterable[str]) -> Edit:
    """The other participants, typed as names; the chosen stakeholders stay as they are."""
    typed = [n.strip() for n in names if n.strip()]

    def save(ws: Workspace) -> None:
        before = session_store.participant_rows(ws, session_id)
        after = [(s, n) for s, n in before if s] + [(None, n) for n in typed]
        if after != before:
            session_store.set_participants(ws, plan_id, session_id, after)

    return Edit("Change Participants", frozenset({"session_participants"}), save, plan_id)


def _discard(_result: object) -> None:
    """Store functions return the new id; an edit's action only needs the writes."""
