"""The doorstep teaches what it sets out to: the closure's law named, the real channels for a
mayor, a voice behind the closed door, the family in every step, and characters who remember
what the trainee did."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from content_helpers import all_text, choice_of

from simulator.scenario.loading import load_scenario, load_scene
from simulator.scenario.model import Scenario
from simulator.session.events import LineShown
from simulator.session.runner import Runner

ROOT = Path(__file__).resolve().parent.parent
LOADED = load_scenario(ROOT / "scenarios" / "the_doorstep.yaml", explore=False)
SCENARIO: Scenario = LOADED.scenario
SCENE = load_scene(ROOT / "scenes" / "residential_street_night.yaml")


ALL_TEXT = all_text(SCENARIO)


def _lines_shown(intensity: int, *choices: str) -> dict[str, set[str]]:
    """The line ids each node showed on a path, by node."""
    runner = Runner(SCENARIO, LOADED.logic, intensity=intensity, seed=None, clock=lambda: 0.0)
    shown: dict[str, set[str]] = {}

    def note(events) -> None:
        for event in events:
            if isinstance(event, LineShown):
                shown.setdefault(event.node, set()).add(event.line)

    note(runner.start())
    for choice in choices:
        note(runner.timeout() if choice == "timeout" else runner.choose(choice, by="autoplay"))
    return shown


def test_the_closure_is_named_under_article_13b_of_the_opium_act() -> None:
    assert "artikel 13b van de Opiumwet" in SCENARIO.description["nl"]
    assert "article 13b of the Opium Act" in SCENARIO.description["en"]
    for ending in ("reported_full", "softened"):
        feedback = SCENARIO.nodes[ending].ending.feedback
        assert "13b" in feedback["nl"] and "openbare orde" in feedback["nl"]
        assert "13b" in feedback["en"] and "public order" in feedback["en"]


def test_no_other_article_is_cited() -> None:
    """Whether his words are a crime is for the prosecutor; the text cites no criminal article."""
    cited = set(re.findall(r"(?:artikel|article)\s+(\w+)", ALL_TEXT, re.IGNORECASE))
    assert cited == {"13b"}
    assert "Openbaar Ministerie" in ALL_TEXT and "public prosecutor" in ALL_TEXT


def test_refusing_at_the_door_names_the_objection_and_the_court() -> None:
    feedback = choice_of(SCENARIO, "through_door", "refuse_refer").feedback
    assert "bezwaar" in feedback["nl"] and "voorlopige voorziening" in feedback["nl"]
    assert "objection" in feedback["en"] and "interim relief" in feedback["en"]


def test_the_real_channels_are_named() -> None:
    for word in (
        "112",
        "0900-8844",
        "aangifte",
        "gemeentesecretaris",
        "RIEC",
        "veiligheidsscan",
        "veiligheidsgesprek",
        "Ondersteuningsteam Weerbaar Bestuur",
    ):
        assert word in ALL_TEXT, word
    report = choice_of(SCENARIO, "police_arrive", "make_report").text
    assert "gemeentehuis" in report["nl"] and "town hall" in report["en"]


def test_the_support_team_is_for_office_holders_and_offered_to_the_mayor() -> None:
    tell = choice_of(SCENARIO, "at_home", "tell_and_agree")
    assert "Ondersteuningsteam Weerbaar Bestuur" in tell.text["nl"]
    assert "bestuurders" in tell.feedback["nl"] and "office holders" in tell.feedback["en"]
    assert "aftercare" in tell.tags.shows


def test_the_exact_phrase_is_rehearsed_in_the_timed_choice() -> None:
    threat = SCENARIO.nodes["the_threat"]
    assert threat.time_limit == {1: 30, 2: 20, 3: 12}
    assert threat.timeout_choice == "freeze"
    call = choice_of(SCENARIO, "the_threat", "name_threat_call")
    assert "Dit ervaar ik als een bedreiging. Ik bel nu de politie." in call.text["nl"]
    assert call.recommended and "report" in call.tags.shows


def test_the_man_is_heard_behind_the_closed_door() -> None:
    voice = SCENARIO.voices["brink_door"]
    assert voice.channel == "door" and voice.of == "brink" and voice.at == "front_door"
    for node in ("through_door", "the_threat", "he_leaves", "promised"):
        speakers = {line.speaker for line in SCENARIO.nodes[node].lines}
        assert "brink" not in speakers, node
        assert "brink_door" in speakers, node
    assert {SCENARIO.voices[v].channel for v in ("dispatcher", "ilse", "brink_phone")} == {"phone"}


def test_the_door_is_shut_whenever_he_speaks_through_it() -> None:
    for node in ("through_door", "the_threat"):
        staging = SCENARIO.stagings[SCENARIO.nodes[node].staging]
        shown = {item if isinstance(item, str) else item.prop for item in staging.show}
        assert "front_door" in shown and "front_door_open" not in shown


def test_the_scene_has_the_front_door_the_hall_light_and_the_window() -> None:
    kinds = {prop.kind for prop in SCENE.props.values()}
    assert {"terraced_house", "front_door", "residential_street"} <= kinds
    assert SCENE.props["front_door"].hidden and SCENE.props["front_door_open"].hidden
    assert SCENE.lighting.time_of_day == "night"
    # Every staging shows exactly one of the two doors.
    for name, staging in SCENARIO.stagings.items():
        shown = {item if isinstance(item, str) else item.prop for item in staging.show}
        assert len(shown & {"front_door", "front_door_open"}) == 1, name


def test_the_content_warning_names_everything_that_happens() -> None:
    warning = SCENARIO.content_warning
    for word in ("thuis", "gezin", "zoon", "school", "auto", "dochter", "112", "politie", "voet"):
        assert word in warning["nl"], word
    for word in ("home", "family", "son", "school", "car", "daughter", "112", "police", "foot"):
        assert word in warning["en"], word
    assert SCENARIO.cool_down and "oefening" in SCENARIO.cool_down["nl"]


@pytest.mark.parametrize(("intensity", "named"), [(1, False), (2, False), (3, True)])
def test_the_daughter_is_named_by_him_only_at_the_most_intense_level(
    intensity: int, named: bool
) -> None:
    shown = _lines_shown(intensity, "ask_through_door", "refuse_refer")
    assert ("threat_others" in shown["the_threat"]) is named
    assert ("threat_school" in shown["the_threat"]) is (intensity >= 2)


def test_the_waiting_car_is_there_from_level_2() -> None:
    staging = SCENARIO.stagings["window_look"]
    car = next(item for item in staging.show if not isinstance(item, str))
    assert car.prop == "waiting_car" and car.when == "intensity >= 2"
    assert choice_of(SCENARIO, "at_window", "call_before_answering").when == "intensity >= 2"


def test_kim_and_the_police_remember_what_the_trainee_did() -> None:
    told = _lines_shown(
        2,
        "let_thijs_open",
        "thijs_inside_close",
        "refuse_refer",
        "name_threat_call",
        "go_out_after",
        "no_report",
        "no_measures",
        "tell_and_agree",
    )
    assert "arrive_outside" in told["police_arrive"]
    assert "later_ilse_no_aangifte" in told["after_the_call"]
    assert "home_thijs" in told["at_home"]
    assert "full_kim_told" in told["reported_full"]
    quiet = _lines_shown(
        2,
        "look_first",
        "talk_through_door",
        "refuse_refer",
        "order_to_leave",
        "tomorrow_teamchef",
        "ask_security_scan",
        "carry_it_alone",
    )
    assert {"later_morning", "later_ilse_late"} <= quiet["after_the_call"]
    assert "home_thijs" not in quiet["at_home"]
    assert "full_kim_silent" in quiet["reported_full"]


def test_a_promise_at_the_door_follows_the_trainee() -> None:
    shown = _lines_shown(
        1,
        "look_first",
        "talk_through_door",
        "refuse_refer",
        "promise_to_look",
        "report_with_promise",
        "make_report",
    )
    assert "arrive_promise" in shown["police_arrive"]
    assert "later_ilse_promise" in shown["after_the_call"]


def test_the_endings_cover_every_outcome() -> None:
    outcomes = {node.ending.outcome for node in SCENARIO.nodes.values() if node.ending}
    assert outcomes == {"safe_reported", "safe_unreported", "unsafe", "drawn_in"}


def test_he_heard_the_excuse_thijs_was_told_to_give() -> None:
    excuse = _lines_shown(2, "let_thijs_open", "thijs_says_not_home")
    assert "door_heard_you" in excuse["through_door"]
    closed = _lines_shown(2, "let_thijs_open", "thijs_inside_close")
    assert "door_heard_you" not in closed["through_door"]
