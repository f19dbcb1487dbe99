"""What the content tests of the shipped scenarios share: a scenario's every word, and one of
its choices or lines by id."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.model import Choice, Line, Scenario


def all_text(scenario: Scenario) -> str:
    """Every string in the scenario's data, whatever its field, one a line."""
    return "\n".join(_strings(scenario.model_dump()))


def choice_of(scenario: Scenario, node: str, choice: str) -> Choice:
    """The choice ``choice`` of node ``node``; StopIteration when it has none of that id."""
    return next(c for c in scenario.nodes[node].choices if c.id == choice)


def line_of(scenario: Scenario, node: str, line: str) -> Line:
    """The line ``line`` of node ``node``; StopIteration when it has none of that id."""
    return next(x for x in scenario.nodes[node].lines if x.id == line)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
