"""The holiday park teaches what its brief asked: the law named where it applies, the real
channels named correctly (Meld Misdaad Anoniem for what it is, the RIEC through the
municipality and the police, no Ondersteuningsteam for staff), continuity of what each
character knows, voices for those heard and not seen, and a full content warning."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Scenario

ROOT = Path(__file__).resolve().parent.parent
LOADED = load_scenario(ROOT / "scenarios" / "holiday_park.yaml", explore=False)
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


def _choice(node: str, choice: str):
    return next(c for c in SCENARIO.nodes[node].choices if c.id == choice)


def _line(node: str, line: str):
    return next(x for x in SCENARIO.nodes[node].lines if x.id == line)


def test_the_envelope_is_named_possible_bribery_in_both_languages() -> None:
    for where in (SCENARIO.description, _choice("the_tip", "refuse_envelope").feedback):
        assert "177" in where["nl"] and "omkoping" in where["nl"]
        assert "177" in where["en"] and "bribery" in where["en"]


def test_keeping_the_envelope_names_passive_bribery() -> None:
    for feedback in (
        _choice("by_the_car", "keep_envelope").feedback,
        SCENARIO.nodes["kept_envelope"].ending.feedback,
    ):
        assert "363" in feedback["nl"] and "363" in feedback["en"]


def test_giving_the_date_of_the_follow_up_is_a_breach_of_official_secrecy() -> None:
    for feedback in (
        _choice("weeks_later", "give_the_date").feedback,
        SCENARIO.nodes["tipped_off"].ending.feedback,
    ):
        assert "272" in feedback["nl"] and "ambtsgeheim" in feedback["nl"]
        assert "272" in feedback["en"] and "official secrecy" in feedback["en"]


def test_a_boa_asks_for_id_only_when_the_task_needs_it() -> None:
    feedback = _choice("at_the_van", "demand_id").feedback
    assert "redelijkerwijs nodig" in feedback["nl"]
    assert "reasonably necessary" in feedback["en"]


def test_meld_misdaad_anoniem_is_for_the_public_not_for_what_an_officer_saw_on_duty() -> None:
    choice = _choice("by_the_car", "anonymous_tip")
    ending = SCENARIO.nodes["anonymous_tip"].ending
    assert ending.outcome == "safe_unreported"
    for feedback in (choice.feedback, ending.feedback):
        assert "0800-7000" in feedback["nl"] and "eigen organisatie" in feedback["nl"]
        assert "0800-7000" in feedback["en"] and "own organisation" in feedback["en"]


def test_the_signals_reach_the_riec_through_the_coordinator_and_the_police() -> None:
    line = _line("report_call", "call_jeroen")
    assert line.speaker == "jeroen"
    assert "coördinator ondermijning" in line.text["nl"] and "RIEC" in line.text["nl"]
    assert "burgemeester" in line.text["nl"] and "mayor" in line.text["en"]
    assert "openbare orde" in SCENARIO.nodes["reported_full"].ending.feedback["nl"]


def test_the_ondersteuningsteam_is_named_as_being_for_office_holders_not_staff() -> None:
    feedback = _choice("looking_after_you", "care_at_home").feedback
    assert "Ondersteuningsteam Weerbaar Bestuur" in feedback["nl"]
    assert "voor bestuurders, niet voor medewerkers" in feedback["nl"]
    assert "for office holders, not for staff" in feedback["en"]


def test_a_police_report_can_give_the_work_address() -> None:
    choice = _choice("report_call", "with_police_report")
    assert "adres van kantoor" in choice.text["nl"]
    assert "adres van je werk" in choice.feedback["nl"]
    assert "work address" in choice.feedback["en"]


@pytest.mark.parametrize(
    ("node", "line", "speaker", "channel"),
    [
        ("sanne_arrives", "arrives_radio", "sanne_radio", "radio"),
        ("report_call", "call_jeroen", "jeroen", "phone"),
        ("weeks_later", "weeks_owner", "owner_phone", "phone"),
        ("tipped_off", "tipped_owner", "owner_phone", "phone"),
    ],
)
def test_those_heard_and_not_seen_speak_through_their_channel(
    node: str, line: str, speaker: str, channel: str
) -> None:
    assert _line(node, line).speaker == speaker
    assert SCENARIO.voices[speaker].channel == channel


def test_sanne_is_on_the_radio_only_when_she_is_not_on_the_terrace() -> None:
    assert _line("sanne_arrives", "arrives_radio").when == "not stayed_together"
    assert _line("sanne_arrives", "arrives_inside").when == "stayed_together"
    terrace = SCENARIO.stagings["terrace"].actors["colleague"]
    assert terrace.when == "stayed_together"


def test_the_owner_remembers_what_the_trainee_did_with_the_envelope() -> None:
    assert _line("the_remark", "remark_refused").when == "refused_envelope"
    assert _line("the_remark", "remark_pocketed").when == "took_envelope"
    assert _line("weeks_later", "weeks_envelope").when == "took_envelope"
    assert _line("report_call", "call_envelope").when == "took_envelope"
    assert _choice("by_the_car", "keep_envelope").when == "took_envelope"


def test_giving_in_on_the_phone_needs_an_opening_given_before() -> None:
    assert _choice("weeks_later", "give_the_date").when == "pressure >= 2 or took_envelope"


def test_the_envelope_is_in_his_hand_and_then_on_the_table_unless_taken() -> None:
    assert SCENARIO.stagings["the_envelope"].actors["owner"].holds == "envelope"
    shown = SCENARIO.stagings["the_remark"].show
    assert any(getattr(item, "prop", None) == "envelope" for item in shown)


def test_the_remark_grows_with_intensity_and_is_timed() -> None:
    remark = SCENARIO.nodes["the_remark"]
    assert remark.time_limit == {1: 25, 2: 18, 3: 12}
    assert remark.timeout_choice == "freeze"
    assert "Polo" in _line("the_remark", "remark_b2").text["nl"]
    assert "Regenboog" in _line("the_remark", "remark_b3_school").text["nl"]
    assert _line("the_remark", "remark_b3_school").when == "intensity >= 3"


def test_the_content_warning_names_everything_that_happens() -> None:
    warning = SCENARIO.content_warning
    for word in ("envelop", "straat", "foto", "auto", "school", "achter je", "belt"):
        assert word in warning["nl"], word
    for word in ("envelope", "street", "photos", "car", "school", "behind you", "phones"):
        assert word in warning["en"], word
    assert SCENARIO.cool_down and "oefening" in SCENARIO.cool_down["nl"]


def test_no_one_sits_since_the_people_all_stand() -> None:
    assert "Je blijft zitten" not in ALL_TEXT and "stay seated" not in ALL_TEXT


def test_every_outcome_category_has_an_ending() -> None:
    outcomes = {node.ending.outcome for node in SCENARIO.nodes.values() if node.ending}
    assert outcomes == {"safe_reported", "safe_unreported", "unsafe", "drawn_in"}
