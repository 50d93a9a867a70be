"""Paragraph styles and helpers that print user text literally.

Everything a user typed goes through :func:`escape` (or :func:`para`, which
calls it): ReportLab's paragraph markup is never interpreted from plan data, so
``<font size=40>`` prints as those characters and ``<img src=...>`` reads nothing.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from sreplan.kernel.report.fonts import SANS, SANS_BOLD, SANS_ITALIC, printable, register_fonts

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#1d4f91")
RULE = colors.HexColor("#cbd2d9")
ZEBRA = colors.HexColor("#f3f5f7")
HEADER_FILL = colors.HexColor("#e4e9f0")
RISK_HIGH = colors.HexColor("#b42318")
RISK_MEDIUM = colors.HexColor("#b54708")


# What a report prints of any one field: a 100 KB title without spaces took ReportLab
# about a minute to lay out; nobody reads that much of one field on paper.
MAX_FIELD_CHARS = 4000


def capped(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """``text``, or its first ``limit`` characters and a note of how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… (truncated, {len(text):,} characters)"


def _xml_escape(text: str) -> str:
    """&, < and > as entities (what xml.sax.saxutils.escape does, without the ~20 ms of
    urllib and http.client that importing it costs a fresh process)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: object) -> str:
    """Paragraph markup that prints ``text`` exactly: escaped, line breaks kept, capped."""
    plain = printable(capped("" if text is None else str(text)))
    escaped = _xml_escape(plain).replace("\t", "    ")
    return escaped.replace("\r\n", "\n").replace("\n", "<br/>")


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The report's paragraph styles by name; fonts are registered on first use."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=SANS, fontSize=9.5, leading=13, textColor=INK, spaceAfter=5
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "small-bold": ParagraphStyle(
            "small-bold", parent=body, fontName=SANS_BOLD, fontSize=8, leading=10, spaceAfter=0
        ),
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED, fontName=SANS_ITALIC),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=SANS_BOLD, fontSize=18, leading=22,
            # (the space before counts only below other text: a frame's top ignores it)
            textColor=ACCENT, spaceBefore=14, spaceAfter=10, keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=SANS_BOLD, fontSize=12.5, leading=16,
            textColor=INK, spaceBefore=10, spaceAfter=5, keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=SANS_BOLD, fontSize=10.5, leading=14,
            textColor=INK, spaceBefore=8, spaceAfter=3, keepWithNext=1,
        ),
        "cover-title": ParagraphStyle(
            "cover-title", parent=body, fontName=SANS_BOLD, fontSize=28, leading=34,
            textColor=ACCENT, spaceAfter=6,
        ),
        "cover-subtitle": ParagraphStyle(
            "cover-subtitle", parent=body, fontSize=14, leading=19, textColor=MUTED,
            spaceAfter=28,
        ),
        "cover-status": ParagraphStyle(
            "cover-status", parent=body, fontName=SANS_BOLD, fontSize=13, leading=17,
            textColor=RISK_HIGH, spaceAfter=0,
        ),
        "cover-label": ParagraphStyle("cover-label", parent=body, textColor=MUTED, spaceAfter=0),
        "cover-value": ParagraphStyle("cover-value", parent=body, fontSize=11, leading=15,
                                      spaceAfter=0),
        "centered": ParagraphStyle("centered", parent=body, alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=body, fontSize=8, leading=10,
                                 alignment=TA_RIGHT, spaceAfter=0),
        "toc0": ParagraphStyle(
            "toc0", parent=body, fontName=SANS_BOLD, fontSize=10.5, leading=14,
            spaceBefore=6, leftIndent=0, firstLineIndent=0,
        ),
        "toc1": ParagraphStyle(
            "toc1", parent=body, fontSize=9.5, leading=12.5, spaceAfter=1,
            leftIndent=16, firstLineIndent=0,
        ),
    }


def para(text: object, style: str = "body") -> Paragraph:
    """A paragraph printing user ``text`` literally in the named style."""
    return Paragraph(escape(text), styles()[style])


def title(text: object, style: str, width: float, *, max_lines: int = 3,
          min_size: float = 16) -> Paragraph:
    """A title in ``style``, smaller (down to ``min_size``) when it would take more than
    ``max_lines`` lines of ``width``, and shortened with an ellipsis if even that is not
    enough: a 200-character plan name must not push the cover onto a second page."""
    base = styles()[style]
    plain = " ".join(printable(capped("" if text is None else str(text))).split())
    size = float(base.fontSize)
    while True:
        fitted = ParagraphStyle(f"{style}-{size:g}", base, fontSize=size,
                                leading=size * base.leading / base.fontSize)
        paragraph = Paragraph(escape(plain), fitted)
        lines = paragraph.wrap(width, 10_000)[1] / fitted.leading
        if lines <= max_lines + 0.01:
            return paragraph
        if size > min_size:
            size = max(min_size, size - 2)
            continue
        break
    lo, hi = 0, len(plain)  # the longest start of the text that fits, with an ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        candidate = Paragraph(escape(plain[:mid].rstrip() + "…"), fitted)
        if candidate.wrap(width, 10_000)[1] / fitted.leading <= max_lines + 0.01:
            lo = mid
        else:
            hi = mid - 1
    return Paragraph(escape(plain[:lo].rstrip() + "…"), fitted)


def markup(trusted: str, style: str = "body") -> Paragraph:
    """A paragraph of markup written by us (never user text; escape parts with :func:`escape`)."""
    return Paragraph(trusted, styles()[style])


class Note(Paragraph):  # type: ignore[misc]
    """A muted one-liner. A section made only of notes and headings has nothing recorded:
    the report then names it in one line on the summary page instead of a page of its own."""

    def __init__(self, text: str) -> None:
        super().__init__(escape(text), styles()["muted"])
        self.plain = text


def note(text: str) -> Paragraph:
    """A muted one-liner, e.g. "No reliability goals recorded yet"."""
    return Note(text)


class EmptyNote(Paragraph):  # type: ignore[misc]
    """The one line of a section that has nothing recorded (see :func:`nothing_recorded`)."""


def nothing_recorded(text: str) -> list[Flowable]:
    """A whole section's story when the plan has nothing for it, e.g. "No incidents recorded".

    The report builder lets such sections share a page instead of giving each its own,
    and a summary can list them in one line each (:func:`is_empty`).
    """
    return [EmptyNote(escape(text), styles()["muted"])]


def is_empty(story: list[Flowable]) -> bool:
    """Whether a section's story says only that nothing is recorded."""
    return all(isinstance(f, EmptyNote) for f in story)


def gap(points: float = 6) -> Flowable:
    return Spacer(1, points)
