"""Reliability goals with 300 SLOs: list, filter, sort, typing, chart, OpenSLO (prints figures).

Run: python tests/benchmarks/bench_slo.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sreplan.features import open_workspace, seed_demo
from sreplan.kernel import records
from sreplan.kernel.durations import Duration
from sreplan.kernel.ids import new_id
from sreplan.slo.model import DEFAULT_ALERT_RULES, Service, Sli, Slo, TimeWindow
from sreplan.slo.store import insert_service, insert_sli, slo_to_row
from sreplan.slo.ui.editor import SloEditor
from sreplan.ui.app import make_settings
from sreplan.ui.main_window import MainWindow


def _ms(fn: object, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _seed(path: Path, count: int) -> None:
    ws = open_workspace(path, create=True)
    plan = seed_demo(ws)
    services = [Service(new_id(), plan, f"service-{i}") for i in range(12)]
    slis = [Sli(new_id(), plan, f"sli-{i}") for i in range(30)]
    for service in services:
        insert_service(ws, service)
    for sli in slis:
        insert_sli(ws, sli)
    windows = [Duration(30, "d"), Duration(28, "d"), Duration(1, "M"), Duration(1, "Q")]
    records.insert(
        ws,
        "slos",
        [
            slo_to_row(
                Slo(
                    new_id(),
                    plan,
                    services[i % 12].id,
                    slis[i % 30].id,
                    f"slo-{i:03}",
                    display_name=f"Generated objective {i:03}",
                    target=99 + (i % 99) / 100,
                    window=TimeWindow(windows[i % 4]),
                    owner=f"Owner {i % 17}",
                )
            )
            for i in range(count - 3)
        ],
    )
    ws.close()


def main() -> None:
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "slos.sreplan"
        _seed(path, 300)
        window = MainWindow(open_workspace(path), make_settings())
        window.resize(1440, 900)
        window.show()
        app.processEvents()
        start = time.perf_counter()
        editor = window.editor("slos")
        app.processEvents()
        print(
            f"open the Reliability goals tab (300 SLOs; chart follows): "
            f"{(time.perf_counter() - start) * 1000:.0f} ms"
        )
        assert isinstance(editor, SloEditor)
        page = editor.slos_page
        print(f"SLOs listed: {page.model.rowCount()}")
        print(f"reload list (ids + reset):     {_ms(page.model.reload):.2f} ms")
        filtered = _ms(lambda: page.proxy.setFilterFixedString("owner 3"))
        print(f"filter 'owner 3':              {filtered:.2f} ms")
        page.proxy.setFilterFixedString("")
        orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 10)
        sorted_ms = _ms(lambda: page.view.sortByColumn(3, next(orders)))
        print(f"sort by target:                {sorted_ms:.2f} ms")
        rows = iter(range(5, 300, 7))
        selected = _ms(lambda: page.view.selectRow(next(rows)))
        print(f"select another SLO (form+panels): {selected:.2f} ms")
        edit = page.form.target_edit
        edit.selectAll()
        QTest.keyClicks(edit, "99.")
        keys = iter("123456789" * 3)
        print(
            f"one keystroke in Target (store, undo, list, panels): "
            f"{_ms(lambda: QTest.keyClicks(edit, next(keys)), repeat=9):.2f} ms"
        )
        from sreplan.slo.chart import burn_down_figure

        built = _ms(lambda: burn_down_figure("x", 99.9, Duration(30, "d"), DEFAULT_ALERT_RULES))
        print(f"chart (build figure):          {built:.1f} ms")
        QTest.qWait(400)  # the chart is drawn 150 ms after the last change
        canvas = page.chart_canvas
        if canvas is not None:

            def redraw() -> None:
                page._draw_chart()
                canvas.draw()

            print(f"chart redraw + render on canvas: {_ms(redraw):.1f} ms")
        window.close()

        from sreplan.plans.store import insert_plan, new_plan
        from sreplan.slo.openslo_import import export_openslo, import_openslo, read_openslo

        ws = open_workspace(path)
        plan = str(ws.scalar("SELECT id FROM plans"))
        start = time.perf_counter()
        text = export_openslo(ws, plan)
        print(
            f"export 300 SLOs to OpenSLO:    {(time.perf_counter() - start) * 1000:.0f} ms "
            f"({len(text) // 1024} KiB)"
        )
        out = Path(tmp) / "out.yaml"
        out.write_text(text)
        copy = new_plan("copy")
        insert_plan(ws, copy)
        start = time.perf_counter()
        import_openslo(ws, copy.id, read_openslo([out]))
        print(f"import them again:             {(time.perf_counter() - start) * 1000:.0f} ms")

        from datetime import UTC, datetime

        from sreplan.reporting import Preset, ReportOptions, export_pdf

        options = ReportOptions(Preset.CUSTOM, ("slos",), datetime(2026, 11, 27, tzinfo=UTC))
        start = time.perf_counter()
        export_pdf(ws, plan, Path(tmp) / "slos.pdf", options)
        print(
            f"PDF section for 300 SLOs (one drawing per distinct window): "
            f"{time.perf_counter() - start:.1f} s"
        )
        ws.close()


if __name__ == "__main__":
    main()
