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
from simulator.scenario.model import Choice, Scenario, localized
from simulator.scenario.resolution import notes_at
from simulator.session.events import (
    ChoiceMade,
    EndingReached,
    Event,
    Jumped,
    NodeEntered,
    NoteAdded,
    VoteRecorded,
)

__all__ = ["GroupVisit", "group_visits", "projector_debrief_html"]


@dataclass
class GroupVisit:
    """One visit to a decision point and what the group did there."""

    node: str
    votes: dict[str, int] = field(default_factory=dict)
    chosen: str | None = None
    chosen_by: str | None = None
    abandoned: bool = False
    """The group went back from the branch this choice started."""
    notes: list[str] = field(default_factory=list)


def group_visits(events: Sequence[Event]) -> list[GroupVisit]:
    """Each decision-point visit in order, with its votes, choice, notes and whether the
    branch it opened was later abandoned by going back."""
    visits: list[GroupVisit] = []
    current: GroupVisit | None = None
    for event in events:
        if isinstance(event, NodeEntered):
            current = GroupVisit(event.node)
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
    """One option of a decision as the projector shows it: its letter and votes, whether it
    was chosen and (then) the interface-text key saying who chose it."""

    letter: str
    choice: Choice
    votes: int | str
    chosen: bool
    decided: str


_TITLE_AND_HEADING = 190.0
"""Room (px) the title, the line under it and the graph's heading take above the printed
graph: they share its first page."""

_DECIDED = {"group": "group_decided_group", "trainer": "group_decided_trainer"}


def projector_debrief_html(scenario: Scenario, events: Sequence[Event], language: str) -> str:
    """The whole debrief page, self-contained, sized for a projector."""
    path = [event.node for event in events if isinstance(event, NodeEntered)]
    taken = [(event.node, event.choice) for event in events if isinstance(event, ChoiceMade)]
    title = localized(scenario.title, language)
    ending = next((e for e in reversed(events) if isinstance(e, EndingReached)), None)
    authored = scenario.nodes[ending.node].ending if ending is not None else None
    spec = (
        authored.as_reached(notes_at(scenario, ending.node, ending.notes))
        if ending is not None and authored is not None
        else None
    )
    visits = [
        (visit, _options(scenario, visit), _chosen(scenario, visit))
        for visit in group_visits(events)
    ]
    return render_page(
        "projector.html.j2",
        language=language,
        title=f"{ui('group_title', language)}: {title}",
        scenario_title=title,
        figure=graph_figure(scenario, language, path, taken, heading=_TITLE_AND_HEADING)
        if path
        else None,
        visits=visits,
        ending=ending,
        spec=spec,
    )


def _options(scenario: Scenario, visit: GroupVisit) -> list[_Option]:
    """The options that got votes or were chosen, lettered as the projector showed them."""
    decided = _DECIDED.get(visit.chosen_by or "", "group_decided_other")
    return [
        _Option(
            chr(65 + index),
            choice,
            visit.votes.get(choice.id, ""),
            choice.id == visit.chosen,
            decided,
        )
        for index, choice in enumerate(scenario.nodes[visit.node].choices)
        if choice.id in visit.votes or choice.id == visit.chosen
    ]


def _chosen(scenario: Scenario, visit: GroupVisit) -> Choice | None:
    return next((c for c in scenario.nodes[visit.node].choices if c.id == visit.chosen), None)
