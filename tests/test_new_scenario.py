"""`simulator new`: a new author's first scenario, in an empty folder, ready to play."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import simulator

from simulator.scenario.loading import load_scenario
from simulator.scenario.teaching import teaching_problems

ROOT = Path(__file__).resolve().parent.parent
SCENES = sorted(path.stem for path in (ROOT / "scenes").glob("*.yaml"))


@pytest.mark.parametrize("scene", SCENES)
def test_a_new_scenario_validates_plays_to_every_ending_and_teaches_well(
    scene: str, tmp_path: Path
) -> None:
    made = simulator("new", "first_try", "--scene", scene, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = tmp_path / "scenarios" / "first_try.yaml"
    assert (
        f"copied scene {scene}" in made.stdout and (tmp_path / "scenes" / f"{scene}.yaml").is_file()
    )
    loaded = load_scenario(path)
    assert loaded.scenario.id == "first_try" and loaded.scenario.scene == scene
    assert teaching_problems(loaded) == []
    tested = simulator("test", str(path), cwd=tmp_path)
    assert tested.returncode == 0 and "endings reached: 2/2" in tested.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / text.split("$schema=", 1)[1].split("\n", 1)[0]).resolve()
    assert schema.is_file(), "the editor finds the schema"
    for feature in ("time_limit", "voices", "notes", "when: intensity >= 3", "effects"):
        assert feature in text


def test_new_refuses_a_bad_name_an_unknown_scene_and_an_existing_file(tmp_path: Path) -> None:
    bad_name = simulator("new", "My Case", "--scene", SCENES[0], cwd=tmp_path)
    assert bad_name.returncode == 2 and "cannot be a scenario id" in bad_name.stderr
    unknown = simulator("new", "case", "--scene", "moon_base", cwd=tmp_path)
    assert unknown.returncode == 2 and "no scene 'moon_base'" in unknown.stderr
    assert SCENES[0] in unknown.stderr
    assert simulator("new", "case", "--scene", SCENES[0], cwd=tmp_path).returncode == 0
    again = simulator("new", "case", "--scene", SCENES[0], cwd=tmp_path)
    assert again.returncode == 2 and "exists" in again.stderr and "--force" in again.stderr
    assert not any("Traceback" in r.stderr for r in (bad_name, unknown, again))
