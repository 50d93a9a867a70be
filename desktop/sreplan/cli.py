"""The ``sreplan`` command: the GUI by default, sub-commands for scripts.

``sreplan [FILE]`` opens the GUI; ``sreplan COMMAND ...`` runs a sub-command
headless. The sub-commands are a contract with scripts: keep names and flags.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sreplan import __version__, features, logs
from sreplan.kernel.errors import UserError
from sreplan.kernel.files import describe_os_error

if TYPE_CHECKING:
    from sreplan.kernel.workspace import Workspace

# The shell's own sub-commands; every feature adds its own through features.py.
# Only the module a command needs is imported, so neither a command nor the GUI
# pays for the others.
SHELL_COMMANDS: dict[str, str] = {
    "new": "sreplan.workspace_cli",
    "list": "sreplan.workspace_cli",
    "check": "sreplan.workspace_cli",
    "export-pdf": "sreplan.reporting.cli",
    "export-bundle": "sreplan.bundle.cli",
    "import-bundle": "sreplan.bundle.cli",
    "check-bundle": "sreplan.bundle.cli",
    "gate": "sreplan.bundle.cli",
    "milestone": "sreplan.bundle.cli",
    "changes": "sreplan.bundle.cli",
    "portfolio": "sreplan.portfolio.cli",
}
COMMANDS: dict[str, str] = {**SHELL_COMMANDS, **features.commands()}
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))

EXIT_BUG = 70  # EX_SOFTWARE in BSD's sysexits.h: an internal software error


def _command_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sreplan")
    parser.add_argument("--version", action="version", version=f"sreplan {__version__}")
    parser.set_defaults(schema=features.SCHEMA, open_folder=_open_bundle)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


@contextmanager
def _open_bundle(folder: Path) -> Iterator[Workspace]:
    """A plan bundle folder as a (scratch) workspace, for read-only commands."""
    from sreplan.bundle.check import opened_bundle

    with opened_bundle(folder) as (ws, bundle):
        for warning in bundle.warnings:
            print(f"sreplan: warning: {warning}", file=sys.stderr)
        yield ws


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sreplan",
        description="Plan SRE engagements offline. Without a COMMAND, opens the app.",
        epilog="Commands: run 'sreplan help' to list them.",
    )
    parser.add_argument("--version", action="version", version=f"sreplan {__version__}")
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="show the main window, quit after its first paint (for benchmarks and smoke tests)",
    )
    parser.add_argument("file", nargs="?", help="workspace to open (created if missing)")
    return parser


def _report_bug(exc: Exception, args_list: Sequence[str]) -> int:
    """A bug: its traceback goes to the log file, one line naming the file to stderr."""
    where = f"sreplan {args_list[0]}" if args_list and args_list[0] in COMMANDS else "sreplan"
    crash = logs.record_crash(type(exc), exc, exc.__traceback__, where)
    if crash.log_error is None:
        print(
            f"sreplan: internal error: {crash.summary}; details in {crash.log_file}",
            file=sys.stderr,
        )
    else:  # without a log file the traceback would be lost: print it after all
        print(crash.details, end="", file=sys.stderr)
        print(
            f"sreplan: internal error: {crash.summary}; "
            f"could not write {crash.log_file}: {crash.log_error}",
            file=sys.stderr,
        )
    return EXIT_BUG


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    logs.configure()  # cheap: the file is made only if something is logged
    try:
        if args_list[:1] == ["help"]:
            _command_parser().print_help()
            return 0
        if args_list and args_list[0] in COMMANDS:
            parser = _command_parser((COMMANDS[args_list[0]],))
            args = parser.parse_args(args_list)
            return _run(args)
        gui_args = _gui_parser().parse_args(args_list)
        from sreplan.ui.app import run_gui

        return run_gui(gui_args.file, exit_after_startup=gui_args.exit_after_startup)
    except UserError as exc:
        print(f"sreplan: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except sqlite3.OperationalError as exc:  # the environment, not the input: say so
        print(f"sreplan: error: {_operational(exc)}", file=sys.stderr)
        return 2
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # damage quick_check missed
        print(
            f"sreplan: error: the workspace is damaged ({one_line(str(exc))}); nothing was "
            "changed. Run 'sreplan check' on it, and restore it from a copy if it fails.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`sreplan forecast --json | head`): stop quietly, like cat.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:  # a disk or file system problem no command caught itself
        print(f"sreplan: error: {describe_os_error(exc)}; nothing was changed.", file=sys.stderr)
        return 2
    except Exception as exc:
        return _report_bug(exc, args_list)


def _run(args: argparse.Namespace) -> int:
    """Run a sub-command; an unexpected failure on a damaged workspace is named as damage."""
    try:
        return int(args.run(args))
    except (UserError, sqlite3.Error, OSError, KeyboardInterrupt):
        raise
    except Exception:
        damage = _damage(getattr(args, "file", None), args.schema)
        if damage is None:
            raise  # a bug: the crash report, not a user message
        raise UserError(
            f"{damage}; nothing was changed. Run 'sreplan check' on it, and restore it from "
            "a copy if it fails."
        ) from None


def _damage(file: object, schema: object) -> str | None:
    """What ``check`` finds wrong with ``file``, if it is a workspace (None when healthy)."""
    if not isinstance(file, str):
        return None
    from sreplan.health import problems
    from sreplan.kernel.workspace import open_workspace

    try:
        ws = open_workspace(Path(file), schema, read_only=True)  # type: ignore[arg-type]
    except Exception:
        return None
    try:
        first = next(iter(problems(ws)), None)
    except Exception:
        first = "it cannot be read"
    finally:
        ws.close()
    return None if first is None else f"{Path(file).name} is damaged: {first}"


def one_line(text: str) -> str:
    """Messages are one line on a terminal, however the error was phrased."""
    return " ".join(text.split())


def _operational(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full; nothing was changed (the workspace is as it was)."
    if "locked" in text or "busy" in text:
        return "the workspace is busy in another program; nothing was changed."
    if "readonly" in text or "read-only" in text:
        return "the workspace cannot be written (read-only); nothing was changed."
    return f"the workspace could not be written ({one_line(str(exc))}); nothing was changed."


if __name__ == "__main__":
    sys.exit(main())
