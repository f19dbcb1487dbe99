"""The scene language: a 3D location described as data in scenes/*.yaml (pure core).

The render layer builds the Panda3D scene graph from a SceneSpec; the scenario
validator checks that staging only names marks, actors, props and animations
the scene has.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from simulator.scenario.model import Identifier, Text, VoiceSettings

__all__ = [
    "HOLDABLE_KINDS",
    "PROP_KINDS",
    "ActorSpec",
    "Lighting",
    "MarkSpec",
    "PropSpec",
    "SceneSpec",
]

PROP_KINDS: tuple[str, ...] = (
    "banknotes",
    "banner",
    "bar",
    "bench",
    "business_card",
    "cabinet",
    "car",
    "car_park",
    "chair",
    "chalet",
    "coat_rack",
    "coffee_set",
    "counter",
    "desk",
    "dining_table",
    "door",
    "envelope",
    "event_hall",
    "folder",
    "front_door",
    "gift_box",
    "hedge",
    "houses",
    "lamp_post",
    "ledger",
    "meeting_table",
    "mug",
    "notice_board",
    "park_gate",
    "park_grounds",
    "pendant_lamp",
    "phone",
    "photo",
    "picnic_table",
    "plant",
    "residential_street",
    "room",
    "standing_table",
    "suv",
    "terraced_house",
    "town_hall",
    "tree",
    "van",
    "wall",
    "washing_line",
    "window",
)
"""Every prop ``kind`` a scene may name: the vocabulary the render layer builds in code.

``simulator validate`` refuses any other kind; a test keeps this list equal to
the render layer's builders (``simulator.render.props``).
"""

HOLDABLE_KINDS: tuple[str, ...] = (
    "banknotes",
    "business_card",
    "envelope",
    "folder",
    "gift_box",
    "phone",
    "photo",
)
"""The small kinds an actor can hold in the hand (a staging's ``holds``); a test keeps this
list equal to the kinds whose render builders say how they sit in a hand."""

Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
Metres = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-10_000, le=10_000)]
"""A coordinate in metres: a finite number (not true/false), within 10 km of the origin."""
Vector3 = tuple[Metres, Metres, Metres]
Degrees = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-360, le=360)]
"""An angle in degrees, -360 to 360."""
Size = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=1_000)]
"""A length in metres, more than 0 and at most 1 km."""
Scale = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=100)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class MarkSpec(_Model):
    """A named spot where an actor or the trainee's viewpoint can stand."""

    pos: Vector3
    """Metres: x east, y north, z up (Panda3D's axes)."""
    heading: Degrees = 0.0
    """Degrees the one standing there faces, counter-clockwise from north (+y)."""


class ActorSpec(_Model):
    """A person in the scene."""

    body: Literal["man", "woman"]
    build: Literal["slim", "average", "heavy"] = "average"
    height: Annotated[float, Field(ge=1.4, le=2.1)] = 1.78
    """Metres."""
    skin: Color = "#c8a088"
    hair: Color = "#3a2a20"
    top: Color = "#404850"
    """Jacket or shirt colour."""
    bottom: Color = "#30343a"
    """Trousers or skirt colour."""
    shoes: Color = "#1a1a1a"
    mark: str
    """Where the actor stands before any staging moves them."""
    voice: VoiceSettings = VoiceSettings()
    """How the actor's lines are spoken: espeak-ng ``variant``, ``pitch``, ``speed``; what is
    left out is chosen from the cast, so two people never sound alike by accident."""


class PropSpec(_Model):
    """An object in the scene: built in code (``kind``) or loaded from an asset (``model``)."""

    kind: str | None = None
    """A procedural builder the render layer offers (car, lamp_post, town_hall, ...)."""
    model: str | None = None
    """A model file relative to assets/ (.bam, .egg, .gltf or .glb)."""
    pos: Vector3 = (0.0, 0.0, 0.0)
    """Metres, as for marks; most kinds stand on this point (a car's centre, a wall's middle);
    small things (gift_box, business_card, phone, envelope, folder, mug) lie or stand on it, e.g.
    on a counter or a table top."""
    heading: Degrees = 0.0
    """Degrees counter-clockwise from north: the way the prop's front faces (a car's nose,
    a sign's face, the side of a counter a visitor stands at), as for marks."""
    scale: Scale = 1.0
    color: Color | None = None
    size: tuple[Size, Size, Size] | None = None
    """Metres: width (x), depth (y), height (z) for kinds that stretch (wall, window, counter,
    desk, room, car_park, ...); None keeps the kind's own size. Applied before ``heading``."""
    text: str | None = None
    """Words a sign, notice board or business card shows; None keeps the kind's own."""
    hidden: bool = False
    """Hidden props appear only in nodes whose staging lists them under ``show``."""


class Lighting(_Model):
    """Time of day and the light it brings."""

    time_of_day: Literal["day", "dusk", "night", "indoor"] = "dusk"
    """``indoor``: ceiling lights and daylight through windows; no sky or sun shadows."""
    sun_heading: float = 250.0
    """Degrees, counter-clockwise from north."""
    sun_pitch: float = 8.0
    """Degrees above the horizon."""
    haze: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    """How thick the air looks: 0 is clear, 1 is fog."""


class SceneSpec(_Model):
    """One location, as written in ``scenes/<id>.yaml``."""

    format: Literal[1]
    id: str
    title: Text
    lighting: Lighting = Lighting()
    marks: dict[Identifier, MarkSpec] = Field(min_length=1)
    actors: dict[Identifier, ActorSpec] = Field(default_factory=dict)
    animations: tuple[str, ...] = ("idle", "walk", "arms_crossed", "point", "lean_in")
    """Animations staging and lines may ask for."""
    props: dict[Identifier, PropSpec] = Field(default_factory=dict)
    sounds: dict[Identifier, str] = Field(default_factory=dict)
    """Ambient sounds by name: paths relative to assets/."""

    def trainee_mark(self) -> str | None:
        """Where a new scenario puts the trainee: the first mark named ``trainee...`` that no
        actor starts at, else the first such free mark; None when every mark is an actor's."""
        taken = {actor.mark for actor in self.actors.values()}
        free = [mark for mark in self.marks if mark not in taken]
        named = [mark for mark in free if mark.startswith("trainee")]
        candidates = named or free
        return candidates[0] if candidates else None
