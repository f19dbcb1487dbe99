"""The durable, private session record: sessions and their append-only event streams (pure core).

One SQLite database (WAL) in the user's data folder, readable only by its
owner. Trainees appear only as pseudonymous codes; a name or e-mail address a
trainer adds lives in a separate table that can be erased on its own::

    with Record.open() as record:
        session = record.begin(trainee="K7QM-24X3", scenario=loaded, mode="text",
                               language="nl", intensity=2)
        ticket = session.append(runner.start())   # returns at once
        ticket.wait(5.0)                          # committed: show the node now
        ...
        session.finish()                          # ended, stopped or interrupted

``append`` hands the batch to a writer thread with its own connection; every
batch is committed with ``synchronous=FULL`` before its ticket is done, so an
acknowledged choice survives a killed process or a power cut. Gaze samples are
buffered and written a batch at a time. A session whose process died is marked
``interrupted`` the next time the record is opened (``ended`` if its ending was
recorded) and can be resumed from its last node (``resume_point``). A Record
and its reading methods belong to the thread that opened it; a session's
``append`` methods may be called from any thread.

``Record.open(..., read_only=True)`` only reads: it works in a read-only
folder and on a full disk, and shows a session whose process is gone as the
next writer will mark it. Every SQLite failure becomes a RecordError of one
sentence (a full disk, a damaged file, a read-only folder say what to do).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from simulator import __version__
from simulator.record._writer import Ticket, Writer
from simulator.record.location import data_dir, make_private_folder
from simulator.record.outbox import INSERT_STATEMENT, Forwarding, StatementMaker
from simulator.record.pseudonyms import check_trainee_code, lookup_trainee_code, new_trainee_code
from simulator.record.schema import (
    PAYLOAD_VERSION,
    RecordError,
    check_existing,
    connect,
    inspect,
    migrate,
    read_only_error,
    record_error,
    rollback,
)
from simulator.scenario.expressions import Value
from simulator.session.events import EVENT_TYPES, EndingReached, Event, Stopped, event_to_dict
from simulator.session.gaze import GAZE_KIND, GazeSample

if TYPE_CHECKING:
    from simulator.scenario.loading import LoadedScenario

__all__ = [
    "MODES",
    "RECORD_FILE_NAME",
    "STATUSES",
    "ErasureReport",
    "Identity",
    "Mode",
    "Record",
    "RecordError",
    "RecordedEvent",
    "RecordedSession",
    "ResumePoint",
    "RetentionReport",
    "SessionInfo",
    "Status",
    "Ticket",
    "record_file",
]

RECORD_FILE_NAME = "records.sqlite3"
"""The database's file name inside the data folder."""

Mode = Literal["text", "monitor", "projector", "xr"]
MODES: tuple[Mode, ...] = ("text", "monitor", "projector", "xr")
"""Display modes a session can be played in."""

Status = Literal["running", "ended", "stopped", "interrupted"]
STATUSES: tuple[Status, ...] = ("running", "ended", "stopped", "interrupted")
"""A session's state: playing, reached an ending, stopped on purpose, or cut short."""

HEARTBEAT_INTERVAL_S = 5.0
"""How often a process playing sessions stamps them as alive."""
STALE_AFTER_S = 60.0
"""A running session not stamped for this long belongs to a dead (or frozen) process."""
GAZE_BATCH_SIZE = 16
GAZE_BATCH_AGE_S = 1.0
"""Gaze samples are written when this many wait, or the oldest waited this long."""

_SESSION_COLUMNS = (
    "id, uuid, trainee, scenario_id, scenario_hash, scenario_version, app_version, mode, "
    "language, intensity, started_at, ended_at, status, outcome, ending, "
    "(SELECT count(*) FROM events e WHERE e.session_id = s.id AND e.kind = 'choice_made')"
)
_CLOSED_BY: dict[str, Status] = {"ending_reached": "ended", "stopped": "stopped"}
"""The status of a session whose process died after recording this kind of event."""
_INSERT_EVENT = "INSERT INTO events (session_id, seq, wall, t, kind, payload) VALUES (?,?,?,?,?,?)"


def record_file(location: str | Path | None = None) -> Path:
    """The database file for ``location``: a data folder, a ``.sqlite3``/``.db`` file, or None.

    None means the user's data folder (``SIMULATOR_DATA`` or the platform's); RecordError
    when the folder named is an existing file of another kind.
    """
    path = data_dir(location)
    if path.suffix in (".sqlite3", ".sqlite", ".db"):
        return path
    if path.exists() and not path.is_dir():
        raise RecordError(
            f"{path} is a file, not a data folder; expected the folder holding the record "
            "(or its .sqlite3 file)"
        )
    return path / RECORD_FILE_NAME


def _utc(timestamp: float | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC)


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """One session as listed: what was played, how, by which code, and how it went."""

    id: int
    uuid: str
    """Globally unique id (an xAPI registration), stable across machines."""
    trainee: str
    scenario_id: str
    scenario_hash: str
    """SHA-256 of the scenario file that was played."""
    scenario_version: str
    app_version: str
    mode: Mode
    language: str
    intensity: int
    started_at: datetime
    """UTC."""
    ended_at: datetime | None
    """UTC; for an interrupted session, the time of its last recorded event."""
    status: Status
    outcome: str | None
    ending: str | None
    choices: int
    """How many choices were made."""


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """One stored event as read back; ``decode()`` gives the typed event where the kind is known."""

    seq: int
    wall: float
    """Seconds since the Unix epoch when it was recorded."""
    t: float
    """The session clock's reading (the event's own ``t``)."""
    kind: str
    payload: dict[str, Any]
    """The event's fields except ``kind`` and ``t``, with the payload version ``v``."""

    def decode(self) -> Event | GazeSample | None:
        """The typed event, or None for a kind this version does not know or a payload that
        does not fit it (fields a newer version added are ignored)."""
        if self.kind == GAZE_KIND:
            try:
                return GazeSample.from_payload(self.t, self.payload)
            except (KeyError, TypeError, ValueError):
                return None
        cls = EVENT_TYPES.get(self.kind)
        if cls is None:
            return None
        arguments: dict[str, Any] = {}
        for spec in fields(cls):
            if spec.name in self.payload and spec.name != "t":
                value = self.payload[spec.name]
                is_tuple = isinstance(value, list) and str(spec.type).startswith("tuple")
                arguments[spec.name] = tuple(value) if is_tuple else value
        try:
            return cls(t=self.t, **arguments)
        except TypeError:
            return None


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """Where an interrupted session stood: start a Runner with ``start(node, variables)``."""

    session_id: int
    scenario_id: str
    scenario_hash: str
    intensity: int
    node: str
    variables: dict[str, Value]
    seed: int | None = None
    """The seed the session began with: choices keep the order they were shown in."""
    timers: bool = True
    """Whether the session was timed when it began."""


@dataclass(frozen=True, slots=True)
class Identity:
    """The real name or e-mail address a trainer linked to a code (optional, erasable)."""

    code: str
    name: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What ``erase_trainee`` removed."""

    trainee: str
    sessions: int
    events: int
    identities: int


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What ``apply_retention`` removed: old sessions, their events, and trainees left without
    sessions who were registered before the cut-off (with their identities)."""

    sessions: int
    events: int
    trainees: int


class Record:
    """An open session record; use ``Record.open(...)`` as a context manager."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        clock: Callable[[], float],
        read_only: bool = False,
    ):
        self.path = path
        self.read_only = read_only
        self._connection = connection
        self._clock = clock
        self._orphans: dict[int, _Closing] = {}
        """Read-only: how each session of a dead process will be closed (shown so already)."""
        self._empty = False
        """Read-only: the file has no tables yet (created, never written); it reads as empty."""
        self._writer: Writer | None = None
        self._open_sessions: dict[int, RecordedSession] = {}
        self._sessions_lock = threading.Lock()
        self._closed = False
        self._owner = uuid.uuid4().hex
        """Marks the sessions this Record writes; another process taking one over changes it."""

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        location: str | Path | None = None,
        *,
        clock: Callable[[], float] = time.time,
        read_only: bool = False,
    ) -> Record:
        """Open (creating if needed) the record in a data folder or file; see ``record_file``.

        A missing folder is created readable only by its owner (0700), an
        existing one is tightened to that; the file is made 0600. A damaged
        file is refused before anything is written to it. Running sessions
        whose process is gone are closed: as ``interrupted``, or
        ``ended``/``stopped`` when their events got that far. ``clock`` gives
        wall-clock seconds since the epoch.

        ``read_only`` opens an existing record as it is: nothing is created,
        migrated, chmodded or written, and writing methods raise RecordError.
        """
        path = record_file(location)
        if read_only:
            return cls._open_read_only(path, clock)
        if path.is_file() and path.stat().st_size:
            check_existing(path)
        _create_private(path)
        connection = connect(path)
        try:
            migrate(connection, path)
            record = cls(path, connection, clock)
            record._close_orphans()
        except BaseException:
            connection.close()
            raise
        return record

    @classmethod
    def _open_read_only(cls, path: Path, clock: Callable[[], float]) -> Record:
        if not path.is_file():
            raise RecordError(f"no session record at {path}")
        connection = connect(path, read_only=True)
        try:
            try:
                version = inspect(connection, path)
            except sqlite3.Error as error:
                raise record_error(error, path, "read") from None
            record = cls(path, connection, clock, read_only=True)
            record._empty = version == 0
            record._orphans = {closing.session_id: closing for closing in record._orphans_now()}
        except BaseException:
            connection.close()
            raise
        return record

    def close(self) -> None:
        """Finish this record's open sessions (as interrupted unless they reached an end),
        commit everything queued, and close; safe to call twice."""
        if self._closed:
            return
        with self._sessions_lock:
            still_open = list(self._open_sessions.values())
        for session in still_open:
            session.finish()
        if self._writer is not None:
            self._writer.close()
        self._connection.close()
        self._closed = True

    def __enter__(self) -> Record:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- playing -------------------------------------------------------------------------

    def begin(
        self,
        *,
        trainee: str,
        scenario: LoadedScenario,
        mode: Mode,
        language: str,
        intensity: int,
        forward: Forwarding | None = None,
    ) -> RecordedSession:
        """Start recording a new session (written at once, synchronously, before play starts).

        With ``forward``, every event's xAPI statement is queued in the outbox as well.
        """
        code = check_trainee_code(trainee)
        if mode not in MODES:
            raise RecordError(f"display mode {mode!r} is not one of {', '.join(MODES)}")
        now = self._clock()
        session_uuid = str(uuid.uuid4())
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO trainees (code, created_at) VALUES (?, ?)", (code, now)
            )
            cursor = connection.execute(
                "INSERT INTO sessions (uuid, trainee, scenario_id, scenario_hash, "
                "scenario_version, app_version, mode, language, intensity, started_at, status, "
                "owner, owner_pid, heartbeat_at) VALUES (?,?,?,?,?,?,?,?,?,?,'running',?,?,?)",
                (
                    session_uuid,
                    code,
                    scenario.scenario.id,
                    scenario.content_hash,
                    scenario.scenario.version,
                    __version__,
                    mode,
                    language,
                    intensity,
                    now,
                    self._owner,
                    os.getpid(),
                    now,
                ),
            )
        assert cursor.lastrowid is not None
        return self._adopt(cursor.lastrowid, scenario, next_seq=0, forward=forward)

    def resume(
        self, session_id: int, *, scenario: LoadedScenario, forward: Forwarding | None = None
    ) -> RecordedSession:
        """Continue recording an interrupted session; its events go on after the last one.

        The scenario must be the same file that was played (same content hash).
        Start the Runner from ``resume_point(session_id)``.
        """
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT status, scenario_hash FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise RecordError(f"no session {session_id} in {self.path}")
            status, scenario_hash = row
            if status != "interrupted":
                raise RecordError(
                    f"session {session_id} is {status}; only an interrupted session can be resumed"
                )
            if scenario_hash != scenario.content_hash:
                raise RecordError(
                    f"session {session_id} was played with another version of "
                    f"{scenario.scenario.id!r} (the file changed since); start a new session"
                )
            (next_seq,) = connection.execute(
                "SELECT coalesce(max(seq) + 1, 0) FROM events WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            connection.execute(
                "UPDATE sessions SET status = 'running', ended_at = NULL, owner = ?, "
                "owner_pid = ?, heartbeat_at = ? WHERE id = ?",
                (self._owner, os.getpid(), self._clock(), session_id),
            )
        return self._adopt(session_id, scenario, next_seq=next_seq, forward=forward)

    def resume_point(self, session_id: int) -> ResumePoint:
        """The last node the session entered, every variable's value on entering it, and the
        seed and timers it began with."""
        info = self.session(session_id)
        started = self._query(
            "SELECT payload FROM events WHERE session_id = ? AND kind = 'started' "
            "ORDER BY seq LIMIT 1",
            (session_id,),
        )
        begun = (_decode_payload(started[0][0]) if started else None) or {}
        seed = begun.get("seed")
        rows = self._query(
            "SELECT payload FROM events WHERE session_id = ? AND kind = 'node_entered' "
            "ORDER BY seq DESC",
            (session_id,),
        )
        for (payload,) in rows:
            data = _decode_payload(payload)
            if data is not None and isinstance(data.get("node"), str):
                return ResumePoint(
                    session_id=session_id,
                    scenario_id=info.scenario_id,
                    scenario_hash=info.scenario_hash,
                    intensity=info.intensity,
                    node=data["node"],
                    variables=dict(data.get("variables", {})),
                    seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
                    timers=begun.get("timers") is not False,
                )
        raise RecordError(f"session {session_id} entered no node yet; start it anew")

    # -- reading -------------------------------------------------------------------------

    def session(self, session_id: int) -> SessionInfo:
        """One session; raises RecordError when there is none with this id."""
        rows = self._query(f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE id = ?", (session_id,))
        if not rows:
            raise RecordError(f"no session {session_id} in {self.path}")
        return self._session_info(rows[0])

    def sessions(
        self,
        *,
        trainee: str | None = None,
        scenario: str | None = None,
        since: datetime | None = None,
        status: Status | None = None,
    ) -> list[SessionInfo]:
        """Sessions matching every filter given, oldest first (``since``: started at or after)."""
        conditions: list[str] = []
        parameters: list[str | float] = []
        if trainee is not None:
            conditions.append("trainee = ?")
            parameters.append(lookup_trainee_code(trainee))
        if scenario is not None:
            conditions.append("scenario_id = ?")
            parameters.append(scenario)
        if since is not None:
            conditions.append("started_at >= ?")
            # Datetimes hold whole microseconds; the record holds float seconds. Compare
            # at microsecond resolution so a session's own started_at includes it.
            parameters.append(since.timestamp() - 1e-6)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._query(
            f"SELECT {_SESSION_COLUMNS} FROM sessions s {where} ORDER BY started_at, id",
            parameters,
        )
        found = [self._session_info(row) for row in rows]
        # By status after reading: a read-only record shows orphans as they will be closed.
        return [info for info in found if status is None or info.status == status]

    def events(self, session_id: int) -> list[RecordedEvent]:
        """Every readable event of a session in the order it happened (gaze samples included).

        A row whose payload is not valid JSON (a torn write) is skipped.
        """
        rows = self._query(
            "SELECT seq, wall, t, kind, payload FROM events WHERE session_id = ? ORDER BY seq",
            (session_id,),
        )
        events = []
        for seq, wall, t, kind, payload in rows:
            data = _decode_payload(payload)
            if data is not None:
                events.append(RecordedEvent(seq=seq, wall=wall, t=t, kind=kind, payload=data))
        return events

    # -- trainees and identities ---------------------------------------------------------

    def register_trainee(self, code: str | None = None) -> str:
        """Add a trainee (a fresh code unless one is given) and return the code.

        A code given must be in the current format (``check_trainee_code``)
        unless the record knows it already (an older code keeps working here).
        """
        with self._transaction() as connection:
            if code is not None:
                known = lookup_trainee_code(code)
                taken = connection.execute("SELECT 1 FROM trainees WHERE code = ?", (known,))
                code = known if taken.fetchone() else check_trainee_code(code)
            while code is None:
                candidate = new_trainee_code()
                taken = connection.execute("SELECT 1 FROM trainees WHERE code = ?", (candidate,))
                code = None if taken.fetchone() else candidate
            connection.execute(
                "INSERT OR IGNORE INTO trainees (code, created_at) VALUES (?, ?)",
                (code, self._clock()),
            )
        return code

    def set_identity(self, code: str, *, name: str | None = None, email: str | None = None) -> None:
        """Link a real name and/or e-mail address to a trainee code (replacing any earlier)."""
        code = self.register_trainee(code)
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO trainee_identities (code, name, email, added_at) "
                "VALUES (?, ?, ?, ?)",
                (code, name, email, self._clock()),
            )

    def identity(self, code: str) -> Identity | None:
        """The name and e-mail address linked to a code, if a trainer added them."""
        rows = self._query(
            "SELECT code, name, email FROM trainee_identities WHERE code = ?",
            (lookup_trainee_code(code),),
        )
        return Identity(*rows[0]) if rows else None

    def erase_identity(self, code: str) -> bool:
        """Remove the name and e-mail address of a code, keeping its sessions; True if any."""
        with self._transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM trainee_identities WHERE code = ?", (lookup_trainee_code(code),)
            )
        if cursor.rowcount:
            self._scrub()
        return cursor.rowcount > 0

    # -- privacy -------------------------------------------------------------------------

    def erase_trainee(self, code: str) -> ErasureReport:
        """Remove every session, event and identity of a trainee, then compact the file so
        the data is gone from disk, not merely unlinked. A session in progress blocks it."""
        code = lookup_trainee_code(code)
        with self._transaction() as connection:
            if connection.execute("SELECT 1 FROM trainees WHERE code = ?", (code,)).fetchone():
                running = connection.execute(
                    "SELECT id FROM sessions WHERE trainee = ? AND status = 'running'", (code,)
                ).fetchone()
                if running:
                    raise RecordError(
                        f"trainee {code} has session {running[0]} in progress; stop it first"
                    )
            else:
                raise RecordError(f"no trainee {code} in {self.path}")
            (sessions,) = connection.execute(
                "SELECT count(*) FROM sessions WHERE trainee = ?", (code,)
            ).fetchone()
            (events,) = connection.execute(
                "SELECT count(*) FROM events WHERE session_id IN "
                "(SELECT id FROM sessions WHERE trainee = ?)",
                (code,),
            ).fetchone()
            (identities,) = connection.execute(
                "SELECT count(*) FROM trainee_identities WHERE code = ?", (code,)
            ).fetchone()
            # Sessions, their events and the identity go with the trainee (ON DELETE CASCADE).
            connection.execute("DELETE FROM trainees WHERE code = ?", (code,))
        self._scrub()
        return ErasureReport(code, sessions, events, identities)

    def apply_retention(self, days: float) -> RetentionReport:
        """Delete finished sessions that started more than ``days`` days ago, and trainees
        registered before then who have no session left; compact the file when anything went."""
        if days < 0:
            raise RecordError(f"retention of {days} days: expected zero or more days")
        cutoff = self._clock() - days * 86_400
        old = "SELECT id FROM sessions WHERE started_at < ? AND status != 'running'"
        with self._transaction() as connection:
            (events,) = connection.execute(
                f"SELECT count(*) FROM events WHERE session_id IN ({old})", (cutoff,)
            ).fetchone()
            sessions = connection.execute(f"DELETE FROM sessions WHERE id IN ({old})", (cutoff,))
            trainees = connection.execute(
                "DELETE FROM trainees WHERE created_at < ? "
                "AND code NOT IN (SELECT trainee FROM sessions)",
                (cutoff,),
            )
        report = RetentionReport(sessions.rowcount, events, trainees.rowcount)
        if report.sessions or report.trainees:
            self._scrub()
        return report

    # -- internals -----------------------------------------------------------------------

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of a reading query; an SQLite failure as one RecordError sentence."""
        if self._empty:
            return []
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise record_error(error, self.path, "read") from None

    def _session_info(self, row: tuple[Any, ...]) -> SessionInfo:
        info = _session_info(row)
        closing = self._orphans.get(info.id)
        if closing is None:
            return info
        return replace(
            info,
            status=closing.status,
            outcome=closing.outcome,
            ending=closing.ending,
            ended_at=_utc(closing.ended_at),
        )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; an SQLite failure (at any step, COMMIT included) becomes one
        RecordError sentence, and the record stays usable."""
        if self._closed:
            raise RecordError("the record is closed")
        if self.read_only:
            raise RecordError(f"the record {self.path} was opened only to read")
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                rollback(connection)
                raise
        except sqlite3.Error as error:
            raise record_error(error, self.path, "write") from None

    def _scrub(self) -> None:
        """Rebuild the file without free pages and empty the WAL, so deleted data is gone."""
        try:
            self._connection.execute("VACUUM")
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            raise record_error(error, self.path, "compact") from None

    def _orphans_now(self) -> list[_Closing]:
        """How each running session whose process is gone is to be closed, from what its
        events say: ended or stopped when the process died after recording that (but before
        finishing), else interrupted, at the time of its last event."""
        now = self._clock()
        closings = []
        running = self._query(
            "SELECT id, owner_pid, heartbeat_at, coalesce((SELECT max(wall) FROM events e "
            "WHERE e.session_id = s.id), started_at) FROM sessions s WHERE status = 'running'"
        )
        for session_id, pid, heartbeat_at, last_wall in running:
            if _owner_alive(pid, heartbeat_at, now):
                continue
            last = self._query(
                "SELECT kind, payload FROM events WHERE session_id = ? "
                "AND kind IN ('ending_reached', 'stopped') ORDER BY seq DESC LIMIT 1",
                (session_id,),
            )
            kind, data = (last[0][0], _decode_payload(last[0][1]) or {}) if last else ("", {})
            status = _CLOSED_BY.get(kind, "interrupted")
            closings.append(
                _Closing(session_id, status, data.get("outcome"), data.get("ending"), last_wall)
            )
        return closings

    def _close_orphans(self) -> None:
        """Close the running sessions whose process is gone (``_orphans_now``)."""
        with self._transaction() as connection:
            for closing in self._orphans_now():
                connection.execute(
                    "UPDATE sessions SET status = ?, outcome = ?, ending = ?, owner = NULL, "
                    "owner_pid = NULL, ended_at = ? WHERE id = ? AND status = 'running'",
                    (
                        closing.status,
                        closing.outcome,
                        closing.ending,
                        closing.ended_at,
                        closing.session_id,
                    ),
                )

    def _adopt(
        self,
        session_id: int,
        scenario: LoadedScenario,
        *,
        next_seq: int,
        forward: Forwarding | None = None,
    ) -> RecordedSession:
        if self._writer is None:
            self._writer = Writer(
                self.path, heartbeat=self._heartbeat, heartbeat_interval=HEARTBEAT_INTERVAL_S
            )
        session = RecordedSession(self, self._writer, session_id, next_seq, self._owner)
        if forward is not None:
            history = self.events(session_id) if next_seq else []
            maker = forward.statements_for(self.session(session_id), scenario.scenario, history)
            session._forward = (forward.endpoint, maker)
        with self._sessions_lock:
            self._open_sessions[session_id] = session
        return session

    def _release(self, session_id: int) -> None:
        with self._sessions_lock:
            self._open_sessions.pop(session_id, None)

    def _heartbeat(self, connection: sqlite3.Connection) -> None:
        with self._sessions_lock:
            ids = list(self._open_sessions)
        if ids:
            marks = ",".join("?" * len(ids))
            connection.execute(
                f"UPDATE sessions SET heartbeat_at = ? WHERE owner = ? AND id IN ({marks})",
                (self._clock(), self._owner, *ids),
            )


class RecordedSession:
    """One session being recorded; returned by ``Record.begin`` and ``Record.resume``."""

    def __init__(
        self, record: Record, writer: Writer, session_id: int, next_seq: int, owner: str
    ) -> None:
        self.id = session_id
        self._owner = owner
        self._record = record
        self._writer = writer
        self._next_seq = next_seq
        self._lock = threading.Lock()
        self._gaze: list[tuple[Any, ...]] = []
        self._gaze_since = 0.0
        self._ending: EndingReached | None = None
        self._stopped = False
        self._finished: Ticket | None = None
        self._forward: tuple[str, StatementMaker] | None = None

    def append(self, events: Iterable[Event]) -> Ticket:
        """Queue the Runner's events (after any buffered gaze samples) for one commit.

        Returns at once; ``ticket.wait()`` before showing the node they lead to.
        """
        with self._lock:
            self._require_open()
            rows = self._take_gaze()
            wall = self._record._clock()
            statements: list[tuple[Any, ...]] = []
            for event in events:
                data = event_to_dict(event)
                del data["kind"], data["t"]
                rows.append(self._row(wall, event.t, event.kind, data))
                if self._forward is not None:
                    statements.extend(self._statement(rows[-1], data))
                if isinstance(event, EndingReached):
                    self._ending = event
                elif isinstance(event, Stopped):
                    self._stopped = True
            return self._writer.submit(self._insert(rows, statements))

    def append_gaze(self, sample: GazeSample) -> None:
        """Buffer a gaze sample; a batch is queued (no fsync per sample) when it is full or old."""
        with self._lock:
            self._require_open()
            now = time.monotonic()
            if not self._gaze:
                self._gaze_since = now
            self._gaze.append(
                self._row(self._record._clock(), sample.t, GAZE_KIND, sample.to_payload())
            )
            if len(self._gaze) >= GAZE_BATCH_SIZE or now - self._gaze_since >= GAZE_BATCH_AGE_S:
                self._writer.submit(self._insert(self._take_gaze()))

    def finish(self) -> Ticket:
        """Close the session: ``ended`` with its outcome after an ending, ``stopped`` after a
        stop, else ``interrupted`` (resumable). Calling it again changes nothing."""
        with self._lock:
            if self._finished is not None:
                return self._finished
            rows = self._take_gaze()
            ending = self._ending
            status = "ended" if ending else "stopped" if self._stopped else "interrupted"
            outcome = ending.outcome if ending else None
            ending_id = ending.ending if ending else None
            insert, ended_at = self._insert(rows), self._record._clock()

            def close(connection: sqlite3.Connection) -> None:
                insert(connection)
                connection.execute(
                    "UPDATE sessions SET status = ?, outcome = ?, ending = ?, ended_at = ?, "
                    "owner = NULL, owner_pid = NULL WHERE id = ?",
                    (status, outcome, ending_id, ended_at, self.id),
                )

            self._finished = self._writer.submit(close)
        self._record._release(self.id)
        return self._finished

    def __enter__(self) -> RecordedSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish()

    def _row(self, wall: float, t: float, kind: str, data: dict[str, Any]) -> tuple[Any, ...]:
        payload = json.dumps({"v": PAYLOAD_VERSION, **data}, ensure_ascii=False)
        row = (self.id, self._next_seq, wall, t, kind, payload)
        self._next_seq += 1
        return row

    def _statement(self, row: tuple[Any, ...], data: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The outbox row of an event row's xAPI statement (none for kinds not sent)."""
        assert self._forward is not None
        endpoint, make_statement = self._forward
        _, seq, wall, t, kind, _ = row
        statement = make_statement(seq, wall, t, kind, data)
        if statement is None:
            return []
        text = json.dumps(statement, ensure_ascii=False)
        return [(endpoint, statement["id"], self.id, seq, text, wall)]

    def _insert(
        self, rows: list[tuple[Any, ...]], statements: Sequence[tuple[Any, ...]] = ()
    ) -> Callable[[sqlite3.Connection], None]:
        session_id, owner = self.id, self._owner

        def insert(connection: sqlite3.Connection) -> None:
            row = connection.execute(
                "SELECT owner FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None or row[0] != owner:
                raise RecordError(
                    f"session {session_id} was taken over or erased by another process"
                )
            connection.executemany(_INSERT_EVENT, rows)
            if statements:
                connection.executemany(INSERT_STATEMENT, statements)

        return insert

    def _take_gaze(self) -> list[tuple[Any, ...]]:
        rows, self._gaze = self._gaze, []
        return rows

    def _require_open(self) -> None:
        if self._finished is not None:
            raise RecordError(f"session {self.id} is finished; begin or resume one to record")


def _decode_payload(payload: str) -> dict[str, Any] | None:
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _session_info(row: tuple[Any, ...]) -> SessionInfo:
    values = list(row)
    started_at, ended_at = _utc(values[10]), _utc(values[11])
    assert started_at is not None
    values[10:12] = [started_at, ended_at]
    return SessionInfo(*values)


def _owner_alive(pid: int | None, heartbeat_at: float | None, now: float) -> bool:
    """Whether a running session's process still plays it: recently stamped and still there."""
    if pid is None or heartbeat_at is None or now - heartbeat_at > STALE_AFTER_S:
        return False
    if os.name == "nt":
        return True  # os.kill would terminate the process on Windows; the heartbeat decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True


@dataclass(frozen=True, slots=True)
class _Closing:
    """How a session whose process died is closed: its status, ending and end time."""

    session_id: int
    status: Status
    outcome: str | None
    ending: str | None
    ended_at: float


def _create_private(path: Path) -> None:
    """Create the folder (0700, and any missing folder above it) and the file (0600) if
    missing; tighten their modes if lax."""
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        raise read_only_error(folder, "data folder")
    if path.is_file() and not os.access(path, os.W_OK):
        raise read_only_error(path)
    try:
        make_private_folder(folder, tighten=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(descriptor)
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if file.exists() and file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
    except OSError as error:
        raise RecordError(f"cannot create the record {path}: {error.strerror or error}") from None
