"""Answers an earlier feature gets from later ones, without importing them.

A phase gate belongs to checkpoints, but an open P0 action item (a later feature)
must hold it at Not ready. ``features.py`` lists each feature's hook targets here
(lazy ``"module:function"`` strings) and the schema carries them into every open
workspace, so ``ws.schema.hooks`` is the build's answer, passed by construction.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sreplan.kernel.workspace import Workspace


@dataclass(frozen=True)
class GateBlocker:
    """Something outside the checklist that keeps a phase at Not ready."""

    phase_id: str
    reason: str  # e.g. "open P0 action item 'Add a circuit breaker'"


@dataclass(frozen=True)
class Hooks:
    # ``blockers(ws, plan_id) -> list[GateBlocker]`` of every feature that has some.
    gate_blockers: tuple[str, ...] = ()
    # The tables those blockers are read from: a gate view refreshes when one changes.
    gate_tables: frozenset[str] = frozenset()

    # ``note(ws, checkpoint_id) -> str | None``: what a checklist item should show beside
    # its status (e.g. that its evidence contradicts it).
    checkpoint_notes: tuple[str, ...] = ()

    def blockers(self, ws: Workspace, plan_id: str) -> list[GateBlocker]:
        found: list[GateBlocker] = []
        for target in self.gate_blockers:
            found.extend(_load(target)(ws, plan_id))
        return found

    def notes(self, ws: Workspace, checkpoint_id: str) -> list[str]:
        return [n for t in self.checkpoint_notes if (n := _load(t)(ws, checkpoint_id))]


def _load(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)
