"""Time limits: per intensity level, extended or switched off by the trainer, off for a whole
session with --no-timers; each change is recorded."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from cli_helpers import simulator
from flow_fakes import FakePresenter, run_console

from simulator.record.store import Record
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.session.events import ChoicesOffered, Started, TimerChanged
from simulator.session.flow import FAST, Phase, SessionFlow
from simulator.session.runner import Runner, RunnerError
from simulator.session.trainer_console import TrainerConsole


@pytest.fixture
def per_level(valid_scenario_path: Path, tmp_path: Path) -> LoadedScenario:
    """The valid scenario with a time limit of 30, 20 and 12 seconds at the levels 1, 2, 3."""
    folder = tmp_path / "project"
    shutil.copytree(valid_scenario_path.parent.parent, folder)
    text = valid_scenario_path.read_text().replace(
        "time_limit: 10", "time_limit: {1: 30, 2: 20, 3: 12}"
    )
    path = folder / "scenarios" / "valid.yaml"
    path.write_text(text)
    return load_scenario(path)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("intensity", "seconds"), [(1, 30), (2, 20), (3, 12)])
def test_the_time_limit_follows_the_intensity(per_level, intensity, seconds) -> None:
    runner = Runner(per_level.scenario, per_level.logic, intensity=intensity, clock=Clock())
    events = runner.start()
    offered = next(event for event in events if isinstance(event, ChoicesOffered))
    assert offered.time_limit == seconds
    assert runner.time_left() == seconds


def test_the_trainer_adds_time_at_this_decision_only(per_level) -> None:
    clock = Clock()
    runner = Runner(per_level.scenario, per_level.logic, intensity=3, clock=clock)
    runner.start()
    clock.now = 10.0
    assert runner.time_left() == 2.0
    (changed,) = runner.add_time(10)
    assert isinstance(changed, TimerChanged) and changed.added_s == 10
    assert runner.time_left() == 12.0
    runner.choose("freeze")
    runner.choose("leave_late")
    assert runner.time_limit is None  # 'after' is untimed
    runner.jump("meet")
    assert runner.time_left() == 12.0  # the extra time was for that one visit


def test_with_the_timers_off_nothing_times_out(per_level) -> None:
    clock = Clock()
    runner = Runner(per_level.scenario, per_level.logic, clock=clock)
    runner.start()
    (changed,) = runner.set_timers(False)
    assert changed.timers is False
    clock.now = 500.0
    assert runner.time_left() is None
    with pytest.raises(RunnerError, match="no timer runs"):
        runner.timeout()
    with pytest.raises(RunnerError, match="no timer runs"):
        runner.add_time(10)
    runner.set_timers(True)
    assert runner.time_left() == 20.0  # the timer starts afresh


def test_a_session_without_timers_says_so_in_its_start(per_level) -> None:
    runner = Runner(per_level.scenario, per_level.logic, timers=False)
    started, *rest = runner.start()
    assert isinstance(started, Started) and started.timers is False
    offered = next(event for event in rest if isinstance(event, ChoicesOffered))
    assert offered.time_limit is None


def test_the_console_gives_more_time_and_switches_the_timers_off(per_level) -> None:
    flow = SessionFlow(per_level, FakePresenter(), language="en", intensity=3, pacing=FAST)
    flow.start()
    output = io.StringIO()
    console = TrainerConsole(io.StringIO("timer +10\ntimer off\ntimer sideways\n"), output)
    run_console(console, flow, until=lambda: "usage: timer" in output.getvalue())
    text = output.getvalue()
    assert "10 seconds more:" in text
    assert "timers off" in text
    assert "usage: timer off | timer on | timer +10" in text
    changes = [event for event in flow.log if isinstance(event, TimerChanged)]
    assert [(c.timers, c.added_s) for c in changes] == [(True, 10.0), (False, 0.0)]
    for _ in range(400):  # 40 s at the meet node: long past its 12 s
        flow.tick(0.1)
    assert flow.phase is Phase.CHOICES and flow.runner.node_id == "meet"


def test_play_without_timers_is_recorded(valid_scenario_path: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = simulator(
        "play", str(valid_scenario_path), "--text", "--lang", "en", "--no-timers",
        "--data", str(data), stdin="1\n1\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "You have" not in result.stdout
    with Record.open(data) as record:
        started = next(event for event in record.events(1) if event.kind == "started")
    assert started.payload["timers"] is False
