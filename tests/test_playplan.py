"""Plan files: how a broken plan is reported, and how a wrong expectation is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ScenarioError, UsageError
from simulator.scenario.loading import load_scenario
from simulator.session.plans import read_plan, replay
from simulator.session.runner import Runner

ROOT = Path(__file__).resolve().parent.parent


def runner_for(path: Path, intensity: int = 2) -> Runner:
    loaded = load_scenario(path)
    return Runner(loaded.scenario, loaded.logic, intensity=intensity, clock=lambda: 0.0)


def test_a_matching_plan_replays_cleanly(tmp_path: Path, valid_scenario_path: Path) -> None:
    plan = tmp_path / "ok.plan"
    plan.write_text(
        "intensity 3\nnode meet\nline threat\noffer leave freeze\ntimeout\n"
        "node pressed\noffer leave_late negotiate\nchoose negotiate\nend drawn\n"
    )
    parsed = read_plan(plan)
    assert parsed.intensity == 3
    assert replay(parsed, runner_for(valid_scenario_path, 3)) == []


def test_mismatches_name_the_plan_line(tmp_path: Path, valid_scenario_path: Path) -> None:
    plan = tmp_path / "wrong.plan"
    plan.write_text("node meet\nline threat\noffer leave\nchoose leave\nchoose report\nend quiet\n")
    mismatches = replay(read_plan(plan), runner_for(valid_scenario_path))
    assert mismatches == [
        f"{plan}:2: line 'threat' not shown; shown: ['hello']",
        f"{plan}:3: offered ['leave', 'freeze'], plan expects ['leave']",
        f"{plan}:6: ended with 'reported', plan expects 'quiet'",
    ]


def test_a_plan_can_say_a_line_was_not_shown(tmp_path: Path, valid_scenario_path: Path) -> None:
    plan = tmp_path / "absent.plan"
    plan.write_text("intensity 1\nnode meet\nline hello\nnoline threat\n")
    assert replay(read_plan(plan), runner_for(valid_scenario_path, 1)) == []
    assert replay(read_plan(plan), runner_for(valid_scenario_path, 3)) == [
        f"{plan}:4: line 'threat' shown, plan expects not"
    ]


def test_a_malformed_plan_lists_every_bad_line(tmp_path: Path) -> None:
    plan = tmp_path / "bad.plan"
    plan.write_text("chose leave\nintensity 5\nchoose\n")
    with pytest.raises(ScenarioError) as caught:
        read_plan(plan)
    assert [str(problem).split(": ", 1)[1] for problem in caught.value.problems] == [
        "unknown directive 'chose'; expected one of: scenario, intensity, seed, node, line, "
        "noline, offer, choose, timeout, end",
        "intensity '5'; expected 1, 2 or 3",
        "'choose' takes 1 argument(s), got 0; expected choose VALUE",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"scenario x\n\xff\xfe choose\n", ":2:1: not UTF-8 text; expected a plan directive"),
        (b"scenario x\nchoose a\x00b\n", ":2:9: a NUL byte; expected a plan directive"),
        (b"choose " + b"x" * 5000 + b"\n", ":1:1001: a line of 5,007 characters"),
    ],
)
def test_a_plan_that_is_not_text_is_named_by_file_and_line(tmp_path, content, message) -> None:
    path = tmp_path / "broken.plan"
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as raised:
        read_plan(path)
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(path))


def test_a_binary_file_larger_than_any_plan_is_refused(tmp_path) -> None:
    path = tmp_path / "big.plan"
    path.write_bytes(b"\0" * 2_000_000)
    with pytest.raises(UsageError, match="larger than 1,000,000 bytes; expected a plan file"):
        read_plan(path)


def test_autoplay_names_the_plan_line_whose_choice_is_not_offered(tmp_path, capsys) -> None:
    from simulator.cli import main

    plan = tmp_path / "wrong.plan"
    plan.write_text("scenario scenarios/car_park.yaml\nchoose nonsense\n", encoding="utf-8")
    code = main(["play", "car_park", "--text", "--no-record", "--autoplay", str(plan)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1] == (
        f"simulator: {plan}:2: choice 'nonsense' is not offered at 'lobby'; "
        "expected one of: ask_walk_along, go_out_alone"
    )


def test_autoplay_plays_a_plan_at_the_intensity_the_plan_states(tmp_path) -> None:
    from simulator.cli import main
    from simulator.record.store import Record

    plan = ROOT / "tests" / "playthroughs" / "car_park_drawn_in_later.plan"
    assert read_plan(plan).intensity == 3
    data = tmp_path / "data"
    code = main(["play", "car_park", "--text", "--data", str(data), "--autoplay", str(plan)])
    assert code == 0
    with Record.open(data) as record:
        assert record.session(1).intensity == 3


def test_autoplay_refuses_an_intensity_that_contradicts_the_plan(tmp_path, capsys) -> None:
    from simulator.cli import main

    plan = ROOT / "tests" / "playthroughs" / "car_park_drawn_in_later.plan"
    code = main(["play", "car_park", "--text", "--no-record", "--intensity", "1",
                 "--autoplay", str(plan)])  # fmt: skip
    assert code == 2
    assert "is a plan for intensity 3; drop --intensity 1" in capsys.readouterr().err
