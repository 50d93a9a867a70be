"""kill -9 at random moments during CLI imports and GUI-path edits: what is lost?

Each iteration starts a writer in a child process and kills it with SIGKILL after
a random delay. GUI edits go through the app's own write path (Operations over
kernel Edits, QUndoStack, offscreen Qt) and print each edit once it is applied;
CLI imports are real ``sreplan`` commands. Afterwards the file is read the way a
user would (``sreplan check``, then a normal open) and compared with what was
acknowledged. Prints lost edits (goal 0), how often a hot journal was left, and
the message a read-only command gave for it.

Run: python tests/benchmarks/bench_kill.py [--iterations 200]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sreplan.cli import main as cli_main
from sreplan.features import open_workspace, seed_demo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

GUI_WRITER = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from sreplan.features import open_workspace
from sreplan.plans.demo import DEMO_PLAN_ID
from sreplan.ui.operations import Operations
app = QApplication([])
ops = Operations(open_workspace(sys.argv[1]))
n = 0
while True:
    n += 1
    if ops.set_fields("plans", DEMO_PLAN_ID, {"context": f"edit {n}"}, "Edit Context"):
        print(n, flush=True)
"""


def _demo(path: Path) -> None:
    ws = open_workspace(path, create=True)
    seed_demo(ws)
    ws.close()


def _gui_round(path: Path, rng: random.Random) -> tuple[int, int]:
    proc = subprocess.Popen([sys.executable, "-c", GUI_WRITER, str(path)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = 0
    deadline = time.monotonic() + rng.uniform(0.6, 2.5)
    os.set_blocking(proc.stdout.fileno(), False)
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip():
            acknowledged = int(line)
        else:
            time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for line in proc.stdout.read().split():
        acknowledged = max(acknowledged, int(line))
    return acknowledged, 0


def _cli_round(path: Path, rng: random.Random) -> subprocess.Popen[bytes]:
    command = rng.choice([
        ["import-openslo", str(path), "--plan", "Checkout service",
         *map(str, sorted((FIXTURES / "openslo").glob("*.yaml")))],
        ["apply-template", str(path), "--plan", "Checkout service", "prr"],
        ["import-series", str(path), "--plan", "Checkout service",
         "--resource", "Checkout API peak RPS",
         str(FIXTURES / "capacity" / "solar-half-hourly.csv")],
    ])
    return subprocess.Popen([sys.executable, "-m", "sreplan", *command],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lost = hot = gui_rounds = cli_rounds = acknowledged_total = unreadable = 0
    messages: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.iterations):
            path = Path(tmp) / f"w{i}.sreplan"
            _demo(path)
            expected: int | None = None
            if i % 2 == 0:
                gui_rounds += 1
                expected, _ = _gui_round(path, rng)
                acknowledged_total += expected
            else:
                cli_rounds += 1
                proc = _cli_round(path, rng)
                time.sleep(rng.uniform(0.05, 1.5))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            journal = path.with_name(f"{path.name}-journal")
            if journal.exists() and journal.stat().st_size:
                hot += 1
                sink = io.StringIO()
                with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                    cli_main(["list", str(path)])
                messages.add(sink.getvalue().strip().splitlines()[-1][:160])
            sink = io.StringIO()
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                if cli_main(["check", str(path)]) != 0:
                    unreadable += 1
            if expected:
                ws = open_workspace(path)
                stored = ws.scalar("SELECT context FROM plans")
                ws.close()
                number = int(stored.split()[1]) if stored.startswith("edit ") else 0
                lost += max(0, expected - number)
            path.unlink(missing_ok=True)
    print(f"iterations {args.iterations}: {gui_rounds} GUI edit runs "
          f"({acknowledged_total} acknowledged edits), {cli_rounds} CLI imports killed")
    print(f"lost acknowledged edits: {lost}; files check refused afterwards: {unreadable}")
    print(f"hot journals left: {hot}; what 'sreplan list' said then: "
          + ("; ".join(sorted(messages)) or "-"))


if __name__ == "__main__":
    sys.exit(main())
