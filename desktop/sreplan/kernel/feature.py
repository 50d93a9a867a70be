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

    menu: str  # "file", "view" or "plan"
    text: str
    handler: str  # "package.module:function"
    shortcut: str = ""


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
    # Modules exposing ``SECTION = ReportSection(...)``.
    report_sections: tuple[str, ...] = ()
    # Sub-command name -> module whose ``register(subparsers)`` adds it.
    commands: tuple[tuple[str, str], ...] = ()
    section: UiSection | None = None
    # Widgets at the bottom of the plan overview, ``"module:Class"`` built as ``Class(ctx)``.
    overview_panels: tuple[str, ...] = ()
    menu_entries: tuple[MenuEntry, ...] = ()


def load(target: str) -> Any:
    """Import ``module:attribute`` on demand."""
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)
