"""What an empty list means and the one thing to do next: a sentence and a button.

Every editor shows one in place of (or beside) a list that has nothing in it yet,
so a new plan never leaves its user guessing. The button runs the editor's real
action (the same one as its toolbar button or menu), never a shortcut around it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QFrame):
    def __init__(
        self,
        text: str,
        action_text: str,
        action: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setStyleSheet(
            "QFrame#emptyState { background: palette(base); border: 1px dashed palette(mid);"
            " border-radius: 4px; }"
        )
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(action_text)
        self.button.setAccessibleName(action_text.replace("&", ""))
        self.button.clicked.connect(lambda _checked=False: action())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        row.addStretch(1)
        # Sentence and button stay together, centred in whatever room the frame gets.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.label)
        column.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(body, 0, Qt.AlignmentFlag.AlignVCenter)

    def text(self) -> str:
        return self.label.text()

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.button.setEnabled(not read_only)
