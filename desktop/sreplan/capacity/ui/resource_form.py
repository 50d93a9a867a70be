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
    QSpinBox,
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
    headroom_error,
    redundancy_error,
)
from sreplan.ui.fields import align_labels, error_label, fill_choices
from sreplan.ui.operations import Operations

TABLE = capacity.RESOURCES


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None


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
        self.units_spin = QSpinBox()
        self.units_spin.setRange(0, 100_000)
        self.redundancy_combo = QComboBox()
        fill_choices(self.redundancy_combo, Redundancy)
        self.k_spin = QSpinBox()
        self.k_spin.setRange(0, 2)
        self.zones_spin = QSpinBox()
        self.zones_spin.setRange(1, 12)
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
        self.min_spin = QSpinBox()
        self.max_spin = QSpinBox()
        for spin, name in ((self.min_spin, "Autoscaling minimum"),
                           (self.max_spin, "Autoscaling maximum")):
            spin.setRange(0, 100_000)
            spin.setSpecialValueText("–")
            spin.setAccessibleName(name)
        bounds.addWidget(QLabel("min"))
        bounds.addWidget(self.min_spin)
        bounds.addWidget(QLabel("max"))
        bounds.addWidget(self.max_spin)
        bounds.addStretch(1)
        self.autoscale_error = error_label()
        self.lead_spin = QSpinBox()
        self.lead_spin.setRange(0, 3650)
        self.lead_spin.setSuffix(" days")
        self.model_combo = QComboBox()
        self.model_combo.addItem("Automatic (holdout error)", "")
        for kind in ModelKind:
            if kind is not ModelKind.GROWTH:
                self.model_combo.addItem(kind.label, kind.value)
        cform.addRow("&Strategy:", self.scaling_combo)
        cform.addRow("Autoscaling:", bounds)
        cform.addRow("", self.autoscale_error)
        cform.addRow("&Lead time:", self.lead_spin)
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
                                           self.per_unit_error, "Edit Capacity per Unit"))
        self.headroom_edit.textEdited.connect(
            lambda t: self._checked_number(t, "headroom_pct", headroom_error,
                                           self.headroom_error, "Edit Target Utilisation"))
        for edit in (self.per_unit_edit, self.headroom_edit):
            edit.editingFinished.connect(self._ops.seal)
        for spin, column in ((self.units_spin, "current_units"), (self.k_spin, "spare_units"),
                             (self.zones_spin, "zones")):
            spin.valueChanged.connect(lambda _v, c=column: self._redundancy_changed(c))
        self.redundancy_combo.activated.connect(lambda _i: self._redundancy_changed("redundancy"))
        self.min_spin.valueChanged.connect(lambda _v: self._autoscale_changed())
        self.max_spin.valueChanged.connect(lambda _v: self._autoscale_changed())
        self.lead_spin.valueChanged.connect(
            lambda v: self._store({"lead_time_days": v}, "Edit Lead Time", merge=True))
        self.scaling_combo.activated.connect(lambda _i: self._scaling_changed())
        self.model_combo.activated.connect(lambda _i: self._store(
            {"model_override": self.model_combo.currentData()}, "Change Forecast Model"))
        self.component_combo.activated.connect(lambda _i: self._store(
            {"component_id": self.component_combo.currentData()}, "Link Component"))
        for edit in (self.growth_edit, self.baseline_edit, self.rationale_edit):
            edit.textEdited.connect(lambda _t: self._growth_edited())
            edit.editingFinished.connect(self._ops.seal)
        self.notes_edit.textChanged.connect(lambda: self._store(
            {"notes": self.notes_edit.toPlainText()}, "Edit Notes", merge=True))

    def _store(self, values: dict[str, Any], label: str, merge: bool = False,
               ok: bool = True) -> None:
        if self.resource_id is None or self._loading or not ok:
            return
        self._ops.set_fields(TABLE, self.resource_id, values, label, self.plan_id, merge=merge)

    def _checked_number(self, text: str, column: str, check: Callable[[float], str | None],
                        error: QLabel, label: str) -> None:
        try:
            value = _number(text)
            message = check(value)
        except ValueError as exc:
            message = f"{str(exc)[0].upper()}{str(exc)[1:]}."
        error.setText(message or "")
        error.setVisible(bool(message))
        if not message:
            # A typed capacity per unit is what lets the outlook size the resource.
            extra = {"capacity_known": 1} if column == "capacity_per_unit" else {}
            self._store({column: value, **extra}, label, merge=True)

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
        self.autoscale_error.setText(message or "")
        self.autoscale_error.setVisible(bool(message))
        if not message:
            self._store({"autoscale_min": low, "autoscale_max": high}, "Edit Autoscaling",
                        merge=True)

    def _growth_edited(self) -> None:
        if self.resource_id is None or self._loading or self.plan_id is None:
            return
        try:
            pct = _number(self.growth_edit.text()) if self.growth_edit.text().strip() else 0.0
            baseline = (_number(self.baseline_edit.text())
                        if self.baseline_edit.text().strip() else None)
            if baseline is not None and baseline < 0:
                raise ValueError("the baseline cannot be negative")
            if pct <= -100:
                raise ValueError("growth must be above -100% a month")
            message = None
        except ValueError as exc:
            message = f"{str(exc)[0].upper()}{str(exc)[1:]}."
        self.growth_error.setText(message or "")
        self.growth_error.setVisible(bool(message))
        if message:
            return
        values = {"monthly_growth_pct": pct, "baseline": baseline,
                  "rationale": self.rationale_edit.text().strip()}
        existing = capacity.growth_for(self._ops.ws, self.resource_id)
        self._ops.run(edits.set_growth(existing.id if existing else None, self.plan_id,
                                       self.resource_id, values))

    def _redundancy_changed(self, column: str) -> None:
        redundancy = Redundancy(self.redundancy_combo.currentData())
        units, k, zones = self.units_spin.value(), self.k_spin.value(), self.zones_spin.value()
        self._show_redundancy_fields(redundancy)
        message = redundancy_error(redundancy, k, zones, units)
        self.redundancy_error.setText(message or "")
        self.redundancy_error.setVisible(bool(message))
        if message:
            return
        values: dict[str, Any] = {"current_units": units, "spare_units": k, "zones": zones,
                                  "redundancy": redundancy.value}
        if getattr(self, "_home", None):  # the count lives in the inventory: never copy it
            del values["current_units"]
        self._store(values, "Change Redundancy" if column == "redundancy" else "Edit Units",
                    merge=column != "redundancy")

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
                self.per_unit_edit.setText(f"{row['capacity_per_unit']:g}")
            if not self.headroom_error.isVisible() and _safe(self.headroom_edit.text()) != \
                    row["headroom_pct"]:
                self.headroom_edit.setText(f"{row['headroom_pct']:g}")
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
                shown = (f"{growth.monthly_growth_pct:g}" if growth else "",
                         f"{growth.baseline:g}" if growth and growth.baseline is not None
                         else "", growth.rationale if growth else "")
                for edit, text in zip((self.growth_edit, self.baseline_edit,
                                       self.rationale_edit), shown, strict=True):
                    if _safe(edit.text()) != _safe(text) or (
                            edit is self.rationale_edit and edit.text().strip() != text):
                        edit.setText(text)
            if self.notes_edit.toPlainText() != row["notes"]:
                self.notes_edit.setPlainText(row["notes"])
        finally:
            self._loading = False


def _safe(text: str) -> float | None:
    try:
        return _number(text)
    except ValueError:
        return None
