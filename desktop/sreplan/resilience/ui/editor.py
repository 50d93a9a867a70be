"""The Resilience section: Recovery, Experiments and Rollouts tabs.

Tables are models over record ids filled from the one assessment (resilience.assess);
every change goes through resilience.edits, so it is one undoable step, and the
section refreshes from the file after any change, undo included.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.durations import format_seconds
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id
from sreplan.resilience import edits, store
from sreplan.resilience.assess import Assessment, assess
from sreplan.resilience.model import (
    BlastUnit,
    CheckKind,
    Drill,
    Experiment,
    Outcome,
    RecoveryObjective,
    Replication,
    ResilienceError,
    RestoreTest,
    RolloutPlan,
    RolloutStep,
    Scenario,
    Strategy,
    parse_span,
    restore_passed,
    rollout_errors,
)
from sreplan.ui.fields import SpinBox, error_label, fill_choices, plain_label
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.views import TableView, fit_columns, two_lines

_Index = QModelIndex | QPersistentModelIndex
TABLES = frozenset({*edits.OBJECTIVE_TABLES, *edits.EXPERIMENT_TABLES, *edits.ROLLOUT_TABLES,
                    "components", "slos", "slis", "alert_policy_rules", "checkpoints"})
RECOVERY_CHECKS = {CheckKind.UNREACHABLE, CheckKind.SLOW_RESTORE, CheckKind.NO_RESTORE_TEST,
                   CheckKind.NO_OBJECTIVES, CheckKind.NO_ZONE_DRILL, CheckKind.RPO_OVER_RTO}
EXPERIMENT_CHECKS = {CheckKind.EXPERIMENT_DEVIATED, CheckKind.EVIDENCE_NOT_HELD}


def _s(value: float | None) -> str:
    return "—" if value is None else ("0 s" if value == 0 else format_seconds(value))


class RowsModel(QAbstractTableModel):
    """Rows (record id, cells) computed elsewhere; editable columns call ``on_edit``."""

    def __init__(self, headers: Sequence[str], editable: Sequence[int] = (),
                 on_edit: Callable[[str, int, str], bool] | None = None) -> None:
        super().__init__()
        self.headers = list(headers)
        self.editable = set(editable)
        self.on_edit = on_edit
        self.ids: list[str] = []
        self.cells: list[list[str]] = []
        self.edit_values: list[list[str]] = []

    def set_rows(self, rows: Sequence[tuple[str, Sequence[str]]],
                 edit_values: Sequence[Sequence[str]] | None = None) -> None:
        self.beginResetModel()
        self.ids = [r[0] for r in rows]
        self.cells = [list(r[1]) for r in rows]
        self.edit_values = [list(v) for v in edit_values] if edit_values else self.cells
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return two_lines(self.headers[section])  # narrow columns for short figures
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in self.editable and self.on_edit is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_values[index.row()][index.column()]
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.on_edit is None or not index.isValid():
            return False
        return self.on_edit(self.ids[index.row()], index.column(), str(value))


def _table(model: RowsModel, name: str) -> QTableView:
    view = TableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    # Names and prose share the width and elide (tooltips hold them); figures, dates and
    # choices fit their content, so the table needs no sideways scrolling.
    fit_columns(view, stretch=tuple(
        i for i, title in enumerate(model.headers) if title in _FREE_TEXT
    ))
    view.horizontalHeader().setMaximumSectionSize(280)
    view.setWordWrap(False)
    return view


_FREE_TEXT = {
    "For", "Backup method", "Restored", "Result", "Component", "Scenario", "Notes",
    "Experiment", "SLO", "Fault", "Targets", "Observations", "Finding", "Rollout", "Analysis",
}


def _selected_id(view: QTableView, model: RowsModel) -> str | None:
    rows = view.selectionModel().selectedRows()
    return model.ids[rows[0].row()] if rows else None


def _select(view: QTableView, model: RowsModel, record_id: str | None) -> None:
    if record_id in model.ids:
        view.selectRow(model.ids.index(record_id or ""))


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    return combo


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    return edit


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def _optional_span(text: str, what: str) -> int | None:
    return parse_span(text, what) if text.strip() else None


def _optional_percent(text: str, what: str) -> float | None:
    text = text.strip().removesuffix("%").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise ResilienceError(f"{what}: {text!r} is not a number") from exc


def _fill(combo: QComboBox, items: Sequence[tuple[Any, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for key, label in items:
        combo.addItem(label, key)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else (0 if combo.count() else -1))
    combo.blockSignals(False)


def _checks_list(name: str) -> QListWidget:
    box = QListWidget()
    box.setAccessibleName(name)
    box.setWordWrap(True)
    box.setMaximumHeight(130)
    return box


def _page(left: QWidget, right: QWidget) -> QSplitter:
    split = QSplitter(Qt.Orientation.Horizontal)
    scroll = QScrollArea()
    scroll.setWidget(right)
    scroll.setWidgetResizable(True)
    scroll.setMinimumWidth(340)
    split.addWidget(left)
    split.addWidget(scroll)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    split.setSizes([620, 340])  # the tables keep the width; the forms scroll
    return split


def _group(title: str, rows: Sequence[tuple[str, QWidget]], button: QPushButton,
           error: QLabel) -> QGroupBox:
    box = QGroupBox(title)
    form = QFormLayout(box)
    for label, widget in rows:
        form.addRow(label, widget)
    form.addRow(error)
    form.addRow(button)
    return box


class ResilienceEditor(QTabWidget):
    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.ops = ctx.ops
        self.plan_id: str | None = None
        self.assessment: Assessment | None = None
        self._canvas: Any = None
        self.addTab(self._recovery_page(), "&Recovery")
        self.addTab(self._experiments_page(), "E&xperiments")
        self.addTab(self._rollouts_page(), "R&ollouts")
        # Refresh on the next turn of the event loop: a change made from a table cell must
        # not reset that table while its editor is still committing.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.ops.changed.connect(self._changed)
        for button in self.findChildren(QPushButton):
            button.setEnabled(not ctx.read_only)

    # Plumbing ---------------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        self.refresh()

    def _changed(self, change: Change) -> None:
        if change.plan_id in (None, self.plan_id) or change.touches(*TABLES):
            self._refresh_timer.start()

    def _run(self, edit: Edit, error: QLabel | None = None) -> bool:
        if error is not None:
            error.hide()
        return self.ops.run(edit)

    def _fail(self, error: QLabel, message: str) -> None:
        error.setText(message)
        error.show()

    def refresh(self) -> None:
        if self.plan_id is None:
            return
        ws, plan = self.ops.ws, self.plan_id
        a = self.assessment = assess(ws, plan, date.today())
        components = list(store.component_names(ws, plan).items())
        slos = store.slo_choices(ws, plan)
        self._refresh_recovery(a, components)
        self._refresh_experiments(a, components, slos)
        self._refresh_rollouts(a, components, slos)

    # Recovery ---------------------------------------------------------------------------

    def _recovery_page(self) -> QWidget:
        left = QWidget()
        layout = QVBoxLayout(left)
        self.objectives = RowsModel(
            ["For", "RPO", "Reachable RPO", "RTO", "Backup method", "Backup every",
             "Replication", "Replication lag"], editable=(1, 3, 4, 5, 6, 7),
            on_edit=self._edit_objective)
        self.objective_view = _table(self.objectives, "Recovery objectives")
        self.remove_objective_button = QPushButton("Remove objectives")
        self.remove_objective_button.clicked.connect(self.remove_objective)
        self.tests = RowsModel(["Date", "For", "Restored", "Time to restore", "Data lost",
                                "Result"])
        self.test_view = _table(self.tests, "Restore tests")
        self.drills = RowsModel(["Date", "Component", "Scenario", "Recovery time", "Notes"])
        self.drill_view = _table(self.drills, "DR drills")
        self.recovery_checks = _checks_list("Failing recovery checks")
        policy = QHBoxLayout()
        self.policy_days = SpinBox("Restore-test policy", 1, 3650)
        self.policy_days.setSuffix(" days")
        self.policy_days.editingFinished.connect(self._policy_edited)
        policy.addWidget(plain_label("Restore test at least every"))
        policy.addWidget(self.policy_days)
        policy.addStretch(1)
        policy.addWidget(self.remove_objective_button)
        layout.addWidget(plain_label("Recovery objectives (double-click a value to change it)"))
        layout.addWidget(self.objective_view, 2)
        layout.addLayout(policy)
        self.remove_test_button = QPushButton("Remove restore test")
        self.remove_test_button.clicked.connect(self.remove_restore_test)
        self.remove_drill_button = QPushButton("Remove drill")
        self.remove_drill_button.clicked.connect(self.remove_drill)
        layout.addLayout(_titled("Restore tests", self.remove_test_button))
        layout.addWidget(self.test_view, 1)
        layout.addLayout(_titled("DR drills", self.remove_drill_button))
        layout.addWidget(self.drill_view, 1)
        layout.addWidget(plain_label("Failing checks"))
        layout.addWidget(self.recovery_checks)

        right = QWidget()
        rlayout = QVBoxLayout(right)
        self.obj_component = _combo("Objectives for")
        self.obj_rpo = _line("RPO target", "e.g. 5m")
        self.obj_rto = _line("RTO target", "e.g. 1h")
        self.obj_method = _line("Backup method", "e.g. nightly snapshots")
        self.obj_interval = _line("Backup interval", "e.g. 24h")
        self.obj_replication = _combo("Replication")
        fill_choices(self.obj_replication, Replication)
        self.obj_lag = _line("Replication lag", "e.g. 30s")
        self.obj_error = error_label()
        self.policy_days.refused.connect(lambda message: self._fail(self.obj_error, message))
        self.add_objective_button = QPushButton("Add objectives")
        self.add_objective_button.clicked.connect(self.add_objective)
        rlayout.addWidget(_group("New recovery objectives", [
            ("For", self.obj_component), ("RPO target", self.obj_rpo),
            ("RTO target", self.obj_rto), ("Backup method", self.obj_method),
            ("Backup interval", self.obj_interval), ("Replication", self.obj_replication),
            ("Replication lag", self.obj_lag)], self.add_objective_button, self.obj_error))
        self.test_objective = _combo("Restore test of")
        self.test_date = _date_edit("Restore test date")
        self.test_restored = _line("What was restored")
        self.test_time = _line("Time to restore", "e.g. 2h10m")
        self.test_lost = _line("Data lost", "e.g. 90s (empty: none measured)")
        self.test_error = error_label()
        self.log_test_button = QPushButton("Log restore test")
        self.log_test_button.clicked.connect(self.log_restore_test)
        rlayout.addWidget(_group("Log a restore test", [
            ("Objectives", self.test_objective), ("Date", self.test_date),
            ("Restored", self.test_restored), ("Time to restore", self.test_time),
            ("Data lost", self.test_lost)], self.log_test_button, self.test_error))
        self.drill_component = _combo("Drill component")
        self.drill_scenario = _combo("Drill scenario")
        fill_choices(self.drill_scenario, Scenario)
        self.drill_date = _date_edit("Drill date")
        self.drill_time = _line("Measured recovery time", "e.g. 9m")
        self.drill_notes = _line("Drill notes")
        self.drill_error = error_label()
        self.log_drill_button = QPushButton("Log drill")
        self.log_drill_button.clicked.connect(self.log_drill)
        rlayout.addWidget(_group("Log a DR drill", [
            ("Component", self.drill_component), ("Scenario", self.drill_scenario),
            ("Date", self.drill_date), ("Recovery time", self.drill_time),
            ("Notes", self.drill_notes)], self.log_drill_button, self.drill_error))
        rlayout.addStretch(1)
        return _page(left, right)

    def _refresh_recovery(self, a: Assessment, components: list[tuple[str, str]]) -> None:
        selected = _selected_id(self.objective_view, self.objectives)
        rows, values = [], []
        for v in a.objectives:
            o = v.objective
            lag = o.replication_lag_seconds
            interval = o.backup_interval_seconds
            rows.append((o.id, [v.subject, _s(o.rpo_seconds), _s(v.reachable_rpo),
                                _s(o.rto_seconds), o.backup_method, _s(interval),
                                o.replication.label, _s(lag)]))
            values.append([v.subject, _span(o.rpo_seconds), "", _span(o.rto_seconds),
                           o.backup_method, _span(interval), o.replication.label, _span(lag)])
        self.objectives.set_rows(rows, values)
        _select(self.objective_view, self.objectives, selected)
        by_objective = {v.objective.id: v for v in a.objectives}
        tests = store.list_restore_tests(self.ops.ws, self.plan_id or "")
        self.tests.set_rows([
            (t.id, [t.tested_on.isoformat(), by_objective[t.objective_id].subject, t.restored,
                    _s(t.restore_seconds), _s(t.data_lost_seconds),
                    "Pass" if restore_passed(t, by_objective[t.objective_id].objective)
                    else "Fail"])
            for t in tests if t.objective_id in by_objective])
        names = dict(components)
        self.drills.set_rows([
            (d.id, [d.held_on.isoformat(), names.get(d.component_id or "", "The plan"),
                    d.scenario.label, _s(d.recovery_seconds), d.notes])
            for d in store.list_drills(self.ops.ws, self.plan_id or "")])
        _fill_checks(self.recovery_checks, [c for c in a.failing if c.kind in RECOVERY_CHECKS])
        self.policy_days.blockSignals(True)
        self.policy_days.setValue(a.policy_days)
        self.policy_days.blockSignals(False)
        covered = {v.objective.component_id for v in a.objectives}
        stateful = {c.id for c in store.component_facts(self.ops.ws, self.plan_id or "")
                    if c.stateful}
        uncovered = [(c, n) for c, n in components if c not in covered]
        uncovered.sort(key=lambda item: item[0] not in stateful)  # stateful ones first
        _fill(self.obj_component, uncovered
              + ([("", "The plan as a whole")] if None not in covered else []))
        _fill(self.test_objective, [(v.objective.id, v.subject) for v in a.objectives])
        _fill(self.drill_component, [*components, ("", "The plan as a whole")])

    def add_objective(self) -> bool:
        if self.plan_id is None or self.obj_component.currentIndex() < 0:
            self._fail(self.obj_error, "Choose what the objectives are for.")
            return False
        try:
            rpo = parse_span(self.obj_rpo.text(), "RPO target")
            rto = parse_span(self.obj_rto.text(), "RTO target")
            interval = _optional_span(self.obj_interval.text(), "Backup interval")
            lag = _optional_span(self.obj_lag.text(), "Replication lag")
        except ResilienceError as exc:
            self._fail(self.obj_error, str(exc))
            return False
        component = self.obj_component.currentData() or None
        o = RecoveryObjective(
            new_id(), self.plan_id, component, rpo, rto, self.obj_method.text().strip(),
            interval, Replication(self.obj_replication.currentData()), lag)
        if not self._run(edits.add_objective(o, self.obj_component.currentText()),
                         self.obj_error):
            return False
        for edit in (self.obj_rpo, self.obj_rto, self.obj_method, self.obj_interval,
                     self.obj_lag):
            edit.clear()
        return True

    def _edit_objective(self, objective_id: str, column: int, text: str) -> bool:
        field = {1: "rpo_seconds", 3: "rto_seconds", 4: "backup_method",
                 5: "backup_interval_seconds", 6: "replication",
                 7: "replication_lag_seconds"}[column]
        label = self.objectives.headers[column]
        try:
            value: Any
            if field == "backup_method":
                value = text.strip()
            elif field == "replication":
                value = Replication.parse(text).value
            elif field in ("rpo_seconds", "rto_seconds"):
                value = parse_span(text, label)
            else:
                value = _optional_span(text, label)
        except (ResilienceError, ValueError) as exc:
            self.ops.failed.emit(str(exc))
            return False
        return self._run(edits.update_objective(self.plan_id or "", objective_id,
                                                {field: value}))

    def remove_objective(self) -> None:
        selected = _selected_id(self.objective_view, self.objectives)
        if selected is not None:
            self._run(edits.delete(self.plan_id or "", "recovery_objectives", [selected],
                                   "recovery objectives"))

    def remove_restore_test(self) -> None:
        selected = _selected_id(self.test_view, self.tests)
        if selected is not None:
            self._run(edits.delete(self.plan_id or "", "restore_tests", [selected],
                                   "restore test"))

    def remove_drill(self) -> None:
        selected = _selected_id(self.drill_view, self.drills)
        if selected is not None:
            self._run(edits.delete(self.plan_id or "", "dr_drills", [selected], "DR drill"))

    def _policy_edited(self) -> None:
        if self.assessment and self.policy_days.value() != self.assessment.policy_days:
            self._run(edits.set_policy_days(self.plan_id or "", self.policy_days.value()))

    def log_restore_test(self) -> bool:
        if self.test_objective.currentIndex() < 0:
            self._fail(self.test_error, "Add recovery objectives first: a restore test is "
                       "judged against them.")
            return False
        try:
            seconds = parse_span(self.test_time.text(), "Time to restore")
            lost_text = self.test_lost.text().strip()
            lost = 0 if lost_text in ("0", "0s") else _optional_span(lost_text, "Data lost")
        except ResilienceError as exc:
            self._fail(self.test_error, str(exc))
            return False
        t = RestoreTest(new_id(), self.plan_id or "", self.test_objective.currentData(),
                        _day(self.test_date), self.test_restored.text().strip(), seconds, lost)
        if not self._run(edits.add_restore_test(t), self.test_error):
            return False
        for edit in (self.test_restored, self.test_time, self.test_lost):
            edit.clear()
        return True

    def log_drill(self) -> bool:
        try:
            seconds = _optional_span(self.drill_time.text(), "Recovery time")
        except ResilienceError as exc:
            self._fail(self.drill_error, str(exc))
            return False
        d = Drill(new_id(), self.plan_id or "", self.drill_component.currentData() or None,
                  Scenario(self.drill_scenario.currentData()), _day(self.drill_date), seconds,
                  self.drill_notes.text().strip())
        if not self._run(edits.add_drill(d), self.drill_error):
            return False
        self.drill_time.clear()
        self.drill_notes.clear()
        return True

    # Experiments ------------------------------------------------------------------------

    def _experiments_page(self) -> QWidget:
        left = QWidget()
        layout = QVBoxLayout(left)
        self.experiments = RowsModel(["Experiment", "SLO", "Fault", "Targets", "Blast radius",
                                      "Latest run", "Worst case"], editable=(0, 2),
                                     on_edit=self._edit_experiment)
        self.experiment_view = _table(self.experiments, "Chaos experiments")
        self.experiment_view.selectionModel().selectionChanged.connect(self._show_experiment)
        self.experiment_detail = plain_label()
        self.experiment_detail.setWordWrap(True)
        self.experiment_detail.setAccessibleName("Experiment abort condition")
        self.runs = RowsModel(["Date", "Experiment", "Result", "Budget spent", "Observations",
                               "Finding"])
        self.run_view = _table(self.runs, "Experiment runs")
        self.remove_experiment_button = QPushButton("Remove experiment")
        self.remove_experiment_button.clicked.connect(self.remove_experiment)
        self.experiment_checks = _checks_list("Failing experiment checks")
        row = QHBoxLayout()
        row.addWidget(plain_label("Experiments"))
        row.addStretch(1)
        row.addWidget(self.remove_experiment_button)
        layout.addLayout(row)
        layout.addWidget(self.experiment_view, 2)
        layout.addWidget(self.experiment_detail)
        layout.addWidget(plain_label("Runs"))
        layout.addWidget(self.run_view, 1)
        layout.addWidget(plain_label("Failing checks"))
        layout.addWidget(self.experiment_checks)

        right = QWidget()
        rlayout = QVBoxLayout(right)
        self.exp_title = _line("Experiment title")
        self.exp_hypothesis = _line("Hypothesis", "Checkout keeps its SLO while …")
        self.exp_slo = _combo("Steady state SLO")
        self.exp_tolerance = _line("Tolerance", "e.g. error ratio ≤ 0.1 % over 5 min")
        self.exp_fault = _combo("Fault")
        self.exp_fault.setEditable(True)
        self.exp_targets = QListWidget()
        self.exp_targets.setAccessibleName("Target components")
        self.exp_targets.setMaximumHeight(110)
        self.exp_environment = _line("Environment", "e.g. staging")
        self.exp_blast = _line("Blast radius (%)", "e.g. 5")
        self.exp_unit = _combo("Blast radius of")
        fill_choices(self.exp_unit, BlastUnit)
        self.exp_abort = _line("Abort at budget share (%)")
        self.exp_abort.setText("5")
        self.exp_duration = _line("Duration", "e.g. 30m")
        self.exp_schedule = _line("Schedule", "e.g. quarterly")
        self.exp_owner = _line("Experiment owner")
        self.exp_error = error_label()
        self.add_experiment_button = QPushButton("Add experiment")
        self.add_experiment_button.clicked.connect(self.add_experiment)
        rlayout.addWidget(_group("New experiment", [
            ("Title", self.exp_title), ("Hypothesis", self.exp_hypothesis),
            ("Steady state (SLO)", self.exp_slo), ("Tolerance", self.exp_tolerance),
            ("Fault", self.exp_fault), ("Targets", self.exp_targets),
            ("Environment", self.exp_environment), ("Blast radius (%)", self.exp_blast),
            ("Of", self.exp_unit), ("Abort at budget (%)", self.exp_abort),
            ("Duration", self.exp_duration), ("Schedule", self.exp_schedule),
            ("Owner", self.exp_owner)], self.add_experiment_button, self.exp_error))
        self.run_outcome = _combo("Run result")
        fill_choices(self.run_outcome, Outcome)
        self.run_date = _date_edit("Run date")
        self.run_observations = _line("Observations")
        self.run_budget = _line("Budget spent (%)")
        self.run_antipattern = _combo("Antipattern exposed")
        self.run_error = error_label()
        self.record_run_button = QPushButton("Record run of the selected experiment")
        self.record_run_button.clicked.connect(self.record_run)
        rlayout.addWidget(_group("Record a run", [
            ("Result", self.run_outcome), ("Date", self.run_date),
            ("Observations", self.run_observations), ("Budget spent (%)", self.run_budget),
            ("Antipattern", self.run_antipattern)], self.record_run_button, self.run_error))
        self.evidence_checkpoint = _combo("Checkpoint")
        self.evidence_error = error_label()
        self.evidence_button = QPushButton("Make the selected experiment its evidence")
        self.evidence_button.clicked.connect(self.link_evidence)
        rlayout.addWidget(_group("Checklist evidence", [
            ("Checkpoint", self.evidence_checkpoint)], self.evidence_button,
            self.evidence_error))
        rlayout.addStretch(1)
        return _page(left, right)

    def _refresh_experiments(self, a: Assessment, components: list[tuple[str, str]],
                             slos: list[tuple[str, str]]) -> None:
        selected = _selected_id(self.experiment_view, self.experiments)
        rows = []
        for v in a.experiments:
            e = v.experiment
            last = (f"{v.last_run.ran_on}: {v.last_run.outcome.label}" if v.last_run
                    else "never run")
            blast = (f"{e.blast_percent:g} % {e.blast_unit.label}"
                     if e.blast_percent is not None else "—")
            worst = (f"{v.worst_case_percent:.1f} % of budget"
                     if v.worst_case_percent is not None else "—")
            rows.append((e.id, [e.title, v.slo.name if v.slo else "—", e.fault or "—",
                                ", ".join(v.targets) or "—", blast, last, worst]))
        self.experiments.set_rows(rows)
        _select(self.experiment_view, self.experiments, selected)
        titles = {v.experiment.id: v.experiment.title for v in a.experiments}
        self.runs.set_rows([
            (r.id, [r.ran_on.isoformat(), titles.get(r.experiment_id, "?"), r.outcome.label,
                    "—" if r.budget_spent is None else f"{r.budget_spent:g} %",
                    r.observations, "created" if r.finding_id else ""])
            for r in store.list_runs(self.ops.ws, self.plan_id or "")])
        _fill_checks(self.experiment_checks,
                     [c for c in a.failing if c.kind in EXPERIMENT_CHECKS])
        _fill(self.exp_slo, [("", "No SLO"), *slos])
        _fill(self.exp_fault, [(f, f) for f in store.fault_catalog(self.ops.ws,
                                                                    self.plan_id or "")])
        checked = {self.exp_targets.item(i).data(Qt.ItemDataRole.UserRole)
                   for i in range(self.exp_targets.count())
                   if self.exp_targets.item(i).checkState() == Qt.CheckState.Checked}
        self.exp_targets.clear()
        for cid, name in components:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if cid in checked
                               else Qt.CheckState.Unchecked)
            self.exp_targets.addItem(item)
        _fill(self.run_antipattern, [("", "None"), *store.antipattern_choices(
            self.ops.ws, self.plan_id or "")])
        _fill(self.evidence_checkpoint, store.checkpoint_choices(self.ops.ws, self.plan_id or ""))
        self._show_experiment()

    def _show_experiment(self, *_: object) -> None:
        selected = _selected_id(self.experiment_view, self.experiments)
        view = next((v for v in (self.assessment.experiments if self.assessment else ())
                     if v.experiment.id == selected), None)
        if view is None:
            self.experiment_detail.setText("Select an experiment to see its abort condition.")
        elif view.abort is None:
            self.experiment_detail.setText(
                f"{view.experiment.title}: tie it to an SLO to get an abort condition.")
        else:
            self.experiment_detail.setText(
                f"{view.experiment.title}: {view.abort.text()} "
                f"(abort share {view.experiment.abort_budget_percent:g} %).")

    def add_experiment(self) -> bool:
        title = self.exp_title.text().strip()
        if not title:
            self._fail(self.exp_error, "An experiment needs a title.")
            return False
        try:
            blast = _optional_percent(self.exp_blast.text(), "Blast radius")
            abort = _optional_percent(self.exp_abort.text(), "Abort budget share")
            duration = _optional_span(self.exp_duration.text(), "Duration")
        except ResilienceError as exc:
            self._fail(self.exp_error, str(exc))
            return False
        targets = tuple(
            self.exp_targets.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.exp_targets.count())
            if self.exp_targets.item(i).checkState() == Qt.CheckState.Checked)
        e = Experiment(
            new_id(), self.plan_id or "", title, hypothesis=self.exp_hypothesis.text().strip(),
            slo_id=self.exp_slo.currentData() or None,
            tolerance=self.exp_tolerance.text().strip(),
            fault=self.exp_fault.currentText().strip(),
            environment=self.exp_environment.text().strip(), blast_percent=blast,
            blast_unit=BlastUnit(self.exp_unit.currentData()),
            abort_budget_percent=abort if abort is not None else 5.0,
            duration_seconds=duration, schedule=self.exp_schedule.text().strip(),
            owner=self.exp_owner.text().strip(), target_ids=targets)
        problems = [p for p in _experiment_problems(e)]
        if problems:
            self._fail(self.exp_error, problems[0] + ".")
            return False
        fault = e.fault
        if fault and fault not in store.fault_catalog(self.ops.ws, self.plan_id or ""):
            # a fault typed here joins the plan's catalog in the same undo step
            if not self._run(_combined("Add experiment", [
                    edits.add_fault(self.plan_id or "", fault), edits.add_experiment(e)]),
                    self.exp_error):
                return False
        elif not self._run(edits.add_experiment(e), self.exp_error):
            return False
        for edit in (self.exp_title, self.exp_hypothesis, self.exp_tolerance, self.exp_blast,
                     self.exp_duration):
            edit.clear()
        _select(self.experiment_view, self.experiments, e.id)
        return True

    def _edit_experiment(self, experiment_id: str, column: int, text: str) -> bool:
        field = "title" if column == 0 else "fault"
        if field == "title" and not text.strip():
            self.ops.failed.emit("An experiment needs a title.")
            return False
        return self._run(edits.update_experiment(self.plan_id or "", experiment_id,
                                                 {field: text.strip()}))

    def _edit_rollout(self, rollout_id: str, column: int, text: str) -> bool:
        if not text.strip():
            self.ops.failed.emit("A rollout plan needs a name.")
            return False
        return self._run(edits.update_rollout(self.plan_id or "", rollout_id,
                                              {"name": text.strip()}))

    def remove_experiment(self) -> None:
        selected = _selected_id(self.experiment_view, self.experiments)
        if selected is not None:
            self._run(edits.delete(self.plan_id or "", "experiments", [selected], "experiment"))

    def record_run(self) -> bool:
        selected = _selected_id(self.experiment_view, self.experiments)
        if selected is None:
            self._fail(self.run_error, "Select the experiment that was run.")
            return False
        try:
            spent = _optional_percent(self.run_budget.text(), "Budget spent")
        except ResilienceError as exc:
            self._fail(self.run_error, str(exc))
            return False
        if spent is not None and spent < 0:
            self._fail(self.run_error, "Budget spent cannot be negative.")
            return False
        outcome = Outcome(self.run_outcome.currentData())
        run = store.RunInput(selected, _day(self.run_date), outcome,
                             self.run_observations.text().strip(), spent,
                             self.run_antipattern.currentData() or ""
                             if outcome is Outcome.DEVIATED else "")
        if not self._run(edits.record_run(self.plan_id or "", run), self.run_error):
            return False
        self.run_observations.clear()
        self.run_budget.clear()
        return True

    def link_evidence(self) -> bool:
        selected = _selected_id(self.experiment_view, self.experiments)
        checkpoint = self.evidence_checkpoint.currentData()
        if selected is None or not checkpoint:
            self._fail(self.evidence_error, "Select an experiment and a checkpoint.")
            return False
        return self._run(edits.set_evidence(self.plan_id or "", checkpoint, selected),
                         self.evidence_error)

    # Rollouts ---------------------------------------------------------------------------

    def _rollouts_page(self) -> QWidget:
        left = QWidget()
        layout = QVBoxLayout(left)
        self.rollouts = RowsModel(["Rollout", "Component", "Strategy", "Steps", "Total time",
                                   "Budget at risk", "Stopped at"], editable=(0,),
                                  on_edit=self._edit_rollout)
        self.rollout_view = _table(self.rollouts, "Rollout plans")
        self.rollout_view.selectionModel().selectionChanged.connect(self._show_rollout)
        self.steps = RowsModel(["Traffic (%)", "Bake", "Manual gate", "Analysis"],
                               editable=(0, 1, 2), on_edit=self._edit_step)
        self.step_view = _table(self.steps, "Rollout steps")
        self.remove_rollout_button = QPushButton("Remove rollout plan")
        self.remove_rollout_button.clicked.connect(self.remove_rollout)
        self.remove_step_button = QPushButton("Remove step")
        self.remove_step_button.clicked.connect(self.remove_step)
        self.rollout_detail = plain_label()
        self.rollout_detail.setWordWrap(True)
        self.rollout_detail.setAccessibleName("Rollout criteria and warnings")
        self.chart_holder = QWidget()
        self.chart_holder.setMinimumHeight(220)
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(0)
        self._chart_timer.timeout.connect(self._draw_chart)
        row = QHBoxLayout()
        row.addWidget(plain_label("Rollout plans"))
        row.addStretch(1)
        row.addWidget(self.remove_rollout_button)
        layout.addLayout(row)
        layout.addWidget(self.rollout_view, 1)
        steps_row = QHBoxLayout()
        steps_row.addWidget(plain_label("Steps of the selected plan (double-click to change)"))
        steps_row.addStretch(1)
        steps_row.addWidget(self.remove_step_button)
        layout.addLayout(steps_row)
        layout.addWidget(self.step_view, 1)
        layout.addWidget(self.chart_holder, 2)
        layout.addWidget(self.rollout_detail)

        right = QWidget()
        rlayout = QVBoxLayout(right)
        self.ro_name = _line("Rollout name")
        self.ro_component = _combo("Rollout component")
        self.ro_strategy = _combo("Strategy")
        fill_choices(self.ro_strategy, Strategy)
        self.ro_slo = _combo("Analysis SLO")
        self.ro_method = _line("Rollback method", "e.g. abort: traffic back to stable")
        self.ro_rollback = _line("Rollback time", "e.g. 2m")
        self.ro_failure = _line("Failure ratio of a bad version (%)")
        self.ro_failure.setText("100")
        self.ro_error = error_label()
        self.add_rollout_button = QPushButton("Add rollout plan")
        self.add_rollout_button.clicked.connect(self.add_rollout)
        rlayout.addWidget(_group("New rollout plan", [
            ("Name", self.ro_name), ("Component", self.ro_component),
            ("Strategy", self.ro_strategy), ("Analysis SLO", self.ro_slo),
            ("Rollback method", self.ro_method), ("Rollback time", self.ro_rollback),
            ("Bad version fails (%)", self.ro_failure)], self.add_rollout_button,
            self.ro_error))
        self.step_traffic = _line("Step traffic (%)", "e.g. 25")
        self.step_bake = _line("Step bake time", "e.g. 30m")
        self.step_gate = QCheckBox("Wait for a person to promote")
        self.step_gate.setAccessibleName("Manual gate")
        self.step_error = error_label()
        self.add_step_button = QPushButton("Add step to the selected plan")
        self.add_step_button.clicked.connect(self.add_step)
        rlayout.addWidget(_group("New step", [
            ("Traffic (%)", self.step_traffic), ("Bake time", self.step_bake),
            ("Manual gate", self.step_gate)], self.add_step_button, self.step_error))
        rlayout.addStretch(1)
        return _page(left, right)

    def _refresh_rollouts(self, a: Assessment, components: list[tuple[str, str]],
                          slos: list[tuple[str, str]]) -> None:
        selected = _selected_id(self.rollout_view, self.rollouts)
        rows = []
        for v in a.rollouts:
            pct = (f" ({v.risk.percent_of_remaining:.1f} %)"
                   if v.risk.percent_of_remaining is not None else "")
            rows.append((v.rollout.id, [
                v.rollout.name, v.component, v.rollout.strategy.label,
                str(len(v.rollout.steps)), _s(v.total_seconds),
                _s(v.risk.bad_seconds) + pct,
                f"step {v.risk.caught_at_step}" if v.risk.caught_at_step else "nothing stops it"]))
        self.rollouts.set_rows(rows)
        _select(self.rollout_view, self.rollouts, selected)
        if selected is None and self.rollouts.ids:
            self.rollout_view.selectRow(0)
        _fill(self.ro_component, components)
        _fill(self.ro_slo, [("", "No SLO"), *slos])
        self._show_rollout()

    def _current_rollout(self) -> RolloutPlan | None:
        selected = _selected_id(self.rollout_view, self.rollouts)
        for v in self.assessment.rollouts if self.assessment else ():
            if v.rollout.id == selected:
                return v.rollout
        return None

    def _show_rollout(self, *_: object) -> None:
        r = self._current_rollout()
        self.steps.set_rows(
            [(str(n), [f"{s.traffic_percent:g}", _s(s.bake_seconds),
                       "yes" if s.manual_gate else "no", "yes" if s.analysis else ""])
             for n, s in enumerate(r.steps)] if r else [],
            [[f"{s.traffic_percent:g}", _span(s.bake_seconds),
              "yes" if s.manual_gate else "no", ""] for s in r.steps] if r else None)
        view = next((v for v in (self.assessment.rollouts if self.assessment else ())
                     if r and v.rollout.id == r.id), None)
        if view is None:
            self.rollout_detail.setText("Select or add a rollout plan.")
        else:
            lines = view.criteria.lines() if view.criteria else [
                "Link an SLO to derive success and rollback criteria."]
            lines += [c.reason for c in view.checks]
            self.rollout_detail.setText("\n".join(lines))
        self._chart_timer.start()

    def _draw_chart(self) -> None:
        """Import matplotlib only now, when a rollout's chart is first shown."""
        r = self._current_rollout()
        if r is None or not self.isVisible():
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from sreplan.resilience.chart import rollout_figure

        if self._canvas is None:
            self._canvas = FigureCanvasQTAgg(  # type: ignore[no-untyped-call]
                Figure(figsize=(7, 2.6), layout="constrained"))
            self._canvas.setAccessibleName("Rollout step chart")
            layout = self.chart_holder.layout()
            assert layout is not None
            layout.addWidget(self._canvas)
        rollout_figure(r, figure=self._canvas.figure)
        self._canvas.draw_idle()

    @property
    def chart_canvas(self) -> Any:
        return self._canvas

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._chart_timer.start()

    def add_rollout(self) -> bool:
        name = self.ro_name.text().strip()
        if not name or self.ro_component.currentIndex() < 0:
            self._fail(self.ro_error, "A rollout plan needs a name and a component.")
            return False
        try:
            rollback = _optional_span(self.ro_rollback.text(), "Rollback time")
            failure = _optional_percent(self.ro_failure.text(), "Failure ratio")
        except ResilienceError as exc:
            self._fail(self.ro_error, str(exc))
            return False
        r = RolloutPlan(new_id(), self.plan_id or "", self.ro_component.currentData(), name,
                        Strategy(self.ro_strategy.currentData()),
                        slo_id=self.ro_slo.currentData() or None,
                        rollback_method=self.ro_method.text().strip(),
                        rollback_seconds=rollback,
                        failure_percent=failure if failure is not None else 100.0)
        problems = rollout_errors(r)
        if problems:
            self._fail(self.ro_error, problems[0] + ".")
            return False
        if not self._run(edits.add_rollout(r), self.ro_error):
            return False
        self.ro_name.clear()
        _select(self.rollout_view, self.rollouts, r.id)
        return True

    def remove_rollout(self) -> None:
        r = self._current_rollout()
        if r is not None:
            self._run(edits.delete(self.plan_id or "", "rollout_plans", [r.id],
                                   f"rollout plan '{r.name}'"))

    def add_step(self) -> bool:
        r = self._current_rollout()
        if r is None:
            self._fail(self.step_error, "Select the rollout plan to add the step to.")
            return False
        try:
            traffic = _optional_percent(self.step_traffic.text(), "Traffic")
            bake = _optional_span(self.step_bake.text(), "Bake time")
        except ResilienceError as exc:
            self._fail(self.step_error, str(exc))
            return False
        if traffic is None:
            self._fail(self.step_error, "Enter the step's share of traffic, 0 to 100 %.")
            return False
        step = RolloutStep(traffic, bake, self.step_gate.isChecked(), id=new_id())
        problems = rollout_errors(replace(r, steps=(*r.steps, step)))
        if problems:
            self._fail(self.step_error, problems[0] + ".")
            return False
        if not self._run(edits.replace_steps(self.plan_id or "", r.id, [*r.steps, step],
                                             "Add rollout step"), self.step_error):
            return False
        self.step_traffic.clear()
        self.step_bake.clear()
        self.step_gate.setChecked(False)
        return True

    def remove_step(self) -> None:
        r = self._current_rollout()
        rows = self.step_view.selectionModel().selectedRows()
        if r is None or not rows:
            return
        steps = [s for n, s in enumerate(r.steps) if n != rows[0].row()]
        self._run(edits.replace_steps(self.plan_id or "", r.id, steps, "Remove rollout step"))

    def _edit_step(self, row_id: str, column: int, text: str) -> bool:
        r = self._current_rollout()
        if r is None:
            return False
        n = int(row_id)
        step = r.steps[n]
        try:
            if column == 0:
                value = _optional_percent(text, "Traffic")
                if value is None:
                    raise ResilienceError("Traffic: enter a share from 0 to 100 %")
                step = RolloutStep(value, step.bake_seconds, step.manual_gate, step.analysis,
                                   step.experiment, step.id)
            elif column == 1:
                step = RolloutStep(step.traffic_percent, _optional_span(text, "Bake time"),
                                   step.manual_gate, step.analysis, step.experiment, step.id)
            else:
                gate = text.strip().casefold() in ("yes", "y", "true", "1", "x")
                step = RolloutStep(step.traffic_percent, step.bake_seconds, gate,
                                   step.analysis, step.experiment, step.id)
        except ResilienceError as exc:
            self.ops.failed.emit(str(exc))
            return False
        steps = list(r.steps)
        steps[n] = step
        return self._run(edits.replace_steps(self.plan_id or "", r.id, steps))


def _span(seconds: int | None) -> str:
    from sreplan.resilience.model import span_text

    return span_text(seconds) if seconds else ""


def _titled(title: str, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(plain_label(title))
    row.addStretch(1)
    row.addWidget(button)
    return row


def _fill_checks(box: QListWidget, checks: Sequence[Any]) -> None:
    box.clear()
    if not checks:
        box.addItem("Every check passes.")
    for c in checks:
        box.addItem(f"{c.risk}: {c.reason}")


def _experiment_problems(e: Experiment) -> list[str]:
    from sreplan.resilience.model import experiment_errors

    return experiment_errors(e)


def _combined(label: str, parts: Sequence[Edit]) -> Edit:
    """Several edits as one undo step (their actions run in one transaction)."""
    from sreplan.kernel.edits import make

    tables = frozenset().union(*(p.tables for p in parts))

    def action(ws: Any) -> None:
        for p in parts:
            assert p.action is not None
            p.action(ws)

    return make(label, tables, action, plan_id=parts[0].plan_id)


__all__ = ["ResilienceEditor"]
