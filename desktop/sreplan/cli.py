"""The ``sreplan`` command: the GUI by default, sub-commands for scripts.

``sreplan [FILE]`` opens the GUI; ``sreplan COMMAND ...`` runs a sub-command
headless. The sub-commands are a contract with scripts: keep names and flags.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands.common import UserError

# The one place sub-command modules are listed; each has register(subparsers).
COMMAND_MODULES: tuple[str, ...] = (
    "sreplan.commands.workspace",
    "sreplan.commands.reports",
    "sreplan.commands.slo",
    "sreplan.commands.capacity",
    "sreplan.commands.checkpoints",
    "sreplan.commands.architecture",
)


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sreplan")
    parser.add_argument("--version", action="version", version=f"sreplan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


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


def _command_names() -> set[str]:
    parser = _command_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    try:
        if args_list[:1] == ["help"]:
            _command_parser().print_help()
            return 0
        if first is not None and args_list and args_list[0] == first and first in _command_names():
            parser = _command_parser()
            args = parser.parse_args(args_list)
            return int(args.run(args))
        gui_args = _gui_parser().parse_args(args_list)
    except UserError as exc:
        print(f"sreplan: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`sreplan forecast --json | head`): stop quietly, like cat.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    from .ui.app import run_gui

    return run_gui(gui_args.file, exit_after_startup=gui_args.exit_after_startup)


if __name__ == "__main__":
    sys.exit(main())
