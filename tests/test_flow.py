"""The course of a session as any display shows it: lines, choices, timing, pause, stop, ending."""

from __future__ import annotations

import io
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from flow_fakes import FakePresenter

from simulator.errors import SimulatorError
from simulator.scenario.loading import load_scenario
from simulator.session.autoplay import RandomAutoplay
from simulator.session.events import ChoiceMade, Paused, Resumed, Stopped, TimedOut
from simulator.session.flow import FAST, PAUSE_ACTIONS, Pacing, Phase, SessionFlow
from simulator.session.gaze import GazeSample
from simulator.text.player import TextSession

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    def __init__(self) -> None:
        self.events: list = []
        self.gaze: list[GazeSample] = []
        self.finished = 0

    def append(self, events):
        self.events.extend(events)
        return self

    def append_gaze(self, sample):
        self.gaze.append(sample)

    def finish(self):
        self.finished += 1
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


# -- the recording's whole life belongs to the flow ---------------------------------------------


class LookingPresenter(FakePresenter):
    """A display that can tell where the trainee looks: straight ahead, every call."""

    def sample_gaze(self, clock):
        return GazeSample(t=clock, heading=0.0, pitch=0.0, looking_at="man_a")


def test_begin_opens_the_recording_and_starts_where_asked(loaded) -> None:
    record, asked = Recorder(), []

    def begin_recording(language, intensity, trainee):
        asked.append((language, intensity, trainee))
        return record

    flow = SessionFlow.begin(
        loaded,
        FakePresenter(),
        language="en",
        intensity=3,
        trainee="ABCD-DEF7",
        begin_recording=begin_recording,
        start_at=("pressed", {"pressure": 1}),
        pacing=FAST,
    )
    assert asked == [("en", 3, "ABCD-DEF7")]
    assert flow.runner.node_id == "pressed" and flow.runner.variables["pressure"] == 1
    assert record.events[0].kind == "started" and record.events[0].node == "pressed"
    flow.finish_recording()
    flow.finish_recording()
    assert record.finished == 1, "finished once, however often it is asked"


def test_gaze_is_recorded_while_playing_and_not_while_paused(loaded) -> None:
    record = Recorder()
    flow = SessionFlow(
        loaded, LookingPresenter(), language="en", intensity=2, recording=record, pacing=FAST
    )
    flow.start()
    for _ in range(5):
        flow.tick(0.1)
    assert [sample.t for sample in record.gaze] == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])
    flow.toggle_pause()
    for _ in range(5):
        flow.tick(0.1)
    assert len(record.gaze) == 5, "no samples while the world is frozen"
    flow.resume()
    flow.tick(0.1)
    assert len(record.gaze) == 6


def test_after_a_failed_write_the_session_plays_on_unrecorded_and_says_so_once(loaded) -> None:
    class FailingRecorder(Recorder):
        def wait(self, timeout=None):
            raise SimulatorError("the record could not be written: disk full")

    record, reported = FailingRecorder(), []
    flow = SessionFlow(
        loaded,
        LookingPresenter(),
        language="en",
        intensity=2,
        recording=record,
        pacing=FAST,
        on_record_error=reported.append,
    )
    flow.start()
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    flow.pick(0, via="keyboard")
    run_until(flow, lambda: flow.runner.node_id == "after")
    gazed = len(record.gaze)
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    assert [str(error) for error in reported] == ["the record could not be written: disk full"]
    assert len(record.gaze) == gazed, "no more samples into the failed recording"
    assert flow.pick(0, via="keyboard"), "play goes on"


def test_a_pause_is_recorded_with_how_long_it_lasted(loaded) -> None:
    record = Recorder()
    flow = SessionFlow(loaded, FakePresenter(), language="en", intensity=2, recording=record)
    flow.start()
    flow.toggle_pause()
    for _ in range(100):
        flow.tick(0.5)
    flow.toggle_pause()
    resumed = [event for event in record.events if isinstance(event, Resumed)]
    assert [event.paused_ms for event in resumed] == [50_000]


def test_the_pause_panel_offers_resume_restart_and_stop(loaded) -> None:
    screen, record = FakePresenter(), Recorder()
    flow = SessionFlow(loaded, screen, language="en", intensity=2, recording=record, pacing=FAST)
    flow.start()
    run_until(flow, lambda: flow.phase is Phase.CHOICES)
    flow.toggle_pause()
    assert screen.calls[-1] == ("pause", PAUSE_ACTIONS)
    flow.pause_action("resume")()
    assert not flow.paused
    flow.toggle_pause()
    flow.pause_action("stop_scenario")()
    assert isinstance(record.events[-1], Stopped) and screen.calls[-1][0] == "stopped"


def test_the_trainer_console_is_started_once_and_heard_every_tick_even_paused(loaded) -> None:
    class Console:
        def __init__(self) -> None:
            self.started, self.applied = 0, 0

        def start(self):
            self.started += 1

        def apply(self, flow):
            self.applied += 1
            if self.applied == 3:
                flow.toggle_pause()

    console = Console()
    flow = SessionFlow.begin(
        loaded, FakePresenter(), language="en", intensity=2, console=console, pacing=FAST
    )
    for _ in range(5):
        flow.tick(0.1)
    assert (console.started, console.applied) == (1, 5)
    assert flow.paused and flow.clock == pytest.approx(0.2)


# -- the terminal is a presenter of the same flow ----------------------------------------------


def play_in_text(loaded, answers, *, source=None):
    record, output = Recorder(), io.StringIO()
    session = TextSession(
        loaded,
        language="en",
        intensity=2,
        output=output,
        source=source or io.StringIO(answers),
        begin_recording=lambda language, intensity, trainee: record,
    )
    flow = session.play()
    return flow, record, output.getvalue()


def test_a_text_session_paused_and_stopped_records_it_through_the_flow(loaded) -> None:
    flow, record, output = play_in_text(loaded, "p\nq\n")
    kinds = [event.kind for event in record.events]
    assert kinds[-3:] == ["paused", "resumed", "stopped"]
    assert record.events[-1].reason == "stopped while paused"
    assert "Paused." in output and "You stopped. That is always fine" in output
    assert flow.finished and record.finished == 1
    assert record.events == flow.log


def test_a_text_session_stopped_at_the_choices_says_so_in_the_record(loaded) -> None:
    flow, record, output = play_in_text(loaded, "q\n")
    assert isinstance(record.events[-1], Stopped)
    assert record.events[-1].reason == "stopped in text mode"
    assert "paused" not in [event.kind for event in record.events]


def test_a_text_session_plays_to_its_ending_and_lists_the_choices(loaded) -> None:
    flow, record, output = play_in_text(loaded, "x\n1\n1\n")
    made = [event for event in record.events if isinstance(event, ChoiceMade)]
    assert [event.via for event in made] == ["keyboard", "keyboard"]
    assert made[0].choice == "leave"
    assert "Choose a number from the list." in output, "x is no choice; asked again"
    assert output.index("Walk on.") < output.index("== Ending:") < output.index("Your choices:")
    assert record.events[-1].kind == "ending_reached" and record.finished == 1


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_a_text_session_times_out_through_the_flow(
    tmp_path: Path, valid_scenario_path, platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On every platform: Windows consoles cannot be waited on with select(), so a
    timed choice there used to wait for Enter for ever."""
    monkeypatch.setattr(sys, "platform", platform)
    project = tmp_path / "project"
    shutil.copytree(valid_scenario_path.parent.parent, project)
    scenario = project / "scenarios" / "valid.yaml"
    scenario.write_text(scenario.read_text().replace("time_limit: 10", "time_limit: 1"))
    loaded = load_scenario(scenario)
    read_end, write_end = os.pipe()
    later = threading.Timer(2.0, lambda: os.write(write_end, b"q\n"))
    later.start()
    try:
        with os.fdopen(read_end) as source:
            flow, record, output = play_in_text(loaded, "", source=source)
    finally:
        later.cancel()
        os.close(write_end)
    timed_out = [event for event in record.events if isinstance(event, TimedOut)]
    assert [(event.node, event.choice) for event in timed_out] == [("meet", "freeze")]
    made = next(event for event in record.events if isinstance(event, ChoiceMade))
    assert (made.choice, made.by, made.via) == ("freeze", "timeout", "timer")
    assert made.reaction_ms >= 1000 and made.t >= 1.0, "the flow's clock ran with real time"
    assert "You have 1 seconds." in output and "Time is up." in output
    stopped = record.events[-1]  # the line typed after the time-out answers the next question
    assert isinstance(stopped, Stopped) and stopped.node != "meet"
