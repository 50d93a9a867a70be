"""The report's fonts: DejaVu Sans, embedded, taken from matplotlib's own data.

DejaVu Sans covers Latin (with Vietnamese), Greek, Cyrillic, Armenian, Georgian,
Hebrew and Arabic letters (Hebrew and Arabic print unshaped, left to right),
IPA, arrows, maths operators, box drawing, Braille and dingbats (about 5,900
code points). It has no Chinese, Japanese, Korean, Indic or Thai glyphs, and
characters beyond U+FFFF (emoji) cannot be written reliably: all of these print
as U+FFFD (a replacement mark) rather than failing the export, and control
characters are dropped. :func:`printable` applies that rule, and notes what it
replaced (and any Hebrew or Arabic, printed unshaped) so that the export can say so:
the CLI warns on stderr and the export dialog names the characters.

Why not a fallback font: one that covers CJK is 4 MB (Droid Sans Fallback) to 16 MB
(Noto Sans CJK, per weight), would have to ship with the app, and still leaves emoji
out (ReportLab cannot write characters beyond U+FFFF). Shaping Arabic and Hebrew needs
arabic-reshaper and python-bidi and reordering each line after ReportLab wraps it.
Naming what cannot print is honest and costs nothing for the plans that need none.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "SREPlanSans"
SANS_BOLD = "SREPlanSans-Bold"
SANS_ITALIC = "SREPlanSans-Oblique"
SANS_BOLD_ITALIC = "SREPlanSans-BoldOblique"
MONO = "SREPlanMono"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    MONO: "DejaVuSansMono.ttf",
}
REPLACEMENT = "\ufffd"
# C0/C1 controls other than tab and newline; they would corrupt paragraph markup.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def font_dir() -> Path:
    """matplotlib's bundled TTF folder, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed; it provides the report font")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


# Fonts only some charts use are read when first asked for (each costs ~30 ms to parse).
_ON_DEMAND = frozenset({SANS_BOLD_ITALIC, MONO})


@cache
def register_fonts() -> None:
    """Register the report fonts with ReportLab (read once per process)."""
    for name in _FILES:
        if name not in _ON_DEMAND:
            font(name)
    claim_fonts()


def claim_fonts() -> None:
    """Point ReportLab's family table and defaults at the report fonts (by name, so the
    fonts need not be read yet; cheap: every export calls it again before its story).

    ReportLab's ``registerFont`` maps bold and italic of the font it is given to that font
    itself, even when the name is registered already: svglib registering our fonts for
    charts drawn through SVG turned every ``<b>`` of SANS into regular text for the rest
    of the process, so a report's bytes depended on what the process had drawn before.
    """
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )
    # Drawings (charts) and table cells start from ReportLab defaults that select an
    # unembedded Helvetica; this process only makes our reports, so point them at ours.
    from reportlab.graphics.shapes import STATE_DEFAULTS
    from reportlab.platypus.tables import CellStyle

    STATE_DEFAULTS["fontName"] = SANS
    CellStyle.fontname = SANS


@cache
def font(name: str) -> str:
    """``name``, registered with ReportLab first if it is not yet."""
    pdfmetrics.registerFont(TTFont(name, str(font_dir() / _FILES[name])))
    claim_fonts()  # registerFont made ``name`` a family of its own (see claim_fonts)
    return name


@cache
def register_svg_fonts() -> None:
    """Map matplotlib's "DejaVu Sans" in chart SVG to the embedded report fonts (svglib
    would otherwise fall back to Helvetica). Only the SVG fallback path needs svglib."""
    from svglib.fonts import register_font

    register_fonts()
    folder = font_dir()
    for name, filename in _FILES.items():
        weight = "bold" if "Bold" in name else "normal"
        style = "italic" if "Oblique" in name else "normal"
        family = "DejaVu Sans Mono" if name == MONO else "DejaVu Sans"
        register_font(family, str(folder / filename), weight, style, rlgFontName=name)
    claim_fonts()  # svglib's registerFont just mapped <b> of SANS back to SANS


@cache
def covered() -> frozenset[int]:
    """Code points DejaVu Sans has glyphs for, within the Basic Multilingual Plane.

    ReportLab writes a broken ToUnicode map for characters beyond U+FFFF (such
    as emoji), so those count as uncovered.
    """
    register_fonts()
    font = pdfmetrics.getFont(SANS)
    return frozenset(c for c in font.face.charToGlyph if c <= 0xFFFF)


def printable(text: str) -> str:
    """``text`` with control characters dropped and glyph-less characters replaced."""
    text = _CONTROLS.sub("", text)
    noticed = _noticed.get()
    if noticed is not None and _RIGHT_TO_LEFT.search(text):
        noticed.right_to_left = True
    cmap = covered()
    if all(ord(ch) in cmap or ch in "\n\t" for ch in text):
        return text
    if noticed is not None:
        noticed.missing.update(dict.fromkeys(
            ch for ch in text if ord(ch) not in cmap and ch not in "\n\t"))
    return "".join(ch if ord(ch) in cmap or ch in "\n\t" else REPLACEMENT for ch in text)


# Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms: DejaVu Sans has most
# of the letters, but ReportLab lays text out left to right, unshaped.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass
class Unprintable:
    """What a report could not print as typed (see :func:`noticing`)."""

    missing: dict[str, None] = field(default_factory=dict)  # without a glyph, as first met
    right_to_left: bool = False  # Hebrew or Arabic text, printed unshaped left to right

    def warnings(self) -> tuple[str, ...]:
        """One sentence per problem, naming the characters, for the CLI and the dialog."""
        found: list[str] = []
        if self.missing:
            chars = list(self.missing)
            named = " ".join(chars[:12]) + (f" and {len(chars) - 12} more" if len(chars) > 12
                                            else "")
            found.append(
                f"{len(chars)} character{'s' if len(chars) != 1 else ''} cannot be printed "
                f"and show as {REPLACEMENT}: {named} (the report font has no Chinese, Japanese, "
                "Korean, Indic or Thai letters, and no emoji).")
        if self.right_to_left:
            found.append("Hebrew or Arabic text prints letter by letter from left to right, "
                         "without joined letter forms.")
        return tuple(found)


_noticed: ContextVar[Unprintable | None] = ContextVar("report_unprintable", default=None)


@contextmanager
def noticing() -> Iterator[Unprintable]:
    """Within this block, :func:`printable` notes what it could not print as typed."""
    found = Unprintable()
    token = _noticed.set(found)
    try:
        yield found
    finally:
        _noticed.reset(token)
