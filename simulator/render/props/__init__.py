"""Prop builders by kind: scene files name a ``kind`` and get geometry built in code (render layer).

``build_prop`` dispatches a ``PropSpec`` to its builder (or to the model
loader when it names a ``model`` file). ``PROP_KINDS`` lists every kind an
author may write.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from simulator.errors import SimulatorError
from simulator.render.props.base import BuiltProp, PropBuilder, PropContext
from simulator.render.props.buildings import build_town_hall
from simulator.render.props.interior import (
    build_bench,
    build_chair,
    build_counter,
    build_desk,
    build_door,
    build_notice_board,
    build_plant,
    build_room,
    build_wall,
    build_window,
)
from simulator.render.props.models import ModelLoadError, build_model
from simulator.render.props.residential import (
    build_front_door,
    build_residential_street,
    build_terraced_house,
)
from simulator.render.props.small_objects import (
    build_business_card,
    build_envelope,
    build_gift_box,
    build_phone,
)
from simulator.render.props.street import (
    build_car_park,
    build_hedge,
    build_houses,
    build_lamp_post,
    build_photo,
    build_tree,
)
from simulator.render.props.vehicles import build_car, build_suv
from simulator.scenario.scene import PropSpec

__all__ = [
    "PROP_KINDS",
    "BuiltProp",
    "ModelLoadError",
    "PropContext",
    "UnknownPropKind",
    "build_prop",
]

PROP_KINDS: Mapping[str, PropBuilder] = MappingProxyType(
    {
        "bench": build_bench,
        "business_card": build_business_card,
        "car": build_car,
        "car_park": build_car_park,
        "chair": build_chair,
        "counter": build_counter,
        "desk": build_desk,
        "door": build_door,
        "envelope": build_envelope,
        "front_door": build_front_door,
        "gift_box": build_gift_box,
        "hedge": build_hedge,
        "houses": build_houses,
        "lamp_post": build_lamp_post,
        "notice_board": build_notice_board,
        "phone": build_phone,
        "photo": build_photo,
        "plant": build_plant,
        "residential_street": build_residential_street,
        "room": build_room,
        "suv": build_suv,
        "terraced_house": build_terraced_house,
        "town_hall": build_town_hall,
        "tree": build_tree,
        "wall": build_wall,
        "window": build_window,
    }
)
"""Every procedural prop kind, by the name scene files use."""


class UnknownPropKind(SimulatorError):
    """A prop names a kind no builder offers, or names neither a kind nor a model."""


def build_prop(ctx: PropContext, prop_id: str, spec: PropSpec) -> BuiltProp:
    """Build one prop in its own space (not yet placed).

    A ``model`` wins over a ``kind``. Raises ``UnknownPropKind`` listing the
    known kinds, or ``ModelLoadError`` for a model file that cannot be used.
    """
    if spec.model:
        return build_model(ctx, spec)
    if spec.kind is None:
        raise UnknownPropKind(f"prop {prop_id!r}: has neither kind nor model; expected one of them")
    builder = PROP_KINDS.get(spec.kind)
    if builder is None:
        known = ", ".join(sorted(PROP_KINDS))
        raise UnknownPropKind(
            f"prop {prop_id!r}: unknown kind {spec.kind!r}; expected one of {known}"
        )
    return builder(ctx, spec)
