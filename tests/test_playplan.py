"""Plan files: how a broken plan is reported, and how a wrong expectation is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario.loading import load_scenario
from simulator.session.plans import read_plan, replay
from simulator.session.runner import Runner


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


def test_a_malformed_plan_lists_every_bad_line(tmp_path: Path) -> None:
    plan = tmp_path / "bad.plan"
    plan.write_text("chose leave\nintensity 5\nchoose\n")
    with pytest.raises(ScenarioError) as caught:
        read_plan(plan)
    assert [str(problem).split(": ", 1)[1] for problem in caught.value.problems] == [
        "unknown directive 'chose'; expected one of: scenario, intensity, node, line, offer, "
        "choose, timeout, end",
        "intensity '5'; expected 1, 2 or 3",
        "'choose' takes 1 argument(s), got 0; expected choose VALUE",
    ]
