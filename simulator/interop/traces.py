"""xAPI statements back into debrief traces: what ``debrief --lrs`` reads (pure core).

Only statements this simulator wrote are read: their context carries the
recorded event under the ``event`` extension of the activity base, so a trace
read from an LRS is the trace the local record gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from simulator.interop.vocabulary import XapiSettings
from simulator.interop.xapi import SENT_KINDS
from simulator.record.trace import ChoiceTaken, SessionTrace, Step, note_shown

__all__ = ["traces_from_statements"]


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
        if not isinstance(event, dict) or not registration or event.get("kind") not in SENT_KINDS:
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
    shown_at: dict[str, int] = {}
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
        elif kind == "choices_offered":
            note_shown(shown_at, data)
        elif kind == "choice_made":
            payload = {"node": "", "choice": "", **data}
            decisions.append(ChoiceTaken.from_payload(t, payload, shown_at.get(str(node))))
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
