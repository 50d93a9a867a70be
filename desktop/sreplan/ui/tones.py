"""Status colours that stay readable on a light and on a dark palette.

A fixed dark red or green is fine on white and nearly invisible on a dark theme,
so each tone has a light-palette and a dark-palette shade, picked from the
application palette when it is asked for. Muted text uses a palette role.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget


class Tone(Enum):
    """(shade on a light palette, shade on a dark palette)."""

    BAD = ("#c62828", "#ef7a7a")
    GOOD = ("#2e7d32", "#7cc47f")
    ACTIVE = ("#1565c0", "#79b4f2")
    CAUTION = ("#b26a00", "#f0b050")
    NEUTRAL = ("#6b6b6b", "#a8a8a8")


def dark_palette(palette: QPalette | None = None) -> bool:
    """True when text is drawn light on dark (the base of views is dark)."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    light, dark = tone.value
    return QColor(dark if dark_palette(palette) else light)


def style(tone: Tone, *, bold: bool = False) -> str:
    """A ``color:`` style sheet for the tone in the current palette."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {colour(tone).name()};{weight}"


def mute(widget: QWidget) -> None:
    """Draw a hint or secondary text dimmer than normal text, readable in either palette."""
    widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)
