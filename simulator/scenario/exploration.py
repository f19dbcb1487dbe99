"""Exhaustive exploration of a scenario's reachable states, for checks and play-testing (pure core).

A state is a node plus the values of every variable (``intensity`` included);
equal states are explored once, so the cost grows with the number of distinct
states, not with the number of paths.

Exploration is bounded, so it ends within seconds whatever the scenario: it
stops when one variable has taken ``VALUE_LIMIT`` values or the states number
``DEFAULT_STATE_LIMIT``, and then says which variable grew and which choice's
effect made it grow (``Exploration.growth``). It also notes each effect that
gives a number the value at which arithmetic is held (``Exploration.at_limit``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from simulator.scenario._collector import collector_paused
from simulator.scenario.expressions import NUMBER_LIMIT, Evaluate, Value
from simulator.scenario.logic import INTENSITY, INTENSITY_LEVELS, Logic
from simulator.scenario.model import Route, Scenario
from simulator.scenario.resolution import arrival, routed, staging_in_play, staging_path

__all__ = [
    "DEFAULT_STATE_LIMIT",
    "VALUE_LIMIT",
    "AtLimit",
    "EffectSite",
    "Exploration",
    "Growth",
    "OffStageLine",
    "SharedHold",
    "StateKey",
    "StuckState",
    "explore",
    "state_text",
]

DEFAULT_STATE_LIMIT = 500_000
"""Stop exploring beyond this many states (too many variables that combine)."""
VALUE_LIMIT = 10_000
"""Stop exploring when one variable has taken this many values (a counter without bound)."""

StateKey = tuple[str, tuple[Value, ...]]
"""A state: the node play settled at, and each variable's value in ``Exploration.names``
order."""


@dataclass(frozen=True)
class StuckState:
    """A reachable state at a node that is not an ending and offers no choice."""

    node: str
    variables: dict[str, Value]
    timeout_choice_missing: bool = False
    """True when choices are offered but the node's timeout choice is not one of them."""


@dataclass(frozen=True)
class OffStageLine:
    """A line spoken by an actor whose staging condition does not hold in a reachable state."""

    node: str
    line: int
    """The line's index in its node."""
    speaker: str
    variables: dict[str, Value]


@dataclass(frozen=True)
class SharedHold:
    """A prop that two actors on stage hold at once in a reachable state."""

    node: str
    prop: str
    holders: tuple[str, str]
    """The first two actors holding it, in the staging's order."""
    variables: dict[str, Value]


@dataclass(frozen=True)
class EffectSite:
    """A choice whose effect sets a variable: where an author looks to change it."""

    node: str
    choice: str
    variable: str


@dataclass(frozen=True)
class Growth:
    """Why exploration stopped early: the variable with the most values, and what grew it."""

    states: int
    variable: str
    values: int
    """How many values the variable took before exploration stopped."""
    smallest: Value
    largest: Value
    site: EffectSite | None
    """The effect that gave the variable most of its new values; None for no effect."""

    def describe(self) -> str:
        """One sentence for authors, the same in ``validate`` and ``simulator test``."""
        where = (
            f", changed by choice {self.site.choice!r} at node {self.site.node!r}"
            if self.site is not None
            else ""
        )
        return (
            f"exploration stopped after {self.states:,} states: variable {self.variable!r} "
            f"took {self.values:,} values ({self.smallest} to {self.largest}){where}"
        )


@dataclass(frozen=True)
class AtLimit:
    """An effect that gives a number the limit at which arithmetic is held."""

    site: EffectSite
    variables: dict[str, Value]
    """The state before the choice was made."""

    def describe(self) -> str:
        """One sentence for authors, the same in ``validate`` and ``simulator test``."""
        return (
            f"choice {self.site.choice!r} sets {self.site.variable!r} to the number limit "
            f"(±{NUMBER_LIMIT:,}, where arithmetic is held) when {state_text(self.variables)}"
        )


def state_text(variables: dict[str, Value]) -> str:
    """A reachable state as authors read it: ``intensity=1, pressure=2, told=False``."""
    return ", ".join(f"{name}={value}" for name, value in sorted(variables.items()))


@dataclass
class Exploration:
    """What exhaustive exploration found, over every intensity level asked for."""

    intensities: tuple[int, ...]
    states: int = 0
    complete: bool = True
    """False when the state limit was hit; then absence of a finding proves nothing."""
    visited_nodes: set[str] = field(default_factory=set)
    offered_choices: set[tuple[str, str]] = field(default_factory=set)
    endings: dict[str, set[int]] = field(default_factory=dict)
    """Ending id to the intensity levels at which it can be reached."""
    stuck: list[StuckState] = field(default_factory=list)
    longest_path: tuple[str, ...] = ()
    """Choice ids along the longest loop-free path from the start to an ending."""
    growth: Growth | None = None
    """Set exactly when ``complete`` is False."""
    at_limit: list[AtLimit] = field(default_factory=list)
    """The first state found for each effect that reaches ``NUMBER_LIMIT``."""
    off_stage_lines: list[OffStageLine] = field(default_factory=list)
    """The first state found for each line whose speaker's staging condition fails."""
    names: tuple[str, ...] = ()
    """The variables in the order a state's values hold them."""
    starts: tuple[StateKey, ...] = ()
    """The state each intensity level starts in."""
    successors: dict[StateKey, list[tuple[str, StateKey]]] = field(default_factory=dict)
    """Every state explored, with the (choice id, next state) of each choice it offers: the
    graph checks that follow paths (the teaching checks) walk."""

    def variables(self, state: StateKey) -> dict[str, Value]:
        """A state's variables by name."""
        return dict(zip(self.names, state[1], strict=True))

    shared_holds: list[SharedHold] = field(default_factory=list)
    """The first state found for each staging and prop held by two actors at once."""


def explore(
    scenario: Scenario,
    logic: Logic,
    *,
    intensities: Iterable[int] = INTENSITY_LEVELS,
    state_limit: int = DEFAULT_STATE_LIMIT,
    value_limit: int = VALUE_LIMIT,
    longest_path: bool = True,
) -> Exploration:
    """Visit every reachable state of ``scenario`` once per intensity level, within the limits.

    ``longest_path=False`` skips the longest-path search (validation needs no path).
    """
    with collector_paused():
        return _explore(
            scenario, logic, tuple(intensities), _Limits(state_limit, value_limit), longest_path
        )


@dataclass(frozen=True)
class _Limits:
    states: int
    values: int


def _explore(
    scenario: Scenario,
    logic: Logic,
    intensities: tuple[int, ...],
    limits: _Limits,
    longest_path: bool,
) -> Exploration:
    names = tuple(sorted(logic.types))
    position = {name: index for index, name in enumerate(names)}
    transitions = _transitions(scenario, logic, position)
    result = Exploration(intensities=intensities)
    successors: dict[StateKey, list[tuple[str, StateKey]]] = {}
    starts: list[StateKey] = []
    queue: deque[StateKey] = deque()
    for intensity in result.intensities:
        variables = logic.variables_for(intensity)
        entered = arrival(scenario, logic, scenario.start, variables)
        result.visited_nodes.update(entered)
        start = (entered[-1], tuple(variables[name] for name in names))
        starts.append(start)
        if start not in successors:
            successors[start] = []
            queue.append(start)
    offered_choices = result.offered_choices
    growth = _GrowthTracker(names, starts)
    reported_limits: set[EffectSite] = set()
    conditional_speakers = _conditional_speakers(scenario)
    reported_lines: set[tuple[str, int]] = set()
    shared_props = _shared_props(scenario)
    reported_holds: set[tuple[tuple[str | int, ...], str]] = set()
    while queue:
        if len(successors) > limits.states or growth.most_values() >= limits.values:
            result.complete = False
            result.growth = growth.report(len(successors))
            break
        key = queue.popleft()
        node_id, values = key
        result.visited_nodes.add(node_id)
        node = scenario.nodes[node_id]
        variables = dict(zip(names, values, strict=True))
        for index, speaker in conditional_speakers.get(node_id, ()):
            if (node_id, index) not in reported_lines and not _on_stage(
                scenario, logic, node_id, index, speaker, variables
            ):
                reported_lines.add((node_id, index))
                result.off_stage_lines.append(OffStageLine(node_id, index, speaker, variables))
        for prop in shared_props.get(node_id, ()):
            reported = (staging_path(scenario, node_id), prop)
            if reported not in reported_holds:
                holders = _holders(scenario, logic, node_id, prop, variables)
                if len(holders) > 1:
                    reported_holds.add(reported)
                    result.shared_holds.append(
                        SharedHold(node_id, prop, (holders[0], holders[1]), variables)
                    )
        if node.ending is not None:
            result.endings.setdefault(node.ending.id, set()).add(int(variables[INTENSITY]))
            continue
        edges = successors[key]
        for choice_id, arrive, condition, effects in transitions[node_id]:
            if condition is not None and not condition(variables):
                continue
            offered_choices.add((node_id, choice_id))
            after_values = values
            after = variables
            if effects:
                changed = list(values)
                for index, evaluate in effects:
                    changed[index] = evaluate(variables)
                after_values = tuple(changed)
                after = dict(zip(names, after_values, strict=True))
            entered = arrive(after)
            if len(entered) > 1:
                result.visited_nodes.update(entered[:-1])
            target = (entered[-1], after_values)
            edges.append((choice_id, target))
            if target not in successors:
                successors[target] = []
                queue.append(target)
                for index, _ in effects:
                    site = EffectSite(node_id, choice_id, names[index])
                    growth.saw(index, target[1][index], site)
                    if _reaches_limit(target[1][index]) and site not in reported_limits:
                        reported_limits.add(site)
                        result.at_limit.append(AtLimit(site, variables))
        if not edges:
            result.stuck.append(StuckState(node_id, variables))
        elif node.timeout_choice is not None and all(c != node.timeout_choice for c, _ in edges):
            result.stuck.append(StuckState(node_id, variables, timeout_choice_missing=True))
    result.states = len(successors)
    result.names, result.starts, result.successors = names, tuple(starts), successors
    if result.complete and longest_path:
        result.longest_path = _longest_path(starts, successors, scenario)
    return result


def _conditional_speakers(scenario: Scenario) -> dict[str, list[tuple[int, str]]]:
    """Per node: the lines (index, speaker) spoken by an actor its staging places on a
    condition; only these need checking state by state."""
    found: dict[str, list[tuple[int, str]]] = {}
    for node_id, node in scenario.nodes.items():
        if node.staging is None:
            continue
        actors = scenario.staging_of(node_id).actors
        lines = [
            (index, line.speaker)
            for index, line in enumerate(node.lines)
            if line.speaker in actors and actors[line.speaker].when is not None
        ]
        if lines:
            found[node_id] = lines
    return found


def _shared_props(scenario: Scenario) -> dict[str, list[str]]:
    """Per node: the props its staging gives to two or more actors, some of them on a
    condition (two who are always on stage are a static error); only these need checking."""
    found: dict[str, list[str]] = {}
    for node_id, node in scenario.nodes.items():
        if node.staging is None:
            continue
        actors = scenario.staging_of(node_id).actors.values()
        props = {actor.holds for actor in actors if actor.holds is not None}
        shared = [
            prop
            for prop in sorted(props)
            if sum(actor.holds == prop for actor in actors) > 1
            and any(actor.holds == prop and actor.when is not None for actor in actors)
        ]
        if shared:
            found[node_id] = shared
    return found


def _holders(
    scenario: Scenario, logic: Logic, node_id: str, prop: str, variables: dict[str, Value]
) -> list[str]:
    """The actors on stage in this state who hold ``prop``."""
    actors = staging_in_play(scenario, logic, node_id, variables).actors
    return [actor_id for actor_id, actor in actors.items() if actor.holds == prop]


def _on_stage(
    scenario: Scenario,
    logic: Logic,
    node_id: str,
    index: int,
    speaker: str,
    variables: dict[str, Value],
) -> bool:
    """Whether the line is not shown, or its speaker is on stage, in this state."""
    line = scenario.nodes[node_id].lines[index]
    if not logic.shows(node_id, line.id, variables):
        return True
    return speaker in staging_in_play(scenario, logic, node_id, variables).actors


def _reaches_limit(value: Value) -> bool:
    return not isinstance(value, bool) and abs(value) >= NUMBER_LIMIT


class _GrowthTracker:
    """The distinct values each variable has taken, and which effect brought the new ones."""

    def __init__(self, names: tuple[str, ...], starts: list[StateKey]) -> None:
        self._names = names
        self._values: list[set[Value]] = [
            {values[index] for _, values in starts} for index in range(len(names))
        ]
        self._new_values_by: list[dict[EffectSite, int]] = [{} for _ in names]
        self._most = max((len(values) for values in self._values), default=0)

    def saw(self, index: int, value: Value, site: EffectSite) -> None:
        """Note that ``site`` set variable ``index`` to ``value`` in a state not seen before."""
        seen = self._values[index]
        if value in seen:
            return
        seen.add(value)
        self._most = max(self._most, len(seen))
        counts = self._new_values_by[index]
        counts[site] = counts.get(site, 0) + 1

    def most_values(self) -> int:
        return self._most

    def report(self, states: int) -> Growth:
        index = max(range(len(self._names)), key=lambda i: len(self._values[i]))
        values = self._values[index]
        counts = self._new_values_by[index]
        site = max(counts, key=counts.__getitem__) if counts else None
        return Growth(states, self._names[index], len(values), min(values), max(values), site)


Arrival = Callable[[Mapping[str, Value]], tuple[str, ...]]
"""Given the variables after a step, the nodes entered: branch points passed, then the node
where play settles (last)."""
Transition = tuple[str, Arrival, Evaluate | None, tuple[tuple[int, Evaluate], ...]]


def _arrival(
    scenario: Scenario, logic: Logic, goto: str | tuple[Route, ...], path: tuple[str | int, ...]
) -> Arrival:
    """Where a goto written at ``path`` arrives; a constant for a plain goto to a node."""
    if isinstance(goto, str) and scenario.nodes[goto].goto is None:
        entered = (goto,)
        return lambda _variables: entered

    def arrive(variables: Mapping[str, Value]) -> tuple[str, ...]:
        first = routed(goto, path, logic, variables)
        return arrival(scenario, logic, first, variables)

    return arrive


def _transitions(
    scenario: Scenario, logic: Logic, position: dict[str, int]
) -> dict[str, list[Transition]]:
    """Per node: each choice's id, arrival, condition and effects (by variable index)."""
    table: dict[str, list[Transition]] = {}
    for node_id, node in scenario.nodes.items():
        rows: list[Transition] = []
        for index, choice in enumerate(node.choices):
            condition = logic.choice_conditions.get((node_id, choice.id))
            effects = tuple(
                (position[name], compiled.evaluate)
                for name, compiled in logic.effects.get((node_id, choice.id), ())
            )
            evaluate = condition.evaluate if condition is not None else None
            path = ("nodes", node_id, "choices", index, "goto")
            rows.append(
                (choice.id, _arrival(scenario, logic, choice.goto, path), evaluate, effects)
            )
        table[node_id] = rows
    return table


def _longest_path(
    starts: list[StateKey],
    successors: dict[StateKey, list[tuple[str, StateKey]]],
    scenario: Scenario,
) -> tuple[str, ...]:
    """Longest choice sequence from a start state to an ending, ignoring edges that loop back."""
    best: dict[StateKey, tuple[int, str | None, StateKey | None]] = {}
    on_stack: set[StateKey] = set()
    endings = {node_id for node_id, node in scenario.nodes.items() if node.ending is not None}
    unreached: tuple[int, str | None, StateKey | None] = (-1, None, None)
    for start in starts:
        if start in best:
            continue
        # Depth-first, each frame holding an iterator over its remaining edges.
        stack = [(start, iter(successors.get(start, ())))]
        on_stack.add(start)
        while stack:
            key, remaining = stack[-1]
            for _, target in remaining:
                if target not in best and target not in on_stack:
                    on_stack.add(target)
                    stack.append((target, iter(successors.get(target, ()))))
                    break
            else:
                stack.pop()
                on_stack.discard(key)
                choice: tuple[int, str | None, StateKey | None] = (
                    (0, None, None) if key[0] in endings else unreached
                )
                for choice_id, target in successors.get(key, ()):
                    length = best.get(target, unreached)[0]
                    if length >= 0 and length + 1 > choice[0]:
                        choice = (length + 1, choice_id, target)
                best[key] = choice
    start = max(starts, key=lambda key: best[key][0])
    path: list[str] = []
    current: StateKey | None = start
    while current is not None:
        _, step, current = best[current]
        if step is None:
            break
        path.append(step)
    return tuple(path)
