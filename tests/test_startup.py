"""Start-up: the real ``sreplan`` process shows its window fast and quits cleanly.

Each test runs a fresh interpreter, because what matters is what a cold start
imports: matplotlib and ReportLab must wait until a chart or a report is used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sreplan import cli

HEAVY = ("matplotlib", "reportlab")
TIMEOUT = 120  # seconds; a cold start is well under one, but CI machines can be slow

# Runs the app as the console script does and, at the main window's first paint,
# records the visible main windows and the heavy modules loaded by then.
SNAPSHOT_AT_FIRST_PAINT = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from sreplan import cli
from sreplan.ui.main_window import MainWindow

class Snapshot(QObject):
    seen = {}
    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            self.seen["windows"] = [
                w.windowTitle() for w in app.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()
            ]
            self.seen["heavy"] = sorted(
                name for name in sys.modules
                if name.split(".")[0] in ("matplotlib", "reportlab")
            )
        return False

app = QApplication(sys.argv[:1])
snapshot = Snapshot()
app.installEventFilter(snapshot)
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, **snapshot.seen}))
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The child's environment: offscreen Qt and its own SREPLAN_HOME."""
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SREPLAN_HOME": str(home)}


@pytest.fixture
def demo_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A closed workspace holding the demo plan, made with ``sreplan new --demo``."""
    path = tmp_path / "demo.sreplan"
    assert cli.main(["new", str(path), "--demo"]) == 0
    capsys.readouterr()
    return path


def sreplan_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m sreplan``."""
    script = Path(sys.executable).with_name("sreplan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sreplan"]


def start_and_snapshot(env: dict[str, str], *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", SNAPSHOT_AT_FIRST_PAINT, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize("file_first", [False, True], ids=["flag-first", "file-first"])
def test_main_window_shows_without_matplotlib_or_reportlab(
    env: dict[str, str], demo_file: Path, file_first: bool
) -> None:
    """Both spellings: ``sreplan FILE`` (how a file manager starts us) takes the CLI's
    sub-command lookup first, which must not import anything heavy either."""
    args = [str(demo_file), "--exit-after-startup"]
    report = start_and_snapshot(env, *(args if file_first else reversed(args)))

    assert report["heavy"] == []
    assert report["code"] == 0
    # The demo workspace holds three plans, so it opens on the portfolio (no plan chosen).
    assert report["windows"] == [f"{demo_file.name} — SRE Plan"]


def test_first_run_on_default_workspace_stays_light(env: dict[str, str]) -> None:
    """The very first start also creates and seeds the default workspace."""
    report = start_and_snapshot(env, "--exit-after-startup")

    assert report["heavy"] == []
    assert report["code"] == 0
    windows = report["windows"]
    assert isinstance(windows, list) and len(windows) == 1
    assert "workspace.sreplan" in windows[0]
    assert (Path(env["SREPLAN_HOME"]) / "workspace.sreplan").is_file()


def test_exit_after_startup_exits_zero(env: dict[str, str], demo_file: Path) -> None:
    before = demo_file.read_bytes()

    result = subprocess.run(
        [*sreplan_command(), "--exit-after-startup", str(demo_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert demo_file.read_bytes() == before  # showing a plan writes nothing


def test_exit_after_startup_creates_a_missing_file(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "new" / "team.sreplan"
    path.parent.mkdir()

    result = subprocess.run(
        [*sreplan_command(), "--exit-after-startup", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )

    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [*sreplan_command(), "check", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert (check.returncode, check.stdout) == (0, "ok\n")
