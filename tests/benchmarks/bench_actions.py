"""How the Actions section behaves with 5,000 items from every source (prints figures).

The demo plan (SLO, capacity, resilience and on-call conditions, postmortems) gets
1,500 checklist items, 1,000 findings, 1,000 postmortem actions and 1,500 items added
by hand. Through the real section in a shown window (offscreen) it measures the wall
time until the view has repainted for a text filter, a priority filter and a sort
(target ≤ 50 ms), and the time for a status change to be committed to the file
(target ≤ 20 ms), then with the view refreshed. Run: python tests/benchmarks/bench_actions.py
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow

from sreplan.actions import edits
from sreplan.actions.model import ActionStatus
from sreplan.actions.store import ActionChange
from sreplan.actions.ui.editor import ActionsEditor
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace, now_iso
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.ui.operations import Operations
from sreplan.ui.sections import SectionContext

WORDS = ["canary", "rollback", "backup", "restore", "failover", "alert", "runbook", "load"]


def _ms(action: Callable[[], object], repeat: int = 9) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def _seed(path: Path) -> Workspace:
    ws = open_workspace(path, create=True)
    seed_demo(ws)
    rng = random.Random(7)
    today = date.today()
    phases = [r[0] for r in ws.conn.execute("SELECT id FROM phases WHERE plan_id = ?",
                                            [DEMO_PLAN_ID])]  # fmt: skip
    owners = [f"Engineer {i}" for i in range(40)]
    stamp = now_iso()

    def due() -> str:
        return (today + timedelta(days=rng.randint(-30, 120))).isoformat()

    def title(i: int) -> str:
        return f"Item {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}"

    with ws.write() as conn:
        for i in range(1500):
            conn.execute(
                "INSERT INTO checkpoints (id, plan_id, phase_id, position, title, category, "
                "owner_side, owner, status, risk, due_date, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'monitoring', 'sre', ?, ?, ?, ?, ?)",
                [new_id(), DEMO_PLAN_ID, rng.choice(phases), 100 + i, title(i),
                 rng.choice(owners), rng.choice(["not_started", "in_progress", "done"]),
                 rng.choice(["high", "medium", "low"]), due(), stamp],
            )  # fmt: skip
        for i in range(1000):
            conn.execute(
                "INSERT INTO findings (id, plan_id, title, risk, owner, due_date, status, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)",
                [new_id(), DEMO_PLAN_ID, title(i), rng.choice(["high", "medium", "low"]),
                 rng.choice(owners), due(), "2025-01-01T00:00:00"],
            )  # fmt: skip
        incident = ws.scalar("SELECT id FROM incidents WHERE plan_id = ? LIMIT 1", [DEMO_PLAN_ID])
        for i in range(1000):
            conn.execute(
                "INSERT INTO incident_actions (id, plan_id, incident_id, position, title, "
                "priority, owner, due_date, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open')",
                [new_id(), DEMO_PLAN_ID, incident, 100 + i, title(i),
                 rng.choice(["P0", "P1", "P2"]), rng.choice(owners), due()],
            )  # fmt: skip
        for i in range(1500):
            conn.execute(
                "INSERT INTO actions (id, plan_id, title, owner, due_date, priority, status, "
                "created_on) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)",
                [new_id(), DEMO_PLAN_ID, title(i), rng.choice(owners), due(),
                 rng.choice(["P0", "P1", "P2"]), (today - timedelta(days=40)).isoformat()],
            )  # fmt: skip
    return ws


def main() -> None:
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        ws = _seed(Path(tmp) / "big.sreplan")
        window = QMainWindow()
        ops = Operations(ws, window)
        start = time.perf_counter()
        editor = ActionsEditor(SectionContext(ops, window))
        window.setCentralWidget(editor)
        window.resize(1280, 800)
        window.show()
        editor.set_plan(DEMO_PLAN_ID)
        app.processEvents()
        total = len(editor.model.items())
        print(f"items: {total:,} ({editor.model.rowCount():,} open shown)")
        print(f"open the section (every source collected, shown, painted): "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")  # fmt: skip

        from sreplan.actions.tracker import ActionFilter, select

        items = editor.model.items()
        for name, where in (("text", ActionFilter(open_only=False, text="canary load")),
                            ("open P0", ActionFilter(priority=editor.model.item(0).priority))):
            times = []
            for _ in range(9):
                t0 = time.perf_counter()
                select(items, where, "due", True, presorted=True)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"filter ({name}) + sort by due of {total:,}, no repaint: "
                  f"median {statistics.median(times):.1f} ms")  # fmt: skip

        editor.status_filter.setCurrentIndex(1)  # all items
        words = iter(WORDS * 3)
        median, worst = _ms(lambda: editor.search.setText(next(words)))
        print(f"text filter over {total:,}: median {median:.1f} ms, worst {worst:.1f} ms")
        editor.search.clear()
        combo = editor.priority_filter
        median, worst = _ms(lambda: combo.setCurrentIndex((combo.currentIndex() + 1) % 4))
        print(f"priority filter: median {median:.1f} ms, worst {worst:.1f} ms")
        combo.setCurrentIndex(0)
        orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 20)
        for column, name in ((4, "due"), (1, "title"), (2, "source")):
            median, worst = _ms(lambda c=column: editor.view.sortByColumn(c, next(orders)))
            print(f"sort by {name}: median {median:.1f} ms, worst {worst:.1f} ms")

        manual = [i for i in editor.model.items() if i.kind.value == "manual"][:9]
        checkpoints = [i for i in editor.model.items() if i.kind.value == "checkpoint"][:9]
        for label, items in (("hand-added", manual), ("checkpoint-owned", checkpoints)):
            durable, refreshed = [], []
            for n, item in enumerate(items):
                status = ActionStatus.DONE if n % 2 == 0 else ActionStatus.IN_PROGRESS
                edit = edits.change_items(DEMO_PLAN_ID, [item], ActionChange(status=status))
                t0 = time.perf_counter()
                edit.apply(ws)  # committed: durable on return
                durable.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                ops._changed(edit)  # what Operations.run does next: every view refreshes
                app.processEvents()
                refreshed.append((time.perf_counter() - t0) * 1000)
            print(f"status change of a {label} item: durable median "
                  f"{statistics.median(durable):.1f} ms (worst {max(durable):.1f}); "
                  f"view refreshed +{statistics.median(refreshed):.1f} ms")  # fmt: skip
        window.close()
        ws.close()


if __name__ == "__main__":
    main()
