"""Builds a 3D location from a SceneSpec: ground, buildings, props, lights (render layer).

``build_environment(parent, loader, spec, assets_dir)`` returns an
``Environment``: the root NodePath, each prop's NodePath by id, the lights,
and ``set_shown()`` for props a scene hides until a node shows them. The
scene is static: nothing needs calling per frame.

Camera contract: put the camera at ``env.eye_pose(mark_id)``; keep the lens's
near plane at 0.05 m or more and its far plane beyond 500 m (the sky dome has
a radius of 450 m).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import panda3d.core as p3d

from simulator.render.lighting import Lights, build_lighting, mood_for
from simulator.render.props import BuiltProp, PropContext, build_prop
from simulator.render.props.base import Rect
from simulator.render.textures import TextureKit
from simulator.scenario.scene import PropSpec, SceneSpec

__all__ = ["EYE_HEIGHT", "Environment", "build_environment", "triangle_count"]

EYE_HEIGHT = 1.62
"""Metres from a mark's ground point to the trainee's eyes when standing; a mark's own z
(negative for seated spots, e.g. -0.45 in a car) is added to it."""


@dataclass(frozen=True)
class _Placed:
    """Where a prop stands, to map world points into its own space."""

    x: float
    y: float
    heading: float
    scale: float
    walkable: tuple[Rect, ...]
    blocking: tuple[Rect, ...]

    def to_local(self, x: float, y: float) -> tuple[float, float]:
        h = math.radians(-self.heading)
        dx, dy = x - self.x, y - self.y
        return (
            (dx * math.cos(h) - dy * math.sin(h)) / self.scale,
            (dx * math.sin(h) + dy * math.cos(h)) / self.scale,
        )

    def to_world(self, x: float, y: float) -> tuple[float, float]:
        h = math.radians(self.heading)
        x, y = x * self.scale, y * self.scale
        return (
            self.x + x * math.cos(h) - y * math.sin(h),
            self.y + x * math.sin(h) + y * math.cos(h),
        )


def _inside(rect: Rect, x: float, y: float) -> bool:
    x0, y0, x1, y1 = rect
    return x0 <= x <= x1 and y0 <= y <= y1


class Environment:
    """A built location under ``root``; ``close()`` (or leaving a ``with`` block) removes it."""

    def __init__(
        self,
        spec: SceneSpec,
        root: p3d.NodePath,
        props: dict[str, p3d.NodePath],
        placed: dict[str, _Placed],
        grips: dict[str, p3d.TransformState],
        lights: Lights,
    ) -> None:
        self.spec = spec
        """The scene this was built from."""
        self.root = root
        """Parent of every prop; sits under the ``parent`` given to ``build_environment``."""
        self._props = props
        self._placed = placed
        self._grips = grips
        self.lights = lights
        """Sun (shadow caster), ambient, and the props' point lights, set on ``parent``."""
        self._hidden = frozenset(pid for pid, p in spec.props.items() if p.hidden)

    @property
    def props(self) -> Mapping[str, p3d.NodePath]:
        """Each prop's NodePath by id (positioned, turned and scaled as the scene says)."""
        return MappingProxyType(self._props)

    @property
    def hideable(self) -> frozenset[str]:
        """Ids of the props the scene hides until a node shows them."""
        return self._hidden

    def prop(self, prop_id: str) -> p3d.NodePath:
        """The NodePath of one prop; ``KeyError`` names the known ids when there is none."""
        try:
            return self._props[prop_id]
        except KeyError:
            raise KeyError(f"no prop {prop_id!r}; expected one of {sorted(self._props)}") from None

    @property
    def holdable(self) -> frozenset[str]:
        """Ids of the props a hand can hold (those whose kind says how it sits in a hand)."""
        return frozenset(self._grips)

    def set_shown(
        self, prop_ids: Iterable[str], held: Mapping[str, p3d.NodePath] = MappingProxyType({})
    ) -> None:
        """Show exactly these hidden props and hide the other hidden ones; put each prop of
        ``held`` in its hand (a ``Person.right_hand``), shown even if the scene hides it, and
        every other prop back at its own place (absolute, idempotent).

        Props the scene does not hide are always shown and may be listed harmlessly.
        Unknown ids raise ``KeyError``, and a held prop no hand can hold ``ValueError``,
        before anything changes.
        """
        wanted = set(prop_ids)
        unknown = (wanted | set(held)) - set(self._props)
        if unknown:
            raise KeyError(f"no props {sorted(unknown)}; expected some of {sorted(self._props)}")
        too_big = sorted(set(held) - set(self._grips))
        if too_big:
            raise ValueError(
                f"props {too_big} cannot be held; expected some of {sorted(self._grips)}"
            )
        for pid, node in self._props.items():
            hand = held.get(pid)
            if hand is not None:
                node.reparent_to(hand)
                node.set_transform(self._grips[pid])
                node.set_scale(self.spec.props[pid].scale)
                node.show()
                continue
            if node.get_parent() != self.root:
                node.reparent_to(self.root)
                _stand(node, self.spec.props[pid])
            if pid in self._hidden:
                if pid in wanted:
                    node.show()
                else:
                    node.hide()

    def is_walkable(self, x: float, y: float) -> bool:
        """Whether a person can stand at (x, y): on some floor and inside no solid footprint."""
        on_floor = False
        for pid, placed in self._placed.items():
            if pid in self._hidden and self._props[pid].is_hidden():
                continue
            lx, ly = placed.to_local(x, y)
            if any(_inside(r, lx, ly) for r in placed.blocking):
                return False
            on_floor = on_floor or any(_inside(r, lx, ly) for r in placed.walkable)
        return on_floor

    def eye_pose(
        self, mark_id: str, eye_height: float = EYE_HEIGHT
    ) -> tuple[p3d.Point3, p3d.VBase3]:
        """Camera position and HPR for the trainee's eyes at a mark, looking level.

        ``camera.set_pos_hpr(*env.eye_pose("trainee_entrance"))`` (camera parented
        to the same space as ``parent``).
        """
        mark = self.spec.marks[mark_id]
        x, y, z = mark.pos
        return p3d.Point3(x, y, z + eye_height), p3d.VBase3(mark.heading, 0.0, 0.0)

    def close(self) -> None:
        """Remove the lights, fog, sky and geometry (idempotent)."""
        self.lights.remove()
        if not self.root.is_empty():
            self.root.remove_node()

    def __enter__(self) -> Environment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def triangle_count(node: p3d.NodePath) -> int:
    """Triangles under ``node`` (hidden ones included), for keeping scenes light."""
    total = 0
    for geom_np in node.find_all_matches("**/+GeomNode"):
        geom_node = geom_np.node()
        for i in range(geom_node.get_num_geoms()):
            geom = geom_node.get_geom(i)
            for k in range(geom.get_num_primitives()):
                total += geom.get_primitive(k).get_num_faces()
    return total


def _place(built: BuiltProp, prop_id: str, spec: PropSpec, root: p3d.NodePath) -> p3d.NodePath:
    holder = root.attach_new_node(prop_id)
    _stand(holder, spec)
    lights = list(built.lights)
    for light in lights:
        light.reparent_to(holder)
    geometry = built.node
    geometry.reparent_to(holder)
    if spec.color is not None and spec.kind is None:
        geometry.set_color_scale(p3d.LColor(*_hex(spec.color), 1))
    # Static: merge the builder's pieces into as few geoms as their render states allow.
    geometry.flatten_strong()
    if spec.hidden:
        holder.hide()
    return holder


def _stand(holder: p3d.NodePath, spec: PropSpec) -> None:
    """Put a prop at its own place: where, turned and scaled as the scene says."""
    holder.set_pos_hpr_scale(
        p3d.LPoint3f(*spec.pos), p3d.LVecBase3f(spec.heading, 0, 0), p3d.LVecBase3f(spec.scale)
    )


def _hex(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def build_environment(
    parent: p3d.NodePath,
    loader: object,
    spec: SceneSpec,
    assets_dir: Path,
    *,
    shadow_size: int = 2048,
) -> Environment:
    """Build the scene ``spec`` under ``parent`` and light it.

    ``loader`` is Panda3D's ``Loader`` (used only for props with a ``model``).
    Lights, fog and the auto shader are set on ``parent``, so everything under
    it (people too) is lit alike and shadowed by the sun. Raises
    ``UnknownPropKind`` or ``ModelLoadError`` for a prop that cannot be built.
    """
    mood = mood_for(spec.lighting)
    textures = TextureKit()
    root = parent.attach_new_node(f"environment:{spec.id}")
    props: dict[str, p3d.NodePath] = {}
    placed: dict[str, _Placed] = {}
    grips: dict[str, p3d.TransformState] = {}
    prop_lights: list[p3d.NodePath] = []
    extents: list[tuple[float, float]] = []
    for prop_id, prop_spec in spec.props.items():
        ctx = PropContext(
            loader=loader,
            assets_dir=assets_dir,
            textures=textures,
            mood=mood,
            seed=zlib.crc32(prop_id.encode()),
        )
        built = build_prop(ctx, prop_id, prop_spec)
        props[prop_id] = _place(built, prop_id, prop_spec, root)
        where = _Placed(
            prop_spec.pos[0],
            prop_spec.pos[1],
            prop_spec.heading,
            prop_spec.scale,
            tuple(built.walkable),
            tuple(built.blocking),
        )
        placed[prop_id] = where
        if built.grip is not None:
            grips[prop_id] = built.grip
        prop_lights.extend(built.lights)
        if built.extent is not None:
            x0, y0, x1, y1 = built.extent
            extents += [where.to_world(x, y) for x in (x0, x1) for y in (y0, y1)]
    if not extents:
        extents = [(m.pos[0], m.pos[1]) for m in spec.marks.values()]
        extents += [(p.pos[0], p.pos[1]) for p in spec.props.values()]
    xs, ys = [p[0] for p in extents], [p[1] for p in extents]
    extent = (min(xs) - 2.0, min(ys) - 2.0, max(xs) + 2.0, max(ys) + 2.0)
    lights = build_lighting(parent, spec.lighting, extent, shadow_size=shadow_size)
    for light in prop_lights:
        lights.add(light)
    return Environment(spec, root, props, placed, grips, lights)
