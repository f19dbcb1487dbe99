"""The session record's SQLite schema, its version and the migrations between versions (pure core).

The version lives in ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a
database from version ``n`` to ``n + 1`` inside one transaction, so a record
written by any older simulator opens in a newer one. A record newer than this
code is refused with a message rather than misread. Times are seconds since
the Unix epoch (UTC) as REAL; event payloads are JSON objects with their own
``v`` (``PAYLOAD_VERSION``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from simulator.errors import SimulatorError

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "PAYLOAD_VERSION",
    "SCHEMA_VERSION",
    "RecordError",
    "connect",
    "migrate",
]

APPLICATION_ID = 0x53494D52
"""``PRAGMA application_id`` of a simulator record ("SIMR"), so other SQLite files are refused."""

PAYLOAD_VERSION = 1
"""Version of the JSON payload of each event (the ``v`` key)."""

_BUSY_TIMEOUT_MS = 10_000

_V1 = (
    """CREATE TABLE trainees (
        code TEXT PRIMARY KEY,
        created_at REAL NOT NULL
    )""",
    # Names and e-mail addresses live here and nowhere else; erasable on their own.
    """CREATE TABLE trainee_identities (
        code TEXT PRIMARY KEY REFERENCES trainees(code) ON DELETE CASCADE,
        name TEXT,
        email TEXT,
        added_at REAL NOT NULL
    )""",
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE,
        trainee TEXT NOT NULL REFERENCES trainees(code) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        scenario_version TEXT NOT NULL,
        app_version TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('text', 'monitor', 'projector', 'xr')),
        language TEXT NOT NULL,
        intensity INTEGER NOT NULL,
        started_at REAL NOT NULL,
        ended_at REAL,
        status TEXT NOT NULL
            CHECK (status IN ('running', 'ended', 'stopped', 'interrupted')),
        outcome TEXT,
        ending TEXT,
        owner TEXT,
        owner_pid INTEGER,
        heartbeat_at REAL
    )""",
    # While running: owner is a random token of the Record writing the session (only it may
    # append), owner_pid and heartbeat_at tell whether that process still lives.
    "CREATE INDEX sessions_by_trainee ON sessions(trainee)",
    "CREATE INDEX sessions_by_start ON sessions(started_at)",
    """CREATE TABLE events (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        wall REAL NOT NULL,
        t REAL NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER events_are_append_only BEFORE UPDATE ON events
    BEGIN
        SELECT RAISE(ABORT, 'events are append-only');
    END""",
)

_V2 = (
    # xAPI statements waiting to be sent to a Learning Record Store, queued in the same
    # transaction as the events they describe; a row is deleted once the LRS has it. Erasing
    # a session (or a trainee) erases its queued statements with it.
    """CREATE TABLE outbox (
        endpoint TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        statement TEXT NOT NULL,
        queued_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        rejected_at REAL,
        last_error TEXT,
        PRIMARY KEY (endpoint, statement_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX outbox_in_order ON outbox(endpoint, session_id, seq)",
    "CREATE INDEX outbox_by_session ON outbox(session_id)",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)
"""SQL statements taking the schema from version n (the index) to n + 1.

Add a tuple here for each change; never edit a released one. Version 2 added
the xAPI outbox.
"""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this code writes and reads."""


class RecordError(SimulatorError):
    """The session record cannot be opened, read or written as asked."""


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode with the pragmas every record connection needs.

    ``synchronous=FULL``: in WAL mode every commit fsyncs the WAL, so an
    acknowledged batch survives a power cut as well as a killed process (NORMAL
    would survive only the latter). Commits are few (one per Runner step, one
    per gaze batch), so the cost is a few milliseconds each, off the frame loop.
    """
    try:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = FULL")
        # Deleted rows are overwritten with zeros, not merely unlinked (privacy).
        connection.execute("PRAGMA secure_delete = ON")
    except sqlite3.Error as error:
        raise RecordError(f"cannot open the record {path}: {error}") from None
    return connection


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring a new or older record to ``SCHEMA_VERSION``; refuse foreign or newer files."""
    try:
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        connection.execute("BEGIN IMMEDIATE")
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            _check_file(path, application_id, version, tables)
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as error:
        raise RecordError(f"cannot open the record {path}: {error}") from None
    if mode != "wal":
        raise RecordError(f"the record {path} cannot use WAL mode (journal mode is {mode})")


def check_existing(path: Path) -> None:
    """Refuse a file that is not a record this version can read, before anything changes it.

    Opens the file read-only: a foreign SQLite file keeps its journal mode and
    permissions, and a file that is not SQLite at all is named as such.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise RecordError(f"cannot open the record {path}: {error}") from None
    _check_file(path, application_id, version, tables)


def _check_file(path: Path, application_id: int, version: int, tables: int) -> None:
    if application_id not in (0, APPLICATION_ID) or application_id == 0 and tables:
        raise RecordError(f"{path} is an SQLite file but not a simulator record")
    if version > SCHEMA_VERSION:
        raise RecordError(
            f"the record {path} has schema version {version}, newer than this simulator "
            f"reads; expected {SCHEMA_VERSION} or older (update the simulator)"
        )
