"""Sending xAPI statements to a Learning Record Store, and reading them back (pure core).

The standard xAPI HTTP API (``POST``/``GET`` on the LRS's ``statements``
resource, ``X-Experience-API-Version: 1.0.3``, HTTP basic authentication)
through the standard library's urllib; no home-made server. The LRS is named by
its xAPI endpoint, exactly as the LRS documents it (``https://lrs.example/xAPI/``,
``https://lrs.example/data/xAPI``): the statements resource is that endpoint
with ``statements`` appended, never a rewritten path.

Statements wait in the record's outbox (queued in the same commit as their
events, see ``Record.begin(forward=...)``); an ``OutboxSender`` thread sends
them in order and deletes each once the LRS has it. A missing, slow or failing
LRS never blocks a session: the sender retries with a growing pause and the
statements go out when the LRS is back. Each statement's id is fixed (a uuid5
of session and event), so a statement sent twice (the process died between the
LRS's answer and the delete) is stored once; a 409 Conflict counts as sent.

Credentials come from ``SIMULATOR_LRS_USER`` / ``SIMULATOR_LRS_PASSWORD``, or
from a config file (``SIMULATOR_LRS_CONFIG``, default ``lrs.toml`` in the data
folder, readable only by its owner) with ``user`` and ``password`` keys. They
are never logged, stored in the outbox or shown in a message.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import stat
import threading
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.errors import SimulatorError, UsageError
from simulator.interop.vocabulary import XAPI_VERSION, XapiSettings
from simulator.interop.xapi import XapiForwarding
from simulator.record.location import data_dir
from simulator.record.outbox import Outbox, outbox_size
from simulator.settings import Settings

__all__ = [
    "client_for",
    "CONFIG_FILE_NAME",
    "Credentials",
    "LrsClient",
    "LrsError",
    "OutboxSender",
    "SendReport",
    "credentials_from_environment",
    "forwarding",
    "statements_url",
]

CONFIG_FILE_NAME = "lrs.toml"
"""The config file in the data folder: ``user = "..."``, ``password = "..."``,
optionally ``home_page = "..."`` (the actors' account home page) and
``activity_base = "..."`` (the IRI the statements' own ids are minted under)."""

REQUEST_TIMEOUT_S = 5.0
BATCH_SIZE = 50
RETRY_FIRST_S, RETRY_MAX_S = 0.5, 30.0


class LrsError(SimulatorError):
    """The LRS could not be reached or refused a request (the message never has credentials).

    ``status`` is the HTTP status the LRS answered with, None when it did not answer.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Credentials:
    """HTTP basic credentials; the password never shows in a repr or a message."""

    user: str
    password: str = field(repr=False)
    home_page: str | None = None
    activity_base: str | None = None

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


def credentials_from_environment(
    data: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Credentials | None:
    """Credentials from the environment, else from the config file; None when neither has any.

    Raises UsageError for a config file others can read, or one that is not valid TOML.
    """
    settings = Settings.from_environment(environ)
    user, password = settings.lrs_user, settings.lrs_password
    if user and password is not None:
        return Credentials(user, password)
    path = settings.lrs_config or data_dir(data) / CONFIG_FILE_NAME
    if not path.is_file():
        return None
    if os.name != "nt" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UsageError(f"{path} holds LRS credentials but others can read it; chmod 600 it")
    try:
        config = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"cannot read the LRS config {path}: {error}") from None
    section = config.get("lrs", config)
    if not isinstance(section, dict) or "user" not in section or "password" not in section:
        raise UsageError(f"{path}: expected 'user' and 'password' keys")
    for key in ("user", "password", "home_page", "activity_base"):
        if key in section and not isinstance(section[key], str):
            raise UsageError(
                f"{path}: {key} is {type(section[key]).__name__}; expected a string in quotes"
            )
    return Credentials(
        section["user"],
        section["password"],
        section.get("home_page"),
        section.get("activity_base"),
    )


def statements_url(url: str) -> tuple[str, Credentials | None]:
    """The statements resource of an LRS's xAPI endpoint (``https://lrs.example/xAPI/``: the
    endpoint with ``statements`` appended, however many slashes it ends in; a URL that names
    ``.../statements`` already is kept), and any credentials written into the URL (removed
    from what is returned)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--lrs {_redacted(url)}: expected an http(s):// URL of an LRS")
    credentials = None
    if parts.username:
        credentials = Credentials(
            urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
        )
    netloc = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    if ":" in parts.hostname:
        netloc = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
    path = parts.path.rstrip("/")
    if not path.endswith("/statements"):
        path += "/statements"
    return urllib.parse.urlunsplit((parts.scheme, netloc, path, "", "")), credentials


def _redacted(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


class LrsClient:
    """The statements resource of one LRS."""

    def __init__(
        self,
        url: str,
        credentials: Credentials | None = None,
        *,
        timeout: float = REQUEST_TIMEOUT_S,
    ) -> None:
        self.endpoint, from_url = statements_url(url)
        self.credentials = credentials or from_url
        self.timeout = timeout

    def settings(self) -> XapiSettings:
        """The xAPI settings for statements sent here: the environment's, else the config
        file's, else the defaults."""
        credentials = self.credentials or Credentials("", "")
        return XapiSettings.from_environment(
            home_page=credentials.home_page, activity_base=credentials.activity_base
        )

    def post(self, statements: list[dict[str, Any]]) -> int:
        """POST statements; returns the HTTP status (200 or 204). Raises LrsError otherwise."""
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        status, _ = self._request("POST", self.endpoint, body)
        return status

    def fetch(
        self,
        *,
        scenario: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        settings: XapiSettings | None = None,
    ) -> list[dict[str, Any]]:
        """Every statement this simulator wrote (of ``scenario`` if given) stored between
        ``since`` and ``until``, following the LRS's ``more`` links."""
        settings = settings or self.settings()
        query: dict[str, str] = {"limit": "500"}
        if since is not None:
            query["since"] = _iso(since)
        if until is not None:
            query["until"] = _iso(until)
        url: str | None = f"{self.endpoint}?{urllib.parse.urlencode(query)}"
        scenario_iri = settings.scenario_iri(scenario) if scenario else None
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        while url:
            _, body = self._request("GET", url, None)
            page = json.loads(body or b"{}")
            for statement in page.get("statements", []):
                if statement.get("id") in seen:
                    continue
                seen.add(statement.get("id"))
                if scenario_iri is None or scenario_iri in _activity_ids(statement):
                    found.append(statement)
            more = page.get("more")
            url = urllib.parse.urljoin(self.endpoint, more) if more else None
        return found

    def _request(self, method: str, url: str, body: bytes | None) -> tuple[int, bytes]:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.credentials is not None:
            headers["Authorization"] = self.credentials.header()
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise LrsError(
                f"the LRS answered {error.code} {error.reason}: {detail}", error.code
            ) from None
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            raise LrsError(f"cannot reach the LRS at {self.endpoint}: {reason}") from None


def _activity_ids(statement: Mapping[str, Any]) -> set[str]:
    ids = {str((statement.get("object") or {}).get("id", ""))}
    activities = (statement.get("context") or {}).get("contextActivities") or {}
    for key in ("parent", "grouping", "other"):
        for activity in activities.get(key) or []:
            ids.add(str(activity.get("id", "")))
    return ids


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# -- the outbox -----------------------------------------------------------------------------


@dataclass
class SendReport:
    """What an ``OutboxSender`` did so far."""

    sent: int = 0
    rejected: int = 0
    failures: int = 0
    last_error: str | None = None


class OutboxSender:
    """A background thread sending a record's queued statements for one LRS, oldest first.

    ``on_status`` hears one line when the LRS becomes unreachable and when it is
    back (never with credentials). ``close(flush_s)`` tries to send what is
    left for up to ``flush_s`` seconds, then stops; the rest waits for next time.
    """

    def __init__(
        self,
        record_path: Path,
        client: LrsClient,
        *,
        poll_s: float = 0.25,
        on_status: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.report = SendReport()
        self._path = record_path
        self._poll = poll_s
        self._on_status = on_status or (lambda line: None)
        self._clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._deadline: float | None = None
        self._down = False
        self._thread = threading.Thread(target=self._run, name="lrs-sender", daemon=True)

    def start(self) -> OutboxSender:
        self._thread.start()
        return self

    def close(self, flush_s: float = 3.0) -> SendReport:
        """Send what is left for up to ``flush_s`` seconds, then stop the thread."""
        if self._thread.is_alive():
            self._deadline = self._clock() + flush_s
            self._wake.set()
            self._thread.join(flush_s + self.client.timeout + 1.0)
            self._stop.set()
            self._wake.set()
            self._thread.join(self.client.timeout + 1.0)
        return self.report

    def __enter__(self) -> OutboxSender:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send_pending(self, outbox: Outbox) -> int:
        """Send queued statements until the outbox is empty or the LRS fails; how many went.

        Raises LrsError when the LRS cannot be reached or fails.
        """
        total = 0
        while True:
            rows = outbox.oldest(BATCH_SIZE)
            if not rows:
                return total
            try:
                self.client.post([json.loads(text) for _, text in rows])
                done = [statement_id for statement_id, _ in rows]
            except LrsError as error:
                if error.status not in (400, 409):
                    raise
                done = self._one_by_one(outbox, rows)
            outbox.remove(done)
            total += len(done)
            self.report.sent += len(done)

    def _one_by_one(self, outbox: Outbox, rows: list[tuple[str, str]]) -> list[str]:
        """Send a batch the LRS refused statement by statement: a conflict means the LRS has it
        already; a statement refused as invalid is set aside (kept, marked rejected)."""
        done = []
        for statement_id, text in rows:
            try:
                self.client.post([json.loads(text)])
            except LrsError as error:
                if error.status == 409:
                    done.append(statement_id)
                elif error.status == 400:
                    self.report.rejected += 1
                    outbox.set_aside(statement_id, str(error))
                else:
                    raise
            else:
                done.append(statement_id)
        return done

    def _run(self) -> None:
        with Outbox.opened(self._path, self.client.endpoint) as outbox:
            self._send_until_stopped(outbox)

    def _send_until_stopped(self, outbox: Outbox) -> None:
        pause = RETRY_FIRST_S
        while not self._stop.is_set():
            closing = self._deadline is not None
            try:
                self.send_pending(outbox)
            except LrsError as error:
                self.report.failures += 1
                self.report.last_error = str(error)
                if not self._down:
                    self._down = True
                    self._on_status(f"LRS not available ({error}); statements wait locally")
                if closing and self._clock() + pause > (self._deadline or 0):
                    return
                self._wake.wait(pause)
                self._wake.clear()
                pause = min(pause * 2, RETRY_MAX_S)
                continue
            except sqlite3.Error as error:
                self.report.last_error = f"outbox: {error}"
                self._wake.wait(self._poll)
                continue
            if self._down:
                self._down = False
                self._on_status("LRS reachable again; sending the waiting statements")
            pause = RETRY_FIRST_S
            if closing:
                return
            self._wake.wait(self._poll)
            self._wake.clear()


def client_for(url: str, data: str | Path | None = None) -> LrsClient:
    """A client for ``--lrs URL`` with the credentials from the environment or the config
    file; UsageError (saying where to put them) when there are none."""
    client = LrsClient(url, credentials_from_environment(data))
    if client.credentials is None:
        raise UsageError(
            "--lrs needs credentials: set SIMULATOR_LRS_USER and SIMULATOR_LRS_PASSWORD, "
            "or write them to "
            f"{data_dir(data) / CONFIG_FILE_NAME} (user = ..., password = ...)"
        )
    return client


@contextmanager
def forwarding(
    url: str | None,
    record_path: Path,
    data: str | Path | None = None,
    *,
    on_status: Callable[[str], None] | None = None,
    flush_s: float = 3.0,
) -> Iterator[Any]:
    """For ``--lrs URL``: yield the ``Forwarding`` to pass to ``Record.begin`` while a sender
    runs (None, and nothing runs, when ``url`` is None). On exit the sender gets ``flush_s``
    seconds to send what is left; a line reports what waits for next time."""
    if url is None:
        yield None
        return
    client = client_for(url, data)
    forward = XapiForwarding(client.endpoint, client.settings())
    report = on_status or (lambda line: None)
    sender = OutboxSender(record_path, client, on_status=report).start()
    try:
        yield forward
    finally:
        result = sender.close(flush_s)
        waiting = outbox_size(record_path, client.endpoint)
        line = f"{result.sent} statements sent to the LRS"
        if waiting:
            line += f"; {waiting} wait in the outbox and go out with the next --lrs session"
        report(line + ".")
