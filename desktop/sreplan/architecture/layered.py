"""A layered drawing of a directed graph, with every edge routed between the boxes.

The steps of a Sugiyama layout: break cycles at their back edges; put callers in rows
above callees (longest path, at most ``per_row`` boxes a row); give a long edge a dummy
point on every row it crosses; order each row by barycentre sweeps and adjacent swaps,
keeping the order with fewest crossings; place boxes and dummies as near their neighbours
as the gaps allow. Edges are then routed orthogonally: down from a port on the source's
bottom into the channel below its row, along a track of their own, and down into the next
row through a dummy's gap or onto a port on the target's top. Boxes only sit in rows and
horizontal runs only in channels, so no edge crosses a box.

Units are the caller's (points); y grows down. Pure Python: the same input gives the same
geometry in any process, whatever the hash seed.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sreplan.architecture.graph import back_edges, layers

Point = tuple[float, float]


@dataclass(frozen=True)
class NodeBox:
    id: str
    width: float
    height: float


@dataclass(frozen=True)
class EdgeSpec:
    """``source`` → ``target``, with the size of its label if it has one."""

    id: str
    source: str
    target: str
    label_size: tuple[float, float] | None = None


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class RoutedEdge:
    """From the source's border to the target's, in horizontal and vertical runs."""

    id: str
    points: tuple[Point, ...]
    label: Rect | None


@dataclass(frozen=True)
class Spacing:
    box_gap: float = 14.0  # between two boxes in a row
    dummy_gap: float = 7.0  # between a passing edge and its neighbours in a row
    track: float = 6.0  # between horizontal runs in a channel
    channel_top: float = 7.0
    channel_bottom: float = 11.0  # room for the arrowhead
    label_gap: float = 3.0  # between a label and the run it names


@dataclass(frozen=True)
class LayeredLayout:
    boxes: Mapping[str, Rect]
    edges: tuple[RoutedEdge, ...]  # the input's usable edges, in input order
    rows: tuple[tuple[float, float], ...]  # (top, bottom) of each row of boxes
    width: float
    height: float


def layered_drawing(
    nodes: Sequence[NodeBox],
    edges: Sequence[EdgeSpec],
    *,
    max_width: float,
    spacing: Spacing = Spacing(),
) -> LayeredLayout:
    """Lay out ``nodes`` in rows no wider than ``max_width`` when that is possible."""
    ids = [n.id for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("node ids must be unique")
    known = set(ids)
    usable = [e for e in edges if e.source in known and e.target in known and e.source != e.target]
    widest = max((n.width for n in nodes), default=0.0)
    per_row = max(1, int((max_width + spacing.box_gap) // (widest + spacing.box_gap)))
    while True:
        drawn = _Attempt(nodes, usable, per_row, max_width, spacing).run(give_up=per_row > 1)
        if drawn is not None:
            return drawn
        per_row -= 1


class _Attempt:
    """One layout with a given row capacity; items are ints (nodes first, then dummies)."""

    def __init__(
        self,
        nodes: Sequence[NodeBox],
        edges: Sequence[EdgeSpec],
        per_row: int,
        max_width: float,
        spacing: Spacing,
    ) -> None:
        self.nodes = list(nodes)
        self.edges = list(edges)
        self.per_row = per_row
        self.max_width = max_width
        self.sp = spacing
        self.index = {n.id: i for i, n in enumerate(nodes)}

    def run(self, *, give_up: bool) -> LayeredLayout | None:
        """The layout, or None (when ``give_up``) if a row cannot fit ``max_width``.

        Placement keeps every row within the width when its items packed at their
        gaps fit, so the check needs no placement; the gaps depend on the order only a
        little, so a row too wide even at the smallest gaps fails before ordering."""
        if not self.nodes:
            return LayeredLayout({}, (), (), 0.0, 0.0)
        self._assign_layers()
        self._make_chains()
        smallest = min(self.sp.box_gap, self.sp.dummy_gap)
        if give_up and any(
            sum(self.width[i] for i in row) + smallest * (len(row) - 1) > self.max_width
            for row in self.rows
        ):
            return None
        self._order_rows()
        if give_up and any(self._packed(row) > self.max_width + 1e-6 for row in self.rows):
            return None
        self._place_x()
        return self._route()

    def _packed(self, row: list[int]) -> float:
        return sum(self.width[i] for i in row) + sum(
            self._gap(a, b) for a, b in itertools.pairwise(row)
        )

    # -- layers ------------------------------------------------------------------

    def _assign_layers(self) -> None:
        ids = [n.id for n in self.nodes]
        pairs = [(e.source, e.target) for e in self.edges]
        cut = back_edges(ids, pairs)
        # Each edge drawn downwards: (upper, lower, reversed?).
        self.oriented: list[tuple[int, int, bool]] = []
        for e in self.edges:
            s, t = self.index[e.source], self.index[e.target]
            flip = (e.source, e.target) in cut
            self.oriented.append((t, s, True) if flip else (s, t, False))
        base = layers(ids, pairs)
        preds: list[list[int]] = [[] for _ in ids]
        for upper, lower, _ in self.oriented:
            preds[lower].append(upper)
        layer: dict[int, int] = {}
        count: dict[int, int] = {}
        for i in sorted(range(len(ids)), key=lambda i: (base[ids[i]], i)):
            at = max([base[ids[i]], *(layer[p] + 1 for p in preds[i])])
            while count.get(at, 0) >= self.per_row:
                at += 1
            layer[i] = at
            count[at] = count.get(at, 0) + 1
        used = sorted(set(layer.values()))
        compact = {old: new for new, old in enumerate(used)}
        self.layer = [compact[layer[i]] for i in range(len(ids))]

    def _make_chains(self) -> None:
        """Dummies on every row a long edge crosses; a labelled edge's label is a dummy as
        wide as the label, in a row of labels between its source's row and the next, so
        routing keeps clear of labels as it does of boxes."""
        n = len(self.nodes)
        depth = max(self.layer) + 1
        # Labels by the gap (between row g and g + 1) they sit in, packed into label rows.
        in_gap: list[list[list[float]]] = [[] for _ in range(depth)]  # widths per label row
        label_row: dict[int, tuple[int, int]] = {}
        for c, (edge, (upper, lower, flipped)) in enumerate(
            zip(self.edges, self.oriented, strict=True)
        ):
            if edge.label_size is None:
                continue
            gap = self.layer[lower] - 1 if flipped else self.layer[upper]
            need = edge.label_size[0] + self.sp.label_gap + self.sp.dummy_gap
            rows_here = in_gap[gap]
            j = next(
                (
                    j
                    for j, used in enumerate(rows_here)
                    if sum(used) + need <= self.max_width * 0.85
                ),
                len(rows_here),
            )
            if j == len(rows_here):
                rows_here.append([])
            rows_here[j].append(need)
            label_row[c] = (gap, j)
        start = [0] * depth  # expanded row of each layer of boxes
        for layer in range(1, depth):
            start[layer] = start[layer - 1] + 1 + len(in_gap[layer - 1])
        self.rows: list[list[int]] = [[] for _ in range(start[-1] + 1)]
        self.item_layer = [start[layer] for layer in self.layer]
        self.width: list[float] = [node.width for node in self.nodes]
        self.height: list[float] = [node.height for node in self.nodes]
        for i in range(n):
            self.rows[self.item_layer[i]].append(i)
        self.chains: list[list[int]] = []
        self.label_item: dict[int, int] = {}  # chain -> its label's dummy
        for c, (upper, lower, _) in enumerate(self.oriented):
            chain = [upper]
            placed = label_row.get(c)
            label_at = -1 if placed is None else start[placed[0]] + 1 + placed[1]
            for row in range(self.item_layer[upper] + 1, self.item_layer[lower]):
                dummy = len(self.width)
                size = self.edges[c].label_size if row == label_at else None
                self.width.append(0.0 if size is None else size[0] + self.sp.label_gap)
                self.height.append(0.0 if size is None else size[1])
                if size is not None:
                    self.label_item[c] = dummy
                self.item_layer.append(row)
                self.rows[row].append(dummy)
                chain.append(dummy)
            chain.append(lower)
            self.chains.append(chain)
        self.up: list[list[int]] = [[] for _ in self.width]
        self.down: list[list[int]] = [[] for _ in self.width]
        for chain in self.chains:
            for a, b in itertools.pairwise(chain):
                self.down[a].append(b)
                self.up[b].append(a)
        self.is_dummy = [i >= n for i in range(len(self.width))]

    # -- order within rows -------------------------------------------------------

    def _positions(self) -> list[int]:
        pos = [0] * len(self.width)
        for row in self.rows:
            for k, item in enumerate(row):
                pos[item] = k
        return pos

    def _crossings(self) -> int:
        pos = self._positions()
        total = 0
        for row in self.rows[:-1]:
            links = sorted((pos[a], pos[b]) for a in row for b in self.down[a])
            for k, (_, low) in enumerate(links):
                total += sum(1 for _, other in links[k + 1 :] if other < low)
        return total

    def _order_rows(self) -> None:
        best = [list(r) for r in self.rows]
        fewest = self._crossings()
        for sweep in range(8):
            downward = sweep % 2 == 0
            span = range(1, len(self.rows)) if downward else range(len(self.rows) - 2, -1, -1)
            pos = self._positions()
            for r in span:
                near = self.up if downward else self.down

                def centre(item: int, pos: list[int] = pos, near: list[list[int]] = near) -> float:
                    linked = near[item]
                    return sum(pos[m] for m in linked) / len(linked) if linked else pos[item]

                self.rows[r].sort(key=lambda item: (centre(item), pos[item]))
                for k, item in enumerate(self.rows[r]):
                    pos[item] = k
            self._transpose()
            crossings = self._crossings()
            if crossings < fewest:
                best, fewest = [list(r) for r in self.rows], crossings
            if fewest == 0:
                break
        self.rows = best

    def _transpose(self) -> None:
        """Swap neighbours in a row while that removes crossings."""
        for _ in range(2):
            improved = False
            pos = self._positions()
            for row in self.rows:
                for k in range(len(row) - 1):
                    a, b = row[k], row[k + 1]
                    if self._pair_crossings(b, a, pos) < self._pair_crossings(a, b, pos):
                        row[k], row[k + 1] = b, a
                        pos[a], pos[b] = pos[b], pos[a]
                        improved = True
            if not improved:
                return

    def _pair_crossings(self, left: int, right: int, pos: list[int]) -> int:
        count = 0
        for near in (self.up, self.down):
            count += sum(1 for p in near[left] for q in near[right] if pos[p] > pos[q])
        return count

    # -- x coordinates -----------------------------------------------------------

    def _gap(self, a: int, b: int) -> float:
        if self.is_dummy[a] or self.is_dummy[b]:
            return self.sp.dummy_gap
        return self.sp.box_gap

    def _place_x(self) -> None:
        self.x = [0.0] * len(self.width)  # left edge (a dummy's is its line)
        for row in self.rows:
            at = 0.0
            for k, item in enumerate(row):
                if k:
                    at += self._gap(row[k - 1], item)
                self.x[item] = at
                at += self.width[item]
        passes = ["down", "up", "down", "up", "both", "both", "both", "both"]
        for direction in passes:
            rows = range(len(self.rows))
            for r in rows if direction != "up" else reversed(rows):
                self._settle_row(self.rows[r], direction)
        left = min(self.x[i] for i in range(len(self.width)))
        # Rounded: dummies of one edge that should line up do so exactly.
        self.x = [round(x - left, 6) for x in self.x]

    def _lead(self, item: int) -> float:
        """Where an edge meets the item, from its left: a box's centre, a dummy's line."""
        return 0.0 if self.is_dummy[item] else self.width[item] / 2

    def _centre(self, item: int) -> float:
        return self.x[item] + self._lead(item)

    def _settle_row(self, row: list[int], direction: str) -> None:
        """Move the row's items toward the mean of their neighbours' centres, keeping order
        and gaps: isotonic regression (pool adjacent violators) on offsets, then clamped
        so the row stays within the page width when it can."""
        offsets: list[float] = []
        at = 0.0
        for k, item in enumerate(row):
            if k:
                at += self._gap(row[k - 1], item)
            offsets.append(at)
            at += self.width[item]
        wanted: list[float] = []
        weights: list[float] = []
        for item, offset in zip(row, offsets, strict=True):
            near = {"down": self.up[item], "up": self.down[item]}.get(
                direction, self.up[item] + self.down[item]
            )
            target = sum(self._centre(m) for m in near) / len(near) if near else self._centre(item)
            wanted.append(target - self._lead(item) - offset)
            weights.append((2.0 if self.is_dummy[item] else 1.0) * (1.0 if near else 0.2))
        fitted = _isotonic(wanted, weights)
        upper = max(0.0, self.max_width - at)
        for item, offset, value in zip(row, offsets, fitted, strict=True):
            self.x[item] = min(max(value, 0.0), upper) + offset

    # -- y coordinates and routing ----------------------------------------------

    def _route(self) -> LayeredLayout:
        sp = self.sp
        n = len(self.nodes)
        heights = [max(self.height[i] for i in row) for row in self.rows]
        right_edge = max(self.x[i] + self.width[i] for i in range(len(self.width)))
        # Ports: a box's outgoing runs spread along its bottom, incoming along its top,
        # each sorted by where the other end is so they do not cross at the box.
        out_port: dict[tuple[int, int], float] = {}  # (chain, step) -> x
        in_port: dict[tuple[int, int], float] = {}
        leaving: list[list[tuple[float, int, int]]] = [[] for _ in range(n)]
        arriving: list[list[tuple[float, int, int]]] = [[] for _ in range(n)]
        for c, chain in enumerate(self.chains):
            for step, (a, b) in enumerate(itertools.pairwise(chain)):
                if a < n:
                    leaving[a].append((self._centre(b), c, step))
                else:
                    out_port[(c, step)] = self.x[a]
                if b < n:
                    arriving[b].append((self._centre(a), c, step))
                else:
                    in_port[(c, step)] = self.x[b]
        for ports, ends in ((out_port, leaving), (in_port, arriving)):
            for i, runs in enumerate(ends):
                runs.sort()
                for k, (_, c, step) in enumerate(runs):
                    ports[(c, step)] = self.x[i] + self.width[i] * (k + 1) / (len(runs) + 1)

        # A run that would jog by less than half a point goes straight: the box end moves.
        for c, chain in enumerate(self.chains):
            for step, (a, b) in enumerate(itertools.pairwise(chain)):
                x1, x2 = out_port[(c, step)], in_port[(c, step)]
                if 0 < abs(x1 - x2) < 0.5:
                    if b < n:
                        in_port[(c, step)] = x1
                    elif a < n:
                        out_port[(c, step)] = x2

        # Tracks: per channel, runs whose spans overlap get separate tracks.
        track_of: dict[tuple[int, int], int] = {}
        channel_tracks: list[int] = []
        by_row: list[list[tuple[int, int]]] = [[] for _ in self.rows]
        for c, chain in enumerate(self.chains):
            for step, a in enumerate(chain[:-1]):
                by_row[self.item_layer[a]].append((c, step))
        for r in range(len(self.rows) - 1):
            spans: list[tuple[float, float, int, int]] = []
            for c, step in by_row[r]:
                x1, x2 = out_port[(c, step)], in_port[(c, step)]
                if x1 != x2:
                    spans.append((min(x1, x2) - sp.track / 2, max(x1, x2) + sp.track / 2, c, step))
            spans.sort()
            # A run leaving the channel's top where another reaches its foot goes on a
            # higher track, or their vertical parts would overlap and read as one line.
            above: list[list[int]] = [[] for _ in spans]
            for i, (_, _, ci, si) in enumerate(spans):
                for j, (_, _, cj, sj) in enumerate(spans):
                    if i != j and abs(out_port[(ci, si)] - in_port[(cj, sj)]) < 2.0:
                        above[j].append(i)
            tracks: list[list[tuple[float, float]]] = []
            placed: dict[int, int] = {}
            pending = list(range(len(spans)))
            while pending:
                # The first run whose higher neighbours are placed (any, on a cycle).
                k = next((k for k in pending if all(p in placed for p in above[k])), pending[0])
                pending.remove(k)
                lo, hi, c, step = spans[k]
                floor = max((placed[p] + 1 for p in above[k] if p in placed), default=0)
                t = next(
                    (
                        t
                        for t in range(floor, len(tracks))
                        if all(hi <= a or lo >= b for a, b in tracks[t])
                    ),
                    None,
                )
                if t is None:
                    t = max(floor, len(tracks))
                    tracks += [[] for _ in range(t + 1 - len(tracks))]
                tracks[t].append((lo, hi))
                placed[k] = t
                track_of[(c, step)] = t
            channel_tracks.append(len(tracks))

        row_bands: list[tuple[float, float]] = []
        track_y: list[list[float]] = []
        top = 0.0
        for r, height in enumerate(heights):
            row_bands.append((top, top + height))
            top += height
            if r < len(channel_tracks):
                first = top + sp.channel_top
                track_y.append([first + t * sp.track for t in range(channel_tracks[r])])
                top = first + max(channel_tracks[r] - 1, 0) * sp.track + sp.channel_bottom

        boxes: dict[str, Rect] = {}
        for i, node in enumerate(self.nodes):
            band_top, band_bottom = row_bands[self.item_layer[i]]
            y = band_top + (band_bottom - band_top - node.height) / 2
            boxes[node.id] = Rect(self.x[i], y, node.width, node.height)

        routed: list[RoutedEdge] = []
        for c, chain in enumerate(self.chains):
            points: list[Point] = [(out_port[(c, 0)], boxes[self.nodes[chain[0]].id].bottom)]
            for step, a in enumerate(chain[:-1]):
                r = self.item_layer[a]
                x1, x2 = out_port[(c, step)], in_port[(c, step)]
                points.append((x1, row_bands[r][1]))
                track = track_of.get((c, step))
                if track is not None:
                    y = track_y[r][track]
                    points += [(x1, y), (x2, y)]
                b = chain[step + 1]
                points.append((x2, row_bands[r + 1][0]))
                if b < n:
                    points.append((x2, boxes[self.nodes[b].id].y))
                else:
                    points.append((x2, row_bands[r + 1][1]))
            if self.oriented[c][2]:
                points.reverse()
            label: Rect | None = None
            item = self.label_item.get(c)
            if item is not None:
                band_top, band_bottom = row_bands[self.item_layer[item]]
                size = self.edges[c].label_size or (0.0, 0.0)
                label = Rect(
                    self.x[item] + sp.label_gap,
                    band_top + (band_bottom - band_top - size[1]) / 2,
                    size[0],
                    size[1],
                )
            routed.append(RoutedEdge(self.edges[c].id, _simplified(points), label))
        return LayeredLayout(
            boxes=boxes,
            edges=tuple(routed),
            rows=tuple(row_bands),
            width=right_edge,
            height=row_bands[-1][1],
        )


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence nearest ``values`` (weighted least squares)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value, weight in zip(values, weights, strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    fitted: list[float] = []
    for mean, _, count in blocks:
        fitted += [mean] * int(count)
    return fitted


def _simplified(points: list[Point]) -> tuple[Point, ...]:
    """Drop repeated points and the middle of straight runs (exact comparisons: a
    tolerance would turn a tiny jog into a slanted line)."""
    kept: list[Point] = []
    for p in points:
        if kept and p == kept[-1]:
            continue
        if len(kept) >= 2:
            a, b = kept[-2], kept[-1]
            if a[0] == b[0] == p[0] or a[1] == b[1] == p[1]:
                kept[-1] = p
                continue
        kept.append(p)
    return tuple(kept)
