"""SDLC checkpoints: the gate of each phase, open High-risk items, the checklist, waivers."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable

from sreplan.checkpoints.formats.checklist import Checklist
from sreplan.checkpoints.gates import Verdict
from sreplan.checkpoints.model import Checkpoint, CheckpointStatus, Risk, waiver_text
from sreplan.checkpoints.queries import load_checklist
from sreplan.kernel import Workspace
from sreplan.kernel.report.document import heading
from sreplan.kernel.report.registry import ReportOptions, ReportSection
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import RISK_HIGH, RISK_MEDIUM, note, nothing_recorded, para

_VERDICT_COLOUR = {Verdict.NOT_READY: RISK_HIGH, Verdict.READY_WITH_RISKS: RISK_MEDIUM}
_RISK_COLOUR = {Risk.HIGH: RISK_HIGH, Risk.MEDIUM: RISK_MEDIUM}


def _due(item: Checkpoint, today: date) -> str:
    if item.due_date is None:
        return "no date"
    overdue = item.status.is_open and item.due_date < today
    return item.due_date.isoformat() + (" (overdue)" if overdue else "")


def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
    checklist = load_checklist(ws, plan_id)
    if not checklist.items:
        return nothing_recorded("No checkpoints recorded for this plan: apply a template to start.")
    gates = checklist.gates()
    overall = gates.overall
    story: list[Flowable] = [
        para(
            f"Overall gate — {overall.rule}. {overall.percent_done:.0f}% of {overall.applicable} "
            f"applicable items done ({overall.total} in all; Waived and Not applicable items are "
            "left out). A phase is not ready while a High-risk item is open, ready with risks "
            "while other items are open or a High-risk item was waived, and ready when every "
            "applicable item is done."
        ),
        heading("Gates by phase"),
        data_table(
            [Column("Phase", 1.1), Column("Done", 0.9, "RIGHT"), Column("Open High", 0.7, "RIGHT"),
             Column("Verdict", 1.3), Column("Why", 2.4)],
            [
                (p.phase_name, f"{p.gate.percent_done:.0f}% ({p.gate.done}/{p.gate.applicable})",
                 str(p.gate.open_high), p.gate.verdict.label, p.gate.rule.partition(": ")[2])
                for p in gates.phases
            ],
            emphasis=[
                (3, n, _VERDICT_COLOUR[p.gate.verdict])
                for n, p in enumerate(gates.phases)
                if p.gate.verdict in _VERDICT_COLOUR
            ],
        ),
        heading("Open High-risk items"),
        *_open_high(checklist, options.report_date),
    ]
    if not options.meeting_pack:
        story += [heading("Checklist by phase"), *_by_phase(checklist, options.report_date)]
    story += [heading("Waived items"), *_waived(checklist)]
    return story


def _phase_names(checklist: Checklist) -> dict[str, str]:
    return {p.id: p.name for p in checklist.phases}


def _open_high(checklist: Checklist, today: date) -> list[Flowable]:
    names = _phase_names(checklist)
    items = [c for c in checklist.items if c.status.is_open and c.risk is Risk.HIGH]
    if not items:
        return [note("No High-risk item is open.")]
    items.sort(key=lambda c: (c.due_date is None, c.due_date or today, c.title, c.id))
    return [
        data_table(
            [Column("Item", 2.6), Column("Phase", 1.0), Column("Status", 0.9),
             Column("Owner", 1.1), Column("Due", 1.1)],
            [(c.title, names.get(c.phase_id, ""), c.status.label, c.owner or "unassigned",
              _due(c, today)) for c in items],
            emphasis=[(2, n, RISK_HIGH) for n, c in enumerate(items)
                      if c.status is CheckpointStatus.BLOCKED],
        )
    ]


def _by_phase(checklist: Checklist, today: date) -> list[Flowable]:
    story: list[Flowable] = []
    for phase in checklist.phases:
        items = checklist.by_phase(phase.id)
        story.append(heading(phase.name, level=2))
        if not items:
            story.append(note("No items in this phase."))
            continue
        story.append(
            data_table(
                [Column("Item", 2.8), Column("Status", 0.9), Column("Risk", 0.6),
                 Column("Owner", 1.1), Column("Due", 1.0)],
                [(c.title, c.status.label, c.risk.label, c.owner or "unassigned", _due(c, today))
                 for c in items],
                emphasis=[(2, n, _RISK_COLOUR[c.risk]) for n, c in enumerate(items)
                          if c.risk in _RISK_COLOUR and c.status.is_open],
            )
        )
    return story


def _waived(checklist: Checklist) -> list[Flowable]:
    names = _phase_names(checklist)
    items = [c for c in checklist.items if c.status is CheckpointStatus.WAIVED]
    if not items:
        return [note("No item was waived.")]
    return [
        data_table(
            [Column("Item", 2.2), Column("Phase", 0.9), Column("Risk", 0.6), Column("Reason", 2.7)],
            [(c.title, names.get(c.phase_id, ""), c.risk.label,
              waiver_text(c.waiver_reason, c.waiver_note)) for c in items],
        )
    ]


SECTION = ReportSection(
    key="checkpoints", title="SDLC checkpoints", in_meeting_pack=False, build=build, order=30
)
