"""Tables that split across pages with repeated headers and wrap long cells.

Short cells are drawn as plain strings (fast for tables of thousands of rows);
a cell that would not fit its column becomes an escaped, wrapping paragraph,
and a row taller than a page splits inside the row instead of raising
LayoutError.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Paragraph, TableStyle

from sreplan.kernel.report.document import BODY_HEIGHT, BODY_WIDTH, is_draft, raise_if_cancelled
from sreplan.kernel.report.fonts import SANS, SANS_BOLD, printable
from sreplan.kernel.report.text import HEADER_FILL, INK, RULE, ZEBRA, escape, styles

FONT_SIZE = 8
LEADING = FONT_SIZE + 2
PADDING = 4
TOP_PADDING = 2.5
BOTTOM_PADDING = 3
_TALL = 200.0
Cell: TypeAlias = str | int | float | Flowable | None


@dataclass(frozen=True)
class Column:
    """A column: its title, its share of the table width, and its alignment."""

    title: str
    weight: float = 1.0
    align: str = "LEFT"  # LEFT, RIGHT or CENTER


def data_table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    *,
    width: float = BODY_WIDTH,
    emphasis: Iterable[tuple[int, int, Any]] = (),
) -> Flowable:
    """A table with a repeated header row; ``rows`` hold user text, printed literally.

    ``emphasis`` marks cells as (column, data row, colour) to draw in bold colour,
    e.g. a High risk in red.
    """
    raise_if_cancelled()
    total = sum(c.weight for c in columns)
    widths = [width * c.weight / total for c in columns]
    header = [Paragraph(escape(c.title), styles()["small-bold"]) for c in columns]
    marked = {(col, row): colour for col, row, colour in emphasis}
    data: list[list[Cell]] = [header]
    for n, row in enumerate(rows):
        if len(row) != len(columns):
            raise ValueError(f"a row has {len(row)} cells for {len(columns)} columns")
        data.append([
            _cell(value, w, marked.get((col, n)))
            for col, (value, w) in enumerate(zip(row, widths, strict=True))
        ])
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SANS, FONT_SIZE, LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
    ]
    for i, column in enumerate(columns):
        if column.align != "LEFT":
            commands.append(("ALIGN", (i, 0), (i, -1), column.align))
    for (col, row_index), colour in marked.items():
        commands.append(("TEXTCOLOR", (col, row_index + 1), (col, row_index + 1), colour))
        commands.append(("FONT", (col, row_index + 1), (col, row_index + 1), SANS_BOLD, FONT_SIZE))
    table = ReportTable(
        data, colWidths=widths, rowHeights=_row_heights(data, widths), repeatRows=1,
        splitInRow=1, hAlign="LEFT",
    )
    table.setStyle(TableStyle(commands))
    return table


def _row_heights(data: list[list[Cell]], widths: list[float]) -> list[float | None]:
    """Every row's height, measured once.

    ReportLab would re-measure all remaining rows after each page break, which is
    quadratic for tables of thousands of rows. Rows taller than ``_TALL`` stay
    unmeasured (None) so that ReportLab can split them across pages.
    """
    heights: list[float | None] = []
    for row in data:
        tallest = 0.0
        for value, width in zip(row, widths, strict=True):
            if isinstance(value, Flowable):
                tallest = max(tallest, value.wrap(width - 2 * PADDING, BODY_HEIGHT)[1])
            else:
                tallest = max(tallest, LEADING * (str(value).count("\n") + 1))
        height = tallest + TOP_PADDING + BOTTOM_PADDING
        heights.append(height if height <= _TALL else None)
    return heights


class ReportTable(LongTable):  # type: ignore[misc]
    """A long table that skips drawing in the measuring pass (see document.is_draft)."""

    def draw(self) -> None:
        if not is_draft(self.canv):
            super().draw()


def facts_table(pairs: Iterable[tuple[str, Cell]], *, width: float = BODY_WIDTH) -> Flowable:
    """Label/value pairs in two columns, e.g. a plan's overview fields."""
    label_width = width * 0.3
    data = [
        [Paragraph(escape(label), styles()["small-bold"]), _cell(value, width - label_width)]
        for label, value in pairs
    ]
    table = ReportTable(data, colWidths=[label_width, width - label_width], splitInRow=1,
                        hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, FONT_SIZE + 1, FONT_SIZE + 3),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]))
    return table


def _cell(value: Cell, width: float, colour: Any = None) -> Cell:
    """A plain string when it fits on one line, else a wrapping escaped paragraph."""
    if value is None:
        return ""
    if isinstance(value, Flowable):
        return value
    text = printable(str(value))
    if "\n" not in text and stringWidth(text, SANS, FONT_SIZE) <= width - 2 * PADDING:
        return text
    if colour is None:
        return Paragraph(escape(text), styles()["small"])
    marked = ParagraphStyle("marked", styles()["small-bold"], textColor=colour)
    return Paragraph(escape(text), marked)
