"""The record's outbox: statements queued for a Learning Record Store, with the events (pure core).

The record knows nothing of xAPI: a ``Forwarding`` handed to ``Record.begin``
turns each event into a statement, and the record queues it in the same commit
as the event. Whoever sends them (``simulator.interop.lrs.OutboxSender``) reads
and empties the queue through an ``Outbox``; all the outbox's SQL lives here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from simulator.record.schema import connect

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Sequence

    from simulator.record.store import RecordedEvent, SessionInfo
    from simulator.scenario.model import Scenario

__all__ = ["INSERT_STATEMENT", "Forwarding", "Outbox", "StatementMaker", "outbox_size"]

INSERT_STATEMENT = (
    "INSERT OR IGNORE INTO outbox (endpoint, statement_id, session_id, seq, statement, queued_at) "
    "VALUES (?,?,?,?,?,?)"
)
"""Queue one statement (ignored when that statement id waits already)."""

StatementMaker = Callable[[int, float, float, str, Mapping[str, Any]], "dict[str, Any] | None"]
"""``(seq, wall, t, kind, data)`` of one event to its statement (None: the kind is not sent)."""


class Forwarding(Protocol):
    """Where a recorded session's statements go, and how its events become statements."""

    @property
    def endpoint(self) -> str:
        """The LRS statements URL, without credentials."""
        ...

    def statements_for(
        self, session: SessionInfo, scenario: Scenario, history: Sequence[RecordedEvent]
    ) -> StatementMaker:
        """The statement maker for one session's events, played from ``scenario``; ``history``
        holds the events recorded before (a resumed session's), oldest first."""
        ...


def outbox_size(record_path: Path, endpoint: str | None = None) -> int:
    """How many statements wait in a record's outbox (for one endpoint, or all)."""
    connection = connect(record_path)
    try:
        query = "SELECT count(*) FROM outbox WHERE rejected_at IS NULL"
        if endpoint is None:
            row = connection.execute(query).fetchone()
        else:
            row = connection.execute(query + " AND endpoint = ?", (endpoint,)).fetchone()
    finally:
        connection.close()
    return int(row[0])


class Outbox:
    """The statements waiting for one endpoint, read and emptied over one connection."""

    def __init__(self, connection: sqlite3.Connection, endpoint: str) -> None:
        self._connection = connection
        self.endpoint = endpoint

    @classmethod
    @contextmanager
    def opened(cls, record_path: Path, endpoint: str) -> Iterator[Outbox]:
        """An outbox on its own connection to the record, closed on exit."""
        connection = connect(record_path)
        try:
            yield cls(connection, endpoint)
        finally:
            connection.close()

    def oldest(self, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` waiting ``(statement_id, statement JSON)``, in recording order."""
        return self._connection.execute(
            "SELECT statement_id, statement FROM outbox WHERE endpoint = ? "
            "AND rejected_at IS NULL ORDER BY session_id, seq LIMIT ?",
            (self.endpoint, limit),
        ).fetchall()

    def remove(self, statement_ids: Iterable[str]) -> None:
        """Forget statements the LRS has."""
        self._connection.executemany(
            "DELETE FROM outbox WHERE endpoint = ? AND statement_id = ?",
            [(self.endpoint, statement_id) for statement_id in statement_ids],
        )

    def set_aside(self, statement_id: str, error: str) -> None:
        """Keep a statement the LRS refused as invalid, marked rejected, out of the queue."""
        self._connection.execute(
            "UPDATE outbox SET rejected_at = ?, attempts = attempts + 1, "
            "last_error = ? WHERE endpoint = ? AND statement_id = ?",
            (time.time(), error[:500], self.endpoint, statement_id),
        )
