"""The people of the 3D scenes: skinned, animated figures that walk, gesture and look (render).

A :class:`Person` loads one of the character models that ``tools/build_characters.py`` writes to
``assets/characters/`` (``<body>_<build>.bam``), colours its parts from the scene file's
:class:`~simulator.scene.ActorSpec`, scales it to the actor's height and drives it from the app's
frame loop: the app calls :meth:`Person.update` once a frame with the frame's duration. Nothing
here uses Panda3D's builtins or the global task manager, so tests can step time exactly.

Animations are layered by weight: one looping state (``play``), at most one gesture on top
(``gesture``), a walk that moves the person at the speed its stride was authored for
(``walk_to``), and a head-and-eyes look-at applied after the animation (``look_at``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import panda3d.core as p3d
from direct.actor.Actor import Actor

from simulator.errors import SimulatorError
from simulator.scenario.scene import ActorSpec

__all__ = [
    "CHARACTER_DIR",
    "CharacterModelError",
    "LookLimits",
    "ModelLoader",
    "PARTS",
    "Person",
    "hex_color",
    "model_file",
]

CHARACTER_DIR = Path(__file__).resolve().parents[2] / "assets" / "characters"
"""Where the built character models live."""

PARTS = ("skin", "hair", "brows", "top", "bottom", "shoes", "eye_white", "iris")
"""The separately coloured parts every character model has (plus ``phone``/``phone_screen``)."""

_EYE_WHITE = "#e6e2da"
_IRIS = "#3a2618"
_PHONE = "#141518"
_PHONE_SCREEN = (0.72, 0.84, 1.0, 1.0)
_SCREEN_VISIBLE_AT = 0.35
"""The phone shows once the ``phone`` animation weighs at least this much."""
_PALM_SKIN = 0.0175
"""Metres from the hand's bones to the skin of the palm, in the model's units (the model's
own phone rests there: ``tools/build_characters.py``, ``add_phone``)."""


class CharacterModelError(SimulatorError):
    """A character model is missing or is not what ``tools/build_characters.py`` writes."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}; rebuild with `python tools/build_characters.py`")


class ModelLoader(Protocol):
    """What a Person needs of a loader: ShowBase's ``loader`` fits."""

    def load_model(self, model_path: p3d.Filename) -> p3d.NodePath: ...


@dataclass(frozen=True)
class LookLimits:
    """How far and how fast a person turns head and eyes toward what they look at (degrees)."""

    head_yaw: float = 60.0
    head_pitch_up: float = 25.0
    head_pitch_down: float = 30.0
    eye_yaw: float = 22.0
    eye_pitch: float = 14.0
    head_time: float = 0.22
    """Seconds for the head to cover about 63% of the way (exponential easing)."""
    eye_time: float = 0.05
    head_speed: float = 240.0
    """Degrees per second the head turns at most."""


def hex_color(value: str, *, linear: bool = False) -> p3d.LColor:
    """``#rrggbb`` as a colour; ``linear=True`` converts sRGB to linear (for PBR pipelines)."""
    rgb = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    if linear:
        rgb = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return p3d.LColor(*rgb, 1.0)


def model_file(spec: ActorSpec, directory: Path = CHARACTER_DIR) -> Path:
    """The model file an actor spec asks for."""
    return directory / f"{spec.body}_{spec.build}.bam"


@dataclass
class _Layer:
    """One animation contributing to the pose: its clock and its weight."""

    name: str
    time: float = 0.0
    weight: float = 0.0
    target: float = 1.0


@dataclass
class _Gesture:
    name: str
    hold: float
    time: float = 0.0
    weight: float = 0.0


@dataclass
class _Walk:
    goal: p3d.LPoint3f
    heading: float | None
    on_arrival: Callable[[], None] | None
    resume: str
    arrived: bool = False


class Person:
    """A person in the scene: a skinned figure with animations, placed under ``parent``.

    ``loader`` loads the model file (ShowBase's ``loader`` fits); ``spec`` picks the body and
    build, the height and the colours of skin, hair, top, bottom and shoes. ``name`` names the
    scene-graph node. With ``linear_colors`` the spec's sRGB colours are converted to linear
    (use it under a PBR pipeline such as simplepbr). Nothing moves until :meth:`update` is called.
    """

    def __init__(
        self,
        parent: p3d.NodePath,
        loader: ModelLoader,
        spec: ActorSpec,
        *,
        name: str,
        characters: Path = CHARACTER_DIR,
        linear_colors: bool = False,
        blend_time: float = 0.3,
        look_limits: LookLimits = LookLimits(),
    ) -> None:
        self.spec = spec
        self.name = name
        self.blend_time = blend_time
        self.look_limits = look_limits
        self._parent = parent
        path = model_file(spec, characters)
        if not path.exists():
            raise CharacterModelError(path, "character model not found")
        model = loader.load_model(p3d.Filename.from_os_specific(str(path.resolve())))
        tags = {key: model.get_tag(key) for key in ("height", "walk_speed", "walk_cycle")}
        anims = model.find("animations")
        if anims.is_empty() or not all(tags.values()):
            raise CharacterModelError(path, "no animations or tags in the model")
        bundles = {child.get_name(): child for child in anims.get_children()}
        anims.detach_node()
        self.animations: tuple[str, ...] = tuple(bundles)
        """The names :meth:`play` and :meth:`gesture` accept."""
        self.model_height = float(tags["height"])
        self.scale = spec.height / self.model_height
        self.walk_speed = float(tags["walk_speed"]) * self.scale
        """Metres per second when walking: the stride the walk cycle was authored for."""

        self.root = parent.attach_new_node(name)
        """The node that :meth:`place` and walking move; the actor hangs under it."""
        # Keep this reference: an Actor that is only in the scene graph loses its animations.
        self.actor = Actor(model, bundles, copy=False)
        self.actor.reparent_to(self.root)
        self.actor.set_scale(self.scale)
        bundle = self.actor.get_part_bundle("modelRoot")
        bundle.set_blend_type(p3d.PartBundle.BT_componentwise_quat)
        bundle.set_frame_blend_flag(True)
        self.actor.enable_blend()
        self._controls = {anim: self.actor.get_anim_control(anim) for anim in self.animations}
        self._frame_rate = {anim: c.get_frame_rate() for anim, c in self._controls.items()}

        self._head = self.actor.control_joint(None, "modelRoot", "head")
        self._eyes = [self.actor.control_joint(None, "modelRoot", f"eye_{s}") for s in "lr"]
        self._neck = self.actor.expose_joint(None, "modelRoot", "neck_01")
        self._head_rest = self._head.get_pos()
        eye_rest = (self._eyes[0].get_pos() + self._eyes[1].get_pos()) / 2
        self._eye_offset = p3d.LVector3f(eye_rest)
        self._look_target: p3d.LPoint3f | None = None
        self._head_angles = [0.0, 0.0]
        self._eye_angles = [0.0, 0.0]

        self.mouth = self.actor.expose_joint(None, "modelRoot", "head").attach_new_node("mouth")
        """Where the person's voice comes from: a node on the head joint that follows every
        turn of the head and step of the walk, just below and in front of the eyes."""
        self.mouth.set_pos(self._eye_offset + p3d.LVector3f(0.0, 0.0, -_MOUTH_BELOW_EYES))
        self.right_hand = _right_hand(self.actor, self.scale)
        """Where a held thing goes: a node on the right palm that moves with the hand. Its
        frame: origin on the skin at the middle of the palm, x across the palm towards the
        thumb, y along the fingers, z out of the palm; metres, whatever the actor's height.
        The model's own phone stays hidden while something is attached here."""

        self._parts = {
            part: self.actor.find_all_matches(f"**/{part}")
            for part in (*PARTS, "phone", "phone_screen")
        }
        self.apply_colors(spec, linear=linear_colors)

        self._layers: dict[str, _Layer] = {}
        self._loop = "idle" if "idle" in self._controls else self.animations[0]
        self._layers[self._loop] = _Layer(self._loop, weight=1.0)
        self._gesture: _Gesture | None = None
        self._walk: _Walk | None = None
        self._effects: dict[str, float] = {}
        self._phone_shown: bool | None = None
        self.update(0.0)

    # ---------------------------------------------------------------- appearance

    def apply_colors(self, spec: ActorSpec, *, linear: bool = False) -> None:
        """Colour skin, hair, brows, top, bottom and shoes from ``spec`` (no rebuild needed)."""
        colors = {
            "skin": spec.skin,
            "hair": spec.hair,
            "brows": spec.hair,
            "top": spec.top,
            "bottom": spec.bottom,
            "shoes": spec.shoes,
            "eye_white": _EYE_WHITE,
            "iris": _IRIS,
            "phone": _PHONE,
        }
        # A colour scale, not a flat colour: it multiplies the shading baked into the vertex
        # colours (lips, eye sockets, stubble, hair roots) and keeps the hair's and brows'
        # vertex alpha, which cuts their outlines.
        for part, value in colors.items():
            self._parts[part].set_color_scale(hex_color(value, linear=linear))
        screen = self._parts["phone_screen"]
        screen.set_color_scale(p3d.LColor(*_PHONE_SCREEN))
        for node in screen:
            node.set_light_off(1)  # the screen glows

    def part(self, name: str) -> p3d.NodePathCollection:
        """The geometry of one part (see :data:`PARTS`), e.g. to check or change its colour."""
        return self._parts[name]

    # ---------------------------------------------------------------- placing and moving

    def place(self, pos: Sequence[float], heading: float) -> None:
        """Stand at ``pos`` (in ``parent``'s space) facing ``heading`` degrees ccw from +Y.

        Stops any walk (its ``on_arrival`` is not called).
        """
        self._finish_walk(call=False)
        self.root.set_pos(p3d.LPoint3f(*pos))
        self.root.set_h(heading)

    @property
    def walking(self) -> bool:
        """True while a :meth:`walk_to` is under way."""
        return self._walk is not None

    def walk_to(
        self,
        pos: Sequence[float],
        heading: float | None = None,
        on_arrival: Callable[[], None] | None = None,
    ) -> None:
        """Walk to ``pos`` (``parent``'s space), then face ``heading`` and resume the loop.

        The person turns toward the goal while walking and moves at :attr:`walk_speed` times the
        walk animation's weight, so the planted foot stays put. ``on_arrival`` is called once,
        from :meth:`update`, after arriving. A new ``walk_to`` replaces the old one.
        """
        resume = self._walk.resume if self._walk else self._loop
        if resume == "walk":
            resume = "idle"
        goal = p3d.LPoint3f(*pos)
        self._walk = _Walk(goal, heading, on_arrival, resume)
        self.play("walk")

    # ---------------------------------------------------------------- animation

    def play(self, animation: str) -> None:
        """Loop ``animation``, blending from the current loop over ``blend_time`` seconds."""
        self._check(animation)
        if animation == self._loop:
            return
        self._loop = animation
        for layer in self._layers.values():
            layer.target = 0.0
        layer = self._layers.setdefault(animation, _Layer(animation))
        layer.target = 1.0
        if layer.weight == 0.0:
            layer.time = 0.0

    @property
    def current(self) -> str:
        """The loop playing (or being blended to)."""
        return self._loop

    def gesture(self, animation: str, hold: float | None = None) -> None:
        """Play ``animation`` once on top of the loop: blend in, hold, blend back out.

        ``hold`` is how long it stays at full weight (default: one cycle of the animation,
        less the blend time, and at least one second).
        """
        self._check(animation)
        if hold is None:
            hold = max(1.0, self.actor.get_duration(animation) - self.blend_time)
        self._gesture = _Gesture(animation, hold)

    @property
    def gesturing(self) -> str | None:
        """The gesture under way, if any."""
        return self._gesture.name if self._gesture else None

    def look_at(self, point: Sequence[float] | None) -> None:
        """Turn head and eyes toward ``point`` (``parent``'s space); ``None`` looks ahead again.

        The turn is eased and limited by :attr:`look_limits`; the eyes make up the rest.
        """
        self._look_target = None if point is None else p3d.LPoint3f(*point)

    def update(self, dt: float) -> None:
        """Advance walking, animation blending and look-at by ``dt`` seconds."""
        dt = max(0.0, dt)
        self._advance_walk(dt)
        self._advance_layers(dt)
        self._pose()
        self.actor.update()
        self._advance_look(dt)
        self.actor.update(force=True)

    def cleanup(self) -> None:
        """Remove the person from the scene and free the actor."""
        self._walk = None
        self.actor.cleanup()
        self.actor.remove_node()
        self.root.remove_node()

    # ---------------------------------------------------------------- internals

    def _check(self, animation: str) -> None:
        if animation not in self._controls:
            known = ", ".join(self.animations)
            raise ValueError(f"{self.name} has no animation {animation!r}; expected one of {known}")

    def _advance_walk(self, dt: float) -> None:
        walk = self._walk
        if walk is None:
            return
        here = self.root.get_pos()
        to_goal = walk.goal - here
        to_goal.z = 0.0
        distance = to_goal.length()
        if not walk.arrived:
            weight = self._layers["walk"].weight if "walk" in self._layers else 0.0
            want = math.degrees(math.atan2(-to_goal.x, to_goal.y)) if distance > 1e-4 else None
            if want is not None:
                error = _wrap(want - self.root.get_h())
                self.root.set_h(self.root.get_h() + _clamp(error, -300 * dt, 300 * dt))
                facing = max(0.0, math.cos(math.radians(error)))
            else:
                facing = 1.0
            step = self.walk_speed * weight * facing * dt
            if step >= distance:
                self.root.set_pos(walk.goal)
                walk.arrived = True
                self.play(walk.resume)
            elif distance > 0:
                self.root.set_pos(here + to_goal * (step / distance))
            return
        if walk.heading is not None:
            error = _wrap(walk.heading - self.root.get_h())
            self.root.set_h(self.root.get_h() + _clamp(error, -180 * dt, 180 * dt))
            if abs(error) > 0.5:
                return
        self._finish_walk(call=True)

    def _finish_walk(self, *, call: bool) -> None:
        walk, self._walk = self._walk, None
        if walk is None:
            return
        if self._loop == "walk":
            self.play(walk.resume)
        if call and walk.on_arrival is not None:
            walk.on_arrival()

    def _advance_layers(self, dt: float) -> None:
        rate = dt / self.blend_time if self.blend_time > 0 else 1.0
        for name in list(self._layers):
            layer = self._layers[name]
            layer.time += dt
            if layer.weight < layer.target:
                layer.weight = min(layer.target, layer.weight + rate)
            else:
                layer.weight = max(layer.target, layer.weight - rate)
            if layer.weight == 0.0 and layer.target == 0.0:
                del self._layers[name]
        gesture = self._gesture
        if gesture is not None:
            gesture.time += dt
            fade_out_at = self.blend_time + gesture.hold
            if gesture.time < fade_out_at:
                gesture.weight = min(1.0, gesture.weight + rate)
            else:
                gesture.weight = max(0.0, gesture.weight - rate)
                if gesture.weight == 0.0:
                    self._gesture = None

    def _pose(self) -> None:
        weights = {name: 0.0 for name in self._controls}
        over = self._gesture.weight if self._gesture else 0.0
        total = sum(layer.weight for layer in self._layers.values()) or 1.0
        for layer in self._layers.values():
            weights[layer.name] += (1 - over) * layer.weight / total
            self._pose_control(layer.name, layer.time)
        if self._gesture:
            weights[self._gesture.name] += over
            self._pose_control(self._gesture.name, self._gesture.time)
        # Only changes go to Panda3D: most frames every weight stays as it was, and each
        # call through Actor costs Python time on every frame of every person.
        for name, weight in weights.items():
            if self._effects.get(name) != weight:
                self._effects[name] = weight
                self.actor.set_control_effect(name, weight)
        holding = self.right_hand.get_num_children() > 0
        showing = weights.get("phone", 0.0) >= _SCREEN_VISIBLE_AT and not holding
        if showing != self._phone_shown:
            self._phone_shown = showing
            for part in ("phone", "phone_screen"):
                if showing:
                    self._parts[part].show()
                else:
                    self._parts[part].hide()

    def _pose_control(self, name: str, seconds: float) -> None:
        control = self._controls[name]
        frames = control.get_num_frames()
        control.pose((seconds * self._frame_rate[name]) % frames)

    def _advance_look(self, dt: float) -> None:
        limits = self.look_limits
        yaw, pitch = 0.0, 0.0
        if self._look_target is not None:
            local = self._neck.get_relative_point(self._parent, self._look_target)
            aim = local - (self._head_rest + self._eye_offset)
            yaw = math.degrees(math.atan2(-aim.x, aim.y))
            pitch = math.degrees(math.atan2(aim.z, math.hypot(aim.x, aim.y)))
        head_goal = (
            _clamp(yaw, -limits.head_yaw, limits.head_yaw),
            _clamp(pitch, -limits.head_pitch_down, limits.head_pitch_up),
        )
        ease = 1 - math.exp(-dt / limits.head_time) if limits.head_time > 0 else 1.0
        for k in (0, 1):
            change = (head_goal[k] - self._head_angles[k]) * ease
            most = limits.head_speed * dt
            self._head_angles[k] += _clamp(change, -most, most)
        eye_goal = (
            _clamp(yaw - self._head_angles[0], -limits.eye_yaw, limits.eye_yaw),
            _clamp(pitch - self._head_angles[1], -limits.eye_pitch, limits.eye_pitch),
        )
        eye_ease = 1 - math.exp(-dt / limits.eye_time) if limits.eye_time > 0 else 1.0
        for k in (0, 1):
            self._eye_angles[k] += (eye_goal[k] - self._eye_angles[k]) * eye_ease
        self._head.set_hpr(self._head_angles[0], self._head_angles[1], 0.0)
        for eye in self._eyes:
            eye.set_hpr(self._eye_angles[0], self._eye_angles[1], 0.0)

    @property
    def head_angles(self) -> tuple[float, float]:
        """The head's current (yaw, pitch) relative to the neck, degrees; for tests and HUDs."""
        return self._head_angles[0], self._head_angles[1]


def _right_hand(actor: Actor, scale: float) -> p3d.NodePath:
    """The grip node on the right palm (see ``Person.right_hand``), built from where the
    finger joints sit on the hand in the model."""
    hand = actor.expose_joint(None, "modelRoot", "hand_r")
    joint = actor.get_part_bundle("modelRoot").find_child("hand_r")
    rest = {
        joint.get_child(i).get_name(): p3d.LVector3f(
            joint.get_child(i).get_default_value().get_row3(3)
        )
        for i in range(joint.get_num_children())
    }
    along = p3d.LVector3f(rest["middle_01_r"]).normalized()
    across = rest["index_01_r"] - rest["pinky_01_r"]
    across = (across - along * across.dot(along)).normalized()
    palm = across.cross(along)
    centre = rest["middle_01_r"] / 2 + palm * _PALM_SKIN
    grip = hand.attach_new_node("right_hand")
    grip.set_mat(p3d.LMatrix4f(*across, 0, *along, 0, *palm, 0, *centre, 1))
    grip.set_scale(1 / scale)
    return grip


_MOUTH_BELOW_EYES = 0.07
"""How far the mouth sits below the eyes in the model, metres."""


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _wrap(degrees: float) -> float:
    return (degrees + 180.0) % 360.0 - 180.0
