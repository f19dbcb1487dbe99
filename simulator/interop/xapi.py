"""Recorded events as xAPI 1.0.3 statements (pure core).

``SessionStatements`` makes the statement of each event of one session, fed in
recording order (vocabulary and IRIs: ``simulator.interop.vocabulary``):

==================  ===================  =========================================
event               verb                 object (activity type)
==================  ===================  =========================================
started             initialized (ADL)    the scenario (SG serious-game)
node_entered        accessed (SG)        the node (story-node, minted)
line_shown          experienced (ADL)    the line (dialogue-line, minted)
choices_offered     accessed (SG)        the node's question (ADL cmi.interaction)
choice_made         answered (ADL)       the question; result.response = the choice
                    progressed (ADL)     the question, when the trainer or the timer
                                         chose: no response (see below)
timed_out           skipped (Tin Can)    the question
paused / resumed    suspended / resumed  the scenario (ADL)
jumped              accessed (SG)        the node jumped to
stopped             terminated (ADL)     the scenario; completion false, duration
ending_reached      completed (ADL)      the scenario; success, duration
==================  ===================  =========================================

Gaze samples stay in the local record (a few per second would swamp an LRS),
and so do notes, intensity changes, votes on their own and kinds this version
does not know (their payload may hold free text): they make no statement. A
stop's free-text reason is left out for the same reason.

**Actors.** A session is its trainee's: an Agent with a pseudonymous account
(the install's home page and the trainee code), never an e-mail address. A
group session (``--mode projector``) is the group's: an identified xAPI Group
with the session's code as its account, and no members (the record knows no
one in it). The trainer is not an actor: the record holds no identity for the
trainer, and minting one would invent a person.

**Whose answer.** ``result.response`` is the actor's own answer only: a choice
the trainee (or the group, by vote) made is ``answered``. A choice the trainer
picked from the console, or the timer applied, is ``progressed`` with the choice
under the ``choice`` result extension and no response, so an LRS never counts
it as the trainee's or the group's answer. A vote recorded at the decision point
goes with the choice that follows as the ``votes`` result extension (choice id
to count), whoever then decided.

``context.registration`` is the session's uuid; each statement's id is a uuid5
of the session uuid and the event's sequence number, so sending a statement
twice stores it once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from simulator.interop.vocabulary import (
    SG_PROFILE,
    STANDARD_TYPES,
    VERBS,
    XAPI_VERSION,
    Activities,
    XapiSettings,
)
from simulator.record.outbox import StatementMaker
from simulator.record.store import RecordedEvent, SessionInfo
from simulator.scenario.model import Element, Ending, Outcome, Scenario
from simulator.session.gaze import GAZE_KIND

__all__ = [
    "SENT_KINDS",
    "SessionStatements",
    "XapiForwarding",
    "ending_succeeded",
    "statement_id",
    "statements_for_session",
]

# event kind -> (verb, object: scenario | node | target | question | line)
_MAPPING: dict[str, tuple[str, str]] = {
    "started": ("initialized", "scenario"),
    "node_entered": ("accessed", "node"),
    "line_shown": ("experienced", "line"),
    "choices_offered": ("accessed", "question"),
    "choice_made": ("answered", "question"),
    "timed_out": ("skipped", "question"),
    "paused": ("suspended", "scenario"),
    "resumed": ("resumed", "scenario"),
    "jumped": ("accessed", "target"),
    "stopped": ("terminated", "scenario"),
    "ending_reached": ("completed", "scenario"),
}
SENT_KINDS = frozenset(_MAPPING)
"""The event kinds that make a statement."""
_OWN_ANSWERS = ("trainee", "group", "autoplay")
"""Choosers whose choice is the actor's answer (autoplay stands in for a trainee)."""
_LEFT_OUT = ("v", "variables", "reason")
"""Payload fields never sent: the format version, variable dumps, free text."""


def ending_succeeded(outcome: str, ending: Ending | None) -> bool:
    """Whether reaching an ending is an xAPI ``success``.

    The training's goal is a safe response that is reported (docs/domain.md): only an
    ending judged ``safe_reported`` succeeds, and not even that one when its scenario
    tags it as missing the ``report`` element. An ending that kept the threat to
    yourself (``safe_unreported``), an unsafe one and one drawn in are completions
    without success. ``ending`` is None when the scenario is not at hand; the outcome
    alone decides then.
    """
    if outcome != Outcome.SAFE_REPORTED:
        return False
    return ending is None or Element.REPORT not in ending.tags.misses


class _PlayTime:
    """Seconds of play so far: the session clock's time between events, leaving out the
    time paused (``paused`` to ``resumed``) and the time an interrupted session lay still
    before it was continued (each ``started`` begins a new stretch on a new clock)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._last: float | None = None
        self._paused = False

    def see(self, kind: str, t: float) -> None:
        if kind == "started":
            self._last, self._paused = t, False
            return
        if self._last is not None and not self._paused:
            self.seconds += max(0.0, t - self._last)
        self._last = t
        if kind in ("paused", "resumed"):
            self._paused = kind == "paused"


class SessionStatements:
    """The statement maker of one session: call it with each event, in recording order.

    It keeps what a statement needs of the events before it: the play time (the
    ``duration`` of ``completed`` and ``terminated``) and the vote at the current
    decision point. ``history`` is what was recorded before this maker was made
    (a session continued after an interruption). ``scenario`` names the activities;
    without it they are named by their ids.
    """

    def __init__(
        self,
        session: SessionInfo,
        scenario: Scenario | None = None,
        settings: XapiSettings | None = None,
        history: Iterable[RecordedEvent] = (),
    ) -> None:
        self.session = session
        self.settings = settings or XapiSettings()
        self._activities = Activities(session.scenario_id, scenario, self.settings)
        nodes = scenario.nodes.values() if scenario else ()
        self._endings = {n.ending.id: n.ending for n in nodes if n.ending is not None}
        self._time = _PlayTime()
        self._votes: dict[str, int] | None = None
        for event in history:
            self(event.seq, event.wall, event.t, event.kind, event.payload)

    def __call__(
        self, seq: int, wall: float, t: float, kind: str, payload: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """The statement for one event, or None for the kinds not sent."""
        if kind == GAZE_KIND:
            return None
        self._time.see(kind, t)
        statement = self._statement(seq, wall, t, kind, payload) if kind in _MAPPING else None
        if kind == "vote_recorded":
            self._votes = {str(k): int(v) for k, v in dict(payload.get("counts") or {}).items()}
        elif kind in ("choices_offered", "choice_made", "jumped"):
            self._votes = None
        return statement

    def _statement(
        self, seq: int, wall: float, t: float, kind: str, payload: Mapping[str, Any]
    ) -> dict[str, Any]:
        session, settings = self.session, self.settings
        verb, target = _MAPPING[kind]
        if kind == "choice_made" and payload.get("by") not in _OWN_ANSWERS:
            verb = "progressed"
        scenario = self._activities.scenario()
        obj = self._object(target, payload) if target != "scenario" else scenario
        data = {key: value for key, value in payload.items() if key not in _LEFT_OUT}
        activities: dict[str, Any] = {
            "category": [
                {
                    "objectType": "Activity",
                    "id": SG_PROFILE,
                    "definition": {"type": STANDARD_TYPES["profile"]},
                }
            ]
        }
        if obj is not scenario:
            activities["parent"] = [scenario]
        statement: dict[str, Any] = {
            "id": statement_id(session.uuid, seq),
            "actor": {
                "objectType": "Group" if session.mode == "projector" else "Agent",
                "account": {"homePage": settings.home_page, "name": session.trainee},
            },
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": obj,
            "context": {
                "registration": session.uuid,
                "platform": f"simulator {session.app_version}",
                "language": session.language,
                "contextActivities": activities,
                "extensions": {
                    settings.extension("event"): {"kind": kind, "seq": seq, "t": t, **data},
                    settings.extension("scenario-hash"): session.scenario_hash,
                    settings.extension("scenario-version"): session.scenario_version,
                    settings.extension("mode"): session.mode,
                    settings.extension("intensity"): session.intensity,
                },
            },
            "timestamp": _iso(wall),
            "version": XAPI_VERSION,
        }
        result = self._result(kind, payload)
        if result:
            statement["result"] = result
        return statement

    def _object(self, target: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        if target == "line":
            return self._activities.line(str(payload.get("line", "")))
        if target == "question":
            return self._activities.question(str(payload.get("node", "")))
        return self._activities.node(str(payload.get(target, "")))

    def _result(self, kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        extension = self.settings.extension
        if kind == "choice_made":
            return self._choice(payload)
        if kind == "timed_out":
            return {"extensions": {extension("choice"): str(payload.get("choice", ""))}}
        if kind == "resumed":
            return {"duration": _duration(int(payload.get("paused_ms", 0)) / 1000)}
        if kind == "stopped":
            return {"completion": False, "duration": _duration(self._time.seconds)}
        if kind == "ending_reached":
            outcome = str(payload.get("outcome", ""))
            ending = self._endings.get(str(payload.get("ending", "")))
            return {
                "completion": True,
                "success": ending_succeeded(outcome, ending),
                "duration": _duration(self._time.seconds),
                "extensions": {
                    extension("ending"): payload.get("ending"),
                    extension("outcome"): outcome,
                },
            }
        return {}

    def _choice(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        extension = self.settings.extension
        reaction_ms = int(payload.get("reaction_ms", 0))
        extensions: dict[str, Any] = {
            extension("reaction-ms"): reaction_ms,
            extension("chosen-by"): payload.get("by"),
            extension("input"): payload.get("via"),
            extension("next-node"): payload.get("target"),
        }
        if isinstance(payload.get("position"), int):
            extensions[extension("position")] = payload["position"]
        if self._votes is not None:
            extensions[extension("votes")] = self._votes
        choice = str(payload.get("choice", ""))
        if payload.get("by") not in _OWN_ANSWERS:
            return {"extensions": {extension("choice"): choice, **extensions}}
        return {
            "response": choice,
            "duration": _duration(reaction_ms / 1000),
            "extensions": extensions,
        }


@dataclass(frozen=True, slots=True)
class XapiForwarding:
    """The record's ``Forwarding`` for one LRS: each event's statement is queued with it."""

    endpoint: str
    """The LRS statements URL, without credentials."""
    settings: XapiSettings

    def statements_for(
        self, session: SessionInfo, scenario: Scenario, history: Iterable[RecordedEvent]
    ) -> StatementMaker:
        """The statement maker for the events of ``session`` after ``history``."""
        return SessionStatements(session, scenario, self.settings, history)


def statement_id(session_uuid: str, seq: int) -> str:
    """The deterministic id of the statement for event ``seq`` of a session."""
    return str(uuid.uuid5(uuid.UUID(session_uuid), f"event/{seq}"))


def statements_for_session(
    session: SessionInfo,
    events: Iterable[RecordedEvent],
    settings: XapiSettings | None = None,
    scenario: Scenario | None = None,
) -> list[dict[str, Any]]:
    """Every statement of a recorded session (its RecordedEvents), in order: the same ones
    ``play --lrs`` queued while it was played."""
    make = SessionStatements(session, scenario, settings)
    made = (make(e.seq, e.wall, e.t, e.kind, e.payload) for e in events)
    return [statement for statement in made if statement is not None]


def _iso(wall: float) -> str:
    stamp = datetime.fromtimestamp(wall, UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _duration(seconds: float) -> str:
    """An ISO 8601 duration of whole milliseconds: ``PT754.250S``."""
    return f"PT{max(0.0, seconds):.3f}S"
