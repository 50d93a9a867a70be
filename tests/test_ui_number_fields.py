"""The shared spin boxes take a typed value only as a whole, driven with real keys.

A stock QSpinBox drops the keystrokes its validator refuses and keeps the rest:
"1e400" became 1400, "-1" became 1 and a pasted "99,9" became 999.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sreplan.architecture.ui.adr_form import AdrNumberSpin
from sreplan.ui.fields import DoubleSpinBox, SpinBox

INPUTS = ["100", "120", "-1", "abc", "1e400", "99.9999999999", "", "paste:99,9"]


_HOSTS: list[QWidget] = []


def _form(qtbot: QtBot, spin: QWidget) -> list[object]:
    host = QWidget()
    _HOSTS[:] = [host]  # keep the window alive for the test
    layout = QVBoxLayout(host)
    layout.addWidget(spin)
    layout.addWidget(QLineEdit())
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    committed: list[object] = []
    spin.valueChanged.connect(committed.append)  # type: ignore[attr-defined]
    return committed


def _type(qtbot: QtBot, spin: QWidget, text: str) -> None:
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    spin.selectAll()  # type: ignore[attr-defined]
    if text.startswith("paste:"):
        QGuiApplication.clipboard().setText(text.removeprefix("paste:"))
        qtbot.keySequence(spin, QKeySequence(QKeySequence.StandardKey.Paste))
    elif text:
        qtbot.keyClicks(spin, text)
    else:
        qtbot.keyClick(spin, Qt.Key.Key_Delete)
    qtbot.keyClick(spin, Qt.Key.Key_Tab)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: SpinBox("Units", 0, 100_000), [100, 120, None, None, None, None, None, None]),
        (lambda: SpinBox("k", 0, 2), [None] * 8),
        (lambda: DoubleSpinBox("Share", 0, 100, decimals=1),
         [100.0, None, None, None, None, None, None, 99.9]),
        (lambda: DoubleSpinBox("Rate", 0, 1000, decimals=10),
         [100.0, 120.0, None, None, None, 99.9999999999, None, 99.9]),
        (lambda: AdrNumberSpin(), [100, 120, None, None, None, None, None, None]),
    ],
)
def test_a_value_is_committed_only_when_typed_whole(
    qtbot: QtBot, make: object, expected: list[object]
) -> None:
    spin = make()  # type: ignore[operator]
    spin.setValue(7)
    committed = _form(qtbot, spin)
    refusals: list[str] = []
    spin.refused.connect(refusals.append)
    for typed, want in zip(INPUTS, expected, strict=True):
        before, committed[:] = spin.value(), []
        refusals.clear()
        _type(qtbot, spin, typed)
        if want is None:
            assert spin.value() == before and committed == [], (typed, spin.value())
            assert refusals and "Kept" in refusals[0], typed
        else:
            assert spin.value() == pytest.approx(want) and committed, (typed, spin.value())
            assert not refusals


def test_arrow_keys_still_step_and_commit_at_once(qtbot: QtBot) -> None:
    spin = SpinBox("Units", 0, 10)
    spin.setValue(3)
    committed = _form(qtbot, spin)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert committed == [4]


def test_the_special_value_text_is_accepted(qtbot: QtBot) -> None:
    spin = DoubleSpinBox("Rate", -1, 100, decimals=1)
    spin.setSpecialValueText("not set")
    spin.setValue(5)
    committed = _form(qtbot, spin)
    _type(qtbot, spin, "not set")
    assert spin.value() == -1 and committed == [-1]
