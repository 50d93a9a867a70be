"""The CLI's contract for failures: a user error exits 2, a bug exits 70; one line each."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sreplan import cli, logs


@pytest.fixture(autouse=True)
def _detach_log_handler() -> Iterator[None]:
    yield
    logs.unconfigure()


@pytest.fixture
def buggy_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inject a bug deep in ``sreplan budget``: its arithmetic divides by zero."""
    module = importlib.import_module(cli.COMMANDS["budget"])

    def budget_figures(*args: object) -> dict[str, object]:
        return {"minutes": 1 / 0}

    monkeypatch.setattr(module, "budget_figures", budget_figures)


@pytest.mark.usefixtures("buggy_budget")
def test_a_bug_exits_70_with_one_line_naming_the_log(
    _isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["budget", "99.9"]) == 70

    out, err = capsys.readouterr()
    log_file = _isolated_home / "logs" / "sreplan.log"
    assert out == ""
    assert err == (
        f"sreplan: internal error: ZeroDivisionError: division by zero; details in {log_file}\n"
    )
    text = log_file.read_text("utf-8")
    assert "Unhandled ZeroDivisionError in sreplan budget" in text
    assert "Traceback (most recent call last):" in text
    assert "in budget_figures" in text
    assert 'return {"minutes": 1 / 0}' in text


@pytest.mark.usefixtures("buggy_budget")
def test_without_a_log_file_the_traceback_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "home-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("SREPLAN_HOME", str(blocker))

    assert cli.main(["budget", "99.9"]) == 70

    err = capsys.readouterr().err.splitlines()
    assert "Traceback (most recent call last):" in err
    assert err[-1].startswith(
        f"sreplan: internal error: ZeroDivisionError: division by zero; could not write "
        f"{blocker / 'logs' / 'sreplan.log'}: "
    )


def test_a_user_error_still_exits_2_with_one_line(
    _isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sreplan"

    assert cli.main(["list", str(missing)]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("sreplan: error: ")
    assert not (_isolated_home / "logs").exists()  # nothing was logged, nothing was made


def test_keyboard_interrupt_still_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = importlib.import_module(cli.COMMANDS["budget"])

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "budget_figures", interrupted)

    assert cli.main(["budget", "99.9"]) == 130
    assert capsys.readouterr() == ("", "")


def test_the_real_command_reports_a_bug_the_same_way(tmp_path: Path) -> None:
    """The installed entry point, in its own process: exit 70, one line, the log written."""
    home = tmp_path / "home"
    script = (
        "import importlib, sys\n"
        "from sreplan import cli\n"
        "module = importlib.import_module(cli.COMMANDS['budget'])\n"
        "module.budget_figures = lambda *args: 1 / 0\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "budget", "99.9"],
        env={**os.environ, "SREPLAN_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    log_file = home / "logs" / "sreplan.log"
    assert result.returncode == 70
    assert result.stderr.splitlines() == [
        f"sreplan: internal error: ZeroDivisionError: division by zero; details in {log_file}"
    ]
    assert "ZeroDivisionError: division by zero" in log_file.read_text("utf-8")
