"""Tables that split across pages with repeated headers and wrap long cells.

Short cells are drawn as plain strings (fast for tables of thousands of rows);
a cell that would not fit its column becomes an escaped, wrapping paragraph in
the column's alignment. A row taller than :data:`PIECE_LINES` lines is cut
here, before layout, into pieces of whole lines that share the row's shading;
the table then only ever splits between rows. (ReportLab's own in-row split
lost rows and drew stray headers when every cell of a row wrapped.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
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
FACTS_FONT_SIZE = 9
FACTS_LEADING = 12
# A row of more lines than this is cut into pieces of at most this many lines, so a
# page break never leaves more than one piece's height empty.
PIECE_LINES = 8
Cell: TypeAlias = str | int | float | Flowable | None
_ALIGNMENTS = {"LEFT": TA_LEFT, "RIGHT": TA_RIGHT, "CENTER": TA_CENTER}


@dataclass(frozen=True)
class Column:
    """A column: its title, its share of the table width, and its alignment."""

    title: str
    weight: float = 1.0
    align: str = "LEFT"  # LEFT, RIGHT or CENTER


@dataclass(frozen=True)
class _Grid:
    """How a table's cells are set: font, paddings, column widths and alignments."""

    widths: tuple[float, ...]
    aligns: tuple[str, ...]
    size: float = FONT_SIZE
    leading: float = LEADING
    left: float = PADDING
    right: float = PADDING
    top: float = TOP_PADDING
    bottom: float = BOTTOM_PADDING

    def inner(self, col: int) -> float:
        return self.widths[col] - self.left - self.right

    @property
    def piece_height(self) -> float:
        return self.leading * PIECE_LINES


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
    for column in columns:
        if column.align not in _ALIGNMENTS:
            raise ValueError(f"column {column.title!r}: align must be LEFT, RIGHT or CENTER")
    total = sum(c.weight for c in columns)
    grid = _Grid(tuple(width * c.weight / total for c in columns),
                 tuple(c.align for c in columns))
    header = [Paragraph(escape(c.title), _style(True, c.align, FONT_SIZE, LEADING))
              for c in columns]
    marked = {(col, row): colour for col, row, colour in emphasis}
    data: list[list[Cell]] = [header]
    heights: list[float] = [_height(grid, header)]
    groups: list[tuple[int, int]] = []  # each record's first and last table row
    for n, row in enumerate(rows):
        if len(row) != len(columns):
            raise ValueError(f"a row has {len(row)} cells for {len(columns)} columns")
        cells = [_cell(value, grid, col, marked.get((col, n))) for col, value in enumerate(row)]
        first = len(data)
        for piece in _pieces(grid, cells):
            data.append(piece)
            heights.append(_height(grid, piece))
        groups.append((first, len(data) - 1))
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
        *_shading(groups, len(data)),
    ]
    for i, column in enumerate(columns):
        if column.align != "LEFT":
            commands.append(("ALIGN", (i, 0), (i, -1), column.align))
    for (col, row_index), colour in marked.items():
        if row_index < len(groups):
            first, last = groups[row_index]
            commands.append(("TEXTCOLOR", (col, first), (col, last), colour))
            commands.append(("FONT", (col, first), (col, last), SANS_BOLD, FONT_SIZE, LEADING))
    table = ReportTable(data, colWidths=list(grid.widths), rowHeights=heights, repeatRows=1,
                        splitInRow=0, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _shading(groups: list[tuple[int, int]], rows: int) -> list[tuple[Any, ...]]:
    """Zebra shading by record, not by table row, with no rule inside a cut record."""
    if all(first == last for first, last in groups):
        return [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA])]
    commands: list[tuple[Any, ...]] = []
    for n, (first, last) in enumerate(groups):
        fill = ZEBRA if n % 2 else colors.white
        if n % 2:
            commands.append(("BACKGROUND", (0, first), (-1, last), fill))
        if last > first:  # hide the rule between the pieces of one record
            commands.append(("LINEBELOW", (0, first), (-1, last - 1), 0.5, fill))
    return commands


def _height(grid: _Grid, row: Sequence[Cell]) -> float:
    """A row's height: its tallest cell plus padding."""
    tallest = 0.0
    for col, value in enumerate(row):
        if isinstance(value, Flowable):
            tallest = max(tallest, value.wrap(grid.inner(col), BODY_HEIGHT)[1])
        else:
            tallest = max(tallest, grid.leading * (str(value).count("\n") + 1))
    return tallest + grid.top + grid.bottom


def _pieces(grid: _Grid, cells: list[Cell]) -> list[list[Cell]]:
    """The row as it is, or cut into rows of at most PIECE_LINES lines of each cell."""
    limit = grid.piece_height
    if _height(grid, cells) - grid.top - grid.bottom <= limit * 1.5:
        return [cells]  # a little over the limit is not worth a cut
    columns: list[list[Cell]] = []
    for col, value in enumerate(cells):
        parts: list[Cell] = []
        rest = value
        while isinstance(rest, Flowable) and rest.wrap(grid.inner(col), BODY_HEIGHT)[1] > limit:
            split = rest.split(grid.inner(col), limit)
            if len(split) != 2:
                break  # cannot be cut (not text): it stays whole in the first piece
            parts.append(split[0])
            rest = split[1]
        parts.append(rest)
        columns.append(parts)
    count = max(len(parts) for parts in columns)
    return [[parts[k] if k < len(parts) else "" for parts in columns] for k in range(count)]


class ReportTable(LongTable):  # type: ignore[misc]
    """A long table that skips drawing in the measuring pass (see document.is_draft)."""

    def draw(self) -> None:
        if not is_draft(self.canv):
            super().draw()


def facts_table(pairs: Iterable[tuple[str, Cell]], *, width: float = BODY_WIDTH) -> Flowable:
    """Label/value pairs in two columns, e.g. a plan's overview fields."""
    label_width = width * 0.3
    grid = _Grid((label_width, width - label_width), ("LEFT", "LEFT"), size=FACTS_FONT_SIZE,
                 leading=FACTS_LEADING, left=0, right=6, top=2, bottom=3)
    label_style = _style(True, "LEFT", FONT_SIZE, LEADING)
    data: list[list[Cell]] = []
    heights: list[float] = []
    groups: list[tuple[int, int]] = []
    for label, value in pairs:
        cells: list[Cell] = [Paragraph(escape(label), label_style), _cell(value, grid, 1)]
        first = len(data)
        for piece in _pieces(grid, cells):
            data.append(piece)
            heights.append(_height(grid, piece))
        groups.append((first, len(data) - 1))
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SANS, FACTS_FONT_SIZE, FACTS_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), grid.left),
        ("RIGHTPADDING", (0, 0), (-1, -1), grid.right),
        ("TOPPADDING", (0, 0), (-1, -1), grid.top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), grid.bottom),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    for first, last in groups:
        if last > first:
            commands.append(("LINEBELOW", (0, first), (-1, last - 1), 0.5, colors.white))
    table = ReportTable(data, colWidths=list(grid.widths), rowHeights=heights or None,
                        splitInRow=0, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _cell(value: Cell, grid: _Grid, col: int, colour: Any = None) -> Cell:
    """A plain string when it fits on one line, else a wrapping escaped paragraph."""
    if value is None:
        return ""
    if isinstance(value, Flowable):
        return value
    text = printable(str(value))
    font = SANS if colour is None else SANS_BOLD
    if "\n" not in text and stringWidth(text, font, grid.size) <= grid.inner(col):
        return text
    style = _style(colour is not None, grid.aligns[col], grid.size, grid.leading)
    if colour is not None:
        style = ParagraphStyle("marked", style, textColor=colour)
    return Paragraph(escape(text), style)


@cache
def _style(bold: bool, align: str, size: float, leading: float) -> ParagraphStyle:
    """A cell paragraph style: the table's font size, the column's alignment."""
    base = styles()["small-bold" if bold else "small"]
    return ParagraphStyle(f"cell-{int(bold)}-{align}-{size}", base, fontSize=size,
                          leading=leading, alignment=_ALIGNMENTS[align])
