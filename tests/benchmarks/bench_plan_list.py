"""How the plan list behaves with 500 plans: load, filter, sort (prints figures).

Run: python tests/benchmarks/bench_plan_list.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sreplan.features import open_workspace
from sreplan.plans.model import PlanStatus
from sreplan.plans.store import insert_plan, new_plan
from sreplan.ui.plan_list import PlanFilterModel, PlanListModel


def _ms(fn: object, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "many.sreplan", create=True)
        statuses = list(PlanStatus)
        with ws.write():
            for i in range(500):
                insert_plan(
                    ws,
                    new_plan(
                        f"Service {i:03d}", product_team=f"Team {i % 37}", status=statuses[i % 4]
                    ),
                )
        model = PlanListModel(ws)
        proxy = PlanFilterModel()
        proxy.setSourceModel(model)
        print(f"plans: {model.rowCount()}")
        print(f"reload (query + reset): {_ms(model.reload):.2f} ms")
        print(f"filter 'team 3':        {_ms(lambda: proxy.setFilterFixedString('team 3')):.2f} ms")
        proxy.setFilterFixedString("")
        orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 10)
        print(f"sort by team:           {_ms(lambda: proxy.sort(1, next(orders))):.2f} ms")
        ws.close()


if __name__ == "__main__":
    main()
