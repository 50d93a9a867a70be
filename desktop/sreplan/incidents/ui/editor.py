"""The Incidents section: the log on the left, the selected incident's tabs on the right.

Every change goes through :mod:`sreplan.incidents.edits` and ``ctx.ops.run``, so
it is one undoable step; typing in a text field merges into one step until the
field loses focus. Timestamps are checked at the field: a wrong order is shown
beside it, naming both, and not written.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.architecture.ui.common import SafeMarkdownView
from sreplan.incidents import blameless, edits, store
from sreplan.incidents.budget import (
    incident_spends,
    postmortem_check,
    postmortem_threshold,
    triggered_steps,
    window_spends,
)
from sreplan.incidents.factors import catalog_choices, catalog_link
from sreplan.incidents.model import (
    SECTIONS,
    TIMESTAMPS,
    ActionItem,
    ActionStatus,
    ActionType,
    Factor,
    ImpactKind,
    Incident,
    IncidentError,
    Priority,
    Responder,
    ResponderRole,
    Side,
    Status,
    TimelineEntry,
    clean_line,
    clean_text,
    format_minutes,
    format_timestamp,
    order_error,
    parse_timestamp,
    percent_error,
    title_error,
    to_stored,
)
from sreplan.incidents.summary import incident_statistics
from sreplan.incidents.ui.log_model import HEADERS, IncidentLogModel
from sreplan.kernel.choices import Choice
from sreplan.ui.empty_state import EmptyState
from sreplan.ui.fields import error_label, plain_label
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.tones import Tone, style
from sreplan.ui.views import TableView, TableWidget, fit_columns

_TABLES = edits.TABLES | {"slos", "components", "stakeholders", "error_budget_policy_steps"}


def _choices(combo: QComboBox, choice: type[Choice]) -> None:
    for member in choice:
        combo.addItem(member.label, member.value)


def _select(combo: QComboBox, value: str) -> None:
    was = combo.blockSignals(True)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    combo.blockSignals(was)


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if current == text:
        return
    was = widget.blockSignals(True)
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    else:
        widget.setPlainText(text)
    widget.blockSignals(was)


def _number(text: str) -> float | None:
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(text)
    return value


def _grid_table(headers: list[str], name: str, text: tuple[int, ...] = (0,)) -> QTableWidget:
    """A read-only grid whose ``text`` columns give way (eliding) to fit the width."""
    table = TableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    fit_columns(table, stretch=text)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # a cell that gives way shows the whole text
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            table.setItem(r, c, item)


def _selected_ids(table: QTableWidget) -> list[str]:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    return [str(table.item(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows]


class IncidentsEditor(QSplitter):
    """The section widget: ``IncidentsEditor(ctx)`` with ``set_plan(plan_id)``."""

    def __init__(self, ctx: SectionContext) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._ctx = ctx
        self._ops = ctx.ops
        self._plan_id: str | None = None
        self.incident_id: str | None = None
        self.incident: Incident | None = None
        self._loading = False

        # The log ----------------------------------------------------------------
        left = QWidget()
        llayout = QVBoxLayout(left)
        llayout.setContentsMargins(0, 0, 0, 0)
        self.log = IncidentLogModel()
        self.log_view = TableView()
        self.log_view.setModel(self.log)
        self.log_view.setAccessibleName("Incident log")
        self.log_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.log_view.verticalHeader().hide()
        self.log_view.setWordWrap(False)
        # Number, title and severity fit the list; the rest is on the tabs beside it.
        fit_columns(self.log_view, stretch=(1,))
        for column, title in enumerate(HEADERS):
            self.log_view.setColumnHidden(column, title not in ("#", "Title", "Severity"))
        self.log_view.selectionModel().selectionChanged.connect(self._selected)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("Title of a new incident")
        self.new_title.setAccessibleName("New incident title")
        self.new_title.returnPressed.connect(self.add_incident)
        self.add_button = QPushButton("&New incident")
        self.add_button.clicked.connect(self.add_incident)
        self.delete_button = QPushButton("Delete incident")
        self.delete_button.clicked.connect(self.delete_incident)
        row = QHBoxLayout()
        row.addWidget(self.new_title, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        self.stats = plain_label()
        self.stats.setWordWrap(True)
        self.stats.setAccessibleName("Incident statistics")
        llayout.addWidget(self.log_view, 1)
        llayout.addLayout(row)
        llayout.addWidget(self.stats)

        # The selected incident ---------------------------------------------------
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scroll(self._incident_tab()), "&Incident")
        self.tabs.addTab(self._postmortem_tab(), "&Postmortem")
        self.tabs.addTab(self._actions_tab(), "&Action items")
        self.chart_page = QWidget()
        chart_layout = self.chart_layout = QVBoxLayout(self.chart_page)
        self.chart_slo = QComboBox()
        self.chart_slo.setAccessibleName("SLO to chart")
        self.chart_slo.activated.connect(lambda _i: self._draw_chart())
        chart_layout.addWidget(self.chart_slo)
        self.chart_note = plain_label()
        chart_layout.addWidget(self.chart_note)
        self._canvas: Any = None
        self.tabs.addTab(self.chart_page, "Budget &chart")
        self.tabs.currentChanged.connect(lambda _i: self._draw_chart())
        self.tabs.addTab(self._lists_tab(), "Scales && &lists")
        self.empty = EmptyState(
            "Record an incident: type its title and press New incident. Link it to the SLOs "
            "and components it hit to see the error budget it spent.",
            "Record your first &incident",
            self.add_incident,
        )
        self.empty.set_read_only(ctx.read_only)
        right = QWidget()
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        rlayout.addWidget(self.empty)
        rlayout.addWidget(self.tabs, 1)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self.setSizes([470, 480])  # the log keeps room for its titles
        self._ops.changed.connect(self._on_changed)
        for w in (self.add_button, self.delete_button, self.new_title):
            w.setEnabled(not ctx.read_only)
        self._show_incident()

    @staticmethod
    def _scroll(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidget(widget)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return area

    # The incident tab ------------------------------------------------------------

    def _incident_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title_error = error_label()
        self.title.textEdited.connect(self._title_edited)
        self.title.editingFinished.connect(self._ops.seal)
        form.addRow("Title", self.title)
        form.addRow("", self.title_error)
        self.severity = QComboBox()
        self.severity.setAccessibleName("Severity")
        self.severity.activated.connect(
            lambda _i: self._set({"severity": self.severity.currentData()}, "Change Severity")
        )
        self.severity_meaning = plain_label()
        self.severity_meaning.setWordWrap(True)
        form.addRow("Severity", self.severity)
        form.addRow("", self.severity_meaning)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        _choices(self.status, Status)
        self.status.activated.connect(
            lambda _i: self._set({"status": self.status.currentData()}, "Change Status")
        )
        form.addRow("Status", self.status)
        form.addRow("", plain_label("Times carry their zone, e.g. 2025-11-28 14:02 +01:00."))
        self.times: dict[str, QLineEdit] = {}
        self.time_errors: dict[str, QLabel] = {}
        for column, label in TIMESTAMPS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.setPlaceholderText("YYYY-MM-DD HH:MM +HH:MM")
            edit.editingFinished.connect(lambda c=column: self._time_edited(c))
            self.times[column] = edit
            self.time_errors[column] = error_label()
            form.addRow(label, edit)
            form.addRow("", self.time_errors[column])
        self.impact_kind = QComboBox()
        self.impact_kind.setAccessibleName("Impact measured as")
        _choices(self.impact_kind, ImpactKind)
        self.impact_kind.activated.connect(
            lambda _i: self._set({"impact_kind": self.impact_kind.currentData()}, "Change Impact")
        )
        form.addRow("Impact measured as", self.impact_kind)
        self.numbers: dict[str, QLineEdit] = {}
        self.number_error = error_label()
        for column, label in (
            ("impact_percent", "Requests failing (%)"),
            ("bad_events", "Bad events"),
            ("outage_minutes", "Outage minutes"),
        ):
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.editingFinished.connect(lambda c=column, lb=label: self._number_edited(c, lb))
            self.numbers[column] = edit
            form.addRow(label, edit)
        form.addRow("", self.number_error)
        self.trigger = QComboBox()
        self.trigger.setEditable(True)
        self.trigger.setAccessibleName("Trigger")
        self.trigger.lineEdit().editingFinished.connect(
            lambda: self._set(
                {"trigger_type": clean_line(self.trigger.currentText())}, "Change Trigger"
            )
        )
        form.addRow("Trigger", self.trigger)
        self.root_cause = QComboBox()
        self.root_cause.setEditable(True)
        self.root_cause.setAccessibleName("Root-cause category")
        self.root_cause.lineEdit().editingFinished.connect(
            lambda: self._set(
                {"root_cause_category": clean_line(self.root_cause.currentText())},
                "Change Root-Cause Category",
            )
        )
        form.addRow("Root-cause category", self.root_cause)
        self.slo_list = QListWidget()
        self.slo_list.setAccessibleName("Impacted SLOs")
        self.slo_list.setMaximumHeight(110)
        self.slo_list.itemChanged.connect(lambda _i: self._links_changed(self.slo_list, True))
        form.addRow("Impacted SLOs", self.slo_list)
        self.component_list = QListWidget()
        self.component_list.setAccessibleName("Impacted components")
        self.component_list.setMaximumHeight(130)
        self.component_list.itemChanged.connect(
            lambda _i: self._links_changed(self.component_list, False)
        )
        form.addRow("Impacted components", self.component_list)
        self.budget = plain_label()
        self.budget.setWordWrap(True)
        self.budget.setAccessibleName("Error budget spent")
        form.addRow("Error budget spent", self.budget)
        self.responders = _grid_table(["Name", "Role", "Side"], "Responders")
        self.responders.setMaximumHeight(150)
        form.addRow("Responders", self.responders)
        self.responder_name = QLineEdit()
        self.responder_name.setAccessibleName("Responder name")
        self.responder_name.setPlaceholderText("Name")
        self.responder_role = QComboBox()
        _choices(self.responder_role, ResponderRole)
        self.responder_side = QComboBox()
        _choices(self.responder_side, Side)
        add = QPushButton("Add responder")
        add.clicked.connect(self.add_responder)
        remove = QPushButton("Remove")
        remove.clicked.connect(
            lambda: self._delete(self.responders, "incident_responders", "Remove Responder")
        )
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.responder_name, 1)
        first.addWidget(self.responder_role)
        for w in (self.responder_side, add, remove):
            second.addWidget(w)
        second.addStretch(1)
        form.addRow("", first)
        form.addRow("", second)
        self.participation = plain_label()
        form.addRow("", self.participation)
        self._writable = [self.title, self.severity, self.status, self.impact_kind, self.trigger,
                          self.root_cause, self.slo_list, self.component_list, add, remove,
                          *self.times.values(), *self.numbers.values()]  # fmt: skip
        return page

    # The postmortem tab ----------------------------------------------------------

    def _postmortem_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        texts = QWidget()
        grid = QVBoxLayout(texts)
        self.sections: dict[str, QPlainTextEdit] = {}
        for column, label in SECTIONS:
            grid.addWidget(QLabel(label))
            edit = QPlainTextEdit()
            edit.setAccessibleName(label)
            edit.setUndoRedoEnabled(False)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(70)
            edit.textChanged.connect(lambda c=column, lb=label: self._section_edited(c, lb))
            edit.installEventFilter(self)
            self.sections[column] = edit
            grid.addWidget(edit)
        grid.addWidget(QLabel("Contributing factors"))
        self.factors = _grid_table(["Factor", "Catalog"], "Contributing factors")
        self.factors.setMinimumHeight(100)
        grid.addWidget(self.factors)
        self.factor_text = QLineEdit()
        self.factor_text.setAccessibleName("Contributing factor")
        self.factor_text.setPlaceholderText("A condition that made the failure possible")
        self.factor_tag = QComboBox()
        self.factor_tag.setAccessibleName("Catalog entry")
        add_factor = QPushButton("Add factor")
        add_factor.clicked.connect(self.add_factor)
        remove_factor = QPushButton("Remove")
        remove_factor.clicked.connect(
            lambda: self._delete(self.factors, "incident_factors", "Remove Contributing Factor")
        )
        row = QHBoxLayout()
        for w in (self.factor_text, self.factor_tag, add_factor, remove_factor):
            row.addWidget(w)
        grid.addLayout(row)
        grid.addWidget(QLabel("Timeline"))
        self.timeline = _grid_table(["Time", "Event", "Source", "★"], "Timeline", text=(1,))
        self.timeline.setMinimumHeight(120)
        grid.addWidget(self.timeline)
        self.timeline_at = QLineEdit()
        self.timeline_at.setAccessibleName("Timeline time")
        self.timeline_at.setPlaceholderText("2025-11-28 14:02 +01:00")
        self.timeline_event = QLineEdit()
        self.timeline_event.setAccessibleName("Timeline event")
        self.timeline_event.setPlaceholderText("What happened")
        self.timeline_source = QLineEdit()
        self.timeline_source.setAccessibleName("Timeline source")
        self.timeline_source.setPlaceholderText("Source link")
        self.timeline_star = QComboBox()
        self.timeline_star.addItems(["", "★ in report"])
        add_entry = QPushButton("Add entry")
        add_entry.clicked.connect(self.add_timeline)
        remove_entry = QPushButton("Remove")
        remove_entry.clicked.connect(
            lambda: self._delete(self.timeline, "incident_timeline", "Remove Timeline Entry")
        )
        entry_grid = QGridLayout()
        entry_grid.addWidget(self.timeline_at, 0, 0)
        entry_grid.addWidget(self.timeline_event, 0, 1)
        entry_grid.addWidget(self.timeline_source, 0, 2)
        entry_grid.addWidget(self.timeline_star, 1, 0)
        entry_grid.addWidget(add_entry, 1, 1)
        entry_grid.addWidget(remove_entry, 1, 2)
        self.timeline_error = error_label()
        grid.addLayout(entry_grid)
        grid.addWidget(self.timeline_error)
        checks = QWidget()
        clayout = QVBoxLayout(checks)
        title = QLabel("Checks")
        title.setStyleSheet("font-weight: bold;")
        clayout.addWidget(title)
        self.rule = plain_label()
        self.rule.setWordWrap(True)
        self.rule.setAccessibleName("Postmortem rule")
        clayout.addWidget(self.rule)
        clayout.addWidget(plain_label("Blamelessness suggestions (never blocking):"))
        self.suggestions = QListWidget()
        self.suggestions.setAccessibleName("Blamelessness suggestions")
        self.suggestions.setWordWrap(True)
        clayout.addWidget(self.suggestions, 2)
        self.dismiss_reason = QLineEdit()
        self.dismiss_reason.setAccessibleName("Reason to dismiss")
        self.dismiss_reason.setPlaceholderText("Why it does not apply")
        self.dismiss_button = QPushButton("Dismiss suggestion")
        self.dismiss_button.clicked.connect(self.dismiss_suggestion)
        clayout.addWidget(self.dismiss_reason)
        clayout.addWidget(self.dismiss_button)
        clayout.addWidget(plain_label("Preview (Markdown as text; nothing is loaded):"))
        self.preview = SafeMarkdownView()
        self.preview.setAccessibleName("Postmortem preview")
        clayout.addWidget(self.preview, 3)
        splitter.addWidget(self._scroll(texts))
        splitter.addWidget(checks)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self._writable += [*self.sections.values(), add_factor, remove_factor, add_entry,
                           remove_entry, self.dismiss_button]  # fmt: skip
        return splitter

    # The action items tab -------------------------------------------------------

    def _actions_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.action_table = _grid_table(
            ["Action item", "Type", "Priority", "Owner", "Due", "Status", "Reason", "Link"],
            "Action items",
            text=(0, 6, 7),
        )
        self.action_table.itemSelectionChanged.connect(self._action_selected)
        layout.addWidget(self.action_table, 1)
        form = QFormLayout()
        self.action_title = QLineEdit()
        self.action_title.setAccessibleName("Action item")
        self.action_type = QComboBox()
        self.action_type.setAccessibleName("Type")
        _choices(self.action_type, ActionType)
        self.action_priority = QComboBox()
        self.action_priority.setAccessibleName("Priority")
        _choices(self.action_priority, Priority)
        self.action_owner = QLineEdit()
        self.action_owner.setAccessibleName("Owner")
        self.action_due = QLineEdit()
        self.action_due.setAccessibleName("Due")
        self.action_due.setPlaceholderText("YYYY-MM-DD")
        self.action_status = QComboBox()
        self.action_status.setAccessibleName("Action status")
        _choices(self.action_status, ActionStatus)
        self.action_reason = QLineEdit()
        self.action_reason.setAccessibleName("Reason")
        self.action_reason.setPlaceholderText("Required for Not doing")
        self.action_link = QComboBox()
        self.action_link.setAccessibleName("Link")
        self.action_error = error_label()
        for label, widget in (
            ("Action item", self.action_title), ("Type", self.action_type),
            ("Priority", self.action_priority), ("Owner", self.action_owner),
            ("Due", self.action_due), ("Status", self.action_status),
            ("Reason", self.action_reason), ("What it created", self.action_link),
        ):  # fmt: skip
            form.addRow(label, widget)
        form.addRow("", self.action_error)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_action_button = QPushButton("Add action item")
        self.add_action_button.clicked.connect(self.add_action)
        self.update_action_button = QPushButton("Update selected")
        self.update_action_button.clicked.connect(self.update_action)
        remove = QPushButton("Remove")
        remove.clicked.connect(
            lambda: self._delete(self.action_table, "incident_actions", "Remove Action Item")
        )
        for b in (self.add_action_button, self.update_action_button, remove):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self._writable += [self.add_action_button, self.update_action_button, remove]
        return page

    # The chart tab ----------------------------------------------------------------

    def _draw_chart(self) -> None:
        """The linked SLO's burn-down with the incidents as steps; matplotlib only now."""
        if self.tabs.currentWidget() is not self.chart_page or self.incident is None:
            return
        if self._plan_id is None:
            return
        from sreplan.slo.store import list_slos

        slos = {s.id: s for s in list_slos(self._ops.ws, self._plan_id)}
        linked = [slos[x] for x in self.incident.slo_ids if x in slos]
        chosen = self.chart_slo.currentData()
        self.chart_slo.blockSignals(True)
        self.chart_slo.clear()
        for each in linked:
            self.chart_slo.addItem(each.title, each.id)
        self.chart_slo.setCurrentIndex(max(0, self.chart_slo.findData(chosen)))
        self.chart_slo.blockSignals(False)
        slo = slos.get(self.chart_slo.currentData() or "")
        if slo is None:
            self.chart_note.setText("Link the incident to an SLO to chart its budget.")
            if self._canvas is not None:
                self._canvas.hide()
            return
        from datetime import UTC, datetime

        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from sreplan.incidents.chart import chart_window, draw_incidents_burn_down
        from sreplan.slo.policy import alert_rules

        if self._canvas is None:
            self._canvas = FigureCanvasQTAgg(  # type: ignore[no-untyped-call]
                Figure(figsize=(6.4, 3.6), layout="constrained")
            )
            self._canvas.setAccessibleName("Budget burn-down with incidents")
            self.chart_layout.addWidget(self._canvas, 1)
        everyone = [self.log.summary(r).incident for r in range(self.log.rowCount())]
        start, caption = chart_window(slo, everyone, datetime.now(UTC))
        draw_incidents_burn_down(
            self._canvas.figure, slo, alert_rules(self._ops.ws, self._plan_id), everyone,
            start, caption,
        )  # fmt: skip
        self.chart_note.setText(
            "The black line is the budget left after each incident (real steps); the coloured "
            "curves are the alert burn rates."
        )
        self._canvas.show()
        self._canvas.draw_idle()

    @property
    def chart_canvas(self) -> Any:
        return self._canvas

    # The lists tab ---------------------------------------------------------------

    _LISTS = (
        ("severities", "Severity scale (one level a line: NAME | meaning)"),
        ("triggers", "Triggers"),
        ("root_causes", "Root-cause categories"),
        ("blame_phrases", "Phrases the blamelessness check flags"),
    )

    def _lists_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(
            plain_label(
                "The plan's own lists; Reset puts back the built-in ones "
                "(PagerDuty's severities, the SRE Workbook's triggers)."
            )
        )
        self.lists: dict[str, QPlainTextEdit] = {}
        for column, label in self._LISTS:
            layout.addWidget(QLabel(label))
            edit = QPlainTextEdit()
            edit.setAccessibleName(label)
            edit.setMaximumHeight(110)
            self.lists[column] = edit
            layout.addWidget(edit)
            row = QHBoxLayout()
            save, reset = QPushButton("Save"), QPushButton("Reset to built-in")
            save.clicked.connect(lambda _c=False, c=column, lb=label: self._save_list(c, lb))
            reset.clicked.connect(lambda _c=False, c=column, lb=label: self._reset_list(c, lb))
            row.addWidget(save)
            row.addWidget(reset)
            row.addStretch(1)
            layout.addLayout(row)
            self._writable = [*getattr(self, "_writable", []), save, reset, edit]
        layout.addStretch(1)
        return page

    def _show_lists(self, plan_id: str) -> None:
        ws = self._ops.ws
        values = {
            "severities": [f"{lv.name} | {lv.meaning}" if lv.meaning else lv.name
                           for lv in store.severities(ws, plan_id)],
            "triggers": list(store.triggers(ws, plan_id)),
            "root_causes": list(store.root_cause_categories(ws, plan_id)),
            "blame_phrases": list(store.blame_phrases(ws, plan_id)),
        }  # fmt: skip
        for column, edit in self.lists.items():
            if not edit.hasFocus():
                _set_text(edit, "\n".join(values[column]))

    def _save_list(self, column: str, label: str) -> None:
        if self._plan_id is None:
            return
        lines = [ln for ln in self.lists[column].toPlainText().split("\n") if ln.strip()]
        self._run(edits.set_list(self._plan_id, column, lines, f"Edit {label.split(' (')[0]}"))

    def _reset_list(self, column: str, label: str) -> None:
        if self._plan_id is not None:
            self._run(edits.set_list(self._plan_id, column, None, f"Reset {label.split(' (')[0]}"))

    # Loading ----------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self._plan_id = plan_id
        self.incident_id = None
        self._reload_log()
        if self.log.rowCount() and plan_id:
            self.select_row(0)
        else:
            self._show_incident()

    def select_row(self, row: int) -> None:
        self.log_view.selectRow(row)

    def reveal(self, record_id: str) -> None:
        """Select the incident of a postmortem action (or the incident itself)."""
        from sreplan.incidents.store import incident_of_action

        incident_id = incident_of_action(self._ops.ws, record_id) or record_id
        row = self.log.row_of(incident_id)
        if row >= 0:
            self.select_row(row)

    def _reload_log(self) -> None:
        keep = self.incident_id
        was = self.log_view.selectionModel().blockSignals(True)
        self.log.reload(self._ops.ws, self._plan_id)
        row = self.log.row_of(keep) if keep else -1
        if row >= 0:
            self.log_view.selectRow(row)
        else:
            self.incident_id = None
        self.log_view.selectionModel().blockSignals(was)
        self._show_stats()

    def _show_stats(self) -> None:
        if not self._plan_id or not self.log.rowCount():
            self.stats.setText("")
            return
        incidents = [self.log.summary(r).incident for r in range(self.log.rowCount())]
        s = incident_statistics(self._ops.ws, self._plan_id, incidents)

        def dist(d: Any, what: str) -> str:
            if not d.count:
                return f"{what}: not enough timestamps"
            return (f"{what}: median {format_minutes(d.median)} (range {format_minutes(d.low)} – "
                    f"{format_minutes(d.high)}, {d.count} incidents)")  # fmt: skip

        lines = [dist(s.time_to_detect, "Time to detect"), dist(s.time_to_mitigate,
                 "Time to mitigate")]  # fmt: skip
        if s.per_slo:
            lines.append("Per SLO: " + ", ".join(f"{n} {c}" for n, c in s.per_slo))
        if s.per_component:
            lines.append("Per component: " + ", ".join(f"{n} {c}" for n, c in s.per_component))
        for component, trigger, keys in s.repeats:
            lines.append(f"Repeat: {component} / {trigger}: {', '.join(keys)}")
        self.stats.setText("\n".join(lines))

    def _selected(self) -> None:
        rows = self.log_view.selectionModel().selectedRows()
        self.incident_id = self.log.incident_id(rows[0].row()) if rows else None
        self._ops.seal()
        self._show_incident()

    def _on_changed(self, change: Change) -> None:
        if not change.touches(*_TABLES):
            return
        self._reload_log()
        self._show_incident()

    def _show_incident(self) -> None:
        self.incident = None
        if self.incident_id is not None:
            try:
                self.incident = store.get_incident(self._ops.ws, self.incident_id)
            except IncidentError:
                self.incident_id = None
        has = self.incident is not None
        self.tabs.setVisible(has)
        self.empty.setVisible(not has)
        self.empty.button.setVisible(not self.log.rowCount())
        self.delete_button.setEnabled(has and not self._ctx.read_only)
        for w in self._writable:
            w.setEnabled(has and not self._ctx.read_only)
        if self.incident is None or self._plan_id is None:
            return
        self._loading = True
        try:
            self._load(self.incident, self._plan_id)
        finally:
            self._loading = False

    def _load(self, i: Incident, plan_id: str) -> None:
        ws = self._ops.ws
        if clean_line(self.title.text()) != i.title:  # undo/redo, another incident
            _set_text(self.title, i.title)
        self.title_error.hide()
        scale = store.severities(ws, plan_id)
        self.severity.blockSignals(True)
        self.severity.clear()
        for level in scale:
            self.severity.addItem(level.name, level.name)
        if i.severity not in [lv.name for lv in scale]:
            self.severity.addItem(i.severity, i.severity)
        self.severity.blockSignals(False)
        _select(self.severity, i.severity)
        meaning = next((lv.meaning for lv in scale if lv.name == i.severity), "")
        self.severity_meaning.setText(meaning)
        _select(self.status, i.status.value)
        for column, edit in self.times.items():
            if not edit.hasFocus() or not self.time_errors[column].isVisible():
                _set_text(edit, format_timestamp(i.timestamp(column)))
                self.time_errors[column].hide()
        _select(self.impact_kind, i.impact_kind.value)
        for column, edit in self.numbers.items():
            value = getattr(i, column)
            _set_text(edit, "" if value is None else f"{value:g}")
        self.number_error.hide()
        for combo, values, current in (
            (self.trigger, store.triggers(ws, plan_id), i.trigger),
            (self.root_cause, store.root_cause_categories(ws, plan_id), i.root_cause_category),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(["", *values])
            combo.setCurrentText(current)
            combo.blockSignals(False)
        for widget, choices, chosen in (
            (self.slo_list, store.slo_choices(ws, plan_id), i.slo_ids),
            (self.component_list, store.component_choices(ws, plan_id), i.component_ids),
        ):
            widget.blockSignals(True)
            widget.clear()
            for rid, name in choices:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, rid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if rid in chosen else Qt.CheckState.Unchecked
                )
                widget.addItem(item)
            widget.blockSignals(False)
        self._show_budget(i, plan_id)
        _fill(self.responders, [(r.id, [r.name, r.role.label, r.side.label])
                                for r in i.responders])  # fmt: skip
        share = i.product_share
        self.participation.setText(
            "" if share is None else f"Product engineering: {share:.0f} % of the responders."
        )
        for column, text_edit in self.sections.items():
            stored = getattr(i, column)
            if clean_text(text_edit.toPlainText()) != clean_text(stored):
                _set_text(text_edit, stored)
        links = {c.key: c for c in catalog_choices(ws, plan_id)}
        _fill(self.factors, [(f.id, [f.text, links[f.catalog_key].label
                                     if f.catalog_key in links else f.catalog_key])
                             for f in i.factors])  # fmt: skip
        if self.factor_tag.count() == 0:
            self.factor_tag.addItem("(no catalog entry)", "")
            for c in links.values():
                self.factor_tag.addItem(f"{c.name} ({c.kind.lower()})", c.key)
        _fill(self.timeline, [(t.id, [format_timestamp(t.at), t.event, t.source,
                                      "★" if t.starred else ""])
                              for t in i.timeline])  # fmt: skip
        self._show_checks(i, plan_id)
        self.preview.show_markdown(
            "\n\n".join(
                f"### {label}\n\n{getattr(i, column)}"
                for column, label in SECTIONS
                if getattr(i, column).strip()
            )
        )
        self.preview.verticalScrollBar().setValue(0)
        self._show_lists(plan_id)
        self._draw_chart()
        targets = store.link_choices(ws, plan_id)
        names = {rid: text for kind in targets.values() for rid, text in kind}
        _fill(self.action_table, [(a.id, [a.title, a.kind.label, a.priority.value, a.owner,
                                     a.due.isoformat() if a.due else "", a.status.label,
                                     a.status_reason,
                                     names.get(a.checkpoint_id or a.finding_id or a.adr_id or "",
                                               "")])
                             for a in i.actions])  # fmt: skip
        self.action_link.blockSignals(True)
        self.action_link.clear()
        self.action_link.addItem("(nothing)", None)
        for kind, label in (("checkpoint", "Checklist"), ("finding", "Finding"), ("adr", "ADR")):
            for rid, text in targets[kind]:
                self.action_link.addItem(f"{label}: {text}", (kind, rid))
        self.action_link.blockSignals(False)

    def _show_budget(self, i: Incident, plan_id: str) -> None:
        from sreplan.slo.store import list_slos

        slos = {s.id: s for s in list_slos(self._ops.ws, plan_id)}
        spends = incident_spends(i, slos)
        lines = []
        for sp in spends:
            if sp.percent is None or sp.bad is None or sp.allowed is None:
                lines.append(f"{sp.slo_title}: cannot compute ({sp.note}).")
            else:
                lines.append(f"{sp.slo_title}: {sp.percent:.1f} % of the budget "
                             f"({sp.bad:,.1f} of {sp.allowed:,.1f} {sp.unit}).")  # fmt: skip
        linked = [slos[x] for x in i.slo_ids if x in slos]
        everyone = [self.log.summary(r).incident for r in range(self.log.rowCount())]
        for w in window_spends(everyone, linked):
            lines.append(f"Current window of {w.slo_title}: {w.percent:.1f} % spent by "
                         f"{', '.join(w.incidents) or 'no incident'}.")  # fmt: skip
        for step in triggered_steps(self._ops.ws, plan_id, spends):
            lines.append(f"Policy reached: {step}")
        check = postmortem_check(i, spends, postmortem_threshold(self._ops.ws, plan_id))
        if check.required:
            lines.append(check.message)
        self.budget.setText("\n".join(lines) or "Link an SLO to see the budget this spent.")
        self.budget.setStyleSheet(style(Tone.BAD, bold=True) if check.red else "")
        self.rule.setText(check.message or "No postmortem required by the error-budget policy.")
        self.rule.setStyleSheet(style(Tone.BAD, bold=True) if check.red else "")

    def _show_checks(self, i: Incident, plan_id: str) -> None:
        ws = self._ops.ws
        found = blameless.check(
            i, store.people(ws, plan_id), store.blame_phrases(ws, plan_id),
            store.dismissals(ws, i.id),
        )  # fmt: skip
        self.suggestions.clear()
        for s in found:
            item = QListWidgetItem(f"{s.message}\n“{s.sentence}”\n→ {s.question}")
            item.setData(Qt.ItemDataRole.UserRole, s.fingerprint)
            self.suggestions.addItem(item)
        if not found:
            self.suggestions.addItem(QListWidgetItem("No suggestions."))

    # Editing ----------------------------------------------------------------------

    def _run(self, edit: Any) -> bool:
        return bool(self._ops.run(edit))

    def _set(self, values: dict[str, Any], label: str, merge: bool = False) -> bool:
        if self._loading or self.incident_id is None or self._plan_id is None:
            return False
        return self._run(edits.set_fields(self.incident_id, self._plan_id, values, label,
                                          merge=merge))  # fmt: skip

    def add_incident(self) -> None:
        if self._plan_id is None:
            return
        title = clean_line(self.new_title.text()) or "New incident"
        edit = edits.new_incident(self._plan_id, title)
        if self._run(edit):
            self.new_title.clear()
            new_id = next(c.id for c in edit.changes or () if c.table == "incidents")
            self.incident_id = new_id
            self._reload_log()
            self._show_incident()
            self.tabs.setCurrentIndex(0)

    def delete_incident(self) -> None:
        if self.incident is None or self._plan_id is None:
            return
        self._run(edits.delete_incident(self.incident.id, self._plan_id, self.incident.number))

    def _title_edited(self, text: str) -> None:
        problem = title_error(text)
        self.title_error.setText(problem or "")
        self.title_error.setVisible(bool(problem))
        if not problem:
            self._set({"title": clean_line(text)}, "Edit Title", merge=True)

    def _time_edited(self, column: str) -> None:
        if self._loading or self.incident is None:
            return
        error = self.time_errors[column]
        try:
            value = parse_timestamp(self.times[column].text())
        except IncidentError as exc:
            error.setText(str(exc))
            error.show()
            return
        if value == self.incident.timestamp(column):
            error.hide()
            return
        values = {c: self.incident.timestamp(c) for c, _ in TIMESTAMPS}
        values[column] = value
        problem = order_error(values, column)
        if problem:
            error.setText(problem)
            error.show()
            return
        error.hide()
        self._set({column: to_stored(value)}, f"Change {dict(TIMESTAMPS)[column]}")

    def _number_edited(self, column: str, label: str) -> None:
        if self._loading or self.incident is None:
            return
        try:
            value = _number(self.numbers[column].text())
        except ValueError:
            self.number_error.setText(f"{label}: enter a number.")
            self.number_error.show()
            return
        if column == "impact_percent":
            problem = percent_error(value)
        else:
            problem = f"{label} cannot be negative." if value is not None and value < 0 else None
        if problem:
            self.number_error.setText(problem)
            self.number_error.show()
            return
        self.number_error.hide()
        if value != getattr(self.incident, column):
            self._set({column: value}, f"Change {label}")

    def _links_changed(self, widget: QListWidget, slos: bool) -> None:
        if self._loading or self.incident_id is None or self._plan_id is None:
            return
        ids = [
            str(widget.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(widget.count())
            if widget.item(r).checkState() == Qt.CheckState.Checked
        ]
        make = edits.set_slos if slos else edits.set_components
        self._run(make(self.incident_id, self._plan_id, ids))

    def _section_edited(self, column: str, label: str) -> None:
        if self._loading or self.incident is None:
            return
        text = self.sections[column].toPlainText()
        self._set({column: text}, f"Edit {label}", merge=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._ops.seal()
        return False

    def _child(self, make: Callable[[str, str], Any]) -> bool:
        if self.incident_id is None or self._plan_id is None:
            return False
        return self._run(make(self.incident_id, self._plan_id))

    def add_responder(self) -> None:
        name = clean_line(self.responder_name.text())
        if not name:
            return
        responder = Responder(name, ResponderRole(self.responder_role.currentData()),
                              Side(self.responder_side.currentData()))  # fmt: skip
        if self._child(lambda i, p: edits.add_responder(i, p, responder)):
            self.responder_name.clear()

    def add_factor(self) -> None:
        text = self.factor_text.text().strip()
        if not text:
            return
        factor = Factor(text, str(self.factor_tag.currentData() or ""))
        if self._child(lambda i, p: edits.add_factor(i, p, factor)):
            self.factor_text.clear()

    def add_timeline(self) -> None:
        event = clean_line(self.timeline_event.text())
        if not event:
            self.timeline_error.setText("A timeline entry needs an event.")
            self.timeline_error.show()
            return
        try:
            at = parse_timestamp(self.timeline_at.text())
        except IncidentError as exc:
            self.timeline_error.setText(str(exc))
            self.timeline_error.show()
            return
        self.timeline_error.hide()
        entry = TimelineEntry(at, event, clean_line(self.timeline_source.text()),
                              self.timeline_star.currentIndex() == 1)  # fmt: skip
        if self._child(lambda i, p: edits.add_timeline(i, p, entry)):
            for w in (self.timeline_at, self.timeline_event, self.timeline_source):
                w.clear()

    def dismiss_suggestion(self) -> None:
        item = self.suggestions.currentItem()
        fingerprint = item.data(Qt.ItemDataRole.UserRole) if item else None
        reason = self.dismiss_reason.text().strip()
        if not fingerprint or not reason:
            return
        if self._child(lambda i, p: edits.dismiss(i, p, str(fingerprint), reason)):
            self.dismiss_reason.clear()

    def _action_from_form(self) -> ActionItem | None:
        due_text = self.action_due.text().strip()
        try:
            due = date.fromisoformat(due_text) if due_text else None
        except ValueError:
            self.action_error.setText("Write the due date as YYYY-MM-DD.")
            self.action_error.show()
            return None
        link = self.action_link.currentData()
        kind, target = link if link else ("", None)
        action = ActionItem(
            clean_line(self.action_title.text()),
            ActionType(self.action_type.currentData()),
            Priority(self.action_priority.currentData()),
            clean_line(self.action_owner.text()),
            due,
            ActionStatus(self.action_status.currentData()),
            clean_line(self.action_reason.text()),
            checkpoint_id=target if kind == "checkpoint" else None,
            finding_id=target if kind == "finding" else None,
            adr_id=target if kind == "adr" else None,
        )
        problem = store.action_error(action)
        self.action_error.setText(problem or "")
        self.action_error.setVisible(bool(problem))
        return None if problem else action

    def add_action(self) -> None:
        action = self._action_from_form()
        if action is not None and self._child(lambda i, p: edits.add_action(i, p, action)):
            self.action_title.clear()
            self.action_reason.clear()

    def update_action(self) -> None:
        ids = _selected_ids(self.action_table)
        action = self._action_from_form()
        if not ids or action is None or self._plan_id is None:
            return
        self._run(edits.update_action(ids[0], self._plan_id, action))

    def _action_selected(self) -> None:
        ids = _selected_ids(self.action_table)
        if not ids or self.incident is None:
            return
        action = next((a for a in self.incident.actions if a.id == ids[0]), None)
        if action is None:
            return
        self.action_title.setText(action.title)
        _select(self.action_type, action.kind.value)
        _select(self.action_priority, action.priority.value)
        self.action_owner.setText(action.owner)
        self.action_due.setText(action.due.isoformat() if action.due else "")
        _select(self.action_status, action.status.value)
        self.action_reason.setText(action.status_reason)
        target = action.checkpoint_id or action.finding_id or action.adr_id
        for r in range(self.action_link.count()):
            data = self.action_link.itemData(r)
            if (data is None and target is None) or (data and data[1] == target):
                self.action_link.setCurrentIndex(r)
                break

    def _delete(self, table: QTableWidget, name: str, label: str) -> None:
        ids = _selected_ids(table)
        if ids and self._plan_id is not None:
            self._run(edits.delete_rows(name, ids, self._plan_id, label))


__all__ = ["IncidentsEditor", "catalog_link"]
