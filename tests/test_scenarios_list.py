"""`simulator scenarios`: what a trainer choosing a scenario needs, and the duration estimate."""

from __future__ import annotations

import re
from pathlib import Path

from simulator.cli import main
from simulator.scenario.loading import load_scenario
from simulator.session.duration import estimate_duration

ROOT = Path(__file__).resolve().parent.parent
RULES = Path(__file__).parent / "fixtures" / "rules"


def test_the_list_names_role_setting_duration_and_the_elements_taught(capsys) -> None:
    assert main(["scenarios", "--lang", "en"]) == 0
    listing = capsys.readouterr().out
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load_scenario(path, explore=False).scenario
        assert f"{scenario.id}: {scenario.title['en']}" in listing
    entry = listing.split("car_park:", 1)[1].split("\n\n", 1)[0]
    assert "role       Senior permit officer" in entry
    assert "setting    Town hall car park" in entry
    assert "intensity  1-3" in entry
    assert re.search(r"duration   about \d+-\d+ minutes alone \(\d+-\d+ decisions\)", entry)
    assert "recognise the signal, hold the norm" in entry and "aftercare" in entry


def test_a_longer_scenario_takes_longer_and_the_estimate_is_the_same_every_time() -> None:
    car_park = load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)
    small = load_scenario(RULES / "scenarios" / "valid.yaml", explore=False)
    estimate = estimate_duration(car_park, "nl")
    assert estimate == estimate_duration(car_park, "nl")
    assert estimate.shortest <= estimate.longest
    assert estimate_duration(small, "nl").longest < estimate.shortest
    assert estimate.decisions[0] >= 4
