"""The demo plan's planned changes: a launch that raises load, a flagged migration or two."""

from __future__ import annotations

from datetime import date, timedelta

from sreplan.kernel import records
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace
from sreplan.upcoming import store
from sreplan.upcoming.model import ChangeKind

# (key, title, kind, in days, owner, components, load factor, load lasts days, phase, notes)
_CHANGES = (
    ("one-tap", "One-tap checkout in the mobile app", ChangeKind.LAUNCH, 70, "Sofia Reyes",
     ("api",), 1.3, 30, None, "Marketing expects 30% more checkout traffic in the first month."),
    ("provider", "Switch card payments to the new provider", ChangeKind.MIGRATION, 20,
     "Marcus Feld", ("pay", "api"), None, None, "Testing",
     "Dual-running for two weeks, then the old provider is switched off."),
    ("partitions", "Partition the orders tables by month", ChangeKind.ARCHITECTURE, 50,
     "Daniel Okafor", ("db",), None, None, None, "Online migration with pt-osc."),
    ("gift-cards", "Gift cards at checkout", ChangeKind.FEATURE, 80, "Aiko Tanaka",
     ("api", "inv"), None, None, None, ""),
)  # fmt: skip


def seed_changes(ws: Workspace, plan_id: str, today: date, keys: tuple[str, ...] = ()) -> None:
    """Four planned changes (one with a load factor, so a capacity event) and a cadence."""
    for key, title, kind, days, owner, comps, factor, lasts, phase, notes in _CHANGES:
        if keys and key not in keys:
            continue
        change_id = stable_id(f"demo/upcoming/{plan_id}/{key}")
        planned = today + timedelta(days=days)
        records.insert(ws, store.CHANGES, [{
            "id": change_id, "plan_id": plan_id, "title": title, "kind": kind.value,
            "planned_on": planned.isoformat(), "owner": owner, "load_factor": factor,
            "load_until": (planned + timedelta(days=lasts)).isoformat() if lasts else None,
            "phase_id": stable_id(f"demo/checkpoints/phase/{phase}") if phase else None,
            "notes": notes, "created_at": f"{today.isoformat()}T09:00:00+00:00",
        }])  # fmt: skip
        store.set_components(
            ws, plan_id, change_id, [stable_id(f"demo/architecture/component/{c}") for c in comps]
        )
        store.sync_capacity_event(ws, change_id, stable_id(f"demo/upcoming/{plan_id}/{key}/event"))
    cadence = stable_id(f"demo/upcoming/{plan_id}/cadence")
    records.insert(ws, store.CADENCES, [{"id": cadence, "plan_id": plan_id, "every_weeks": 4}])
