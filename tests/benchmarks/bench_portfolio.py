"""Portfolio of 200 plans: how long its figures and the view take to open.

The 200 plans are copies of the three demo plans in turn (so 67 are the full
checkout plan, with capacity history, incidents and every feature's records).
Run: .venv/bin/python tests/benchmarks/bench_portfolio.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sreplan.features import open_workspace, seed_demo
from sreplan.plans.store import duplicate_plan, list_plans
from sreplan.portfolio.figures import portfolio

PLANS = 200


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    ws = open_workspace(folder / "bench.sreplan", create=True)
    seed_demo(ws)
    originals = [p.id for p in list_plans(ws)]
    for n in range(PLANS - len(originals)):
        duplicate_plan(ws, originals[n % len(originals)], f"Copy {n:03d}")
    assert len(list_plans(ws)) == PLANS
    portfolio(ws)  # warm imports
    times = []
    for _ in range(3):
        start = time.perf_counter()
        rows = portfolio(ws)
        times.append(time.perf_counter() - start)
    print(f"portfolio figures, {len(rows)} plans: best {min(times) * 1000:.0f} ms, "
          f"worst {max(times) * 1000:.0f} ms (budget 300 ms)")
    from sreplan.portfolio.ui.view import PortfolioView
    from sreplan.ui.app import make_application
    from sreplan.ui.operations import Operations

    make_application([])
    view = PortfolioView(Operations(ws))
    view.resize(1280, 800)
    start = time.perf_counter()
    view.show()
    view.view.sortByColumn(5, view.view.horizontalHeader().sortIndicatorOrder())
    elapsed = time.perf_counter() - start
    print(f"portfolio view open and sorted, {view.proxy.rowCount()} rows: {elapsed * 1000:.0f} ms")
    ws.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
