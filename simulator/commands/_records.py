"""Options and helpers shared by the commands that read the session record (command line)."""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from simulator.errors import UsageError
from simulator.record.location import make_private_folder
from simulator.record.store import Record, record_file

__all__ = [
    "add_data_option",
    "local_date",
    "number_between",
    "open_existing_record",
    "session_id",
    "whole_number_between",
    "write_private",
]


def add_data_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR``: the folder holding the record (default: the user's data folder)."""
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="folder holding the session record (default: $SIMULATOR_DATA or the user data folder)",
    )


def open_existing_record(data: str | None, *, read_only: bool = False) -> Record:
    """Open the record in ``data`` without creating one; raise UsageError when there is none.

    ``read_only`` for commands that only read: they work in a read-only folder
    and on a full disk, and change nothing (see ``Record.open``).
    """
    path = record_file(data)
    if not path.is_file():
        raise UsageError(f"no session record at {path}; --data DIR names the folder holding one")
    return Record.open(path, read_only=read_only)


def write_private(path: Path, text: str) -> None:
    """Write a report made from the record (debrief, export) readable only by its owner (0600),
    whether or not the file existed before; missing folders above it are made 0700."""
    try:
        make_private_folder(path.parent, tighten=False)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        if os.name != "nt":
            os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through O_TRUNC
        with open(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def local_date(text: str) -> datetime:
    """An argparse type: ``YYYY-MM-DD`` as the start of that day in local time."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None
    return datetime.combine(day, time()).astimezone()


_LARGEST_ID = 2**63 - 1
"""SQLite's largest integer: no session id is larger."""


def session_id(text: str) -> int:
    """An argparse type: a session's id, a whole number from 1 (``simulator sessions``)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= _LARGEST_ID:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a session id; expected a whole number from 1 (see simulator sessions)"
        )
    return number


def number_between(low: float, high: float, unit: str = "") -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high`` (``unit`` for the message)."""

    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not (math.isfinite(number) and low <= number <= high):
            raise argparse.ArgumentTypeError(
                f"{text!r} is out of range; expected a number from {low:g} to {high:g}{unit}"
            )
        return number

    return parse


def whole_number_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (a 400-digit one included)."""

    def parse(text: str) -> int:
        digits = text.strip().removeprefix("-").removeprefix("+")
        number = int(text) if digits.isdigit() and len(digits) <= 20 else None
        if number is None or not low <= number <= high:
            raise argparse.ArgumentTypeError(
                f"{text[:40]!r}: expected a whole number from {low:,} to {high:,}"
            )
        return number

    return parse
