"""The checklist in a bundle (``checkpoints.yaml``), and its changes between milestones."""

from __future__ import annotations

from collections import Counter

from sreplan.checkpoints.gates import GateItem, Verdict, evaluate
from sreplan.checkpoints.model import Category, CheckpointStatus, OwnerSide, Risk, WaiverReason
from sreplan.kernel.bundle import BundlePart, Change, Records, Row, TableFile

FILE = "checkpoints.yaml"

PART = BundlePart(
    files=(
        TableFile(
            FILE,
            ("phases", "checkpoints"),
            order={"phases": ("position",)},
            choices={
                "checkpoints.category": Category,
                "checkpoints.owner_side": OwnerSide,
                "checkpoints.status": CheckpointStatus,
                "checkpoints.waiver_reason": WaiverReason,
                "checkpoints.risk": Risk,
            },
        ),
    ),
    changes="sreplan.checkpoints.bundle:changes",
)


def _label(status: str) -> str:
    try:
        return CheckpointStatus(status).label
    except ValueError:
        return status


def _verdicts(records: Records) -> dict[str, tuple[str, Verdict]]:
    phases = records.get(FILE, {}).get("phases", [])
    counts = Counter(
        (row["phase_id"], row["status"], row["risk"])
        for row in records.get(FILE, {}).get("checkpoints", [])
    )
    items: dict[str, list[GateItem]] = {p["id"]: [] for p in phases}
    for (phase_id, status, risk), n in counts.items():
        try:
            item = GateItem(CheckpointStatus(status), Risk(risk), n)
        except ValueError:
            continue
        items.setdefault(phase_id, []).append(item)
    return {p["id"]: (p["name"], evaluate(items[p["id"]]).verdict) for p in phases}


def changes(before: Records, after: Records) -> list[Change]:
    old: dict[str, Row] = {r["id"]: r for r in before.get(FILE, {}).get("checkpoints", [])}
    new: dict[str, Row] = {r["id"]: r for r in after.get(FILE, {}).get("checkpoints", [])}
    found: list[Change] = []
    for cid in sorted(new.keys() - old.keys(), key=lambda i: new[i]["title"]):
        found.append(Change("Checklist", "added", new[cid]["title"], _label(new[cid]["status"])))
    for cid in sorted(old.keys() - new.keys(), key=lambda i: old[i]["title"]):
        found.append(Change("Checklist", "removed", old[cid]["title"]))
    moved = [cid for cid in old.keys() & new.keys() if old[cid]["status"] != new[cid]["status"]]
    for cid in sorted(moved, key=lambda i: new[i]["title"]):
        detail = f"{_label(old[cid]['status'])} → {_label(new[cid]['status'])}"
        found.append(Change("Checklist", "status", new[cid]["title"], detail))
    was, now = _verdicts(before), _verdicts(after)
    for pid, (name, verdict) in now.items():
        if pid not in was or was[pid][1] is verdict:
            continue
        previous = was[pid][1]
        kind = "passed" if verdict is Verdict.READY else (
            "lost" if previous is Verdict.READY else "changed"
        )
        found.append(Change("Gates", kind, name, f"{previous.label} → {verdict.label}"))
    return found
