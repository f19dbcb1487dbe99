"""The town hall: brick facade, windows lit from inside, glass entrance and lobby (render layer).

The facade lies on the origin's x axis and faces +y; the building runs back
to -y. Behind the glass doors is a lit lobby people can walk into.
"""

from __future__ import annotations

import numpy as np
import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK, point_light
from simulator.render.props.base import BuiltProp, PropContext, size_of
from simulator.scenario.scene import PropSpec

__all__ = ["build_town_hall", "make_sign"]

_FRAME = rgba((0.20, 0.21, 0.22))
_STONE = rgba((0.78, 0.76, 0.72))
_DARK_GLASS = rgba((0.10, 0.13, 0.17))
_LIT_GLASS = rgba((1.0, 0.86, 0.62))
_DOOR_GLASS = rgba((0.55, 0.66, 0.70), 0.35)
_FLOOR_H = 3.6
_LOBBY_W = 6.0  # half width
_LOBBY_D = 9.0


def make_sign(text: str, height: float, color, parent: p3d.NodePath, name: str) -> p3d.NodePath:
    """Flat letters ``height`` metres tall, centred on the origin, facing +y, under ``parent``."""
    node = p3d.TextNode(name)
    node.set_text(text)
    node.set_align(p3d.TextNode.A_center)
    node.set_text_color(*color)
    path = parent.attach_new_node(node.generate())
    # Text lies in the x-z plane facing -y; turn it round to face +y.
    path.set_scale(height / 0.72)
    path.set_h(180)
    path.set_pos(0, 0, 0)
    return path


def build_town_hall(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A three-storey brick town hall; ``size`` (width, depth, height) defaults to 36 × 14 × 11.6 m.

    Includes the paved forecourt (7 m deep) with its kerb, a canopy over the
    entrance, the sign "Gemeentehuis" (or ``text``), and the lobby behind the doors.
    """
    width, deep, height = size_of(spec, (36.0, 14.0, 3 * _FLOOR_H + 0.8))
    text = spec.text or "Gemeentehuis"
    rng = ctx.rng()
    hw = width / 2
    door_hw = 3.2

    brick = MeshBuilder()
    # Facade in three pieces around the entrance opening, then sides and back.
    brick.box((-hw, -0.4, 0.0), (-door_hw, 0.0, height), (1, 1, 1, 1), uv_scale=0.6)
    brick.box((door_hw, -0.4, 0.0), (hw, 0.0, height), (1, 1, 1, 1), uv_scale=0.6)
    brick.box((-door_hw, -0.4, 3.2), (door_hw, 0.0, height), (1, 1, 1, 1), uv_scale=0.6)
    lw, ld = _LOBBY_W, _LOBBY_D
    for lo, hi in (
        ((-hw, -deep, 0.0), (-lw, -0.4, height - 0.02)),
        ((lw, -deep, 0.0), (hw, -0.4, height - 0.02)),
        ((-lw, -deep, 0.0), (lw, -ld, height - 0.02)),
        ((-lw, -ld, 3.3), (lw, -0.4, height - 0.02)),
    ):
        brick.box(lo, hi, (1, 1, 1, 1), uv_scale=0.6)

    trim = MeshBuilder()  # stone, frames, coping: lit normally
    glow = MeshBuilder()  # lit windows: unlit, glowing
    glass = MeshBuilder()  # dark glass with a sheen
    trim.box((-hw - 0.1, -deep - 0.1, height), (hw + 0.1, 0.1, height + 0.25), _STONE)
    trim.box((-hw - 0.02, 0.0, 0.0), (hw + 0.02, 0.06, 0.45), _STONE)  # plinth

    cols = int(width // 3.0)
    for floor in range(3):
        z0 = 0.9 + floor * _FLOOR_H
        for c in range(cols):
            x = -hw + 1.5 + c * 3.0 + (width - cols * 3.0) / 2
            if abs(x) < door_hw + 1.2 and floor < 2:
                continue  # the entrance, and the sign panel above it
            wx0, wx1, wz0, wz1 = x - 0.8, x + 0.8, z0, z0 + 1.9
            trim.box((wx0 - 0.08, 0.0, wz0 - 0.12), (wx1 + 0.08, 0.14, wz0), _STONE)  # sill
            trim.box((wx0 - 0.08, 0.0, wz1), (wx1 + 0.08, 0.04, wz1 + 0.22), _STONE)  # lintel
            for fx0, fx1 in ((wx0, wx0 + 0.07), (wx1 - 0.07, wx1), (x - 0.035, x + 0.035)):
                trim.box((fx0, 0.0, wz0), (fx1, 0.05, wz1), _FRAME)
            trim.box((wx0, 0.0, wz1 - 0.07), (wx1, 0.05, wz1), _FRAME)
            lit = rng.random() < ctx.mood.lit_windows
            target = glow if lit else glass
            color = _LIT_GLASS if lit else _DARK_GLASS
            if lit:
                # A warm gradient: ceiling lights make the top of the pane brighter.
                k = rng.uniform(0.8, 1.0)
                top = rgba(tuple(min(1.0, c * k * 1.05) for c in color[:3]))
                bottom = rgba(tuple(c * k * 0.78 for c in color[:3]))
                target.add(
                    np.array(
                        [(wx0, 0.02, wz0), (wx1, 0.02, wz0), (wx1, 0.02, wz1), (wx0, 0.02, wz1)]
                    ),
                    np.tile((0, 1, 0), (4, 1)),
                    np.array([bottom, bottom, top, top]),
                    np.zeros((4, 2)),
                    [[0, 2, 1], [0, 3, 2]],
                )
            else:
                target.quad(
                    [(wx1, 0.02, wz0), (wx0, 0.02, wz0), (wx0, 0.02, wz1), (wx1, 0.02, wz1)], color
                )

    # The glass entrance: a curtain wall with mullions and two sliding doors.
    gl = MeshBuilder()
    gl.quad(
        [(door_hw, -0.2, 0.0), (-door_hw, -0.2, 0.0), (-door_hw, -0.2, 3.2), (door_hw, -0.2, 3.2)],
        _DOOR_GLASS,
    )
    for x in np.linspace(-door_hw, door_hw, 7):
        trim.box((x - 0.05, -0.25, 0.0), (x + 0.05, -0.15, 3.2), _FRAME)
    trim.box((-door_hw, -0.25, 2.45), (door_hw, -0.15, 2.55), _FRAME)
    trim.box((-door_hw, -0.25, 3.1), (door_hw, -0.15, 3.2), _FRAME)

    # Canopy on two columns, with downlights.
    trim.box((-4.5, -0.4, 3.35), (4.5, 2.6, 3.7), _STONE, bottom=True)
    for x in (-4.1, 4.1):
        trim.box((x - 0.1, 2.2, 0.0), (x + 0.1, 2.4, 3.35), _FRAME)
    for x in (-2.5, 0.0, 2.5):
        with glow.transform((x, 1.2, 0.0)):
            glow.disc(0.14, 3.345, rgba((1.0, 0.95, 0.85)), 10, facing_up=False)

    # The stone panel above the canopy that carries the sign.
    trim.box((-door_hw - 0.6, 0.0, 4.0), (door_hw + 0.6, 0.08, 5.4), _STONE)

    # Lobby: tiled floor, walls, ceiling with light panels, a reception desk.
    lobby = MeshBuilder()
    lobby.quad(
        [(-lw, -ld, 0.01), (lw, -ld, 0.01), (lw, 0.0, 0.01), (-lw, 0.0, 0.01)],
        (1, 1, 1, 1),
        [(-lw / 1.2, -ld / 1.2), (lw / 1.2, -ld / 1.2), (lw / 1.2, 0), (-lw / 1.2, 0)],
    )
    walls = MeshBuilder()
    wall = rgba((0.86, 0.84, 0.80))
    walls.quad([(-lw, -ld, 0), (-lw, -0.4, 0), (-lw, -0.4, 3.2), (-lw, -ld, 3.2)], wall)
    walls.quad([(lw, -0.4, 0), (lw, -ld, 0), (lw, -ld, 3.2), (lw, -0.4, 3.2)], wall)
    walls.quad(
        [(lw, -ld, 0), (-lw, -ld, 0), (-lw, -ld, 3.2), (lw, -ld, 3.2)], rgba((0.45, 0.50, 0.58))
    )
    walls.quad(
        [(-lw, -ld, 3.2), (lw, -ld, 3.2), (lw, -0.4, 3.2), (-lw, -0.4, 3.2)][::-1],
        rgba((0.9, 0.9, 0.9)),
    )
    walls.box((-2.0, -ld + 2.0, 0.0), (2.0, -ld + 2.7, 1.05), rgba((0.55, 0.40, 0.28)))
    walls.box((-2.05, -ld + 1.95, 1.05), (2.05, -ld + 2.75, 1.1), rgba((0.9, 0.9, 0.88)))
    for x in (-3.0, 0.0, 3.0):
        for y in (-2.5, -6.0):
            glow.quad(
                [
                    (x - 0.6, y - 0.6, 3.19),
                    (x + 0.6, y - 0.6, 3.19),
                    (x + 0.6, y + 0.6, 3.19),
                    (x - 0.6, y + 0.6, 3.19),
                ][::-1],
                rgba((1.0, 0.98, 0.92)),
            )

    root = p3d.NodePath("town_hall")
    brick_np = brick.attach(root, "brick")
    brick_np.set_texture(ctx.textures.get("brick", textures.brick))
    trim.attach(root, "trim")
    glass_np = glass.attach(root, "windows")
    sheen = p3d.Material("glass")
    sheen.set_specular((0.7, 0.7, 0.7, 1))
    sheen.set_shininess(80)
    glass_np.set_material(sheen)
    glow_np = glow.attach(root, "lit_windows")
    glow_np.set_light_off(1)
    glow_np.hide(SHADOW_CAMERA_MASK)
    floor_np = lobby.attach(root, "lobby_floor")
    floor_np.set_texture(ctx.textures.get("floor_tiles", textures.floor_tiles))
    walls.attach(root, "lobby_walls")
    doors = gl.attach(root, "entrance_glass")
    doors.set_transparency(p3d.TransparencyAttrib.M_alpha)
    doors.set_material(sheen)
    doors.set_depth_write(False)
    doors.hide(SHADOW_CAMERA_MASK)

    # Forecourt paving and the kerb towards the car park.
    court = MeshBuilder()
    court.quad(
        [(-hw - 2, 0.0, 0.012), (-hw - 2, 7.0, 0.012), (hw + 2, 7.0, 0.012), (hw + 2, 0.0, 0.012)][
            ::-1
        ],
        (1, 1, 1, 1),
        [
            (-(hw + 2) / 1.2, 0),
            (-(hw + 2) / 1.2, 7 / 1.2),
            ((hw + 2) / 1.2, 7 / 1.2),
            ((hw + 2) / 1.2, 0),
        ][::-1],
    )
    court_np = court.attach(root, "forecourt")
    court_np.set_texture(ctx.textures.get("paving", textures.paving))
    court_np.hide(SHADOW_CAMERA_MASK)
    kerb = MeshBuilder()
    kerb.box((-hw - 2, 7.0, 0.0), (hw + 2, 7.2, 0.1), rgba((0.62, 0.61, 0.58)))
    kerb.attach(root, "kerb")

    # The sign over the canopy: letters lit from the front at dusk.
    sign_color = (0.16, 0.14, 0.12, 1.0)
    sign = make_sign(text, 0.62, sign_color, root, "sign")
    sign.set_pos(0, 0.1, 4.45)
    sign.set_two_sided(True)

    lights = [point_light(root, "lobby_light", (0, -4.0, 2.8), (0.9, 0.85, 0.75), reach=9.0)]
    blocking = [
        (-hw, -deep, -lw, 0.0),
        (lw, -deep, hw, 0.0),
        (-lw, -deep, lw, -ld),
        (-2.0, -ld + 2.0, 2.0, -ld + 2.7),
    ]
    walkable = [(-hw - 2, 0.0, hw + 2, 7.2), (-lw, -ld, lw, 0.0)]
    return BuiltProp(node=root, lights=lights, walkable=walkable, blocking=blocking)
