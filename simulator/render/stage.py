"""The stage of one scenario: its location and people, directed by each node's staging (render).

Stagings are absolute states, so ``Stage.apply`` is idempotent: entering a
node directly (a trainer's jump, a screenshot, a resumed session) gives the
same picture as arriving there by play. With ``instant=False`` people walk to
their new marks; with ``instant=True`` they are placed there at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import panda3d.core as p3d

from simulator.render.environment import EYE_HEIGHT, Environment, build_environment
from simulator.render.people import ModelLoader, Person
from simulator.scenario.content import assets_dir
from simulator.scenario.model import Line, Staging, Voice
from simulator.scenario.scene import SceneSpec
from simulator.session.gaze import GazeSample

__all__ = ["GazeSampler", "Stage"]

TRAINEE = "trainee"
_HEAD_FRACTION = 0.93
"""Eye level as a fraction of body height, for looking at someone's face."""
_SOUND_HEIGHT = 1.2
"""Metres above a mark that a voice placed there comes from (a door, an intercom)."""


class Stage:
    """A built scene with its people under ``parent``; close it (or use ``with``) to remove it."""

    def __init__(
        self,
        parent: p3d.NodePath,
        loader: ModelLoader,
        scene: SceneSpec,
        assets: Path,
        *,
        eye_height: float = EYE_HEIGHT,
    ) -> None:
        self.scene = scene
        self.eye_height = eye_height
        self.environment: Environment = build_environment(parent, loader, scene, assets)
        # An author's own project may bring its own character models; otherwise the shipped
        # ones play its people.
        characters = assets / "characters"
        if not characters.is_dir():
            characters = assets_dir() / "characters"
        self._places: dict[str, p3d.NodePath] = {}
        self.people: dict[str, Person] = {
            actor_id: Person(
                self.environment.root, loader, spec, name=actor_id, characters=characters
            )
            for actor_id, spec in scene.actors.items()
        }
        for actor_id, spec in scene.actors.items():
            mark = scene.marks[spec.mark]
            self.people[actor_id].place(mark.pos, mark.heading)
            self.people[actor_id].root.hide()
        self.trainee_mark: str | None = None
        self._look_targets: dict[str, str | None] = {}

    # -- directing -----------------------------------------------------------------------

    def apply(self, staging: Staging, *, instant: bool) -> None:
        """Make the stage match ``staging``: trainee mark, who stands where doing what and
        holding what, which props show."""
        self.trainee_mark = staging.trainee.mark
        held = {
            direction.holds: self.people[actor_id].right_hand
            for actor_id, direction in staging.actors.items()
            if direction.holds is not None
        }
        self.environment.set_shown(staging.shown_props(), held=held)
        for actor_id, person in self.people.items():
            direction = staging.actors.get(actor_id)
            if direction is None:
                person.root.hide()
                self._look_targets[actor_id] = None
                continue
            mark = self.scene.marks[direction.mark]
            was_hidden = person.root.is_hidden()
            person.root.show()
            here = person.root.get_pos()
            far = (p3d.LPoint3f(*mark.pos) - here).length() > 0.05
            if instant or was_hidden:
                person.place(mark.pos, mark.heading)
                person.play(direction.animation)
            elif far:
                person.walk_to(
                    mark.pos, mark.heading, on_arrival=_then_play(person, direction.animation)
                )
            elif not person.walking:
                person.play(direction.animation)
            self._look_targets[actor_id] = direction.look_at
        self._aim_heads()

    def gesture(self, actor_id: str, animation: str) -> None:
        """A one-off gesture by an actor on stage (a line's ``gesture``)."""
        person = self.people[actor_id]
        if not person.root.is_hidden():
            person.gesture(animation)

    def speak_gesture(self, line: Line | None) -> None:
        """The gesture a line's speaker makes while saying it, if the line has one."""
        if line is not None and line.gesture and line.speaker in self.people:
            self.gesture(line.speaker, line.gesture)

    @property
    def anyone_walking(self) -> bool:
        """True while someone on stage is still walking to their mark."""
        return any(person.walking for person in self.people.values() if not person.root.is_hidden())

    def update(self, dt: float) -> None:
        """Advance every person by ``dt`` seconds; call once a frame."""
        self._aim_heads()
        for person in self.people.values():
            if not person.root.is_hidden():
                person.update(dt)

    # -- where things are ----------------------------------------------------------------

    def trainee_eyes(self) -> p3d.LPoint3f:
        """Where the trainee's eyes are at the current trainee mark."""
        assert self.trainee_mark is not None, "apply a staging first"
        position, _ = self.environment.eye_pose(self.trainee_mark, self.eye_height)
        return p3d.LPoint3f(position)

    def eye_pose(self) -> tuple[p3d.LPoint3f, p3d.LVecBase3f]:
        """Camera position and orientation for the trainee at the current mark."""
        assert self.trainee_mark is not None, "apply a staging first"
        position, hpr = self.environment.eye_pose(self.trainee_mark, self.eye_height)
        return p3d.LPoint3f(position), p3d.LVecBase3f(hpr)

    def head_of(self, actor_id: str) -> p3d.LPoint3f:
        """The point between an actor's eyes, where others look when they look at them."""
        person = self.people[actor_id]
        position = person.root.get_pos()
        return p3d.LPoint3f(
            position.x, position.y, position.z + person.spec.height * _HEAD_FRACTION
        )

    def sound_source(
        self, speaker: str, voices: Mapping[str, Voice] | None = None
    ) -> p3d.NodePath | None:
        """Where a speaker's voice comes from: an actor on stage's mouth, else the prop or mark
        a voice not on stage is placed at (its ``at`` in ``voices``: a phone on the desk, the
        front door); None for a voice heard at the trainee's own ear (the narrator, the
        trainee's phone)."""
        person = self.people.get(speaker)
        if person is not None and not person.root.is_hidden():
            return person.mouth
        heard = (voices or {}).get(speaker)
        at = heard.at if heard is not None else None
        if at is None:
            return None
        if at in self.environment.props:
            return self.environment.props[at]
        if at not in self._places:
            mark = self.scene.marks[at]
            place = self.environment.root.attach_new_node(f"sound_{at}")
            place.set_pos(mark.pos[0], mark.pos[1], mark.pos[2] + _SOUND_HEIGHT)
            self._places[at] = place
        return self._places[at]

    def targets(self) -> dict[str, p3d.LPoint3f]:
        """Things the trainee can look at now: actors on stage and shown props, by id."""
        points = {
            actor_id: self.head_of(actor_id)
            for actor_id, person in self.people.items()
            if not person.root.is_hidden()
        }
        for prop_id, node in self.environment.props.items():
            if not node.is_hidden():
                bounds = node.get_tight_bounds(self.environment.root)
                if bounds:
                    points[prop_id] = p3d.LPoint3f((bounds[0] + bounds[1]) / 2)
        return points

    def close(self) -> None:
        """Remove people, then the environment (reverse of building)."""
        for person in self.people.values():
            person.cleanup()
        self.people.clear()
        self.environment.close()

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------

    def _point_for(self, target: str | None, looker: str) -> Sequence[float] | None:
        if target is None:
            return None
        if target == TRAINEE:
            return self.trainee_eyes() if self.trainee_mark else None
        if target in self.people and not self.people[target].root.is_hidden():
            return self.head_of(target)
        if target in self.scene.marks:
            x, y, z = self.scene.marks[target].pos
            return (x, y, z + self.people[looker].spec.height * _HEAD_FRACTION)
        return None

    def _aim_heads(self) -> None:
        for actor_id, target in self._look_targets.items():
            self.people[actor_id].look_at(self._point_for(target, actor_id))


def _then_play(person: Person, animation: str) -> Callable[[], None]:
    """What a person does on arriving at a mark: the staging's animation."""
    return lambda: person.play(animation)


class GazeSampler:
    """Samples, a few times a second, where the trainee looks and which things are in view.

    Shared by every display: the monitor passes its camera, the headset its head.
    ``half_angle`` is half the field of view in degrees; a target within
    ``looking_at`` degrees of the centre of view counts as looked at.
    """

    def __init__(
        self,
        stage: Stage,
        world: p3d.NodePath,
        *,
        half_angle: float,
        interval: float = 0.25,
        looking_at: float = 12.0,
    ) -> None:
        self.stage = stage
        self.world = world
        self.half_angle = half_angle
        self.interval = interval
        self.looking_at = looking_at
        self._next = 0.0

    def sample(self, clock: float, eyes: p3d.NodePath) -> GazeSample | None:
        """A sample when one is due at session time ``clock``, else None."""
        if clock < self._next:
            return None
        self._next = clock + self.interval
        forward = self.world.get_relative_vector(eyes, p3d.LVector3f(0, 1, 0))
        forward.normalize()
        origin = eyes.get_pos(self.world)
        seen: list[tuple[float, str]] = []
        for target, point in self.stage.targets().items():
            direction = point - origin
            if direction.length() < 0.01:
                continue
            direction.normalize()
            angle = math.degrees(math.acos(max(-1.0, min(1.0, forward.dot(direction)))))
            if angle <= self.half_angle:
                seen.append((angle, target))
        seen.sort()
        return GazeSample(
            t=clock,
            heading=round(math.degrees(math.atan2(-forward.x, forward.y)), 1),
            pitch=round(math.degrees(math.asin(max(-1.0, min(1.0, forward.z)))), 1),
            looking_at=seen[0][1] if seen and seen[0][0] <= self.looking_at else None,
            in_view=tuple(target for _, target in seen),
        )
