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
        queue.append(
            (arrival(scenario, logic, scenario.start, variables)[-1], variables, frozenset())
        )
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
    shown = {
        e for node in loaded.scenario.nodes.values() for c in node.choices for e in c.tags.shows
    }
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
        notes = notes_at(
            scenario, node_id, ending_notes(scenario, loaded.logic, node_id, variables)
        )
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
    shown = {
        e for node in loaded.scenario.nodes.values() for c in node.choices for e in c.tags.shows
    }
    shown |= {e for n in loaded.scenario.nodes.values() if n.ending for e in n.ending.tags.shows}
    for objective in loaded.scenario.learning_objectives:
        assert set(objective.elements) <= shown  # type: ignore[union-attr]


def test_the_scenario_has_its_own_cool_down(loaded) -> None:
    assert loaded.scenario.cool_down and all(loaded.scenario.cool_down[lang] for lang in LANGUAGES)


def histories(loaded: LoadedScenario, tracked: set[str]) -> Iterator[tuple[str, dict, frozenset]]:
    """Every reachable (node, variables, tracked node and choice ids passed on the way)."""
    scenario, logic = loaded.scenario, loaded.logic
    queue: deque[tuple[str, dict, frozenset]] = deque()
    for intensity in (1, 2, 3):
        variables = logic.variables_for(intensity)
        queue.append(
            (arrival(scenario, logic, scenario.start, variables)[-1], variables, frozenset())
        )
    seen: set = set()
    while queue:
        node_id, variables, passed = queue.popleft()
        passed = passed | ({node_id} & tracked)
        key = (node_id, tuple(sorted(variables.items())), passed)
        if key in seen:
            continue
        seen.add(key)
        yield node_id, variables, passed
        for choice_id in offered(loaded, node_id, variables):
            after = loaded.logic.apply(node_id, choice_id, variables)
            target = choice_target(scenario, logic, node_id, choice_id, after)
            settled = arrival(scenario, logic, target, after)[-1]
            queue.append((settled, after, passed | ({choice_id} & tracked)))


def shown(loaded: LoadedScenario, node_id: str, variables: dict) -> set[str]:
    lines = loaded.scenario.nodes[node_id].lines
    return {line.id for line in lines if loaded.logic.shows(node_id, line.id, variables)}


def test_the_children_come_up_only_after_the_men_named_their_school(loaded) -> None:
    about_children = {
        line.id
        for node in loaded.scenario.nodes.values()
        for line in node.lines
        if "kinderen" in line.text["nl"] and line.id != "family_school"
    }
    assert about_children
    for node_id, variables, passed in histories(loaded, {"family_remark"}):
        if shown(loaded, node_id, variables) & about_children:
            assert "family_remark" in passed and variables["intensity"] == 3, node_id


def test_marloes_is_never_unaware_of_what_she_was_told_or_saw(loaded) -> None:
    informed = {"back_inside", "colleague_arrives", "together_at_car"}
    for node_id, variables, passed in histories(loaded, informed):
        if passed:
            assert not shown(loaded, node_id, variables) & {"morning_unaware", "talk_shocked"}


def test_marloes_who_comes_out_does_not_vanish(loaded) -> None:
    scenario, logic = loaded.scenario, loaded.logic
    for node_id, variables, _ in histories(loaded, set()):
        if "ask_marloes_door" in shown(loaded, node_id, variables):
            for choice_id in offered(loaded, node_id, variables):
                after = logic.apply(node_id, choice_id, variables)
                assert choice_target(scenario, logic, node_id, choice_id, after) == (
                    "colleague_arrives"
                ), choice_id


def test_the_card_is_taken_once(loaded) -> None:
    for node_id, variables, _ in histories(loaded, set()):
        for choice_id in offered(loaded, node_id, variables):
            sets_card = any(
                name == "took_card"
                for name, _ in loaded.logic.effects.get((node_id, choice_id), ())
            )
            assert not (sets_card and variables["took_card"]), (node_id, choice_id)


def test_internal_only_is_not_offered_after_saying_you_want_to_file_a_report(loaded) -> None:
    for node_id, variables, passed in histories(loaded, {"agree_full_report"}):
        if passed:
            assert "internal_only" not in offered(loaded, node_id, variables)


def test_level_one_leaves_a_flyer_not_a_photo_of_the_house(loaded) -> None:
    for node_id, variables, _ in histories(loaded, set()):
        if variables["intensity"] == 1:
            assert not shown(loaded, node_id, variables) & {"photo_seen", "tphoto_intro"}


def test_the_antagonists_and_callers_speak_in_their_own_voices(loaded) -> None:
    scenario = loaded.scenario
    for node_id in ("ron_on_phone", "drawn_in_later"):
        assert {line.speaker for line in scenario.nodes[node_id].lines} == {"ron_phone"}
    assert scenario.voices["ron_phone"].of == "man_a"
    assert {line.speaker for line in scenario.nodes["manager_call"].lines} >= {"peter_phone"}


def test_the_content_warning_names_everything_that_happens(loaded) -> None:
    warning = loaded.scenario.content_warning["nl"]
    for event in ("foto van je huis", "filmen", "pols", "achterna", "belt", "kinderen"):
        assert event in warning, event


def test_feedback_names_the_rules_and_the_partners(loaded) -> None:
    scenario = loaded.scenario
    choices = {c.id: c for node in scenario.nodes.values() for c in node.choices}
    for choice_id in ("give_date", "agree_to_tip"):
        assert "art. 272" in choices[choice_id].feedback["nl"]
    endings = " ".join(n.ending.feedback["nl"] for n in scenario.nodes.values() if n.ending)
    for partner in ("RIEC", "BOA", "Meld Misdaad Anoniem"):
        assert partner in endings, partner


WRONG = (
    "de weg versperd",
    "in gang zetten",
    "laat\n            werken",
    "laat werken",
    "Say hello at home",
    "town clerk",
    "executive board",
    "Ach, zo klein is het hier",
    "Vastgelegd en\n",
    "Recorded and kept carefully",
    "vier-ogenprincipe in",
    "four-eyes principle in",
)


def test_the_lines_a_native_speaker_corrected_are_gone() -> None:
    text = (ROOT / "scenarios" / "car_park.yaml").read_text(encoding="utf-8")
    assert [phrase for phrase in WRONG if phrase in text] == []
