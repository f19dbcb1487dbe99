"""The pure engine: stepping through a scenario, timing, pausing, jumping and stopping."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario.loading import load_scenario
from simulator.session.events import (
    ChoiceMade,
    ChoicesOffered,
    EndingReached,
    Jumped,
    LineShown,
    NodeEntered,
    Paused,
    Resumed,
    Started,
    Stopped,
    TimedOut,
    event_to_dict,
)
from simulator.session.runner import Runner, RunnerError


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def loaded(valid_scenario_path: Path):
    return load_scenario(valid_scenario_path)


def make_runner(loaded, clock, intensity: int = 2) -> Runner:
    return Runner(loaded.scenario, loaded.logic, intensity=intensity, clock=clock)


def test_start_enters_the_start_node_and_offers_its_choices(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    events = runner.start()
    assert [type(e) for e in events] == [Started, NodeEntered, LineShown, ChoicesOffered]
    assert runner.node_id == "meet"
    assert [c.id for c in runner.choices] == ["leave", "freeze"]
    assert events[-1].time_limit == 10


def test_intensity_gates_lines(loaded, clock) -> None:
    mild = make_runner(loaded, clock, intensity=1)
    mild.start()
    confronting = make_runner(loaded, clock, intensity=3)
    confronting.start()
    assert [line.id for line in mild.lines] == ["hello"]
    assert [line.id for line in confronting.lines] == ["hello", "threat"]


def test_choose_records_who_how_and_reaction_time(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start()
    clock.now += 2.5
    events = runner.choose("leave", by="group", via="vote")
    made = events[0]
    assert isinstance(made, ChoiceMade)
    assert (made.choice, made.by, made.via, made.reaction_ms) == ("leave", "group", "vote", 2500)
    assert runner.node_id == "after"


def test_effects_change_variables_and_conditions_follow(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start()
    runner.choose("freeze")
    assert runner.variables["pressure"] == 1
    assert [c.id for c in runner.choices] == ["leave_late", "negotiate"]
    events = runner.choose("negotiate")
    assert isinstance(events[-1], EndingReached)
    assert events[-1].outcome == "drawn_in"
    assert runner.finished and runner.choices == ()


def test_a_choice_not_offered_is_refused(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start()
    with pytest.raises(RunnerError, match="'negotiate' is not offered at 'meet'"):
        runner.choose("negotiate")


def test_timeout_applies_the_timeout_choice(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start()
    clock.now += 10
    assert runner.time_left() == 0
    events = runner.timeout()
    assert isinstance(events[0], TimedOut) and events[0].choice == "freeze"
    assert events[1].by == "timeout"
    assert runner.node_id == "pressed"


def test_pause_freezes_the_timer_and_reaction_time(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start()
    clock.now += 3
    assert isinstance(runner.pause()[0], Paused)
    clock.now += 60
    assert runner.time_left() == pytest.approx(7)
    with pytest.raises(RunnerError, match="paused"):
        runner.choose("leave")
    resumed = runner.resume()[0]
    assert isinstance(resumed, Resumed) and resumed.paused_ms == 60_000
    clock.now += 1
    assert runner.choose("leave")[0].reaction_ms == 4000


def test_stop_is_always_possible_and_final(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start()
    runner.pause()
    events = runner.stop(reason="felt unsafe")
    assert isinstance(events[-1], Stopped)
    assert runner.finished and runner.stopped
    assert runner.stop() == []


def test_jump_starts_a_node_with_given_variables(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start()
    events = runner.jump("pressed", {"pressure": 3})
    assert isinstance(events[0], Jumped) and events[0].target == "pressed"
    assert runner.variables["pressure"] == 3
    assert "negotiate" in [c.id for c in runner.choices]


def test_start_at_any_node_for_replay(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    runner.start(node="after", variables={"told": True})
    assert runner.node_id == "after" and runner.variables["told"] is True
    with pytest.raises(RunnerError, match="no node 'nowhere'"):
        runner.start(node="nowhere")
    with pytest.raises(RunnerError, match="no variable 'mood'"):
        runner.start(variables={"mood": 1})


def test_events_serialise_to_plain_dicts(loaded, clock) -> None:
    runner = make_runner(loaded, clock)
    data = [event_to_dict(e) for e in runner.start()]
    assert data[0]["kind"] == "started"
    assert data[-1] == {
        "kind": "choices_offered",
        "t": 100.0,
        "node": "meet",
        "choices": ["leave", "freeze"],
        "time_limit": 10.0,
    }


def test_the_same_choices_give_the_same_events(loaded, clock) -> None:
    def play() -> list[dict]:
        runner = make_runner(loaded, FakeClock())
        events = runner.start() + runner.choose("freeze") + runner.choose("leave_late")
        return [event_to_dict(e) for e in events + runner.choose("report")]

    assert play() == play()
