"""What the log, the CLI and the report show per incident, and statistics that do not mislead."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sreplan.incidents import blameless, store
from sreplan.incidents.budget import (
    PostmortemCheck,
    Spend,
    incident_spends,
    postmortem_check,
    postmortem_threshold,
    triggered_steps,
)
from sreplan.incidents.model import Incident
from sreplan.kernel.workspace import Workspace
from sreplan.slo.store import list_slos


@dataclass(frozen=True)
class IncidentSummary:
    incident: Incident
    spends: tuple[Spend, ...]
    check: PostmortemCheck
    open_actions: int
    overdue_actions: int
    suggestions: int  # blamelessness suggestions not dismissed
    policy: tuple[str, ...] = ()  # the error-budget policy steps this incident alone reached

    @property
    def postmortem_state(self) -> str:
        if self.check.red:
            return "Required, missing"
        if self.incident.summary.strip() and self.incident.root_causes.strip():
            return "Written"
        return "Required" if self.check.required else "Not written"


def summaries(ws: Workspace, plan_id: str, today: date | None = None) -> list[IncidentSummary]:
    today = today or date.today()
    slos = {s.id: s for s in list_slos(ws, plan_id)}
    threshold = postmortem_threshold(ws, plan_id)
    people = store.people(ws, plan_id)
    phrases = store.blame_phrases(ws, plan_id)
    result = []
    for incident in store.list_incidents(ws, plan_id):
        spends = tuple(incident_spends(incident, slos))
        open_actions = [a for a in incident.actions if a.is_open]
        suggestions = blameless.check(incident, people, phrases, store.dismissals(ws, incident.id))
        result.append(
            IncidentSummary(
                incident,
                spends,
                postmortem_check(incident, spends, threshold),
                len(open_actions),
                sum(1 for a in open_actions if a.due is not None and a.due < today),
                len(suggestions),
                tuple(triggered_steps(ws, plan_id, spends)),
            )
        )
    return result


@dataclass(frozen=True)
class Distribution:
    """Median and range: never a lone mean of a handful of incidents."""

    count: int
    median: float | None
    low: float | None
    high: float | None


def distribution(values: Sequence[float | None]) -> Distribution:
    known = sorted(v for v in values if v is not None)
    if not known:
        return Distribution(0, None, None, None)
    return Distribution(len(known), statistics.median(known), known[0], known[-1])


@dataclass(frozen=True)
class Statistics:
    time_to_detect: Distribution  # minutes, impact start to detection
    time_to_mitigate: Distribution  # minutes, impact start to mitigation
    per_slo: list[tuple[str, int]]
    per_component: list[tuple[str, int]]
    repeats: list[tuple[str, str, list[str]]]  # component, trigger, INC keys


def incident_statistics(ws: Workspace, plan_id: str, incidents: Sequence[Incident]) -> Statistics:
    slo_names = dict(store.slo_choices(ws, plan_id))
    component_names = dict(store.component_choices(ws, plan_id))
    per_slo: Counter[str] = Counter()
    per_component: Counter[str] = Counter()
    groups: dict[tuple[str, str], list[str]] = {}
    for incident in incidents:
        per_slo.update(slo_names.get(s, "?") for s in incident.slo_ids)
        per_component.update(component_names.get(c, "?") for c in incident.component_ids)
        if incident.trigger:
            for c in incident.component_ids:
                groups.setdefault((component_names.get(c, "?"), incident.trigger), []).append(
                    incident.key
                )
    return Statistics(
        distribution([i.minutes_between("started_at", "detected_at") for i in incidents]),
        distribution([i.minutes_between("started_at", "mitigated_at") for i in incidents]),
        sorted(per_slo.items(), key=lambda kv: (-kv[1], kv[0])),
        sorted(per_component.items(), key=lambda kv: (-kv[1], kv[0])),
        sorted((c, t, keys) for (c, t), keys in groups.items() if len(keys) > 1),
    )


def since(incidents: Sequence[Incident], moment: datetime) -> list[Incident]:
    return [i for i in incidents if i.started_at is not None and i.started_at >= moment]
