"""Pieces shared by the architecture tabs: the suggestion model, parsers, a safe preview."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from sreplan.architecture.lint import Risk, Suggestion
from sreplan.ui.tones import Tone, colour

_Index = QModelIndex | QPersistentModelIndex

LINT_TABLES = (
    "components",
    "dependencies",
    "findings",
    "lint_dismissals",
    "architecture_settings",
    "slos",
    "services",
)
RISK_TONES = {Risk.HIGH: Tone.BAD, Risk.MEDIUM: Tone.CAUTION, Risk.LOW: Tone.GOOD}


def parse_date(text: str) -> str | None:
    """ISO date text or empty; raises ValueError with the expected format."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def parse_count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise ValueError("cannot be negative")
    return value


def parse_yes_no(text: str) -> int:
    wanted = text.strip().casefold()
    if wanted in ("yes", "y", "true", "1", "stateful"):
        return 1
    if wanted in ("no", "n", "false", "0", "stateless", ""):
        return 0
    raise ValueError(f"{text!r}: type yes or no")


def yes_no(value: Any) -> str:
    return "Yes" if value else "No"


class SuggestionModel(QAbstractTableModel):
    """Lint suggestions (risk, rule, title); the evidence is the tooltip."""

    COLUMNS = ("Risk", "Rule", "Suggestion")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Suggestion] = []

    def set_suggestions(self, items: Sequence[Suggestion]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def suggestion(self, row: int) -> Suggestion:
        return self._items[row]

    def row_of(self, key: str) -> int:
        return next((i for i, s in enumerate(self._items) if s.key == key), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        s = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.risk.label, s.rule.label, s.title)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return s.evidence
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return colour(RISK_TONES[s.risk])
        if role == Qt.ItemDataRole.UserRole:
            return s.key
        return None


class _BlockingDocument(QTextDocument):
    """A document that loads nothing: QTextDocument would otherwise read file:// images."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return QImage()


class SafeMarkdownView(QTextBrowser):
    """A Markdown preview that loads nothing: no images, no local or remote resources."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(_BlockingDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return QImage()

    def show_markdown(self, text: str) -> None:
        """Render Markdown conventions only; raw HTML in the notes stays text."""
        features = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
                    | QTextDocument.MarkdownFeature.MarkdownNoHTML)
        self.document().setMarkdown(text, features)
