"""What a debrief needs of one recorded session: its path, choices, timeline and gaze (pure core).

A ``SessionTrace`` is read from the local record (``trace_from_record``) or
rebuilt from xAPI statements an LRS sends back
(``simulator.interop.xapi.traces_from_statements``); the reports read only
traces, so they never care where a session was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulator.session.gaze import GazeSample

__all__ = ["ChoiceTaken", "SessionTrace", "Step", "note_shown", "trace_from_record"]


@dataclass(frozen=True, slots=True)
class ChoiceTaken:
    """One choice made during a session."""

    t: float
    node: str
    choice: str
    target: str
    by: str
    """trainee, trainer, group, timeout or autoplay."""
    via: str
    reaction_ms: int
    position: int | None = None
    """Where the choice stood among those shown (1 = first); None in records made before
    choices were shuffled."""
    shown: int | None = None
    """How many choices were shown at that decision; None when the record does not say."""

    @classmethod
    def from_payload(cls, t: float, payload: dict[str, Any], shown: int | None) -> ChoiceTaken:
        """The choice a ``choice_made`` payload records; KeyError without node or choice,
        TypeError or ValueError for a reaction time that is not a number."""
        return cls(
            t=t,
            node=str(payload["node"]),
            choice=str(payload["choice"]),
            target=str(payload.get("target", "")),
            by=str(payload.get("by", "trainee")),
            via=str(payload.get("via", "")),
            reaction_ms=int(payload.get("reaction_ms", 0)),
            position=_whole_number(payload.get("position")),
            shown=shown,
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One row of the timeline: an event, with what a trainer needs to read it."""

    t: float
    """Seconds since the session started (the session clock)."""
    kind: str
    node: str | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SessionTrace:
    """What a debrief needs of one session, whether it was read from the record or an LRS."""

    uuid: str
    trainee: str
    """The pseudonymous code; never a name."""
    scenario_id: str
    scenario_hash: str
    language: str
    mode: str
    intensity: int
    started_at: datetime
    status: str
    """ended, stopped, interrupted or running."""
    ending: str | None
    outcome: str | None
    path: tuple[str, ...]
    """Node ids entered, in order."""
    decisions: tuple[ChoiceTaken, ...]
    steps: tuple[Step, ...]
    gaze: tuple[GazeSample, ...] = ()
    session_id: int | None = None
    """The local record's id, when read from it."""
    clock_origin: float = 0.0
    """The session clock's reading at the first event (steps count from it; gaze keeps it)."""


def trace_from_record(info: Any, events: Iterable[Any]) -> SessionTrace:
    """The trace of a recorded session: ``info`` a SessionInfo, ``events`` its RecordedEvents.

    Kinds this version does not know become timeline rows without details;
    malformed payloads are skipped.
    """
    path: list[str] = []
    decisions: list[ChoiceTaken] = []
    steps: list[Step] = []
    gaze: list[GazeSample] = []
    shown_at: dict[str, int] = {}
    start_t: float | None = None
    for event in events:
        if start_t is None:
            start_t = event.t
        payload = event.payload
        if event.kind == "gaze":
            sample = event.decode()
            if isinstance(sample, GazeSample):
                gaze.append(sample)
            continue
        node = payload.get("node") if isinstance(payload.get("node"), str) else None
        if event.kind == "node_entered" and node:
            path.append(node)
        if event.kind == "choices_offered":
            note_shown(shown_at, payload)
        if event.kind == "choice_made":
            try:
                shown = shown_at.get(str(payload.get("node")))
                decisions.append(ChoiceTaken.from_payload(event.t, payload, shown))
            except (KeyError, TypeError, ValueError):
                continue
        data = {key: value for key, value in payload.items() if key not in ("v", "variables")}
        steps.append(Step(t=event.t, kind=event.kind, node=node, data=data))
    origin = start_t or 0.0
    steps = [Step(t=s.t - origin, kind=s.kind, node=s.node, data=s.data) for s in steps]
    return SessionTrace(
        uuid=info.uuid,
        trainee=info.trainee,
        scenario_id=info.scenario_id,
        scenario_hash=info.scenario_hash,
        language=info.language,
        mode=info.mode,
        intensity=info.intensity,
        started_at=info.started_at,
        status=info.status,
        ending=info.ending,
        outcome=info.outcome,
        path=tuple(path),
        decisions=tuple(decisions),
        steps=tuple(steps),
        gaze=tuple(gaze),
        session_id=info.id,
        clock_origin=origin,
    )


def note_shown(shown_at: dict[str, int], payload: dict[str, Any]) -> None:
    """Remember how many choices a ``choices_offered`` payload showed at its node."""
    if isinstance(payload.get("choices"), list):
        shown_at[str(payload.get("node"))] = len(payload["choices"])


def _whole_number(value: Any) -> int | None:
    """A recorded count or position, or None when the record has none (or not a number)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
