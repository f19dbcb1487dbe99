"""The 3D player as a trainee meets it: the stage, the HUD, a whole scenario played offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.record.store import Record
from simulator.scenario.loading import load_scenario
from simulator.session.flow import Phase

ROOT = Path(__file__).resolve().parents[2]
CAR_PARK = ROOT / "scenarios" / "car_park.yaml"
PLAN = ROOT / "tests" / "playthroughs" / "car_park_reported_full.plan"

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def car_park():
    return load_scenario(CAR_PARK, explore=False)


@pytest.fixture
def player(render_base, car_park):
    from simulator.render.app import Player, Presentation

    player = Player(render_base, car_park, Presentation(language="en", ask_at_start=False))
    yield player
    player.close()


def frames(player, seconds: float, step: float = 0.1) -> None:
    for _ in range(round(seconds / step)):
        player._frame(step)
        player.base.task_mgr.step()


def test_actors_stand_at_their_marks_after_staging(player, car_park) -> None:
    staging = car_park.scenario.staging_of("first_sight")
    player.stage(staging, instant=True)
    scene = car_park.scene
    for actor_id, person in player.stage_view.people.items():
        if actor_id in staging.actors:
            mark = scene.marks[staging.actors[actor_id].mark]
            assert not person.root.is_hidden()
            assert (person.root.get_pos() - mark.pos).length() < 0.01
        else:
            assert person.root.is_hidden()


def test_staging_is_idempotent_so_any_node_can_be_entered_directly(player, car_park) -> None:
    scenario = car_park.scenario
    direct = {}
    player.stage(scenario.staging_of("greeting"), instant=True)
    for actor_id, person in player.stage_view.people.items():
        direct[actor_id] = (person.root.is_hidden(), tuple(person.root.get_pos()))
    for node in ("lobby", "blocked", "men_leave", "greeting", "greeting"):
        player.stage(scenario.staging_of(node), instant=True)
    for actor_id, person in player.stage_view.people.items():
        hidden, position = direct[actor_id]
        assert person.root.is_hidden() == hidden
        if not hidden:
            where = person.root.get_pos()
            assert all(abs(a - b) < 1e-4 for a, b in zip(where, position, strict=True))


def test_the_hud_shows_named_subtitles_then_the_offered_choices(player) -> None:
    player._begin(_choices("en"))
    flow = player.flow
    subtitles = []
    while flow.phase is Phase.LINES:
        subtitles.append(player.hud.subtitle_text())
        flow.skip_line()  # the trainee presses space
        frames(player, 0.2)
    assert subtitles[0].startswith("Tuesday evening"), "narration comes without a name"
    assert any(text.startswith("Henk (porter):") for text in subtitles), subtitles
    assert flow.phase is Phase.CHOICES
    assert player.hud.choices_shown == len(flow.runner.choices) == 2
    flow.pick(0, via="keyboard")
    frames(player, 1)
    assert flow.runner.node_id == "first_sight"


def test_pause_freezes_the_people_and_shows_the_panel(player) -> None:
    player._begin(_choices("nl"))
    frames(player, 1)
    player.flow.toggle_pause()
    assert player.hud.panel_open
    texts = " ".join(player.hud.panel_texts())
    assert "Gepauzeerd" in texts and "Scenario stoppen" in texts
    clock = player.flow.clock
    frames(player, 2)
    assert player.flow.clock == clock
    player.flow.toggle_pause()
    assert not player.hud.panel_open


def _choices(language: str):
    from simulator.render.hud import StartChoices

    return StartChoices(language, 2, "ABCD-DEF7")


def test_a_whole_scenario_plays_offscreen_with_a_screenshot_per_node(tmp_path: Path) -> None:
    shots, data = tmp_path / "shots", tmp_path / "data"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "play",
            str(CAR_PARK),
            "--offscreen",
            "--size",
            "480x270",
            "--autoplay",
            str(PLAN),
            "--screenshots",
            str(shots),
            "--data",
            str(data),
            "--trainee",
            "ABCD-DEF7",
            "--lang",
            "en",
            "--intensity",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    with Record.open(data) as record:
        (session,) = record.sessions()
        assert session.status == "ended" and session.ending == "reported_full"
        kinds = [event.kind for event in record.events(session.id)]
    decisions = kinds.count("choice_made")
    images = sorted(shots.glob("*.png"))
    assert len(images) == decisions + 1, [image.name for image in images]
    assert images[-1].name.endswith("_ending.png")
    assert "gaze" in kinds
    import panda3d.core as p3d

    for path in images:
        image = p3d.PNMImage(p3d.Filename.from_os_specific(str(path)))
        assert (image.get_x_size(), image.get_y_size()) == (480, 270)
        samples = [image.get_bright(x, y) for x in range(0, 480, 24) for y in range(0, 270, 18)]
        assert max(samples) - min(samples) > 0.15, f"{path.name} looks blank"


def test_without_a_display_play_says_so_and_suggests_the_alternatives() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    environment.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "play", "--no-record"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=environment,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "simulator: no display to open a window on (DISPLAY is not set); use --text to play "
        "in the terminal, or --offscreen to render without a window"
    )


def test_a_mistyped_trainee_code_on_the_start_screen_is_refused_there(
    render_base, car_park, tmp_path
) -> None:
    """It raised inside the frame loop and ended the program."""
    from simulator.render.app import Player, Presentation
    from simulator.render.hud import StartChoices

    with Record.open(tmp_path / "record.sqlite3") as record:

        def begin(language: str, intensity: int, trainee: str):
            return record.begin(
                trainee=trainee, scenario=car_park, mode="monitor", language=language,
                intensity=intensity,
            )  # fmt: skip

        player = Player(render_base, car_park, Presentation(language="en"), begin)
        try:
            player._begin(StartChoices("en", 2, "janjansen"))
            assert player.flow is None
            assert player.hud.panel_open
            assert any("This code is not right" in text for text in player.hud.panel_texts())
            assert record.sessions() == []
        finally:
            player.close()
