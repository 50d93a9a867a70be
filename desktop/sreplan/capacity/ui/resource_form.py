"""The form of one resource; impossible values are refused at the field, never stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sreplan.capacity import edits
from sreplan.capacity import store as capacity
from sreplan.capacity.forecast import ModelKind
from sreplan.capacity.model import (
    Redundancy,
    ScalingStrategy,
    autoscale_error,
    capacity_per_unit_error,
    growth_error,
    headroom_error,
    redundancy_error,
)
from sreplan.kernel.numbers import parse_number
from sreplan.ui.fields import SpinBox, align_labels, error_label, fill_choices
from sreplan.ui.operations import Operations

TABLE = capacity.RESOURCES


def _number(text: str, what: str = "The value") -> float:
    return parse_number(text, what)


class ResourceForm(QWidget):
    """Edits the stored fields of the selected resource through Operations."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self._row: dict[str, Any] | None = None
        self.resource_id: str | None = None
        self.plan_id: str | None = None
        layout = QVBoxLayout(self)
        what = QGroupBox("Resource")
        form = QFormLayout(what)
        self.name_edit = QLineEdit()
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("e.g. RPS, GB, cores")
        self.unit_name_edit = QLineEdit()
        self.unit_name_edit.setPlaceholderText("e.g. instance, volume, node")
        self.component_combo = QComboBox()
        self.per_unit_edit = QLineEdit()
        self.per_unit_error = error_label()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Unit of demand:", self.unit_edit)
        form.addRow("Unit of &capacity:", self.unit_name_edit)
        form.addRow("Linked co&mponent:", self.component_combo)
        form.addRow("Capacity &per unit:", self.per_unit_edit)
        form.addRow("", self.per_unit_error)
        layout.addWidget(what)

        sizing = QGroupBox("Redundancy and target utilisation")
        sform = QFormLayout(sizing)
        self.units_spin = SpinBox("Current units", 0, 100_000)
        self.redundancy_combo = QComboBox()
        fill_choices(self.redundancy_combo, Redundancy)
        self.k_spin = SpinBox("k (spare units)", 0, 2)
        self.zones_spin = SpinBox("Zones", 1, 12)
        self.redundancy_error = error_label()
        self.headroom_edit = QLineEdit()
        self.headroom_error = error_label()
        sform.addRow("Current &units:", self.units_spin)
        sform.addRow("&Redundancy:", self.redundancy_combo)
        sform.addRow("&k (spare units):", self.k_spin)
        sform.addRow("&Zones:", self.zones_spin)
        sform.addRow("", self.redundancy_error)
        sform.addRow("&Target utilisation (%):", self.headroom_edit)
        sform.addRow("", self.headroom_error)
        layout.addWidget(sizing)

        scaling = QGroupBox("Scaling")
        cform = QFormLayout(scaling)
        self.scaling_combo = QComboBox()
        fill_choices(self.scaling_combo, ScalingStrategy)
        bounds = QHBoxLayout()
        self.min_spin = SpinBox("Autoscaling minimum", 0, 100_000)
        self.max_spin = SpinBox("Autoscaling maximum", 0, 100_000)
        for spin in (self.min_spin, self.max_spin):
            spin.setSpecialValueText("–")
        bounds.addWidget(QLabel("min"))
        bounds.addWidget(self.min_spin)
        bounds.addWidget(QLabel("max"))
        bounds.addWidget(self.max_spin)
        bounds.addStretch(1)
        self.autoscale_error = error_label()
        self.lead_spin = SpinBox("Lead time", 0, 3650)
        self.lead_spin.setSuffix(" days")
        self.lead_error = error_label()
        self.model_combo = QComboBox()
        self.model_combo.addItem("Automatic (holdout error)", "")
        for kind in ModelKind:
            if kind is not ModelKind.GROWTH:
                self.model_combo.addItem(kind.label, kind.value)
        cform.addRow("&Strategy:", self.scaling_combo)
        cform.addRow("Autoscaling:", bounds)
        cform.addRow("", self.autoscale_error)
        cform.addRow("&Lead time:", self.lead_spin)
        cform.addRow("", self.lead_error)
        cform.addRow("Forecast &model:", self.model_combo)
        layout.addWidget(scaling)

        growth = QGroupBox("Growth assumption (stands in while the history has under 3 points)")
        gform = QFormLayout(growth)
        self.growth_edit = QLineEdit()
        self.growth_edit.setPlaceholderText("e.g. 4 (% a month)")
        self.baseline_edit = QLineEdit()
        self.baseline_edit.setPlaceholderText("today's demand, when there is no history")
        self.rationale_edit = QLineEdit()
        self.growth_error = error_label()
        gform.addRow("Growth (% a &month):", self.growth_edit)
        gform.addRow("&Baseline demand:", self.baseline_edit)
        gform.addRow("Rati&onale:", self.rationale_edit)
        gform.addRow("", self.growth_error)
        layout.addWidget(growth)
        align_labels(what, sizing, scaling, growth)

        notes = QGroupBox("Who scales and when (SRE and product agreement)")
        nlayout = QVBoxLayout(notes)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setUndoRedoEnabled(False)
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setMinimumHeight(90)
        nlayout.addWidget(self.notes_edit)
        layout.addWidget(notes, 1)
        self._wire()

    # Wiring --------------------------------------------------------------------

    def _wire(self) -> None:
        def text(edit: QLineEdit, column: str, label: str) -> None:
            edit.textEdited.connect(lambda t: self._store({column: t.strip()}, label, merge=True,
                                                          ok=bool(t.strip()) or column != "name"))
            edit.editingFinished.connect(self._ops.seal)

        text(self.name_edit, "name", "Rename Resource")
        text(self.unit_edit, "unit", "Edit Unit")
        text(self.unit_name_edit, "unit_name", "Edit Unit of Capacity")
        self.per_unit_edit.textEdited.connect(
            lambda t: self._checked_number(t, "capacity_per_unit", capacity_per_unit_error,
                                           self.per_unit_error, "Edit Capacity per Unit",
                                           "Capacity per unit"))
        self.headroom_edit.textEdited.connect(
            lambda t: self._checked_number(t, "headroom_pct", headroom_error,
                                           self.headroom_error, "Edit Target Utilisation",
                                           "Target utilisation"))
        self.per_unit_edit.editingFinished.connect(
            lambda: self._number_finished(self.per_unit_edit, self.per_unit_error,
                                          "capacity_per_unit"))
        self.headroom_edit.editingFinished.connect(
            lambda: self._number_finished(self.headroom_edit, self.headroom_error,
                                          "headroom_pct"))
        for spin, label in ((self.units_spin, self.redundancy_error),
                            (self.k_spin, self.redundancy_error),
                            (self.zones_spin, self.redundancy_error),
                            (self.min_spin, self.autoscale_error),
                            (self.max_spin, self.autoscale_error),
                            (self.lead_spin, self.lead_error)):
            spin.refused.connect(lambda message, error=label: self._say(error, message))
        for spin, column in ((self.units_spin, "current_units"), (self.k_spin, "spare_units"),
                             (self.zones_spin, "zones")):
            spin.valueChanged.connect(lambda _v, c=column: self._redundancy_changed(c))
        self.redundancy_combo.activated.connect(lambda _i: self._redundancy_changed("redundancy"))
        self.min_spin.valueChanged.connect(lambda _v: self._autoscale_changed())
        self.max_spin.valueChanged.connect(lambda _v: self._autoscale_changed())
        self.lead_spin.valueChanged.connect(self._lead_changed)
        self.scaling_combo.activated.connect(lambda _i: self._scaling_changed())
        self.model_combo.activated.connect(lambda _i: self._store(
            {"model_override": self.model_combo.currentData()}, "Change Forecast Model"))
        self.component_combo.activated.connect(lambda _i: self._store(
            {"component_id": self.component_combo.currentData()}, "Link Component"))
        # The growth assumption is checked on every keystroke and stored when the user
        # leaves a field with a value that is whole ("1e400" is never stored as 1).
        for edit in (self.growth_edit, self.baseline_edit, self.rationale_edit):
            edit.textEdited.connect(lambda _t: self._growth_typed())
            edit.editingFinished.connect(self._growth_finished)
        self.notes_edit.textChanged.connect(lambda: self._store(
            {"notes": self.notes_edit.toPlainText()}, "Edit Notes", merge=True))

    def _store(self, values: dict[str, Any], label: str, merge: bool = False,
               ok: bool = True) -> None:
        if self.resource_id is None or self._loading or not ok:
            return
        self._ops.set_fields(TABLE, self.resource_id, values, label, self.plan_id, merge=merge)

    def _checked_number(self, text: str, column: str, check: Callable[[float], str | None],
                        error: QLabel, label: str, what: str) -> None:
        try:
            value = _number(text, what)
            message = check(value)
        except ValueError as exc:
            message = str(exc)
        self._say(error, message)
        if message:
            # Never the last valid prefix ("12" of "120"): back to the value before typing.
            if self.resource_id is not None and not self._loading:
                self._ops.withdraw_open_run(self.resource_id)
            return
        # A typed capacity per unit is what lets the outlook size the resource.
        extra = {"capacity_known": 1} if column == "capacity_per_unit" else {}
        self._store({column: value, **extra}, label, merge=True)

    def _number_finished(self, edit: QLineEdit, error: QLabel, column: str) -> None:
        """Leaving a field whose text is no value shows the stored value again."""
        self._ops.seal()
        if not error.isVisible() or self._row is None or self.resource_id is None:
            return
        row = capacity.resource_row(self._ops.ws, self.resource_id)
        if row is None:
            return
        known = column != "capacity_per_unit" or row["capacity_known"]
        edit.setText(f"{row[column]:.15g}" if known else "")

    @staticmethod
    def _say(error: QLabel, message: str | None) -> None:
        error.setText(message or "")
        error.setVisible(bool(message))

    def _lead_changed(self, days: int) -> None:
        self._say(self.lead_error, None)
        self._store({"lead_time_days": days}, "Edit Lead Time", merge=True)

    def _scaling_changed(self) -> None:
        self._show_scaling_fields()
        self._store({"scaling": self.scaling_combo.currentData()}, "Change Scaling Strategy")

    def _show_scaling_fields(self) -> None:
        horizontal = self.scaling_combo.currentData() == ScalingStrategy.HORIZONTAL.value
        self.min_spin.setEnabled(horizontal)
        self.max_spin.setEnabled(horizontal)

    def _autoscale_changed(self) -> None:
        low, high = self.min_spin.value() or None, self.max_spin.value() or None
        message = autoscale_error(ScalingStrategy(self.scaling_combo.currentData()), low, high)
        self._say(self.autoscale_error, message)
        if message:
            self._restore_spins((self.min_spin, "autoscale_min"), (self.max_spin, "autoscale_max"))
        else:
            self._store({"autoscale_min": low, "autoscale_max": high}, "Edit Autoscaling",
                        merge=True)

    def _growth_values(self) -> dict[str, Any] | None:
        """The growth fields' values when they are whole, else None with the reason shown."""
        others = self.baseline_edit.text().strip() or self.rationale_edit.text().strip()
        try:
            if not self.growth_edit.text().strip() and (others or self._has_growth()):
                raise ValueError("Growth needs a number (0 for none).")
            pct = (_number(self.growth_edit.text(), "Growth")
                   if self.growth_edit.text().strip() else 0.0)
            baseline = (_number(self.baseline_edit.text(), "Baseline demand")
                        if self.baseline_edit.text().strip() else None)
            message = growth_error(pct, baseline)
        except ValueError as exc:
            message = str(exc)
        self._say(self.growth_error, message)
        if message:
            return None
        return {"monthly_growth_pct": pct, "baseline": baseline,
                "rationale": self.rationale_edit.text().strip()}

    def _growth_typed(self) -> None:
        """An assumption already stored follows each whole value typed (one undo step);
        a new one is added when the user leaves the field."""
        if self.resource_id is None or self._loading or self.plan_id is None:
            return
        existing = capacity.growth_for(self._ops.ws, self.resource_id)
        values = self._growth_values()
        if existing is None:
            return
        if values is None:
            self._ops.withdraw_open_run(existing.id)
            return
        self._ops.run(edits.set_growth(existing.id, self.plan_id, self.resource_id, values))

    def _has_growth(self) -> bool:
        return self.resource_id is not None and \
            capacity.growth_for(self._ops.ws, self.resource_id) is not None

    def _growth_finished(self) -> None:
        self._ops.seal()
        if self.resource_id is None or self._loading or self.plan_id is None:
            return
        values = self._growth_values()
        existing = capacity.growth_for(self._ops.ws, self.resource_id)
        if values is None:
            # Leaving with text that is no value: the stored assumption comes back,
            # with the message still shown.
            self._show_growth(existing)
            return
        if existing is not None and (
            existing.monthly_growth_pct, existing.baseline, existing.rationale
        ) == (values["monthly_growth_pct"], values["baseline"], values["rationale"]):
            return
        if existing is None and values == {"monthly_growth_pct": 0.0, "baseline": None,
                                           "rationale": ""}:
            return
        self._ops.run(edits.set_growth(existing.id if existing else None, self.plan_id,
                                       self.resource_id, values))
        self._ops.seal()

    def _show_growth(self, growth: Any) -> None:
        shown = (f"{growth.monthly_growth_pct:.15g}" if growth else "",
                 f"{growth.baseline:.15g}" if growth and growth.baseline is not None
                 else "", growth.rationale if growth else "")
        for edit, text in zip((self.growth_edit, self.baseline_edit,
                               self.rationale_edit), shown, strict=True):
            if edit.hasFocus() and not self.growth_error.isVisible():
                continue  # never rewrite what the user is typing
            if _safe(edit.text()) != _safe(text) or (
                    edit is self.rationale_edit and edit.text().strip() != text):
                edit.setText(text)

    def _redundancy_changed(self, column: str) -> None:
        redundancy = Redundancy(self.redundancy_combo.currentData())
        units, k, zones = self.units_spin.value(), self.k_spin.value(), self.zones_spin.value()
        self._show_redundancy_fields(redundancy)
        message = redundancy_error(redundancy, k, zones, units)
        self._say(self.redundancy_error, message)
        if message:
            if column != "redundancy":  # a number that breaks the rule: the stored one is back
                self._restore_spins((self.units_spin, "current_units"),
                                    (self.k_spin, "spare_units"), (self.zones_spin, "zones"))
            return
        values: dict[str, Any] = {"current_units": units, "spare_units": k, "zones": zones,
                                  "redundancy": redundancy.value}
        if getattr(self, "_home", None):  # the count lives in the inventory: never copy it
            del values["current_units"]
        self._store(values, "Change Redundancy" if column == "redundancy" else "Edit Units",
                    merge=column != "redundancy")

    def _restore_spins(self, *fields: tuple[SpinBox, str]) -> None:
        """Show the stored numbers again (the message beside them stays)."""
        row = capacity.resource_row(self._ops.ws, self.resource_id) if self.resource_id else None
        if row is None:
            return
        for spin, column in fields:
            was = spin.blockSignals(True)
            try:
                spin.setValue(row[column] or 0)
            finally:
                spin.blockSignals(was)

    def _show_redundancy_fields(self, redundancy: Redundancy) -> None:
        self.k_spin.setEnabled(redundancy is Redundancy.N_PLUS_K)
        self.zones_spin.setEnabled(redundancy is Redundancy.ZONE)

    # Loading ---------------------------------------------------------------------

    _loading = False

    def load(self, resource_id: str | None, plan_id: str | None) -> None:
        self.resource_id, self.plan_id = resource_id, plan_id
        self._row = capacity.resource_row(self._ops.ws, resource_id) if resource_id else None
        self.setEnabled(self._row is not None and not self._ops.read_only)
        if self._row is None:
            return
        row = self._row
        self._loading = True
        try:
            for edit, column in ((self.name_edit, "name"), (self.unit_edit, "unit"),
                                 (self.unit_name_edit, "unit_name")):
                if edit.text().strip() != row[column]:
                    edit.setText(row[column])
            if not row["capacity_known"]:  # never show a stand-in nobody typed
                self.per_unit_edit.setPlaceholderText("not set: needed for sizing")
                if not self.per_unit_error.isVisible() and not self.per_unit_edit.hasFocus():
                    self.per_unit_edit.setText("")
            elif not self.per_unit_error.isVisible() and _safe(self.per_unit_edit.text()) != \
                    row["capacity_per_unit"]:
                self.per_unit_edit.setText(f"{row['capacity_per_unit']:.15g}")
            if not self.headroom_error.isVisible() and _safe(self.headroom_edit.text()) != \
                    row["headroom_pct"]:
                self.headroom_edit.setText(f"{row['headroom_pct']:.15g}")
            home = capacity.instance_home(self._ops.ws, row["id"])
            self._home = home
            self.units_spin.setEnabled(home is None)
            self.units_spin.setToolTip(
                f"From the architecture inventory: {home[0]} runs {home[1]} instances. "
                "Change the count there." if home else ""
            )
            if not self.redundancy_error.isVisible():
                self.units_spin.setValue(home[1] if home else row["current_units"])
                self.k_spin.setValue(row["spare_units"])
                self.zones_spin.setValue(row["zones"])
                self.redundancy_combo.setCurrentIndex(
                    self.redundancy_combo.findData(row["redundancy"]))
            self._show_redundancy_fields(Redundancy(row["redundancy"]))
            self.scaling_combo.setCurrentIndex(self.scaling_combo.findData(row["scaling"]))
            if not self.autoscale_error.isVisible():
                self.min_spin.setValue(row["autoscale_min"] or 0)
                self.max_spin.setValue(row["autoscale_max"] or 0)
            self._show_scaling_fields()
            self.lead_spin.setValue(row["lead_time_days"])
            self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(
                row["model_override"])))
            self.component_combo.clear()
            self.component_combo.addItem("None", None)
            for cid, name in capacity.components(self._ops.ws, row["plan_id"]):
                self.component_combo.addItem(name, cid)
            self.component_combo.setCurrentIndex(max(0, self.component_combo.findData(
                row["component_id"])))
            self.component_combo.setEnabled(self.component_combo.count() > 1)
            growth = capacity.growth_for(self._ops.ws, row["id"])
            if not self.growth_error.isVisible():
                self._show_growth(growth)
            if self.notes_edit.toPlainText() != row["notes"]:
                self.notes_edit.setPlainText(row["notes"])
        finally:
            self._loading = False


def _safe(text: str) -> float | None:
    try:
        return _number(text)
    except ValueError:
        return None
