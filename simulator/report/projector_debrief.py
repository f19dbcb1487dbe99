"""The debrief of a trainer-led group session, shown on the projector as one HTML page (pure core).

Built from the session's events: the branch graph with every branch the group
explored, each decision with the options, the group's vote counts, who
decided, the recommended option and the feedback, the trainer's notes and
the ending. Readable from the back of a room; no trainee code appears.
``templates/projector.html.j2`` lays it out with the page kit (``simulator.report.page``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.i18n import ui
from simulator.report.page import graph_figure, render_page
from simulator.scenario.model import Element, Scenario, localized
from simulator.session.events import (
    ChoiceMade,
    EndingReached,
    Event,
    Jumped,
    NodeEntered,
    NoteAdded,
    VoteRecorded,
)

__all__ = ["Decision", "decisions_of", "group_session_html"]


@dataclass
class Decision:
    """One visit to a decision point and what the group did there."""

    node: str
    votes: dict[str, int] = field(default_factory=dict)
    chosen: str | None = None
    chosen_by: str | None = None
    abandoned: bool = False
    """The group went back from the branch this choice started."""
    notes: list[str] = field(default_factory=list)


def decisions_of(events: Sequence[Event]) -> list[Decision]:
    """Each decision-point visit in order, with its votes, choice, notes and whether the
    branch it opened was later abandoned by going back."""
    visits: list[Decision] = []
    current: Decision | None = None
    for event in events:
        if isinstance(event, NodeEntered):
            current = Decision(event.node)
            visits.append(current)
        elif current is None:
            continue
        elif isinstance(event, VoteRecorded):
            current.votes = dict(event.counts)
        elif isinstance(event, NoteAdded):
            current.notes.append(event.text)
        elif isinstance(event, ChoiceMade):
            current.chosen, current.chosen_by = event.choice, event.by
        elif isinstance(event, Jumped) and event.reason == "back":
            for earlier in reversed(visits):
                if earlier.node == event.target and earlier.chosen:
                    earlier.abandoned = True
                    break
    return [visit for visit in visits if visit.chosen or visit.votes or visit.notes]


@dataclass(frozen=True)
class _Option:
    """One option of a decision as the projector shows it."""

    letter: str
    text: str
    votes: int | str
    chosen: bool
    decided: str
    """The interface-text key saying who chose it."""
    recommended: bool


@dataclass(frozen=True)
class _Visit:
    node: str
    abandoned: bool
    options: tuple[_Option, ...]
    feedback: str | None
    shows: tuple[Element, ...]
    misses: tuple[Element, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Ending:
    outcome: str
    summary: str
    feedback: str


_DECIDED = {"group": "group_decided_group", "trainer": "group_decided_trainer"}


def group_session_html(scenario: Scenario, events: Sequence[Event], language: str) -> str:
    """The whole debrief page, self-contained, sized for a projector."""
    path = [event.node for event in events if isinstance(event, NodeEntered)]
    title = localized(scenario.title, language)
    ending = next((e for e in reversed(events) if isinstance(e, EndingReached)), None)
    ended = None
    if ending is not None:
        spec = scenario.nodes[ending.node].ending
        assert spec is not None
        ended = _Ending(
            ending.outcome, localized(spec.summary, language), localized(spec.feedback, language)
        )
    return render_page(
        "projector.html.j2",
        language=language,
        title=f"{ui('group_title', language)}: {title}",
        scenario_title=title,
        graph_svg=graph_figure(scenario, language, path) if path else "",
        visits=[_visit(scenario, visit, language) for visit in decisions_of(events)],
        ending=ended,
    )


def _visit(scenario: Scenario, visit: Decision, language: str) -> _Visit:
    node = scenario.nodes[visit.node]
    options = tuple(
        _Option(
            letter=chr(65 + index),
            text=localized(choice.text, language),
            votes=visit.votes.get(choice.id, ""),
            chosen=choice.id == visit.chosen,
            decided=_DECIDED.get(visit.chosen_by or "", "group_decided_other"),
            recommended=choice.recommended,
        )
        for index, choice in enumerate(node.choices)
        if choice.id in visit.votes or choice.id == visit.chosen
    )
    chosen = next((c for c in node.choices if c.id == visit.chosen), None)
    return _Visit(
        node=visit.node,
        abandoned=visit.abandoned,
        options=options,
        feedback=localized(chosen.feedback, language) if chosen is not None else None,
        shows=tuple(chosen.tags.shows) if chosen is not None else (),
        misses=tuple(chosen.tags.misses) if chosen is not None else (),
        notes=tuple(visit.notes),
    )
