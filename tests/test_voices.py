"""Voices not on stage: a caller on the phone speaks without an actor on stage, and the
subtitle names the voice, in the flow and in the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from flow_fakes import FakePresenter
from scenario_helpers import scenario_header, write_scenario

from simulator.cli import main
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.session.flow import Pacing, Phase, SessionFlow

SCENARIO = (
    scenario_header("voices", "Voices")
    + """\
voices:
  caller: {name: {nl: Ron (telefoon), en: Ron (on the phone)}, channel: phone, of: man_a}
start: call
stagings:
  at_home:
    trainee: {mark: door}
nodes:
  call:
    staging: at_home
    order: fixed
    lines:
      - {id: ring, speaker: narrator, text: {nl: Je telefoon gaat., en: Your phone rings.}}
      - {id: hello, speaker: caller, text: {nl: Met Ron., en: Ron speaking.}}
    choices:
      - {id: hang_up, text: {nl: Ophangen., en: Hang up.}, goto: done, feedback: {nl: A., en: A.}}
      - {id: listen, text: {nl: Luisteren., en: Listen.}, goto: done, feedback: {nl: B., en: B.}}
  done:
    staging: at_home
    ending: {id: done, outcome: safe_reported, summary: {nl: Klaar., en: Done.},
             feedback: {nl: Goed., en: Good.}}
"""
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, SCENARIO, "voices")


@pytest.fixture
def loaded(path: Path) -> LoadedScenario:
    return load_scenario(path)


def test_a_voice_speaks_with_no_one_on_stage_and_the_subtitle_names_it(loaded) -> None:
    assert loaded.scenario.staging_of("call").actors == {}
    screen = FakePresenter()
    flow = SessionFlow(loaded, screen, language="en", intensity=1, pacing=Pacing())
    flow.start()
    while flow.phase is Phase.LINES:
        flow.tick(0.5)
    lines = [call for call in screen.calls if call[0] == "line"]
    assert lines == [
        ("line", None, "Your phone rings."),
        ("line", "Ron (on the phone)", "Ron speaking."),
    ]


def test_the_terminal_shows_the_voice_by_name(path: Path, capsys, tmp_path: Path) -> None:
    code = main(
        ["play", str(path), "--text", "--lang", "nl", "--autoplay", "random", "--seed", "1"]
        + ["--data", str(tmp_path / "data")]
    )
    assert code == 0
    assert 'Ron (telefoon): "Met Ron."' in capsys.readouterr().out
