"""Small props: their sizes, lying on the front desk's counter, and in an actor's hand (render)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.render.environment import triangle_count  # noqa: E402
from simulator.render.lighting import mood_for  # noqa: E402
from simulator.render.props import PROP_KINDS, PropContext, build_prop  # noqa: E402
from simulator.render.stage import Stage  # noqa: E402
from simulator.render.textures import TextureKit  # noqa: E402
from simulator.scenario.loading import load_scene  # noqa: E402
from simulator.scenario.model import Staging  # noqa: E402
from simulator.scenario.scene import HOLDABLE_KINDS, Lighting, PropSpec  # noqa: E402

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
SIZES = {
    "gift_box": (0.25, 0.18, 0.08),
    "business_card": (0.085, 0.055, 0.0005),
    "phone": (0.072, 0.150, 0.008),
    "envelope": (0.229, 0.162, 0.003),
}
"""Width (x), depth (y) and thickness of each new kind, metres (the gift box's bow on top)."""
ON_THE_COUNTER = ("gift_box", "phone_photo", "business_card", "envelope")
COUNTER_TOP = 1.1
GLASS_Y, PUBLIC_EDGE_Y = 0.8, 0.54
"""The counter's glass screen and its edge on the public side (world y, front desk scene)."""


def _context(render_base) -> PropContext:
    return PropContext(render_base.loader, ASSETS, TextureKit(), mood_for(Lighting()))


@pytest.mark.parametrize("kind", sorted(SIZES))
def test_each_small_kind_has_its_size_and_lies_flat_on_its_point(render_base, kind):
    built = build_prop(_context(render_base), kind, PropSpec(kind=kind, text="A. Jansen"))
    low, high = built.node.get_tight_bounds()
    width, depth, thick = SIZES[kind]
    assert high.x - low.x == pytest.approx(width, abs=0.005)
    assert high.y - low.y == pytest.approx(depth, abs=0.005)
    assert (low.x + high.x) / 2 == pytest.approx(0, abs=0.003)
    assert (low.y + high.y) / 2 == pytest.approx(0, abs=0.003)
    assert low.z == pytest.approx(0, abs=1e-4)
    # The bow rises above the gift box's lid; the rest are as thin as they are.
    assert thick <= high.z <= (thick + 0.04 if kind == "gift_box" else thick + 0.001)
    built.node.remove_node()


def test_exactly_the_small_kinds_say_how_a_hand_holds_them(render_base):
    ctx = _context(render_base)
    holdable = set()
    for kind in PROP_KINDS:
        built = build_prop(ctx, kind, PropSpec(kind=kind))
        if built.grip is not None:
            holdable.add(kind)
        built.node.remove_node()
    assert holdable == set(HOLDABLE_KINDS)


def test_a_business_card_prints_its_text(render_base):
    ctx = _context(render_base)
    plain = build_prop(ctx, "card", PropSpec(kind="business_card"))
    named = build_prop(ctx, "card", PropSpec(kind="business_card", text="M. van Dam Vastgoed"))
    assert triangle_count(named.node) > triangle_count(plain.node) + 20
    low, high = named.node.get_tight_bounds()
    assert high.x - low.x == pytest.approx(0.085, abs=0.001), "the text stays on the card"
    plain.node.remove_node()
    named.node.remove_node()


@pytest.fixture(scope="module")
def front_desk(render_base) -> Iterator[Stage]:
    world = render_base.render.attach_new_node("props-test")
    scene = load_scene(ROOT / "scenes" / "town_hall_front_desk.yaml")
    with Stage(world, render_base.loader, scene, ASSETS) as stage:
        yield stage
    world.remove_node()


def _stage(stage: Stage, show: tuple[str, ...] = (), **visitor: object) -> None:
    """Apply a staging with the visitor at the counter (or as ``visitor`` says), then let 1.5 s
    pass so the animation has blended in."""
    actors = {"visitor": {"mark": "visitor_counter", **visitor}}
    staging = {"trainee": {"mark": "trainee_counter"}, "actors": actors, "show": show}
    stage.apply(Staging.model_validate(staging), instant=True)
    for _ in range(15):
        stage.update(0.1)


def _centre(stage: Stage, prop_id: str) -> p3d.LPoint3f:
    low, high = stage.environment.prop(prop_id).get_tight_bounds(stage.environment.root)
    return (low + high) / 2


def _hand(stage: Stage, actor_id: str = "visitor") -> p3d.LPoint3f:
    person = stage.people[actor_id]
    joint = person.actor.expose_joint(None, "modelRoot", "hand_r")
    return joint.get_pos(stage.environment.root)


def test_the_counter_props_lie_on_the_counter_top_under_the_glass(front_desk):
    front_desk.apply(
        Staging.model_validate({"trainee": {"mark": "trainee_counter"}, "show": ON_THE_COUNTER}),
        instant=True,
    )
    for prop_id in ON_THE_COUNTER:
        node = front_desk.environment.prop(prop_id)
        assert not node.is_hidden(), prop_id
        low, high = node.get_tight_bounds(front_desk.environment.root)
        assert low.z == pytest.approx(COUNTER_TOP, abs=1e-3), prop_id
        assert low.y > PUBLIC_EDGE_Y and high.y < GLASS_Y, f"{prop_id} is off the public side"
        assert high.z < COUNTER_TOP + 0.25, f"{prop_id} does not pass under the glass"


def test_a_held_phone_is_in_the_visitors_hand_and_moves_with_it(front_desk):
    _stage(front_desk, animation="phone", holds="phone_photo")
    phone = front_desk.environment.prop("phone_photo")
    assert not phone.is_hidden(), "held, the phone shows though the scene hides it"
    shown_at = _centre(front_desk, "phone_photo")
    assert (shown_at - _hand(front_desk)).length() < 0.12
    assert shown_at.z > COUNTER_TOP + 0.1, "the phone animation holds it up, above the counter"
    low, high = phone.get_tight_bounds(front_desk.environment.root)
    assert max(high - low) == pytest.approx(0.150, abs=0.02), "its own size, however tall he is"

    _stage(front_desk, animation="idle", holds="phone_photo")
    lowered = _centre(front_desk, "phone_photo")
    assert (lowered - _hand(front_desk)).length() < 0.12
    assert lowered.z < COUNTER_TOP - 0.1, "his hand hangs at his side, and the phone with it"

    _stage(front_desk, animation="idle", holds="phone_photo", mark="visitor_pacing")
    walked = _centre(front_desk, "phone_photo")
    assert (walked - _hand(front_desk)).length() < 0.12
    assert (walked - lowered).length() > 1.0, "the phone goes where he goes"


def test_a_prop_no_one_holds_is_back_at_its_place(front_desk):
    _stage(front_desk, animation="phone", holds="phone_photo")
    _stage(front_desk, animation="phone")
    phone = front_desk.environment.prop("phone_photo")
    assert phone.is_hidden(), "hidden again: the scene hides it and the staging does not show it"
    _stage(front_desk, animation="phone", show=("phone_photo",))
    assert not phone.is_hidden()
    assert _centre(front_desk, "phone_photo").x == pytest.approx(0.62, abs=0.01)
    assert _centre(front_desk, "phone_photo").z == pytest.approx(COUNTER_TOP + 0.004, abs=0.002)


def test_the_models_own_phone_stays_hidden_while_the_hand_holds_something(front_desk):
    _stage(front_desk, animation="phone")
    own_phone = front_desk.people["visitor"].part("phone")[0]
    assert not own_phone.is_hidden()
    _stage(front_desk, animation="phone", holds="business_card")
    assert own_phone.is_hidden(), "one thing in the hand, not the card and a phone"


def test_a_held_prop_is_something_the_trainee_can_look_at(front_desk):
    _stage(front_desk, animation="phone", holds="envelope")
    targets = front_desk.targets()
    assert (targets["envelope"] - _hand(front_desk)).length() < 0.2


def test_the_grip_is_on_the_palm_with_y_along_the_fingers(front_desk):
    _stage(front_desk, animation="point")
    person = front_desk.people["visitor"]
    grip = person.right_hand
    root = front_desk.environment.root
    knuckle = person.actor.expose_joint(None, "modelRoot", "middle_01_r").get_pos(root)
    fingers = knuckle - _hand(front_desk)
    fingers.normalize()
    along = root.get_relative_vector(grip, p3d.LVector3f(0, 1, 0))
    assert along.length() == pytest.approx(1.0, abs=1e-3), "the grip's units are metres"
    assert along.dot(fingers) > 0.95
    # Pointing, the palm faces down: the grip's z (out of the palm) points to the floor.
    assert root.get_relative_vector(grip, p3d.LVector3f(0, 0, 1)).z < -0.5


def test_only_props_a_hand_can_hold_go_in_one(front_desk):
    hand = front_desk.people["visitor"].right_hand
    with pytest.raises(ValueError, match=r"props \['counter'\] cannot be held"):
        front_desk.environment.set_shown([], held={"counter": hand})
    with pytest.raises(KeyError, match="no props"):
        front_desk.environment.set_shown([], held={"teapot": hand})
    assert front_desk.environment.holdable == {
        "gift_box",
        "phone_photo",
        "business_card",
        "envelope",
        "desk_phone",
    }
