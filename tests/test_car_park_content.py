"""The car park teaches: fair choices, every element chosen, feedback that fits the path, and
continuity of what each character knows (issue 11), checked over every reachable state."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.scenario.model import Element
from simulator.scenario.resolution import arrival, choice_target, ending_notes, notes_at

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "en")


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)


def walks(loaded: LoadedScenario) -> Iterator[tuple[str, dict, frozenset, tuple[str, ...]]]:
    """Every reachable (node, variables, elements missed so far, lines shown there) once, at
    every intensity; the missed elements are those of the choices on the way."""
    scenario, logic = loaded.scenario, loaded.logic
    queue: deque[tuple[str, dict, frozenset]] = deque()
    for intensity in (1, 2, 3):
        variables = logic.variables_for(intensity)
        queue.append((arrival(scenario, logic, scenario.start, variables)[-1], variables, frozenset()))
    seen: set = set()
    while queue:
        node_id, variables, missed = queue.popleft()
        key = (node_id, tuple(sorted(variables.items())), missed)
        if key in seen:
            continue
        seen.add(key)
        node = scenario.nodes[node_id]
        lines = tuple(line.id for line in node.lines if logic.shows(node_id, line.id, variables))
        yield node_id, variables, missed, lines
        for choice in node.choices:
            if not logic.offers(node_id, choice.id, variables):
                continue
            after = logic.apply(node_id, choice.id, variables)
            target = choice_target(scenario, logic, node_id, choice.id, after)
            settled = arrival(scenario, logic, target, after)[-1]
            queue.append((settled, after, missed | set(choice.tags.misses)))


def offered(loaded: LoadedScenario, node_id: str, variables: dict) -> list[str]:
    node = loaded.scenario.nodes[node_id]
    return [c.id for c in node.choices if loaded.logic.offers(node_id, c.id, variables)]


def test_every_element_is_shown_by_a_choice(loaded) -> None:
    shown = {e for node in loaded.scenario.nodes.values() for c in node.choices for e in c.tags.shows}
    assert shown == set(Element)


def test_the_recommended_answer_is_not_the_longest_in_most_decisions(loaded) -> None:
    for language in LANGUAGES:
        decisions = longest = 0
        for node in loaded.scenario.nodes.values():
            if not any(choice.recommended for choice in node.choices):
                continue
            decisions += 1
            length = max(len(choice.text[language]) for choice in node.choices)
            longest += any(c.recommended and len(c.text[language]) == length for c in node.choices)
        assert longest * 2 <= decisions, f"{language}: {longest} of {decisions}"


def test_no_decision_offers_a_single_choice(loaded) -> None:
    single = {
        node_id
        for node_id, variables, _, _ in walks(loaded)
        if loaded.scenario.nodes[node_id].choices and len(offered(loaded, node_id, variables)) < 2
    }
    assert not single


def test_every_ending_speaks_about_what_the_path_missed(loaded) -> None:
    scenario = loaded.scenario
    gaps = set()
    for node_id, variables, missed, _ in walks(loaded):
        ending = scenario.nodes[node_id].ending
        if ending is None:
            continue
        notes = notes_at(scenario, node_id, ending_notes(scenario, loaded.logic, node_id, variables))
        spoken = {*ending.tags.shows, *ending.tags.misses}
        for note in notes:
            spoken |= {*note.tags.shows, *note.tags.misses}
        gaps |= {(ending.id, element.value) for element in missed - spoken}
    assert not sorted(gaps)


QUOTE = re.compile(r"[‘“\"].+?[’”\"]")


def test_the_narrator_quotes_no_one(loaded) -> None:
    quoting = [
        line.id
        for node in loaded.scenario.nodes.values()
        for line in node.lines
        if line.speaker == "narrator" and any(QUOTE.search(t) for t in line.text.values())
    ]
    assert not quoting


def test_objectives_name_elements_that_choices_or_endings_show(loaded) -> None:
    shown = {e for node in loaded.scenario.nodes.values() for c in node.choices for e in c.tags.shows}
    shown |= {e for n in loaded.scenario.nodes.values() if n.ending for e in n.ending.tags.shows}
    for objective in loaded.scenario.learning_objectives:
        assert set(objective.elements) <= shown  # type: ignore[union-attr]


def test_the_scenario_has_its_own_cool_down(loaded) -> None:
    assert loaded.scenario.cool_down and all(loaded.scenario.cool_down[lang] for lang in LANGUAGES)
