"""The front desk teaches what the read-through asked of it: the law named, the trainee choosing
every element, feedback that fits the path, voices for the speakers, and corrected language."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_helpers import all_text, choice_of

from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Scenario

ROOT = Path(__file__).resolve().parent.parent
LOADED = load_scenario(ROOT / "scenarios" / "front_desk.yaml", explore=False)
SCENARIO: Scenario = LOADED.scenario


ALL_TEXT = all_text(SCENARIO)


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
    feedback = choice_of(SCENARIO, node, choice).feedback
    assert "272" in feedback["nl"] and "ambtsgeheim" in feedback["nl"]
    assert "272" in feedback["en"] and "official secrecy" in feedback["en"]


@pytest.mark.parametrize("ending", ["tipped_off", "drawn_in_later"])
def test_the_endings_after_the_date_name_article_272(ending: str) -> None:
    feedback = SCENARIO.nodes[ending].ending.feedback
    assert "272" in feedback["nl"] and "272" in feedback["en"]


def test_telling_the_landlord_about_other_residents_names_the_brp_and_privacy_rules() -> None:
    explain = choice_of(SCENARIO, "the_push", "explain_details")
    assert "ingeschreven" in explain.text["nl"] and "registered" in explain.text["en"]
    assert "Wet BRP" in explain.feedback["nl"] and "AVG" in explain.feedback["nl"]
    assert "BRP Act" in explain.feedback["en"] and "GDPR" in explain.feedback["en"]


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
    assert "niet één persoon alleen" in choice_of(SCENARIO, *places[0]).feedback["nl"]
