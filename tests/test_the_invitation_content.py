"""The invitation teaches what an alderman needs: the law named where it applies, the mayor,
the college, the council clerk and the support team for office holders, the trainee choosing
every element, continuity of what each character knows, and voices for who is only heard."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_helpers import all_text, choice_of, line_of

from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Scenario

ROOT = Path(__file__).resolve().parent.parent
LOADED = load_scenario(ROOT / "scenarios" / "the_invitation.yaml", explore=False)
SCENARIO: Scenario = LOADED.scenario


def test_it_plays_in_its_own_scene_with_a_timed_choice_in_the_hall_and_on_the_phone() -> None:
    assert SCENARIO.scene == "event_hall"
    assert SCENARIO.nodes["the_request"].time_limit == {1: 30, 2: 20, 3: 15}
    assert SCENARIO.nodes["the_call"].time_limit is not None


def test_the_endings_cover_every_outcome() -> None:
    outcomes = {node.ending.outcome.value for node in SCENARIO.nodes.values() if node.ending}
    assert outcomes == {"safe_reported", "safe_unreported", "unsafe", "drawn_in"}


def test_sharing_the_officials_advice_is_named_a_possible_breach_of_official_secrecy() -> None:
    for feedback in (
        choice_of(SCENARIO, "the_request", "hint_at_advice").feedback,
        SCENARIO.nodes["gave_away_advice"].ending.feedback,
    ):
        assert "272" in feedback["nl"] and "ambtsgeheim" in feedback["nl"]
        assert "272" in feedback["en"] and "official secrecy" in feedback["en"]


def test_bribery_is_named_for_the_giver_and_for_the_one_who_gives_in() -> None:
    assert "177" in SCENARIO.description["nl"] and "177" in SCENARIO.description["en"]
    drawn_in = SCENARIO.nodes["drawn_in_call"].ending.feedback
    assert "363" in drawn_in["nl"] and "363" in drawn_in["en"]


def test_the_mayor_is_named_for_integrity_of_the_administration() -> None:
    feedback = choice_of(SCENARIO, "the_job", "tell_the_mayor").feedback
    assert "artikel 170, tweede lid, Gemeentewet" in feedback["nl"]
    assert "article 170(2) of the Municipalities Act" in feedback["en"]


def test_the_full_report_names_the_college_the_council_clerk_the_police_and_the_riec() -> None:
    feedback = choice_of(SCENARIO, "mayor_call", "everything_open").feedback
    for word in ("college", "griffier", "raad", "omgevingsplan", "RIEC", "2:4"):
        assert word in feedback["nl"], word
    for word in ("municipal executive", "council clerk", "council", "zoning plan", "RIEC", "2:4"):
        assert word in feedback["en"], word


def test_the_support_team_is_offered_to_the_office_holder_not_to_a_civil_servant() -> None:
    care = SCENARIO.nodes["aftercare"]
    assert line_of(SCENARIO, "aftercare", "care_owb").speaker == "mayor"
    support = choice_of(SCENARIO, "aftercare", "ask_for_support").feedback
    assert "Ondersteuningsteam Weerbaar Bestuur" in support["nl"]
    assert "wethouders" in support["nl"] and "aldermen" in support["en"]
    assert any("aftercare" in c.tags.misses for c in care.choices)
    # Lotte, a civil servant, goes to the integrity coordinator, not to the support team.
    lotte = " ".join(line.text["nl"] for line in SCENARIO.nodes["lotte_reacts"].lines)
    assert "integriteitscoördinator" in lotte and "Ondersteuningsteam" not in lotte


def test_the_four_eyes_principle_means_never_meeting_an_interested_party_alone() -> None:
    places = [
        (node_id, choice.id)
        for node_id, node in SCENARIO.nodes.items()
        for choice in node.choices
        if "vier-ogenprincipe" in choice.feedback["nl"]
    ]
    assert ("awards_evening", "ask_lotte_to_stay") in places
    assert ("the_dinner", "plans_at_town_hall") in places
    for node_id, choice_id in places:
        assert "four-eyes principle" in choice_of(SCENARIO, node_id, choice_id).feedback["en"]


@pytest.mark.parametrize(
    ("node", "line", "when"),
    [
        ("the_request", "request_fleur", "intensity >= 2 and daughter_job"),
        ("the_request", "request_car", "intensity >= 2 and not daughter_job"),
        ("the_call", "call_fleur", "intensity >= 3 and daughter_job"),
        ("the_call", "call_talk", "intensity >= 3 and not daughter_job"),
        ("the_call", "call_promised", "promised"),
        ("mayor_call", "mayor_knew_before", "mayor_knew"),
        ("awards_evening", "awards_fleur", "daughter_job"),
        ("the_request", "request_lotte", "lotte_heard"),
        ("gave_away_advice", "advice_lotte", "lotte_heard"),
    ],
)
def test_characters_speak_only_of_what_they_know(node: str, line: str, when: str) -> None:
    assert line_of(SCENARIO, node, line).when == when


def test_who_is_at_the_dinner_follows_from_asking_who_pays() -> None:
    actors = SCENARIO.stagings["dinner_table"].actors
    assert actors["adviser"].when == "asked_who_pays"
    assert actors["guest_1"].when == "not asked_who_pays"


@pytest.mark.parametrize(
    ("node", "line", "speaker"),
    [
        ("the_call", "call_knows", "paul_phone"),
        ("drawn_in_call", "drawn_paul", "paul_phone"),
        ("mayor_call", "mayor_listens", "mayor"),
        ("reported_full", "full_mayor", "mayor"),
        ("the_request", "request_ask", "entrepreneur"),
        ("lotte_reacts", "lotte_listens", "adviser"),
    ],
)
def test_the_characters_speak_their_own_lines(node: str, line: str, speaker: str) -> None:
    assert line_of(SCENARIO, node, line).speaker == speaker


def test_the_voices_on_the_phone_are_the_entrepreneur_and_the_mayor() -> None:
    assert SCENARIO.voices["paul_phone"].channel == "phone"
    assert SCENARIO.voices["paul_phone"].of == "entrepreneur"
    assert SCENARIO.voices["mayor"].channel == "phone"


def test_the_content_warning_names_everything_that_happens() -> None:
    assert SCENARIO.cool_down and "oefening" in SCENARIO.cool_down["nl"]
    warning = SCENARIO.content_warning
    for word in ("diner", "wijn", "voetbal", "dochter", "telefoon", "auto", "foto", "kantoor"):
        assert word in warning["nl"], word
    for word in ("dinner", "wine", "football", "daughter", "phone", "car", "photo", "office"):
        assert word in warning["en"], word


def test_the_zoning_plan_is_named_as_it_is_called_since_the_environment_act() -> None:
    assert "omgevingsplan (vroeger: het bestemmingsplan)" in SCENARIO.description["nl"]
    everything = all_text(SCENARIO)
    assert "bestemmingsplanwijziging" not in everything
