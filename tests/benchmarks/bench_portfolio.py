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
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from sreplan.portfolio.ui.view import PortfolioView
    from sreplan.ui.app import make_application
    from sreplan.ui.operations import Operations

    make_application([])
    app = QApplication.instance()
    assert app is not None
    warm = QTableView()  # the first window of a process pays for fonts and style: not ours
    warm.show()
    app.processEvents()
    view = PortfolioView(Operations(ws))
    view.resize(1280, 800)
    start = time.perf_counter()
    view.show()  # the cheap columns for every plan, at once
    view.repaint()
    opened = time.perf_counter() - start
    while not view.complete:
        app.processEvents()
    filled = time.perf_counter() - start
    view.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    print(f"portfolio view, {view.proxy.rowCount()} rows: open {opened * 1000:.0f} ms "
          f"(budget 300 ms); every figure filled in behind after {filled * 1000:.0f} ms")
    view.close()
    ws.close()
    sys.stdout.flush()
    os._exit(0)  # skip PySide6's teardown at exit, which is not what is measured


if __name__ == "__main__":
    main()
