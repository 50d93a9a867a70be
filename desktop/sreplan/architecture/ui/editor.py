"""The Architecture section: one tab per part of the review work, created when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from sreplan.ui.sections import SectionContext


def _tabs() -> list[tuple[str, str, Callable[..., QWidget]]]:
    from sreplan.architecture.ui.adrs import AdrEditor
    from sreplan.architecture.ui.catalog_view import CatalogBrowser
    from sreplan.architecture.ui.diagram import DiagramView
    from sreplan.architecture.ui.findings import FindingsEditor
    from sreplan.architecture.ui.inventory import InventoryEditor
    from sreplan.architecture.ui.lint_panel import LintPanel
    from sreplan.architecture.ui.sessions import SessionsEditor

    return [
        ("inventory", "Inventory", InventoryEditor),
        ("diagram", "Diagram", DiagramView),
        ("lint", "Lint", LintPanel),
        ("sessions", "Sessions", SessionsEditor),
        ("findings", "Findings", FindingsEditor),
        ("decisions", "Decisions (ADRs)", AdrEditor),
        ("catalog", "Catalog", CatalogBrowser),
    ]


class ArchitectureEditor(QWidget):
    """Inner tabs over the same plan; each keeps itself current through ``ops.changed``."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._plan_id: str | None = None
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Architecture")
        self.pages: dict[str, QWidget] = {}
        for key, title, factory in _tabs():
            page = factory(ctx.ops)
            self.pages[key] = page
            self.tabs.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        lint = self.pages["lint"]
        findings = self.pages["findings"]
        lint.accepted.connect(lambda fid: findings.select(fid))  # type: ignore[attr-defined]

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        for page in self.pages.values():
            page.set_plan(plan_id)  # type: ignore[attr-defined]

    def page(self, key: str) -> QWidget:
        """Show the inner tab ``key`` and return its widget."""
        widget = self.pages[key]
        self.tabs.setCurrentWidget(widget)
        return widget

    def reveal(self, finding_id: str) -> None:
        """Show a finding (the Actions section's link back to a review finding)."""
        self.page("findings").reveal(finding_id)  # type: ignore[attr-defined]
