"""The report's page layout on ReportLab Platypus.

A cover page, then body pages with a running header (plan name, current
section) and a footer ("page X of Y", export date). Headings feed the table of
contents and the PDF outline; :class:`ReportDocTemplate.multiBuild` repeats
layout until the contents and the page total are both stable.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.tableofcontents import TableOfContents

from sreplan import __version__
from sreplan.kernel.report.fonts import SANS, SANS_BOLD, printable
from sreplan.kernel.report.text import MUTED, RULE, escape, styles

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

COVER_TEMPLATE = "cover"
BODY_TEMPLATE = "body"
# A landscape page for what does not fit portrait (a large architecture diagram):
# switch with NextPageTemplate(LANDSCAPE_TEMPLATE) + PageBreak(), and back to BODY_TEMPLATE.
LANDSCAPE_TEMPLATE = "landscape"
LANDSCAPE_WIDTH = PAGE_HEIGHT - 2 * MARGIN_X
LANDSCAPE_HEIGHT = PAGE_WIDTH - MARGIN_TOP - MARGIN_BOTTOM


class ReportCancelled(Exception):  # noqa: N818 - a cancel is not an error
    """The person cancelled the export; nothing was written."""


_cancel_check: ContextVar[Callable[[], bool]] = ContextVar(
    "report_cancel_check", default=lambda: False
)


@contextmanager
def cancellable(check: Callable[[], bool]) -> Iterator[None]:
    """Within this block, :func:`raise_if_cancelled` consults ``check``."""
    token = _cancel_check.set(check)
    try:
        yield
    finally:
        _cancel_check.reset(token)


def raise_if_cancelled() -> None:
    """Stop a long section (many charts, many rows) promptly when the export is cancelled."""
    if _cancel_check.get()():
        raise ReportCancelled()


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes an outline entry; levels 0 and 1 also go in the contents.

    Level 0 is a report section (the framework adds it), level 1 a subsection,
    level 2 a minor heading listed only in the outline (e.g. one per SLO chart).
    """

    def __init__(self, title: str, level: int = 1, *, in_contents: bool = True) -> None:
        if level not in (0, 1, 2):
            raise ValueError(f"heading level must be 0, 1 or 2, not {level}")
        super().__init__(escape(title), styles()[f"h{level + 1}"])
        self.title = " ".join(printable(title).split())
        self.level = level
        self.in_contents = in_contents and level <= 1


def heading(title: str, level: int = 1) -> Heading:
    """A subsection heading (level 1) or a minor, outline-only heading (level 2)."""
    return Heading(title, level)


def is_draft(canv: Canvas) -> bool:
    """Whether this layout pass only measures (its pages are thrown away, so heavy
    flowables such as long tables and charts may skip drawing)."""
    return bool(getattr(canv, "_sreplan_draft", False))


def prefill_contents(toc: TableOfContents, story: list[Flowable]) -> bool:
    """Give the contents its entries before the first pass, so that pass already
    lays out pages as the final one will; it then only measures (see is_draft).
    Saves one of the three layout passes. Returns whether anything was prefilled."""
    entries = [(h.level, escape(h.title), 0, None) for h in _headings(story) if h.in_contents]
    toc._entries = entries
    return bool(entries)


def _headings(flowables: list[Flowable]) -> list[Heading]:
    """Headings in story order, including those inside KeepTogether groups."""
    found: list[Heading] = []
    for f in flowables:
        if isinstance(f, Heading):
            found.append(f)
        elif isinstance(getattr(f, "_content", None), list):
            found.extend(_headings(f._content))
    return found


def contents() -> TableOfContents:
    """The table of contents: sections and subsections with page numbers."""
    table_style = TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 9.5),  # not ReportLab's default Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ])
    toc = TableOfContents(dotsMinLevel=0, tableStyle=table_style)
    toc.levelStyles = [styles()["toc0"], styles()["toc1"]]
    return toc


class HeadingWithNext(KeepTogether):  # type: ignore[misc]
    """Keeps a heading with the start of what follows rather than all of it.

    ReportLab's KeepTogether moves a heading and a long table to a new page
    together, leaving a gap; here the heading stays when the table's header and
    first row (or a paragraph's first lines) fit under it. Things that cannot
    split, like charts, still move with it.
    """

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._dims: list[tuple[float, float]] = []
        width, height = _listWrapOn(self._content, avail_width, self.canv, dims=self._dims)
        self._H = height
        self._H0 = self._dims[0][1] if self._dims else 0
        self._wrapInfo = avail_width, avail_height
        return width, 0xFFFFFF  # force a split

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if avail_height >= self._H or at_top or len(self._dims) != len(content):
            return content
        lead = sum(h for _, h in self._dims[:-1])
        follower, follower_height = content[-1], self._dims[-1][1]
        if lead + _first_piece(follower, follower_height) <= avail_height:
            return content
        return [FrameBreak(), *content]


def _first_piece(flowable: Flowable, height: float) -> float:
    """The least of ``flowable`` that can stand on a page: a table's header and first
    row, a paragraph's first two lines; all of anything that cannot split."""
    if isinstance(flowable, Table):
        rows = getattr(flowable, "_rowHeights", None) or []
        if len(rows) >= 2 and None not in rows[:2]:
            return min(height, float(sum(rows[:2])) + 1)
        return height
    if isinstance(flowable, Paragraph):
        return min(height, 2 * float(flowable.style.leading) + 1)
    return height


class ReportDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages: a cover template and a body template with header and footer."""

    def __init__(
        self,
        target: Any,
        *,
        plan_name: str,
        moment: datetime,
        title: str,
        author: str,
        subject: str,
        on_flowable: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=printable(title),
            author=printable(author),
            subject=printable(subject),
            creator=f"SRE Plan {__version__}",
            producer=f"SRE Plan {__version__} (ReportLab)",
            invariant=1,
            lang="en",
            initialFontName=SANS,  # else every page references an unembedded Helvetica
            initialFontSize=9.5,
            keepTogetherClass=HeadingWithNext,
        )
        self.plan_name = " ".join(printable(plan_name).split())
        self.report_date = moment.date()
        self.moment = moment.astimezone(UTC)
        self.page_total: int | None = None
        self._on_flowable = on_flowable
        self._pass = 0
        self.draft_first_pass = False  # set when the contents were prefilled
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, BODY_WIDTH, BODY_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        wide = Frame(MARGIN_X, MARGIN_BOTTOM, LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT, id="wide",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(COVER_TEMPLATE, [frame], autoNextPageTemplate=BODY_TEMPLATE,
                         pagesize=A4),
            PageTemplate(BODY_TEMPLATE, [frame], onPageEnd=self._decorate, pagesize=A4),
            PageTemplate(LANDSCAPE_TEMPLATE, [wide], onPageEnd=self._decorate,
                         pagesize=landscape(A4)),
        ])

    # -- layout passes -------------------------------------------------------

    def beforeDocument(self) -> None:
        self._pass += 1
        self._headings = 0
        self._outline_level = -1
        self._section = ""
        self._page_section: str | None = None
        self._last_page = 0
        self.canv._sreplan_draft = self.draft_first_pass and self._pass == 1
        _date_document(self.canv, self.moment)
        self.canv.showOutline()

    def beforePage(self) -> None:
        self._page_section = None

    def afterPage(self) -> None:
        self._last_page = self.page

    def _allSatisfied(self) -> int:
        """Contents resolved and the page total the same as in the previous pass."""
        stable = self._last_page == self.page_total
        self.page_total = self._last_page
        if is_draft(self.canv):
            return 0  # a draft pass never becomes the document
        return int(bool(super()._allSatisfied()) and stable)

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._on_flowable is not None:
            self._on_flowable(self._pass)
        if isinstance(flowable, Heading):
            self._register_heading(flowable)

    def _register_heading(self, h: Heading) -> None:
        self._headings += 1
        key = f"h{self._headings}"
        # An outline may not skip a level (a level-2 heading straight after a section).
        level = min(h.level, self._outline_level + 1)
        self._outline_level = level
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(h.title, key, level=level, closed=level >= 1)
        if h.in_contents:
            self.notify("TOCEntry", (h.level, escape(h.title), self.page, key))
        if h.level == 0:
            self._section = h.title
            if self._page_section is None:
                self._page_section = h.title

    # -- page decoration -----------------------------------------------------

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Running header and footer, drawn once the page's content is known."""
        section = self._page_section or self._section
        page_width, page_height = canv._pagesize
        body_width = page_width - 2 * MARGIN_X
        top = page_height - MARGIN_TOP + 9 * mm
        bottom = MARGIN_BOTTOM - 11 * mm
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, page_width - MARGIN_X, top - 2.5 * mm)
        canv.line(MARGIN_X, bottom + 4.5 * mm, page_width - MARGIN_X, bottom + 4.5 * mm)
        canv.setFillColor(MUTED)
        half = body_width / 2 - 6 * mm
        canv.setFont(SANS_BOLD, 8)
        canv.drawString(MARGIN_X, top, _fit(self.plan_name, SANS_BOLD, 8, half))
        canv.setFont(SANS, 8)
        canv.drawRightString(page_width - MARGIN_X, top, _fit(section, SANS, 8, half))
        canv.drawString(MARGIN_X, bottom, f"Exported {self.report_date.isoformat()}")
        total = self.page_total if self.page_total else "?"
        canv.drawRightString(page_width - MARGIN_X, bottom, f"page {self.page} of {total}")
        canv.restoreState()


@cache
def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _date_document(canv: Canvas, moment: datetime) -> None:
    """Date the PDF at ``moment``: CreationDate, ModDate and the /ID seed.

    ReportLab takes these from the clock, or from SOURCE_DATE_EPOCH or a fixed
    2000-01-01 when invariant; we want the report's own moment in all cases, so
    equal data and moment give equal bytes however the moment was chosen.
    """
    pdf = canv._doc
    pdf._timeStamp = stamp = _timestamp(moment)
    pdf.signature = hashlib.md5(usedforsecurity=False)
    pdf.signature.update(b"a reportlab document")
    pdf.signature.update(ascii(stamp.t).encode())


def _timestamp(moment: datetime) -> TimeStamp:
    """A ReportLab timestamp for ``moment`` (UTC)."""
    stamp = TimeStamp(invariant=1)
    seconds = moment.timestamp()
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp
