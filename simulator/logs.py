"""The simulator's log: a rotating private file in the user's log folder (base).

Modules log with ``logging.getLogger(__name__)``, all below the ``simulator``
logger. Nothing is configured at import time: the command line wraps a run in
``logging_to(folder, verbose=...)``, which writes to ``simulator.log`` in
``folder`` (at most ``MAX_BYTES``, ``BACKUPS`` older files; file 0600, folder
0700) and, with ``verbose``, to stderr too. Without ``verbose`` nothing of the
log reaches the screen.

What goes in: what ran, session ids, fallbacks, failures and tracebacks of
unexpected errors. What never goes in: trainee codes, names and e-mail
addresses. Log a session by its id; and whatever learns such a value (the
command line, the start screen) hands it to ``keep_out``, so that it is
withheld even from an error message or a traceback that happens to quote it.
"""

from __future__ import annotations

import io
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path

__all__ = ["BACKUPS", "LOG_FILE", "MAX_BYTES", "keep_out", "logging_to"]

LOG_FILE = "simulator.log"
"""The current log file's name; older ones are ``simulator.log.1`` ... ``.BACKUPS``."""
MAX_BYTES = 2 * 1024 * 1024
"""The size at which the log file is rotated."""
BACKUPS = 3
"""How many rotated log files are kept."""

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_WITHHELD = "<withheld>"

_kept_out: set[str] = set()
"""The texts the log never shows while this process runs (``keep_out``)."""


def keep_out(*texts: str | None) -> None:
    """Withhold these texts (a trainee code, a name), in any case, from every log line."""
    _kept_out.update(text.strip() for text in texts if text and text.strip())


class _WithholdingFormatter(logging.Formatter):
    """Formats a record, traceback included, with every ``keep_out`` text withheld."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if not _kept_out:
            return text
        longest_first = sorted(_kept_out, key=len, reverse=True)
        alternatives = "|".join(re.escape(secret) for secret in longest_first)
        whole = rf"(?<![^\W_])(?:{alternatives})(?![^\W_])"  # not inside a longer word
        return re.sub(whole, _WITHHELD, text, flags=re.IGNORECASE)


class _PrivateRotatingFile(RotatingFileHandler):
    """A RotatingFileHandler whose files only their owner can read."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name != "nt":
            os.fchmod(descriptor, 0o600)  # a file made by an older version keeps no wider mode
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


@contextmanager
def logging_to(folder: Path, *, verbose: bool = False) -> Iterator[None]:
    """Log the ``simulator`` loggers to ``folder`` (and stderr with ``verbose``) until exit.

    A folder that cannot be written costs the file, not the run: one line on
    stderr says so.
    """
    logger = logging.getLogger("simulator")
    handlers: list[logging.Handler] = []
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handlers.append(
            _PrivateRotatingFile(
                folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        )
    except OSError as error:
        print(f"simulator: cannot write the log in {folder} ({error.strerror or error})",
              file=sys.stderr)  # fmt: skip
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    formatter = _WithholdingFormatter(_FORMAT)
    for handler in handlers:
        handler.setFormatter(formatter)
        logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        yield
    finally:
        logger.setLevel(previous)
        _kept_out.clear()
        for handler in reversed(handlers):
            logger.removeHandler(handler)
            handler.close()
