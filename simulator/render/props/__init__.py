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
from simulator.render.props.event_hall import (
    build_banner,
    build_bar,
    build_coat_rack,
    build_dining_table,
    build_event_hall,
    build_pendant_lamp,
    build_standing_table,
)
from simulator.render.props.holiday_park import (
    build_banknotes,
    build_chalet,
    build_coffee_set,
    build_ledger,
    build_park_gate,
    build_park_grounds,
    build_picnic_table,
    build_van,
    build_washing_line,
)
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
from simulator.render.props.office import (
    build_cabinet,
    build_folder,
    build_meeting_table,
    build_mug,
)
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
        "banknotes": build_banknotes,
        "banner": build_banner,
        "bar": build_bar,
        "bench": build_bench,
        "business_card": build_business_card,
        "cabinet": build_cabinet,
        "car": build_car,
        "car_park": build_car_park,
        "chair": build_chair,
        "chalet": build_chalet,
        "coat_rack": build_coat_rack,
        "coffee_set": build_coffee_set,
        "counter": build_counter,
        "desk": build_desk,
        "dining_table": build_dining_table,
        "door": build_door,
        "envelope": build_envelope,
        "event_hall": build_event_hall,
        "folder": build_folder,
        "front_door": build_front_door,
        "gift_box": build_gift_box,
        "hedge": build_hedge,
        "houses": build_houses,
        "lamp_post": build_lamp_post,
        "ledger": build_ledger,
        "meeting_table": build_meeting_table,
        "mug": build_mug,
        "notice_board": build_notice_board,
        "park_gate": build_park_gate,
        "park_grounds": build_park_grounds,
        "pendant_lamp": build_pendant_lamp,
        "phone": build_phone,
        "photo": build_photo,
        "picnic_table": build_picnic_table,
        "plant": build_plant,
        "residential_street": build_residential_street,
        "room": build_room,
        "standing_table": build_standing_table,
        "suv": build_suv,
        "terraced_house": build_terraced_house,
        "town_hall": build_town_hall,
        "tree": build_tree,
        "van": build_van,
        "wall": build_wall,
        "washing_line": build_washing_line,
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
