"""How a feature declares itself: one ``Feature`` per package, listed once in features.py.

Everything that would make start-up pay for a feature is a lazy
``"module:attribute"`` string (demo seeding, action items, report sections,
commands, the editor), imported only when it is first needed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from sreplan.kernel.migrations import MigrationSet


@dataclass(frozen=True)
class UiSection:
    """An editor tab: ``factory`` is ``"package.module:Class"``, built as ``Class(ctx)``."""

    key: str
    title: str
    factory: str


@dataclass(frozen=True)
class MenuEntry:
    """An action a feature adds to a main-window menu; ``handler(window)`` runs it."""

    menu: str  # "file", "plan" or "view"
    text: str
    handler: str  # "package.module:function"
    shortcut: str = ""  # one key sequence, or several separated by "; " ("F11; Ctrl+M")


@dataclass(frozen=True)
class Feature:
    """One feature package: its tables and every place it plugs into the app."""

    key: str
    title: str
    migrations: MigrationSet
    # ``seed(ws, plan_id, today)``: the feature's part of the demo plan, deterministic per date.
    demo: str | None = None
    # ``start(ws, plan_id)``: the feature's part of a new plan (e.g. default phases), written
    # in the same transaction, and so the same undo step, as the plan itself.
    on_new_plan: str | None = None
    # ``items(ws, plan_id) -> list[ActionItem]``: the feature's open action items.
    action_items: str | None = None
    # ``contribute(ws, plan_id, today) -> list[SummaryItem]``: the feature's lines of the
    # executive summary (kernel/summary.py), shown first in both reports and the Overview.
    summary: str | None = None
    # ``blockers(ws, plan_id) -> list[GateBlocker]``: what holds a phase gate at Not ready
    # besides the checklist (see kernel/hooks.py).
    gate_blockers: str | None = None
    gate_blocker_tables: tuple[str, ...] = ()
    # ``note(ws, checkpoint_id) -> str | None`` shown on a checklist item (kernel/hooks.py).
    checkpoint_note: str | None = None
    # Modules exposing ``SECTION = ReportSection(...)``.
    report_sections: tuple[str, ...] = ()
    # Sub-command name -> module whose ``register(subparsers)`` adds it.
    commands: tuple[tuple[str, str], ...] = ()
    section: UiSection | None = None
    # Widgets at the bottom of the plan overview, ``"module:Class"`` built as ``Class(ctx)``.
    overview_panels: tuple[str, ...] = ()
    menu_entries: tuple[MenuEntry, ...] = ()
    # ``"module:PART"``: a ``kernel.bundle.BundlePart``, the feature's files in a plan bundle.
    bundle: str | None = None


def load(target: str) -> Any:
    """Import ``module:attribute`` on demand."""
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)
