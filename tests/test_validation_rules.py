"""One failing fixture per validation rule: each file states the exact messages it must produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.scenario.loading import load_scenario

INVALID = Path(__file__).parent / "fixtures" / "rules" / "scenarios" / "invalid"
FIXTURES = sorted(INVALID.glob("*.yaml"))


def expected_messages(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def test_there_is_a_fixture_per_rule() -> None:
    assert len(FIXTURES) >= 30


def test_the_valid_fixture_loads(valid_scenario_path: Path) -> None:
    loaded = load_scenario(valid_scenario_path)
    assert loaded.scenario.id == "valid"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_each_rule_reports_its_exact_message(fixture: Path, monkeypatch) -> None:
    monkeypatch.chdir(INVALID.parent.parent)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(fixture)
    reported = [str(p).removeprefix("scenarios/invalid/") for p in caught.value.problems]
    assert reported == expected_messages(fixture)
