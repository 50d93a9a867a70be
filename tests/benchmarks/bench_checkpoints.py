"""How the checkpoint editor behaves with 5,000 items in one plan (prints figures).

Measures, through the real editor in a shown window (offscreen), the wall time from
the user's action until the view has repainted: a status change (Space on one row),
a text filter, a status filter, a sort, and a bulk status change of every item with
its undo. Run: python tests/benchmarks/bench_checkpoints.py
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow

from sreplan.checkpoints.model import Category, CheckpointStatus, OwnerSide, Risk
from sreplan.checkpoints.store import ensure_phases
from sreplan.checkpoints.ui.editor import CheckpointEditor
from sreplan.features import open_workspace
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import now_iso
from sreplan.plans.store import insert_plan, new_plan
from sreplan.ui.operations import Operations
from sreplan.ui.sections import SectionContext

ITEMS = 5000
WORDS = [
    "canary", "rollback", "backup", "restore", "failover", "alert", "runbook", "capacity",
    "load", "chaos", "dns",
]


def _ms(action: Callable[[], object], repeat: int = 9) -> tuple[float, float]:
    """Median and worst time (ms) of ``action`` plus the repaint it causes."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def _seed(path: Path) -> tuple[object, str]:
    ws = open_workspace(path, create=True)
    plan = new_plan("Big platform")
    insert_plan(ws, plan)
    phases = ensure_phases(ws, plan.id)
    rng = random.Random(4)
    owners = [f"Engineer {i}" for i in range(40)] + [""]
    stamp = now_iso()
    with ws.write() as conn:
        for i in range(ITEMS):
            phase = phases[i % len(phases)]
            status = rng.choice([s for s in CheckpointStatus if s is not CheckpointStatus.WAIVED])
            conn.execute(
                "INSERT INTO checkpoints (id, plan_id, phase_id, position, title, guidance, "
                "category, owner_side, owner, status, risk, due_date, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new_id(), plan.id, phase.id, i,
                    f"Check {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                    f"Guidance for {rng.choice(WORDS)} number {i}",
                    rng.choice(list(Category)).value, rng.choice(list(OwnerSide)).value,
                    rng.choice(owners), status.value, rng.choice(list(Risk)).value,
                    f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", stamp,
                ],
            )
    return ws, plan.id


def main() -> None:
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        ws, plan_id = _seed(Path(tmp) / "big.sreplan")
        window = QMainWindow()
        ops = Operations(ws, window)  # type: ignore[arg-type]
        start = time.perf_counter()
        editor = CheckpointEditor(SectionContext(ops, window))
        window.setCentralWidget(editor)
        window.resize(1400, 900)
        window.show()
        editor.set_plan(plan_id)
        app.processEvents()
        print(f"items: {editor.model.rowCount():,}")
        print(f"open the checklist (editor built, shown, painted): "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")

        view = editor.view
        view.setFocus()
        view.setCurrentIndex(editor.model.index(2500, 0))
        view.scrollTo(editor.model.index(2500, 0))
        app.processEvents()
        median, worst = _ms(lambda: QTest.keyClick(view, Qt.Key.Key_Space))
        print(f"status change (Space on one row, saved, gates and view refreshed): "
              f"median {median:.1f} ms, worst {worst:.1f} ms")
        # Durable: a separate connection reads the status the view shows.
        shown = editor.model.record(2500)
        other = sqlite3.connect(Path(tmp) / "big.sreplan")
        stored = other.execute(
            "SELECT status FROM checkpoints WHERE id = ?", [shown["id"]]
        ).fetchone()[0]
        other.close()
        assert stored == shown["status"], (stored, shown["status"])
        print(f"on disk after the changes: {stored} (as shown)")
        # The floor this disk sets: one durable commit (synchronous=FULL) of one row.
        row_id = shown["id"]
        note = iter(range(100))

        def bare_commit() -> None:
            with ws.write() as conn:  # type: ignore[attr-defined]
                conn.execute("UPDATE checkpoints SET notes = ? WHERE id = ?",
                             [f"bench {next(note)}", row_id])

        median, worst = _ms(bare_commit)
        print(f"  (a bare durable commit of one row on this disk: median {median:.1f} ms, "
              f"worst {worst:.1f} ms)")

        words = iter(WORDS * 3)
        median, worst = _ms(lambda: editor.search.setText(next(words)))
        print(f"text filter (search box): median {median:.1f} ms, worst {worst:.1f} ms")
        editor.search.clear()

        combo = editor.status_filter
        median, worst = _ms(lambda: combo.setCurrentIndex(1 + (combo.currentIndex() % 6)))
        print(f"status filter: median {median:.1f} ms, worst {worst:.1f} ms")
        combo.setCurrentIndex(0)

        orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 10)
        median, worst = _ms(lambda: view.sortByColumn(3, next(orders)))
        print(f"sort by risk: median {median:.1f} ms, worst {worst:.1f} ms")

        view.selectAll()
        app.processEvents()
        median, worst = _ms(
            lambda: editor.edits.set_status(editor.selected_ids(), CheckpointStatus.DONE)
            and ops.undo(),
            repeat=5,
        )
        print(f"bulk status change of all {ITEMS:,} items, then its undo: "
              f"median {median:.1f} ms, worst {worst:.1f} ms")
        window.close()
        ws.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
