"""A scenario's conditions and effects compiled once into checked expressions (pure core)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from simulator.scenario import diagnostics as rules
from simulator.scenario.diagnostics import Descriptor
from simulator.scenario.expressions import (
    Compiled,
    ExpressionError,
    Type,
    Value,
    compile_expression,
    type_of,
)
from simulator.scenario.model import INTENSITY_LEVELS, Scenario, ShownProp, Staging

__all__ = ["INTENSITY", "INTENSITY_LEVELS", "Logic", "LogicProblem", "compile_logic"]

INTENSITY = "intensity"
"""The built-in, read-only variable holding the session's intensity level."""


@dataclass(frozen=True)
class LogicProblem:
    """An expression or effect that does not compile, with the data path it was written at."""

    descriptor: Descriptor
    """The rule it breaks."""
    path: tuple[str | int, ...]
    message: str
    expected: str


@dataclass(frozen=True)
class Logic:
    """Compiled conditions and effects, keyed by (node id, choice or line id)."""

    types: Mapping[str, Type]
    initial: Mapping[str, Value]
    choice_conditions: Mapping[tuple[str, str], Compiled] = field(default_factory=dict)
    line_conditions: Mapping[tuple[str, str], Compiled] = field(default_factory=dict)
    effects: Mapping[tuple[str, str], tuple[tuple[str, Compiled], ...]] = field(
        default_factory=dict
    )
    conditions: Mapping[tuple[str | int, ...], Compiled] = field(default_factory=dict)
    """The other conditions (routes, staging, ending notes), keyed by their data path in the
    file without the final ``when``: ``("nodes", "lobby", "choices", 0, "goto", 1)``."""

    def offers(self, node_id: str, choice_id: str, variables: Mapping[str, Value]) -> bool:
        """Whether the choice's condition holds (a choice without one is always offered)."""
        condition = self.choice_conditions.get((node_id, choice_id))
        return condition is None or bool(condition.evaluate(variables))

    def shows(self, node_id: str, line_id: str, variables: Mapping[str, Value]) -> bool:
        """Whether the line's condition holds (a line without one is always shown)."""
        condition = self.line_conditions.get((node_id, line_id))
        return condition is None or bool(condition.evaluate(variables))

    def holds(self, path: tuple[str | int, ...], variables: Mapping[str, Value]) -> bool:
        """Whether the condition written at ``path`` holds (true where none is written)."""
        condition = self.conditions.get(path)
        return condition is None or bool(condition.evaluate(variables))

    def apply(
        self, node_id: str, choice_id: str, variables: Mapping[str, Value]
    ) -> dict[str, Value]:
        """The variables after the choice's effects; all effects read the values before any."""
        updated = dict(variables)
        for name, expression in self.effects.get((node_id, choice_id), ()):
            updated[name] = expression.evaluate(variables)
        return updated

    def variables_for(self, intensity: int, overrides: Mapping[str, Value] | None = None) -> dict:
        """Initial variables for a session at ``intensity``, with optional overrides."""
        variables = {**self.initial, INTENSITY: intensity}
        variables.update(overrides or {})
        return variables


def compile_logic(scenario: Scenario) -> tuple[Logic, list[LogicProblem]]:
    """Compile every condition and effect; return the logic and every problem found.

    Expressions with problems are left out of the logic, so it is only safe to
    run when the problem list is empty.
    """
    problems: list[LogicProblem] = []
    types: dict[str, Type] = {name: type_of(value) for name, value in scenario.variables.items()}
    if INTENSITY in types:
        problems.append(
            LogicProblem(
                rules.INTENSITY_DECLARED,
                ("variables", INTENSITY),
                f"'{INTENSITY}' is built in and cannot be declared",
                "another variable name",
            )
        )
    types[INTENSITY] = "number"
    choice_conditions: dict[tuple[str, str], Compiled] = {}
    line_conditions: dict[tuple[str, str], Compiled] = {}
    effects: dict[tuple[str, str], tuple[tuple[str, Compiled], ...]] = {}

    cache: dict[object, Compiled] = {}

    def compiled_once(source: object) -> Compiled:
        """Equal sources compile to one shared expression (scenarios repeat conditions)."""
        key = (type(source), source)
        if key not in cache:
            cache[key] = compile_expression(source, types)  # type: ignore[arg-type]
        return cache[key]

    def condition(source: object, path: tuple[str | int, ...]) -> Compiled | None:
        try:
            compiled = compiled_once(source)
        except ExpressionError as error:
            problems.append(LogicProblem(error.descriptor, path, error.message, error.expected))
            return None
        if compiled.type != "bool":
            problems.append(
                LogicProblem(
                    rules.CONDITION_NOT_BOOLEAN,
                    path,
                    f"condition {compiled.source!r} is a number",
                    "a true/false test",
                )
            )
            return None
        return compiled

    conditions: dict[tuple[str | int, ...], Compiled] = {}
    for path, source in _other_conditions(scenario):
        compiled = condition(source, (*path, "when"))
        if compiled:
            conditions[path] = compiled

    for node_id, node in scenario.nodes.items():
        for index, line in enumerate(node.lines):
            if line.when is not None:
                compiled = condition(line.when, ("nodes", node_id, "lines", index, "when"))
                if compiled:
                    line_conditions[(node_id, line.id)] = compiled
        for index, choice in enumerate(node.choices):
            path = ("nodes", node_id, "choices", index)
            if choice.when is not None:
                compiled = condition(choice.when, (*path, "when"))
                if compiled:
                    choice_conditions[(node_id, choice.id)] = compiled
            assignments = []
            for name, source in choice.effects.items():
                assignment = _compile_effect(
                    name, source, types, (*path, "effects", name), compiled_once
                )
                if isinstance(assignment, LogicProblem):
                    problems.append(assignment)
                else:
                    assignments.append((name, assignment))
            if assignments:
                effects[(node_id, choice.id)] = tuple(assignments)
    logic = Logic(
        types=types,
        initial=dict(scenario.variables),
        choice_conditions=choice_conditions,
        line_conditions=line_conditions,
        effects=effects,
        conditions=conditions,
    )
    return logic, problems


def _other_conditions(scenario: Scenario) -> Iterator[tuple[tuple[str | int, ...], object]]:
    """Every route, staging and ending-note condition with its path (``Logic.conditions``)."""

    def routes(goto: object, path: tuple[str | int, ...]) -> Iterator[tuple[tuple, object]]:
        if isinstance(goto, tuple):
            for index, route in enumerate(goto):
                if route.when is not None:
                    yield (*path, index), route.when

    def staged(staging: Staging, path: tuple[str | int, ...]) -> Iterator[tuple[tuple, object]]:
        for actor, placed in staging.actors.items():
            if placed.when is not None:
                yield (*path, "actors", actor), placed.when
        for index, item in enumerate(staging.show):
            if isinstance(item, ShownProp):
                yield (*path, "show", index), item.when

    for name, staging in scenario.stagings.items():
        yield from staged(staging, ("stagings", name))
    for node_id, node in scenario.nodes.items():
        path = ("nodes", node_id)
        if isinstance(node.staging, Staging):
            yield from staged(node.staging, (*path, "staging"))
        yield from routes(node.goto, (*path, "goto"))
        for index, choice in enumerate(node.choices):
            yield from routes(choice.goto, (*path, "choices", index, "goto"))
        if node.ending is not None:
            for index, note in enumerate(node.ending.notes):
                yield (*path, "ending", "notes", index), note.when


def _compile_effect(
    name: str,
    source: object,
    types: Mapping[str, Type],
    path: tuple[str | int, ...],
    compile_source: Callable[[object], Compiled],
) -> Compiled | LogicProblem:
    if name == INTENSITY:
        return LogicProblem(
            rules.INTENSITY_READ_ONLY,
            path,
            f"'{INTENSITY}' is read-only",
            "a declared variable to set",
        )
    if name not in types:
        known = ", ".join(sorted(set(types) - {INTENSITY})) or "none declared"
        return LogicProblem(
            rules.UNDEFINED_VARIABLE,
            path,
            f"effect sets undefined variable {name!r}",
            f"one of: {known}",
        )
    try:
        compiled = compile_source(source)
    except ExpressionError as error:
        return LogicProblem(error.descriptor, path, error.message, error.expected)
    if compiled.type != types[name]:
        return LogicProblem(
            rules.EFFECT_TYPE,
            path,
            f"{name!r} is a {types[name]} but {compiled.source!r} is a {compiled.type}",
            f"a {types[name]} value",
        )
    return compiled
