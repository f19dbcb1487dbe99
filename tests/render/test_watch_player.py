"""play --watch on the monitor: a save shows at once, a broken save is shown and holds play.

A copy of the car park (scenario and scenes, the shipped assets beside them) is played
offscreen while the test saves its files, watched by the real file watcher.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.scenario.loading import load_scenario
from simulator.session.flow import Phase
from simulator.session.watch import ScenarioWatch

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.render


@pytest.fixture
def car_park_copy(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    shutil.copytree(ROOT / "scenes", tmp_path / "scenes")
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    path = tmp_path / "scenarios" / "car_park.yaml"
    shutil.copy(ROOT / "scenarios" / "car_park.yaml", path)
    return path


def frames_until(player, done, seconds: float = 20.0) -> None:
    """Frames of 0.1 s until ``done()`` holds (the watcher's thread needs real time too)."""
    import time

    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "timed out"
        player._frame(0.1)
        player.base.task_mgr.step()
        time.sleep(0.01)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_saves_show_on_screen_and_a_broken_one_holds_play(render_base, car_park_copy) -> None:
    from simulator.render.app import Player, Presentation
    from simulator.render.hud import StartChoices

    loaded = load_scenario(car_park_copy, explore=False)
    scene_file = car_park_copy.parent.parent / "scenes" / "town_hall_car_park.yaml"
    with ScenarioWatch(loaded) as watch:
        player = Player(
            render_base, loaded, Presentation(language="en", ask_at_start=False), watch=watch
        )
        try:
            player._begin(StartChoices("en", 2, "ABCD-DEF7"))
            flow = player.flow
            assert flow is not None
            frames_until(player, lambda: player.hud.subtitle_text().startswith("Tuesday"))

            edit(car_park_copy, "Tuesday evening, twenty to eleven.", "Wednesday night, late.")
            frames_until(player, lambda: player.hud.banner_text.startswith("Reloaded"))
            assert player.hud.subtitle_text().startswith("Wednesday night, late.")
            assert flow.runner.node_id == "lobby"

            porter = player.stage_view.people["porter"]
            edit(
                scene_file,
                "porter_lobby: {pos: [1.0, 28.1, 0]",
                "porter_lobby: {pos: [2.0, 28.1, 0]",
            )
            frames_until(player, lambda: player.stage_view.people["porter"] is not porter)
            where = player.stage_view.people["porter"].root.get_pos()
            assert abs(where.x - 2.0) < 0.01 and abs(where.y - 28.1) < 0.01

            edit(car_park_copy, "start: lobby", "start: nowhere")
            frames_until(player, lambda: "has problems" in player.hud.banner_text)
            assert "SIM" in player.hud.banner_text and "car_park.yaml:" in player.hud.banner_text
            assert flow.paused
            clock = flow.clock
            for _ in range(10):
                player._frame(0.1)
            assert flow.clock == clock  # the session waits for the next save

            edit(car_park_copy, "start: nowhere", "start: lobby")
            frames_until(player, lambda: player.hud.banner_text.startswith("Reloaded"))
            assert not flow.paused
            frames_until(player, lambda: flow.phase is Phase.CHOICES)
            assert flow.pick(0, via="keyboard")
        finally:
            player.close()
