"""The `simulator` command line: one subcommand per module in simulator/commands (entry point).

Exit codes: 0 success, 1 a check found problems, 2 bad usage or bad input.
A user's mistake is reported as one clear message, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from simulator import __version__
from simulator.errors import ScenarioError, SimulatorError

__all__ = ["COMMANDS", "main"]

COMMANDS = (
    "play",
    "validate",
    "test",
    "graph",
    "schema",
    "sessions",
    "export",
    "records",
    "debrief",
)
"""Subcommand modules in simulator.commands, in the order ``--help`` lists them."""

EXIT_USAGE = 2
"""Bad usage or bad input; 0 is success and 1 a check that found problems."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="simulator",
        description="Play and author branching training scenarios about intimidation of officials.",
    )
    parser.add_argument("--version", action="version", version=f"simulator {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"simulator.commands.{name}")
        command = subcommands.add_parser(
            name, help=module.HELP, description=_first_paragraph(module.__doc__ or "")
        )
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def _first_paragraph(docstring: str) -> str:
    """A module docstring's first paragraph as one line (argparse wraps it again)."""
    return " ".join(docstring.strip().split("\n\n")[0].split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if not hasattr(arguments, "run"):
        arguments = parser.parse_args(["play"])
    try:
        return int(arguments.run(arguments))
    except ScenarioError as error:
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return EXIT_USAGE
    except SimulatorError as error:
        print(f"simulator: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nstopped.", file=sys.stderr)
        return 130
