"""Every action item of a plan, read where it lives: one collector per source.

Checkpoints, findings, postmortem actions and hand-added items are plain queries;
SLO, capacity, resilience and on-call items are what those features' own providers
report (conditions, not records: they close when the condition is gone, so the
tracker shows them read-only and sends the user to the record that clears them).
Each source names the tables whose change makes it stale, so a view re-reads only
what an edit touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sreplan.actions.model import (
    EDITABLE_ALL,
    ActionStatus,
    Priority,
    SourceKind,
    TrackedAction,
    key_of,
)
from sreplan.kernel.actions import ActionItem
from sreplan.kernel.workspace import Workspace

_RISK_PRIORITY = {"high": Priority.P0, "medium": Priority.P1, "low": Priority.P2}
CHECKPOINT_STATUS = {
    "not_started": ActionStatus.OPEN,
    "in_progress": ActionStatus.IN_PROGRESS,
    "blocked": ActionStatus.IN_PROGRESS,
    "done": ActionStatus.DONE,
    "waived": ActionStatus.NOT_DOING,
    "not_applicable": ActionStatus.NOT_DOING,
}
FINDING_STATUS = {
    "open": ActionStatus.OPEN,
    "in_progress": ActionStatus.IN_PROGRESS,
    "resolved": ActionStatus.DONE,
    "accepted_risk": ActionStatus.NOT_DOING,
}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(str(text)[:10]) if text else None


def checkpoint_items(ws: Workspace, plan_id: str) -> list[TrackedAction]:
    """Checklist items that are someone's action: they have an owner and a due date."""
    items = []
    for r in ws.conn.execute(
        "SELECT c.id, c.title, c.owner, c.due_date, c.risk, c.status, c.waiver_note, "
        "c.updated_at, c.phase_id, p.name FROM checkpoints c JOIN phases p ON p.id = c.phase_id "
        "WHERE c.plan_id = ? AND c.owner <> '' AND c.due_date IS NOT NULL",
        [plan_id],
    ):
        status = CHECKPOINT_STATUS[r[5]]
        items.append(
            TrackedAction(
                key=key_of(SourceKind.CHECKPOINT, r[0]),
                kind=SourceKind.CHECKPOINT,
                record_id=r[0],
                source=f"Checkpoint · {r[9]}",
                title=r[1],
                owner=r[2],
                due=_day(r[3]),
                priority=_RISK_PRIORITY[r[4]],
                status=status,
                reason=r[6] if status is ActionStatus.NOT_DOING else "",
                closed=None if status.is_open else _day(r[7]),
                phase_id=r[8],
                editable=EDITABLE_ALL,
                section="checkpoints",
            )
        )
    return items


def finding_items(ws: Workspace, plan_id: str) -> list[TrackedAction]:
    """Every review finding: its recommendation is an action until resolved or accepted."""
    items = []
    for r in ws.conn.execute(
        "SELECT f.id, f.title, f.owner, f.due_date, f.risk, f.status, f.status_reason, "
        "f.created_at, c.phase_id, s.title FROM findings f "
        "LEFT JOIN checkpoints c ON c.id = f.checkpoint_id "
        "LEFT JOIN review_sessions s ON s.id = f.session_id WHERE f.plan_id = ?",
        [plan_id],
    ):
        kind = SourceKind.SESSION if r[9] else SourceKind.FINDING
        items.append(
            TrackedAction(
                key=key_of(SourceKind.FINDING, r[0]),
                kind=kind,
                record_id=r[0],
                source=f"Review session · {r[9]}" if r[9] else "Review finding",
                title=r[1],
                owner=r[2],
                due=_day(r[3]),
                priority=_RISK_PRIORITY[r[4]],
                status=FINDING_STATUS[r[5]],
                reason=r[6],
                created=_day(r[7]),
                phase_id=r[8],
                editable=EDITABLE_ALL,
                section="architecture",
            )
        )
    return items


def postmortem_items(ws: Workspace, plan_id: str) -> list[TrackedAction]:
    """Postmortem action items; 'created' is the incident's start (when the lesson began)."""
    items = []
    for r in ws.conn.execute(
        "SELECT a.id, a.title, a.owner, a.due_date, a.priority, a.status, a.status_reason, "
        "i.number, i.started_at, c.phase_id FROM incident_actions a "
        "JOIN incidents i ON i.id = a.incident_id "
        "LEFT JOIN checkpoints c ON c.id = a.checkpoint_id WHERE a.plan_id = ?",
        [plan_id],
    ):
        items.append(
            TrackedAction(
                key=key_of(SourceKind.POSTMORTEM, r[0]),
                kind=SourceKind.POSTMORTEM,
                record_id=r[0],
                source=f"Postmortem · INC-{r[7]}",
                title=r[1],
                owner=r[2],
                due=_day(r[3]),
                priority=Priority(r[4]),
                status=ActionStatus(r[5]),
                reason=r[6],
                created=_day(r[8]),
                phase_id=r[9],
                editable=EDITABLE_ALL,
                section="incidents",
            )
        )
    return items


def manual_items(ws: Workspace, plan_id: str) -> list[TrackedAction]:
    items = []
    for r in ws.conn.execute(
        "SELECT a.id, a.title, a.owner, a.due_date, a.priority, a.status, a.status_reason, "
        "a.created_on, a.closed_on, a.phase_id, p.name FROM actions a "
        "LEFT JOIN phases p ON p.id = a.phase_id WHERE a.plan_id = ?",
        [plan_id],
    ):
        items.append(
            TrackedAction(
                key=key_of(SourceKind.MANUAL, r[0]),
                kind=SourceKind.MANUAL,
                record_id=r[0],
                source=f"Added by hand · {r[10]}" if r[10] else "Added by hand",
                title=r[1],
                owner=r[2],
                due=_day(r[3]),
                priority=Priority(r[4]),
                status=ActionStatus(r[5]),
                reason=r[6],
                created=_day(r[7]),
                closed=_day(r[8]),
                phase_id=r[9],
                editable=EDITABLE_ALL,
                section="actions",
            )
        )
    return items


def _from_provider(
    kind: SourceKind, section: str, provider: Callable[[Workspace, str], list[ActionItem]]
) -> Callable[[Workspace, str], list[TrackedAction]]:
    def collect(ws: Workspace, plan_id: str) -> list[TrackedAction]:
        seen: dict[str, int] = {}
        items = []
        for item in provider(ws, plan_id):
            # One record can raise several conditions (an SLO both draft and out of
            # reach): the key tells them apart by their order under that record.
            base = item.record_id or item.title
            n = seen[base] = seen.get(base, 0) + 1
            items.append(
                TrackedAction(
                    key=key_of(kind, f"{base}#{n}"),
                    kind=kind,
                    record_id=item.record_id,
                    source=kind.label,
                    title=item.title,
                    owner=item.owner,
                    due=item.due,
                    priority=_RISK_PRIORITY.get(item.risk.lower(), Priority.P1),
                    status=ActionStatus.OPEN,
                    reason=item.status,
                    section=section,
                )
            )
        return items

    return collect


def _postmortem_required(ws: Workspace, plan_id: str) -> list[ActionItem]:
    """Incidents whose postmortem the policy requires and nobody has written yet."""
    from sreplan.incidents.actions import incident_action_items

    return [i for i in incident_action_items(ws, plan_id) if i.status == "Postmortem required"]


def _slo(ws: Workspace, plan_id: str) -> list[ActionItem]:
    from sreplan.slo.actions import slo_action_items

    return slo_action_items(ws, plan_id)


def _capacity(ws: Workspace, plan_id: str) -> list[ActionItem]:
    from sreplan.capacity.actions import capacity_actions

    return capacity_actions(ws, plan_id)


def _resilience(ws: Workspace, plan_id: str) -> list[ActionItem]:
    from sreplan.resilience.actions import resilience_actions

    return resilience_actions(ws, plan_id)


def _oncall(ws: Workspace, plan_id: str) -> list[ActionItem]:
    from sreplan.oncall.actions import oncall_actions

    return oncall_actions(ws, plan_id)


@dataclass(frozen=True)
class Source:
    name: str
    tables: frozenset[str]  # a change to any of these makes the source stale
    collect: Callable[[Workspace, str], list[TrackedAction]]


def _t(*names: str) -> frozenset[str]:
    return frozenset(names)


SOURCES: tuple[Source, ...] = (
    Source("checkpoints", _t("checkpoints", "phases"), checkpoint_items),
    # A finding or postmortem action's phase is its checkpoint's: moving a checkpoint to
    # another phase shows on the next full read (the gate itself always reads afresh).
    Source("findings", _t("findings", "review_sessions"), finding_items),
    Source("postmortems", _t("incident_actions", "incidents"), postmortem_items),
    Source("manual", _t("actions", "phases"), manual_items),
    Source(
        "postmortem_required",
        _t("incidents", "incident_settings", "incident_slos"),
        _from_provider(SourceKind.POSTMORTEM, "incidents", _postmortem_required),
    ),
    Source(
        "slo",
        _t("slos", "slo_dependencies", "services", "slis"),
        _from_provider(SourceKind.SLO, "slos", _slo),
    ),
    Source(
        "capacity",
        _t("capacity_resources", "capacity_demand", "capacity_events", "capacity_growth",
           "capacity_benchmarks"),
        _from_provider(SourceKind.CAPACITY, "capacity", _capacity),
    ),
    Source(
        "resilience",
        _t("recovery_objectives", "restore_tests", "dr_drills", "experiments", "experiment_runs",
           "rollout_plans", "rollout_steps", "resilience_settings", "components"),
        _from_provider(SourceKind.RESILIENCE, "resilience", _resilience),
    ),
    Source(
        "oncall",
        _t("oncall_rotations", "oncall_people", "oncall_layers", "oncall_layer_members",
           "oncall_overrides", "oncall_sun_sites"),
        _from_provider(SourceKind.ONCALL, "oncall", _oncall),
    ),
)


# The sources that are records (not computed conditions): cheap to read for many plans.
RECORD_SOURCES = frozenset({"checkpoints", "findings", "postmortems", "manual"})


def collect(
    ws: Workspace, plan_id: str, only: frozenset[str] | None = None
) -> dict[str, list[TrackedAction]]:
    """Source name -> its items (every source, or the ``only`` ones)."""
    return {s.name: s.collect(ws, plan_id) for s in SOURCES if only is None or s.name in only}


def all_items(ws: Workspace, plan_id: str) -> list[TrackedAction]:
    items = [item for items in collect(ws, plan_id).values() for item in items]
    return with_kept_lessons(items, kept_lessons(ws, plan_id))


# Lessons whose control is done close with it ------------------------------------------

# A change to any of these can close or reopen a lesson through its control.
KEPT_TABLES = frozenset({"lesson_controls", "checkpoints", "adrs", "slos", "capacity_events"})
_LESSON_SOURCE = {"finding": SourceKind.FINDING, "postmortem": SourceKind.POSTMORTEM,
                  "manual": SourceKind.MANUAL}  # fmt: skip


def kept_lessons(ws: Workspace, plan_id: str) -> dict[str, str]:
    """Tracker key -> the done control that keeps the lesson, for lessons whose every
    control is done."""
    from sreplan.actions.lessons import lesson_links

    by_lesson: dict[str, list[tuple[bool, str]]] = {}
    for link in lesson_links(ws, plan_id):
        key = key_of(_LESSON_SOURCE[link.lesson.kind.value], link.lesson.id)
        by_lesson.setdefault(key, []).append((link.done, f"{link.control_kind.label} "
                                              f"“{link.control_title}”"))  # fmt: skip
    return {
        key: "; ".join(text for _, text in controls)
        for key, controls in by_lesson.items()
        if all(done for done, _ in controls)
    }


def with_kept_lessons(items: list[TrackedAction], kept: dict[str, str]) -> list[TrackedAction]:
    """Open lessons whose controls are all done show as Done, with the control named; their
    status is the control's now, so the tracker no longer edits it."""
    if not kept:
        return items
    return [
        replace(i, status=ActionStatus.DONE, reason=f"Kept by its control: {kept[i.key]}",
                editable=i.editable - {"status"})
        if i.key in kept and i.is_open else i
        for i in items
    ]  # fmt: skip


def plan_exists(ws: Workspace, plan_id: str) -> bool:
    return ws.scalar("SELECT 1 FROM plans WHERE id = ?", [plan_id]) is not None


def stale_sources(tables: frozenset[str]) -> frozenset[str]:
    return frozenset(s.name for s in SOURCES if s.tables & tables or "plans" in tables)


def row_of(item: TrackedAction) -> dict[str, Any]:
    """The item as export formats write it."""
    return {
        "title": item.title,
        "source": item.source,
        "owner": item.owner,
        "due": item.due.isoformat() if item.due else None,
        "priority": item.priority.value,
        "status": item.status.label,
        "reason": item.reason,
        "created": item.created.isoformat() if item.created else None,
        "closed": item.closed.isoformat() if item.closed else None,
    }
