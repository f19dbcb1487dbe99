"""The `simulator` command line: one subcommand per module in simulator/commands (entry point).

Exit codes: 0 success, 1 a check found problems, 2 bad usage or bad input,
70 an unexpected error (a bug). A user's mistake is reported as one clear
message, never as a traceback; a bug as one sentence naming the log file that
holds its traceback. Each run is logged (simulator.logs) to the user's log
folder; ``--verbose`` shows the log on stderr too.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

from simulator import __version__
from simulator.errors import ScenarioError, SimulatorError
from simulator.logs import LOG_FILE, keep_out, logging_to
from simulator.record.location import log_dir

__all__ = ["COMMANDS", "main"]

COMMANDS = (
    "scenarios",
    "play",
    "validate",
    "test",
    "graph",
    "new",
    "import",
    "schema",
    "i18n",
    "sessions",
    "export",
    "records",
    "debrief",
    "guide",
)
"""Subcommands, in the order ``--help`` lists them; each is a module in simulator.commands of
the same name (or the one ``_MODULES`` names)."""
_MODULES = {"import": "import_story"}
"""Subcommands whose module cannot carry their name (``import`` is a Python keyword)."""

EXIT_USAGE = 2
"""Bad usage or bad input; 0 is success and 1 a check that found problems."""
EXIT_BUG = 70
"""An unexpected error: a bug, its traceback in the log (sysexits' EX_SOFTWARE)."""

_PERSONAL = ("trainee", "name", "email")
"""Options whose values identify a person: never written to the log."""

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="simulator",
        description="Play and author branching training scenarios about intimidation of officials.",
    )
    parser.add_argument("--version", action="version", version=f"simulator {__version__}")
    parser.add_argument(
        "--verbose", action="store_true", help="also show the log on the terminal (stderr)"
    )
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"simulator.commands.{_MODULES.get(name, name)}")
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
    _tolerate_unencodable_output()
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if not hasattr(arguments, "run"):
        arguments = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "play"])
    keep_out(*(getattr(arguments, option, None) for option in _PERSONAL))
    folder = log_dir()
    with logging_to(folder, verbose=arguments.verbose):
        log.info(
            "simulator %s %s (Python %s, %s)",
            __version__, arguments.command or "play", platform.python_version(), sys.platform,
        )  # fmt: skip
        code = _run(arguments, folder)
        log.info("exit code %d", code)
        return code


def _tolerate_unencodable_output() -> None:
    """On a console that cannot show a character (a Windows code page, an ASCII locale),
    print ``?`` for it instead of failing with UnicodeEncodeError; stderr already escapes."""
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors == "strict":
        sys.stdout.reconfigure(errors="replace")


def _run(arguments: argparse.Namespace, log_folder: Path) -> int:
    """The subcommand's exit code; every error it raises becomes a message and a code."""
    try:
        return int(arguments.run(arguments))
    except ScenarioError as error:
        log.warning("%s", error)
        print(error, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return EXIT_USAGE
    except SimulatorError as error:
        log.warning("%s", error)
        print(f"simulator: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``simulator test ... | head``): what it wanted was printed.
        log.info("output closed by its reader")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        log.info("stopped by Ctrl+C")
        print("\nstopped.", file=sys.stderr)
        return 130
    except Exception as error:
        log.exception("unexpected error")
        print(
            f"simulator: an unexpected error stopped the run ({type(error).__name__}); "
            f"please report it with {log_folder / LOG_FILE}, which holds the details",
            file=sys.stderr,
        )
        return EXIT_BUG
