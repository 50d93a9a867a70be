"""Plan bundles and milestones at size (prints figures).

- the demo plan: export-bundle and import-bundle, each in a fresh process (≤ 0.5 s);
- a plan of 300 SLOs, 5,000 checklist items and 50 resources (each with 90 days of
  hourly demand): export and import, each in a fresh process (≤ 5 s);
- ``changes`` between two milestones of that plan, in process (≤ 200 ms).

Run: python tests/benchmarks/bench_bundle.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sreplan.bundle.milestones import changes_since, record_milestone
from sreplan.capacity.series_store import replace_series
from sreplan.features import open_workspace, seed_demo
from sreplan.kernel import Workspace
from sreplan.kernel.ids import new_id

SREPLAN = [sys.executable, "-m", "sreplan"]
# As installed: byte-code compiled (this machine sets PYTHONDONTWRITEBYTECODE, which
# would make every fresh process compile SRE Plan's sources first).
PYCACHE = tempfile.mkdtemp(prefix="sreplan-pycache-")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = PYCACHE


CPU: list[float] = []  # the CPU time of each timed process (the machine may be shared)


def _timed(args: list[str]) -> float:
    """Wall time of a fresh ``sreplan`` process; its CPU time goes to ``CPU``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*SREPLAN, *args], check=True, capture_output=True, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def _cpu(last: int = 1) -> str:
    return f"CPU {statistics.median(CPU[-last:]):.2f} s"


def _copies(ws: Workspace, table: str, count: int, **vary: str) -> list[str]:
    model = ws.rows(f"SELECT * FROM {table} LIMIT 1")[0]
    ids = []
    with ws.write() as conn:
        for i in range(count):
            row = {**model, "id": new_id(), **{k: v.format(i=i) for k, v in vary.items()}}
            if "position" in row:
                row["position"] = 1000 + i
            conn.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            ids.append(row["id"])
    return ids


def big_plan(path: Path) -> str:
    ws = open_workspace(path, create=True)
    plan_id = seed_demo(ws)
    have = ws.scalar("SELECT count(*) FROM slos")
    _copies(ws, "slos", 300 - have, name="slo-{i}", display_name="SLO {i}")
    have = ws.scalar("SELECT count(*) FROM checkpoints")
    _copies(ws, "checkpoints", 5000 - have, title="Item {i}", template_key="bench.{i}")
    have = ws.scalar("SELECT count(*) FROM capacity_resources")
    resources = _copies(ws, "capacity_resources", 50 - have, name="Resource {i}")
    start = 1_780_000_000
    times = [start + 3600 * h for h in range(24 * 90)]
    for n, rid in enumerate(resources):
        values = [1000 + 10 * n + (h % 24) * 5 for h in range(len(times))]
        replace_series(ws, plan_id, rid, times, values)
    ws.close()
    return plan_id


def main() -> None:
    import sreplan

    package = Path(sreplan.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(package)],
                   check=True, env=ENV)
    subprocess.run([*SREPLAN, "--version"], check=True, capture_output=True, env=ENV)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        demo = root / "demo.sreplan"
        ws = open_workspace(demo, create=True)
        plan_id = seed_demo(ws)
        ws.close()
        runs = [_timed(["export-bundle", str(demo), "--plan", plan_id, "-o",
                        str(root / f"demo-{i}")]) for i in range(5)]
        print(f"demo export-bundle, fresh process: median {statistics.median(runs):.2f} s, "
              f"worst {max(runs):.2f} s, {_cpu(5)} (limit 0.5 s)")
        runs = []
        for i in range(5):
            target = root / f"empty-{i}.sreplan"
            subprocess.run([*SREPLAN, "new", str(target)], check=True, capture_output=True,
                           env=ENV)
            runs.append(_timed(["import-bundle", str(target), str(root / "demo-0")]))
        print(f"demo import-bundle, fresh process: median {statistics.median(runs):.2f} s, "
              f"worst {max(runs):.2f} s, {_cpu(5)} (limit 0.5 s)")

        big = root / "big.sreplan"
        plan_id = big_plan(big)
        seconds = _timed(["export-bundle", str(big), "--plan", plan_id, "-o", str(root / "big")])
        size = sum(p.stat().st_size for p in (root / "big").rglob("*") if p.is_file())
        print(f"300 SLOs / 5,000 items / 50 resources: export-bundle {seconds:.2f} s "
              f"({size / 1e6:.1f} MB), {_cpu()} (limit 5 s)")
        empty = root / "big-empty.sreplan"
        subprocess.run([*SREPLAN, "new", str(empty)], check=True, capture_output=True, env=ENV)
        seconds = _timed(["import-bundle", str(empty), str(root / "big")])
        print(f"  import-bundle into an empty workspace {seconds:.2f} s, {_cpu()} (limit 5 s)")
        seconds = _timed(["import-bundle", str(big), str(root / "big")])
        print(f"  import-bundle over the same plan {seconds:.2f} s, {_cpu()} (limit 5 s)")
        seconds = _timed(["check-bundle", str(root / "big")])
        print(f"  check-bundle {seconds:.2f} s, {_cpu()}")
        print(f"  (load average while measuring: {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores)")

        ws = open_workspace(big)
        start = time.perf_counter()
        record_milestone(ws, plan_id, "Before")
        recorded = time.perf_counter() - start
        with ws.write() as conn:
            conn.execute(
                "UPDATE checkpoints SET status = 'done' WHERE rowid IN "
                "(SELECT rowid FROM checkpoints WHERE status != 'done' LIMIT 200)"
            )
            conn.execute("UPDATE slos SET target = 99.5 WHERE rowid IN "
                         "(SELECT rowid FROM slos LIMIT 20)")
        record_milestone(ws, plan_id, "After")
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            found = changes_since(ws, plan_id, "Before", "After")
            runs.append((time.perf_counter() - start) * 1000)
        size = ws.scalar("SELECT length(snapshot) FROM milestones WHERE name = 'After'")
        ws.close()
        print(f"  milestone recorded in {recorded * 1000:.0f} ms ({size / 1e3:.0f} kB stored)")
        print(f"  changes between two milestones: median {statistics.median(runs):.0f} ms, "
              f"worst {max(runs):.0f} ms, {len(found.changes)} changes (limit 200 ms)")


if __name__ == "__main__":
    main()
