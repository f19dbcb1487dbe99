"""Export one recorded session to a file: JSON Lines (one session line, then one line per event).

The file is created readable only by its owner, like the record itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from simulator.commands._records import add_data_option, open_existing_record
from simulator.errors import UsageError
from simulator.exporting import EXPORT_FORMATS, jsonl_lines

HELP = "export a recorded session (JSON Lines)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", type=int, metavar="SESSION", help="the session's id")
    parser.add_argument(
        "--format", choices=EXPORT_FORMATS, default="jsonl", help="file format (default jsonl)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    add_data_option(parser)


def run(arguments: argparse.Namespace) -> int:
    with open_existing_record(arguments.data) as record:
        lines = list(
            jsonl_lines(record.session(arguments.session), record.events(arguments.session))
        )
    text = "".join(f"{line}\n" for line in lines)
    if arguments.output is None:
        sys.stdout.write(text)
        return 0
    path = Path(arguments.output)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"Wrote session {arguments.session} ({len(lines) - 1} events) to {path}.")
    return 0
