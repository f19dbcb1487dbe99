"""Typed lines read on a background thread, so a caller can wait with a time limit (pure core).

``select()`` cannot wait on a Windows console, so the terminal's timed choices
never timed out there. A thread that blocks in ``readline()`` and hands each
line over a queue works the same on every platform, for consoles, pipes and
files alike: ``next_line(timeout)`` returns the next line, or None when the
time passes first. A line typed after a time-out is not lost; it is the answer
to the next question. The end of input is ``""``, returned from then on.

The thread reads a line only when one is asked for, never further ahead: once
the answer is in, nothing is left blocked on the stream, so its owner can
close it (a thread blocked in ``readline()`` would hold the stream's lock).
"""

from __future__ import annotations

import queue
import threading
from typing import TextIO

__all__ = ["END", "LineReader"]

END = ""
"""What ``next_line`` returns once the input has ended (closed, or end of file)."""


class LineReader:
    """Lines from ``source``, read one request at a time on a daemon thread."""

    def __init__(self, source: TextIO, *, name: str = "line-reader") -> None:
        self.source = source
        self._lines: queue.Queue[str] = queue.Queue()
        self._wanted = threading.Semaphore(0)
        self._asked = False
        self._thread = threading.Thread(target=self._read, name=name, daemon=True)
        self._ended = False

    def start(self) -> None:
        """Start the reading thread (idle until a line is asked for); again changes nothing."""
        if self._thread.ident is None:
            self._thread.start()

    def next_line(self, timeout: float | None = None) -> str | None:
        """The next line (with its newline), ``END`` when the input has ended, or None when
        ``timeout`` seconds pass first (``timeout`` None waits as long as it takes; 0 does
        not wait)."""
        if self._ended:
            return END
        self.start()
        if not self._asked:
            self._asked = True
            self._wanted.release()
        try:
            line = self._lines.get(timeout=None if timeout is None else max(0.0, timeout))
        except queue.Empty:
            return None  # still asked for: the line typed next is the answer to the next call
        self._asked = False
        self._ended = line == END
        return line

    def _read(self) -> None:
        while True:
            self._wanted.acquire()
            try:
                line = self.source.readline()
            except UnicodeDecodeError:
                line = "\n"  # bytes of another encoding: an answer that is no answer
            except (OSError, ValueError):  # a closed stream, or one that cannot be read
                line = END
            self._lines.put(line)
            if line == END:
                return
