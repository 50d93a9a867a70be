"""The editor sections shown for the selected plan, and other places features plug in.

Each feature adds one line to a tuple here. Factories are "module:attribute"
strings, imported only when the section is first shown, so heavy modules
(matplotlib through a chart) never load at start-up.

A section widget is constructed as ``Factory(ctx)`` with a
:class:`SectionContext` and must provide ``set_plan(plan_id: str | None)``;
it subscribes to ``ctx.ops.changed`` to refresh itself.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from sreplan.ui.operations import Operations


@dataclass(frozen=True)
class SectionContext:
    """What an editor needs: the operations layer (and through it the workspace)."""

    ops: Operations
    window: QWidget

    @property
    def read_only(self) -> bool:
        return self.ops.read_only


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    factory: str  # "package.module:ClassName"


@dataclass(frozen=True)
class MenuEntry:
    """An action a feature adds to a main-window menu; ``handler(window)`` runs it."""

    menu: str  # "file" or "plan"
    text: str
    handler: str  # "package.module:function"
    shortcut: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("overview", "Overview", "sreplan.plans.ui.overview:OverviewEditor"),
    Section("slos", "Reliability goals", "sreplan.slo.ui.editor:SloEditor"),
    Section("checkpoints", "Checkpoints", "sreplan.checkpoints.ui.editor:CheckpointEditor"),
    Section("architecture", "Architecture", "sreplan.architecture.ui.editor:ArchitectureEditor"),
    Section("capacity", "Capacity", "sreplan.capacity.ui.editor:CapacityEditor"),
)

# Widgets shown at the bottom of the plan overview, e.g. the checkpoint gates at a glance.
OVERVIEW_PANELS: tuple[str, ...] = ("sreplan.checkpoints.ui.gates:GatePanel",)

MENU_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("file", "Import OpenSLO…", "sreplan.slo.ui.openslo_actions:import_dialog"),
    MenuEntry("file", "Export OpenSLO…", "sreplan.slo.ui.openslo_actions:export_dialog"),
    MenuEntry("file", "&Export Report…", "sreplan.ui.report_export:export_report", "Ctrl+Shift+E"),
)


def load(target: str) -> Any:
    """Import ``module:attribute`` on demand."""
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)
