"""The outlook of one resource: its figures, live what-if controls and the chart.

Demand history is loaded once per resource; every what-if change recomputes
the outlook from it (milliseconds) and redraws the chart into the same figure.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sreplan.capacity import store as capacity
from sreplan.capacity.model import NEEDS_CAPACITY, counted, target_text
from sreplan.capacity.outlook import SIZING_BOUND, Outlook, WhatIf, compute_outlook
from sreplan.capacity.series_store import load_series
from sreplan.ui.fields import plain_label
from sreplan.ui.operations import Operations
from sreplan.ui.tones import Tone, mute, style

HORIZONS = (("90 days", 90), ("180 days", 180), ("1 year", 365), ("2 years", 730))


def _n(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


class OutlookPanel(QWidget):
    recomputed = Signal(object)  # Outlook

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self._ops = ops
        self.resource_id: str | None = None
        self.today = date.today()
        self.outlook: Outlook | None = None
        self._data: tuple[Any, ...] | None = None
        self._canvas: Any = None
        self._figure: Any = None

        # Spin-box changes arriving together (arrow held down) recompute once.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.recompute)

        self.horizon_combo = QComboBox()
        for text, days in HORIZONS:
            self.horizon_combo.addItem(text, days)
        self.horizon_combo.setCurrentIndex(1)
        self.horizon_combo.setAccessibleName("Forecast horizon")
        self.growth_spin = self._double("Extra growth", -50, 200, "% / month", 0.5)
        self.multiplier_spin = self._double("Event multiplier", 0, 50, "×", 0.1)
        self.multiplier_spin.setSpecialValueText("as planned")
        self.headroom_spin = self._double("Headroom", 1, 100, "%", 1)
        self.per_unit_spin = self._double("Capacity per unit", 0.001, 1e9, "", 10)
        self.k_spin = QSpinBox()
        self.k_spin.setRange(0, 2)
        self.k_spin.setAccessibleName("What-if k")
        self.k_spin.valueChanged.connect(lambda *_: self._soon.start())
        self.reset_button = QPushButton("Reset what-if")
        self.reset_button.clicked.connect(self.reset_what_if)
        self.horizon_combo.currentIndexChanged.connect(lambda *_: self._soon.start())

        controls = QGroupBox("What if (not saved)")
        form = QFormLayout(controls)
        form.addRow("Hori&zon:", self.horizon_combo)
        form.addRow("Extra &growth:", self.growth_spin)
        form.addRow("E&vent multiplier:", self.multiplier_spin)
        form.addRow("&Target utilisation:", self.headroom_spin)
        form.addRow("Capacity per &unit:", self.per_unit_spin)
        form.addRow("&k:", self.k_spin)
        form.addRow("", self.reset_button)

        figures = QGroupBox("Outlook")
        grid = QFormLayout(figures)
        self.labels: dict[str, QLabel] = {}
        self.reason = plain_label()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName("Why this model")
        mute(self.reason)
        for key, title in (("model", "Model"), ("peak", "Peak by horizon"),
                           ("capacity", "Capacity"), ("needed", "Units needed"),
                           ("utilisation", "Utilisation at peak"), ("events", "Events"),
                           ("exhaustion", "Runs out"), ("order_by", "Order by")):
            label = plain_label()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(title)
            self.labels[key] = label
            grid.addRow(f"{title}:", label)
            if key == "model":
                grid.addRow(self.reason)
        self.warnings = plain_label()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(style(Tone.BAD, bold=True))
        self.warnings.setAccessibleName("Warnings")
        grid.addRow(self.warnings)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        # The what-if controls first: on a 1280×800 screen they stay above the fold.
        side_layout.addWidget(controls)
        side_layout.addWidget(figures)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(340)
        scroll.setMaximumWidth(470)
        self.chart_box = QVBoxLayout()
        layout = QHBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(self.chart_box, 1)

    def _double(self, name: str, low: float, high: float, suffix: str,
                step: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(3 if step < 1 else 1)
        spin.setSingleStep(step)
        if suffix:
            spin.setSuffix(f" {suffix}")
        spin.setAccessibleName(name)
        spin.setKeyboardTracking(True)
        spin.valueChanged.connect(lambda *_: self._soon.start())
        return spin

    # Data --------------------------------------------------------------------------

    def load(self, resource_id: str | None) -> None:
        """Read the resource's stored data, set what-if to the stored values, recompute."""
        self.resource_id = resource_id
        self._data = None
        if resource_id is not None:
            ws = self._ops.ws
            resource = capacity.get_resource(ws, resource_id)
            times, values = load_series(ws, resource_id)
            events = capacity.list_events(ws, resource.plan_id)
            self._data = (resource, times, values, events, capacity.growth_for(ws, resource_id))
        self.reset_what_if()

    def reset_what_if(self) -> None:
        spins = (self.growth_spin, self.multiplier_spin, self.headroom_spin, self.per_unit_spin,
                 self.k_spin)
        for spin in spins:
            spin.blockSignals(True)
        self.growth_spin.setValue(0.0)
        self.multiplier_spin.setValue(0.0)
        if self._data is not None:
            resource = self._data[0]
            self.headroom_spin.setValue(resource.headroom_pct)
            self.per_unit_spin.setValue(resource.capacity_per_unit)
            self.k_spin.setValue(resource.spare_units)
            self.k_spin.setEnabled(resource.redundancy.value == "n_plus_k")
        for spin in spins:
            spin.blockSignals(False)
        self.recompute()

    def what_if(self) -> WhatIf:
        assert self._data is not None
        resource = self._data[0]
        return WhatIf(
            extra_growth_pct_month=self.growth_spin.value(),
            event_multiplier=self.multiplier_spin.value() or None,
            headroom_pct=self.headroom_spin.value(),
            # Without a capacity per unit the spin's stand-in does not size anything.
            capacity_per_unit=self.per_unit_spin.value() if resource.capacity_known
            or self.per_unit_spin.value() != resource.capacity_per_unit else None,
            spare_units=min(self.k_spin.value(), max(resource.current_units - 1, 0)),
        )

    def recompute(self) -> None:
        self._soon.stop()
        if self._data is None:
            self.outlook = None
            self._show(None)
            return
        resource, times, values, events, growth = self._data
        self.outlook = compute_outlook(resource, times, values, events, growth, today=self.today,
                                       horizon_days=int(self.horizon_combo.currentData()),
                                       what_if=self.what_if())
        self._show(self.outlook)
        self.recomputed.emit(self.outlook)

    # Display -----------------------------------------------------------------------

    def _show(self, o: Outlook | None) -> None:
        for label in self.labels.values():
            label.setText("")
        self.warnings.setText("")
        self.reason.setText("")
        if o is None:
            self._draw()
            return
        r = o.resource
        unit = f" {r.unit}" if r.unit else ""
        lab = self.labels
        if o.forecast is None:
            lab["model"].setText(o.warnings[0])
        else:
            lab["model"].setText(o.forecast.kind.label)
            self.reason.setText(o.forecast.reason)
        if o.peak is not None and o.peak_interval80 and o.peak_interval95:
            lab["peak"].setText(
                f"{_n(o.peak)}{unit} by {o.horizon_end} (80%: {_n(o.peak_interval80[0])}–"
                f"{_n(o.peak_interval80[1])}; 95%: {_n(o.peak_interval95[0])}–"
                f"{_n(o.peak_interval95[1])})")
        lab["capacity"].setText(
            f"Not set: {NEEDS_CAPACITY}" if not o.sized else
            f"{_n(o.usable_capacity)}{unit} usable of {_n(o.raw_capacity)} raw "
            f"({counted(r.current_units, r.unit_name)} × {_n(r.capacity_per_unit)}, "
            f"{target_text(r.headroom_pct)})")
        if o.units_needed is not None:
            lab["needed"].setText(f"{o.units_text(r.unit_name, r.current_units)} "
                                f"(sized for the {SIZING_BOUND})")
        if o.utilisation_pct is not None:
            lab["utilisation"].setText(f"{o.utilisation_pct:,.0f}% of what is left after the "
                                     f"planned loss (target utilisation {r.headroom_pct:g}%)")
        lab["events"].setText("\n".join(
            f"{ep.label}, {ep.event.starts_on}: peak {_n(ep.peak_upper)}{unit}"
            + ("" if ep.units_needed is None or ep.utilisation_pct is None else
               f", needs {counted(ep.units_needed, r.unit_name)} "
               f"({ep.utilisation_pct:,.0f}% of today's)")
            for ep in o.event_peaks) or "None ahead")
        lab["exhaustion"].setText(str(o.exhaustion) if o.exhaustion else
                                f"Not by {o.horizon_end}" if o.sized else
                                "– (needs the capacity per unit)")
        lab["order_by"].setText(
            "–" if o.order_by is None else
            f"{o.order_by} — already past" if o.order_by_past else str(o.order_by))
        lab["order_by"].setStyleSheet(style(Tone.BAD, bold=True) if o.order_by_past else "")
        self.warnings.setText("\n".join(o.warnings[1:] if o.forecast is None else o.warnings))
        self._draw()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._draw()

    def _draw(self) -> None:
        """Draw the chart, creating the matplotlib canvas the first time it is visible."""
        if not self.isVisible():
            return
        if self._canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            self._figure = Figure(figsize=(8, 4), layout="constrained")
            self._canvas = FigureCanvasQTAgg(self._figure)  # type: ignore[no-untyped-call]
            self._canvas.setMinimumSize(360, 280)
            self._canvas.setAccessibleName("Capacity chart")
            self.chart_box.addWidget(self._canvas)
        if self.outlook is None or self._data is None:
            self._figure.clear()
        else:
            from sreplan.capacity.chart import capacity_figure

            _, times, values, _, _ = self._data
            capacity_figure(self.outlook, np.asarray(times), np.asarray(values),
                            figure=self._figure)
        self._canvas.draw_idle()
