"""What the debrief pages look up in a scenario and a trace (pure core).

A debrief may be built without its scenario file (the page then shows ids), so
every lookup here accepts ``None`` for the scenario and falls back to the id.
"""

from __future__ import annotations

from simulator.i18n import MissingText, ui
from simulator.record.trace import SessionTrace
from simulator.scenario.model import Choice, Ending, Scenario, localized
from simulator.scenario.resolution import notes_at

__all__ = [
    "choice_of",
    "choice_text",
    "ending_of",
    "language_for",
    "named",
    "recommended_choices",
    "session_label",
]


def language_for(scenario: Scenario | None, language: str) -> str:
    """``language`` when the scenario has it (or there is no scenario), else its first one."""
    if scenario is None or language in scenario.languages:
        return language
    return scenario.languages[0]


def choice_of(scenario: Scenario | None, node: str, choice: str) -> Choice | None:
    """The choice ``choice`` of ``node``, or None when the scenario (or the node) lacks it."""
    if scenario is None or node not in scenario.nodes:
        return None
    return next((c for c in scenario.nodes[node].choices if c.id == choice), None)


def choice_text(scenario: Scenario | None, node: str, choice: str, language: str) -> str:
    """What the choice says in ``language``, or its id when it cannot be found."""
    found = choice_of(scenario, node, choice)
    return localized(found.text, language) if found else choice


def recommended_choices(scenario: Scenario | None, node: str) -> list[Choice]:
    """The recommended choices of ``node`` (none when it cannot be found)."""
    if scenario is None or node not in scenario.nodes:
        return []
    return [c for c in scenario.nodes[node].choices if c.recommended]


def ending_of(scenario: Scenario | None, trace: SessionTrace) -> Ending | None:
    """The ending the trace reached as the trainee saw it: the scenario's ending with the
    notes that applied on this path (as recorded) added to its summary and feedback."""
    if scenario is None or not trace.ending:
        return None
    for node_id, node in scenario.nodes.items():
        if node.ending is not None and node.ending.id == trace.ending:
            return node.ending.as_reached(notes_at(scenario, node_id, _recorded_notes(trace)))
    return None


def _recorded_notes(trace: SessionTrace) -> tuple[int, ...]:
    reached = next((s for s in reversed(trace.steps) if s.kind == "ending_reached"), None)
    notes = reached.data.get("notes") if reached is not None else None
    if not isinstance(notes, list | tuple):
        return ()
    return tuple(n for n in notes if isinstance(n, int) and not isinstance(n, bool))


def session_label(trace: SessionTrace) -> str:
    """``#id`` for a session of the local record, else the start of its uuid."""
    return f"#{trace.session_id}" if trace.session_id is not None else trace.uuid[:8]


def named(kind: str, value: str, language: str) -> str:
    """The interface text ``debrief_<kind>_<value>`` (a mode, an input, a chooser), or
    ``value`` itself for one this version has no words for."""
    try:
        return ui(f"debrief_{kind}_{value}", language)
    except MissingText:
        return value
