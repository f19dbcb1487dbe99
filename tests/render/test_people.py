"""The people of the 3D scenes: skeleton, animations, walking, look-at, colours (render tests)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from simulator.scenario.scene import ActorSpec

pytestmark = pytest.mark.render

p3d = pytest.importorskip("panda3d.core")
people = pytest.importorskip("simulator.render.people")

ROOT = Path(__file__).resolve().parents[2]
SCENE = ROOT / "scenes" / "town_hall_car_park.yaml"
DT = 1 / 60
EXPECTED_JOINTS = {
    "pelvis",
    "spine_01",
    "spine_02",
    "spine_03",
    "neck_01",
    "head",
    "eye_l",
    "eye_r",
    *(f"{bone}_{side}" for bone in ("clavicle", "upperarm", "lowerarm", "hand") for side in "lr"),
    *(f"{bone}_{side}" for bone in ("thigh", "calf", "foot", "ball") for side in "lr"),
    *(
        f"{finger}_0{k}_r"
        for finger in ("thumb", "index", "middle", "ring", "pinky")
        for k in (1, 2, 3)
    ),
}


def spec(**changes: object) -> ActorSpec:
    values: dict[str, object] = {
        "body": "man",
        "build": "average",
        "height": 1.80,
        "skin": "#c8a088",
        "hair": "#3a2a20",
        "top": "#b03020",
        "bottom": "#203060",
        "shoes": "#e8e8e4",
        "mark": "somewhere",
    }
    values.update(changes)
    return ActorSpec.model_validate(values)


@pytest.fixture
def stage(render_base: object) -> Iterator[p3d.NodePath]:
    """A fresh node under the engine's scene root, removed after the test."""
    node = render_base.render.attach_new_node("people-test")  # type: ignore[attr-defined]
    yield node
    node.remove_node()


@pytest.fixture
def person(render_base: object, stage: p3d.NodePath) -> Iterator[people.Person]:
    who = people.Person(stage, render_base.loader, spec(), name="tester")  # type: ignore[attr-defined]
    yield who
    who.cleanup()


def run(person: people.Person, seconds: float) -> None:
    for _ in range(round(seconds / DT)):
        person.update(DT)


def joint_positions(person: people.Person, names: list[str]) -> dict[str, p3d.NodePath]:
    return {name: person.actor.expose_joint(None, "modelRoot", name) for name in names}


def test_every_character_model_has_the_expected_skeleton(render_base: object, stage) -> None:
    for body in ("man", "woman"):
        for build in ("slim", "average", "heavy"):
            who = people.Person(stage, render_base.loader, spec(body=body, build=build), name=build)
            joints = {joint.get_name() for joint in who.actor.get_joints()}
            assert joints >= EXPECTED_JOINTS, f"{body}_{build} lacks {EXPECTED_JOINTS - joints}"
            for part in (*people.PARTS, "phone", "phone_screen"):
                assert not who.part(part).is_empty(), f"{body}_{build} has no part {part}"
            who.cleanup()


def test_every_animation_the_scene_lists_exists_and_moves_joints(person) -> None:
    listed = yaml.safe_load(SCENE.read_text())["animations"]
    assert set(listed) <= set(person.animations)
    watched = ["hand_l", "hand_r", "foot_l", "spine_03", "neck_01"]
    nodes = joint_positions(person, watched)
    run(person, 1.0)
    idle = {name: node.get_pos(person.root) for name, node in nodes.items()}
    for animation in listed:
        if animation == "idle":
            continue
        person.play(animation)
        run(person, 1.0)
        moved = max((nodes[name].get_pos(person.root) - idle[name]).length() for name in watched)
        assert moved > 0.03, f"{animation} moves no watched joint more than 3 cm ({moved:.3f})"
        person.play("idle")
        run(person, 1.0)


def test_idle_moves_over_time(person) -> None:
    chest = joint_positions(person, ["spine_03"])["spine_03"]
    samples = []
    for _ in range(8):
        run(person, 0.5)
        samples.append(chest.get_pos(person.root))
    spread = max((a - b).length() for a in samples for b in samples)
    assert 0.003 < spread < 0.08


def test_point_ends_with_the_arm_about_horizontal(person) -> None:
    nodes = joint_positions(person, ["upperarm_r", "hand_r", "index_03_r", "middle_03_r"])
    person.gesture("point")
    run(person, 1.0)
    assert person.gesturing == "point"
    shoulder, hand = nodes["upperarm_r"].get_pos(person.root), nodes["hand_r"].get_pos(person.root)
    arm = hand - shoulder
    elevation = math.degrees(math.atan2(arm.z, math.hypot(arm.x, arm.y)))
    assert -25 < elevation < 5, f"arm elevation {elevation:.1f} degrees"
    assert arm.y > 0.3, "the arm points forward"
    index = (nodes["index_03_r"].get_pos(person.root) - hand).length()
    middle = (nodes["middle_03_r"].get_pos(person.root) - hand).length()
    assert index > middle + 0.02, "index extended, other fingers curled"


def test_gesture_returns_to_the_loop(person) -> None:
    person.play("arms_crossed")
    run(person, 0.5)
    person.gesture("point", hold=0.5)
    run(person, 0.5)
    assert person.gesturing == "point"
    run(person, 1.5)
    assert person.gesturing is None
    assert person.current == "arms_crossed"


def test_unknown_animation_is_refused_with_the_known_ones(person) -> None:
    with pytest.raises(ValueError, match="expected one of idle"):
        person.play("dance")


def test_walk_to_arrives_faces_the_heading_and_calls_back_once(person) -> None:
    arrivals = []
    person.place((0, 0, 0), 0)
    person.walk_to((3.0, 4.0, 0.0), heading=90.0, on_arrival=lambda: arrivals.append(1))
    assert person.walking
    run(person, 5.0 / person.walk_speed + 3.0)
    assert not person.walking
    assert arrivals == [1]
    assert (person.root.get_pos() - p3d.LPoint3f(3, 4, 0)).length() < 1e-3
    assert abs(((person.root.get_h() - 90.0) + 180) % 360 - 180) < 1.0
    assert person.current == "idle"


def test_walking_feet_do_not_slide(person, stage) -> None:
    """A planted foot stays put in the world while the body walks over it."""
    person.place((0, 0, 0), 0)
    person.walk_to((0, 40, 0))
    foot = joint_positions(person, ["foot_l"])["foot_l"]
    run(person, 1.5)  # blend into the walk, reach full speed
    samples = []
    for _ in range(round(2 * 1.08 / DT)):
        person.update(DT)
        samples.append(foot.get_pos(stage))
    lowest = min(p.z for p in samples)
    planted = [p for p in samples if p.z < lowest + 0.003]
    runs, current = [], [planted[0]]
    for a, b in zip(planted, planted[1:], strict=False):
        if (b - a).length() > 0.1:
            runs.append(current)
            current = []
        current.append(b)
    runs.append(current)
    slide = max(max((p - r[0]).length() for p in r) for r in runs if len(r) > 3)
    assert len(planted) > 20
    assert slide < 0.02, f"planted foot slides {slide * 100:.1f} cm"


def test_look_at_turns_the_head_toward_the_target_within_limits(render_base, person, stage) -> None:
    head = joint_positions(person, ["head"])["head"]
    person.place((0, 0, 0), 0)
    eye_height = 0.93 * person.spec.height
    target = p3d.LPoint3f(-2.0, 2.0, eye_height)  # 45 degrees to the person's left
    person.look_at(target)
    run(person, 1.5)
    yaw, _ = person.head_angles
    assert 35 < yaw < 55
    forward = stage.get_relative_vector(head, p3d.LVector3f(0, 1, 0))
    to_target = target - head.get_pos(stage)
    heading = math.degrees(math.atan2(-forward.x, forward.y))
    wanted = math.degrees(math.atan2(-to_target.x, to_target.y))
    assert abs(heading - wanted) < 10
    person.look_at((0.0, -3.0, eye_height))  # behind: the head stops at its limit
    run(person, 1.5)
    yaw, _ = person.head_angles
    assert abs(abs(yaw) - person.look_limits.head_yaw) < 0.5
    person.look_at(None)
    run(person, 2.0)
    assert abs(person.head_angles[0]) < 1.0


def test_look_at_is_eased_not_instant(person) -> None:
    person.place((0, 0, 0), 0)
    person.look_at((2.0, 2.0, 1.7))
    person.update(DT)
    assert abs(person.head_angles[0]) < 10


def test_colours_and_height_come_from_the_spec(render_base, stage) -> None:
    who = people.Person(
        stage, render_base.loader, spec(body="woman", height=1.62, top="#123456"), name="w"
    )
    try:
        top = who.part("top")[0].get_color_scale()
        assert top.almost_equal(people.hex_color("#123456"), 2e-3)
        assert (
            who.part("shoes")[0].get_color_scale().almost_equal(people.hex_color("#e8e8e4"), 2e-3)
        )
        bounds = who.actor.get_tight_bounds(stage)
        assert bounds is not None
        assert abs(bounds[1].z - 1.62) < 0.05
        assert abs(bounds[0].z) < 0.03
    finally:
        who.cleanup()


def test_phone_shows_only_while_the_phone_animation_plays(person) -> None:
    phone = person.part("phone")[0]
    assert phone.is_hidden()
    person.play("phone")
    run(person, 1.0)
    assert not phone.is_hidden()
    person.play("idle")
    run(person, 1.0)
    assert phone.is_hidden()


def test_a_person_is_visible_against_the_background(render_base, person) -> None:
    base = render_base
    person.place((0, 0, 0), 180)
    run(person, 0.2)
    camera = base.camera
    saved = camera.get_transform()
    try:
        base.set_background_color(0, 0, 0, 1)
        camera.set_pos(0, -4.0, 1.0)
        camera.look_at(0, 0, 1.0)
        base.graphics_engine.render_frame()
        base.graphics_engine.render_frame()
        image = base.win.get_screenshot()
        assert image is not None
        pnm = p3d.PNMImage()
        image.store(pnm)
        width, height = pnm.get_x_size(), pnm.get_y_size()
        lit = sum(
            1
            for x in range(width // 3, 2 * width // 3)
            for y in range(height)
            if pnm.get_bright(x, y) > 0.02
        )
        assert lit > 0.05 * (width // 3) * height
    finally:
        camera.set_transform(saved)
