"""The session record's SQLite schema, its version and the migrations between versions (pure core).

The version lives in ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a
database from version ``n`` to ``n + 1`` inside one transaction, so a record
written by any older simulator opens in a newer one. A record newer than this
code is refused with a message rather than misread. Times are seconds since
the Unix epoch (UTC) as REAL; event payloads are JSON objects with their own
``v`` (``PAYLOAD_VERSION``).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from simulator.errors import SimulatorError

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "PAYLOAD_VERSION",
    "SCHEMA_VERSION",
    "RecordError",
    "check_existing",
    "connect",
    "inspect",
    "migrate",
    "read_only_error",
    "record_error",
    "rollback",
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


_SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_FULL = 8, 11, 13
"""SQLite's primary result codes that get their own sentence."""
_SQLITE_IOERR_SHMSIZE = 4874
"""The ``-shm`` index could not be made or grown: on a full disk, before any write."""


def record_error(error: sqlite3.Error, path: Path, doing: str = "open") -> RecordError:
    """One sentence for an SQLite failure on the record at ``path`` (``doing``: open, read,
    write): a full disk, a damaged file and a read-only file say what to do."""
    extended = getattr(error, "sqlite_errorcode", 0)
    code = extended & 0xFF
    if code == _SQLITE_FULL or extended == _SQLITE_IOERR_SHMSIZE:
        return RecordError(
            f"the disk holding the record {path} is full; what was recorded before is kept, "
            "and recording works again once there is room (free some space)"
        )
    if code == _SQLITE_CORRUPT:
        return _damaged(path, str(error))
    if code == _SQLITE_READONLY:
        return read_only_error(path)
    return RecordError(f"cannot {doing} the record {path}: {error}")


def read_only_error(path: Path, what: str = "record") -> RecordError:
    """The sentence for a record (or data folder: ``what``) that cannot be written."""
    return RecordError(
        f"the {what} {path} is read-only; reading sessions works, but recording or changing "
        f"the record needs a {what} you can write to"
    )


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with the pragmas every record connection needs.

    ``synchronous=FULL``: in WAL mode every commit fsyncs the WAL, so an
    acknowledged batch survives a power cut as well as a killed process (NORMAL
    would survive only the latter). Commits are few (one per Runner step, one
    per gaze batch), so the cost is a few milliseconds each, off the frame loop.

    ``read_only`` opens the file as it is (``mode=ro``): nothing is written,
    migrated or chmodded, so it works in a read-only folder or on a full disk.
    """
    try:
        if read_only:
            connection = _connect_read_only(path)
        else:
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA synchronous = FULL")
            # Deleted rows are overwritten with zeros, not merely unlinked (privacy).
            connection.execute("PRAGMA secure_delete = ON")
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        raise record_error(error, path) from None
    return connection


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A reading connection that shares the writers' ``-shm`` index, or, where that index
    cannot be made (a read-only folder, a full disk) and no ``-wal`` exists (the record
    was closed cleanly, so nothing waits outside the file), one that reads the file as
    ``immutable`` and needs no index."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file
    except sqlite3.OperationalError:
        connection.close()
        if path.with_name(path.name + "-wal").exists():
            raise
        connection = sqlite3.connect(
            f"{uri}&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    connection.execute("PRAGMA query_only = ON")
    return connection


def rollback(connection: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not undone it already.

    After a failed COMMIT (a full disk) SQLite may have rolled back on its
    own; a second ROLLBACK would fail and hide the real error.
    """
    if connection.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring a new or older record to ``SCHEMA_VERSION``; refuse foreign or newer files.

    A record already at this version is not written to (so it opens on a full disk).
    """
    try:
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = inspect(connection, path)
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    connection.execute(statement)
            if version < SCHEMA_VERSION:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            rollback(connection)
            raise
    except sqlite3.DatabaseError as error:
        raise record_error(error, path) from None
    if mode != "wal":
        raise RecordError(f"the record {path} cannot use WAL mode (journal mode is {mode})")


def inspect(connection: sqlite3.Connection, path: Path) -> int:
    """The record's schema version; raise RecordError for a foreign or newer file."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id not in (0, APPLICATION_ID) or application_id == 0 and tables:
        raise RecordError(f"{path} is an SQLite file but not a simulator record")
    if version > SCHEMA_VERSION:
        raise RecordError(
            f"the record {path} has schema version {version}, newer than this simulator "
            f"reads; expected {SCHEMA_VERSION} or older (update the simulator)"
        )
    return int(version)


def check_existing(path: Path) -> None:
    """Refuse a file that is not a sound record this version can read, before anything
    changes it.

    Opens the file read-only: a foreign SQLite file keeps its journal mode and
    permissions, and a file that is not SQLite at all is named as such.
    ``PRAGMA quick_check`` finds a damaged page before a session is recorded
    into the file (about 0.7 s for a 260 MB record of 10,000 sessions, a few
    milliseconds for a typical one).
    """
    connection = connect(path, read_only=True)
    try:
        inspect(connection, path)
        problems = [row[0] for row in connection.execute("PRAGMA quick_check(1)")]
    except sqlite3.DatabaseError as error:
        raise record_error(error, path) from None
    finally:
        connection.close()
    if problems != ["ok"]:
        # The first problem, without its "*** in database main ***" heading line.
        raise _damaged(path, problems[0].splitlines()[-1])


def _damaged(path: Path, detail: str) -> RecordError:
    return RecordError(
        f"the record {path} is damaged ({detail}); it is left as it is, never written to: "
        "move it aside and the next session starts a new record, then recover its sessions "
        f"with sqlite3 {path} .recover | sqlite3 recovered.sqlite3, or from a backup"
    )
