"""The architecture diagram as geometry: boxes, routed arrows and text, in PDF points.

One function, :func:`diagram_geometry`, decides everything that is drawn; the report
(:mod:`.chart`, ReportLab) and the app (``ui/diagram.py``, QPainter) only paint what it
returns, so both show the same layout. Text is measured in the report's embedded font
and never smaller than 8 pt; names wrap over lines instead of being cut, so two names
never print the same. Qt-free and deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache

from sreplan.architecture.layered import EdgeSpec, NodeBox, Point, Rect, layered_drawing
from sreplan.architecture.model import (
    CallMode,
    Component,
    ComponentKind,
    Criticality,
    Dependency,
    Inventory,
    RetryPolicy,
    Tristate,
)

KIND_COLOURS: dict[ComponentKind, str] = {
    ComponentKind.EDGE: "#d8e8f5",
    ComponentKind.LOAD_BALANCER: "#cfe3f0",
    ComponentKind.SERVICE: "#dcefdc",
    ComponentKind.BATCH: "#e7f1d4",
    ComponentKind.DATABASE: "#f6e3c6",
    ComponentKind.CACHE: "#f4ecc9",
    ComponentKind.QUEUE: "#e9def3",
    ComponentKind.EXTERNAL: "#e6e6e6",
}
FLAG = "#c62828"
EDGE = "#5f6b76"
FAINT = "#a3adb6"
INK = "#1f2933"
MUTED = "#52606d"
BORDER = "#7a8793"

NAME_SIZE = 8.5
KIND_SIZE = 8.0
LABEL_SIZE = 8.0
MIN_TEXT_SIZE = 8.0
BOX_WIDTH = 100.0
MAX_NAME_LINES = 5
MAX_NAME_CHARS = 400  # more than five lines hold; keeps wrapping a 100 KB name cheap
_PAD_X, _PAD_Y = 4.0, 4.0
_LEADING = 1.22
_ASCENT = 0.76  # of the font size: DejaVu Sans's ascender
# The report's body width (A4 less 20 mm margins, 481.9 pt) less the drawing's own
# margins (chart.MARGIN each side) and a little: the app lays out for the same width,
# so both show the same layout.
PAGE_WIDTH = 474.0

Measure = Callable[[str, float, bool], float]


@dataclass(frozen=True)
class Text:
    """One line, centred on ``x``, baseline at ``y``."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False
    colour: str = INK


@dataclass(frozen=True)
class ComponentBox:
    component_id: str
    name: str
    rect: Rect
    fill: str
    border: str
    border_width: float
    texts: tuple[Text, ...]


@dataclass(frozen=True)
class Arrow:
    dependency_id: str
    source_id: str
    target_id: str
    points: tuple[Point, ...]
    colour: str
    width: float
    dashed: bool
    label: tuple[Text, ...]  # empty when the arrow has no label
    label_rect: Rect | None


@dataclass(frozen=True)
class DiagramGeometry:
    boxes: tuple[ComponentBox, ...]
    arrows: tuple[Arrow, ...]
    rows: tuple[tuple[float, float], ...]  # (top, bottom) of each row of boxes
    width: float
    height: float

    def box(self, component_id: str) -> ComponentBox | None:
        return next((b for b in self.boxes if b.component_id == component_id), None)

    def texts(self) -> list[Text]:
        found = [t for b in self.boxes for t in b.texts]
        return found + [t for a in self.arrows for t in a.label]


def call_label(dep: Dependency) -> tuple[str, ...]:
    """What a sync call's arrow says about its timeout and retries, where they are known:
    a line for each."""
    if dep.mode is not CallMode.SYNC:
        return ()
    parts = []
    if dep.timeout is Tristate.YES:
        parts.append("timeout")
    elif dep.timeout is Tristate.NO:
        parts.append("no timeout")
    retries = {
        RetryPolicy.BACKOFF: "retries w/ backoff",
        RetryPolicy.NO_BACKOFF: "retries, no backoff",
        RetryPolicy.NONE: "no retries",
    }.get(dep.retries)
    if retries:
        parts.append(retries)
    return tuple(parts)


def wrap(text: str, width: float, size: float, measure: Measure, bold: bool = False) -> list[str]:
    """``text`` over as many lines as it needs to fit ``width``; nothing is dropped but
    the spaces where lines break. A word too long for a line breaks with a hyphen."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while len(word) > 1 and measure(word, size, bold) > width:
            cut = 1
            while cut + 1 < len(word) and measure(word[: cut + 1] + "-", size, bold) <= width:
                cut += 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def diagram_geometry(
    inventory: Inventory,
    *,
    spof_ids: Collection[str] = (),
    flagged_dependency_ids: Collection[str] = (),
    max_width: float = PAGE_WIDTH,
    measure: Measure | None = None,
) -> DiagramGeometry:
    """Everything the diagram draws; single points of failure and flagged edges in red."""
    measure = measure or report_font_measure()
    comps = sorted(inventory.components, key=lambda c: (c.name.casefold(), c.name, c.id))
    known = {c.id for c in comps}
    deps = sorted(
        (
            d
            for d in inventory.dependencies
            if d.source_id in known and d.target_id in known and d.source_id != d.target_id
        ),
        key=lambda d: (d.source_id, d.target_id, d.id),
    )
    name_lines = _name_lines(comps, measure)
    line_h = {NAME_SIZE: NAME_SIZE * _LEADING, KIND_SIZE: KIND_SIZE * _LEADING}
    nodes = [
        NodeBox(
            c.id,
            BOX_WIDTH,
            2 * _PAD_Y + len(name_lines[c.id]) * line_h[NAME_SIZE] + line_h[KIND_SIZE],
        )
        for c in comps
    ]
    labels = {d.id: call_label(d) for d in deps}
    label_line = LABEL_SIZE * _LEADING
    specs = [
        EdgeSpec(
            d.id,
            d.source_id,
            d.target_id,
            (
                max(measure(line, LABEL_SIZE, False) for line in labels[d.id]),
                len(labels[d.id]) * label_line,
            )
            if labels[d.id]
            else None,
        )
        for d in deps
    ]
    layout = layered_drawing(nodes, specs, max_width=max_width)
    spofs = set(spof_ids)
    boxes: list[ComponentBox] = []
    for c in comps:
        rect = layout.boxes[c.id]
        centre = rect.x + rect.width / 2
        baseline = rect.y + _PAD_Y + _ASCENT * NAME_SIZE + (line_h[NAME_SIZE] - NAME_SIZE) / 2
        texts: list[Text] = []
        for line in name_lines[c.id]:
            texts.append(Text(line, centre, baseline, NAME_SIZE, bold=True))
            baseline += line_h[NAME_SIZE]
        texts.append(
            Text(
                c.kind.label,
                centre,
                baseline + (KIND_SIZE - NAME_SIZE) * 0.2,
                KIND_SIZE,
                colour=MUTED,
            )
        )
        spof = c.id in spofs
        boxes.append(
            ComponentBox(
                c.id,
                c.name,
                rect,
                KIND_COLOURS[c.kind],
                FLAG if spof else BORDER,
                2.0 if spof else 0.8,
                tuple(texts),
            )
        )
    flagged = set(flagged_dependency_ids)
    by_id = {d.id: d for d in deps}
    arrows: list[Arrow] = []
    for routed in layout.edges:
        d = by_id[routed.id]
        is_flagged = d.id in flagged
        colour = FLAG if is_flagged else EDGE if d.criticality is Criticality.CRITICAL else FAINT
        label: list[Text] = []
        if routed.label is not None:
            r = routed.label
            baseline = r.y + (label_line - LABEL_SIZE) / 2 + _ASCENT * LABEL_SIZE
            for line in labels[d.id]:
                label.append(
                    Text(
                        line,
                        r.x + r.width / 2,
                        baseline,
                        LABEL_SIZE,
                        colour=FLAG if is_flagged else MUTED,
                    )
                )
                baseline += label_line
        arrows.append(
            Arrow(
                d.id,
                d.source_id,
                d.target_id,
                routed.points,
                colour,
                1.6 if is_flagged else 0.9,
                d.mode is CallMode.ASYNC,
                tuple(label),
                routed.label,
            )
        )
    return DiagramGeometry(tuple(boxes), tuple(arrows), layout.rows, layout.width, layout.height)


def _name_lines(comps: list[Component], measure: Measure) -> dict[str, list[str]]:
    """Each component's name wrapped over at most ``MAX_NAME_LINES`` lines. A longer name
    ends in "…"; names that would still print alike (cut the same, or alike once the
    report font's missing glyphs print as "�") get " [1]", " [2]"… in name order."""
    width = BOX_WIDTH - 2 * _PAD_X
    shown: dict[str, list[str]] = {}
    for c in comps:
        lines = wrap(_printable(c.name)[:MAX_NAME_CHARS], width, NAME_SIZE, measure, bold=True)
        if len(lines) > MAX_NAME_LINES:
            lines = lines[:MAX_NAME_LINES]
            lines[-1] = _ending(lines[-1].rstrip("-"), "…", width, measure)
        shown[c.id] = lines
    groups: dict[tuple[str, ...], list[str]] = {}
    for c in comps:  # comps are in name order
        groups.setdefault(tuple(shown[c.id]), []).append(c.id)
    for ids in groups.values():
        if len(ids) > 1:
            for n, cid in enumerate(ids, start=1):
                lines = shown[cid]
                lines[-1] = _ending(lines[-1], f" [{n}]", width, measure)
    return shown


def _ending(line: str, suffix: str, width: float, measure: Measure) -> str:
    """``line`` shortened as needed so that ``line + suffix`` fits ``width``."""
    while line and measure(line + suffix, NAME_SIZE, True) > width:
        line = line[:-1]
    return line + suffix


def _printable(text: str) -> str:
    from sreplan.kernel.report.fonts import printable

    return " ".join(printable(text).split())


@cache
def report_font_measure() -> Measure:
    """Text widths in the report's embedded font (the app draws with the same font)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from sreplan.kernel.report.fonts import SANS, SANS_BOLD, register_fonts

    register_fonts()

    @cache
    def measure(text: str, size: float, bold: bool = False) -> float:
        return float(stringWidth(text, SANS_BOLD if bold else SANS, size))

    return measure
