"""Outdoor props: car park surface, lamp posts, trees, hedges, houses, a photo (render layer).

All face +y at heading 0 and stand on the ground at their origin.
"""

from __future__ import annotations

import math

import numpy as np
import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK, point_light
from simulator.render.props.base import BuiltProp, PropContext, color_of, size_of
from simulator.scene import PropSpec

__all__ = [
    "BAY_DEPTH",
    "BAY_WIDTH",
    "build_car_park",
    "build_hedge",
    "build_houses",
    "build_lamp_post",
    "build_photo",
    "build_tree",
]

BAY_WIDTH = 2.4
"""Metres across one parking bay; bay centres lie at x = ±1.2, ±3.6, ... from the origin."""
BAY_DEPTH = 5.0
"""Metres from the aisle to the back of a bay."""

_PAINT = rgba((0.86, 0.86, 0.82))
_KERB = rgba((0.62, 0.61, 0.58))


def _textured(builder: MeshBuilder, parent: p3d.NodePath, name: str, tex: p3d.Texture):
    node = builder.attach(parent, name)
    node.set_texture(tex)
    return node


def _flat(builder: MeshBuilder, x0, y0, x1, y1, z, color, uv_scale: float = 4.0) -> None:
    builder.quad(
        [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)],
        color,
        [
            (x0 / uv_scale, y0 / uv_scale),
            (x1 / uv_scale, y0 / uv_scale),
            (x1 / uv_scale, y1 / uv_scale),
            (x0 / uv_scale, y1 / uv_scale),
        ],
    )


def build_car_park(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """An asphalt car park: two rows of painted bays either side of an aisle on the origin.

    ``size`` (width, depth of the asphalt) defaults to 48 × 17.5 m. South of
    it runs a pavement with a kerb and hedge, then a road with a gap to the
    east for the exit; grass stretches to the horizon.
    """
    width, depth, _ = size_of(spec, (48.0, 17.5, 0.0))
    x0, x1 = -width / 2, width / 2
    y0, y1 = -depth / 2, depth / 2
    root = p3d.NodePath("car_park")
    white = (1.0, 1.0, 1.0, 1.0)

    tarmac = MeshBuilder()
    _flat(tarmac, x0, y0, x1, y1, 0.0, white)
    # The road south of the pavement, running far east and west.
    road_y0, road_y1 = y0 - 8.5, y0 - 2.0
    _flat(tarmac, -160.0, road_y0, 160.0, road_y1, 0.0, white)
    # The exit: asphalt across the pavement at the east end.
    exit_x0, exit_x1 = x1 - 14.0, x1 - 8.0
    _flat(tarmac, exit_x0, road_y1, exit_x1, y0, 0.0, white)
    _textured(tarmac, root, "asphalt", ctx.textures.get("asphalt", textures.asphalt))

    paint = MeshBuilder()
    line = 0.1
    for row_sign in (-1.0, 1.0):
        back = row_sign * (2.5 + BAY_DEPTH)
        front = row_sign * 2.5
        lo, hi = sorted((front, back))
        k = 0
        while True:
            x = k * BAY_WIDTH
            if x > x1 - 1.0:
                break
            for xe in {x, -x}:
                if x0 + 1.0 < xe < x1 - 1.0 and not (
                    row_sign < 0 and exit_x0 - 1 < xe < exit_x1 + 1
                ):
                    _flat(paint, xe - line / 2, lo, xe + line / 2, hi, 0.006, _PAINT)
            k += 1
        # The line along the back of the bays.
        bx0, bx1 = x0 + 1.0, x1 - 1.0
        if row_sign < 0:
            bx1 = exit_x0 - 1.0
        _flat(paint, bx0, back - line / 2, bx1, back + line / 2, 0.006, _PAINT)
    # Dashed centre line on the road and give-way triangles at the exit.
    for x in np.arange(-60.0, 60.0, 6.0):
        _flat(
            paint,
            x,
            (road_y0 + road_y1) / 2 - 0.06,
            x + 3.0,
            (road_y0 + road_y1) / 2 + 0.06,
            0.006,
            _PAINT,
        )
    for x in np.arange(exit_x0 + 0.3, exit_x1 - 0.3, 0.6):
        yb = road_y1 + 0.25
        paint.quad(
            [(x - 0.2, yb, 0.006), (x + 0.2, yb, 0.006), (x, yb - 0.45, 0.006)][::-1]
            + [(x, yb - 0.45, 0.006)],
            _PAINT,
        )
    paint_np = paint.attach(root, "bay_lines")
    paint_np.set_depth_offset(1)

    # Pavement with kerbs, and a hedge behind it with a gap at the exit.
    pave = MeshBuilder()
    for px0, px1 in ((-160.0, exit_x0), (exit_x1, 160.0)):
        _flat(pave, px0, road_y1, px1, y0, 0.08, white, 2.0)
    _textured(pave, root, "paving", ctx.textures.get("paving", textures.paving))
    kerb = MeshBuilder()
    for px0, px1 in ((-160.0, exit_x0), (exit_x1, 160.0)):
        kerb.box((px0, road_y1 - 0.02, 0.0), (px1, road_y1 + 0.16, 0.12), _KERB)
        kerb.box((px0, y0 - 0.16, 0.0), (px1, y0 + 0.02, 0.12), _KERB)
    kerb.box((x0 - 0.18, y0, 0.0), (x0, y1, 0.12), _KERB)
    kerb.box((x1, y0, 0.0), (x1 + 0.18, y1, 0.12), _KERB)
    kerb.attach(root, "kerbs")
    hedge = MeshBuilder()
    for hx0, hx1 in ((x0 - 20.0, exit_x0 - 1.5), (exit_x1 + 1.5, x1 + 20.0)):
        _hedge_box(hedge, hx0, y0 - 1.05, hx1, y0 - 0.35, 1.1)
    _textured(hedge, root, "hedge", ctx.textures.get("hedge", _hedge_texture))

    grass = MeshBuilder()
    # Grass to the horizon, around everything else (slightly below, so nothing fights).
    for gx0, gy0, gx1, gy1 in (
        (-400.0, road_y1, x0 - 0.18, 400.0),
        (x1 + 0.18, road_y1, 400.0, 400.0),
        (x0 - 0.18, y1, x1 + 0.18, 400.0),
        (-400.0, -400.0, 400.0, road_y0),
    ):
        _flat(grass, gx0, gy0, gx1, gy1, -0.01, white, 3.0)
    grass_np = _textured(grass, root, "grass", ctx.textures.get("grass", textures.grass))
    grass_np.hide(SHADOW_CAMERA_MASK)
    tarmac_parts = root.find("asphalt")
    tarmac_parts.hide(SHADOW_CAMERA_MASK)

    walkable = [(x0, y0, x1, y1), (-160.0, road_y0, 160.0, y0)]
    return BuiltProp(node=root, walkable=walkable, extent=(x0, road_y0, x1, y1))


def _hedge_box(builder: MeshBuilder, x0, y0, x1, y1, height) -> None:
    builder.box((x0, y0, 0.0), (x1, y1, height - 0.12), (1, 1, 1, 1), uv_scale=1.5)
    # A rounded top: a half cylinder along x made as a grid.
    angles = np.linspace(0.0, math.pi, 6)
    cy, r = (y0 + y1) / 2, (y1 - y0) / 2
    ring = [(cy + r * math.cos(a), height - 0.12 + 0.12 * math.sin(a)) for a in angles]
    pts = np.array([[(x, y, z) for y, z in ring] for x in (x0, x1)])
    builder.grid(pts, (1, 1, 1, 1))


def _hedge_texture() -> np.ndarray:
    rng = np.random.default_rng(11)
    base = textures.noise(128, 16, 12) * 0.35 + rng.standard_normal((128, 128)) * 0.25
    leaves = 0.75 + base
    return np.clip(leaves[:, :, None] * np.array([0.13, 0.24, 0.09]), 0, 1)


def build_lamp_post(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A 6 m street lamp whose arm reaches towards +y; it shines when the mood has lamps on."""
    height = 6.0 * spec.scale
    metal = color_of(spec, "#4a4e54")
    pole = MeshBuilder()
    pole.lathe(
        [(0.16, 0.0), (0.16, 0.5), (0.09, 0.6), (0.065, height - 0.2), (0.05, height)],
        metal,
        segments=10,
    )
    # The arm: a short curve then straight out to the luminaire.
    arm_len = 1.4
    for i in range(6):
        a0, a1 = math.radians(i * 15), math.radians((i + 1) * 15)
        r = 0.45
        p0 = (0.0, r - r * math.cos(a0), height - 0.45 + r * math.sin(a0))
        p1 = (0.0, r - r * math.cos(a1), height - 0.45 + r * math.sin(a1))
        pole.box(
            (-0.035, min(p0[1], p1[1]), min(p0[2], p1[2]) - 0.03),
            (0.035, max(p0[1], p1[1]) + 0.03, max(p0[2], p1[2]) + 0.03),
            metal,
        )
    pole.box((-0.035, 0.45, height - 0.05), (0.035, arm_len, height + 0.02), metal)
    pole.box(
        (-0.22, arm_len - 0.1, height - 0.12),
        (0.22, arm_len + 0.55, height + 0.05),
        metal,
        bottom=False,
    )
    root = p3d.NodePath("lamp_post")
    pole.attach(root, "pole")
    glow = MeshBuilder()
    lit = ctx.mood.lamps_on
    glow_color = rgba((1.0, 0.93, 0.78)) if lit else rgba((0.55, 0.57, 0.6))
    z = height - 0.125
    glow.quad(
        [
            (-0.19, arm_len + 0.52, z),
            (0.19, arm_len + 0.52, z),
            (0.19, arm_len - 0.07, z),
            (-0.19, arm_len - 0.07, z),
        ],
        glow_color,
    )
    lens = glow.attach(root, "lamp")
    lights = []
    if lit:
        lens.set_light_off(1)
        lens.hide(SHADOW_CAMERA_MASK)
        lights.append(
            point_light(
                root, "lamp_light", (0, arm_len + 0.2, height - 0.5), (1.0, 0.72, 0.42), reach=14.0
            )
        )
    return BuiltProp(node=root, lights=lights, blocking=[(-0.2, -0.2, 0.2, 0.2)])


def build_tree(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A deciduous tree about 8 m tall (``scale`` stretches it) with a clumpy crown."""
    rng = ctx.rng()
    leaf = np.asarray(color_of(spec, "#3d5a2a")[:3])
    bark = rgba((0.28, 0.23, 0.19))
    builder = MeshBuilder()
    builder.lathe([(0.22, 0.0), (0.16, 0.4), (0.13, 2.6), (0.07, 4.2)], bark, segments=8)
    for k in range(4):
        a = rng.uniform(0, 2 * math.pi)
        d = 0.0 if k == 0 else rng.uniform(0.9, 1.5)
        center = (d * math.cos(a), d * math.sin(a), 4.6 + rng.uniform(-0.4, 1.2))
        radius = np.array([2.0, 2.0, 1.7]) * rng.uniform(0.7, 1.0)
        rings, segments = 6, 9
        theta = np.linspace(-math.pi / 2, math.pi / 2, rings + 1)[:, None]
        phi = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)[None, :]
        bump = 1.0 + 0.18 * rng.standard_normal((rings + 1, segments))
        bump[0], bump[-1] = bump[0].mean(), bump[-1].mean()
        pts = np.stack(
            [
                center[0] + radius[0] * bump * np.cos(theta) * np.cos(phi),
                center[1] + radius[1] * bump * np.cos(theta) * np.sin(phi),
                center[2] + radius[2] * bump * np.sin(theta) * np.ones_like(phi),
            ],
            -1,
        )
        shade = (0.75 + 0.35 * (np.sin(theta) + 1) / 2) * (
            1 + 0.15 * rng.standard_normal(bump.shape)
        )
        cols = np.concatenate(
            [np.clip(shade[..., None] * leaf, 0, 1), np.ones(bump.shape + (1,))], -1
        )
        builder.grid(pts, cols, wrap=True)
    root = p3d.NodePath("tree")
    builder.attach(root, "tree")
    return BuiltProp(node=root, blocking=[(-0.3, -0.3, 0.3, 0.3)])


def build_hedge(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A clipped hedge; ``size`` (length along x, thickness, height) defaults to 6 × 0.8 × 1.1 m."""
    length, thick, height = size_of(spec, (6.0, 0.8, 1.1))
    builder = MeshBuilder()
    _hedge_box(builder, -length / 2, -thick / 2, length / 2, thick / 2, height)
    root = p3d.NodePath("hedge")
    _textured(builder, root, "hedge", ctx.textures.get("hedge", _hedge_texture))
    return BuiltProp(node=root, blocking=[(-length / 2, -thick / 2, length / 2, thick / 2)])


def build_houses(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A terrace of Dutch brick houses with pitched roofs, fronts facing +y.

    ``size`` is (length along x, depth, eaves height); default 33 × 9 × 6 m,
    in 5.5 m wide houses.
    """
    length, deep, eaves = size_of(spec, (33.0, 9.0, 6.0))
    rng = ctx.rng()
    count = max(1, round(length / 5.5))
    w = length / count
    wall = MeshBuilder()
    roof = MeshBuilder()
    lit_glass = MeshBuilder()
    dark = MeshBuilder()
    ridge = eaves + 3.2
    for i in range(count):
        xa = -length / 2 + i * w
        xb = xa + w
        shade = rng.uniform(0.8, 1.1)
        wall.box(
            (xa, -deep / 2, 0.0), (xb, deep / 2, eaves), (shade, shade, shade, 1.0), uv_scale=2.4
        )
        tile = rgba(tuple(c * rng.uniform(0.85, 1.1) for c in (0.25, 0.2, 0.19)))
        roof.quad(
            [
                (xa, deep / 2 + 0.3, eaves - 0.1),
                (xb, deep / 2 + 0.3, eaves - 0.1),
                (xb, 0.0, ridge),
                (xa, 0.0, ridge),
            ],
            tile,
        )
        roof.quad(
            [
                (xb, -deep / 2 - 0.3, eaves - 0.1),
                (xa, -deep / 2 - 0.3, eaves - 0.1),
                (xa, 0.0, ridge),
                (xb, 0.0, ridge),
            ],
            tile,
        )
        for xe in (xa, xb):
            sign = 1 if xe == xb else -1
            tri = [(xe, -deep / 2, eaves), (xe, deep / 2, eaves), (xe, 0.0, ridge)]
            wall.add(
                np.array(tri),
                np.tile((sign, 0, 0), (3, 1)),
                (1, 1, 1, 1),
                np.array([(0, 0), (deep / 0.6, 0), (deep / 1.2, 3.2 / 0.6)]),
                [[0, 1, 2]] if sign < 0 else [[0, 2, 1]],
            )
        # Front: a door and windows on two floors; some lit.
        yf = deep / 2 + 0.02
        for fx, fz, fw, fh in (
            (xa + 0.9, 0.0, 1.0, 2.2),
            (xa + 2.4, 0.9, 2.4, 1.5),
            (xa + 0.9, 3.6, 1.5, 1.3),
            (xa + 3.0, 3.6, 1.8, 1.3),
        ):
            target = lit_glass if (fz > 0 and rng.random() < ctx.mood.lit_windows) else dark
            color = rgba((1.0, 0.82, 0.55)) if target is lit_glass else rgba((0.1, 0.12, 0.15))
            if fz == 0.0:
                color = rgba((0.18, 0.22, 0.2))
                target = dark
            target.quad(
                [(fx, yf, fz), (fx + fw, yf, fz), (fx + fw, yf, fz + fh), (fx, yf, fz + fh)], color
            )
    root = p3d.NodePath("houses")
    _textured(
        wall,
        root,
        "houses_brick",
        ctx.textures.get("brick_dark", lambda: textures.brick(seed=21, color=(0.45, 0.24, 0.18))),
    )
    roof.attach(root, "roofs")
    dark.attach(root, "windows")
    if not lit_glass.empty:
        lit_glass.attach(root, "lit_windows").set_light_off(1)
    return BuiltProp(node=root, blocking=[(-length / 2, -deep / 2, length / 2, deep / 2)])


def _photo_image(seed: int) -> np.ndarray:
    """A small snapshot of a house front, as someone would take from across the street."""
    h, w = 96, 144
    rng = np.random.default_rng(seed)
    img = np.ones((h, w, 3)) * np.array([0.62, 0.70, 0.80])
    img[h // 2 :, :] = (0.35, 0.38, 0.33)
    img[22:80, 30:114] = (0.52, 0.30, 0.24)
    for r in range(22, 80, 4):
        img[r, 30:114] *= 0.85
    img[10:24, 26:118] = (0.22, 0.18, 0.17)
    img[48:80, 60:78] = (0.14, 0.22, 0.18)
    for x in (36, 86):
        img[34:52, x : x + 20] = (0.12, 0.14, 0.18)
        img[56:72, x : x + 20] = (0.12, 0.14, 0.18)
    img += 0.03 * rng.standard_normal(img.shape)
    img[:5], img[-5:], img[:, :5], img[:, -5:] = 0.95, 0.95, 0.95, 0.95
    return np.clip(img, 0, 1)


def build_photo(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A 15 × 10 cm photo print, its picture facing the heading and tilted back 60 degrees.

    Made to lie on a windscreen: place it at the glass, heading away from the car's nose.
    """
    builder = MeshBuilder()
    w, h = 0.15, 0.10
    with builder.transform((0, 0, 0), (0, 60, 0)):
        builder.quad(
            [
                (w / 2, 0.002, -h / 2),
                (-w / 2, 0.002, -h / 2),
                (-w / 2, 0.002, h / 2),
                (w / 2, 0.002, h / 2),
            ],
            (1, 1, 1, 1),
            [(0, 0), (1, 0), (1, 1), (0, 1)],
        )
        builder.quad(
            [
                (-w / 2, 0.0, -h / 2),
                (w / 2, 0.0, -h / 2),
                (w / 2, 0.0, h / 2),
                (-w / 2, 0.0, h / 2),
            ],
            (0.9, 0.9, 0.88, 1),
        )
    root = p3d.NodePath("photo")
    node = builder.attach(root, "photo")
    node.set_texture(ctx.textures.get("photo_house", lambda: _photo_image(5)))
    node.set_two_sided(False)
    return BuiltProp(node=root)
