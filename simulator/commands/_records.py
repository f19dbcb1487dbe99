"""Options and helpers shared by the commands that read the session record (command line)."""

from __future__ import annotations

import argparse

from simulator.errors import UsageError
from simulator.record import Record, record_file
from simulator.settings import DATA_ENV

__all__ = ["add_data_option", "open_existing_record"]


def add_data_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR``: the folder holding the record (default: the user's data folder)."""
    parser.add_argument(
        "--data",
        metavar="DIR",
        help=f"folder holding the session record (default: ${DATA_ENV} or the user data folder)",
    )


def open_existing_record(data: str | None) -> Record:
    """Open the record in ``data`` without creating one; raise UsageError when there is none."""
    path = record_file(data)
    if not path.is_file():
        raise UsageError(f"no session record at {path}; --data DIR names the folder holding one")
    return Record.open(path)
