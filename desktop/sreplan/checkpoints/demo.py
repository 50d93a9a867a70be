"""The demo plan's checklist: the PRR applied and worked on for six weeks."""

from __future__ import annotations

from datetime import date, timedelta

from sreplan.checkpoints.formats.template_yaml import builtin_templates
from sreplan.checkpoints.model import CheckpointStatus as S
from sreplan.checkpoints.model import WaiverReason
from sreplan.checkpoints.store import add_phase, list_phases
from sreplan.checkpoints.template_store import apply_template
from sreplan.kernel.ids import stable_id
from sreplan.kernel.workspace import Workspace

# key: (status, owner, due in days from today or None, evidence)
_PROGRESS: dict[str, tuple[S, str, int | None, str]] = {
    "prr.architecture.diagram": (S.DONE, "Aiko Tanaka", None, "wiki/checkout/architecture"),
    "prr.architecture.dependencies": (S.DONE, "Aiko Tanaka", None, "wiki/checkout/dependencies"),
    "prr.architecture.single-points": (
        S.DONE, "Daniel Okafor", None, "Orders DB replica promoted in a second zone",
    ),
    "prr.architecture.degradation": (S.IN_PROGRESS, "Aiko Tanaka", 20, ""),
    "prr.monitoring.slis": (S.DONE, "Aiko Tanaka", None, "dashboards/checkout-slis"),
    "prr.monitoring.alerts": (S.BLOCKED, "Priya Natarajan", 9, ""),
    "prr.monitoring.dashboards": (S.DONE, "Priya Natarajan", None, "dashboards/checkout"),
    "prr.monitoring.logging": (S.NOT_APPLICABLE, "", None, ""),
    "prr.emergency.oncall": (S.DONE, "Marcus Feld", None, "Six engineers, shadowing done"),
    "prr.emergency.runbooks": (S.IN_PROGRESS, "Priya Natarajan", 30, "runbooks/checkout (draft)"),
    "prr.emergency.incident-process": (S.DONE, "Priya Natarajan", None, "Agreed in kickoff"),
    "prr.capacity.forecast": (S.DONE, "Sofia Reyes", None, "Sale forecast: 3× normal peak"),
    "prr.capacity.load-test": (
        S.IN_PROGRESS, "Aiko Tanaka", 25, "Two load tests so far: see the linked evidence"
    ),
    "prr.capacity.provisioning": (S.NOT_STARTED, "Priya Natarajan", 60, ""),
    "prr.change.automated-deploys": (S.DONE, "Aiko Tanaka", None, "ci/checkout-pipeline"),
    "prr.change.config": (S.IN_PROGRESS, "Aiko Tanaka", 15, ""),
    "prr.performance.slos": (S.DONE, "Sofia Reyes", None, "SLO doc signed off"),
}
_WAIVED = "prr.performance.efficiency"
_NOTES = {
    "prr.monitoring.alerts": "Waiting for the metrics pipeline upgrade (Observability team).",
    "prr.monitoring.logging": "Checkout already logs through the shared gateway's tracing.",
}


def seed_checkpoints(ws: Workspace, plan_id: str, today: date) -> None:
    """Apply the PRR and set a realistic mix: two High-risk items open, one waived."""
    if not list_phases(ws, plan_id):
        for name in ("Design", "Development", "Testing", "Deployment", "Operations"):
            add_phase(ws, plan_id, name, stable_id(f"demo/checkpoints/phase/{name}"))
    prr = next(t for t in builtin_templates() if t.key == "prr")
    apply_template(ws, plan_id, prr)
    start = today - timedelta(days=42)
    for position, (key, (status, owner, due, evidence)) in enumerate(_PROGRESS.items()):
        changed = start + timedelta(days=2 * position)
        ws.conn.execute(
            "UPDATE checkpoints SET id = ?, status = ?, owner = ?, due_date = ?, evidence = ?, "
            "notes = ?, updated_at = ? WHERE plan_id = ? AND template_key = ?",
            [
                stable_id(f"demo/checkpoints/{key}"),
                status.value,
                owner,
                (today + timedelta(days=due)).isoformat() if due is not None else None,
                evidence,
                _NOTES.get(key, ""),
                f"{min(changed, today).isoformat()}T09:30:00+00:00",
                plan_id,
                key,
            ],
        )
    ws.conn.execute(
        "UPDATE checkpoints SET id = ?, status = ?, waiver_reason = ?, waiver_note = ?, "
        "updated_at = ? WHERE plan_id = ? AND template_key = ?",
        [
            stable_id(f"demo/checkpoints/{_WAIVED}"),
            S.WAIVED.value,
            WaiverReason.BUSINESS_PRIORITIES.value,
            "Cost tuning after the seasonal sale; capacity comes first until then.",
            f"{(today - timedelta(days=3)).isoformat()}T14:00:00+00:00",
            plan_id,
            _WAIVED,
        ],
    )
