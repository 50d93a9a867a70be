"""What a person sees at a laptop size: nothing clipped, readable on a dark palette."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHeaderView, QTableView, QWidget
from pytestqt.qtbot import QtBot

from sreplan.architecture.ui.catalog_view import category_label
from sreplan.checkpoints.ui.editor import CheckpointEditor
from sreplan.features import open_workspace
from sreplan.plans.store import insert_plan, new_plan
from sreplan.slo.ui.editor import SloEditor
from sreplan.ui.main_window import MainWindow
from sreplan.ui.tones import Tone, colour, dark_palette
from tests import badfiles
from tests.qt_helpers import make_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    win = make_window(badfiles.demo_workspace(tmp_path / "demo.sreplan"))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _palette(base: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    return palette


@pytest.mark.parametrize("tone", list(Tone))
def test_every_tone_is_readable_on_light_and_dark_views(tone: Tone) -> None:
    for base in ("#ffffff", "#1e1e1e"):
        palette = _palette(base)
        assert _contrast(colour(tone, palette), QColor(base)) >= 3.0, (tone, base)
    assert dark_palette(_palette("#1e1e1e")) and not dark_palette(_palette("#ffffff"))


def test_slo_alert_and_dependency_tables_show_every_column(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.editor("slos")
    assert isinstance(editor, SloEditor)
    page = editor.slos_page
    qtbot.waitUntil(lambda: page.panels.alerts_view.isVisible())
    for view in (page.panels.alerts_view, page.panels.deps_view):
        header = view.horizontalHeader()

        def fits(v: QTableView = view, h: QHeaderView = header) -> bool:
            return h.length() <= v.viewport().width() + 1

        qtbot.waitUntil(fits)
        last = header.count() - 1
        # The last column ends inside the visible area: nothing is cut off to the right.
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
            view.viewport().width() + 1
        )
    # The chart has the page's full width, not a half column (the form has it too
    # when the page is narrow enough to stack form and figures).
    assert page.chart_holder.width() >= page.form.width()
    if not page.columns.stacked:
        assert page.chart_holder.width() > page.form.width()


def test_stacked_forms_start_their_fields_at_one_x(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor("overview")
    qtbot.waitUntil(editor.isVisible)
    lefts = set()
    for form in editor.findChildren(QFormLayout):
        box = form.parentWidget()
        if not isinstance(box, QGroupBox) or box.title() not in ("Service", "Engagement"):
            continue
        item = form.itemAt(0, QFormLayout.ItemRole.FieldRole)
        field = None if item is None else item.widget()
        assert isinstance(field, QWidget)
        lefts.add(field.mapTo(editor, field.rect().topLeft()).x())
    assert len(lefts) == 1


def test_an_empty_checklist_does_not_claim_ready_gates(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "empty.sreplan"
    ws = open_workspace(path, create=True)
    insert_plan(ws, new_plan("Empty plan"))
    ws.close()
    win = make_window(path)
    qtbot.addWidget(win)
    win.show()
    editor = win.editor("checkpoints")
    assert isinstance(editor, CheckpointEditor)
    qtbot.waitUntil(editor.isVisible)
    assert editor.gates_empty.isVisible() and not editor.gates.isVisible()
    assert "Templates" in editor.gates_empty.text()
    win.close()


def test_catalog_shows_checkpoint_categories_by_name() -> None:
    assert category_label("backup_dr") == "Data backup & disaster recovery"
    assert category_label("our own words") == "our own words"
