"""Graph questions about an inventory: cycles, back edges, layers and a deterministic layout.

Callers sit above what they call. Cycles are broken at their back edges (found by a
depth-first walk in name order) so :mod:`graphlib` can order the rest; the same input
always gives the same layout.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Edge = tuple[str, str]


def _adjacency(nodes: Sequence[str], edges: Iterable[Edge]) -> dict[str, list[str]]:
    adj: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edges:
        if source in adj and target in adj and source != target:
            adj[source].append(target)
    return adj


def strongly_connected(nodes: Sequence[str], edges: Iterable[Edge]) -> list[list[str]]:
    """The cycles: strongly connected sets of two or more nodes, each in ``nodes`` order."""
    adj = _adjacency(nodes, edges)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        # Iterative Tarjan: (node, next child position) frames.
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, pos = work.pop()
            if pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = adj[node]
            if pos < len(children):
                work.append((node, pos + 1))
                child = children[pos]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    order = {n: i for i, n in enumerate(nodes)}
                    found.append(sorted(members, key=order.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def back_edges(nodes: Sequence[str], edges: Iterable[Edge]) -> set[Edge]:
    """Edges that close a cycle in a depth-first walk taken in ``nodes`` order."""
    adj = _adjacency(nodes, edges)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    result: set[Edge] = set()
    for root in nodes:
        if root in state:
            continue
        state[root] = 1
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, pos = work.pop()
            children = adj[node]
            if pos < len(children):
                work.append((node, pos + 1))
                child = children[pos]
                if state.get(child) == 1:
                    result.add((node, child))
                elif child not in state:
                    state[child] = 1
                    work.append((child, 0))
            else:
                state[node] = 2
    return result


def acyclic_edges(nodes: Sequence[str], edges: Iterable[Edge]) -> list[Edge]:
    edge_list = [e for e in edges if e[0] != e[1]]
    cut = back_edges(nodes, edge_list)
    return [e for e in edge_list if e not in cut]


def topological_order(nodes: Sequence[str], edges: Iterable[Edge]) -> list[str]:
    """Callers before callees, ties in ``nodes`` order; cycles broken at their back edges."""
    position = {n: i for i, n in enumerate(nodes)}
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for n in nodes:
        sorter.add(n)
    for source, target in acyclic_edges(nodes, edges):
        sorter.add(target, source)
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        order.extend(ready)
        sorter.done(*ready)
    return order


def layers(nodes: Sequence[str], edges: Iterable[Edge]) -> dict[str, int]:
    """Layer of each node: 0 for nodes nothing calls, else one below its deepest caller."""
    edge_list = acyclic_edges(nodes, edges)
    callers: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edge_list:
        callers[target].append(source)
    callees: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edge_list:
        callees[source].append(target)
    layer: dict[str, int] = {}
    for node in topological_order(nodes, edge_list):
        layer[node] = 1 + max((layer[c] for c in callers[node]), default=-1)
    # A caller nothing else calls sits just above its nearest callee, not at the very top.
    for node in nodes:
        if not callers[node] and callees[node]:
            layer[node] = max(0, min(layer[c] for c in callees[node]) - 1)
    return layer


@dataclass(frozen=True)
class Layout:
    """Node positions (x grows right, y grows down, in slot units) and the rows used."""

    positions: Mapping[str, tuple[float, float]]
    width: float
    height: float


def layered_layout(
    nodes: Sequence[str], edges: Iterable[Edge], *, max_per_row: int = 8, sweeps: int = 4
) -> Layout:
    """Layers as rows, ordered by the barycentre of neighbours to reduce crossings.

    A layer wider than ``max_per_row`` wraps onto extra rows so 60 components stay legible.
    """
    edge_list = [e for e in edges if e[0] != e[1] and e[0] in set(nodes) and e[1] in set(nodes)]
    layer = layers(nodes, edge_list)
    position = {n: i for i, n in enumerate(nodes)}
    depth = 1 + max(layer.values(), default=-1)
    rows: list[list[str]] = [[] for _ in range(depth)]
    for n in nodes:
        rows[layer[n]].append(n)
    neighbours: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edge_list:
        neighbours[source].append(target)
        neighbours[target].append(source)

    def order_of(row: list[str]) -> dict[str, float]:
        return {n: (i + 0.5) / len(row) for i, n in enumerate(row)}

    for sweep in range(sweeps):
        span = range(1, depth) if sweep % 2 == 0 else range(depth - 2, -1, -1)
        for i in span:
            ref = rows[i - 1] if sweep % 2 == 0 else rows[i + 1]
            ref_pos = order_of(ref)
            current = order_of(rows[i])

            def centre(
                n: str, ref_pos: dict[str, float] = ref_pos, current: dict[str, float] = current
            ) -> tuple[float, int]:
                linked = [ref_pos[m] for m in neighbours[n] if m in ref_pos]
                value = sum(linked) / len(linked) if linked else current[n]
                return (round(value, 9), position[n])

            rows[i].sort(key=centre)

    width = float(min(max_per_row, max((len(r) for r in rows), default=1)) or 1)
    positions: dict[str, tuple[float, float]] = {}
    y = 0.0
    for row in rows:
        for start in range(0, len(row), max_per_row):
            chunk = row[start : start + max_per_row]
            offset = (width - len(chunk)) / 2
            stagger = 0.5 if start // max_per_row % 2 else 0.0
            for i, n in enumerate(chunk):
                positions[n] = (offset + i + 0.5 + stagger * (len(chunk) < width), y)
            y += 1.0
    return Layout(positions=positions, width=width, height=max(y, 1.0))
