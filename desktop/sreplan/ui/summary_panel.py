"""The plan's executive summary at the top of the Overview: the same summary as the
reports' second page (``sreplan.summary.plan_summary``), refreshed after every change.

Computed when the panel is shown and after a change while it is shown, never while the
Overview is hidden behind another tab; a burst of changes computes it once.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from sreplan.kernel.summary import Capped, PlanSummary, SummaryItem, Tone
from sreplan.summary import plan_summary
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import Tone as Shade
from sreplan.ui.tones import mute, style

_SHADES = {Tone.BAD: Shade.BAD, Tone.WARN: Shade.CAUTION, Tone.GOOD: Shade.GOOD}
_TEXT = 200  # characters of one line; the tabs hold the rest


def _label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TEXT else text[: _TEXT - 1] + "…"


def _line(item: SummaryItem, *, who: bool = True, kind: bool = False) -> str:
    parts = [_short(item.title)]
    if item.detail:
        parts.append(_short(item.detail))
    if who:
        owner = item.owner.strip() or "unassigned"
        parts.append(f"{owner}, due {item.due}" if item.due else owner)
    prefix = f"{item.kind}: " if kind and item.kind else ""
    return "• " + prefix + " — ".join(parts)


def _lines(part: Capped, none: str, *, who: bool = True, kind: bool = False) -> str:
    if not part.items:
        return none
    text = "\n".join(_line(i, who=who, kind=kind) for i in part.items)
    return text + (f"\n… and {part.more} more" if part.more else "")


class SummaryPanel(QGroupBox):
    """Status, gates, top risks, decisions needed, capacity and changes since the review."""

    def __init__(self, ctx: SectionContext, today: date | None = None) -> None:
        super().__init__("Summary")
        self._ops = ctx.ops
        self._plan_id: str | None = None
        self._today = today  # fixed in tests; else the day it is computed
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self.summary: PlanSummary | None = None
        self.setAccessibleName("Plan summary")
        form = QFormLayout(self)
        self.status = _label()
        self.gates, self.risks, self.decisions = _label(), _label(), _label()
        self.capacity, self.changes = _label(), _label()
        form.addRow(self.status)
        for title, label in (("Gates:", self.gates), ("Top risks:", self.risks),
                             ("Decisions needed:", self.decisions),
                             ("Capacity:", self.capacity), ("Since last review:", self.changes)):
            label.setAccessibleName(title.rstrip(":"))
            form.addRow(title, label)
        self._ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self._schedule()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()  # refreshed when shown again (pending is kept)

    def _on_changed(self, change: Change) -> None:
        self._schedule()

    def _schedule(self) -> None:
        self._pending = True
        if self.isVisible():
            self._timer.start()  # once for a burst of changes

    def refresh(self) -> None:
        """Compute and show the summary now (a few queries and the capacity forecasts)."""
        if self._ops.closed:
            return  # the window closes or opens another file: nothing left to read
        self._pending = False
        if self._plan_id is None:
            self.summary = None
            for label in (self.status, self.gates, self.risks, self.decisions, self.capacity,
                          self.changes):
                label.clear()
            return
        self.summary = plan_summary(self._ops.ws, self._plan_id, self._today or date.today())
        self._show(self.summary)

    def _show(self, s: PlanSummary) -> None:
        self.status.setText(s.status)
        shade = _SHADES.get(s.status_tone)
        self.status.setStyleSheet(style(shade, bold=True) if shade else "font-weight: bold;")
        self.gates.setText("\n".join(f"{g.title}: {g.detail}" for g in s.gates)
                           or "No checkpoint items yet: apply a template on the Checkpoints tab.")
        self.risks.setText(_lines(s.risks, "No open High-risk item, capacity shortfall or "
                                            "SLO beyond its dependencies."))
        self.decisions.setText(_lines(s.decisions, "Nothing waiting for a decision.", kind=True))
        self.capacity.setText(_lines(s.capacity, "No resource runs out before its next "
                                                 "event or the forecast horizon.", who=False))
        c = s.changes
        if c.since is None:
            self.changes.setText("No review session held yet: nothing to compare with.")
        else:
            lines = [f"{label} ({len(items)}): " + "; ".join(_short(t) for t in items[:3])
                     + (" …" if len(items) > 3 else "")
                     for label, items in (("Closed", c.closed), ("Opened", c.opened),
                                          ("Gates", c.gates), ("SLOs", c.slo_targets),
                                          ("Also", c.other)) if items]
            head = f"Since {_short(c.session)} ({c.since}):"
            self.changes.setText("\n".join([head, *lines]) if lines
                                 else f"{head} nothing closed, opened or moved.")
        for label in (self.gates, self.risks, self.decisions, self.capacity, self.changes):
            if label.text().startswith(("No ", "Nothing")):
                mute(label)
            else:
                label.setStyleSheet("")

