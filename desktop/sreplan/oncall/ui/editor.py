"""The On-call section: the rotation's settings, people, layers, overrides, calendar and health.

Every change is one kernel Edit from ``oncall.edits`` run through the shell's
Operations (so Ctrl+Z undoes it); the editor reloads the rotation from the
workspace after every change that touches its tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.edits import Edit
from sreplan.kernel.errors import UserError
from sreplan.kernel.ids import new_id
from sreplan.oncall import edits, store
from sreplan.oncall.health import MIN_PEOPLE_PER_SITE, MIN_PEOPLE_SINGLE_SITE
from sreplan.oncall.model import (
    RESTRICTION_LABELS,
    ROLE_LABELS,
    UNITS,
    WEEKDAYS,
    Layer,
    Override,
    Person,
    Rotation,
    SunSite,
    parse_hhmm,
    to_utc,
    zone_names,
)
from sreplan.oncall.ui.calendar import CalendarView
from sreplan.oncall.ui.health_panel import HealthPanel
from sreplan.oncall.ui.models import Column, OptionsDelegate, RecordTable
from sreplan.ui.fields import DoubleSpinBox, error_label, plain_label
from sreplan.ui.operations import Change
from sreplan.ui.sections import SectionContext
from sreplan.ui.views import TableView

_TABLES = tuple(store.TABLES)


def _table(model: RecordTable, name: str) -> QTableView:
    view = TableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _days_text(days: str) -> str:
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return ", ".join(names[int(c) - 1] for c in days if c.isdigit() and "1" <= c <= "7")


def _parse_days(text: str) -> str:
    """'Mon-Fri', '12345', 'Mon, Tue' → '12345'."""
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    cleaned = text.strip().lower()
    if cleaned and all(c in "1234567" for c in cleaned):
        return "".join(sorted(set(cleaned)))
    days: set[int] = set()
    for part in cleaned.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, _, b = part.partition("-")
            if a.strip()[:3] in names and b.strip()[:3] in names:
                i, j = names.index(a.strip()[:3]), names.index(b.strip()[:3])
                days.update(range(i + 1, j + 2))
                continue
        if part[:3] not in names:
            raise UserError(f"Working days {text!r}: {part!r} is not a day (e.g. Mon-Fri).")
        days.add(names.index(part[:3]) + 1)
    if not days:
        raise UserError(f"Working days {text!r}: name at least one day (e.g. Mon-Fri).")
    return "".join(str(d) for d in sorted(days))


class OncallEditor(QWidget):
    def __init__(self, ctx: SectionContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.ops = ctx.ops
        self.plan_id: str | None = None
        self.rotation: Rotation | None = None
        self.today = date.today()
        self._override_times_set = False

        self.stack = QStackedWidget()
        self.stack.addWidget(self._create_page())
        self.stack.addWidget(self._rotation_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.ops.changed.connect(self._on_changed)
        self._apply_read_only()

    # Pages ------------------------------------------------------------------------------

    def _create_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        intro = plain_label(
            "Design the on-call rotation before it goes live: who is on it, how shifts run, "
            "overrides; then check it against the SRE book's limits, see how fair it is and "
            "hand everyone a calendar file."
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        form = QFormLayout()
        self.new_name = QLineEdit("On-call rotation")
        self.new_name.setAccessibleName("Rotation name")
        self.new_zone = self._zone_box()
        self.new_zone.setAccessibleName("Rotation time zone")
        form.addRow("&Name", self.new_name)
        form.addRow("&Time zone", self.new_zone)
        self.create_button = QPushButton("&Create rotation")
        self.create_button.clicked.connect(self.create_rotation)
        box = QWidget()
        box.setMaximumWidth(520)
        inner = QVBoxLayout(box)
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _zone_box(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        names = zone_names()
        combo.addItems(names)
        completer = QCompleter(QStringListModel(names, combo), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        combo.setCompleter(completer)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setCurrentText("Europe/Berlin")
        return combo

    def _rotation_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        settings = QGridLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Rotation name")
        self.zone_edit = self._zone_box()
        self.zone_edit.setAccessibleName("Rotation time zone")
        self.rate_spin = DoubleSpinBox("Expected incidents per week", -1, 10000, decimals=1)
        self.rate_spin.setSpecialValueText("not set")
        self.share_spin = DoubleSpinBox("Agreed product engineers' share", -1, 100, decimals=0)
        self.share_spin.setSuffix(" %")
        self.share_spin.setSpecialValueText("not set")
        self.spin_error = error_label()
        for spin in (self.rate_spin, self.share_spin):
            spin.refused.connect(self._spin_refused)
        settings.addWidget(QLabel("Rotation"), 0, 0)
        settings.addWidget(self.name_edit, 0, 1)
        settings.addWidget(QLabel("Time zone"), 0, 2)
        settings.addWidget(self.zone_edit, 0, 3)
        settings.addWidget(QLabel("Incidents / week"), 1, 0)
        settings.addWidget(self.rate_spin, 1, 1)
        settings.addWidget(QLabel("Product engineers' agreed share"), 1, 2)
        settings.addWidget(self.share_spin, 1, 3)
        settings.addWidget(self.spin_error, 2, 0, 1, 4)
        settings.setColumnStretch(1, 1)
        settings.setColumnStretch(3, 1)
        self.name_edit.editingFinished.connect(self._name_done)
        self.zone_edit.lineEdit().editingFinished.connect(self._zone_done)
        self.zone_edit.activated.connect(lambda _i: self._zone_done())
        self.rate_spin.editingFinished.connect(self._rate_done)
        self.share_spin.editingFinished.connect(self._share_done)
        layout.addLayout(settings)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._people_tab(), "&People")
        self.tabs.addTab(self._layers_tab(), "&Layers")
        self.tabs.addTab(self._overrides_tab(), "&Overrides")
        self.calendar = CalendarView()
        self.export_button = QPushButton("E&xport .ics…")
        self.export_button.setToolTip(
            "Write the shifts of the range on the Health tab (default: the next 12 weeks) "
            "as an iCalendar file anyone can import."
        )
        self.export_button.clicked.connect(self.export_ics)
        self.calendar.bar.addWidget(self.export_button)
        self.tabs.addTab(self.calendar, "&Calendar")
        self.health = HealthPanel()
        self.health.compare_button.clicked.connect(self.import_schedule)
        self.tabs.addTab(self.health, "&Health")
        layout.addWidget(self.tabs, 1)
        return page

    def _people_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.people_model = RecordTable(
            [
                Column("Name", lambda p: p.name, "name"),
                Column("Role", lambda p: ROLE_LABELS.get(p.role, p.role), "role", lambda p: p.role),
                Column("Site", lambda p: p.site, "site"),
                Column("Time zone", lambda p: p.time_zone, "time_zone"),
                Column("Works from", lambda p: p.work_start, "work_start"),
                Column("Works until", lambda p: p.work_end, "work_end"),
                Column("Working days", lambda p: _days_text(p.work_days), "work_days"),
                Column("Holidays (country)", lambda p: p.country, "country"),
            ],
            self._commit_person,
        )
        self.people_view = _table(self.people_model, "People on the rotation")
        self.people_view.setItemDelegateForColumn(
            1, OptionsDelegate(list(ROLE_LABELS.items()), self.people_view)
        )
        self.people_hint = plain_label()
        self.people_hint.setWordWrap(True)
        self.add_person_button = QPushButton("&Add person")
        self.person_menu = QMenu(self.add_person_button)
        self.add_person_button.setMenu(self.person_menu)
        self.person_menu.aboutToShow.connect(self._fill_person_menu)
        self.remove_person_button = QPushButton("Remove person")
        self.remove_person_button.clicked.connect(self.remove_person)
        row = QHBoxLayout()
        row.addWidget(self.add_person_button)
        row.addWidget(self.remove_person_button)
        row.addStretch(1)
        layout.addWidget(self.people_hint)
        layout.addWidget(self.people_view, 1)
        layout.addLayout(row)
        return page

    def _layers_tab(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        self.layers_model = RecordTable(
            [
                Column("Layer", lambda x: x.name, "name"),
                Column(
                    "Shift length",
                    lambda x: str(x.shift_count),
                    "shift_count",
                    lambda x: x.shift_count,
                ),
                Column("Unit", lambda x: x.shift_unit, "shift_unit", lambda x: x.shift_unit),
                Column(
                    "Handoff day",
                    lambda x: WEEKDAYS[x.handoff_weekday],
                    "handoff_weekday",
                    lambda x: x.handoff_weekday,
                ),
                Column("Handoff time", lambda x: x.handoff_time, "handoff_time"),
                Column("Starts on", lambda x: x.starts_on.isoformat(), "starts_on"),
                Column(
                    "Restriction",
                    lambda x: RESTRICTION_LABELS[x.restriction],
                    "restriction",
                    lambda x: x.restriction,
                ),
                Column(
                    "Hours from",
                    lambda x: x.restriction_start if x.restriction == "working_hours" else "—",
                    "restriction_start",
                    lambda x: x.restriction_start,
                ),
                Column(
                    "Hours until",
                    lambda x: x.restriction_end if x.restriction == "working_hours" else "—",
                    "restriction_end",
                    lambda x: x.restriction_end,
                ),
                Column("People", lambda x: str(len(x.members))),
                Column("Follow-the-sun", lambda x: "Yes" if x.follow_the_sun else "No"),
            ],
            self._commit_layer,
        )
        self.layers_view = _table(self.layers_model, "Layers")
        self.layers_view.setItemDelegateForColumn(
            2, OptionsDelegate([(u, u) for u in UNITS], self.layers_view)
        )
        self.layers_view.setItemDelegateForColumn(
            3, OptionsDelegate(list(enumerate(WEEKDAYS)), self.layers_view)
        )
        self.layers_view.setItemDelegateForColumn(
            6, OptionsDelegate(list(RESTRICTION_LABELS.items()), self.layers_view)
        )
        self.layers_view.selectionModel().selectionChanged.connect(self._layer_selected)
        self.add_layer_button = QPushButton("Add &layer")
        self.add_layer_button.clicked.connect(self.add_layer)
        self.remove_layer_button = QPushButton("Remove layer")
        self.remove_layer_button.clicked.connect(self.remove_layer)
        row = QHBoxLayout()
        row.addWidget(self.add_layer_button)
        row.addWidget(self.remove_layer_button)
        row.addStretch(1)
        top_layout.addWidget(
            plain_label(
                "Handoff day and time are in the rotation's time zone. Weekly shifts hand off "
                "on the handoff day; daily and hourly shifts from the start date on."
            )
        )
        top_layout.addWidget(self.layers_view, 1)
        top_layout.addLayout(row)

        detail = QWidget()
        detail_layout = QHBoxLayout(detail)
        members_box = QGroupBox("People on the selected layer, in rotation order")
        members_layout = QVBoxLayout(members_box)
        self.members_list = QListWidget()
        self.members_list.setAccessibleName("Layer members")
        self.members_list.itemChanged.connect(self._member_toggled)
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move &down")
        self.up_button.clicked.connect(lambda: self._move_member(-1))
        self.down_button.clicked.connect(lambda: self._move_member(1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        members_layout.addWidget(self.members_list, 1)
        members_layout.addLayout(buttons)
        sun_box = QGroupBox("Follow-the-sun")
        sun_layout = QVBoxLayout(sun_box)
        self.sun_check = QCheckBox("Hand over between &sites every day")
        self.sun_check.toggled.connect(self._sun_toggled)
        self.sun_form = QFormLayout()
        self.sun_edits: dict[str, QLineEdit] = {}
        sun_layout.addWidget(self.sun_check)
        sun_layout.addWidget(
            plain_label(
                "Each site holds the layer from its start time (rotation time zone) "
                "until the next site's; its own people rotate among themselves."
            )
        )
        sun_layout.itemAt(1).widget().setProperty("wordWrap", True)
        sun_layout.addLayout(self.sun_form)
        sun_layout.addStretch(1)
        detail_layout.addWidget(members_box, 1)
        detail_layout.addWidget(sun_box, 1)
        page.addWidget(top)
        page.addWidget(detail)
        page.setSizes([260, 300])
        return page

    def _overrides_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.overrides_model = RecordTable(
            [
                Column("Layer", lambda o: self._layer_name(o.layer_id)),
                Column("Covered by", lambda o: self._person_name(o.person_id)),
                Column(
                    "Instead of",
                    lambda o: self._person_name(o.covered_id) if o.covered_id else "whoever is on",
                ),
                Column("From", lambda o: self._local(o.start)),
                Column("Until", lambda o: self._local(o.end)),
                Column("Reason", lambda o: o.reason),
            ]
        )
        self.overrides_view = _table(self.overrides_model, "Overrides")
        form_box = QGroupBox("New override (times in the rotation's time zone)")
        form = QGridLayout(form_box)
        self.ov_layer = QComboBox()
        self.ov_layer.setAccessibleName("Override layer")
        self.ov_person = QComboBox()
        self.ov_person.setAccessibleName("Covered by")
        self.ov_covered = QComboBox()
        self.ov_covered.setAccessibleName("Instead of")
        self.ov_from = QDateTimeEdit()
        self.ov_to = QDateTimeEdit()
        for edit, name in ((self.ov_from, "Override from"), (self.ov_to, "Override until")):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.setAccessibleName(name)
        self.ov_reason = QLineEdit()
        self.ov_reason.setAccessibleName("Override reason")
        self.ov_reason.setPlaceholderText("e.g. public holiday, swap")
        form.addWidget(QLabel("Layer"), 0, 0)
        form.addWidget(self.ov_layer, 0, 1)
        form.addWidget(QLabel("Covered by"), 0, 2)
        form.addWidget(self.ov_person, 0, 3)
        form.addWidget(QLabel("Instead of"), 0, 4)
        form.addWidget(self.ov_covered, 0, 5)
        form.addWidget(QLabel("From"), 1, 0)
        form.addWidget(self.ov_from, 1, 1)
        form.addWidget(QLabel("Until"), 1, 2)
        form.addWidget(self.ov_to, 1, 3)
        form.addWidget(QLabel("Reason"), 1, 4)
        form.addWidget(self.ov_reason, 1, 5)
        self.add_override_button = QPushButton("Add o&verride")
        self.add_override_button.clicked.connect(self.add_override)
        self.remove_override_button = QPushButton("Remove override")
        self.remove_override_button.clicked.connect(self.remove_override)
        row = QHBoxLayout()
        row.addWidget(self.add_override_button)
        row.addWidget(self.remove_override_button)
        row.addStretch(1)
        layout.addWidget(
            plain_label("Overrides never change shifts already worked: the past stays frozen.")
        )
        layout.addWidget(self.overrides_view, 1)
        layout.addWidget(form_box)
        layout.addLayout(row)
        return page

    # Names and times ----------------------------------------------------------------------

    def _person_name(self, person_id: str | None) -> str:
        person = self.rotation.person(person_id) if self.rotation and person_id else None
        return person.name if person else "(removed)"

    def _layer_name(self, layer_id: str) -> str:
        layer = self.rotation.layer(layer_id) if self.rotation else None
        return layer.name if layer else "(removed)"

    def _local(self, moment: datetime) -> str:
        assert self.rotation is not None
        return moment.astimezone(self.rotation.zone).strftime("%a %Y-%m-%d %H:%M")

    # Loading --------------------------------------------------------------------------------

    def set_plan(self, plan_id: str | None) -> None:
        self.plan_id = plan_id
        self.reload()

    def _on_changed(self, change: Change) -> None:
        if change.touches(*_TABLES, "plans", "stakeholders"):
            self.reload()
        elif change.touches(store.IMPORTS, store.IMPORTED):
            self._load_import()

    def reload(self) -> None:
        self.rotation = (
            store.load_rotation(self.ops.ws, self.plan_id) if self.plan_id is not None else None
        )
        rotation = self.rotation
        self.stack.setCurrentIndex(0 if rotation is None else 1)
        self.create_button.setEnabled(self.plan_id is not None and not self._ctx.read_only)
        if rotation is None:
            return
        self.name_edit.setText(rotation.name)
        self.zone_edit.setCurrentText(rotation.time_zone)
        self._set_spin(self.rate_spin, rotation.incidents_per_week)
        self._set_spin(self.share_spin, rotation.product_share_target)
        self.people_model.set_rows(rotation.people)
        self._people_hint(rotation)
        selected = self._selected_layer_id()
        self.layers_model.set_rows(rotation.layers)
        row = self.layers_model.row_of(selected)
        if row < 0 and rotation.layers:
            row = 0
        if row >= 0:
            self.layers_view.selectRow(row)
        self._layer_selected()
        self.overrides_model.set_rows(rotation.overrides)
        self._fill_override_form(rotation)
        self.calendar.today = self.today
        self.calendar.set_rotation(rotation)
        self.health.set_rotation(rotation)
        self._load_import()
        self._apply_read_only()

    @staticmethod
    def _set_spin(spin: QDoubleSpinBox, value: float | None) -> None:
        blocker = spin.blockSignals(True)
        spin.setValue(spin.minimum() if value is None else value)
        spin.blockSignals(blocker)

    def _people_hint(self, rotation: Rotation) -> None:
        sites = sorted({p.site or "(no site)" for p in rotation.people})
        counts = ", ".join(
            f"{s}: {sum(1 for p in rotation.people if (p.site or '(no site)') == s)}" for s in sites
        )
        need = (
            f"at least {MIN_PEOPLE_SINGLE_SITE} for one site"
            if len(sites) <= 1
            else f"at least {MIN_PEOPLE_PER_SITE} per site"
        )
        self.people_hint.setText(
            f"{len(rotation.people)} people ({counts or 'none yet'}); the SRE book asks for "
            f"{need}. Working hours and days are in each person's own time zone; the country "
            "(e.g. DE, US) gives their public holidays."
        )

    def _apply_read_only(self) -> None:
        ro = self._ctx.read_only
        self.people_model.read_only = ro
        self.layers_model.read_only = ro
        for w in (
            self.add_person_button, self.remove_person_button, self.add_layer_button,
            self.remove_layer_button, self.add_override_button, self.remove_override_button,
            self.up_button, self.down_button, self.sun_check, self.name_edit, self.zone_edit,
            self.rate_spin, self.share_spin, self.members_list, self.health.compare_button,
        ):  # fmt: skip
            w.setEnabled(not ro)

    # Running edits --------------------------------------------------------------------------

    def _run(self, build: Callable[[], Edit]) -> bool:
        try:
            edit = build()
        except UserError as exc:
            self.ops.failed.emit(str(exc))
            return False
        return self.ops.run(edit)

    def create_rotation(self) -> None:
        if self.plan_id is None:
            return
        plan_id = self.plan_id
        name = self.new_name.text().strip() or "On-call rotation"
        tz = self.new_zone.currentText().strip()
        self._run(lambda: edits.create_rotation(plan_id, name, tz))

    def _rotation_field(self, field: str, value: Any) -> None:
        if self.rotation is None or self.plan_id is None:
            return
        if getattr(self.rotation, field) == value:
            return
        plan_id, rid = self.plan_id, self.rotation.id
        if not self._run(lambda: edits.set_rotation(plan_id, rid, {field: value})):
            self.reload()

    def _name_done(self) -> None:
        text = self.name_edit.text().strip()
        if not text:
            self.ops.failed.emit("The rotation needs a name.")
            self.reload()
            return
        self._rotation_field("name", text)

    def _zone_done(self) -> None:
        self._rotation_field("time_zone", self.zone_edit.currentText().strip())

    def _spin_refused(self, message: str) -> None:
        self.spin_error.setText(message)
        self.spin_error.show()

    def _rate_done(self) -> None:
        if self.rate_spin.take_refusal():
            return
        self.spin_error.hide()
        value = self.rate_spin.value()
        self._rotation_field("incidents_per_week", None if value < 0 else value)

    def _share_done(self) -> None:
        if self.share_spin.take_refusal():
            return
        self.spin_error.hide()
        value = self.share_spin.value()
        self._rotation_field("product_share_target", None if value < 0 else value)

    # People ---------------------------------------------------------------------------------

    def _fill_person_menu(self) -> None:
        self.person_menu.clear()
        new = self.person_menu.addAction("New person")
        new.triggered.connect(lambda: self.add_person())
        if self.plan_id is None or self.rotation is None:
            return
        taken = {p.stakeholder_id for p in self.rotation.people}
        people = [s for s in store.stakeholders(self.ops.ws, self.plan_id) if s["id"] not in taken]
        if people:
            self.person_menu.addSeparator()
        for s in people:
            action = self.person_menu.addAction(f"{s['name']} ({s['role'] or s['team']})")
            action.triggered.connect(lambda _c=False, s=s: self.add_person(s["name"], s["id"]))

    def add_person(self, name: str = "", stakeholder_id: str | None = None) -> None:
        if self.rotation is None or self.plan_id is None:
            return
        count = len(self.rotation.people)
        person = Person(
            new_id(),
            name or f"Person {count + 1}",
            "sre",
            "",
            self.rotation.time_zone,
            stakeholder_id=stakeholder_id,
            position=count,
        )
        plan_id, rid = self.plan_id, self.rotation.id
        if self._run(lambda: edits.add_person(plan_id, rid, person)):
            row = self.people_model.row_of(person.id)
            self.people_view.selectRow(row)
            if not name:  # a new person: type their name straight away
                self.people_view.edit(self.people_model.index(row, 0))

    def remove_person(self) -> None:
        rows = self.people_view.selectionModel().selectedRows()
        if not rows or self.plan_id is None:
            return
        pid = self.people_model.record_id(rows[0].row())
        plan_id = self.plan_id
        if pid is not None:
            self._run(lambda: edits.remove_people(plan_id, [pid]))

    def _commit_person(self, person_id: str, field: str, value: Any) -> bool:
        if self.plan_id is None:
            return False
        plan_id = self.plan_id
        try:
            text = str(value).strip()
            if field in ("work_start", "work_end"):
                parse_hhmm(text, "Working hours")
                value = text
            elif field == "work_days":
                value = _parse_days(text)
            elif field == "country":
                value = text.upper()
                from sreplan.oncall.health import known_country

                if value and not known_country(value):
                    raise UserError(
                        f"Country {text!r} has no public holiday calendar; use a code like DE."
                    )
            elif field in ("name", "site", "time_zone"):
                value = text
        except UserError as exc:
            self.ops.failed.emit(str(exc))
            return False
        person = self.rotation.person(person_id) if self.rotation else None
        if person is not None and getattr(person, field) == value:
            return False
        return self._run(lambda: edits.set_person(plan_id, person_id, {field: value}))

    # Layers ---------------------------------------------------------------------------------

    def _selected_layer_id(self) -> str | None:
        rows = self.layers_view.selectionModel().selectedRows()
        return self.layers_model.record_id(rows[0].row()) if rows else None

    def selected_layer(self) -> Layer | None:
        lid = self._selected_layer_id()
        return self.rotation.layer(lid) if self.rotation and lid else None

    def add_layer(self) -> None:
        if self.rotation is None or self.plan_id is None:
            return
        if not self.rotation.people:
            self.ops.failed.emit("Add people to the rotation before adding a layer.")
            return
        count = len(self.rotation.layers)
        names = ["Primary", "Secondary", "Tertiary"]
        name = names[count] if count < len(names) else f"Layer {count + 1}"
        start = self.today + timedelta(days=(7 - self.today.weekday()) % 7 or 7)
        layer = Layer(
            new_id(),
            name,
            tuple(p.id for p in self.rotation.people),
            1,
            "weeks",
            0,
            "10:00",
            start,
            position=count,
        )
        plan_id, rid = self.plan_id, self.rotation.id
        if self._run(lambda: edits.add_layer(plan_id, rid, layer)):
            self.layers_view.selectRow(self.layers_model.row_of(layer.id))

    def remove_layer(self) -> None:
        lid = self._selected_layer_id()
        if lid is None or self.plan_id is None:
            return
        plan_id = self.plan_id
        self._run(lambda: edits.remove_layers(plan_id, [lid]))

    def _commit_layer(self, layer_id: str, field: str, value: Any) -> bool:
        if self.plan_id is None:
            return False
        plan_id = self.plan_id
        try:
            if field in ("shift_count", "handoff_weekday"):
                try:
                    value = int(str(value).strip())
                except ValueError as exc:
                    raise UserError(f"Shift length {value!r} is not a whole number.") from exc
            elif field in ("handoff_time", "restriction_start", "restriction_end"):
                value = str(value).strip()
                what = {
                    "handoff_time": "Handoff time",
                    "restriction_start": "Working-hours restriction start",
                    "restriction_end": "Working-hours restriction end",
                }[field]
                parse_hhmm(value, what)
            elif field == "starts_on":
                try:
                    value = date.fromisoformat(str(value).strip()).isoformat()
                except ValueError as exc:
                    raise UserError(f"Start date {value!r} is not a date as YYYY-MM-DD.") from exc
            elif field == "name":
                value = str(value).strip()
        except UserError as exc:
            self.ops.failed.emit(str(exc))
            return False
        layer = self.rotation.layer(layer_id) if self.rotation else None
        if layer is not None:
            current = getattr(layer, field)
            current = current.isoformat() if isinstance(current, date) else current
            if current == value:
                return False
        return self._run(lambda: edits.set_layer(plan_id, layer_id, {field: value}))

    def _layer_selected(self, *_args: object) -> None:
        layer = self.selected_layer()
        rotation = self.rotation
        blocker = self.members_list.blockSignals(True)
        self.members_list.clear()
        if layer is not None and rotation is not None:
            order = list(layer.members) + [
                p.id for p in rotation.people if p.id not in layer.members
            ]
            for pid in order:
                person = rotation.person(pid)
                if person is None:
                    continue
                site = f" · {person.site}" if person.site else ""
                item = QListWidgetItem(f"{person.name} ({ROLE_LABELS[person.role]}{site})")
                item.setData(Qt.ItemDataRole.UserRole, pid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if pid in layer.members else Qt.CheckState.Unchecked
                )
                self.members_list.addItem(item)
        self.members_list.blockSignals(blocker)
        sun_blocker = self.sun_check.blockSignals(True)
        self.sun_check.setChecked(bool(layer and layer.follow_the_sun))
        self.sun_check.blockSignals(sun_blocker)
        self.sun_check.setEnabled(layer is not None and not self._ctx.read_only)
        self._fill_sun_form(layer)
        has = layer is not None and not self._ctx.read_only
        for b in (self.remove_layer_button, self.up_button, self.down_button):
            b.setEnabled(has)

    def _checked_members(self) -> list[str]:
        out = []
        for i in range(self.members_list.count()):
            item = self.members_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _member_toggled(self, _item: QListWidgetItem) -> None:
        self._set_members(self._checked_members())

    def _set_members(self, members: list[str]) -> None:
        layer = self.selected_layer()
        if layer is None or self.plan_id is None:
            return
        plan_id = self.plan_id
        if not self._run(lambda: edits.set_members(plan_id, layer.id, members)):
            self._layer_selected()

    def _move_member(self, direction: int) -> None:
        layer = self.selected_layer()
        item = self.members_list.currentItem()
        if layer is None or item is None:
            return
        pid = str(item.data(Qt.ItemDataRole.UserRole))
        members = list(layer.members)
        if pid not in members:
            return
        i = members.index(pid)
        j = i + direction
        if not 0 <= j < len(members):
            return
        members[i], members[j] = members[j], members[i]
        self._set_members(members)
        for k in range(self.members_list.count()):
            if self.members_list.item(k).data(Qt.ItemDataRole.UserRole) == pid:
                self.members_list.setCurrentRow(k)

    def _layer_sites(self, layer: Layer) -> list[str]:
        assert self.rotation is not None
        sites: list[str] = []
        for pid in layer.members:
            person = self.rotation.person(pid)
            if person is not None and person.site not in sites:
                sites.append(person.site)
        return sites

    def _fill_sun_form(self, layer: Layer | None) -> None:
        while self.sun_form.rowCount():
            self.sun_form.removeRow(0)
        self.sun_edits = {}
        if layer is None or not layer.follow_the_sun:
            return
        starts = {s.site: s.starts_at for s in layer.sun_sites}
        for site in sorted(starts, key=lambda s: starts[s]):
            edit = QLineEdit(starts[site])
            edit.setAccessibleName(f"{site} starts at")
            edit.setEnabled(not self._ctx.read_only)
            edit.editingFinished.connect(self._sun_times_done)
            self.sun_edits[site] = edit
            self.sun_form.addRow(f"{site or '(no site)'} from", edit)

    def _sun_toggled(self, on: bool) -> None:
        layer = self.selected_layer()
        if layer is None or self.plan_id is None:
            return
        sites: list[SunSite] = []
        if on:
            names = self._layer_sites(layer)
            if len(names) < 2:
                self.ops.failed.emit(
                    f"Layer {layer.name!r}: follow-the-sun needs people at two sites or more; "
                    "set the people's sites first."
                )
                self._layer_selected()
                return
            step = 24 * 60 // len(names)
            sites = [
                SunSite(n, f"{(9 * 60 + i * step) // 60 % 24:02}:{(i * step) % 60:02}")
                for i, n in enumerate(names)
            ]
        plan_id = self.plan_id
        if not self._run(lambda: edits.set_sun_sites(plan_id, layer.id, on, sites)):
            self._layer_selected()

    def _sun_times_done(self) -> None:
        layer = self.selected_layer()
        if layer is None or self.plan_id is None:
            return
        sites = [SunSite(site, edit.text().strip()) for site, edit in self.sun_edits.items()]
        if sites == list(layer.sun_sites) or sorted(sites, key=lambda s: s.site) == sorted(
            layer.sun_sites, key=lambda s: s.site
        ):
            return
        plan_id = self.plan_id
        if not self._run(lambda: edits.set_sun_sites(plan_id, layer.id, True, sites)):
            self._layer_selected()

    # Imported schedules -----------------------------------------------------------------------

    def _load_import(self) -> None:
        from sreplan.oncall.formats import ImportedShift

        latest = store.latest_import(self.ops.ws, self.plan_id) if self.plan_id else None
        if latest is None:
            self.health.set_imported("", [])
            return
        shifts = [
            ImportedShift(r["person"], r["summary"], store.instant(r["starts_at"]),
                          store.instant(r["ends_at"]))
            for r in store.imported_shifts(self.ops.ws, latest["id"])
        ]  # fmt: skip
        self.health.set_imported(latest["name"], shifts)

    def import_schedule(self) -> None:
        """Read an .ics (all or nothing) and keep it beside the design, to compare fairness."""
        if self.plan_id is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Compare with a schedule", "", "iCalendar files (*.ics);;All files (*)"
        )
        if not path:
            return
        from sreplan.oncall.formats import read_ics

        source = Path(path)
        try:
            data = source.read_bytes()
        except OSError as exc:
            self.ops.failed.emit(f"{source.name} cannot be read: {exc.strerror or exc}.")
            return
        try:
            shifts = read_ics(
                data,
                source.name,
                datetime(1970, 1, 1, tzinfo=UTC),
                datetime(2100, 1, 1, tzinfo=UTC),
            )
        except UserError as exc:
            self.ops.failed.emit(str(exc))
            return
        rows = [(s.person, s.summary, s.start, s.end) for s in shifts]
        plan_id = self.plan_id
        self._run(lambda: edits.import_schedule(plan_id, source.name, rows))

    # Calendar file ------------------------------------------------------------------------

    def export_ics(self) -> None:
        """Write the shifts of the health panel's range as an .ics file the user chooses."""
        result = self.health.result
        if self.rotation is None or result is None:
            self.ops.failed.emit("Add people and a layer before exporting a calendar.")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export on-call calendar", "oncall.ics", "iCalendar files (*.ics)"
        )
        if not path:
            return
        from sreplan.oncall.formats import to_ics

        try:
            Path(path).write_bytes(to_ics(self.rotation, result.schedule.shifts))
        except OSError as exc:
            self.ops.failed.emit(f"Could not write {path}: {exc.strerror or exc}.")
            return
        self.calendar.title.setText(
            f"Exported {len(result.schedule.shifts)} shifts to {Path(path).name}."
        )

    # Overrides ------------------------------------------------------------------------------

    def _fill_override_form(self, rotation: Rotation) -> None:
        for combo, items in (
            (self.ov_layer, [(la.id, la.name) for la in rotation.layers]),
            (self.ov_person, [(p.id, p.name) for p in rotation.people]),
            (self.ov_covered, [("", "whoever is on"), *((p.id, p.name) for p in rotation.people)]),
        ):
            current = combo.currentData()
            combo.clear()
            for value, label in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        if not self._override_times_set:
            self._override_times_set = True
            start = datetime.combine(self.today + timedelta(days=1), time(0, 0))
            self.ov_from.setDateTime(QDateTime(start))
            self.ov_to.setDateTime(QDateTime(start + timedelta(days=1)))

    def add_override(self) -> None:
        rotation = self.rotation
        if rotation is None or self.plan_id is None:
            return
        layer_id = self.ov_layer.currentData()
        person_id = self.ov_person.currentData()
        if not layer_id or not person_id:
            self.ops.failed.emit("Choose the layer and who covers.")
            return
        covered = self.ov_covered.currentData() or None
        tz = rotation.zone
        start_py = self.ov_from.dateTime().toPython()
        end_py = self.ov_to.dateTime().toPython()
        assert isinstance(start_py, datetime) and isinstance(end_py, datetime)
        start, _ = to_utc(start_py.replace(tzinfo=None, second=0, microsecond=0), tz)
        end, _ = to_utc(end_py.replace(tzinfo=None, second=0, microsecond=0), tz)
        override = Override(
            new_id(),
            str(layer_id),
            str(person_id),
            start,
            end,
            str(covered) if covered else None,
            self.ov_reason.text().strip(),
        )
        plan_id = self.plan_id
        if self._run(lambda: edits.add_override(plan_id, override)):
            self.ov_reason.clear()

    def remove_override(self) -> None:
        rows = self.overrides_view.selectionModel().selectedRows()
        if not rows or self.plan_id is None:
            return
        oid = self.overrides_model.record_id(rows[0].row())
        plan_id = self.plan_id
        if oid is not None:
            self._run(lambda: edits.remove_overrides(plan_id, [oid]))


__all__ = ["OncallEditor"]
