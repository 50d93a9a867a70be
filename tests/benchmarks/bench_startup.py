"""Cold start of ``sreplan --exit-after-startup`` against a bare PySide6 window.

Each run is a new process that shows its main window and quits after the first
paint. The app (on the demo workspace) and a bare ``QMainWindow`` alternate, so
both see the same machine load. The goal is a median wall-clock ratio of at
most 1.5; the CPU-time ratio is printed beside it because, on a shared machine,
it moves far less with other people's load.

    python tests/benchmarks/bench_startup.py [--runs 7] [--explain]

``--explain`` adds a ``python -X importtime`` comparison: the modules the app
imports at start-up that the bare window does not, costliest first.
"""

from __future__ import annotations

import argparse
import os
import resource
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


@dataclass(frozen=True)
class Sample:
    """One start: wall-clock seconds, and CPU seconds (hardly moved by other load)."""

    wall: float
    cpu: float


def timed(command: list[str], env: dict[str, str]) -> Sample:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(
            f"{command[0]} exited {result.returncode}:\n{result.stderr.strip()[-2000:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(elapsed, cpu)


def report(bare: list[Sample], app: list[Sample]) -> None:
    for metric, title in (("wall", "wall clock"), ("cpu", "CPU time (user + system)")):
        bare_s = [getattr(s, metric) for s in bare]
        app_s = [getattr(s, metric) for s in app]
        bare_median, app_median = statistics.median(bare_s), statistics.median(app_s)
        ratio = app_median / bare_median
        paired = statistics.median(a / b for a, b in zip(app_s, bare_s, strict=True))
        print(f"\n{title}")
        print(f"  bare QMainWindow  median {bare_median:.3f} s  (min {min(bare_s):.3f})")
        print(f"  sreplan           median {app_median:.3f} s  (min {min(app_s):.3f})")
        print(
            f"  median ratio      {ratio:.2f}x  (median of paired ratios {paired:.2f}x); "
            f"goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'}"
        )


# Timestamps of a start-up, taken in the child: after the imports, when the main
# window is shown, at its first paint, plus the Python enum classes PySide6 created
# (it makes one for each Qt enum type on first use, in Python, which is slow).
PHASES = """
import enum, sys, time
t0 = time.perf_counter()
created = [0, 0.0]
_create = enum.EnumType._create_
def counting(*args, **kwargs):
    start = time.perf_counter()
    try:
        return _create(*args, **kwargs)
    finally:
        created[0] += 1
        created[1] += time.perf_counter() - start
enum.EnumType._create_ = counting
marks = []
def mark(label):
    marks.append((label, time.perf_counter(), created[0], created[1]))
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
mark("import PySide6 QtCore, QtWidgets")
BODY
prev = (t0, 0, 0.0)
for label, t, n, spent in marks:
    ms, enum_ms = (t - prev[0]) * 1000, (spent - prev[2]) * 1000
    print(label, f"{ms:.1f}", n - prev[1], f"{enum_ms:.1f}", sep="\t")
    prev = (t, n, spent)
"""

APP_PHASES = """
from sreplan import cli
import sreplan.ui.app
mark("import sreplan.cli, sreplan.ui.app")
class Watch(QObject):
    def eventFilter(self, watched, event):
        kind = event.type()
        if type(watched).__name__ == "MainWindow" and len(marks) < 4:
            if kind == QEvent.Type.Show and len(marks) == 2:
                mark("workspace, QApplication, MainWindow() until shown")
            elif kind == QEvent.Type.Paint and len(marks) == 3:
                mark("show until the first paint event")
        return False
app = QApplication(sys.argv[:1])
watch = Watch()
app.installEventFilter(watch)
cli.main(sys.argv[1:])
mark("painting the window, then quit")
"""

BARE_PHASES = """
from PySide6.QtWidgets import QMainWindow
mark("import QMainWindow")
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 820)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if len(marks) == 3 and event.type() == QEvent.Type.Paint:
            mark("show until the first paint event")
            app.quit()
        return False
painted = FirstPaint()
window.installEventFilter(painted)
window.show()
mark("QApplication, QMainWindow() until shown")
app.exec()
mark("painting the window, then quit")
"""


@dataclass(frozen=True)
class Import:
    """One line of ``-X importtime``: who imported the module, and what it cost."""

    name: str
    parent: str | None
    self_us: int
    cumulative_us: int


def traced_imports(command: list[str], env: dict[str, str]) -> list[Import]:
    if command[0] != sys.executable:  # trace the console script's module with this Python
        command = [sys.executable, "-m", "sreplan", *command[1:]]
    traced = [command[0], "-X", "importtime", *command[1:]]
    result = subprocess.run(traced, env=env, capture_output=True, text=True, timeout=120)
    lines: list[tuple[int, str, int, int]] = []
    for line in result.stderr.splitlines():
        fields = line.split("|")
        if not line.startswith("import time:") or len(fields) != 3 or "imported package" in line:
            continue
        raw = fields[2][1:]
        depth = (len(raw) - len(raw.lstrip())) // 2
        self_us = int(fields[0].removeprefix("import time:"))
        lines.append((depth, raw.strip(), self_us, int(fields[1])))
    # A module's line comes after its children's, so its parent is the next line one level up.
    imports = []
    for index, (depth, name, self_us, cumulative) in enumerate(lines):
        parent = next((n for d, n, _, _ in lines[index + 1 :] if d < depth), None)
        imports.append(Import(name, parent, self_us, cumulative))
    return imports


def phases(body: str, args: list[str], env: dict[str, str]) -> list[list[str]]:
    script = PHASES.replace("BODY", body)
    command = [sys.executable, "-c", script, *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    return [line.split("\t") for line in result.stdout.splitlines()]


def explain(app: list[str], env: dict[str, str], top: int = 12) -> None:
    """Print where the app's start-up time goes, beside the bare window's."""
    for title, body, args in (
        ("bare QMainWindow", BARE_PHASES, []),
        ("sreplan", APP_PHASES, app[1:]),
    ):
        print(f"\n{title}: phases after the interpreter started (one run)")
        print(f"  {'ms':>7}  {'Python enum classes made by PySide6':>36}  phase")
        for label, ms, enums, enum_ms in phases(body, args, env):
            print(f"  {float(ms):7.1f}  {int(enums):>16} taking {float(enum_ms):5.1f} ms  {label}")

    bare = {i.name for i in traced_imports(bare_command(), env)}
    ours = traced_imports(app, env)
    extra = {i.name for i in ours} - bare
    own = sorted((i for i in ours if i.name.split(".")[0] == "sreplan"), key=lambda i: -i.self_us)
    print(f"\nModules the app imports that the bare window does not: {len(extra)}")
    print(
        f"  sreplan's own modules: {sum(i.self_us for i in own) / 1000:.1f} ms of self time "
        "(module code, plus Qt types first touched by their imports); costliest:"
    )
    for i in own[:top]:
        print(f"  {i.self_us / 1000:8.1f} ms  {i.name}")

    def outside_extra(name: str | None) -> bool:
        return name is None or name not in extra or name.split(".")[0] == "sreplan"

    roots = [
        i
        for i in ours
        if i.name in extra and i.name.split(".")[0] != "sreplan" and outside_extra(i.parent)
    ]
    roots.sort(key=lambda i: -i.cumulative_us)
    print(
        f"  Other modules, by cumulative time: {sum(i.cumulative_us for i in roots) / 1000:.1f}"
        " ms in all; costliest, with the module that imports them:"
    )
    for i in roots[:top]:
        print(f"  {i.cumulative_us / 1000:8.1f} ms  {i.name:<24} <- {i.parent or '(top level)'}")


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

        bare: list[Sample] = []
        ours: list[Sample] = []
        for run in range(args.runs):
            order = [("bare", bare_command()), ("app", app)]
            if run % 2:
                order.reverse()
            for label, command in order:
                (bare if label == "bare" else ours).append(timed(command, env))
            print(
                f"run {run + 1}: bare {bare[-1].wall:.3f} s (CPU {bare[-1].cpu:.3f})   "
                f"app {ours[-1].wall:.3f} s (CPU {ours[-1].cpu:.3f})",
                flush=True,
            )
        report(bare, ours)
        print(
            f"({args.runs} runs each, interleaved, QT_QPA_PLATFORM=offscreen, "
            f"{os.cpu_count()} CPUs, app started as {Path(app[0]).name})"
        )
        if args.explain:
            explain(app, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
