"""The layered layout is deterministic, handles cycles, and wraps wide layers."""

from __future__ import annotations

import random

from sreplan.architecture.graph import (
    back_edges,
    layered_layout,
    layers,
    strongly_connected,
    topological_order,
)


def test_layers_put_callers_above_callees() -> None:
    nodes = ["edge", "lb", "api", "db", "batch"]
    edges = [("edge", "lb"), ("lb", "api"), ("api", "db"), ("batch", "db")]
    layer = layers(nodes, edges)
    assert layer == {"edge": 0, "lb": 1, "api": 2, "db": 3, "batch": 2}
    assert topological_order(nodes, edges).index("api") < topological_order(nodes, edges).index(
        "db"
    )


def test_cycles_are_found_and_broken_deterministically() -> None:
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
    assert strongly_connected(nodes, edges) == [["a", "b", "c"]]
    assert back_edges(nodes, edges) == {("c", "a")}
    layer = layers(nodes, edges)
    assert layer["a"] < layer["b"] < layer["c"] < layer["d"]
    assert strongly_connected(nodes, [("a", "b")]) == []


def test_two_separate_cycles() -> None:
    nodes = list("abcdef")
    edges = [("a", "b"), ("b", "a"), ("c", "d"), ("d", "e"), ("e", "c"), ("b", "c")]
    found = strongly_connected(nodes, edges)
    assert sorted(found) == [["a", "b"], ["c", "d", "e"]]
    assert strongly_connected(nodes, edges) == found


def graph(seed: int, n: int = 60, m: int = 150) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    nodes = [f"c{i:02d}" for i in range(n)]
    edges: set[tuple[str, str]] = set()
    while len(edges) < m:
        a, b = rng.sample(nodes, 2)
        edges.add((a, b))
    return nodes, sorted(edges)


def test_layout_is_deterministic_and_independent_of_edge_order() -> None:
    nodes, edges = graph(7)
    first = layered_layout(nodes, edges)
    again = layered_layout(list(nodes), list(edges))
    shuffled = list(edges)
    random.Random(1).shuffle(shuffled)
    assert first == again
    assert set(first.positions) == set(nodes)
    # Positions never overlap.
    assert len(set(first.positions.values())) == len(nodes)
    assert layered_layout(nodes, shuffled).positions.keys() == first.positions.keys()


def test_wide_layers_wrap_to_stay_legible() -> None:
    nodes = ["root", *[f"leaf{i:02d}" for i in range(20)]]
    edges = [("root", n) for n in nodes[1:]]
    layout = layered_layout(nodes, edges, max_per_row=8)
    assert layout.width == 8
    assert layout.height == 1 + 3  # the root, then 20 leaves over three rows
    assert len(set(layout.positions.values())) == len(nodes)


def test_empty_and_self_edges() -> None:
    assert layered_layout([], []).positions == {}
    assert layers(["a"], [("a", "a")]) == {"a": 0}
