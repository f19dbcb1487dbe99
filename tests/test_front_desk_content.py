"""The front desk teaches what the read-through asked of it: the law named, the trainee choosing
every element, feedback that fits the path, voices for the speakers, and corrected language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.scenario.expressions import Value
from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Element, Scenario
from simulator.scenario.resolution import arrival, choice_target, ending_notes

ROOT = Path(__file__).resolve().parent.parent
LOADED = load_scenario(ROOT / "scenarios" / "front_desk.yaml", explore=False)
SCENARIO: Scenario = LOADED.scenario
QUOTE = re.compile(r"[‘’“”\"]")


def _texts(value: object) -> Iterator[str]:
    """Every string in the scenario's data, whatever its field."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


ALL_TEXT = "\n".join(_texts(SCENARIO.model_dump()))


def _choice(node: str, choice: str):
    return next(c for c in SCENARIO.nodes[node].choices if c.id == choice)


def test_the_version_is_raised() -> None:
    assert SCENARIO.version != "1.0"


def test_the_description_names_bribery_instead_of_saying_nothing_forbidden_happens() -> None:
    description = SCENARIO.description
    assert "Er gebeurt niets wat verboden" not in description["nl"]
    assert "Nothing he does is against the law" not in description["en"]
    assert "177" in description["nl"] and "177" in description["en"]


@pytest.mark.parametrize(
    ("node", "choice"),
    [("the_offer", "give_date"), ("he_returns", "give_date_later")],
)
def test_giving_the_inspection_date_is_named_a_breach_of_official_secrecy(
    node: str, choice: str
) -> None:
    feedback = _choice(node, choice).feedback
    assert "272" in feedback["nl"] and "ambtsgeheim" in feedback["nl"]
    assert "272" in feedback["en"] and "official secrecy" in feedback["en"]


@pytest.mark.parametrize("ending", ["tipped_off", "drawn_in_later"])
def test_the_endings_after_the_date_name_article_272(ending: str) -> None:
    feedback = SCENARIO.nodes[ending].ending.feedback
    assert "272" in feedback["nl"] and "272" in feedback["en"]


def test_telling_the_landlord_about_other_residents_names_the_brp_and_privacy_rules() -> None:
    explain = _choice("the_push", "explain_details")
    assert "ingeschreven" in explain.text["nl"] and "registered" in explain.text["en"]
    assert "Wet BRP" in explain.feedback["nl"] and "AVG" in explain.feedback["nl"]
    assert "BRP Act" in explain.feedback["en"] and "GDPR" in explain.feedback["en"]


def test_every_element_is_shown_by_a_choice() -> None:
    shown = {e for node in SCENARIO.nodes.values() for c in node.choices for e in c.tags.shows}
    assert shown == set(Element)


@pytest.mark.parametrize(
    ("node", "element"), [("what_you_need", "organise"), ("looking_after_you", "aftercare")]
)
def test_the_trainee_chooses_organise_and_aftercare_after_reporting(
    node: str, element: str
) -> None:
    choices = SCENARIO.nodes[node].choices
    assert any(element in c.tags.shows for c in choices)
    assert any(element in c.tags.misses for c in choices)


def test_the_manager_can_play_it_down_and_the_trainee_decides() -> None:
    doubts = SCENARIO.nodes["erik_doubts"]
    assert {line.speaker for line in doubts.lines} >= {"erik"}
    assert len(doubts.choices) >= 3
    assert any(c.goto == "reported_gift_only" for c in doubts.choices)


def test_every_learning_objective_names_elements_that_something_shows() -> None:
    shown = {e for node in SCENARIO.nodes.values() for c in node.choices for e in c.tags.shows}
    shown |= {e for node in SCENARIO.nodes.values() if node.ending for e in node.ending.tags.shows}
    for objective in SCENARIO.learning_objectives:
        assert not isinstance(objective, dict), "each objective is {text, elements}"
        assert set(objective.elements) <= shown


def test_no_narrator_line_quotes_a_character() -> None:
    quoting = [
        (node_id, line.id)
        for node_id, node in SCENARIO.nodes.items()
        for line in node.lines
        if line.speaker == "narrator" and any(QUOTE.search(t) for t in line.text.values())
    ]
    assert quoting == []


@pytest.mark.parametrize(
    ("node", "line", "speaker"),
    [
        ("drawn_in_later", "later_thanks", "visitor"),
        ("kept_quiet", "quiet_leaves", "visitor"),
        ("report_talk", "talk_measures", "erik"),
        ("reported_full", "full_erik", "erik"),
    ],
)
def test_the_characters_speak_their_own_lines(node: str, line: str, speaker: str) -> None:
    assert next(x for x in SCENARIO.nodes[node].lines if x.id == line).speaker == speaker
    assert SCENARIO.voices["erik"].channel == "phone"


def test_the_scenario_has_its_own_cool_down_and_a_full_content_warning() -> None:
    assert SCENARIO.cool_down and "oefening" in SCENARIO.cool_down["nl"]
    warning = SCENARIO.content_warning
    for word in ("cadeau", "straat", "auto", "foto", "dochter", "lift"):
        assert word in warning["nl"], word
    for word in ("gift", "street", "car", "photo", "daughter", "lift"):
        assert word in warning["en"], word


@pytest.mark.parametrize(
    "phrase",
    [
        "For with the coffee",
        "I'll hear from you",
        "Say hello at home",
        "Terugdoen",
        "laat werken",
        "vier-ogenprincipe aan de balie",
        "four-eyes principle at the counter",
    ],
)
def test_the_language_slips_are_gone(phrase: str) -> None:
    assert phrase not in ALL_TEXT


def test_the_four_eyes_principle_means_no_decision_by_one_person_alone() -> None:
    places = [
        (node_id, choice.id)
        for node_id, node in SCENARIO.nodes.items()
        for choice in node.choices
        if "vier-ogenprincipe" in choice.feedback["nl"]
    ]
    assert places == [("what_you_need", "measures_counter")]
    assert "niet één persoon alleen" in _choice(*places[0]).feedback["nl"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_recommended_option_is_not_the_longest_in_most_decisions(language: str) -> None:
    decisions = [n for n in SCENARIO.nodes.values() if any(c.recommended for c in n.choices)]
    longest = [
        n
        for n in decisions
        if any(
            c.recommended and len(c.text[language]) == max(len(o.text[language]) for o in n.choices)
            for c in n.choices
        )
    ]
    assert len(longest) * 2 <= len(decisions)


def _states() -> Iterator[tuple[str, dict[str, Value], frozenset[str]]]:
    """Every reachable (node, variables, elements missed on the way) at any intensity."""
    logic, seen = LOADED.logic, set()
    stack = []
    for intensity in (1, 2, 3):
        variables = logic.variables_for(intensity)
        first = arrival(SCENARIO, logic, SCENARIO.start, variables)[-1]
        stack.append((first, variables, frozenset()))
    while stack:
        node_id, variables, missed = stack.pop()
        key = (node_id, tuple(sorted(variables.items())), missed)
        if key in seen:
            continue
        seen.add(key)
        yield node_id, variables, missed
        for choice in _offered(node_id, variables):
            after = logic.apply(node_id, choice.id, variables)
            target = choice_target(SCENARIO, logic, node_id, choice.id, after)
            settled = arrival(SCENARIO, logic, target, after)[-1]
            stack.append((settled, after, missed | {e.value for e in choice.tags.misses}))


def _offered(node_id: str, variables: dict[str, Value]) -> list:
    node = SCENARIO.nodes[node_id]
    return [c for c in node.choices if LOADED.logic.offers(node_id, c.id, variables)]


STATES = list(_states())


def test_every_ending_speaks_about_each_element_missed_on_the_way_to_it() -> None:
    gaps = set()
    for node_id, variables, missed in STATES:
        ending = SCENARIO.nodes[node_id].ending
        if ending is None:
            continue
        applying = ending_notes(SCENARIO, LOADED.logic, node_id, variables)
        parts = (ending, *(ending.notes[i] for i in applying))
        spoken = {e.value for part in parts for e in (*part.tags.shows, *part.tags.misses)}
        gaps |= {(ending.id, element) for element in missed - spoken}
    assert gaps == set()


def test_no_decision_offers_a_single_choice() -> None:
    single = {
        node_id
        for node_id, variables, _ in STATES
        if SCENARIO.nodes[node_id].choices and len(_offered(node_id, variables)) == 1
    }
    assert single == set()
