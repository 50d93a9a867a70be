"""Every number field of the capacity resource form stores only what was typed as a whole.

Driven with real key clicks (and a real paste) for the inputs that used to store a
different value: the last valid prefix ("12" of "120"), a value with its refused
keystrokes dropped ("1400" of "1e400"), or a thousands-separator guess ("999" of "99,9").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sreplan.capacity.demo import CHECKOUT_ID, WORKERS_ID
from sreplan.capacity.ui.editor import CapacityEditor
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel.numbers import parse_number, parse_whole
from sreplan.ui.app import make_application
from sreplan.ui.operations import Operations
from sreplan.ui.sections import SectionContext
from tests.conftest import DEMO_DATE

INPUTS = ["100", "120", "-1", "abc", "1e400", "99.9999999999", "", "paste:99,9"]
OLD = object()  # the stored value before typing

# field attribute, resource, SQL for the stored value, expected value per input
FIELDS: dict[str, tuple[str, str, list[object]]] = {
    "per_unit_edit": (CHECKOUT_ID, "SELECT capacity_per_unit FROM capacity_resources WHERE id=?",
                      [100.0, 120.0, OLD, OLD, OLD, 99.9999999999, OLD, 99.9]),
    "headroom_edit": (CHECKOUT_ID, "SELECT headroom_pct FROM capacity_resources WHERE id=?",
                      [100.0, OLD, OLD, OLD, OLD, 99.9999999999, OLD, 99.9]),
    # The checkout API's instances live in the architecture inventory (read-only here).
    "units_spin": (WORKERS_ID, "SELECT current_units FROM capacity_resources WHERE id=?",
                   [100, 120, OLD, OLD, OLD, OLD, OLD, OLD]),
    "zones_spin": (CHECKOUT_ID, "SELECT zones FROM capacity_resources WHERE id=?",
                   [OLD] * 8),
    "k_spin": (WORKERS_ID, "SELECT spare_units FROM capacity_resources WHERE id=?", [OLD] * 8),
    "max_spin": (CHECKOUT_ID, "SELECT autoscale_max FROM capacity_resources WHERE id=?",
                 [100, 120, OLD, OLD, OLD, OLD, OLD, OLD]),
    "lead_spin": (CHECKOUT_ID, "SELECT lead_time_days FROM capacity_resources WHERE id=?",
                  [100, 120, OLD, OLD, OLD, OLD, OLD, OLD]),
    "growth_edit": (WORKERS_ID, "SELECT monthly_growth_pct FROM capacity_growth "
                    "WHERE resource_id=?", [100.0, 120.0, -1.0, OLD, OLD, 99.9999999999, OLD,
                                            99.9]),
    "baseline_edit": (WORKERS_ID, "SELECT baseline FROM capacity_growth WHERE resource_id=?",
                      [100.0, 120.0, OLD, OLD, OLD, 99.9999999999, None, 99.9]),
}


@pytest.fixture
def editor(tmp_path: Path, qtbot: QtBot) -> Iterator[CapacityEditor]:
    path = tmp_path / "demo.sreplan"
    ws = open_workspace(path, create=True)
    plan_id = seed_demo(ws, DEMO_DATE)
    make_application([])
    widget = CapacityEditor(SectionContext(Operations(ws), None))  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.set_plan(plan_id)
    qtbot.waitExposed(widget)
    yield widget
    widget.set_plan(None)
    widget.close()
    ws.close()


def _stored(path: Path, sql: str, key: str) -> object:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute(sql, (key,)).fetchone()
    return row[0]


def _type(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()  # type: ignore[attr-defined]
    if text.startswith("paste:"):
        QGuiApplication.clipboard().setText(text.removeprefix("paste:"))
        qtbot.keySequence(field, QKeySequence(QKeySequence.StandardKey.Paste))
    elif text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


@pytest.mark.parametrize("name", list(FIELDS))
def test_each_number_field_stores_only_a_whole_typed_value(
    editor: CapacityEditor, qtbot: QtBot, name: str
) -> None:
    resource, sql, expected = FIELDS[name]
    editor.tabs.setCurrentWidget(editor.form_page)
    path = editor._ops.ws.path
    editor.resource_view.selectRow(editor.resources.row_of(resource))
    assert editor.resource_id == resource
    field = getattr(editor.form, name)
    before = _stored(path, sql, resource)
    for typed, want in zip(INPUTS, expected, strict=True):
        start = _stored(path, sql, resource)
        _type(qtbot, field, typed)
        got = _stored(path, sql, resource)
        assert got == (start if want is OLD else want), (name, typed, got)
        shown = field.text()
        # What the field shows after leaving it is what the file holds (or the
        # typed text, when that is the stored value).
        if want is OLD:
            assert shown.strip() != typed or typed == "", (name, typed, shown)
    # Every stored change can be undone back to where the test started.
    while editor._ops.stack.canUndo():
        editor._ops.undo()
    assert _stored(path, sql, resource) == before


@pytest.mark.parametrize(
    ("text", "value"),
    [("100", 100.0), ("99,9", 99.9), ("1,250.5", 1250.5), (" -3 ", -3.0), ("1e3", 1000.0)],
)
def test_parse_number_reads_whole_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1e400", "nan", "inf", "1,250", "1,2,3", "--1"])
def test_parse_number_refuses_what_is_no_number_or_ambiguous(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_parse_whole_names_the_range() -> None:
    with pytest.raises(ValueError, match="from 0 to 2"):
        parse_whole("3", "k", 0, 2)
    with pytest.raises(ValueError, match="whole number"):
        parse_whole("2.5", "k", 0, 3)
