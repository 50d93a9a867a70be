"""The README stays true: its two commands, the CI script, and the command table."""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from sreplan import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of a ``## title`` section, up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def shell_commands(text: str) -> list[str]:
    """Commands in ```sh blocks (comments dropped, continuation lines joined)."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S):
        joined = block.replace("\\\n", " ")
        commands += [
            line.strip()
            for line in joined.splitlines()
            if line.strip() and not line.startswith("#")
        ]
    return commands


def quick_start() -> list[str]:
    text = section("Quick start").split("\n### ")[0]  # the bare-machine notes are not commands
    return shell_commands(text)


def test_quick_start_is_exactly_two_commands() -> None:
    assert quick_start() == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/sreplan",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    test_command = quick_start()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

    # The same command, in .ci/venv, with the versions pinned in constraints.txt.
    pinned = test_command.replace(".venv", ".ci/venv").replace(
        "pip install ", "pip install -c constraints.txt ", 1
    )
    assert ci.splitlines()[-1] == pinned  # last, so the script exits with pytest's code
    assert "rm -rf .ci/venv" in ci  # fresh every time


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_constraints_pin_every_direct_dependency_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    pins = {_normalized(name): version for name, version in pins.items()}

    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(spec)
        name = _normalized(requirement.name)
        assert name in pins, f"{name} is not pinned: refresh constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {spec!r}"
        )


def test_every_sub_command_is_in_the_command_table() -> None:
    parser = cli._command_parser()
    names = next(
        action.choices
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    table = section("Command line")

    missing = [name for name in names if f"| `sreplan {name}" not in table]

    assert not missing, f"add a row for each to the README's command table: {missing}"


def test_readme_images_exist() -> None:
    for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / target).is_file(), target
