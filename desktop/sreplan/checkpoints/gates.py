"""Gate math: how far a phase (or the whole plan) is from ready, and why.

The rule, in the order it is applied:

* **Not ready** while any applicable High-risk item is still open, or something outside
  the checklist blocks the phase (an open P0 action item linked to it: ``blockers``).
* **Ready with risks** while other items are open, or a High-risk item was waived
  (a risk somebody accepted rather than removed).
* **Ready** when every applicable item is done.

Waived and Not applicable items are left out of the percentage done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sreplan.checkpoints.model import CheckpointStatus, Risk
from sreplan.kernel.choices import Choice


class Verdict(Choice):
    READY = "ready", "Ready"
    READY_WITH_RISKS = "ready_with_risks", "Ready with risks"
    NOT_READY = "not_ready", "Not ready"


@dataclass(frozen=True)
class GateItem:
    """The two facts about an item that the gate needs; ``count`` items alike."""

    status: CheckpointStatus
    risk: Risk
    count: int = 1


@dataclass(frozen=True)
class Gate:
    total: int  # every item, whatever its status
    applicable: int  # excluding Waived and Not applicable
    done: int
    open_high: int
    open_other: int
    blocked: int
    waived_high: int
    verdict: Verdict
    rule: str  # the verdict with its reason, as the UI shows it
    blockers: tuple[str, ...] = ()  # reasons from outside the checklist (open P0 actions)

    @property
    def percent_done(self) -> float:
        """0-100; a phase with nothing applicable counts as fully done."""
        return 100.0 if self.applicable == 0 else 100.0 * self.done / self.applicable


def _items(n: int, what: str) -> str:
    return f"{n} {what} item{'s' if n != 1 else ''}"


def evaluate(items: Iterable[GateItem], blockers: Sequence[str] = ()) -> Gate:
    """The gate of a set of items (one phase, or a whole plan) and what else blocks it."""
    total = applicable = done = open_high = open_other = blocked = waived_high = 0
    for item in items:
        n = item.count
        total += n
        if item.status is CheckpointStatus.WAIVED and item.risk is Risk.HIGH:
            waived_high += n
        if not item.status.counts_toward_gate:
            continue
        applicable += n
        if item.status is CheckpointStatus.DONE:
            done += n
            continue
        if item.status is CheckpointStatus.BLOCKED:
            blocked += n
        if item.risk is Risk.HIGH:
            open_high += n
        else:
            open_other += n
    verdict, rule = _verdict(applicable, done, open_high, open_other, blocked, waived_high)
    if blockers:
        verdict = Verdict.NOT_READY
        reasons: list[str] = []
        if open_high:
            reasons.append(rule.removeprefix(f"{verdict.label}: "))
        reasons.append(_blocker_text(blockers))
        rule = f"{verdict.label}: {'; '.join(reasons)}"
    return Gate(
        total, applicable, done, open_high, open_other, blocked, waived_high, verdict, rule,
        tuple(blockers),
    )


def _blocker_text(blockers: Sequence[str]) -> str:
    if len(blockers) == 1:
        return blockers[0]
    return f"{len(blockers)} blockers ({blockers[0]}; …)"


def _verdict(
    applicable: int, done: int, open_high: int, open_other: int, blocked: int, waived_high: int
) -> tuple[Verdict, str]:
    if open_high:
        reason = f"{_items(open_high, 'High-risk')} open"
        if blocked:
            reason += f" ({blocked} blocked)"
        return Verdict.NOT_READY, f"{Verdict.NOT_READY.label}: {reason}"
    if open_other or waived_high:
        parts = []
        if open_other:
            parts.append(f"{_items(open_other, 'Medium/Low-risk')} open")
        if waived_high:
            parts.append(f"{_items(waived_high, 'High-risk')} waived")
        return Verdict.READY_WITH_RISKS, f"{Verdict.READY_WITH_RISKS.label}: {', '.join(parts)}"
    if applicable == 0:
        return Verdict.READY, f"{Verdict.READY.label}: no applicable items"
    return Verdict.READY, f"{Verdict.READY.label}: all {_items(done, 'applicable')} done"


@dataclass(frozen=True)
class PhaseGate:
    phase_id: str
    phase_name: str
    gate: Gate


@dataclass(frozen=True)
class GateSummary:
    """The gate of every phase, in phase order, and of the plan as a whole."""

    phases: tuple[PhaseGate, ...]
    overall: Gate


def summarize(
    phases: Iterable[tuple[str, str]],
    items: Iterable[tuple[str, GateItem]],
    blockers: Iterable[tuple[str, str]] = (),
) -> GateSummary:
    """Gates for ``phases`` ((id, name) in order) from ``items`` ((phase id, item)) and
    ``blockers`` ((phase id, reason): e.g. an open P0 action item linked to the phase)."""
    by_phase: dict[str, list[GateItem]] = {}
    everything: list[GateItem] = []
    for phase_id, item in items:
        by_phase.setdefault(phase_id, []).append(item)
        everything.append(item)
    phases = list(phases)
    known = {pid for pid, _ in phases}
    blocked_by: dict[str, list[str]] = {}
    for phase_id, reason in blockers:
        if phase_id in known:
            blocked_by.setdefault(phase_id, []).append(reason)
    return GateSummary(
        tuple(
            PhaseGate(pid, name, evaluate(by_phase.get(pid, []), blocked_by.get(pid, ())))
            for pid, name in phases
        ),
        evaluate(everything, [r for pid, _ in phases for r in blocked_by.get(pid, ())]),
    )
