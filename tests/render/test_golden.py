"""Small golden images of the scenes and people, compared with a tolerance (render tests).

Each view is rendered at the test buffer's size (320x180), averaged down to 160x90 and
compared with ``tests/render/golden/<name>.png``: it passes when the mean absolute
difference per channel stays under ``MEAN_TOLERANCE`` and at most ``PIXEL_FRACTION`` of
the pixels differ by more than ``PIXEL_TOLERANCE`` in some channel. A failing view saves
the actual image and a difference image in ``tests/render/golden/failed/``.

Regenerate after an intended change of the look with::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_golden.py

and look at the new images before committing them. The images are rendered through GLX
(pytest-xvfb gives an X display): Panda3D's auto shader does not compile under EGL with
Mesa here, so without an X display these tests skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.render.stage import Stage  # noqa: E402
from simulator.scenario.loading import load_scenario  # noqa: E402

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
FAILED = GOLDEN / "failed"
MEAN_TOLERANCE = 3.0
"""Mean absolute difference per channel, in 0..255 levels."""
PIXEL_TOLERANCE = 40
"""A pixel counts as different when some channel is off by more than this."""
PIXEL_FRACTION = 0.02
"""At most this fraction of pixels may differ."""
FIELD_OF_VIEW = 70.0
SETTLE_FRAMES = 12
"""Frames of 0.1 s before the picture: people blend into their animation and turn their heads."""

_DESK = {"visitor": "visitor_counter", "colleague": "colleague_desk"}
# name: (scene, a staging of the car park scenario or {actor: mark} looking at the trainee,
#        trainee mark, extra heading and pitch of the view)
VIEWS = {
    "car_park_entrance": ("town_hall_car_park", "first_sight", "trainee_entrance", (0, -4)),
    "car_park_men_close": ("town_hall_car_park", "at_car", "trainee_at_car", (-4, -2)),
    "front_desk_counter": ("town_hall_front_desk", _DESK, "trainee_counter", (0, -6)),
    "front_desk_colleague": ("town_hall_front_desk", _DESK, "trainee_at_colleague", (0, -8)),
}


@pytest.fixture(scope="module")
def glx(render_base):
    pipe = render_base.pipe.get_type().get_name()
    if pipe != "glxGraphicsPipe":
        pytest.skip(f"golden images are rendered through GLX (run under Xvfb); this is {pipe}")
    return render_base


@pytest.fixture(scope="module")
def car_park():
    return load_scenario(ROOT / "scenarios" / "car_park.yaml", explore=False)


def render_view(base, car_park, name: str) -> np.ndarray:
    """The view ``name`` as a 160x90 RGB array (uint8)."""
    from simulator.scenario.loading import load_scene
    from simulator.scenario.model import Staging

    scene_id, cast, mark, (turn, tilt) = VIEWS[name]
    if isinstance(cast, dict):
        scene = load_scene(ROOT / "scenes" / f"{scene_id}.yaml")
        actors = {actor: {"mark": at, "look_at": "trainee"} for actor, at in cast.items()}
        staging = Staging.model_validate({"trainee": {"mark": mark}, "actors": actors})
    else:
        scene = car_park.scene
        staging = car_park.scenario.stagings[cast]
    world = base.render.attach_new_node("golden")
    lens = base.cam.node().get_lens()
    old_fov, old_near, old_far = lens.get_fov(), lens.get_near(), lens.get_far()
    width, height = base.win.get_x_size(), base.win.get_y_size()
    lens.set_fov(FIELD_OF_VIEW, _vertical(FIELD_OF_VIEW, width / height))
    lens.set_near_far(0.1, 900.0)
    try:
        with Stage(world, base.loader, scene, ROOT / "assets") as stage:
            stage.apply(staging, instant=True)
            for _ in range(SETTLE_FRAMES):
                stage.update(0.1)
            position, hpr = stage.eye_pose()
            base.camera.set_pos_hpr(position, p3d.LVecBase3f(hpr[0] + turn, tilt, 0))
            base.graphics_engine.render_frame()
            base.graphics_engine.render_frame()
            tex = base.win.get_screenshot()
            data = np.frombuffer(bytes(tex.get_ram_image_as("RGB")), dtype=np.uint8)
            image = data.reshape(tex.get_y_size(), tex.get_x_size(), 3)[::-1].astype(float)
    finally:
        lens.set_fov(old_fov)
        lens.set_near_far(old_near, old_far)
        world.remove_node()
    h, w = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    small = image[:h, :w].reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3))
    return np.round(small).astype(np.uint8)


def _vertical(horizontal: float, aspect: float) -> float:
    import math

    half = math.radians(horizontal) / 2
    return math.degrees(2 * math.atan(math.tan(half) / aspect))


def read_png(path: Path) -> np.ndarray:
    image = p3d.PNMImage()
    if not image.read(p3d.Filename.from_os_specific(str(path))):
        raise OSError(f"cannot read {path}")
    w, h = image.get_x_size(), image.get_y_size()
    out = np.zeros((h, w, 3), dtype=np.uint8)
    for y in range(h):
        for x in range(w):
            out[y, x] = [round(c * 255) for c in image.get_xel(x, y)]
    return out


def write_png(path: Path, pixels: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    h, w, _ = pixels.shape
    image = p3d.PNMImage(w, h, 3)
    for y in range(h):
        for x in range(w):
            r, g, b = (int(v) for v in pixels[y, x])
            image.set_xel_val(x, y, r, g, b)
    if not image.write(p3d.Filename.from_os_specific(str(path))):
        raise OSError(f"cannot write {path}")


def compare(actual: np.ndarray, expected: np.ndarray) -> tuple[float, float]:
    """Mean absolute difference per channel (0..255) and the fraction of differing pixels."""
    difference = np.abs(actual.astype(int) - expected.astype(int))
    mean = float(difference.mean())
    fraction = float((difference.max(axis=2) > PIXEL_TOLERANCE).mean())
    return mean, fraction


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_view_matches_its_golden_image(glx, car_park, name):
    actual = render_view(glx, car_park, name)
    golden = GOLDEN / f"{name}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        write_png(golden, actual)
        pytest.skip(f"wrote {golden.relative_to(ROOT)}; look at it before committing it")
    assert golden.is_file(), (
        f"no golden image {golden.relative_to(ROOT)}; make it with UPDATE_GOLDEN=1 "
        "python -m pytest tests/render/test_golden.py"
    )
    expected = read_png(golden)
    assert expected.shape == actual.shape, f"{golden.name}: size {expected.shape} != {actual.shape}"
    mean, fraction = compare(actual, expected)
    if mean > MEAN_TOLERANCE or fraction > PIXEL_FRACTION:
        saved = FAILED / f"{name}_actual.png"
        write_png(saved, actual)
        diff = np.abs(actual.astype(int) - expected.astype(int))
        write_png(FAILED / f"{name}_diff.png", np.clip(diff * 4, 0, 255).astype(np.uint8))
        pytest.fail(
            f"{name} differs from {golden.relative_to(ROOT)}: mean difference {mean:.2f} "
            f"(tolerance {MEAN_TOLERANCE}), {fraction:.1%} of pixels off by more than "
            f"{PIXEL_TOLERANCE} (tolerance {PIXEL_FRACTION:.0%}). Actual image: "
            f"{saved.relative_to(ROOT)}, difference x4: {name}_diff.png beside it. If the "
            "change is intended, regenerate with UPDATE_GOLDEN=1 and look at the images."
        )


def test_the_comparison_tolerates_noise_but_not_a_changed_picture():
    rng = np.random.default_rng(1)
    picture = rng.integers(0, 256, (90, 160, 3)).astype(np.uint8)
    noisy = np.clip(picture.astype(int) + rng.integers(-2, 3, picture.shape), 0, 255)
    mean, fraction = compare(noisy.astype(np.uint8), picture)
    assert mean <= MEAN_TOLERANCE and fraction <= PIXEL_FRACTION
    changed = picture.copy()
    changed[30:60, 50:110] = 255 - changed[30:60, 50:110]
    mean, fraction = compare(changed, picture)
    assert fraction > PIXEL_FRACTION
