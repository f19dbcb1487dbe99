"""The record's writer thread: batches committed off the caller's thread, with tickets (pure core).

A render frame loop hands a batch over and returns at once; the ticket says
when the batch is committed. Batches waiting together are group-committed in
one transaction (one fsync), each inside its own savepoint so one bad batch
fails alone.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from simulator.record.schema import RecordError, connect, record_error, rollback

__all__ = ["Job", "Ticket", "Writer"]

Job = Callable[[sqlite3.Connection], object]
"""Work done on the writer's connection inside the batch's transaction."""

_MAX_GROUP = 64
_CLOSE = object()


class Ticket:
    """The promise that one batch is committed; ``wait()`` before showing what depends on it."""

    __slots__ = ("_error", "_settled")

    def __init__(self) -> None:
        self._settled = threading.Event()
        self._error: BaseException | None = None

    def done(self) -> bool:
        """True once the batch is committed or has failed (``wait()`` then raises); never blocks."""
        return self._settled.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until committed: True, or False when ``timeout`` seconds pass first.

        Raises RecordError when the batch could not be written (disk full,
        record damaged or removed), in one sentence saying what to do: the
        caller decides whether to play on unrecorded.
        """
        if not self._settled.wait(timeout):
            return False
        if isinstance(self._error, RecordError):
            raise self._error
        if self._error is not None:
            raise RecordError(f"the record could not be written: {self._error}") from self._error
        return True

    def _settle(self, error: BaseException | None = None) -> None:
        self._error = error
        self._settled.set()


class Writer:
    """One background thread with its own connection, committing submitted jobs in order.

    ``heartbeat`` runs in a transaction every ``heartbeat_interval`` seconds so
    other processes can tell a live session from one whose process died.
    """

    def __init__(
        self, path: Path, *, heartbeat: Job, heartbeat_interval: float, name: str = "record-writer"
    ) -> None:
        self._path = path
        self._connection = connect(path)
        self._heartbeat = heartbeat
        self._interval = heartbeat_interval
        self._queue: queue.SimpleQueue[tuple[Job, Ticket] | object] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        # A daemon: a program that never closes its record must still be able to exit; what
        # was not yet acknowledged is lost exactly as if the process had been killed.
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> Ticket:
        """Queue ``job`` for the next transaction; returns at once."""
        ticket = Ticket()
        with self._lock:
            if self._closed:
                raise RecordError("the record is closed")
            self._queue.put((job, ticket))
        return ticket

    def close(self) -> None:
        """Commit everything submitted so far, then stop the thread and close its connection."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_CLOSE)
        self._thread.join()
        self._connection.close()

    def _run(self) -> None:
        next_beat = time.monotonic() + self._interval
        closing = False
        while not closing:
            jobs: list[tuple[Job, Ticket | None]] = []
            try:
                item = self._queue.get(timeout=max(0.0, next_beat - time.monotonic()))
                while True:
                    if item is _CLOSE:
                        closing = True
                        break
                    assert isinstance(item, tuple)
                    jobs.append(item)
                    if len(jobs) >= _MAX_GROUP:
                        break
                    item = self._queue.get_nowait()
            except queue.Empty:
                pass
            if time.monotonic() >= next_beat:
                jobs.append((self._heartbeat, None))
                next_beat = time.monotonic() + self._interval
            if jobs:
                self._commit(jobs)

    def _commit(self, jobs: list[tuple[Job, Ticket | None]]) -> None:
        connection = self._connection
        outcomes: list[tuple[Ticket | None, BaseException | None]] = []
        try:
            connection.execute("BEGIN IMMEDIATE")
            for job, ticket in jobs:
                connection.execute("SAVEPOINT batch")
                try:
                    job(connection)
                except Exception as error:  # one bad batch must not fail the others
                    connection.execute("ROLLBACK TO batch")
                    outcomes.append((ticket, self._explained(error)))
                else:
                    outcomes.append((ticket, None))
                connection.execute("RELEASE batch")
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            rollback(connection)
            outcomes = [(ticket, self._explained(error)) for _, ticket in jobs]
        for ticket, failure in outcomes:
            if ticket is not None:
                ticket._settle(failure)

    def _explained(self, error: Exception) -> Exception:
        """An SQLite failure as the sentence that says what to do; others as they are."""
        if isinstance(error, sqlite3.Error):
            return record_error(error, self._path, "write")
        return error
