"""Props in an actor's hand: what a staging's holds may name, and when two hands clash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario.loading import load_scenario
from simulator.scenario.resolution import staging_in_play

HOLDER = "      man_a: {mark: car, animation: idle, look_at: trainee, holds: card}\n"


def project(tmp_path: Path, valid_scenario_path: Path, holders: str) -> Path:
    """The rules project with the valid scenario's man_a line replaced by ``holders``."""
    root = tmp_path / "project"
    shutil.copytree(valid_scenario_path.parent.parent, root)
    path = root / "scenarios" / "valid.yaml"
    text = path.read_text(encoding="utf-8")
    assert HOLDER in text
    path.write_text(text.replace(HOLDER, holders), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [f"{p.code} {p.message}" for p in caught.value.problems]


def test_a_held_prop_stays_in_the_staging_in_play(valid_scenario_path: Path) -> None:
    loaded = load_scenario(valid_scenario_path)
    variables = loaded.logic.variables_for(1)
    staging = staging_in_play(loaded.scenario, loaded.logic, "meet", variables)
    assert staging.actors["man_a"].holds == "card"
    assert loaded.scene.props["card"].hidden


def test_two_actors_may_hold_one_prop_in_states_that_never_meet(
    tmp_path: Path, valid_scenario_path: Path
) -> None:
    path = project(
        tmp_path,
        valid_scenario_path,
        HOLDER.replace("holds: card}", "holds: card, when: pressure == 0}")
        + "      man_b: {mark: gate, holds: card, when: pressure > 0}\n",
    )
    assert load_scenario(path).scenario.stagings["at_car"].actors["man_b"].holds == "card"


def test_two_actors_may_each_hold_a_prop_of_their_own(
    tmp_path: Path, valid_scenario_path: Path
) -> None:
    path = project(
        tmp_path, valid_scenario_path, HOLDER + "      man_b: {mark: gate, holds: photo}\n"
    )
    assert load_scenario(path).scenario.stagings["at_car"].actors["man_b"].holds == "photo"


def test_a_clash_in_a_reachable_state_names_that_state(
    tmp_path: Path, valid_scenario_path: Path
) -> None:
    path = project(
        tmp_path,
        valid_scenario_path,
        HOLDER + "      man_b: {mark: gate, holds: card, when: intensity == 3}\n",
    )
    (found,) = problems(path)
    assert found.startswith("SIM069 prop 'card' is held by 'man_a' and 'man_b' at once when ")
    assert "intensity=3" in found


def test_an_empty_prop_name_is_refused(tmp_path: Path, valid_scenario_path: Path) -> None:
    path = project(tmp_path, valid_scenario_path, HOLDER.replace("holds: card", "holds: ''"))
    assert problems(path) == ["SIM067 unknown prop ''"]
