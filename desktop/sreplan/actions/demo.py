"""The tracker's part of the demo: a few items added by hand, one P0 holding a gate."""

from __future__ import annotations

from datetime import date, timedelta

from sreplan.actions.model import Priority
from sreplan.actions.store import add_action
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace


def _phase(ws: Workspace, plan_id: str, name: str) -> str | None:
    value = ws.scalar("SELECT id FROM phases WHERE plan_id = ? AND name = ?", [plan_id, name])
    return None if value is None else str(value)


def seed_actions(ws: Workspace, plan_id: str, today: date) -> None:
    created = today - timedelta(days=20)
    add_action(
        ws, plan_id, "Agree the on-call handover with the payments team", created=created,
        owner="Dana Reyes", due=today + timedelta(days=10), priority=Priority.P1,
        action_id=stable_id("demo-action-handover"),
    )
    add_action(
        ws, plan_id, "Rehearse the checkout failover before the holiday freeze",
        created=created, owner="Sam Okafor", due=today - timedelta(days=3), priority=Priority.P0,
        phase_id=_phase(ws, plan_id, "Deployment"), action_id=stable_id("demo-action-failover"),
    )
    add_action(
        ws, plan_id, "Write the runbook for the payment-gateway timeout alert",
        created=created, owner="", due=today + timedelta(days=21), priority=Priority.P2,
        action_id=stable_id("demo-action-runbook"),
    )
