"""Exploration ends within seconds on any scenario, and says which variable grew where."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from record_helpers import SCENARIO
from scenario_helpers import write_scenario

from simulator.scenario.exploration import explore
from simulator.scenario.loading import load_scenario


def loop_scenario(folder: Path, effects: str, when: str = "") -> Path:
    """A node whose choice ``again`` loops back to it with ``effects`` (and ``when``)."""
    text = SCENARIO.replace("{version}", "1").replace(
        "variables: {asked: false}", "variables: {asked: false, x: 2, y: 0}"
    )
    condition = f", when: {when!r}" if when else ""
    text = text.replace("effects: {asked: true}", f"effects: {effects}{condition}")
    return write_scenario(folder, text, "grow")


def test_a_counter_without_bound_stops_exploration_and_names_the_variable_and_choice(
    tmp_path: Path,
) -> None:
    loaded = load_scenario(loop_scenario(tmp_path, "{x: x + 1}"), explore=False)
    found = explore(loaded.scenario, loaded.logic)
    assert not found.complete
    assert found.growth is not None
    assert (found.growth.variable, found.growth.values) == ("x", 10_000)
    assert found.growth.site is not None
    assert (found.growth.site.node, found.growth.site.choice) == ("talk", "again")
    assert "variable 'x' took 10,000 values (2 to 10001)" in found.growth.describe()


def test_too_many_states_names_the_variable_with_the_most_values(tmp_path: Path) -> None:
    loaded = load_scenario(loop_scenario(tmp_path, "{x: x + 1, y: y - 1}"), explore=False)
    found = explore(loaded.scenario, loaded.logic, state_limit=500)
    assert found.growth is not None and found.growth.states > 500
    assert found.growth.variable in ("x", "y") and found.growth.values > 40


def test_a_bounded_counter_is_explored_completely(tmp_path: Path) -> None:
    loaded = load_scenario(loop_scenario(tmp_path, "{x: x + 1}", when="x < 100"), explore=False)
    found = explore(loaded.scenario, loaded.logic)
    assert found.complete and found.growth is None and found.at_limit == []
    assert found.states == 3 * 99 * 4  # talk, after and the two endings


def test_squaring_in_a_loop_reaches_the_limit_fast_and_is_reported(tmp_path: Path) -> None:
    """Before, x * x in a loop built ever larger integers: minutes and gigabytes."""
    loaded = load_scenario(loop_scenario(tmp_path, "{x: x * x}"), explore=False)
    found = explore(loaded.scenario, loaded.logic)
    assert found.complete
    assert [(r.site.choice, r.site.variable, r.variables["x"]) for r in found.at_limit] == [
        ("again", "x", 65536)
    ]


@pytest.mark.parametrize(("effects", "code"), [("{x: x + 1}", "SIM051"), ("{x: x * x}", "SIM052")])
def test_validate_and_test_agree_on_a_scenario_exploration_cannot_finish(
    tmp_path: Path, effects: str, code: str
) -> None:
    """``validate`` said OK where ``simulator test`` reported a problem; both now fail with
    the same sentence, located at the effect."""
    path = loop_scenario(tmp_path, effects)

    def simulator(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "simulator", *arguments, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )

    validated, tested = simulator("validate"), simulator("test")
    assert validated.returncode == 1 and tested.returncode == 1
    located = validated.stderr.splitlines()[0]
    assert "grow.yaml:21:" in located and code in located and "effects.x" in located
    sentence = located.split("): ", 1)[1].split("; expected")[0]
    assert f"PROBLEM: {sentence}" in tested.stdout
