"""The editor sections shown for the selected plan, and other places features plug in.

Everything here comes from features.py. Factories are "module:attribute"
strings, imported only when the section is first shown, so heavy modules
(matplotlib through a chart) never load at start-up.

A section widget is constructed as ``Factory(ctx)`` with a
:class:`SectionContext` and must provide ``set_plan(plan_id: str | None)``;
it subscribes to ``ctx.ops.changed`` to refresh itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sreplan import features
from sreplan.kernel.feature import MenuEntry, UiSection, load

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


Section = UiSection

# The shell's own menu entries; features add theirs in their feature.py.
SHELL_MENU_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("file", "&Export Report…", "sreplan.ui.report_export:export_report", "Ctrl+Shift+E"),
)

SECTIONS: tuple[UiSection, ...] = features.ui_sections()
OVERVIEW_PANELS: tuple[str, ...] = features.overview_panels()
MENU_ENTRIES: tuple[MenuEntry, ...] = (*features.menu_entries(), *SHELL_MENU_ENTRIES)

__all__ = ["MENU_ENTRIES", "OVERVIEW_PANELS", "SECTIONS", "SectionContext", "load"]
