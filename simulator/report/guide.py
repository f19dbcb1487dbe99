"""The facilitator's guide: a printable sheet a trainer prepares a group session with, made
from the scenario itself (pure core).

It holds what the scenario is for (objectives and their elements), the content warning and
the safety agreements, a plan for a group of up to twelve with minutes per part, every
decision in the order play meets it (the situation, the options with what each teaches, the
author's discussion questions), the endings, and where to report in real life.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from simulator.report.page import render_page
from simulator.scenario.loading import LoadedScenario
from simulator.scenario.model import Choice, LearningObjective, Node, Scenario, Text, destinations
from simulator.session.duration import estimate_duration

__all__ = ["GROUP_MINUTES_PER_DECISION", "guide_html"]

GROUP_MINUTES_PER_DECISION = 4
"""Reveal, vote, a short discussion and the choice, for a group at one decision."""
_PLAN_MINUTES = {"welcome": 10, "debrief": 20, "cool_down": 5}


@dataclass(frozen=True)
class _Decision:
    number: int
    node_id: str
    situation: str
    """The node's first line: what the group has just seen or heard."""
    choices: tuple[Choice, ...]
    discuss: tuple[Text, ...]
    timed: bool


@dataclass(frozen=True)
class _Objective:
    text: Text
    elements: tuple[str, ...]


def guide_html(loaded: LoadedScenario, language: str) -> str:
    """The guide to ``loaded`` in ``language`` (a language of the scenario)."""
    scenario = loaded.scenario
    duration = estimate_duration(loaded, language)
    decisions = _decisions(scenario, language)
    typical = round((duration.decisions[0] + duration.decisions[1]) / 2)
    play = typical * GROUP_MINUTES_PER_DECISION
    plan = [
        ("guide_plan_welcome", _PLAN_MINUTES["welcome"]),
        ("guide_plan_play", play),
        ("guide_plan_debrief", _PLAN_MINUTES["debrief"]),
        ("guide_plan_cool_down", _PLAN_MINUTES["cool_down"]),
    ]
    return render_page(
        "guide.html.j2",
        language=language,
        title=scenario.title.get(language, scenario.id),
        scenario=scenario,
        setting=loaded.scene.title,
        duration=duration,
        objectives=[_objective(objective) for objective in scenario.learning_objectives],
        plan=plan,
        typical=typical,
        total=sum(minutes for _, minutes in plan),
        decisions=decisions,
        endings=[node.ending for node in scenario.nodes.values() if node.ending is not None],
    )


def _objective(objective: Text | LearningObjective) -> _Objective:
    if isinstance(objective, LearningObjective):
        return _Objective(objective.text, tuple(element.value for element in objective.elements))
    return _Objective(objective, ())


def _decisions(scenario: Scenario, language: str) -> list[_Decision]:
    """The nodes that ask for a choice, breadth first from the start (the order play meets
    them), numbered."""
    found: list[_Decision] = []
    seen, queue = {scenario.start}, deque([scenario.start])
    while queue:
        node_id = queue.popleft()
        node = scenario.nodes[node_id]
        if node.choices:
            found.append(_decision(len(found) + 1, node_id, node, language))
        targets = [node.goto] if node.goto is not None else [c.goto for c in node.choices]
        for goto in targets:
            for target in destinations(goto):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return found


def _decision(number: int, node_id: str, node: Node, language: str) -> _Decision:
    situation = node.lines[0].text.get(language, "") if node.lines else ""
    return _Decision(
        number, node_id, situation, node.choices, node.discuss, node.time_limit is not None
    )
