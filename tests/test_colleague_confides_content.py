"""A colleague confides teaches what a team leader must do: listen without blaming, hold the
norm on the file, keep out of contact with the caller, report together, organise with the
four-eyes principle in its integrity meaning, and name the right support for staff."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Choice, Scenario

ROOT = Path(__file__).resolve().parent.parent
LOADED = load_scenario(ROOT / "scenarios" / "colleague_confides.yaml", explore=False)
SCENARIO: Scenario = LOADED.scenario


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


def _choice(node: str, choice: str) -> Choice:
    return next(c for c in SCENARIO.nodes[node].choices if c.id == choice)


def _choices() -> Iterator[tuple[str, Choice]]:
    for node_id, node in SCENARIO.nodes.items():
        for choice in node.choices:
            yield node_id, choice


def test_the_trainee_is_the_team_leader_in_the_office_scene() -> None:
    assert SCENARIO.scene == "town_hall_office"
    assert "teamleider" in SCENARIO.description["nl"]
    assert "team leader" in SCENARIO.description["en"]


@pytest.mark.parametrize(
    ("node", "choice", "element"),
    [
        ("the_story", "ask_open", "aftercare"),
        ("the_story", "why_so_late", None),
        ("the_story", "play_down", None),
        ("the_story", "dramatise", None),
    ],
)
def test_listening_is_taught_against_blaming_minimising_and_dramatising(
    node: str, choice: str, element: str | None
) -> None:
    made = _choice(node, choice)
    if element:
        assert element in made.tags.shows and made.recommended
    else:
        assert made.tags.misses and not made.recommended


def test_dramatising_is_told_apart_from_an_emergency() -> None:
    feedback = _choice("the_story", "dramatise").feedback
    assert "dramatiseert" in feedback["nl"] and "112" in feedback["nl"]
    assert "dramatising" in feedback["en"] and "112" in feedback["en"]


def test_secrecy_is_not_promised_and_a_promise_can_be_taken_back() -> None:
    assert "report" in _choice("keep_it_quiet", "promise_secrecy").tags.misses
    taken_back = _choice("after_call", "break_the_promise")
    assert taken_back.when == "promised_secrecy"
    assert taken_back.effects["promised_secrecy"] is False


def test_the_advice_does_not_change_under_pressure() -> None:
    assert "norm" in _choice("the_advice", "advice_stays").tags.shows
    assert _choice("the_advice", "push_it_through").goto == "pushed_through"
    assert SCENARIO.nodes["pushed_through"].ending.outcome.value == "drawn_in"
    assert "Bibob" in _choice("the_advice", "advice_stays").feedback["nl"]


def test_the_call_is_timed_and_nobody_has_to_answer() -> None:
    call = SCENARIO.nodes["the_call"]
    assert call.time_limit is not None and call.timeout_choice == "let_it_ring"
    assert {"safe_response", "report"} <= set(_choice("the_call", "screenshot").tags.shows)
    for choice in ("on_speaker", "take_the_call"):
        assert "safe_response" in _choice("the_call", choice).tags.misses
    assert SCENARIO.nodes["met_him_alone"].ending.outcome.value == "unsafe"


@pytest.mark.parametrize(
    ("node", "line", "speaker"),
    [
        ("on_speaker", "speaker_frank", "frank"),
        ("caller_to_you", "caller_coffee", "frank"),
        ("miriam_call", "miriam_thanks", "miriam"),
        ("measures", "measures_miriam", "miriam"),
        ("the_story", "story_start", "colleague"),
    ],
)
def test_the_callers_are_heard_on_the_phone(node: str, line: str, speaker: str) -> None:
    assert next(x for x in SCENARIO.nodes[node].lines if x.id == line).speaker == speaker
    assert SCENARIO.voices["frank"].channel == "phone"
    assert SCENARIO.voices["miriam"].channel == "phone"
    assert SCENARIO.voices["frank"].at == "colleague_table"


def test_reporting_together_names_the_mayor_the_police_and_the_riec() -> None:
    thanks = next(x for x in SCENARIO.nodes["miriam_call"].lines if x.id == "miriam_thanks")
    riec = next(x for x in SCENARIO.nodes["miriam_call"].lines if x.id == "miriam_riec")
    assert "burgemeester" in thanks.text["nl"] and "openbare orde" in thanks.text["nl"]
    assert "mayor" in thanks.text["en"] and "public order" in thanks.text["en"]
    assert "RIEC" in riec.text["nl"] and "aangifte" in riec.text["nl"]


def test_the_police_report_can_give_the_town_halls_address_and_names_article_177() -> None:
    feedback = _choice("miriam_call", "explain_aangifte").feedback
    assert "adres van het gemeentehuis" in feedback["nl"] and "177" in feedback["nl"]
    assert "town hall's address" in feedback["en"] and "177" in feedback["en"]


def test_the_four_eyes_principle_means_no_one_person_decides_or_has_contact_alone() -> None:
    places = [
        (node_id, choice.id)
        for node_id, choice in _choices()
        if "vier-ogenprincipe" in choice.feedback["nl"]
    ]
    assert places == [
        ("caller_to_you", "agree_to_meet"),
        ("measures", "four_eyes"),
        ("measures", "all_through_you"),
    ]
    assert "niet één persoon alleen" in _choice("measures", "four_eyes").feedback["nl"]
    assert "no one person" in _choice("measures", "four_eyes").feedback["en"]


def test_names_come_out_of_the_letters_and_rotation_is_a_team_decision() -> None:
    four_eyes = _choice("measures", "four_eyes")
    assert "uit de brieven" in four_eyes.text["nl"]
    assert "rouleren" in four_eyes.feedback["nl"] and "team" in four_eyes.feedback["nl"]
    assert "organise" in _choice("measures", "give_to_karin").tags.misses


def test_the_support_team_for_office_holders_is_not_offered_as_staff_aftercare() -> None:
    mixup = _choice("aftercare", "care_owb")
    assert "aftercare" in mixup.tags.misses and not mixup.recommended
    assert "bestuurders" in mixup.feedback["nl"] and "werkgever" in mixup.feedback["nl"]
    assert "office holders" in mixup.feedback["en"]
    for node_id, choice in _choices():
        if choice.recommended:
            assert "Weerbaar Bestuur" not in choice.text["nl"], (node_id, choice.id)


def test_aftercare_includes_the_family_and_a_home_security_scan() -> None:
    plan = _choice("aftercare", "care_plan")
    assert "Eva" in plan.text["nl"] and "veiligheidsscan" in plan.text["nl"]
    assert "security scan" in plan.text["en"]


def test_continuity_what_bas_knows_follows_what_happened() -> None:
    after = {line.id: line.when for line in SCENARIO.nodes["after_call"].lines}
    assert after["after_screenshot"] == "noted_number"
    assert after["after_threat"] == "threatened_back"
    week = {line.id: line.when for line in SCENARIO.nodes["kept_between_you"].lines}
    assert week["week_promise"] == "promised_secrecy"
    measures = {line.id: line.when for line in SCENARIO.nodes["measures"].lines}
    assert measures["measures_miriam"] == "called_together"


def test_the_scenario_has_its_own_cool_down_and_a_full_content_warning() -> None:
    assert SCENARIO.cool_down and "oefening" in SCENARIO.cool_down["nl"]
    warning = SCENARIO.content_warning
    for word in ("parkeerplaats", "naam", "onbekend nummer", "koffiedrinken", "auto", "dochter"):
        assert word in warning["nl"], word
    for word in ("car park", "name", "unknown number", "coffee", "car", "daughter"):
        assert word in warning["en"], word


def test_the_antagonist_stays_deniable() -> None:
    frank = [
        line.text["nl"]
        for node in SCENARIO.nodes.values()
        for line in node.lines
        if line.speaker == "frank"
    ]
    assert frank and not any(word in " ".join(frank) for word in ("kapot", "pijn", "vermoord"))
