"""The course of a session as any display shows it: lines, choices, timing, pause, stop, ending."""

from __future__ import annotations

from pathlib import Path

import pytest
from flow_fakes import FakePresenter

from simulator.scenario.loading import load_scenario
from simulator.session.autoplay import RandomAutoplay
from simulator.session.events import ChoiceMade, Paused, Resumed, Stopped
from simulator.session.flow import FAST, Pacing, Phase, SessionFlow

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    def __init__(self) -> None:
        self.events: list = []

    def append(self, events):
        self.events.extend(events)
        return self

    def done(self):
        return True

    def wait(self, timeout=None):
        return True


@pytest.fixture
def loaded(valid_scenario_path: Path):
    return load_scenario(valid_scenario_path)


def run_until(flow: SessionFlow, condition, step: float = 0.1, limit: float = 120.0) -> None:
    elapsed = 0.0
    while not condition() and elapsed < limit:
        flow.tick(step)
        elapsed += step
    assert condition(), f"not reached after {limit} s; phase {flow.phase}"


def test_lines_come_one_by_one_at_reading_pace_then_choices(loaded) -> None:
    screen = FakePresenter()
    flow = SessionFlow(loaded, screen, language="en", intensity=3, pacing=Pacing())
    flow.start()
    lines = [call for call in screen.calls if call[0] == "line"]
    assert lines == [("line", "Man in grey coat", "Good evening.")]
    assert flow.phase is Phase.LINES and screen.choices == []
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    assert [call[2] for call in screen.calls if call[0] == "line"] == [
        "Good evening.",
        "Nice house.",
    ]
    assert screen.choices == ["Walk on.", "Stand still."]


def test_the_time_limit_counts_from_when_choices_appear(loaded) -> None:
    screen = FakePresenter()
    flow = SessionFlow(loaded, screen, language="en", intensity=2, pacing=Pacing())
    flow.start()
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    flow.tick(0.1)
    assert screen.countdown == pytest.approx(9.9)
    run_until(flow, lambda: flow.runner.node_id == "pressed")
    assert flow.clock - 10 > 2, "the lines took time that did not count against the limit"


def test_a_choice_waits_for_the_record_then_shows_the_next_node(loaded) -> None:
    screen, record = FakePresenter(), Recorder()
    flow = SessionFlow(loaded, screen, language="en", intensity=2, recording=record, pacing=FAST)
    flow.start()
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    assert flow.pick(0, via="mouse")
    assert flow.phase is Phase.SAVING
    made = [e for e in record.events if isinstance(e, ChoiceMade)]
    assert made[0].choice == "leave" and made[0].via == "mouse"
    flow.tick(0.1)
    assert flow.runner.node_id == "after"
    stagings = [call for call in screen.calls if call[0] == "stage"]
    assert stagings[-1] == ("stage", "door", False), "people walk, the view fades"


def test_pause_freezes_time_and_resume_continues(loaded) -> None:
    screen, record = FakePresenter(), Recorder()
    flow = SessionFlow(loaded, screen, language="en", intensity=2, recording=record, pacing=FAST)
    flow.start()
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    flow.toggle_pause()
    before = flow.clock
    for _ in range(100):
        flow.tick(0.5)
    assert flow.clock == before and flow.runner.node_id == "meet"
    assert not flow.pick(0, via="keyboard"), "no choice while paused"
    flow.toggle_pause()
    kinds = [type(e) for e in record.events]
    assert Paused in kinds and Resumed in kinds


def test_stop_is_possible_at_any_moment_and_closes_cleanly(loaded) -> None:
    screen, record = FakePresenter(), Recorder()
    flow = SessionFlow(loaded, screen, language="en", intensity=2, recording=record, pacing=FAST)
    flow.start()
    flow.toggle_pause()
    flow.stop()
    assert isinstance(record.events[-1], Stopped)
    assert screen.calls[-1][0] == "stopped"
    flow.close_ending()
    assert flow.finished


def test_restart_node_replays_it_with_the_variables_it_began_with(loaded) -> None:
    screen = FakePresenter()
    flow = SessionFlow(loaded, screen, language="en", intensity=2, pacing=FAST)
    flow.start()
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    flow.pick(1, via="keyboard")  # freeze: pressure + 1
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    assert flow.runner.variables["pressure"] == 1
    flow.restart_node()
    assert flow.runner.node_id == "pressed" and flow.runner.variables["pressure"] == 1
    # 'pressed' has no lines of its own: its choices are offered again at once.
    assert flow.phase is Phase.CHOICES


def test_autoplay_waits_for_people_to_stop_walking(loaded) -> None:
    screen = FakePresenter()
    screen.walking = 1
    flow = SessionFlow(
        loaded, screen, language="en", intensity=2, autoplay=RandomAutoplay(1), pacing=FAST
    )
    flow.start()
    for _ in range(50):
        flow.tick(0.1)
    assert flow.runner.node_id == "meet" and screen.ready == []
    screen.walking = 0
    run_until(flow, lambda: flow.phase is Phase.ENDING)
    assert screen.ready[0] == "meet"


def test_the_car_park_plays_to_an_ending_with_cool_down_first() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)
    screen = FakePresenter()
    flow = SessionFlow(
        loaded, screen, language="nl", intensity=2, autoplay=RandomAutoplay(5), pacing=FAST
    )
    flow.start()
    run_until(flow, lambda: flow.phase is Phase.ENDING, limit=600)
    names = [call[0] for call in screen.calls]
    assert names.index("cool_down") < names.index("ending")
    flow.close_ending()
    assert flow.finished
