"""Every shipped scene stays within the headset budgets from every trainee viewpoint (render)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.render.stage import Stage  # noqa: E402
from simulator.render.stats import DRAW_CALL_BUDGET, TRIANGLE_BUDGET, view_stats  # noqa: E402
from simulator.scenario.loading import load_scenario, load_scene  # noqa: E402

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted((ROOT / "scenes").glob("*.yaml"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_render  # noqa: E402


@pytest.fixture
def world(render_base):
    node = render_base.render.attach_new_node("world")
    yield node
    node.remove_node()


@pytest.mark.parametrize("path", SCENES, ids=lambda p: p.stem)
def test_every_trainee_view_is_within_the_draw_call_and_triangle_budgets(render_base, world, path):
    scene = load_scene(path)
    with Stage(world, render_base.loader, scene, ROOT / "assets") as stage:
        for person in stage.people.values():
            person.root.show()
        views = [mark for mark in scene.marks if mark.startswith("trainee")]
        assert views
        for mark in views:
            render_base.camera.set_pos_hpr(*stage.environment.eye_pose(mark))
            stats = view_stats(world, render_base.cam, [render_base.render2d])
            assert stats.draw_calls <= DRAW_CALL_BUDGET, (mark, stats)
            assert stats.triangles <= TRIANGLE_BUDGET, (mark, stats)
            assert stats.scene_draw_calls > 5 and stats.texture_bytes > 0, (mark, stats)


def test_view_stats_counts_only_what_the_camera_sees(render_base, world):
    scene = load_scene(ROOT / "scenes" / "town_hall_car_park.yaml")
    with Stage(world, render_base.loader, scene, ROOT / "assets") as stage:
        render_base.camera.set_pos_hpr(*stage.environment.eye_pose("trainee_entrance"))
        ahead = view_stats(world, render_base.cam)
        render_base.camera.set_hpr(0, 89, 0)  # straight up: the sky and little else
        up = view_stats(world, render_base.cam)
        assert up.scene_draw_calls < ahead.scene_draw_calls
        assert up.triangles < ahead.triangles
        assert up.scene_triangles_total == ahead.scene_triangles_total
        assert ahead.overlay_draw_calls == 0


def test_view_stats_counts_hud_text_and_frames(render_base):
    from direct.gui.DirectGui import DirectLabel

    label = DirectLabel(
        parent=render_base.aspect2d, text="Goedenavond", frameColor=(0, 0, 0, 0.8), scale=0.1
    )
    try:
        empty = p3d.NodePath("empty")
        stats = view_stats(empty, render_base.cam, [label])
        assert stats.overlay_draw_calls >= 2  # the frame and the glyphs
        assert stats.texture_bytes > 0  # the font's glyph page
    finally:
        label.destroy()


def test_the_benchmark_scenario_is_valid_for_every_scene():
    for path in SCENES:
        scene = load_scene(path)
        marks = [mark for mark in scene.marks if mark.startswith("trainee")]
        actors = {actor_id: spec.mark for actor_id, spec in scene.actors.items()}
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder)
            (project / "scenes").symlink_to(ROOT / "scenes")
            (project / "assets").symlink_to(ROOT / "assets")
            (project / "scenarios").mkdir()
            scenario = project / "scenarios" / "bench.yaml"
            scenario.write_text(bench_render.bench_scenario(scene.id, marks, actors))
            loaded = load_scenario(scenario)
            assert loaded.scenario.staging_of("view").trainee.mark == marks[0]


@pytest.mark.slow
def test_the_render_benchmark_runs_and_reports_a_scene(tmp_path):
    results = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_render.py")]
        + ["--scene", "town_hall_front_desk", "--size", "320x180", "--frames", "6"]
        + ["--json", str(results)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "town_hall_front_desk" in done.stdout and "startup to first frame" in done.stdout
    import json

    (result,) = json.loads(results.read_text())
    assert result["marks"]["trainee_counter"]["draw_calls"] <= DRAW_CALL_BUDGET
    assert result["frame_ms_full"] > 0 and result["frame_ms_bare"] > 0
