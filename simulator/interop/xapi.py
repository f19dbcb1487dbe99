"""Recorded events as xAPI statements, and statements back into debrief traces (pure core).

``statement_for`` maps one recorded event to one xAPI 1.0.3 statement, using
the verbs and activity types of the xAPI Serious Games profile (xAPI-SG)
where they fit:

==================  ===================  ====================================
event               verb                 object (activity type)
==================  ===================  ====================================
started             initialized (ADL)    the scenario (SG serious-game)
node_entered        progressed (ADL)     the node (SG story-node)
line_shown          experienced (ADL)    the line (ADL interaction)
choices_offered     accessed (SG)        the node's question (ADL question)
choice_made         selected (SG/ADB)    the question; result.response = choice
timed_out           skipped (Tin Can)    the question
paused / resumed    suspended / resumed  the scenario
jumped              accessed (SG)        the node jumped to (SG story-node)
stopped             terminated (ADL)     the scenario; result.completion false
ending_reached      completed (ADL)      the scenario; success = a safe outcome
==================  ===================  ====================================

Gaze samples stay in the local record (a few per second would swamp an LRS),
and so do kinds this version does not know (their payload may hold free text):
``statement_for`` returns None for them. A stop's free-text reason is left out
for the same reason.

The actor is a pseudonymous account: the install's home page and the trainee
code, never an e-mail address. ``context.registration`` is the session's
uuid; each statement's id is a uuid5 of the session uuid and the event's
sequence number, so sending a statement twice stores it once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from simulator.record.outbox import StatementMaker
from simulator.record.store import RecordedEvent, SessionInfo
from simulator.record.trace import ChoiceTaken, SessionTrace, Step
from simulator.settings import Settings

__all__ = [
    "ACTIVITY_TYPES",
    "DEFAULT_ACTIVITY_BASE",
    "DEFAULT_HOME_PAGE",
    "SG_PROFILE",
    "VERBS",
    "XAPI_VERSION",
    "XapiSettings",
    "statement_for",
    "statement_id",
    "statements_for_session",
    "traces_from_statements",
]

XAPI_VERSION = "1.0.3"
"""The xAPI version of the statements and of the HTTP API used to send them."""

SG_PROFILE = "https://w3id.org/xapi/seriousgames"
"""The xAPI Serious Games profile, named in every statement's context category."""

DEFAULT_HOME_PAGE = "https://simulator.invalid/"
"""Used when no home page is configured; a training centre sets one for all its stations."""
DEFAULT_ACTIVITY_BASE = "https://simulator.invalid/xapi"
"""Base IRI of the scenario, node and extension ids (the same on every install)."""

VERBS: dict[str, str] = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "accessed": "https://w3id.org/xapi/seriousgames/verbs/accessed",
    "selected": "https://w3id.org/xapi/adb/verbs/selected",
    "skipped": "http://id.tincanapi.com/verb/skipped",
    "suspended": "http://adlnet.gov/expapi/verbs/suspended",
    "resumed": "http://adlnet.gov/expapi/verbs/resumed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
"""Verb ids by display name (xAPI-SG, ADL and Tin Can registries)."""

ACTIVITY_TYPES: dict[str, str] = {
    "scenario": "https://w3id.org/xapi/seriousgames/activity-types/serious-game",
    "node": "https://w3id.org/xapi/seriousgames/activity-types/story-node",
    "question": "http://adlnet.gov/expapi/activities/question",
    "line": "http://adlnet.gov/expapi/activities/interaction",
    "profile": "http://adlnet.gov/expapi/activities/profile",
}

# event kind -> (verb, object: scenario | node | target | question | line)
_MAPPING: dict[str, tuple[str, str]] = {
    "started": ("initialized", "scenario"),
    "node_entered": ("progressed", "node"),
    "line_shown": ("experienced", "line"),
    "choices_offered": ("accessed", "question"),
    "choice_made": ("selected", "question"),
    "timed_out": ("skipped", "question"),
    "paused": ("suspended", "scenario"),
    "resumed": ("resumed", "scenario"),
    "jumped": ("accessed", "target"),
    "stopped": ("terminated", "scenario"),
    "ending_reached": ("completed", "scenario"),
}
_KIND_OF_VERB = {verb: kind for kind, (verb, _) in _MAPPING.items()}
_LEFT_OUT = ("v", "variables", "reason")
"""Payload fields never sent: the format version, variable dumps, free text."""
_SAFE_OUTCOMES = ("safe_reported", "safe_unreported")


@dataclass(frozen=True, slots=True)
class XapiSettings:
    """Where the statements' IRIs point."""

    home_page: str = DEFAULT_HOME_PAGE
    """The actors' account home page: the install (or training centre) the codes belong to."""
    activity_base: str = DEFAULT_ACTIVITY_BASE

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> XapiSettings:
        """Settings with the home page from ``SIMULATOR_XAPI_HOMEPAGE`` when set."""
        home_page = Settings.from_environment(environ).xapi_home_page
        return cls(home_page=home_page or DEFAULT_HOME_PAGE)

    def extension(self, name: str) -> str:
        return f"{self.activity_base}/extensions/{name}"


@dataclass(frozen=True, slots=True)
class XapiForwarding:
    """The record's ``Forwarding`` for one LRS: each event's statement is queued with it."""

    endpoint: str
    """The LRS statements URL, without credentials."""
    settings: XapiSettings

    def statements_for(self, session: SessionInfo) -> StatementMaker:
        """The statement maker for the events of ``session``."""

        def make(
            seq: int, wall: float, t: float, kind: str, data: Mapping[str, Any]
        ) -> dict[str, Any] | None:
            return statement_for(session, seq, wall, t, kind, data, self.settings)

        return make


def statement_id(session_uuid: str, seq: int) -> str:
    """The deterministic id of the statement for event ``seq`` of a session."""
    return str(uuid.uuid5(uuid.UUID(session_uuid), f"event/{seq}"))


def _iso(wall: float) -> str:
    stamp = datetime.fromtimestamp(wall, UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _duration(ms: int | float) -> str:
    return f"PT{max(0.0, float(ms)) / 1000:.3f}S"


def _activity(iri: str, kind: str, name: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"type": ACTIVITY_TYPES[kind], "name": {"en": name}},
    }


def statement_for(
    session: SessionInfo,
    seq: int,
    wall: float,
    t: float,
    kind: str,
    payload: Mapping[str, Any],
    settings: XapiSettings | None = None,
) -> dict[str, Any] | None:
    """The statement for one recorded event, or None for gaze samples and unknown kinds."""
    if kind not in _MAPPING:
        return None
    settings = settings or XapiSettings()
    verb, target = _MAPPING[kind]
    scenario_iri = f"{settings.activity_base}/scenarios/{session.scenario_id}"
    scenario = _activity(scenario_iri, "scenario", session.scenario_id)
    node = str(payload.get("node", ""))
    if target == "scenario":
        obj = scenario
    elif target == "node" or target == "target":
        name = str(payload.get("target" if target == "target" else "node", ""))
        obj = _activity(f"{scenario_iri}/nodes/{name}", "node", name)
    elif target == "question":
        obj = _activity(f"{scenario_iri}/nodes/{node}/question", "question", node)
    else:
        line = str(payload.get("line", ""))
        obj = _activity(f"{scenario_iri}/lines/{line}", "line", line)
    data = {key: value for key, value in payload.items() if key not in _LEFT_OUT}
    extensions: dict[str, Any] = {
        settings.extension("event"): {"kind": kind, "seq": seq, "t": t, **data},
        settings.extension("scenario-hash"): session.scenario_hash,
        settings.extension("scenario-version"): session.scenario_version,
        settings.extension("mode"): session.mode,
        settings.extension("intensity"): session.intensity,
    }
    activities: dict[str, Any] = {
        "category": [
            {
                "objectType": "Activity",
                "id": SG_PROFILE,
                "definition": {"type": ACTIVITY_TYPES["profile"]},
            }
        ]
    }
    if obj is not scenario:
        activities["parent"] = [scenario]
    statement: dict[str, Any] = {
        "id": statement_id(session.uuid, seq),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": settings.home_page, "name": session.trainee},
        },
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": obj,
        "context": {
            "registration": session.uuid,
            "platform": f"simulator {session.app_version}",
            "language": session.language,
            "contextActivities": activities,
            "extensions": extensions,
        },
        "timestamp": _iso(wall),
        "version": XAPI_VERSION,
    }
    result = _result(kind, payload, settings)
    if result:
        statement["result"] = result
    return statement


def _result(kind: str, payload: Mapping[str, Any], settings: XapiSettings) -> dict[str, Any]:
    if kind == "choice_made":
        return {
            "response": str(payload.get("choice", "")),
            "duration": _duration(int(payload.get("reaction_ms", 0))),
            "extensions": {
                settings.extension("reaction-ms"): int(payload.get("reaction_ms", 0)),
                settings.extension("chosen-by"): payload.get("by"),
                settings.extension("input"): payload.get("via"),
                settings.extension("next-node"): payload.get("target"),
            },
        }
    if kind == "timed_out":
        return {"response": str(payload.get("choice", ""))}
    if kind == "resumed":
        return {"duration": _duration(int(payload.get("paused_ms", 0)))}
    if kind == "stopped":
        return {"completion": False}
    if kind == "ending_reached":
        outcome = str(payload.get("outcome", ""))
        return {
            "completion": True,
            "success": outcome in _SAFE_OUTCOMES,
            "extensions": {
                settings.extension("ending"): payload.get("ending"),
                settings.extension("outcome"): outcome,
            },
        }
    return {}


def statements_for_session(
    session: SessionInfo, events: Iterable[RecordedEvent], settings: XapiSettings | None = None
) -> list[dict[str, Any]]:
    """Every statement of a recorded session (its RecordedEvents), in order."""
    statements = []
    for event in events:
        statement = statement_for(
            session, event.seq, event.wall, event.t, event.kind, event.payload, settings
        )
        if statement is not None:
            statements.append(statement)
    return statements


# -- reading statements back ----------------------------------------------------------------


def traces_from_statements(
    statements: Iterable[Mapping[str, Any]], settings: XapiSettings | None = None
) -> list[SessionTrace]:
    """Debrief traces of the sessions these statements describe (one per registration),
    oldest first. Statements this simulator did not write are ignored."""
    settings = settings or XapiSettings()
    by_session: dict[str, list[tuple[dict[str, Any], Mapping[str, Any]]]] = {}
    for statement in statements:
        context = statement.get("context") or {}
        extensions = context.get("extensions") or {}
        event = extensions.get(settings.extension("event"))
        registration = context.get("registration")
        if not isinstance(event, dict) or not registration or event.get("kind") not in _MAPPING:
            continue
        by_session.setdefault(str(registration), []).append((event, statement))
    traces = [_trace(registration, items, settings) for registration, items in by_session.items()]
    return sorted(traces, key=lambda trace: (trace.started_at, trace.uuid))


def _trace(
    registration: str,
    items: list[tuple[dict[str, Any], Mapping[str, Any]]],
    settings: XapiSettings,
) -> SessionTrace:
    items.sort(key=lambda item: int(item[0].get("seq", 0)))
    first_event, first = items[0]
    context = first.get("context") or {}
    extensions = context.get("extensions") or {}
    parents = (context.get("contextActivities") or {}).get("parent") or [first.get("object", {})]
    scenario_iri = str(parents[0].get("id", ""))
    origin = float(first_event.get("t", 0.0))
    path, decisions, steps = [], [], []
    ending = outcome = None
    status = "interrupted"
    for event, _ in items:
        kind = str(event["kind"])
        data = {k: v for k, v in event.items() if k not in ("kind", "seq", "t")}
        t = float(event.get("t", origin))
        node = data.get("node") if isinstance(data.get("node"), str) else None
        steps.append(Step(t=t - origin, kind=kind, node=node, data=data))
        if kind == "node_entered" and node:
            path.append(node)
        elif kind == "choice_made":
            decisions.append(
                ChoiceTaken(
                    t=t,
                    node=str(data.get("node", "")),
                    choice=str(data.get("choice", "")),
                    target=str(data.get("target", "")),
                    by=str(data.get("by", "trainee")),
                    via=str(data.get("via", "")),
                    reaction_ms=int(data.get("reaction_ms", 0)),
                )
            )
        elif kind == "ending_reached":
            ending, outcome, status = data.get("ending"), data.get("outcome"), "ended"
        elif kind == "stopped" and status != "ended":
            status = "stopped"
    return SessionTrace(
        uuid=registration,
        trainee=str(((first.get("actor") or {}).get("account") or {}).get("name", "")),
        scenario_id=scenario_iri.rsplit("/", 1)[-1],
        scenario_hash=str(extensions.get(settings.extension("scenario-hash"), "")),
        language=str(context.get("language", "")),
        mode=str(extensions.get(settings.extension("mode"), "")),
        intensity=int(extensions.get(settings.extension("intensity"), 0) or 0),
        started_at=_parse_time(str(first.get("timestamp", ""))),
        status=status,
        ending=ending,
        outcome=outcome,
        path=tuple(path),
        decisions=tuple(decisions),
        steps=tuple(steps),
        clock_origin=origin,
    )


def _parse_time(text: str) -> datetime:
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.fromtimestamp(0, UTC)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
