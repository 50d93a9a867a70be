"""Gate summaries: each phase's verdict with its rule written out, and the overall gate.

The same widget sits above the checklist and, as the "gates at a glance" panel,
at the bottom of the plan overview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from sreplan.checkpoints.gates import Gate, GateSummary, Verdict
from sreplan.checkpoints.queries import GateTally
from sreplan.checkpoints.template_store import find_template
from sreplan.checkpoints.ui.ops import CheckpointOps
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext

VERDICT_STYLE = {
    Verdict.READY: "background: #e8f5e9; color: #1b5e20;",
    Verdict.READY_WITH_RISKS: "background: #fff8e1; color: #6d4c00;",
    Verdict.NOT_READY: "background: #ffebee; color: #b71c1c;",
}
RULE_TEXT = (
    "Not ready while a High-risk item is open; ready with risks while other items are open "
    "or a High-risk item was waived; ready when every applicable item is done. Waived and "
    "Not applicable items are left out of the percentage."
)


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class GateSummaryView(QWidget):
    """One row per phase and one for the whole plan: name, % done, verdict and its rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(4, 1)
        self.setToolTip(RULE_TEXT)
        self.setAccessibleName("Gate summary")
        self.rules: list[str] = []  # the rows' texts, for tests and screen readers
        self._rows: list[tuple[QLabel, QProgressBar, QLabel, QLabel, QLabel]] = []

    def set_summary(self, summary: GateSummary | None) -> None:
        rows = [] if summary is None else [(p.phase_name, p.gate) for p in summary.phases]
        if summary is not None:
            rows.append(("Overall", summary.overall))
        # Rows are reused: a status change updates texts instead of rebuilding widgets.
        while len(self._rows) > len(rows):
            for widget in self._rows.pop():
                self._grid.removeWidget(widget)
                widget.deleteLater()
        while len(self._rows) < len(rows):
            self._rows.append(self._new_row(len(self._rows)))
        self.rules = []
        for index, (name, gate) in enumerate(rows):
            self._show(self._rows[index], name, gate, bold=index == len(rows) - 1)

    def _new_row(self, row: int) -> tuple[QLabel, QProgressBar, QLabel, QLabel, QLabel]:
        title = _label()
        bar = QProgressBar()
        bar.setRange(0, 100)
        bar.setTextVisible(False)  # text over a half-filled bar is hard to read
        bar.setFixedWidth(110)
        bar.setMaximumHeight(14)
        percent = _label()
        percent.setMinimumWidth(110)
        chip = _label()
        chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        chip.setMinimumWidth(120)
        detail = _label()
        detail.setWordWrap(True)
        for column, widget in enumerate((title, bar, percent, chip, detail)):
            self._grid.addWidget(widget, row, column)
        return title, bar, percent, chip, detail

    def _show(
        self, widgets: tuple[QLabel, QProgressBar, QLabel, QLabel, QLabel], name: str, gate: Gate,
        bold: bool,
    ) -> None:
        title, bar, percent, chip, detail = widgets
        title.setText(name)
        if title.font().bold() != bold:
            font = title.font()
            font.setBold(bold)
            title.setFont(font)
        bar.setValue(round(gate.percent_done))
        percent.setText(f"{gate.percent_done:.0f}% done ({gate.done}/{gate.applicable})")
        bar.setAccessibleName(f"{name} percent done")
        chip.setText(gate.verdict.label)
        style = VERDICT_STYLE[gate.verdict] + "padding: 1px 6px; border-radius: 3px;"
        if chip.styleSheet() != style:  # re-styling re-polishes the label: only on change
            chip.setStyleSheet(style)
        detail.setText(gate.rule.partition(": ")[2])
        self.rules.append(f"{name}: {gate.rule}")


class GatePanel(QGroupBox):
    """The plan overview's "gates at a glance" panel (registered in OVERVIEW_PANELS)."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__("Production-readiness gates")
        self._ops = ctx.ops
        self._window = ctx.window
        self._plan_id: str | None = None
        self._tally: GateTally | None = None
        layout = QVBoxLayout(self)
        self.view = GateSummaryView()
        self.empty = EmptyState(
            "No checklist yet. The Production Readiness Review template adds the checkpoints "
            "a service needs before launch, in five phases; edit them on the Checkpoints tab.",
            "Apply the &PRR template",
            self.apply_prr_template,
        )
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        self._ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.empty.set_read_only(self._ops.read_only)
        self.refresh()

    def apply_prr_template(self) -> None:
        """A new plan's first step: the built-in Production Readiness Review, one undo step."""
        if self._plan_id is None or self._ops.read_only:
            return
        actions = CheckpointOps(self._ops)
        actions.plan_id = self._plan_id
        template = find_template(self._ops.ws, "prr")
        result = actions.apply_template(template)
        status = getattr(self._window, "statusBar", None)
        if result is not None and status is not None:
            status().showMessage(f"{template.name}: added {result[0]} checkpoints.", 8000)

    def refresh(self, reload: bool = True) -> None:
        if reload:
            self._tally = GateTally.load(self._ops.ws, self._plan_id) if self._plan_id else None
        summary = self._tally.summary() if self._tally is not None else None
        has_items = summary is not None and summary.overall.total > 0
        self.view.set_summary(summary if has_items else None)
        self.view.setVisible(has_items)
        self.empty.setVisible(not has_items)

    def _on_changed(self, change: Change) -> None:
        if change.touches("checkpoints", "phases", "plans"):
            # Items only updated: count the difference instead of every item again.
            if change.updated_columns("checkpoints") is not None and self._tally is not None:
                self._tally.apply(change.rows)
                self.refresh(reload=False)
            else:
                self.refresh()
        elif change.touches(*self._ops.ws.schema.hooks.gate_tables):
            self.refresh(reload=False)  # e.g. a P0 action item holds a phase now
