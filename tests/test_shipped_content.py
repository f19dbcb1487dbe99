"""Every shipped scenario is valid and explored to every ending; every playthrough replays."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario.exploration import explore
from simulator.scenario.loading import find_project_root, load_scenario
from simulator.scenario.teaching import teaching_problems
from simulator.session.plans import read_plan, replay, runner_for

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
SCENES = sorted((ROOT / "scenes").glob("*.yaml"))
PLANS = sorted((Path(__file__).parent / "playthroughs").glob("*.plan"))


def test_the_flagship_and_its_scene_ship() -> None:
    assert ROOT / "scenarios" / "car_park.yaml" in SCENARIOS
    assert ROOT / "scenes" / "town_hall_car_park.yaml" in SCENES


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_scenario_is_valid_and_every_node_choice_and_ending_is_reachable(path: Path) -> None:
    loaded = load_scenario(path)
    found = explore(loaded.scenario, loaded.logic)
    scenario = loaded.scenario
    assert found.complete
    assert found.visited_nodes == set(scenario.nodes)
    every_choice = {(n, c.id) for n, node in scenario.nodes.items() for c in node.choices}
    assert found.offered_choices == every_choice
    endings = {node.ending.id for node in scenario.nodes.values() if node.ending}
    assert set(found.endings) == endings
    assert found.stuck == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_scenario_passes_the_teaching_checks_without_a_warning(path: Path) -> None:
    loaded = load_scenario(path, explore=False)
    assert [str(problem) for problem in teaching_problems(loaded)] == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_scenario_starts_with_the_schema_comment(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/scenario.schema.json"


def test_the_car_park_is_a_full_training_scenario() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "car_park.yaml")
    scenario = loaded.scenario
    decisions = [node for node in scenario.nodes.values() if node.choices]
    endings = [node.ending for node in scenario.nodes.values() if node.ending]
    assert len(decisions) >= 8
    assert len({ending.id for ending in endings}) >= 4
    assert {ending.outcome.value for ending in endings} >= {
        "safe_reported",
        "safe_unreported",
        "drawn_in",
    }
    assert any(node.time_limit for node in scenario.nodes.values())
    assert scenario.variables, "variables carry consequences across the scenario"
    assert scenario.cues, "cues tell the 3D modes what the trainee should notice"
    assert set(scenario.languages) == {"nl", "en"}


@pytest.mark.parametrize("intensity", [1, 2, 3])
def test_the_car_park_reaches_an_ending_at_every_intensity(intensity: int) -> None:
    loaded = load_scenario(ROOT / "scenarios" / "car_park.yaml")
    found = explore(loaded.scenario, loaded.logic, intensities=[intensity])
    assert len(found.endings) >= 3


@pytest.mark.parametrize("path", PLANS, ids=lambda path: path.stem)
def test_playthrough_replays_as_written(path: Path) -> None:
    plan = read_plan(path)
    assert plan.scenario, f"{path}: the first line names the scenario"
    loaded = load_scenario(find_project_root(path) / plan.scenario, explore=False)
    runner = runner_for(plan, loaded.scenario, loaded.logic)
    assert replay(plan, runner) == []
    assert runner.finished


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_every_ending_of_a_shipped_scenario_has_a_playthrough(path: Path) -> None:
    loaded = load_scenario(path, explore=False)
    endings = {node.ending.id for node in loaded.scenario.nodes.values() if node.ending}
    planned = set()
    for plan_path in PLANS:
        plan = read_plan(plan_path)
        if plan.scenario and (find_project_root(plan_path) / plan.scenario).resolve() == path:
            planned.update(step.arguments[0] for step in plan.steps if step.directive == "end")
    assert planned == endings
