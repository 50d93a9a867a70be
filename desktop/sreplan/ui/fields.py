"""Form fields bound to the columns of one record, writing through Operations.

A :class:`FieldBinder` keeps a form in step with one row: a user edit is
validated at the field (an error shows beside it and nothing is stored), then
saved as one undoable step (keystrokes in a field merge until it loses
focus), and ``load()`` shows the stored values again after any change,
including undo. Every editor's form uses it, so they all behave alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from sreplan.kernel.choices import Choice
from sreplan.kernel.edits import Edit
from sreplan.kernel.numbers import parse_number, parse_whole
from sreplan.ui.operations import Operations
from sreplan.ui.tones import Tone, style

Validator = Callable[[Any, dict[str, Any]], str | None]
# Builds the Edit for a field change: (record id, values, label, plan id, merge).
EditBuilder = Callable[[str, dict[str, Any], str, str | None, bool], Edit]


def error_label() -> QLabel:
    """A plain-text label for an inline validation message, hidden while there is none."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(style(Tone.BAD))
    label.setAccessibleName("Validation message")
    label.hide()
    return label



def align_labels(*boxes: QWidget) -> None:
    """Give the label columns of stacked forms one width, so their fields line up.

    Each group box's QFormLayout sizes its own label column; one above the other,
    the fields would start at different x positions.
    """
    labels: list[QWidget] = []
    for box in boxes:
        form = box.layout()
        if not isinstance(form, QFormLayout):
            continue
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = None if item is None else item.widget()
            if label is not None:
                labels.append(label)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def fill_choices(combo: QComboBox, choice: type[Choice]) -> None:
    for member in choice:
        combo.addItem(member.label, member.value)


_NO_DATE = QDate(1900, 1, 1)


class DateEdit(QDateEdit):
    """A date field that Tab leaves at once (Qt's steps through day, month and year
    first); the arrow keys still move between them."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class OptionalDateEdit(QWidget):
    """A date that may be unset: a checkbox switches the calendar on and off."""

    valueChanged = Signal(object)  # date | None

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = QCheckBox()
        self._check.setAccessibleName(f"{name} is set")
        self._edit = DateEdit()
        self._edit.setCalendarPopup(True)
        self._edit.setDisplayFormat("yyyy-MM-dd")
        self._edit.setAccessibleName(name)
        # Unset shows "No date", never another plan's date greyed out.
        self._edit.setMinimumDate(_NO_DATE)
        self._edit.setSpecialValueText("No date")
        self._edit.setDate(_NO_DATE)
        self._edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._check)
        layout.addWidget(self._edit, 1)
        # As tall as a date edit: a form with spare height must not stretch this row
        # (its label would then sit above the centred field).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self._check)
        self._check.toggled.connect(self._toggled)
        self._edit.dateChanged.connect(lambda _d: self.valueChanged.emit(self.value()))

    def _toggled(self, on: bool) -> None:
        self._edit.setEnabled(on)
        if on and self._edit.date() == _NO_DATE:
            was = self._edit.blockSignals(True)
            self._edit.setDate(QDate.currentDate())  # a date is switched on as today
            self._edit.blockSignals(was)
        self.valueChanged.emit(self.value())

    def value(self) -> date | None:
        if not self._check.isChecked():
            return None
        d = self._edit.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        blockers = [self._check.blockSignals(True), self._edit.blockSignals(True)]
        self._check.setChecked(value is not None)
        self._edit.setEnabled(value is not None)
        if value is None:
            self._edit.setDate(_NO_DATE)
        else:
            self._edit.setDate(QDate(value.year, value.month, value.day))
        self._check.blockSignals(blockers[0])
        self._edit.blockSignals(blockers[1])

    def set_read_only(self, read_only: bool) -> None:
        self._check.setEnabled(not read_only)
        self._edit.setReadOnly(read_only)

    def widgets(self) -> tuple[QWidget, QWidget]:
        return self._check, self._edit


class _Field:
    def __init__(
        self,
        column: str,
        label: str,
        get: Callable[[], Any],
        put: Callable[[Any], None],
        to_db: Callable[[Any], Any],
        from_db: Callable[[Any], Any],
        validate: Validator | None,
        error: QLabel | None,
        widget: QWidget,
    ) -> None:
        self.widget = widget
        self.column, self.label = column, label
        self.get, self.put, self.to_db, self.from_db = get, put, to_db, from_db
        self.validate, self.error = validate, error


def _shows(field: _Field, raw: Any) -> bool:
    """Whether the widget already shows ``raw`` in other words ("1.50" for 1.5)."""
    try:
        return bool(field.to_db(field.get()) == raw)
    except (ValueError, TypeError):
        return False


class FieldBinder(QObject):
    """Binds widgets to the columns of one record of ``table``."""

    def __init__(
        self,
        ops: Operations,
        table: str,
        parent: QObject | None = None,
        build: EditBuilder | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._table = table
        self._build = build  # None: ops.set_fields on ``table``
        self._fields: list[_Field] = []
        self._stored: dict[str, Any] = {}
        self.record_id: str | None = None
        self.plan_id: str | None = None

    # Binding ---------------------------------------------------------------

    def line(
        self,
        widget: QLineEdit,
        column: str,
        label: str,
        validate: Validator | None = None,
        error: QLabel | None = None,
        undo_text: str | None = None,
        to_db: Callable[[str], Any] = lambda v: v,
        from_db: Callable[[Any], str] = lambda v: v,
    ) -> None:
        """A text field; ``to_db``/``from_db`` convert a number typed as text (e.g. "1.5"),
        and ``validate`` must refuse any text ``to_db`` cannot read."""
        field = self._add(
            column,
            undo_text or f"Edit {label}",
            widget.text,
            widget.setText,
            validate,
            error,
            widget,
            to_db=to_db,
            from_db=from_db,
        )
        widget.textEdited.connect(lambda _t: self._edited(field, merge=True))
        widget.editingFinished.connect(lambda: self._finished(field))

    def text(self, widget: QPlainTextEdit, column: str, label: str) -> None:
        widget.setUndoRedoEnabled(False)
        field = self._add(
            column, f"Edit {label}", widget.toPlainText, widget.setPlainText, None, None, widget
        )
        widget.textChanged.connect(lambda: self._edited(field, merge=True))
        widget.installEventFilter(self)

    def choice(self, widget: QComboBox, column: str, label: str) -> None:
        field = self._add(
            column,
            f"Change {label}",
            widget.currentData,
            lambda v: widget.setCurrentIndex(max(0, widget.findData(v))),
            None,
            None,
            widget,
        )
        widget.activated.connect(lambda _i: self._edited(field, merge=False))

    def date(
        self,
        widget: OptionalDateEdit,
        column: str,
        label: str,
        validate: Validator | None = None,
        error: QLabel | None = None,
    ) -> None:
        field = self._add(
            column,
            f"Change {label}",
            widget.value,
            widget.set_value,
            validate,
            error,
            widget,
            to_db=lambda d: d.isoformat() if d else None,
            from_db=lambda s: date.fromisoformat(s) if s else None,
        )
        widget.valueChanged.connect(lambda _v: self._edited(field, merge=False))

    def _add(
        self,
        column: str,
        undo_text: str,
        get: Callable[[], Any],
        put: Callable[[Any], None],
        validate: Validator | None,
        error: QLabel | None,
        widget: QWidget,
        to_db: Callable[[Any], Any] = lambda v: v,
        from_db: Callable[[Any], Any] = lambda v: v,
    ) -> _Field:
        widget.setProperty("column", column)
        field = _Field(column, undo_text, get, put, to_db, from_db, validate, error, widget)
        self._fields.append(field)
        return field

    # Behaviour ---------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The values the widgets show now, by column."""
        return {f.column: f.get() for f in self._fields}

    def _edited(self, field: _Field, merge: bool) -> None:
        if self.record_id is None:
            return
        value = field.get()
        message = field.validate(value, self.values()) if field.validate else None
        if field.error is not None:
            field.error.setText(message or "")
            field.error.setVisible(bool(message))
        if message:
            # The text as a whole is not a value: the file keeps the value from before
            # this run of keystrokes, never the last valid prefix ("10" of "100").
            if merge:
                self._ops.withdraw_open_run(self.record_id)
            return
        values = {field.column: field.to_db(value)}
        if self._build is None:  # the kernel's generic edit of one record's fields
            self._ops.set_fields(
                self._table, self.record_id, values, field.label, self.plan_id, merge=merge
            )
        else:
            self._ops.run(self._build(self.record_id, values, field.label, self.plan_id, merge))

    def _finished(self, field: _Field) -> None:
        """Leaving a field that shows an invalid value brings the stored one back."""
        self._ops.seal()
        if field.error is None or not field.error.isVisible() or field.column not in self._stored:
            return
        was = field.widget.blockSignals(True)
        try:
            field.put(self._stored[field.column])
        finally:
            field.widget.blockSignals(was)

    def load(self, row: dict[str, Any] | None, record_id: str | None, plan_id: str | None) -> None:
        """Show a record's stored values; fields already showing them are left alone, and so
        is a field of the same record still showing a refused value with its message (the
        withdrawal of its keystrokes reloads the form mid-typing)."""
        same = record_id is not None and record_id == self.record_id
        self.record_id, self.plan_id = record_id, plan_id
        self._stored = {}
        for field in self._fields:
            refused = same and field.error is not None and field.error.isVisible()
            if field.error is not None and not refused:
                field.error.hide()
            if row is None:
                continue
            stored = field.from_db(row[field.column])
            self._stored[field.column] = stored
            if refused:
                continue
            if field.get() != stored and not _shows(field, row[field.column]):
                # Not a user edit: the widget's own signals stay quiet.
                was = field.widget.blockSignals(True)
                try:
                    field.put(stored)
                finally:
                    field.widget.blockSignals(was)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._ops.seal()
        return False


class AppUndoKeys(QObject):
    """Lets Undo/Redo reach the application's undo stack even inside a text field.

    Text widgets keep a private undo history and claim Ctrl+Z for it; here the
    file is the document, so the app-wide stack (which also covers the field's
    typing) must answer instead.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(
            watched, (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
        ):
            assert isinstance(event, QKeyEvent)
            pressed = QKeySequence(event.keyCombination())
            for standard in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
                if any(pressed == seq for seq in QKeySequence.keyBindings(standard)):
                    event.ignore()
                    return True
        return False


# Spin boxes that take a typed value only as a whole ---------------------------------
#
# A stock QSpinBox drops keystrokes its validator refuses and stores each valid prefix:
# typing "1e400" into a 0–100,000 field stores 1, then 1400; "120" into 0–2 stores 1.
# These keep every keystroke on screen, change the value only when the user presses
# Enter or leaves the field (or steps with the arrows), and when the text as a whole is
# no value in range they bring the previous value back and say why (``refused``).


def _spin_validate(box: QAbstractSpinBox, text: str, pos: int, parse: Callable[[str], float],
                   low: float, high: float) -> object:
    try:
        value = parse(_clean(box, text))
    except ValueError:
        return (QValidator.State.Intermediate, text, pos)
    state = QValidator.State.Acceptable if low <= value <= high else QValidator.State.Intermediate
    return (state, text, pos)


def _clean(box: QAbstractSpinBox, text: str) -> str:
    prefix = box.prefix() if isinstance(box, QSpinBox | QDoubleSpinBox) else ""
    suffix = box.suffix() if isinstance(box, QSpinBox | QDoubleSpinBox) else ""
    text = text.strip()
    if prefix and text.startswith(prefix.strip()):
        text = text[len(prefix.strip()):]
    if suffix and text.endswith(suffix.strip()):
        text = text[: -len(suffix.strip())]
    return text.strip()


class SpinBox(QSpinBox):
    """A whole-number field: see the note above. ``what`` names it in messages."""

    refused = Signal(str)

    def __init__(self, what: str, low: int = 0, high: int = 100_000,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.setRange(low, high)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setAccessibleName(what)

    def _parse(self, text: str) -> float:
        if self.specialValueText() and text == self.specialValueText():
            return float(self.minimum())
        return parse_whole(text, self._what, self.minimum(), self.maximum())

    def validate(self, text: str, pos: int) -> object:  # type: ignore[override]
        if self.specialValueText() and text.strip() == self.specialValueText():
            return (QValidator.State.Acceptable, text, pos)
        return _spin_validate(self, text, pos, self._parse, self.minimum(), self.maximum())

    def valueFromText(self, text: str) -> int:
        try:
            return int(self._parse(_clean(self, text)))
        except ValueError:
            return self.value()

    def fixup(self, text: str) -> str:
        return text  # never "99,9" -> 999: the text stays as typed and is refused

    def problem(self) -> str | None:
        """Why the text shown is not a value, or None."""
        text = self.text()
        if self.specialValueText() and text.strip() == self.specialValueText():
            return None
        try:
            self._parse(_clean(self, text))
        except ValueError as exc:
            return str(exc)
        return None

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._check()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._check()
        super().keyPressEvent(event)

    def _check(self) -> None:
        problem = self.problem()
        self._refused_now = bool(problem)
        if problem:
            self.refused.emit(f"{problem} Kept {self.textFromValue(self.value())}.")

    def take_refusal(self) -> bool:
        """Whether the editing that just finished was refused (for editingFinished slots)."""
        refused, self._refused_now = getattr(self, "_refused_now", False), False
        return refused


class DoubleSpinBox(QDoubleSpinBox):
    """A number field (decimal point or comma): see the note above."""

    refused = Signal(str)

    def __init__(self, what: str, low: float, high: float, decimals: int = 2,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.setDecimals(decimals)
        self.setRange(low, high)
        self.setKeyboardTracking(False)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setAccessibleName(what)

    def _parse(self, text: str) -> float:
        value = parse_number(text, self._what)
        if not self.minimum() <= value <= self.maximum():
            raise ValueError(f"{self._what} must be from {self.minimum():g} to "
                             f"{self.maximum():g}.")
        if round(value, self.decimals()) != value:
            raise ValueError(f"{self._what} takes at most {self.decimals()} decimals.")
        return value

    def _special(self, text: str) -> bool:
        return bool(self.specialValueText()) and text.strip() == self.specialValueText()

    def validate(self, text: str, pos: int) -> object:  # type: ignore[override]
        if self._special(text):
            return (QValidator.State.Acceptable, text, pos)
        return _spin_validate(self, text, pos, self._parse, self.minimum(), self.maximum())

    def valueFromText(self, text: str) -> float:
        if self._special(text):
            return self.minimum()
        try:
            return self._parse(_clean(self, text))
        except ValueError:
            return self.value()

    def fixup(self, text: str) -> str:
        return text

    def problem(self) -> str | None:
        if self._special(self.text()):
            return None
        try:
            self._parse(_clean(self, self.text()))
        except ValueError as exc:
            return str(exc)
        return None

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._check()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._check()
        super().keyPressEvent(event)

    def _check(self) -> None:
        problem = self.problem()
        self._refused_now = bool(problem)
        if problem:
            self.refused.emit(f"{problem} Kept {self.textFromValue(self.value())}.")

    def take_refusal(self) -> bool:
        """Whether the editing that just finished was refused (for editingFinished slots)."""
        refused, self._refused_now = getattr(self, "_refused_now", False), False
        return refused
