"""The calendar of computed shifts: a week or a month, one lane per layer, coloured per person.

Painted directly (no item per shift), so paging through a year is instant. Gaps
(a layer meant to be covered with nobody on it) are drawn as red hatched bands.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from sreplan.kernel.errors import UserError
from sreplan.oncall.health import gaps
from sreplan.oncall.model import Rotation, Schedule, Shift, expand, to_utc, validate
from sreplan.ui.tones import Tone, colour

# Colour-blind-friendly qualitative palette (Okabe-Ito, then Tableau) for people.
PERSON_COLOURS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#FF9DA7", "#9C755F",
)  # fmt: skip


def person_colour(rotation: Rotation, person_id: str) -> QColor:
    ids = [p.id for p in rotation.people]
    index = ids.index(person_id) if person_id in ids else len(ids)
    return QColor(PERSON_COLOURS[index % len(PERSON_COLOURS)])


class CalendarCanvas(QWidget):
    """Paints one period: day columns, one lane per layer, a block per shift."""

    scrolled = Signal(int)  # -1: earlier, +1: later (mouse wheel or touchpad)

    LABEL_WIDTH = 110
    HEADER = 34
    LANE = 46

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rotation: Rotation | None = None
        self.schedule: Schedule | None = None
        self.days: list[date] = []
        self.gap_spans: list[tuple[str, datetime, datetime]] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(self.HEADER + 2 * self.LANE + 10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("On-call calendar")

    def show_period(self, rotation: Rotation, first: date, days: int) -> None:
        tz = rotation.zone
        start, _ = to_utc(datetime.combine(first, time(0, 0)), tz)
        end, _ = to_utc(datetime.combine(first + timedelta(days=days), time(0, 0)), tz)
        self.rotation = rotation
        self.schedule = expand(rotation, start, end)
        self.days = [first + timedelta(days=i) for i in range(days)]
        self.gap_spans = gaps(rotation, self.schedule)
        self.setMinimumHeight(self.HEADER + max(1, len(rotation.layers)) * self.LANE + 10)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, self.minimumHeight())

    # Geometry ---------------------------------------------------------------------------

    def _x(self, moment: datetime) -> float:
        assert self.schedule is not None
        span = (self.schedule.end - self.schedule.start).total_seconds()
        width = self.width() - self.LABEL_WIDTH - 8
        offset = (moment - self.schedule.start).total_seconds()
        return self.LABEL_WIDTH + width * max(0.0, min(1.0, offset / span))

    @property
    def lane_height(self) -> float:
        """Lanes grow with the window, up to three times their least height."""
        count = max(1, len(self.rotation.layers)) if self.rotation else 1
        room = (self.height() - self.HEADER - 10) / count
        return float(max(self.LANE, min(3 * self.LANE, room)))

    def _lane(self, layer_index: int) -> QRectF:
        lane = self.lane_height
        return QRectF(
            self.LABEL_WIDTH, self.HEADER + layer_index * lane + 3,
            self.width() - self.LABEL_WIDTH - 8, lane - 6,
        )  # fmt: skip

    def shift_at(self, x: float, y: float) -> Shift | None:
        if self.rotation is None or self.schedule is None:
            return None
        lane = int((y - self.HEADER) // self.lane_height)
        if not 0 <= lane < len(self.rotation.layers):
            return None
        layer_id = self.rotation.layers[lane].id
        for shift in self.schedule.shifts:
            if shift.layer_id == layer_id and self._x(shift.start) <= x < self._x(shift.end):
                return shift
        return None

    # Painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        if self.rotation is None or self.schedule is None or not self.days:
            painter.end()
            return
        rotation, tz = self.rotation, self.rotation.zone
        text_pen = QPen(palette.text().color())
        grid = QColor(palette.mid().color())
        metrics = QFontMetrics(self.font())
        bottom = self.HEADER + len(rotation.layers) * self.lane_height
        # Day columns and their labels (weekends shaded).
        many = len(self.days) > 10
        for day in self.days:
            a, _ = to_utc(datetime.combine(day, time(0, 0)), tz)
            b, _ = to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)), tz)
            x0, x1 = self._x(a), self._x(b)
            if day.weekday() >= 5:
                shade = QColor(palette.text().color())
                shade.setAlpha(18)
                painter.fillRect(QRectF(x0, 0, x1 - x0, bottom), shade)
            painter.setPen(QPen(grid))
            painter.drawLine(QPointF(x0, 4), QPointF(x0, bottom))
            painter.setPen(text_pen)
            label = f"{day:%a}"[0] + f"\n{day.day}" if many else f"{day:%a %d %b}"
            painter.drawText(
                QRectF(x0, 2, x1 - x0, self.HEADER - 4), Qt.AlignmentFlag.AlignCenter, label
            )
        # Lanes: layer names, shifts, gaps.
        names = {p.id: p.name for p in rotation.people}
        for i, layer in enumerate(rotation.layers):
            lane = self._lane(i)
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(4, lane.top(), self.LABEL_WIDTH - 8, lane.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(layer.name, Qt.TextElideMode.ElideRight, self.LABEL_WIDTH - 8),
            )
            for shift in self.schedule.shifts:
                if shift.layer_id != layer.id:
                    continue
                x0, x1 = self._x(shift.start), self._x(shift.end)
                block = QRectF(x0, lane.top(), max(1.0, x1 - x0), lane.height())
                fill = person_colour(rotation, shift.person_id)
                painter.fillRect(block, fill)
                if shift.source == "override":
                    painter.setPen(QPen(palette.text().color(), 2, Qt.PenStyle.DashLine))
                    painter.drawRect(block.adjusted(1, 1, -1, -1))
                name = names.get(shift.person_id, "?")
                if block.width() > 24:
                    light = fill.lightness() > 150
                    painter.setPen(QPen(QColor("#000000" if light else "#ffffff")))
                    room = int(block.width()) - 4
                    if metrics.horizontalAdvance(name) > room:
                        name = name.split()[0]  # the first name, when the full one won't fit
                    text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
                    painter.drawText(
                        block.adjusted(3, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, text
                    )
            for layer_id, a, b in self.gap_spans:
                if layer_id != layer.id:
                    continue
                block = QRectF(self._x(a), lane.top(), max(2.0, self._x(b) - self._x(a)),
                               lane.height())  # fmt: skip
                bad = colour(Tone.BAD, palette)
                painter.fillRect(block, QBrush(bad, Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(bad, 2))
                painter.drawRect(block)
        # Now.
        now = datetime.now(UTC)
        if self.schedule.start <= now < self.schedule.end:
            painter.setPen(QPen(colour(Tone.ACTIVE, palette), 2))
            x = self._x(now)
            painter.drawLine(QPointF(x, self.HEADER - 4), QPointF(x, bottom))
        painter.end()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        step = delta.y() or -delta.x()
        if step:
            self.scrolled.emit(-1 if step > 0 else 1)
        event.accept()

    def event(self, e):  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent

        if e.type() == QEvent.Type.ToolTip and self.rotation is not None:
            pos = e.position() if hasattr(e, "position") else QPointF(e.pos())
            shift = self.shift_at(pos.x(), pos.y())
            if shift is not None:
                QToolTip.showText(e.globalPos(), self.describe(shift), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def describe(self, shift: Shift) -> str:
        assert self.rotation is not None
        tz = self.rotation.zone
        person = self.rotation.person(shift.person_id)
        layer = self.rotation.layer(shift.layer_id)
        local = ""
        if person is not None and person.time_zone != self.rotation.time_zone:
            pz = person.zone
            local = (
                f"\n{person.name}'s time: {shift.start.astimezone(pz):%a %d %b %H:%M} – "
                f"{shift.end.astimezone(pz):%a %d %b %H:%M %Z}"
            )
        kind = " (override)" if shift.source == "override" else ""
        return (
            f"{layer.name if layer else '?'}: {person.name if person else '?'}{kind}\n"
            f"{shift.start.astimezone(tz):%a %d %b %H:%M} – "
            f"{shift.end.astimezone(tz):%a %d %b %H:%M %Z} ({shift.hours:g} h){local}"
        )


class CalendarView(QWidget):
    """The canvas with its controls: week or month, previous, today, next, and a legend."""

    period_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rotation: Rotation | None = None
        self.today = date.today()
        self.first = self._week_start(self.today)
        self.mode = "week"
        self.navigated = False  # until the user pages, the calendar follows ``today``
        self.canvas = CalendarCanvas()
        self.canvas.scrolled.connect(self.step)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.week_button = QPushButton("&Week")
        self.month_button = QPushButton("&Month")
        for b in (self.week_button, self.month_button):
            b.setCheckable(True)
        self.week_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.week_button)
        group.addButton(self.month_button)
        self.prev_button = QPushButton("◀ Previous")
        self.today_button = QPushButton("Today")
        self.next_button = QPushButton("Next ▶")
        self.prev_button.setAccessibleName("Previous period")
        self.next_button.setAccessibleName("Next period")
        self.week_button.clicked.connect(lambda: self.set_mode("week"))
        self.month_button.clicked.connect(lambda: self.set_mode("month"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.bar = bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for b in (self.week_button, self.month_button, self.prev_button, self.today_button,
                  self.next_button):  # fmt: skip
            bar.addWidget(b)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)
        self.legend_row = QHBoxLayout()
        self.legend_row.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(self.legend_row)
        layout.addWidget(self.legend)

    @staticmethod
    def _week_start(day: date) -> date:
        return day - timedelta(days=day.weekday())

    def set_rotation(self, rotation: Rotation | None) -> None:
        self.rotation = rotation
        if not self.navigated:
            self.first = (
                self._week_start(self.today) if self.mode == "week" else self.today.replace(day=1)
            )
        self._build_legend()
        self.refresh()

    def set_mode(self, mode: str) -> None:
        self.navigated = True
        self.mode = mode
        self.week_button.setChecked(mode == "week")
        self.month_button.setChecked(mode == "month")
        if mode == "week":
            self.first = self._week_start(self.first)
        else:  # the month holding most of the week shown
            self.first = (self.first + timedelta(days=3)).replace(day=1)
        self.refresh()

    def go_today(self) -> None:
        self.first = (
            self._week_start(self.today) if self.mode == "week" else self.today.replace(day=1)
        )
        self.refresh()

    def step(self, direction: int) -> None:
        self.navigated = True
        if self.mode == "week":
            self.first += timedelta(days=7 * direction)
        else:
            month = self.first.month - 1 + direction
            self.first = date(self.first.year + month // 12, month % 12 + 1, 1)
        self.refresh()

    def _days(self) -> int:
        if self.mode == "week":
            return 7
        nxt = date(self.first.year + self.first.month // 12, self.first.month % 12 + 1, 1)
        return (nxt - self.first).days

    def refresh(self) -> None:
        if self.rotation is None or not self.rotation.layers:
            self.canvas.rotation = None
            self.canvas.update()
            self.title.setText("Add people and a layer to see the calendar.")
            return
        days = self._days()
        try:
            validate(self.rotation)
            self.canvas.show_period(self.rotation, self.first, days)
        except UserError as exc:
            self.canvas.rotation = None
            self.canvas.update()
            self.title.setText(str(exc))
            return
        last = self.first + timedelta(days=days - 1)
        if self.mode == "week":
            text = f"Week of {self.first:%d %b %Y} – {last:%d %b %Y}"
        else:
            text = f"{self.first:%B %Y}"
        gaps_here = len(self.canvas.gap_spans)
        note = f" · {gaps_here} gap(s)" if gaps_here else ""
        self.title.setText(f"{text} ({self.rotation.time_zone}){note}")
        self.period_changed.emit()

    def _build_legend(self) -> None:
        while self.legend_row.count():
            item = self.legend_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if self.rotation is None:
            self.legend.setText("")
            return
        for person in self.rotation.people:
            swatch = QLabel("■")
            swatch.setStyleSheet(f"color: {person_colour(self.rotation, person.id).name()};")
            name = QLabel(person.name)
            name.setTextFormat(Qt.TextFormat.PlainText)
            pair = QHBoxLayout()
            pair.setSpacing(3)
            pair.addWidget(swatch)
            pair.addWidget(name)
            holder = QWidget()
            holder.setLayout(pair)
            pair.setContentsMargins(0, 0, 0, 0)
            self.legend_row.addWidget(holder)
        self.legend_row.addStretch(1)
        self.legend.setText(
            "Dashed outline: override. Red hatching: a gap (nobody on the layer). "
            "Shaded columns: weekends. Hover a shift for its times in the person's own zone."
        )
