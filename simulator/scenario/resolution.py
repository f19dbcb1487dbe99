"""What a node amounts to in one state of play: where a step leads, who is on stage, and which
ending notes apply (pure core).

The runner plays by these functions, and exploration and the teaching checks reason with the
same ones, so every check agrees with what a trainee sees. Conditions are looked up in
``Logic.conditions`` by the data path they are written at.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from simulator.scenario.expressions import Value
from simulator.scenario.logic import Logic
from simulator.scenario.model import Choice, EndingNote, Route, Scenario, ShownProp, Staging

__all__ = [
    "BranchPointLoop",
    "arrival",
    "choice_target",
    "ending_notes",
    "notes_at",
    "opening_staging",
    "routed",
    "shown_order",
    "staging_in_play",
    "staging_path",
]

Path = tuple[str | int, ...]


class BranchPointLoop(ValueError):
    """Branch points that lead back to one of themselves (validation refuses such a file)."""


def routed(
    goto: str | tuple[Route, ...], path: Path, logic: Logic, variables: Mapping[str, Value]
) -> str:
    """The node ``goto`` (written at ``path``) leads to in this state: the first route whose
    condition holds; the last route has none, so one always does."""
    if isinstance(goto, str):
        return goto
    for index, route in enumerate(goto):
        if logic.holds((*path, index), variables):
            return route.node
    return goto[-1].node


def choice_target(
    scenario: Scenario,
    logic: Logic,
    node_id: str,
    choice_id: str,
    variables: Mapping[str, Value],
) -> str:
    """The node the choice leads to, given the variables after its effects."""
    choices = scenario.nodes[node_id].choices
    index = next(i for i, choice in enumerate(choices) if choice.id == choice_id)
    return routed(
        choices[index].goto, ("nodes", node_id, "choices", index, "goto"), logic, variables
    )


def arrival(
    scenario: Scenario, logic: Logic, node_id: str, variables: Mapping[str, Value]
) -> tuple[str, ...]:
    """The nodes entered on arriving at ``node_id``: the branch points passed through, then
    the node where play settles (always last). Raises BranchPointLoop on a loop."""
    entered = [node_id]
    node = scenario.nodes[node_id]
    while node.goto is not None:
        node_id = routed(node.goto, ("nodes", node_id, "goto"), logic, variables)
        if node_id in entered:
            raise BranchPointLoop(" -> ".join([*entered, node_id]))
        entered.append(node_id)
        node = scenario.nodes[node_id]
    return tuple(entered)


def shown_order(scenario: Scenario, node_id: str, seed: int | None) -> tuple[Choice, ...]:
    """The node's choices in the order a session with ``seed`` shows them: shuffled for that
    seed and node (the same at every visit), or as written without a seed or with
    ``order: fixed``. Which of them are offered depends on the state."""
    node = scenario.nodes[node_id]
    if seed is None or node.order == "fixed":
        return node.choices
    shuffled = list(node.choices)
    random.Random(f"{seed}:{node_id}").shuffle(shuffled)
    return tuple(shuffled)


def staging_path(scenario: Scenario, node_id: str) -> Path:
    """The data path of the staging a node plays: its own, or the named one it uses."""
    written = scenario.nodes[node_id].staging
    return ("stagings", written) if isinstance(written, str) else ("nodes", node_id, "staging")


def staging_in_play(
    scenario: Scenario, logic: Logic, node_id: str, variables: Mapping[str, Value]
) -> Staging:
    """The node's staging with only the actors and props whose conditions hold now."""
    staging = scenario.staging_of(node_id)
    path = staging_path(scenario, node_id)
    actors = {
        actor: placed
        for actor, placed in staging.actors.items()
        if logic.holds((*path, "actors", actor), variables)
    }
    show = tuple(
        item if isinstance(item, str) else item.prop
        for index, item in enumerate(staging.show)
        if not isinstance(item, ShownProp) or logic.holds((*path, "show", index), variables)
    )
    if actors == staging.actors and show == staging.show:
        return staging
    return staging.model_copy(update={"actors": actors, "show": show})


def ending_notes(
    scenario: Scenario, logic: Logic, node_id: str, variables: Mapping[str, Value]
) -> tuple[int, ...]:
    """Indices of the node's ending notes whose conditions hold now (none for no ending)."""
    ending = scenario.nodes[node_id].ending
    if ending is None:
        return ()
    path = ("nodes", node_id, "ending", "notes")
    return tuple(
        index for index in range(len(ending.notes)) if logic.holds((*path, index), variables)
    )


def notes_at(scenario: Scenario, node_id: str, indices: tuple[int, ...]) -> tuple[EndingNote, ...]:
    """The ending notes with these indices (as recorded); indices a changed scenario no longer
    has are left out."""
    ending = scenario.nodes[node_id].ending if node_id in scenario.nodes else None
    if ending is None:
        return ()
    return tuple(ending.notes[i] for i in indices if 0 <= i < len(ending.notes))


def opening_staging(scenario: Scenario, logic: Logic, intensity: int) -> Staging:
    """The stage before the first choice at ``intensity``: the start node's (past any branch
    points at the start), with the initial variables."""
    variables = logic.variables_for(intensity)
    first = arrival(scenario, logic, scenario.start, variables)[-1]
    return staging_in_play(scenario, logic, first, variables)
