"""Item views that leave Tab to the window: Tab moves between widgets, arrows inside.

Qt's tables step cell by cell on Tab by default, which traps a keyboard user in a
5,000-row checklist. Every table in the app is built from these (a test checks it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QTableWidget, QWidget


class TableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)


class TableWidget(QTableWidget):
    def __init__(self, rows: int = 0, columns: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setTabKeyNavigation(False)
