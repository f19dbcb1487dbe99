"""Scene files become 3D locations: props by name, hidden props, lights, walkable marks, pixels."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.render.environment import (  # noqa: E402
    EYE_HEIGHT,
    Environment,
    build_environment,
    triangle_count,
)
from simulator.render.lighting import mood_for  # noqa: E402
from simulator.render.props import (  # noqa: E402
    PROP_KINDS,
    ModelLoadError,
    PropContext,
    UnknownPropKind,
    build_prop,
)
from simulator.render.textures import TextureKit  # noqa: E402
from simulator.scenario.loading import load_scene  # noqa: E402
from simulator.scenario.scene import Lighting, PropSpec  # noqa: E402

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted((ROOT / "scenes").glob("*.yaml"))
ASSETS = ROOT / "assets"


@pytest.fixture
def stage(render_base):
    node = render_base.render.attach_new_node("stage")
    yield node
    node.remove_node()


def _build(render_base, stage, path: Path) -> Environment:
    return build_environment(stage, render_base.loader, load_scene(path), ASSETS, shadow_size=512)


@pytest.mark.parametrize("path", SCENES, ids=lambda p: p.stem)
def test_every_scene_builds_with_every_prop_by_name(render_base, stage, path):
    with _build(render_base, stage, path) as env:
        assert set(env.props) == set(env.spec.props)
        for prop_id, node in env.props.items():
            assert node.get_name() == prop_id
            assert node.get_parent() == env.root
            assert triangle_count(node) > 0, prop_id
        assert triangle_count(env.root) < 60_000


@pytest.mark.parametrize("path", SCENES, ids=lambda p: p.stem)
def test_hidden_props_stay_hidden_until_shown(render_base, stage, path):
    with _build(render_base, stage, path) as env:
        hidden = {pid for pid, spec in env.spec.props.items() if spec.hidden}
        assert env.hideable == hidden
        for pid in env.props:
            assert env.props[pid].is_hidden() == (pid in hidden)
        env.set_shown(hidden)
        assert not any(env.props[pid].is_hidden() for pid in hidden)
        env.set_shown([])
        assert all(env.props[pid].is_hidden() for pid in hidden)
        with pytest.raises(KeyError, match="no props"):
            env.set_shown(["no_such_prop"])


@pytest.mark.parametrize("path", SCENES, ids=lambda p: p.stem)
def test_lights_exist_and_the_sun_casts_shadows(render_base, stage, path):
    with _build(render_base, stage, path) as env:
        sun = env.lights.sun.node()
        assert isinstance(sun, p3d.DirectionalLight)
        assert sun.is_shadow_caster()
        attrib = stage.get_attrib(p3d.LightAttrib)
        for light in env.lights.all:
            assert attrib.has_on_light(light)
        assert stage.get_shader() is not None or stage.has_attrib(p3d.ShaderAttrib)
    # Closing takes the lights off the parent again.
    assert (
        not stage.has_attrib(p3d.LightAttrib)
        or not stage.get_attrib(p3d.LightAttrib).get_num_on_lights()
    )


def test_the_car_park_lamps_shine_at_dusk(render_base, stage):
    with _build(render_base, stage, ROOT / "scenes" / "town_hall_car_park.yaml") as env:
        lamps = [n for n in env.lights.extra if n.get_name() == "lamp_light"]
        assert len(lamps) == 3
        assert env.lights.sky is not None


@pytest.mark.parametrize("path", SCENES, ids=lambda p: p.stem)
def test_standing_marks_lie_on_walkable_ground(render_base, stage, path):
    with _build(render_base, stage, path) as env:
        # Marks with a z offset are seats (the driver's seat); the rest stand on the floor.
        standing = {mid: m for mid, m in env.spec.marks.items() if m.pos[2] == 0}
        assert standing
        off = [mid for mid, m in standing.items() if not env.is_walkable(m.pos[0], m.pos[1])]
        assert off == []
        pos, hpr = env.eye_pose(next(iter(standing)))
        assert pos.z == pytest.approx(EYE_HEIGHT)


@pytest.mark.parametrize("kind", sorted(PROP_KINDS))
def test_every_kind_builds_on_its_own(render_base, kind):
    ctx = PropContext(render_base.loader, ASSETS, TextureKit(), mood_for(Lighting()))
    built = build_prop(ctx, kind, PropSpec(kind=kind))
    assert triangle_count(built.node) > 0
    built.node.remove_node()


def test_unknown_kinds_and_missing_models_say_what_was_expected(render_base, tmp_path):
    ctx = PropContext(render_base.loader, tmp_path, TextureKit(), mood_for(Lighting()))
    with pytest.raises(UnknownPropKind, match="unknown kind 'spaceship'; expected one of .*car"):
        build_prop(ctx, "x", PropSpec(kind="spaceship"))
    with pytest.raises(ModelLoadError, match="not found"):
        build_prop(ctx, "x", PropSpec(model="nothing.glb"))
    (tmp_path / "thing.obj").write_text("")
    with pytest.raises(ModelLoadError, match="expected .gltf, .glb, .bam or .egg"):
        build_prop(ctx, "x", PropSpec(model="thing.obj"))


def _frame(base) -> np.ndarray:
    base.graphicsEngine.render_frame()
    base.graphicsEngine.render_frame()
    tex = base.win.get_screenshot()
    data = np.frombuffer(bytes(tex.get_ram_image_as("RGB")), dtype=np.uint8)
    return data.reshape(tex.get_y_size(), tex.get_x_size(), 3).astype(float)


def _glowing(base, env: Environment) -> np.ndarray:
    """Pixels that stay bright when only a faint ambient light is on: what glows by itself."""
    faint = p3d.AmbientLight("faint")
    faint.set_color((0.02, 0.02, 0.02, 1))
    faint_np = env.root.attach_new_node(faint)
    env.root.set_light_off()
    env.root.set_light(faint_np)
    env.lights.sky.hide()
    try:
        return _frame(base).mean(axis=2) > 120
    finally:
        env.root.clear_light()
        faint_np.remove_node()
        env.lights.sky.show()


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="the auto shader needs GLX here")
def test_lit_windows_glow_brighter_than_the_brick_at_dusk(render_base, stage):
    base = render_base
    with _build(base, stage, ROOT / "scenes" / "town_hall_car_park.yaml") as env:
        base.cam.node().get_lens().set_fov(80)
        base.cam.node().get_lens().set_near_far(0.05, 600)
        pos, _ = env.eye_pose("trainee_halfway")
        base.camera.set_pos_hpr(pos, p3d.VBase3(0, 8, 0))
        clear = base.win.get_clear_color()
        base.win.set_clear_color((0, 0, 0, 1))
        try:
            frame = _frame(base)
            glowing = _glowing(base, env)
        finally:
            base.win.set_clear_color(clear)
        red, green, blue = frame[..., 0], frame[..., 1], frame[..., 2]
        brick = (red > 1.2 * green) & (red > 1.2 * blue) & ~glowing
        assert glowing.sum() > 200 and brick.sum() > 2000
        lum = frame.mean(axis=2)
        assert lum[glowing].mean() > 1.5 * lum[brick].mean()
