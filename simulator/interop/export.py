"""Recorded sessions as portable files: JSON Lines, or xAPI statements (pure core).

A JSON Lines export is one object per line: first the session (``"type":
"session"``), then each event in order (``"type": "event"``) with its payload
under ``data``. Every line carries the export format version ``v``. Times are
ISO 8601 in UTC; ``t`` is the session clock in seconds.

An xAPI export is one JSON array of statements (``simulator.interop.xapi``), the
same ones ``play --lrs`` sends, ready to POST to a Learning Record Store's
``statements`` resource.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from simulator.interop.vocabulary import XapiSettings
from simulator.interop.xapi import statements_for_session
from simulator.record.store import RecordedEvent, SessionInfo
from simulator.scenario.model import Scenario

__all__ = ["EXPORT_FORMATS", "JSONL_VERSION", "jsonl_lines", "xapi_document"]

EXPORT_FORMATS = ("jsonl", "xapi")
"""Formats ``simulator export`` writes."""

JSONL_VERSION = 1
"""Version of the JSON Lines export layout (the ``v`` of every line)."""


def jsonl_lines(session: SessionInfo, events: Iterable[RecordedEvent]) -> Iterator[str]:
    """The export of one session, one JSON text per line (without line breaks)."""
    header: dict[str, Any] = {"v": JSONL_VERSION, "type": "session", **asdict(session)}
    yield _dumps(header)
    for event in events:
        yield _dumps(
            {
                "v": JSONL_VERSION,
                "type": "event",
                "seq": event.seq,
                "wall": datetime.fromtimestamp(event.wall, UTC),
                "t": event.t,
                "kind": event.kind,
                "data": event.payload,
            }
        )


def xapi_document(
    session: SessionInfo,
    events: Iterable[RecordedEvent],
    settings: XapiSettings | None = None,
    scenario: Scenario | None = None,
) -> tuple[str, int]:
    """The session's xAPI statements as one JSON array (text), and how many there are;
    ``scenario`` names the activities (without it, their ids do)."""
    statements = statements_for_session(session, events, settings, scenario)
    return json.dumps(statements, ensure_ascii=False, indent=1) + "\n", len(statements)


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    raise TypeError(f"cannot export {type(value).__name__}")
