"""Cold start of ``sreplan --exit-after-startup`` against a bare PySide6 window.

Each run is a new process that shows its main window and quits after the first
paint. The app (on the demo workspace) and a bare ``QMainWindow`` alternate, so
both see the same machine load. The goal is a median ratio of at most 1.5.

    python tests/benchmarks/bench_startup.py [--runs 7] [--explain]

``--explain`` adds a ``python -X importtime`` comparison: the modules the app
imports at start-up that the bare window does not, costliest first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GOAL = 1.5

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    done = False
    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 820)
painted = FirstPaint()
window.installEventFilter(painted)
window.show()
sys.exit(app.exec())
"""


def app_command(workspace: Path) -> list[str]:
    """The installed console script when it sits beside this Python, else ``-m sreplan``."""
    script = Path(sys.executable).with_name("sreplan")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "sreplan"]
    return [*base, "--exit-after-startup", str(workspace)]


def bare_command() -> list[str]:
    return [sys.executable, "-c", BARE_WINDOW]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"{command[0]} exited {result.returncode}:\n{result.stderr.strip()[-2000:]}"
        )
    return elapsed


@dataclass(frozen=True)
class Import:
    """One line of ``-X importtime``: who imported the module, and its cumulative cost."""

    name: str
    parent: str | None
    cumulative_us: int


def traced_imports(command: list[str], env: dict[str, str]) -> list[Import]:
    if command[0] != sys.executable:  # trace the console script's module with this Python
        command = [sys.executable, "-m", "sreplan", *command[1:]]
    traced = [command[0], "-X", "importtime", *command[1:]]
    result = subprocess.run(traced, env=env, capture_output=True, text=True, timeout=120)
    lines: list[tuple[int, str, int]] = []
    for line in result.stderr.splitlines():
        fields = line.split("|")
        if not line.startswith("import time:") or len(fields) != 3 or "imported package" in line:
            continue
        raw = fields[2][1:]
        depth = (len(raw) - len(raw.lstrip())) // 2
        lines.append((depth, raw.strip(), int(fields[1])))
    # A module's line comes after its children's, so its parent is the next line one level up.
    imports = []
    for index, (depth, name, cumulative) in enumerate(lines):
        parent = next((n for d, n, _ in lines[index + 1 :] if d < depth), None)
        imports.append(Import(name, parent, cumulative))
    return imports


def explain(app: list[str], env: dict[str, str], top: int = 15) -> None:
    """Print the third-party imports the app pays for on top of a bare window."""
    bare = {i.name for i in traced_imports(bare_command(), env)}
    ours = traced_imports(app, env)
    extra = {i.name for i in ours} - bare

    def ours_or_common(name: str | None) -> bool:
        return name is None or name not in extra or name.split(".")[0] == "sreplan"

    roots = [
        i
        for i in ours
        if i.name in extra and i.name.split(".")[0] != "sreplan" and ours_or_common(i.parent)
    ]
    roots.sort(key=lambda i: -i.cumulative_us)
    own = sum(i.cumulative_us for i in ours if i.name == "sreplan")
    print(f"\nModules the app imports that the bare window does not: {len(extra)}")
    print(f"  {own / 1000:8.1f} ms  sreplan, cumulative (everything it imports included)")
    print("  Costliest imports from outside sreplan, and the module that imports them:")
    for i in roots[:top]:
        print(f"  {i.cumulative_us / 1000:8.1f} ms  {i.name:<32} <- {i.parent or '(top level)'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--explain", action="store_true", help="compare -X importtime")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sreplan-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = {**os.environ, "SREPLAN_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
        env.pop("MPLBACKEND", None)
        workspace = Path(tmp) / "demo.sreplan"
        new = app_command(workspace)[:-2]
        subprocess.run(
            [*new, "new", str(workspace), "--demo"], env=env, check=True, capture_output=True
        )
        app = app_command(workspace)

        # One untimed start of each fills the OS file cache and writes settings.ini.
        timed(bare_command(), env)
        timed(app, env)

        bare_times: list[float] = []
        app_times: list[float] = []
        for run in range(args.runs):
            order = [("bare", bare_command()), ("app", app)]
            if run % 2:
                order.reverse()
            for label, command in order:
                (bare_times if label == "bare" else app_times).append(timed(command, env))
            print(
                f"run {run + 1}: bare {bare_times[-1]:.3f} s   app {app_times[-1]:.3f} s",
                flush=True,
            )

        bare_median = statistics.median(bare_times)
        app_median = statistics.median(app_times)
        ratio = app_median / bare_median
        paired = statistics.median(a / b for a, b in zip(app_times, bare_times, strict=True))
        print(f"\nbare QMainWindow  median {bare_median:.3f} s  (min {min(bare_times):.3f})")
        print(f"sreplan           median {app_median:.3f} s  (min {min(app_times):.3f})")
        print(
            f"median ratio      {ratio:.2f}x  (median of paired ratios {paired:.2f}x); "
            f"goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'}"
        )
        print(
            f"({args.runs} runs each, interleaved, QT_QPA_PLATFORM=offscreen, "
            f"{os.cpu_count()} CPUs, app started as {Path(app[0]).name})"
        )
        if args.explain:
            explain(app, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
