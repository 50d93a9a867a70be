"""PDF export speed and memory: the demo plan, and a big plan (prints figures).

Run: python tests/benchmarks/bench_reports.py

Goals (issue 5): the demo plan in <= 1 s on 2 cores; 5,000 checkpoint items and
300 SLOs, each with a chart, in <= 15 s with peak memory <= 600 MB.

Each scenario runs in a fresh process, so its peak RSS is its own. Sections of
the big plan that are not registered on this branch (slos, checkpoints) are
stood in for by a load section of the same shape: 300 chart pages (a
matplotlib figure each, through the real vector path) and a 5,000-row table.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

MOMENT = datetime(2026, 11, 27, tzinfo=UTC)
SLOS = 300
CHECKPOINT_ITEMS = 5000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants (chart workers), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in rss:
        walk = pid
        while walk and walk != root:
            walk = parents.get(walk, 0)
        if walk == root:
            total += rss[pid]
    return total / 2**20


class _TreeMemory:
    """Samples the whole process tree's RSS every 250 ms; ``peak`` in MB."""

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def burn_chart(n: int) -> object:
    """An error-budget burn-down like the SLO editor's, for SLO number ``n``."""
    from matplotlib.figure import Figure

    # Fixed margins: "tight" layout would lay every chart out twice (about 40% more time).
    figure = Figure(figsize=(6.5, 2.2))
    figure.subplots_adjust(left=0.1, right=0.97, top=0.86, bottom=0.2)
    axes = figure.add_subplot()
    days = list(range(28))
    axes.plot(days, [100 - d * (1.5 + n % 5 * 0.4) for d in days], label="remaining")
    axes.axhline(0, color="#b42318", linewidth=0.8, label="budget exhausted")
    axes.set_title(f"SLO {n + 1}: checkout availability 99.9 %")
    axes.set_xlabel("day of window")
    axes.set_ylabel("% of budget")
    axes.legend(loc="upper right", fontsize=7)
    return figure


def _load_section() -> object:
    """A stand-in for the SLO and checkpoint sections with the issue's volume."""
    from sreplan.kernel.report.document import heading
    from sreplan.kernel.report.figures import chart
    from sreplan.kernel.report.registry import ReportSection
    from sreplan.kernel.report.tables import Column, data_table

    def build(ws: object, plan_id: str, options: object) -> list[object]:
        story: list[object] = [heading("Error budgets")]
        for n in range(SLOS):
            story.append(heading(f"SLO {n + 1}", level=2))
            story.append(chart(burn_chart, n, max_height=170))
        story.append(heading("Checkpoint items"))
        rows = [
            (
                f"Item {i}: verify runbook step {i % 37}",
                ("Design", "Build", "Launch")[i % 3],
                ("Open", "Done", "Waived")[i % 3],
                ("High", "Medium", "Low")[i % 3],
                f"owner{i % 23}",
                f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}",
            )
            for i in range(CHECKPOINT_ITEMS)
        ]
        story.append(
            data_table(
                [
                    Column("Item", 3),
                    Column("Phase"),
                    Column("Status"),
                    Column("Risk", 0.7),
                    Column("Owner"),
                    Column("Due"),
                ],
                rows,
            )
        )
        return story

    return ReportSection("load", "Reliability goals and checkpoints (load)", False, build, 25)


def _seed_real(ws: object, plan_id: str) -> None:
    """300 SLOs and 5,000 checkpoint items in the demo plan, through the real tables."""
    import random

    from sreplan.checkpoints.model import Category, CheckpointStatus, OwnerSide, Risk
    from sreplan.checkpoints.store import ensure_phases
    from sreplan.kernel import records
    from sreplan.kernel.durations import Duration
    from sreplan.kernel.ids import new_id
    from sreplan.kernel.workspace import now_iso
    from sreplan.slo.model import Service, Sli, Slo, TimeWindow
    from sreplan.slo.store import insert_service, insert_sli, slo_to_row

    services = [Service(new_id(), plan_id, f"service-{i}") for i in range(12)]
    slis = [Sli(new_id(), plan_id, f"sli-{i}") for i in range(30)]
    for service in services:
        insert_service(ws, service)  # type: ignore[arg-type]
    for sli in slis:
        insert_sli(ws, sli)  # type: ignore[arg-type]
    windows = [Duration(30, "d"), Duration(28, "d"), Duration(1, "M"), Duration(1, "Q")]
    existing = ws.scalar("SELECT count(*) FROM slos WHERE plan_id = ?", [plan_id])  # type: ignore[attr-defined]
    records.insert(ws, "slos", [  # type: ignore[arg-type]
        slo_to_row(Slo(
            new_id(), plan_id, services[i % 12].id, slis[i % 30].id, f"slo-{i:03}",
            display_name=f"Generated objective {i:03}", target=99 + (i % 99) / 100,
            window=TimeWindow(windows[i % 4]), owner=f"Owner {i % 17}",
        ))
        for i in range(SLOS - int(existing))
    ])
    phases = ensure_phases(ws, plan_id)  # type: ignore[arg-type]
    rng = random.Random(4)
    existing = ws.scalar("SELECT count(*) FROM checkpoints WHERE plan_id = ?", [plan_id])  # type: ignore[attr-defined]
    stamp = now_iso()
    with ws.write() as conn:  # type: ignore[attr-defined]
        for i in range(CHECKPOINT_ITEMS - int(existing)):
            status = rng.choice([s for s in CheckpointStatus if s is not CheckpointStatus.WAIVED])
            conn.execute(
                "INSERT INTO checkpoints (id, plan_id, phase_id, position, title, guidance, "
                "category, owner_side, owner, status, risk, due_date, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [new_id(), plan_id, phases[i % len(phases)].id, 1000 + i,
                 f"Check {i}: verify runbook step {i % 37}", f"Guidance number {i}",
                 rng.choice(list(Category)).value, rng.choice(list(OwnerSide)).value,
                 f"Engineer {i % 40}", status.value, rng.choice(list(Risk)).value,
                 f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", stamp],
            )


def run_scenario(name: str, out_dir: Path) -> dict[str, object]:
    from sreplan.features import open_workspace, seed_demo
    from sreplan.reporting import Preset, ReportOptions, export_pdf, registry

    ws = open_workspace(out_dir / f"{name}.sreplan", create=True)
    plan_id = seed_demo(ws, MOMENT.date())
    included = [s.key for s in registry.all_sections()]
    if name == "real":
        _seed_real(ws, plan_id)
    if name == "big":  # the framework under the volume, with 300 distinct charts
        sections = (*registry.all_sections(), _load_section())
        registry.all_sections = lambda: tuple(sorted(sections, key=lambda s: s.order))  # type: ignore[assignment]
        included.append("load (300 distinct charts, 5,000-row table)")
    phases: dict[str, float] = {}
    memory = _TreeMemory()
    start = time.perf_counter()

    def progress(_fraction: float, message: str) -> None:
        phase = message.split(" (")[0].split(" ")[0]  # Preparing, Drawing, Laying, Done
        phases.setdefault(phase, time.perf_counter() - start)

    result = export_pdf(
        ws,
        plan_id,
        out_dir / f"{name}.pdf",
        ReportOptions(Preset.FULL, (), MOMENT),
        progress=progress,
    )
    seconds = time.perf_counter() - start
    tree_peak = memory.stop()
    start = time.perf_counter()  # again, warm: matplotlib imported, fonts loaded (as in the app)
    export_pdf(ws, plan_id, out_dir / f"{name}-2.pdf", ReportOptions(Preset.FULL, (), MOMENT))
    warm = time.perf_counter() - start
    ws.close()
    return {
        "scenario": name,
        "seconds": round(seconds, 2),
        "warm_seconds": round(warm, 2),
        "pages": result.pages,
        "size_kb": round((out_dir / f"{name}.pdf").stat().st_size / 1024),
        "peak_mb": round(_peak_mb()),
        "tree_peak_mb": round(tree_peak),
        "phase_starts": {k: round(v, 2) for k, v in phases.items()},
        "sections": included,
    }


def _child(name: str, out_dir: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--scenario", name, str(out_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _cli_seconds(out_dir: Path) -> float:
    """Wall time of the whole `sreplan export-pdf` command, interpreter start included."""
    workspace = out_dir / "demo.sreplan"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sreplan",
            "export-pdf",
            str(workspace),
            "--plan",
            "Checkout service",
            "-o",
            str(out_dir / "cli.pdf"),
            "--date",
            "2026-11-27",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    print(f"cores available: {len(os.sched_getaffinity(0))}")
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        demo = _child("demo", out_dir)
        print(
            f"demo plan: export_pdf {demo['seconds']} s in a fresh process (matplotlib and fonts "
            f"loaded on the way), {demo['warm_seconds']} s warm; {demo['pages']} pages, "
            f"{demo['size_kb']} KB, peak RSS {demo['peak_mb']} MB  (goal <= 1 s)"
        )
        print(
            "demo plan: `sreplan export-pdf` command, start to finish "
            f"{_cli_seconds(out_dir):.2f} s"
        )
        big = _child("big", out_dir)
        print(
            f"big plan ({SLOS} SLO charts, {CHECKPOINT_ITEMS} checkpoint rows): "
            f"{big['seconds']} s ({big['warm_seconds']} s warm), "
            f"{big['pages']} pages, {big['size_kb']} KB, peak RSS {big['peak_mb']} MB "
            "(goal <= 15 s, <= 600 MB)"
        )
        print(
            f"big plan: peak RSS of the process and its chart workers together "
            f"{big['tree_peak_mb']} MB (sampled every 250 ms)"
        )
        print(f"big plan: phases began at (s): {big['phase_starts']}")
        print(f"load average while measuring: {os.getloadavg()}")
        print(f"big plan sections: {', '.join(map(str, big['sections']))}")
        real = _child("real", out_dir)
        print(
            f"real sections, demo plan + {SLOS} SLOs + {CHECKPOINT_ITEMS} checkpoint items: "
            f"{real['seconds']} s ({real['warm_seconds']} s warm), {real['pages']} pages, "
            f"{real['size_kb']} KB, "
            f"peak RSS {real['tree_peak_mb']} MB; phases began at (s): {real['phase_starts']}"
        )
        print(f"real sections: {', '.join(map(str, real['sections']))}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--scenario":
        os.environ.setdefault("MPLBACKEND", "Agg")
        print(json.dumps(run_scenario(sys.argv[2], Path(sys.argv[3]))))
    else:
        main()
