"""The pages under the tracker: turn a lesson into its control, name a checklist item's
evidence (with the contradictions found), and link SLO services to components.

Every button is one Edit through Operations; a refusal is shown beside the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sreplan.actions import edits, lessons
from sreplan.actions.evidence import EvidenceKind, contradictions, evidence_choices
from sreplan.actions.lessons import ControlKind, LessonKind
from sreplan.actions.links import components, service_links
from sreplan.actions.model import SourceKind, TrackedAction
from sreplan.actions.store import ActionError
from sreplan.kernel.workspace import Workspace
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import Tone, style

_LESSON_OF = {
    SourceKind.FINDING: LessonKind.FINDING,
    SourceKind.SESSION: LessonKind.FINDING,
    SourceKind.POSTMORTEM: LessonKind.POSTMORTEM,
    SourceKind.MANUAL: LessonKind.MANUAL,
}


def compact(combo: QComboBox, chars: int = 12) -> QComboBox:
    """A combo box whose long entries (checklist titles) never widen the whole section."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def _error_label() -> QLabel:
    label = plain_label()
    label.setStyleSheet(style(Tone.BAD))
    label.setWordWrap(True)
    return label


class ControlPage(QWidget):
    """Turn the selected tracker item (a finding, postmortem action or item) into a control."""

    def __init__(self, ctx: SectionContext, selected: Callable[[], list[TrackedAction]]) -> None:
        super().__init__()
        self._ctx = ctx
        self._selected = selected
        self._plan_id: str | None = None
        self.kind = compact(QComboBox())
        for k in ControlKind:
            self.kind.addItem(k.label, k.value)
        self.phase = compact(QComboBox())
        self.template = compact(QComboBox())
        self.slo = compact(QComboBox())
        self.factor = QLineEdit()
        self.factor.setPlaceholderText("Load factor, e.g. 2")
        self.starts = QLineEdit()
        self.starts.setPlaceholderText("From YYYY-MM-DD")
        self.days = QLineEdit()
        self.days.setPlaceholderText("Days")
        self.create_button = QPushButton("Create Control")
        self.error = _error_label()
        self.links = plain_label()
        self.links.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(plain_label("Turn the selected lesson into"))
        for w in (self.kind, self.phase, self.template, self.slo, self.factor, self.starts,
                  self.days, self.create_button):  # fmt: skip
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.links)
        self.kind.currentIndexChanged.connect(self._show_fields)
        self.create_button.clicked.connect(self.create_control)
        self._show_fields()

    def set_plan(self, plan_id: str | None) -> None:
        from sreplan.checkpoints.store import list_phases
        from sreplan.checkpoints.template_store import custom_templates
        from sreplan.slo.store import list_slos

        self._plan_id = plan_id
        self.error.clear()
        for combo in (self.phase, self.template, self.slo):
            combo.clear()
        self.template.addItem("Not in a template", None)
        if plan_id is None:
            return
        ws = self._ctx.ops.ws
        for phase in list_phases(ws, plan_id):
            self.phase.addItem(f"in {phase.name}", phase.id)
        for t in custom_templates(ws):
            self.template.addItem(f"also in template {t.name}", t.key)
        for slo in list_slos(ws, plan_id):
            self.slo.addItem(slo.title, slo.id)
        self.show_links()

    def _show_fields(self, *_args: object) -> None:
        kind = ControlKind(self.kind.currentData())
        self.phase.setVisible(kind is ControlKind.CHECKPOINT)
        self.template.setVisible(kind is ControlKind.CHECKPOINT)
        self.slo.setVisible(kind is ControlKind.SLO)
        for w in (self.factor, self.starts, self.days):
            w.setVisible(kind is ControlKind.CAPACITY_EVENT)

    def show_links(self) -> None:
        """What the selected lesson already became, or what the control keeps."""
        items = self._selected()
        if self._plan_id is None or len(items) != 1:
            self.links.setText("")
            return
        item = items[0]
        lesson = _LESSON_OF.get(item.kind)
        ws = self._ctx.ops.ws
        became = lessons.controls_of(ws, self._plan_id, f"{lesson.value}:{item.record_id}") \
            if lesson else []  # fmt: skip
        kept = lessons.lessons_of(ws, self._plan_id, item.record_id)
        parts = [f"Became {c.control_kind.label.lower()} “{c.control_title}” "
                 f"({'done' if c.done else 'not done yet'})" for c in became]  # fmt: skip
        parts += [f"Keeps the lesson “{c.lesson.title}”" for c in kept]
        self.links.setText("; ".join(parts))

    def create_control(self) -> None:
        items = self._selected()
        if self._plan_id is None or len(items) != 1:
            self.error.setText("Select one finding, postmortem action or action item first.")
            return
        item = items[0]
        lesson = _LESSON_OF.get(item.kind)
        if lesson is None:
            self.error.setText(
                f"A {item.kind.label.lower()} is a condition, not a lesson: fix its cause."
            )
            return
        try:
            edit = edits.make_control(
                self._plan_id, f"Make {ControlKind(self.kind.currentData()).label}",
                self._creator(lesson, item.record_id),
            )
        except (ActionError, ValueError) as exc:
            self.error.setText(str(exc))
            return
        if self._ctx.ops.run(edit):
            self.error.clear()
            self.show_links()

    def _creator(self, lesson: LessonKind, lesson_id: str) -> Callable[[Workspace], str]:
        plan_id, today = str(self._plan_id), date.today()
        kind = ControlKind(self.kind.currentData())
        if kind is ControlKind.CHECKPOINT:
            phase, template = self.phase.currentData(), self.template.currentData()
            if phase is None:
                raise ActionError("The plan has no phases: add the checklist's phases first.")
            return lambda ws: lessons.to_checkpoint(
                ws, plan_id, lesson, lesson_id, phase_id=phase, today=today, template_key=template
            )
        if kind is ControlKind.ADR:
            return lambda ws: lessons.to_adr(ws, plan_id, lesson, lesson_id, today=today)
        if kind is ControlKind.SLO:
            slo = self.slo.currentData()
            if slo is None:
                raise ActionError("The plan has no SLO to change.")
            return lambda ws: lessons.to_slo_change(ws, plan_id, lesson, lesson_id, slo_id=slo,
                                                    today=today)  # fmt: skip
        try:
            factor = float(self.factor.text().replace(",", "."))
        except ValueError:
            raise ActionError(
                "Type the load factor as a number, e.g. 2 for twice today's load."
            ) from None
        try:
            starts = date.fromisoformat(self.starts.text().strip())
            days = int(self.days.text().strip() or "1")
        except ValueError:
            raise ActionError(
                "Type the start as YYYY-MM-DD and the length in whole days."
            ) from None
        if days < 1:
            raise ActionError("The event lasts at least one day.")
        ends = starts + timedelta(days=days - 1)
        return lambda ws: lessons.to_capacity_event(
            ws, plan_id, lesson, lesson_id, starts_on=starts, ends_on=ends, multiplier=factor,
            today=today,
        )


class EvidencePage(QWidget):
    """Name a checklist item's evidence; list the items their evidence contradicts."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._plan_id: str | None = None
        self.item = compact(QComboBox(), 20)
        self.kind = compact(QComboBox())
        for k in EvidenceKind:
            self.kind.addItem(k.label, k.value)
        self.record = compact(QComboBox(), 20)
        self.link_button = QPushButton("Name as Evidence")
        self.error = _error_label()
        self.found = plain_label()
        self.found.setWordWrap(True)
        self.found.setAccessibleName("Contradictions")
        row = QHBoxLayout()
        for w in (self.item, plain_label("rests on"), self.kind, self.record, self.link_button):
            row.addWidget(w)
        row.setStretch(0, 1)
        row.setStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.found)
        self.kind.currentIndexChanged.connect(self._fill_records)
        self.link_button.clicked.connect(self._link)
        ctx.ops.changed.connect(self._on_changed)

    def set_plan(self, plan_id: str | None) -> None:
        from sreplan.checkpoints.store import list_checkpoints

        self._plan_id = plan_id
        self.item.clear()
        self.error.clear()
        if plan_id is not None:
            for c in list_checkpoints(self._ctx.ops.ws, plan_id):
                self.item.addItem(c.title, c.id)
        self._fill_records()
        self.refresh()

    def _fill_records(self, *_args: object) -> None:
        self.record.clear()
        if self._plan_id is None:
            return
        kind = EvidenceKind(self.kind.currentData())
        for rid, title in evidence_choices(self._ctx.ops.ws, self._plan_id, kind):
            self.record.addItem(title, rid)

    def _on_changed(self, change: Change) -> None:
        if self._plan_id is not None and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self._plan_id is None:
            self.found.clear()
            return
        found = contradictions(self._ctx.ops.ws, self._plan_id)
        self.found.setText(
            "\n".join(c.message for c in found)
            or "No checklist item contradicts the evidence it names."
        )
        self.found.setStyleSheet(style(Tone.BAD) if found else "")

    def _link(self) -> None:
        if self._plan_id is None or self.item.currentData() is None:
            return
        if self.record.currentData() is None:
            self.error.setText("The plan has no record of that kind to name.")
            return
        try:
            edit = edits.link_evidence(self._plan_id, self.item.currentData(),
                                       EvidenceKind(self.kind.currentData()),
                                       self.record.currentData())  # fmt: skip
        except ActionError as exc:
            self.error.setText(str(exc))
            return
        if self._ctx.ops.run(edit):
            self.error.clear()
            self.refresh()


class LinksPage(QWidget):
    """Which components serve each SLO service (what the architecture lint holds them to)."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._plan_id: str | None = None
        self.service = compact(QComboBox())
        self.component = compact(QComboBox())
        self.link_button = QPushButton("Link")
        self.error = _error_label()
        self.shown = plain_label()
        self.shown.setWordWrap(True)
        row = QHBoxLayout()
        for w in (plain_label("SLO service"), self.service, plain_label("is served by"),
                  self.component, self.link_button):  # fmt: skip
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.shown)
        self.link_button.clicked.connect(self._link)

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.service.clear()
        self.component.clear()
        self.error.clear()
        if plan_id is None:
            self.shown.clear()
            return
        ws = self._ctx.ops.ws
        for s in service_links(ws, plan_id):
            self.service.addItem(s.service, s.service_id)
        for cid, name in components(ws, plan_id):
            self.component.addItem(name, cid)
        self.refresh()

    def refresh(self) -> None:
        if self._plan_id is None:
            return
        lines = [
            f"{s.service}: {', '.join(n for _, n in s.components) or 'no component linked'}"
            for s in service_links(self._ctx.ops.ws, self._plan_id)
        ]
        self.shown.setText("\n".join(lines))

    def _link(self) -> None:
        if self._plan_id is None or self.service.currentData() is None:
            return
        if self.component.currentData() is None:
            self.error.setText("The plan has no components: add them under Architecture.")
            return
        edit = edits.link_service(self._plan_id, self.service.currentData(),
                                  self.component.currentData())  # fmt: skip
        if self._ctx.ops.run(edit):
            self.error.clear()
            self.refresh()
