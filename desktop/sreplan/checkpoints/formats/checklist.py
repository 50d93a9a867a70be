"""A plan's checklist as Markdown (GitHub task list), CSV (every field) or JSON."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from sreplan.checkpoints.gates import Gate, GateItem, GateSummary, summarize
from sreplan.checkpoints.model import Checkpoint, CheckpointStatus, Phase, waiver_text
from sreplan.kernel.text import one_line

FORMATS = ("md", "csv", "json")
CSV_COLUMNS = (
    "id", "phase", "position", "title", "guidance", "category", "owner_side", "owner",
    "status", "waiver_reason", "waiver_note", "risk", "due_date", "evidence", "notes",
    "template_key", "updated_at",
)


@dataclass(frozen=True)
class Checklist:
    """Everything an export needs, read once from the workspace."""

    plan_name: str
    phases: tuple[Phase, ...]
    items: tuple[Checkpoint, ...]

    def gates(self) -> GateSummary:
        return summarize(
            [(p.id, p.name) for p in self.phases],
            [(c.phase_id, GateItem(c.status, c.risk)) for c in self.items],
        )

    def by_phase(self, phase_id: str) -> list[Checkpoint]:
        return [c for c in self.items if c.phase_id == phase_id]


def export(checklist: Checklist, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(checklist)
    if fmt == "csv":
        return to_csv(checklist)
    if fmt == "json":
        return to_json(checklist)
    raise ValueError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def _md(text: str) -> str:
    """User text made inert in Markdown: one line, special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def _gate_line(gate: Gate) -> str:
    return f"{gate.rule} · {gate.percent_done:.0f}% done ({gate.done} of {gate.applicable})"


def to_markdown(checklist: Checklist) -> str:
    gates = checklist.gates()
    lines = [f"# Checklist: {_md(checklist.plan_name)}", ""]
    lines.append(f"**Gate:** {_gate_line(gates.overall)}")
    for phase_gate, phase in zip(gates.phases, checklist.phases, strict=True):
        lines += ["", f"## {_md(phase.name)}", "", f"**Gate:** {_gate_line(phase_gate.gate)}", ""]
        items = checklist.by_phase(phase.id)
        if not items:
            lines.append("_No items._")
        for item in items:
            lines.append(_md_item(item))
    return "\n".join(lines) + "\n"


def _md_item(item: Checkpoint) -> str:
    box = "x" if item.status is CheckpointStatus.DONE else " "
    title = _md(item.title)
    if not item.status.counts_toward_gate:
        title = f"~~{title}~~"
    facts = [item.status.label]
    if item.status is CheckpointStatus.WAIVED:
        facts[0] += f" ({_md(waiver_text(item.waiver_reason, item.waiver_note))})"
    facts.append(f"risk {item.risk.label}")
    owner = _md(item.owner) if item.owner else "unassigned"
    facts.append(f"owner {owner} ({item.owner_side.label})")
    if item.due_date:
        facts.append(f"due {item.due_date.isoformat()}")
    return f"- [{box}] {title} — {' · '.join(facts)}"


def _cell(value: str) -> str:
    """Keep spreadsheets from running text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(checklist: Checklist) -> str:
    names = {p.id: p.name for p in checklist.phases}
    out = io.StringIO()
    import csv  # only when exporting: the overview's gate panel loads this module at start-up

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in checklist.items:
        row = _record(item, names)
        writer.writerow(
            _cell(str(row[c])) if isinstance(row[c], str) else ("" if row[c] is None else row[c])
            for c in CSV_COLUMNS
        )
    return out.getvalue()


def _record(item: Checkpoint, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": item.id,
        "phase": names.get(item.phase_id, ""),
        "position": item.position,
        "title": item.title,
        "guidance": item.guidance,
        "category": item.category.label,
        "owner_side": item.owner_side.label,
        "owner": item.owner,
        "status": item.status.label,
        "waiver_reason": item.waiver_reason.label if item.waiver_reason else "",
        "waiver_note": item.waiver_note,
        "risk": item.risk.label,
        "due_date": item.due_date.isoformat() if item.due_date else "",
        "evidence": item.evidence,
        "notes": item.notes,
        "template_key": item.template_key or "",
        "updated_at": item.updated_at,
    }


def _gate_json(gate: Gate) -> dict[str, Any]:
    return {
        "verdict": gate.verdict.value,
        "rule": gate.rule,
        "percent_done": round(gate.percent_done, 1),
        "done": gate.done,
        "applicable": gate.applicable,
        "total": gate.total,
        "open_high_risk": gate.open_high,
    }


def to_json(checklist: Checklist) -> str:
    gates = checklist.gates()
    phases: list[dict[str, Any]] = []
    for phase_gate, phase in zip(gates.phases, checklist.phases, strict=True):
        items = []
        for item in checklist.by_phase(phase.id):
            items.append(
                {
                    "id": item.id,
                    "title": item.title,
                    "guidance": item.guidance,
                    "category": item.category.value,
                    "owner_side": item.owner_side.value,
                    "owner": item.owner,
                    "status": item.status.value,
                    "waiver_reason": item.waiver_reason.value if item.waiver_reason else None,
                    "waiver_note": item.waiver_note,
                    "risk": item.risk.value,
                    "due_date": item.due_date.isoformat() if item.due_date else None,
                    "evidence": item.evidence,
                    "notes": item.notes,
                    "template_key": item.template_key,
                    "updated_at": item.updated_at,
                }
            )
        phases.append(
            {"id": phase.id, "name": phase.name, "gate": _gate_json(phase_gate.gate),
             "items": items}
        )
    document = {"plan": checklist.plan_name, "gate": _gate_json(gates.overall), "phases": phases}
    import json

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
