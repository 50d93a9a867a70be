"""What a checklist item's status rests on, and where the two disagree.

A checklist item may name its evidence: an SLO (it holds when Agreed), a load test
(passed, aimed at or above the forecast peak of its resource), a chaos experiment
(its latest run held), a restore test (within its recovery objectives) or an ADR
(Accepted). The item contradicts its evidence when it is Done while the evidence does
not hold, or Not started while all of it already holds. ``contradictions`` lists them
for the checklist, the Actions section and the executive summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sreplan.actions.store import ActionError, same_plan
from sreplan.kernel import records
from sreplan.kernel.choices import Choice
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace


class EvidenceKind(Choice):
    SLO = "slo", "SLO (agreed)"
    BENCHMARK = "benchmark", "Load test (passed at the forecast peak)"
    EXPERIMENT = "experiment", "Experiment (held)"
    RESTORE_TEST = "restore_test", "Restore test (within objectives)"
    ADR = "adr", "Decision record (accepted)"


_COLUMN = {
    EvidenceKind.SLO: ("slo_id", "slos"),
    EvidenceKind.BENCHMARK: ("benchmark_id", "capacity_benchmarks"),
    EvidenceKind.EXPERIMENT: ("experiment_id", "experiments"),
    EvidenceKind.RESTORE_TEST: ("restore_test_id", "restore_tests"),
    EvidenceKind.ADR: ("adr_id", "adrs"),
}


@dataclass(frozen=True)
class Evidence:
    link_id: str  # "" for the resilience feature's own experiment links
    checkpoint_id: str
    kind: EvidenceKind
    record_id: str
    title: str
    holds: bool
    why: str  # what the evidence says, e.g. "Draft" or "aimed at 6,000 RPS, peak 8,236"


@dataclass(frozen=True)
class Contradiction:
    checkpoint_id: str
    checkpoint: str
    status: str  # the item's status label
    evidence: tuple[Evidence, ...]  # the evidence that disagrees
    message: str


# Linking ---------------------------------------------------------------------------------


def link_evidence(ws: Workspace, checkpoint_id: str, kind: EvidenceKind, record_id: str) -> str:
    """Name ``record_id`` as the item's evidence; refuse a record of another plan."""
    column, table = _COLUMN[kind]
    plan_id = records.fetch(ws, "checkpoints", checkpoint_id, ("plan_id",))["plan_id"]
    same_plan(ws, table, record_id, plan_id, kind.label.split(" (")[0].lower())
    taken = ws.scalar(
        f"SELECT 1 FROM checkpoint_evidence_links WHERE checkpoint_id = ? AND {column} = ?",
        [checkpoint_id, record_id],
    )
    if taken:
        raise ActionError("That record is already this item's evidence.")
    link_id = new_id()
    records.insert(ws, "checkpoint_evidence_links", [
        {"id": link_id, "plan_id": plan_id, "checkpoint_id": checkpoint_id, column: record_id}
    ])  # fmt: skip
    return link_id


def unlink_evidence(ws: Workspace, link_id: str) -> None:
    records.delete(ws, "checkpoint_evidence_links", [link_id])


# Judging ---------------------------------------------------------------------------------


def _slo(ws: Workspace, slo_id: str) -> tuple[str, bool, str]:
    row = records.fetch(ws, "slos", slo_id, ("name", "display_name", "status"))
    title = row["display_name"] or row["name"]
    agreed = row["status"] == "agreed"
    return f"SLO '{title}'", agreed, "agreed" if agreed else "still a draft"


def _adr(ws: Workspace, adr_id: str) -> tuple[str, bool, str]:
    row = records.fetch(ws, "adrs", adr_id, ("number", "title", "status"))
    accepted = row["status"] == "accepted"
    return f"ADR-{row['number']:04d} '{row['title']}'", accepted, str(row["status"])


def _experiment(ws: Workspace, experiment_id: str) -> tuple[str, bool, str]:
    title = records.fetch(ws, "experiments", experiment_id, ("title",))["title"]
    last = ws.rows(
        "SELECT ran_on, outcome FROM experiment_runs WHERE experiment_id = ? "
        "ORDER BY ran_on DESC, rowid DESC LIMIT 1",
        [experiment_id],
    )
    if not last:
        return f"experiment '{title}'", False, "never run"
    held = last[0]["outcome"] == "held"
    return f"experiment '{title}'", held, f"{last[0]['outcome']} on {last[0]['ran_on']}"


def _restore_test(ws: Workspace, test_id: str) -> tuple[str, bool, str]:
    from sreplan.resilience.model import restore_passed, restore_verdict
    from sreplan.resilience.store import list_objectives, list_restore_tests

    plan_id = records.fetch(ws, "restore_tests", test_id, ("plan_id",))["plan_id"]
    test = next(t for t in list_restore_tests(ws, plan_id) if t.id == test_id)
    objective = next(o for o in list_objectives(ws, plan_id) if o.id == test.objective_id)
    title = f"restore test of {test.tested_on}" + (f" ({test.restored})" if test.restored else "")
    return title, restore_passed(test, objective), restore_verdict(test, objective)


def forecast_peak(ws: Workspace, plan_id: str, resource_id: str, today: date) -> float | None:
    """The most the resource must carry over the outlook, planned events included (the
    sizing bound, the figure the capacity forecast shows as an event's peak)."""
    from sreplan.capacity.outlook_store import plan_outlooks

    for o in plan_outlooks(ws, plan_id, today=today):
        if o.resource.id == resource_id:
            peaks = [p for p in (o.peak, *(e.peak_upper for e in o.event_peaks)) if p is not None]
            return max(peaks) if peaks else None
    return None


def _benchmark(ws: Workspace, benchmark_id: str, today: date) -> tuple[str, bool, str]:
    from sreplan.capacity.benchmarks import verdict
    from sreplan.capacity.store import list_benchmarks

    plan_id = records.fetch(ws, "capacity_benchmarks", benchmark_id, ("plan_id",))["plan_id"]
    b = next(x for x in list_benchmarks(ws, plan_id) if x.id == benchmark_id)
    title = f"load test '{b.name or b.run_on}'"
    v = verdict(b)
    if v.passed is not True:
        return title, False, f"{v.label.lower()}: {'; '.join(v.reasons)}"
    if b.resource_id is None:
        return title, False, "passed, but names no resource whose forecast peak it must reach"
    peak = forecast_peak(ws, plan_id, b.resource_id, today)
    aimed = b.target_throughput or b.measured_throughput
    if peak is not None and (aimed is None or aimed < peak):
        return title, False, f"passed at {aimed or 0:,.0f}, below the forecast peak {peak:,.0f}"
    return title, True, "passed at or above the forecast peak"


def judge(ws: Workspace, kind: EvidenceKind, record_id: str, today: date) -> tuple[str, bool, str]:
    """(title, holds, why) of one piece of evidence."""
    if kind is EvidenceKind.SLO:
        return _slo(ws, record_id)
    if kind is EvidenceKind.ADR:
        return _adr(ws, record_id)
    if kind is EvidenceKind.EXPERIMENT:
        return _experiment(ws, record_id)
    if kind is EvidenceKind.RESTORE_TEST:
        return _restore_test(ws, record_id)
    return _benchmark(ws, record_id, today)


def evidence_of(
    ws: Workspace, plan_id: str, today: date, checkpoint_id: str | None = None
) -> list[Evidence]:
    """Every piece of evidence the plan's checklist items (or one item) name, judged."""
    found = []
    cases = " ".join(f"WHEN {c} IS NOT NULL THEN '{k.value}'" for k, (c, _) in _COLUMN.items())
    ids = "coalesce(" + ", ".join(c for c, _ in _COLUMN.values()) + ")"
    rows = ws.conn.execute(
        f"SELECT id, checkpoint_id, CASE {cases} END, {ids} FROM checkpoint_evidence_links "
        "WHERE plan_id = ? ORDER BY rowid",
        [plan_id],
    ).fetchall()
    # The resilience feature's own "experiment as evidence" links count too.
    rows += [
        ("", cid, EvidenceKind.EXPERIMENT.value, eid)
        for cid, eid in ws.conn.execute(
            "SELECT checkpoint_id, experiment_id FROM checkpoint_evidence WHERE plan_id = ?",
            [plan_id],
        )
    ]
    seen: set[tuple[str, str]] = set()
    for link_id, cid, kind, record_id in rows:
        if (cid, record_id) in seen or checkpoint_id not in (None, cid):
            continue
        seen.add((cid, record_id))
        k = EvidenceKind(kind)
        title, holds, why = judge(ws, k, record_id, today)
        found.append(Evidence(link_id, cid, k, record_id, title, holds, why))
    return found


def contradictions(ws: Workspace, plan_id: str, today: date | None = None) -> list[Contradiction]:
    """Checklist items whose status says one thing and their evidence another."""
    today = today or date.today()
    by_item: dict[str, list[Evidence]] = {}
    for e in evidence_of(ws, plan_id, today):
        by_item.setdefault(e.checkpoint_id, []).append(e)
    if not by_item:
        return []
    marks = ",".join("?" * len(by_item))
    items = ws.conn.execute(
        f"SELECT id, title, status FROM checkpoints WHERE id IN ({marks}) "
        "ORDER BY position, rowid",
        list(by_item),
    ).fetchall()
    found = []
    for cid, title, status in items:
        found.extend(_contradiction(cid, title, status, by_item[cid]))
    return found


_LABELS = {"done": "Done", "not_started": "Not started"}


def _contradiction(
    cid: str, title: str, status: str, evidence: Sequence[Evidence]
) -> list[Contradiction]:
    failing = tuple(e for e in evidence if not e.holds)
    if status == "done" and failing:
        said = "; ".join(f"{e.title} {e.why}" for e in failing)
        return [Contradiction(cid, title, _LABELS[status], failing,
                              f"“{title}” is Done, but its evidence does not hold: {said}.")]
    if status == "not_started" and not failing:
        said = "; ".join(f"{e.title} {e.why}" for e in evidence)
        return [Contradiction(cid, title, _LABELS[status], tuple(evidence),
                              f"“{title}” is Not started, but its evidence already holds: "
                              f"{said}.")]  # fmt: skip
    return []


def checkpoint_note(ws: Workspace, checkpoint_id: str, today: date | None = None) -> str | None:
    """What the checklist shows beside one item's status: its evidence, and whether it
    contradicts the status (the checklist's hook; judges only this item's evidence)."""
    rows = ws.rows("SELECT plan_id, title, status FROM checkpoints WHERE id = ?", [checkpoint_id])
    if not rows:
        return None
    today = today or date.today()
    mine = [e for e in evidence_of(ws, rows[0]["plan_id"], today, checkpoint_id)]
    if not mine:
        return None
    found = _contradiction(checkpoint_id, rows[0]["title"], rows[0]["status"], mine)
    if found:  # the item itself is on screen: name only what disagrees
        said = "; ".join(f"{e.title} {e.why}" for e in found[0].evidence)
        return f"Contradicts its evidence ({found[0].status}): {said}."
    return "Evidence: " + "; ".join(f"{e.title} {e.why}" for e in mine)


_CHOICE_SQL = {
    EvidenceKind.SLO: "SELECT id, coalesce(nullif(display_name, ''), name) FROM slos",
    EvidenceKind.BENCHMARK: "SELECT id, name FROM capacity_benchmarks",
    EvidenceKind.EXPERIMENT: "SELECT id, title FROM experiments",
    EvidenceKind.RESTORE_TEST: "SELECT id, tested_on || ' ' || restored FROM restore_tests",
    EvidenceKind.ADR: "SELECT id, 'ADR-' || printf('%04d', number) || ' ' || title FROM adrs",
}


def evidence_choices(ws: Workspace, plan_id: str, kind: EvidenceKind) -> list[tuple[str, str]]:
    """(id, title) of the plan's records that can be evidence of ``kind``."""
    return [(r[0], str(r[1])) for r in ws.conn.execute(
        f"{_CHOICE_SQL[kind]} WHERE plan_id = ? ORDER BY 2", [plan_id])]  # fmt: skip
