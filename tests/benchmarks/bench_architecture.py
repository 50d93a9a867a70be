"""Architecture reviews at scale: 60 components, 150 dependencies, 1,000 findings, 200 ADRs.

Run: ``.venv/bin/python tests/benchmarks/bench_architecture.py``. Prints the lint time
(store read + pure lint + triage), the pure lint alone, the diagram render time (Figure
build + Agg draw + SVG), and the time to list findings and ADRs, each the median of runs.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

from sreplan.architecture.adr import Adr, AdrOption, AdrStatus
from sreplan.architecture.adr_store import add_adr, list_adrs
from sreplan.architecture.findings import add_finding, list_findings, new_finding
from sreplan.architecture.lint import Risk, flagged, lint
from sreplan.architecture.lint_triage import run_lint
from sreplan.architecture.model import (
    Backups,
    CallMode,
    ComponentKind,
    Criticality,
    Replication,
    RetryPolicy,
    Tristate,
)
from sreplan.architecture.reviews import FindingKind, FindingStatus
from sreplan.architecture.store import (
    add_component,
    add_dependency,
    load_inventory,
    new_component,
    new_dependency,
)
from sreplan.features import open_workspace
from sreplan.kernel import Workspace
from sreplan.plans.store import insert_plan, new_plan


def build(ws: Workspace) -> str:
    rng = random.Random(42)
    plan = new_plan("Benchmark")
    insert_plan(ws, plan)
    kinds = list(ComponentKind)
    with ws.write():
        ids = []
        for i in range(60):
            kind = kinds[i % len(kinds)]
            stateful = kind in (ComponentKind.DATABASE, ComponentKind.QUEUE)
            ids.append(
                add_component(
                    ws,
                    plan.id,
                    new_component(
                        f"{kind.label} {i:02d}",
                        kind=kind,
                        instances=rng.choice([1, 2, 3, 6]),
                        zones=tuple(rng.sample(["a", "b", "c"], rng.choice([1, 2, 3]))),
                        stateful=stateful,
                        replication=rng.choice(list(Replication)),
                        backups=rng.choice(list(Backups)),
                    ),
                )
            )
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < 150:
            a, b = sorted(rng.sample(range(60), 2))
            if rng.random() < 0.05:
                a, b = b, a  # a few back edges make cycles
            pairs.add((a, b))
        for a, b in sorted(pairs):
            add_dependency(
                ws,
                plan.id,
                new_dependency(
                    ids[a],
                    ids[b],
                    mode=rng.choice(list(CallMode)),
                    criticality=rng.choice(list(Criticality)),
                    timeout=rng.choice(list(Tristate)),
                    retries=rng.choice(list(RetryPolicy)),
                    circuit_breaker=rng.choice(list(Tristate)),
                ),
            )
        for i in range(1000):
            add_finding(
                ws,
                plan.id,
                new_finding(
                    f"Finding {i}",
                    description="x" * 200,
                    kind=rng.choice(list(FindingKind)),
                    risk=rng.choice(list(Risk)),
                    owner="Owner",
                    due=date(2027, 1, 1) + timedelta(i % 90),
                    status=rng.choice(
                        [FindingStatus.OPEN, FindingStatus.IN_PROGRESS, FindingStatus.RESOLVED]
                    ),
                ),
                rng.sample(ids, 2),
                ["timeouts"],
            )
        for n in range(1, 201):
            add_adr(
                ws,
                plan.id,
                Adr(
                    number=n,
                    title=f"Decision {n}",
                    status=rng.choice(list(AdrStatus)),
                    context="c" * 500,
                    drivers=("a", "b"),
                    options=tuple(
                        AdrOption(f"Option {k}", good=("g",), bad=("b",)) for k in range(3)
                    ),
                    chosen_option="Option 0",
                    outcome_reason="because",
                ),
            )
    return plan.id


def timed(label: str, fn: Callable[[], object], runs: int = 7) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    median = statistics.median(times) * 1000
    print(f"{label:48} {median:8.1f} ms  (median of {runs}, max {max(times) * 1000:.1f} ms)")
    return median


def _table_timings(ws: Workspace, plan_id: str) -> None:
    """The findings table as the editor shows it: reload 1,000 ids and paint a screenful."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from sreplan.architecture.ui.findings import FindingModel, finding_columns
    from sreplan.architecture.ui.inventory import DependencyModel
    from sreplan.ui.operations import Operations

    app = QApplication.instance() or QApplication([])
    ops = Operations(ws)
    findings = FindingModel(ops, finding_columns({}))
    dependencies = DependencyModel(ops)

    def show(model: FindingModel | DependencyModel) -> None:
        model.set_plan(plan_id)
        for row in range(min(40, model.rowCount())):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))

    timed("findings table: reload + first screen (40 rows)", lambda: show(findings))
    timed("dependencies table: reload + first screen", lambda: show(dependencies))
    del app


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "bench.sreplan", create=True)
        plan_id = build(ws)
        inventory = load_inventory(ws, plan_id)
        print(
            f"{len(inventory.components)} components, {len(inventory.dependencies)} "
            f"dependencies, {len(list_findings(ws, plan_id))} findings, "
            f"{len(list_adrs(ws, plan_id))} ADRs; {len(lint(inventory))} suggestions"
        )
        lint_ms = timed("lint (read inventory + lint + triage)", lambda: run_lint(ws, plan_id))
        timed("lint, pure function only", lambda: lint(inventory))
        spofs, deps = flagged(lint(inventory))

        def geometry() -> object:
            from sreplan.architecture.diagram import diagram_geometry

            return diagram_geometry(inventory, spof_ids=spofs, flagged_dependency_ids=deps)

        def render() -> None:
            from sreplan.architecture.chart import diagram_drawings
            from sreplan.kernel.report.document import BODY_HEIGHT

            diagram_drawings(geometry(), max_height=BODY_HEIGHT - 60)  # type: ignore[arg-type]

        diagram_ms = timed("diagram layout (geometry)", geometry, 5)
        timed("diagram layout + ReportLab drawings", render, 5)
        timed("list 1,000 findings", lambda: list_findings(ws, plan_id))
        timed("list 200 ADRs with options", lambda: list_adrs(ws, plan_id))
        _table_timings(ws, plan_id)
        ws.close()
    ok = lint_ms <= 200 and diagram_ms <= 1000
    print("targets (lint <= 200 ms, diagram <= 1 s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
