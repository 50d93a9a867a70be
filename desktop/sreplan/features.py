"""The one list of features, in dependency order, and what the app derives from it.

A feature may use the features before it, never one after it (a test checks the
imports), and its tables may reference theirs: so this order is also the order
of the migration sets, and one ``user_version`` means exactly one schema.
Adding a feature is one folder with a ``feature.py`` plus one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sreplan.actions.feature import FEATURE as ACTIONS
from sreplan.architecture.feature import FEATURE as ARCHITECTURE
from sreplan.capacity.feature import FEATURE as CAPACITY
from sreplan.checkpoints.feature import FEATURE as CHECKPOINTS
from sreplan.incidents.feature import FEATURE as INCIDENTS
from sreplan.kernel import workspace as _workspace
from sreplan.kernel.feature import Feature, MenuEntry, UiSection, load
from sreplan.kernel.hooks import Hooks
from sreplan.kernel.migrations import Schema
from sreplan.oncall.feature import FEATURE as ONCALL
from sreplan.plans.feature import FEATURE as PLANS
from sreplan.resilience.feature import FEATURE as RESILIENCE
from sreplan.slo.feature import FEATURE as SLO
from sreplan.upcoming.feature import FEATURE as UPCOMING

if TYPE_CHECKING:
    from sreplan.kernel.actions import ActionItem
    from sreplan.kernel.workspace import Workspace
    from sreplan.plans.model import Plan

FEATURES: tuple[Feature, ...] = (
    PLANS,
    SLO,
    CHECKPOINTS,
    ARCHITECTURE,
    CAPACITY,
    INCIDENTS,
    ONCALL,
    RESILIENCE,
    ACTIONS,
    UPCOMING,
)

SCHEMA = Schema.of(
    [f.migrations for f in FEATURES],
    Hooks(
        gate_blockers=tuple(f.gate_blockers for f in FEATURES if f.gate_blockers),
        gate_tables=frozenset(t for f in FEATURES for t in f.gate_blocker_tables),
        checkpoint_notes=tuple(f.checkpoint_note for f in FEATURES if f.checkpoint_note),
    ),
)


def open_workspace(
    path: Path | str, *, create: bool = False, read_only: bool = False
) -> Workspace:
    """Open a workspace file with this build's schema (see kernel.workspace)."""
    return _workspace.open_workspace(path, SCHEMA, create=create, read_only=read_only)


def create_workspace(path: Path, *, overwrite: bool = False) -> None:
    _workspace.create_workspace(path, SCHEMA, overwrite=overwrite)


def seed_demo(ws: Workspace, today: date | None = None) -> str:
    """Add the demo plan, every feature's part of it in one transaction; return its id."""
    from sreplan.plans.demo import DEMO_PLAN_ID

    today = today or date.today()
    with ws.write():
        for feature in FEATURES:
            if feature.demo:
                load(feature.demo)(ws, DEMO_PLAN_ID, today)
    return DEMO_PLAN_ID


def seed_demo_workspace(ws: Workspace, today: date | None = None) -> str:
    """The demo workspace people get (``sreplan new --demo``, the first run): the demo
    plan and two small plans at other lifecycle stages, so the portfolio has a spread.
    Returns the demo plan's id."""
    from sreplan.portfolio.demo import seed_portfolio_plans

    today = today or date.today()
    with ws.write():
        plan_id = seed_demo(ws, today)
        seed_portfolio_plans(ws, today)
    return plan_id


def create_plan(ws: Workspace, plan: Plan) -> None:
    """Insert a new plan with every feature's start (``Feature.on_new_plan``), atomically.

    Run inside one Edit, so the plan and its defaults (the checklist's phases) are one
    undo step and nothing is written later behind the user's back.
    """
    from sreplan.plans.store import insert_plan

    with ws.write():
        insert_plan(ws, plan)
        for feature in FEATURES:
            if feature.on_new_plan:
                load(feature.on_new_plan)(ws, plan.id)


def action_item_providers() -> list[Callable[[Workspace, str], list[ActionItem]]]:
    return [load(f.action_items) for f in FEATURES if f.action_items]


def open_action_items(ws: Workspace, plan_id: str) -> list[ActionItem]:
    """Every open action item of the plan from every feature, soonest due first."""
    items = [item for provider in action_item_providers() for item in provider(ws, plan_id)]
    return sorted(items, key=lambda i: (i.due is None, i.due or 0, i.source, i.title, i.record_id))


def report_section_modules() -> tuple[str, ...]:
    return tuple(m for f in FEATURES for m in f.report_sections)


def commands() -> dict[str, str]:
    """Sub-command name -> the module that registers it, for every feature."""
    return {name: module for f in FEATURES for name, module in f.commands}


def ui_sections() -> tuple[UiSection, ...]:
    return tuple(f.section for f in FEATURES if f.section)


def overview_panels() -> tuple[str, ...]:
    return tuple(p for f in FEATURES for p in f.overview_panels)


def menu_entries() -> tuple[MenuEntry, ...]:
    return tuple(e for f in FEATURES for e in f.menu_entries)
