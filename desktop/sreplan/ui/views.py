"""Item views that leave Tab to the window: Tab moves between widgets, arrows inside.

Qt's tables step cell by cell on Tab by default, which traps a keyboard user in a
5,000-row checklist. Every table in the app is built from these (a test checks it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QTableWidget, QWidget


class TableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)


class TableWidget(QTableWidget):
    def __init__(self, rows: int = 0, columns: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setTabKeyNavigation(False)


def fit_columns(view: QTableView, stretch: tuple[int, ...] = (0,)) -> None:
    """Fit a small table to its width instead of scrolling sideways.

    The ``stretch`` columns (the free text) share the width left over and elide, their
    tooltip holding the whole text; every other column takes the width of its content
    or its header, whichever is wider, so short figures and headers are never cut.
    Call it after ``setModel``. Not for thousands of rows (sizing reads every row).
    """
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        if 0 <= column < header.count():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)


def two_lines(title: str) -> str:
    """A header title broken at the space nearest its middle ("Reachable\\nRPO"), so a
    column of short figures is not widened by its header."""
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if not spaces:
        return title
    middle = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return f"{title[:middle]}\n{title[middle + 1:]}"
