"""A residential street and the trainee's own home: street, house, front door (render layer).

The house is seen from inside (its hall, stairs and front room, lit by their own lamps) and
from its front garden; the street is what lies outside its window. Fronts face +y at heading 0.
"""

from __future__ import annotations

import math

import numpy as np
import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK, point_light
from simulator.render.props.base import BuiltProp, PropContext, Rect, color_of, size_of, textured
from simulator.render.props.buildings import make_sign
from simulator.scenario.scene import PropSpec

__all__ = ["build_front_door", "build_residential_street", "build_terraced_house"]

_WHITE = rgba((0.88, 0.87, 0.83))
_BRASS = rgba((0.72, 0.60, 0.32))
_DARK = rgba((0.10, 0.10, 0.11))
_PLASTER = rgba((0.86, 0.82, 0.74))
_CEILING = rgba((0.90, 0.89, 0.86))
_WARM = (1.0, 0.80, 0.55)

# The house's plan in its own space: the front wall's outer face on y = 0, the inside behind it
# (y < 0), the hall on the +x side with the stairs against its party wall.
_HALF_W = 2.8
_INNER = 2.7
_FRONT_IN = -0.25
_BACK = -5.0
_STOREY = 2.6
_HALL = (0.9, _INNER)
_PARTITION = (0.75, 0.9)
_HALL_DOOR_Y = (-3.4, -2.5)
_DOOR = (1.3, 2.3, 2.3)
"""The front door's opening: x from, x to, height."""
_WINDOW = (-2.4, 0.5, 0.7, 2.2)
"""The front-room window's opening: x from, x to, z from, z to."""
_STAIRS = (1.9, _INNER, -2.0, -4.9)
"""x from, x to; y of the bottom step, y of the top."""


def _flat(builder: MeshBuilder, x0, y0, x1, y1, z, color, uv_scale: float = 1.0) -> None:
    """A level rectangle facing up, its texture repeating every ``uv_scale`` metres."""
    s = uv_scale
    builder.quad(
        [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)],
        color,
        [(x0 / s, y0 / s), (x1 / s, y0 / s), (x1 / s, y1 / s), (x0 / s, y1 / s)],
    )


def _klinkers() -> np.ndarray:
    """Grey-red clay pavers in stretcher bond, as Dutch residential streets are paved."""
    return textures.brick(seed=31, courses=10, color=(0.36, 0.30, 0.28))


def build_residential_street(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A 30 km/h street of clay pavers along x, with kerbs, pavements and front gardens.

    ``size`` (length, width between the house fronts) defaults to 160 × 16 m: a 6 m road
    on the origin, 2 m pavements, then front gardens of grass up to the house fronts; grass
    stretches to the horizon behind them.
    """
    length, width, _ = size_of(spec, (160.0, 16.0, 0.0))
    hx, hy = length / 2, width / 2
    road, pave = 3.0, 5.0
    root = p3d.NodePath("residential_street")
    white = (1.0, 1.0, 1.0, 1.0)
    street = MeshBuilder()
    _flat(street, -hx, -road, hx, road, 0.0, white, 1.6)
    textured(street, root, "road", ctx.textures.get("klinkers", _klinkers)).hide(SHADOW_CAMERA_MASK)
    paving = MeshBuilder()
    for y0, y1 in ((road, pave), (-pave, -road)):
        _flat(paving, -hx, y0, hx, y1, 0.1, white, 1.2)
    textured(paving, root, "pavements", ctx.textures.get("paving", textures.paving))
    kerb = MeshBuilder()
    for y0, y1 in ((road, road + 0.12), (-road - 0.12, -road)):
        kerb.box((-hx, y0, 0.0), (hx, y1, 0.12), rgba((0.60, 0.59, 0.56)))
    kerb.attach(root, "kerbs")
    grass = MeshBuilder()
    for y0, y1 in ((pave, 400.0), (-400.0, -pave)):
        _flat(grass, -400.0, y0, 400.0, y1, 0.0, white, 3.0)
    textured(grass, root, "gardens", ctx.textures.get("grass", textures.grass)).hide(
        SHADOW_CAMERA_MASK
    )
    return BuiltProp(node=root, walkable=[(-hx, -hy, hx, hy)], extent=(-30.0, -hy, 30.0, hy))


def build_front_door(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A house's front door, 0.93 × 2.15 m, its outside face towards +y.

    The origin is the middle of its bottom edge, the leaf 5 cm deep behind it. Outside:
    raised panels, a brass letterbox, knob and house number (``text``); above them a panel
    of frosted glass lit from the porch, through which someone outside shows as a shape.
    """
    w, h, t = 0.93, 2.15, 0.05
    leaf, trim, glass = MeshBuilder(), MeshBuilder(), MeshBuilder()
    paint = color_of(spec, "#23352b")
    x0, x1 = -w / 2, w / 2
    g0, g1, gz0, gz1 = -0.27, 0.27, 1.3, 1.95
    # The leaf around the glass: below, above and either side of it.
    leaf.box((x0, -t, 0.0), (x1, 0.0, gz0), paint)
    leaf.box((x0, -t, gz1), (x1, 0.0, h), paint)
    leaf.box((x0, -t, gz0), (g0, 0.0, gz1), paint)
    leaf.box((g1, -t, gz0), (x1, 0.0, gz1), paint)
    # Raised panels and a glazing bead outside, a knob either side, the letterbox.
    for px0, px1 in ((-0.36, -0.04), (0.04, 0.36)):
        trim.box((px0, 0.0, 0.15), (px1, 0.015, 0.85), paint)
    for z in (gz0 - 0.03, gz1):
        trim.box((g0 - 0.03, 0.0, z), (g1 + 0.03, 0.02, z + 0.03), paint)
    trim.box((-0.14, 0.0, 1.0), (0.14, 0.02, 1.06), _BRASS)
    trim.box((-0.12, 0.02, 1.025), (0.12, 0.025, 1.035), _DARK)  # the letterbox's slot
    trim.box((0.33, 0.0, 1.02), (0.39, 0.06, 1.08), _BRASS)
    trim.box((0.33, -t - 0.06, 1.02), (0.39, -t, 1.08), _BRASS)
    glass.quad(
        [(g0, -t / 2, gz0), (g1, -t / 2, gz0), (g1, -t / 2, gz1), (g0, -t / 2, gz1)],
        rgba((0.97, 0.90, 0.74), 0.86),
    )
    root = p3d.NodePath("front_door")
    leaf.attach(root, "leaf")
    trim.attach(root, "fittings")
    pane = glass.attach(root, "frosted_glass")
    pane.set_transparency(p3d.TransparencyAttrib.M_alpha)
    pane.set_two_sided(True)
    pane.set_light_off(1)
    pane.set_depth_write(False)
    pane.hide(SHADOW_CAMERA_MASK)
    number = make_sign(spec.text or "9", 0.09, _BRASS, root, "house_number")
    number.set_pos(0.0, 0.02, 1.14)
    return BuiltProp(node=root, blocking=[(x0, -t, x1, 0.0)])


def build_terraced_house(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """The trainee's own terraced house, 5.6 m wide, its front towards +y; seen mostly from inside.

    Inside the front wall (y = 0): a hall on the +x side with a doormat, a coat rack, a small
    cabinet and stairs along the party wall, lit by a pendant lamp; through a doorway, the
    front room with a sofa, a low table, a television and a standing lamp, behind a wide
    window with half-drawn curtains. Outside: a brick front with a porch lamp beside the door
    opening (the door is a ``front_door`` prop), lit windows upstairs, a tiled path to the
    garden gate. The door opening is 1 m wide at x = 1.3..2.3.
    """
    brick, plaster, floor, dark = MeshBuilder(), MeshBuilder(), MeshBuilder(), MeshBuilder()
    trim, glass, lit, wood = MeshBuilder(), MeshBuilder(), MeshBuilder(), MeshBuilder()
    _front_wall(brick, plaster, trim, lit)
    _upstairs(brick, trim, lit)
    _rooms(plaster, floor, trim)
    _stairs(wood, trim)
    _hall_things(dark, trim, wood, lit)
    _front_room_things(dark, trim, wood, lit)
    _front_garden(trim)
    # The front-room window: a pane of clear glass that shows the street, and its curtains.
    wx0, wx1, wz0, wz1 = _WINDOW
    glass.quad(
        [(wx0, -0.12, wz0), (wx1, -0.12, wz0), (wx1, -0.12, wz1), (wx0, -0.12, wz1)],
        rgba((0.55, 0.62, 0.70), 0.10),
    )
    root = p3d.NodePath("terraced_house")
    textured(
        brick,
        root,
        "front_brick",
        ctx.textures.get("brick_dark", textures.dark_brick),
    )
    plaster.attach(root, "plaster")
    floor_np = textured(floor, root, "floors", ctx.textures.get("wood", textures.wood))
    floor_np.set_color_scale(1.15, 1.05, 0.95, 1)
    textured(wood, root, "woodwork", ctx.textures.get("wood", textures.wood))
    dark.attach(root, "furniture")
    trim.attach(root, "trim")
    pane = glass.attach(root, "window_glass")
    pane.set_transparency(p3d.TransparencyAttrib.M_alpha)
    pane.set_two_sided(True)
    pane.set_depth_write(False)
    pane.hide(SHADOW_CAMERA_MASK)
    glow = lit.attach(root, "lamps")
    glow.set_light_off(1)
    glow.hide(SHADOW_CAMERA_MASK)
    hall_x = (_HALL[0] + _STAIRS[0]) / 2
    lights = [
        point_light(root, "hall_light", (hall_x, -1.3, _STOREY - 0.45), (0.95, 0.74, 0.48), 5.5),
        point_light(root, "landing_light", (hall_x, -4.6, _STOREY - 0.2), (0.55, 0.45, 0.32), 5.0),
        point_light(root, "porch_lamp", (_DOOR[0] - 0.3, 0.45, 1.95), (1.0, 0.78, 0.5), 5.0),
    ]
    walkable: list[Rect] = [
        (_HALL[0], _BACK, _INNER, _FRONT_IN),
        (-_INNER, _BACK, _PARTITION[0], _FRONT_IN),
        (_PARTITION[0], _HALL_DOOR_Y[0], _PARTITION[1], _HALL_DOOR_Y[1]),
        (_DOOR[0], _FRONT_IN, _DOOR[1], 0.0),
    ]
    return BuiltProp(node=root, lights=lights, walkable=walkable, blocking=_blocking())


def _blocking() -> list[Rect]:
    """The house's walls, stairs and furniture, where nobody can stand."""
    return [
        (-_HALF_W, _FRONT_IN, _DOOR[0], 0.0),
        (_DOOR[1], _FRONT_IN, _HALF_W, 0.0),
        (-_HALF_W, _BACK - 0.1, -_INNER, 0.0),
        (_INNER, _BACK - 0.1, _HALF_W, 0.0),
        (-_HALF_W, _BACK - 0.1, _HALF_W, _BACK),
        (_PARTITION[0], _BACK, _PARTITION[1], _HALL_DOOR_Y[0]),
        (_PARTITION[0], _HALL_DOOR_Y[1], _PARTITION[1], _FRONT_IN),
        (_STAIRS[0], _STAIRS[3], _STAIRS[1], _STAIRS[2]),
        (-2.65, -4.3, -1.85, -1.8),  # the sofa
        (-1.6, -3.3, -1.0, -2.5),  # the low table
        (0.3, -1.9, _PARTITION[0], -0.7),  # the television cabinet
    ]


def _wall_x(
    b: MeshBuilder, x: float, y0: float, y1: float, z0: float, z1: float, color, east: bool
):
    """An upright rectangle in the plane at ``x``, facing +x when ``east`` (else -x)."""
    if east:
        b.quad([(x, y0, z0), (x, y1, z0), (x, y1, z1), (x, y0, z1)], color)
    else:
        b.quad([(x, y1, z0), (x, y0, z0), (x, y0, z1), (x, y1, z1)], color)


def _wall_y(
    b: MeshBuilder, y: float, x0: float, x1: float, z0: float, z1: float, color, north: bool
):
    """An upright rectangle in the plane at ``y``, facing +y when ``north`` (else -y)."""
    if north:
        b.quad([(x1, y, z0), (x0, y, z0), (x0, y, z1), (x1, y, z1)], color)
    else:
        b.quad([(x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)], color)


def _brick_face(brick: MeshBuilder, x0: float, x1: float, z0: float, z1: float) -> None:
    """A piece of the front's outside face (towards +y), its brick repeating every 0.75 m."""
    s = 0.75
    brick.quad(
        [(x1, 0.0, z0), (x0, 0.0, z0), (x0, 0.0, z1), (x1, 0.0, z1)],
        (1.0, 1.0, 1.0, 1.0),
        [(-x1 / s, z0 / s), (-x0 / s, z0 / s), (-x0 / s, z1 / s), (-x1 / s, z1 / s)],
    )


def _front_wall(
    brick: MeshBuilder, plaster: MeshBuilder, trim: MeshBuilder, lit: MeshBuilder
) -> None:
    """The ground-floor front: brick outside with the two openings, plaster inside, reveals."""
    d0, d1, dh = _DOOR
    wx0, wx1, wz0, wz1 = _WINDOW
    top = _STOREY + 0.3
    # Outside face (towards +y), in pieces around the openings; textured by the metre.
    pieces = [
        (-_HALF_W, wx0, 0.0, top),
        (wx0, wx1, 0.0, wz0),
        (wx0, wx1, wz1, top),
        (wx1, d0, 0.0, top),
        (d0, d1, dh, top),
        (d1, _HALF_W, 0.0, top),
    ]
    for x0, x1, z0, z1 in pieces:
        _brick_face(brick, x0, x1, z0, z1)
        _wall_y(plaster, _FRONT_IN, x0, x1, z0, min(z1, _STOREY), _PLASTER, north=False)
    # Reveals of the openings (inside their depth), a threshold, sills and a lintel.
    for x, east in ((d0, True), (d1, False), (wx0, True), (wx1, False)):
        z0, z1 = (0.0, dh) if x in (d0, d1) else (wz0, wz1)
        _wall_x(plaster, x, _FRONT_IN, 0.0, z0, z1, _PLASTER, east)
    for x0, x1, z in ((d0, d1, dh), (wx0, wx1, wz1)):
        plaster.quad([(x0, 0.0, z), (x1, 0.0, z), (x1, _FRONT_IN, z), (x0, _FRONT_IN, z)], _PLASTER)
    trim.box((d0, _FRONT_IN, 0.0), (d1, 0.05, 0.03), rgba((0.45, 0.44, 0.42)))
    trim.box((wx0 - 0.08, -0.02, wz0 - 0.07), (wx1 + 0.08, 0.12, wz0), rgba((0.55, 0.54, 0.52)))
    trim.box((wx0, _FRONT_IN - 0.15, wz0 - 0.03), (wx1, _FRONT_IN, wz0), _WHITE)  # inside sill
    trim.box((d0 - 0.1, 0.0, dh), (d1 + 0.1, 0.03, dh + 0.18), rgba((0.30, 0.17, 0.13)))
    trim.box((wx0 - 0.1, 0.0, wz1), (wx1 + 0.1, 0.03, wz1 + 0.18), rgba((0.30, 0.17, 0.13)))
    # The window's white frame and a mullion; the door's frame.
    f = 0.07
    for fx0, fx1 in ((wx0, wx0 + f), (wx1 - f, wx1), (-1.0, -0.95)):
        trim.box((fx0, -0.16, wz0), (fx1, -0.08, wz1), _WHITE)
    for fz0, fz1 in ((wz0, wz0 + f), (wz1 - f, wz1), (1.78, 1.83)):
        trim.box((wx0, -0.16, fz0), (wx1, -0.08, fz1), _WHITE)
    for fx0, fx1 in ((d0, d0 + 0.035), (d1 - 0.035, d1)):
        trim.box((fx0, _FRONT_IN, 0.0), (fx1, 0.0, dh), _WHITE)
    trim.box((d0, _FRONT_IN, dh - 0.15), (d1, 0.0, dh), _WHITE)
    # The porch lamp's bracket, the bell and a plate with the family name beside the door.
    trim.box((d0 - 0.35, 0.0, 1.82), (d0 - 0.25, 0.12, 2.08), _DARK)
    lit.box((d0 - 0.4, 0.12, 1.84), (d0 - 0.2, 0.3, 2.06), rgba(_WARM))
    trim.box((d1 + 0.1, 0.0, 1.2), (d1 + 0.18, 0.03, 1.3), _BRASS)


def _upstairs(brick: MeshBuilder, trim: MeshBuilder, lit: MeshBuilder) -> None:
    """The front's upper floor and roof: two windows, one lit behind its curtains."""
    z0, eaves, ridge = _STOREY + 0.3, 5.8, 9.0
    _brick_face(brick, -_HALF_W, _HALF_W, z0, eaves)
    for x0, x1, warm in ((-2.2, -0.4, True), (0.4, 2.1, False)):
        trim.box((x0 - 0.08, 0.0, 3.55), (x1 + 0.08, 0.1, 3.6), _WHITE)
        trim.box((x0, 0.0, 3.6), (x1, 0.06, 3.66), _WHITE)
        trim.box((x0, 0.0, 4.9), (x1, 0.06, 4.96), _WHITE)
        color = rgba((1.0, 0.82, 0.56)) if warm else rgba((0.08, 0.09, 0.12))
        lit.quad([(x1, 0.03, 3.66), (x0, 0.03, 3.66), (x0, 0.03, 4.9), (x1, 0.03, 4.9)], color)
    trim.quad(
        [
            (_HALF_W, 0.35, eaves - 0.2),
            (-_HALF_W, 0.35, eaves - 0.2),
            (-_HALF_W, -4.5, ridge),
            (_HALF_W, -4.5, ridge),
        ],
        rgba((0.22, 0.16, 0.13)),
    )


def _rooms(plaster: MeshBuilder, floor: MeshBuilder, trim: MeshBuilder) -> None:
    """Floors, ceilings and the inner walls of the hall and the front room."""
    white = (1.0, 1.0, 1.0, 1.0)
    _flat(floor, -_INNER, _BACK, _INNER, _FRONT_IN, 0.005, white, 1.0)
    ceiling = [(-_INNER, _FRONT_IN), (_INNER, _FRONT_IN), (_INNER, _BACK), (-_INNER, _BACK)]
    plaster.quad([(x, y, _STOREY) for x, y in ceiling], _CEILING)
    # Party walls, the back wall, both faces of the partition with its doorway.
    _wall_x(plaster, -_INNER, _BACK, _FRONT_IN, 0.0, _STOREY, _PLASTER, east=True)
    _wall_x(plaster, _INNER, _BACK, _FRONT_IN, 0.0, _STOREY, rgba((0.80, 0.76, 0.66)), east=False)
    _wall_y(plaster, _BACK, -_INNER, _INNER, 0.0, _STOREY, _PLASTER, north=True)
    dy0, dy1 = _HALL_DOOR_Y
    for x, east, color in (
        (_PARTITION[0], False, _PLASTER),
        (_PARTITION[1], True, rgba((0.80, 0.76, 0.66))),
    ):
        _wall_x(plaster, x, _BACK, dy0, 0.0, _STOREY, color, east)
        _wall_x(plaster, x, dy1, _FRONT_IN, 0.0, _STOREY, color, east)
        _wall_x(plaster, x, dy0, dy1, 2.1, _STOREY, color, east)
    plaster.quad(
        [
            (_PARTITION[0], dy1, 2.1),
            (_PARTITION[1], dy1, 2.1),
            (_PARTITION[1], dy0, 2.1),
            (_PARTITION[0], dy0, 2.1),
        ],
        _PLASTER,
    )
    for y in (dy0, dy1):
        plaster.box((_PARTITION[0], y - 0.02, 0.0), (_PARTITION[1], y + 0.02, 2.1), _WHITE)
    # Skirting boards along every wall.
    sk = rgba((0.93, 0.92, 0.88))
    trim.box((-_INNER, _BACK, 0.0), (-_INNER + 0.015, _FRONT_IN, 0.08), sk)
    trim.box((_INNER - 0.015, _BACK, 0.0), (_INNER, _FRONT_IN, 0.08), sk)
    trim.box((-_INNER, _BACK, 0.0), (_INNER, _BACK + 0.015, 0.08), sk)
    trim.box((-_INNER, _FRONT_IN - 0.015, 0.0), (_DOOR[0], _FRONT_IN, 0.08), sk)


def _stairs(wood: MeshBuilder, trim: MeshBuilder) -> None:
    """A straight flight up along the hall's party wall, with a handrail on the open side."""
    x0, x1, y_bottom, y_top = _STAIRS
    steps = 14
    run = (y_bottom - y_top) / steps
    rise = _STOREY / steps
    for i in range(steps):
        y = y_bottom - i * run
        wood.box((x0, y - run, 0.0), (x1, y, rise * (i + 1)), (1, 1, 1, 1), uv_scale=0.8)
        trim.box((x0, y - 0.01, rise * i), (x1, y, rise * (i + 1) - 0.02), _WHITE)  # risers
    # Balusters every other step and a rail along the pitch.
    pitch = math.degrees(math.atan2(rise, run))
    length = math.hypot(y_bottom - y_top, _STOREY)
    for i in range(0, steps, 2):
        y = y_bottom - (i + 0.5) * run
        z = rise * (i + 1)
        trim.box((x0 + 0.02, y - 0.02, z), (x0 + 0.06, y + 0.02, z + 0.88), _WHITE)
    with trim.transform((x0 + 0.04, y_bottom, 0.95), (180.0, pitch, 0.0)):
        trim.box((-0.03, 0.0, -0.03), (0.03, length, 0.03), rgba((0.36, 0.24, 0.16)))
    trim.box((x0 + 0.01, y_bottom - 0.05, 0.0), (x0 + 0.09, y_bottom + 0.03, 1.05), _WHITE)


def _hall_things(dark: MeshBuilder, trim: MeshBuilder, wood: MeshBuilder, lit: MeshBuilder) -> None:
    """Doormat, radiator, a small cabinet, the coat rack with coats, the pendant lamp's shade."""
    hx = _HALL[0]
    dark.box(
        (_DOOR[0] + 0.05, -0.95, 0.005), (_DOOR[1] - 0.05, -0.35, 0.02), rgba((0.30, 0.24, 0.18))
    )
    trim.box((hx, -2.2, 0.15), (hx + 0.08, -1.5, 0.75), _WHITE)  # radiator on the partition
    wood.box((hx, -1.3, 0.0), (hx + 0.35, -0.6, 0.8), (1, 1, 1, 1), uv_scale=0.6)  # the cabinet
    trim.box((hx, -4.6, 1.65), (hx + 0.06, -3.6, 1.72), _DARK)  # coat rack
    coats = ((0.22, 0.26, 0.34), (0.45, 0.30, 0.20), (0.55, 0.12, 0.12), (0.18, 0.18, 0.2))
    for i, color in enumerate(coats):
        y = -4.5 + i * 0.24
        dark.box((hx + 0.04, y, 0.75 + 0.1 * (i % 2)), (hx + 0.26, y + 0.2, 1.68), rgba(color))
    shade_x = (hx + _STAIRS[0]) / 2
    dark.box((shade_x - 0.005, -1.305, _STOREY - 0.35), (shade_x + 0.005, -1.295, _STOREY), _DARK)
    lit.sphere(0.14, (shade_x, -1.3, _STOREY - 0.45), rgba(_WARM), rings=5, segments=10)


def _front_room_things(
    dark: MeshBuilder, trim: MeshBuilder, wood: MeshBuilder, lit: MeshBuilder
) -> None:
    """Sofa, low table, television, a rug, the standing lamp and the curtains."""
    sofa = rgba((0.32, 0.36, 0.34))
    dark.box((-2.65, -4.3, 0.0), (-1.85, -1.8, 0.42), sofa)
    dark.box((-2.65, -4.3, 0.42), (-2.45, -1.8, 0.85), sofa)
    for y0, y1 in ((-4.3, -4.1), (-2.0, -1.8)):
        dark.box((-2.65, y0, 0.42), (-1.85, y1, 0.6), sofa)
    wood.box((-1.6, -3.3, 0.0), (-1.0, -2.5, 0.42), (1, 1, 1, 1), uv_scale=0.5)
    dark.box((-1.8, -3.9, 0.006), (-0.6, -1.9, 0.012), rgba((0.45, 0.32, 0.26)))  # rug
    wood.box((0.3, -1.9, 0.0), (0.72, -0.7, 0.5), (1, 1, 1, 1), uv_scale=0.5)
    dark.box((0.62, -1.75, 0.5), (0.68, -0.85, 1.05), _DARK)  # television, screen towards -x
    lit.quad(
        [(0.615, -0.88, 0.53), (0.615, -1.72, 0.53), (0.615, -1.72, 1.02), (0.615, -0.88, 1.02)],
        rgba((0.16, 0.20, 0.32)),
    )
    # The standing lamp in the corner behind the sofa.
    trim.box((-2.4, -4.65, 0.0), (-2.3, -4.55, 1.35), _DARK)
    with lit.transform((-2.35, -4.6, 0.0)):
        lit.lathe([(0.22, 1.35), (0.15, 1.62)], rgba((1.0, 0.84, 0.6)), segments=10)
    # Curtains, half drawn either side of the window, and their rail.
    wx0, wx1, wz0, wz1 = _WINDOW
    curtain = rgba((0.52, 0.40, 0.30))
    for cx0, cx1 in ((wx0 - 0.25, wx0 + 0.55), (wx1 - 0.7, wx1 + 0.2)):
        folds = 6
        xs = np.linspace(cx0, cx1, folds + 1)
        for k in range(folds):
            y = _FRONT_IN - (0.06 if k % 2 else 0.12)
            trim.quad(
                [
                    (xs[k], y, 0.05),
                    (xs[k + 1], y, 0.05),
                    (xs[k + 1], y, wz1 + 0.25),
                    (xs[k], y, wz1 + 0.25),
                ][::-1],
                curtain,
            )
            trim.quad(
                [
                    (xs[k], y, 0.05),
                    (xs[k + 1], y, 0.05),
                    (xs[k + 1], y, wz1 + 0.25),
                    (xs[k], y, wz1 + 0.25),
                ],
                curtain,
            )
    trim.box(
        (wx0 - 0.3, _FRONT_IN - 0.16, wz1 + 0.25), (wx1 + 0.3, _FRONT_IN - 0.13, wz1 + 0.28), _WHITE
    )


def _front_garden(trim: MeshBuilder) -> None:
    """A tiled path from the door to the gate and the doorstep slab."""
    d0, d1, _ = _DOOR
    tile = rgba((0.55, 0.52, 0.48))
    trim.box((d0 - 0.1, 0.0, 0.0), (d1 + 0.1, 0.45, 0.04), rgba((0.48, 0.47, 0.45)))
    for k in range(10):
        y0 = 0.5 + k * 0.3
        trim.box((d0 + 0.05, y0, 0.0), (d1 - 0.05, y0 + 0.27, 0.02), tile)
