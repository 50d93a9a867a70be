"""The command-line contract for workspace files: new, list, check, --version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sreplan import __version__
from sreplan.cli import main
from sreplan.plans.demo import DEMO_PLAN_ID
from tests import badfiles


def test_new_list_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sreplan"
    assert main(["new", str(path), "--demo"]) == 0
    assert main(["list", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    plans = json.loads(out[out.index("[") :])
    # The demo plan, and two small plans beside it for the portfolio.
    assert plans[0] == {
        "id": DEMO_PLAN_ID,
        "name": "Checkout service",
        "team": "Checkout & Payments",
        "status": "active",
    }
    assert [p["name"] for p in plans[1:]] == ["Payments ledger", "Search service"]
    assert main(["list", str(path)]) == 0
    assert "Checkout service" in capsys.readouterr().out
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "ok"


def test_new_refuses_existing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = badfiles.demo_workspace(tmp_path / "w.sreplan")
    before = path.read_bytes()
    assert main(["new", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize("case", sorted(badfiles.REFUSED))
def test_check_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    path = badfiles.REFUSED[case](tmp_path / "x.sreplan")
    before = path.read_bytes()
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and badfiles.EXPECTED_WORDS[case] in lines[0]
    assert "Traceback" not in captured.err
    assert path.read_bytes() == before


def test_check_directory_and_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "nope.sreplan")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and len(err.strip().splitlines()) == 1


def test_check_read_only_file_is_healthy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = badfiles.demo_workspace(tmp_path / "ro.sreplan")
    path.chmod(0o444)
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "ok"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"sreplan {__version__}"


def test_every_command_is_registered_by_the_module_named_for_it() -> None:
    import argparse
    import importlib

    from sreplan.cli import COMMAND_MODULES, COMMANDS

    for module in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(module).register(sub)
        registered = set(sub.choices)
        assert registered == {name for name, owner in COMMANDS.items() if owner == module}
