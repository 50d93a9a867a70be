"""The product team's planned changes and the review cadence in a bundle
(``upcoming.yaml``), and the changes added or moved between two milestones."""

from __future__ import annotations

from sreplan.kernel.bundle import BundlePart, Change, Records, Row, TableFile
from sreplan.upcoming.model import ChangeKind

FILE = "upcoming.yaml"

PART = BundlePart(
    files=(
        TableFile(
            FILE,
            ("upcoming_changes", "upcoming_change_components", "review_cadences"),
            choices={"upcoming_changes.kind": ChangeKind},
        ),
    ),
    changes="sreplan.upcoming.bundle:changes",
)


def changes(before: Records, after: Records) -> list[Change]:
    old: dict[str, Row] = {r["id"]: r for r in before.get(FILE, {}).get("upcoming_changes", [])}
    new: dict[str, Row] = {r["id"]: r for r in after.get(FILE, {}).get("upcoming_changes", [])}
    found: list[Change] = []
    for cid in sorted(new, key=lambda i: (new[i]["title"], i)):
        now = new[cid]
        if cid not in old:
            found.append(Change("Changes", "added", now["title"], now["planned_on"] or "no date"))
        elif old[cid]["planned_on"] != now["planned_on"]:
            found.append(Change("Changes", "date moved", now["title"],
                                f"{old[cid]['planned_on'] or 'no date'} → "
                                f"{now['planned_on'] or 'no date'}"))
    for cid in sorted(old.keys() - new.keys(), key=lambda i: (old[i]["title"], i)):
        found.append(Change("Changes", "removed", old[cid]["title"]))
    return found
