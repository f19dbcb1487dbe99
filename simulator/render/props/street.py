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
from simulator.render.props.base import BuiltProp, PropContext, color_of, size_of, textured
from simulator.scenario.scene import PropSpec

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
    textured(tarmac, root, "asphalt", ctx.textures.get("asphalt", textures.asphalt))

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
    textured(pave, root, "paving", ctx.textures.get("paving", textures.paving))
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
    textured(hedge, root, "hedge", ctx.textures.get("hedge", _hedge_texture))

    grass = MeshBuilder()
    # Grass to the horizon, around everything else (slightly below, so nothing fights).
    for gx0, gy0, gx1, gy1 in (
        (-400.0, road_y1, x0 - 0.18, 400.0),
        (x1 + 0.18, road_y1, 400.0, 400.0),
        (x0 - 0.18, y1, x1 + 0.18, 400.0),
        (-400.0, -400.0, 400.0, road_y0),
    ):
        _flat(grass, gx0, gy0, gx1, gy1, -0.01, white, 3.0)
    grass_np = textured(grass, root, "grass", ctx.textures.get("grass", textures.grass))
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
        _light_pool(root, (0.0, arm_len + 0.2), height)
        lens.set_light_off(1)
        lens.hide(SHADOW_CAMERA_MASK)
        lights.append(
            point_light(
                root, "lamp_light", (0, arm_len + 0.2, height - 0.5), (1.0, 0.72, 0.42), reach=14.0
            )
        )
    return BuiltProp(node=root, lights=lights, blocking=[(-0.2, -0.2, 0.2, 0.2)])


def _limb(builder: MeshBuilder, p0, p1, r0: float, r1: float, color, segments: int = 6) -> None:
    """A tapered tube from ``p0`` (radius ``r0``) to ``p1`` (radius ``r1``), open at the ends."""
    a, b = np.asarray(p0, dtype=float), np.asarray(p1, dtype=float)
    axis = (b - a) / np.linalg.norm(b - a)
    side = np.cross(axis, (0.0, 0.0, 1.0) if abs(axis[2]) < 0.9 else (1.0, 0.0, 0.0))
    side /= np.linalg.norm(side)
    other = np.cross(axis, side)
    phi = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)
    ring = np.cos(phi)[:, None] * side + np.sin(phi)[:, None] * other
    pts = np.stack([a + r0 * ring, b + r1 * ring])
    builder.grid(pts, color, wrap=True)


def _leaf_mass(
    builder: MeshBuilder,
    rng: np.random.Generator,
    center: np.ndarray,
    radius: float,
    leaf: np.ndarray,
    crown: tuple[np.ndarray, float, float],
) -> None:
    """One clump of leaves: a squashed sphere with noisy lumps, darker inside and below.

    ``crown`` is (centre, bottom z, top z) of the whole crown, for the shading.
    """
    rings, segments = 7, 11
    theta = np.linspace(-math.pi / 2, math.pi / 2, rings + 1)[:, None]
    phi = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)[None, :]
    dirs = np.stack(
        [
            np.cos(theta) * np.cos(phi),
            np.cos(theta) * np.sin(phi),
            np.sin(theta) * np.ones_like(phi),
        ],
        -1,
    )
    # Smooth 3D noise from a few random waves: lumps a third of the clump across.
    lumps = np.zeros(dirs.shape[:2])
    for _ in range(5):
        k = rng.standard_normal(3)
        k *= rng.uniform(2.5, 4.5) / np.linalg.norm(k)
        lumps += np.sin(dirs @ k + rng.uniform(0, 2 * math.pi))
    bump = 1.0 + 0.11 * lumps + 0.06 * rng.standard_normal(lumps.shape)
    bump[0], bump[-1] = bump[0].mean(), bump[-1].mean()
    scale = np.array([1.0, 1.0, 0.78]) * radius
    pts = center + dirs * scale * bump[..., None]
    middle, bottom, top = crown
    height = np.clip((pts[..., 2] - bottom) / max(top - bottom, 1e-3), 0.0, 1.0)
    outward = np.clip(
        np.sum(dirs * _unit(pts - middle), -1), -1.0, 1.0
    )  # 1 on the crown's skin, -1 deep inside
    light = (0.45 + 0.55 * height**0.8) * (0.72 + 0.28 * outward) * (0.9 + 0.2 * bump - 0.2)
    hue = leaf * rng.uniform(0.88, 1.12, 3)
    cols = np.clip(light[..., None] * hue, 0.0, 1.0)
    builder.grid(pts, np.concatenate([cols, np.ones(light.shape + (1,))], -1), wrap=True)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


def _light_pool(root: p3d.NodePath, center: tuple[float, float], height: float) -> None:
    """A warm pool of lamplight on the ground under a luminaire ``height`` metres up.

    Drawn over the ground as an additive decal: the light the asphalt (albedo
    about a quarter) would send back, added to whatever lies there. One draw
    call and no extra light for the auto shader.
    """
    rings, segments = 9, 24
    radius = height * 1.05
    r = radius * np.linspace(0.0, 1.0, rings + 1) ** 1.3
    # A downlight's falloff (cosine cubed over distance squared), eased to zero at the rim.
    falloff = (1.0 + (r / height) ** 2) ** -1.5 * (1.0 - (r / radius) ** 2)
    phi = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)
    pts = np.stack(
        [
            center[0] + r[:, None] * np.cos(phi)[None, :],
            center[1] + r[:, None] * np.sin(phi)[None, :],
            np.full((rings + 1, segments), 0.03),
        ],
        -1,
    )
    warm = np.array([1.0, 0.70, 0.40]) * 0.42
    colors = np.zeros((rings + 1, segments, 4))
    colors[..., :3] = np.clip(falloff[:, None, None] * warm, 0.0, 1.0)
    colors[..., 3] = 1.0
    builder = MeshBuilder()
    builder.grid(pts[:, ::-1], colors, wrap=True)  # columns reversed: face up
    pool = builder.attach(root, "light_pool")
    pool.set_attrib(
        p3d.ColorBlendAttrib.make(
            p3d.ColorBlendAttrib.M_add,
            p3d.ColorBlendAttrib.O_one,
            p3d.ColorBlendAttrib.O_one,
        )
    )
    pool.set_light_off(1)
    pool.set_fog_off(1)
    pool.set_depth_write(False)
    pool.set_depth_offset(2)
    pool.set_bin("transparent", -20)
    pool.hide(SHADOW_CAMERA_MASK)


def build_tree(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A deciduous tree about 8 m tall (``scale`` stretches it): a trunk forking into branches,
    each carrying lumpy leaf masses of slightly different greens, light on top, dark inside.
    """
    rng = ctx.rng()
    leaf = np.asarray(color_of(spec, "#3d5a2a")[:3]) * rng.uniform(0.9, 1.1, 3) * 1.25
    bark = rgba((0.30, 0.25, 0.21))
    builder = MeshBuilder()
    fork = rng.uniform(2.6, 3.2)
    builder.lathe(
        [(0.30, -0.05), (0.22, 0.25), (0.17, 0.9), (0.15, fork), (0.10, fork + 0.6)],
        bark,
        segments=9,
    )
    crown_mid = np.array([0.0, 0.0, 5.2])
    crown = (crown_mid, 3.0, 8.6)
    tips = []
    count = rng.integers(5, 7)
    for k in range(count):
        a = 2 * math.pi * (k + rng.uniform(-0.25, 0.25)) / count
        tilt = math.radians(rng.uniform(35, 60))
        start = np.array([0.0, 0.0, fork + rng.uniform(-0.3, 0.5)])
        reach = rng.uniform(2.2, 3.1)
        d = np.array([math.sin(tilt) * math.cos(a), math.sin(tilt) * math.sin(a), math.cos(tilt)])
        mid = start + d * reach * 0.55
        # A kink halfway, as real limbs have, and a thinner twig beyond.
        d2 = _unit(d + np.array([0.0, 0.0, 0.35]) + 0.25 * rng.standard_normal(3))
        end = mid + d2 * reach * 0.5
        _limb(builder, start, mid, 0.10, 0.065, bark)
        _limb(builder, mid, end, 0.065, 0.03, bark)
        tips.append(end)
    for end in tips:
        _leaf_mass(builder, rng, end, rng.uniform(1.2, 1.6), leaf, crown)
    # Fill the crown's middle and round off its top so light does not shine straight through.
    for k in range(4):
        around = float(rng.uniform(0, 2 * math.pi))
        off = float(rng.uniform(0.3, 1.1)) if k else 0.0
        z = 7.2 if k == 0 else float(rng.uniform(4.6, 6.4))
        center = np.array([off * math.cos(around), off * math.sin(around), z])
        _leaf_mass(builder, rng, center, rng.uniform(1.4, 1.8), leaf, crown)
    root = p3d.NodePath("tree")
    node = builder.attach(root, "tree")
    node.set_texture(ctx.textures.get("foliage", textures.foliage))
    node.set_tex_scale(p3d.TextureStage.get_default(), 4.0, 3.0)
    return BuiltProp(node=root, blocking=[(-0.3, -0.3, 0.3, 0.3)])


def build_hedge(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A clipped hedge; ``size`` (length along x, thickness, height) defaults to 6 × 0.8 × 1.1 m."""
    length, thick, height = size_of(spec, (6.0, 0.8, 1.1))
    builder = MeshBuilder()
    _hedge_box(builder, -length / 2, -thick / 2, length / 2, thick / 2, height)
    root = p3d.NodePath("hedge")
    textured(builder, root, "hedge", ctx.textures.get("hedge", _hedge_texture))
    return BuiltProp(node=root, blocking=[(-length / 2, -thick / 2, length / 2, thick / 2)])


_BRICK_TILE = 0.75
"""Metres of wall one repeat of the brick texture (8 courses) covers."""
_FRAME_WHITE = rgba((0.86, 0.85, 0.80))
_SILL = rgba((0.55, 0.54, 0.52))
_DOOR_COLORS = ("#23352b", "#1d2a3d", "#5a1e1e", "#1a1a1a", "#3b3026", "#2d4a4a")
_BRICKS = ((1.0, 1.0, 1.0), (1.12, 1.02, 0.92), (0.86, 0.80, 0.78), (1.05, 0.86, 0.72))
"""Vertex tints over the shared dark brick: plain, orange, purple-brown, yellowish."""
_ROOFS = ((0.42, 0.22, 0.16), (0.20, 0.20, 0.22), (0.34, 0.20, 0.15), (0.26, 0.24, 0.23))
"""Vertex tints over the grey pantile texture: red-brown, anthracite, brown, grey."""


def _facing_north(x0: float, x1: float, y: float, z0: float, z1: float) -> list:
    """Corners of an upright rectangle in the plane at ``y``, wound to face +y."""
    return [(x1, y, z0), (x0, y, z0), (x0, y, z1), (x1, y, z1)]


def _window(
    ctx: PropContext,
    rng: np.random.Generator,
    parts: dict[str, MeshBuilder],
    x0: float,
    z0: float,
    wide: float,
    high: float,
    y: float,
    can_light: bool = True,
) -> None:
    """A white-framed window on a facade at ``y`` (facing +y): sill, soldier lintel, glass."""
    x1, z1 = x0 + wide, z0 + high
    trim = parts["trim"]
    trim.box((x0 - 0.1, y, z0 - 0.08), (x1 + 0.1, y + 0.12, z0), _SILL)  # sill
    trim.box((x0 - 0.12, y, z1), (x1 + 0.12, y + 0.03, z1 + 0.2), rgba((0.30, 0.17, 0.13)))
    f = 0.07
    for fx0, fx1 in ((x0, x0 + f), (x1 - f, x1)):
        trim.box((fx0, y, z0), (fx1, y + 0.06, z1), _FRAME_WHITE)
    trim.box((x0, y, z1 - f), (x1, y + 0.06, z1), _FRAME_WHITE)
    trim.box((x0, y, z0), (x1, y + 0.06, z0 + 0.05), _FRAME_WHITE)
    # A transom bar (and a mullion on wide windows).
    zt = z1 - high * 0.3
    trim.box((x0, y, zt - 0.03), (x1, y + 0.05, zt + 0.03), _FRAME_WHITE)
    if wide > 1.4:
        xm = (x0 + x1) / 2
        trim.box((xm - 0.03, y, z0), (xm + 0.03, y + 0.05, zt), _FRAME_WHITE)
    gy = y + 0.015
    corners = _facing_north(x0, x1, gy, z0, z1)
    if can_light and rng.random() < ctx.mood.lit_windows * 0.7:
        # Warm lamplight, sometimes the cool flicker of a television; curtains half drawn.
        warm = rng.random() > 0.2
        base = np.array((1.0, 0.78, 0.48) if warm else (0.62, 0.70, 0.95)) * rng.uniform(0.7, 1.0)
        top = rgba(tuple(np.clip(base * 1.05, 0, 1)))
        bottom = rgba(tuple(base * 0.62))
        parts["lit"].add(
            np.array(corners),
            np.tile((0, 1, 0), (4, 1)),
            np.array([bottom, bottom, top, top]),
            np.zeros((4, 2)),
            [[0, 1, 2], [0, 2, 3]],
        )
        curtain = rgba(tuple(base * np.array((0.55, 0.38, 0.28))))
        cw = wide * rng.uniform(0.12, 0.3)
        for cx0, cx1 in ((x0, x0 + cw), (x1 - cw, x1)):
            parts["lit"].quad(
                _facing_north(cx0, cx1, gy + 0.005, z0, z1),
                curtain,
            )
    else:
        shade = rng.uniform(0.7, 1.1)
        parts["glass"].quad(corners, rgba(tuple(c * shade for c in (0.09, 0.11, 0.14))))


def build_houses(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A terrace of Dutch brick houses with pitched pantile roofs, fronts facing +y.

    ``size`` is (length along x, depth, eaves height); default 33 × 9 × 6 m,
    in 5.5 m wide houses. Each house has a front door with a lit fanlight,
    white-framed windows on two floors (some lit at dusk, curtains half
    drawn), a chimney, and now and then a dormer; brick and roof tints vary.
    """
    length, deep, eaves = size_of(spec, (33.0, 9.0, 6.0))
    rng = ctx.rng()
    count = max(1, round(length / 5.5))
    w = length / count
    wall = MeshBuilder()
    roof = MeshBuilder()
    parts = {"trim": MeshBuilder(), "glass": MeshBuilder(), "lit": MeshBuilder()}
    trim = parts["trim"]
    ridge = eaves + 3.2
    yf = deep / 2
    slope = math.atan2(ridge - eaves, yf)
    for i in range(count):
        xa = -length / 2 + i * w
        xb = xa + w
        shade = rng.uniform(0.9, 1.08)
        tint = np.array(_BRICKS[rng.integers(len(_BRICKS))]) * shade
        brick_col = (*np.clip(tint, 0, 1.2), 1.0)
        wall.box((xa, -yf, 0.0), (xb, yf, eaves), brick_col, uv_scale=_BRICK_TILE)
        roof_col = np.array(_ROOFS[rng.integers(len(_ROOFS))]) * rng.uniform(0.9, 1.1)
        tile = rgba(tuple(np.clip(roof_col * 2.6, 0, 1)))
        over = 0.35
        run = math.hypot(yf + over, ridge - eaves + over * math.tan(slope)) / 2.0
        low = eaves - over * math.tan(slope)
        uv = [(0, 0), (w / 2.0, 0), (w / 2.0, run), (0, run)]
        roof.quad(
            [(xb, yf + over, low), (xa, yf + over, low), (xa, 0.0, ridge), (xb, 0.0, ridge)],
            tile,
            uv,
        )
        roof.quad(
            [(xa, -yf - over, low), (xb, -yf - over, low), (xb, 0.0, ridge), (xa, 0.0, ridge)],
            tile,
            uv,
        )
        # Ridge tiles and the white fascia board along the eaves.
        trim.box((xa, -0.12, ridge - 0.05), (xb, 0.12, ridge + 0.1), rgba(tuple(roof_col * 0.8)))
        z_fascia = eaves - over * math.tan(slope)
        trim.box(
            (xa, yf + over - 0.03, z_fascia - 0.22),
            (xb, yf + over + 0.03, z_fascia + 0.02),
            _FRAME_WHITE,
        )
        trim.box((xa, yf, eaves - 0.3), (xb, yf + over, eaves - 0.26), _FRAME_WHITE, bottom=True)
        for xe in (xa, xb):
            sign = 1 if xe == xb else -1
            tri = [(xe, -yf, eaves), (xe, yf, eaves), (xe, 0.0, ridge)]
            wall.add(
                np.array(tri),
                np.tile((sign, 0, 0), (3, 1)),
                brick_col,
                np.array(
                    [(0, 0), (deep / _BRICK_TILE, 0), (deep / 2 / _BRICK_TILE, 3.2 / _BRICK_TILE)]
                ),
                [[0, 1, 2]] if sign < 0 else [[0, 2, 1]],
            )
        # A chimney on the ridge at one party wall, with a dark cap.
        if rng.random() < 0.75:
            cx = xa + (0.5 if rng.random() < 0.5 else w - 1.2)
            cy = rng.uniform(-1.2, -0.4)
            ch = ridge + rng.uniform(0.6, 1.0)
            wall.box(
                (cx, cy, ridge - 1.5), (cx + 0.7, cy + 0.5, ch), brick_col, uv_scale=_BRICK_TILE
            )
            trim.box(
                (cx - 0.06, cy - 0.06, ch),
                (cx + 0.76, cy + 0.56, ch + 0.1),
                rgba((0.25, 0.25, 0.26)),
            )
        # The front: door with a fanlight and step on one side, windows on two floors.
        mirror = i % 2 == 1

        def x_at(offset: float, width: float, _xa=xa, _mirror=mirror) -> float:
            return _xa + (w - offset - width if _mirror else offset)

        dx = x_at(0.6, 1.0)
        door_col = rgba(_DOOR_COLORS[rng.integers(len(_DOOR_COLORS))])
        trim.box((dx - 0.1, yf, 0.0), (dx + 1.1, yf + 0.06, 2.75), _FRAME_WHITE)
        trim.box((dx, yf, 0.12), (dx + 1.0, yf + 0.08, 2.25), door_col)
        trim.box((dx + 0.1, yf, 1.0), (dx + 0.16, yf + 0.11, 1.25), rgba((0.75, 0.68, 0.45)))
        trim.box((dx - 0.15, yf, 0.0), (dx + 1.15, yf + 0.35, 0.14), _SILL)  # step
        fan = _facing_north(dx + 0.05, dx + 0.95, yf + 0.065, 2.3, 2.68)
        parts["lit" if ctx.mood.lamps_on else "glass"].quad(fan, rgba((1.0, 0.8, 0.5)))
        _window(ctx, rng, parts, x_at(2.1, 2.7), 0.8, 2.7, 1.75, yf)
        upstairs = rng.integers(3)
        if upstairs == 0:
            _window(ctx, rng, parts, x_at(0.6, 1.2), 3.3, 1.2, 1.4, yf)
            _window(ctx, rng, parts, x_at(2.6, 2.0), 3.3, 2.0, 1.4, yf)
        else:
            _window(ctx, rng, parts, x_at(0.7, 1.8), 3.3, 1.8, 1.45, yf)
            _window(ctx, rng, parts, x_at(3.0, 1.5), 3.3, 1.5, 1.45, yf)
        if rng.random() < 0.45:
            # A dormer on the front roof: a box with its own small window.
            ox = xa + w / 2 - 1.0
            oy = yf * 0.25
            base_z = eaves + (yf - oy - 1.6) * math.tan(slope)
            top_z = base_z + 1.75
            trim.box(
                (ox - 0.1, oy, base_z - 0.8), (ox + 2.1, oy + 1.6, top_z), rgba((0.2, 0.2, 0.21))
            )
            trim.box((ox - 0.2, oy - 0.1, top_z), (ox + 2.2, oy + 1.75, top_z + 0.12), _FRAME_WHITE)
            _window(ctx, rng, parts, ox + 0.15, base_z + 0.2, 1.7, 1.1, oy + 1.6)
    root = p3d.NodePath("houses")
    textured(
        wall,
        root,
        "houses_brick",
        ctx.textures.get("brick_dark", textures.dark_brick),
    )
    textured(roof, root, "roofs", ctx.textures.get("roof_tiles", textures.roof_tiles))
    trim.attach(root, "trim")
    glass_np = parts["glass"].attach(root, "windows")
    sheen = p3d.Material("window_glass")
    sheen.set_specular((0.6, 0.6, 0.6, 1))
    sheen.set_shininess(60)
    glass_np.set_material(sheen)
    if not parts["lit"].empty:
        lit = parts["lit"].attach(root, "lit_windows")
        lit.set_light_off(1)
        lit.hide(SHADOW_CAMERA_MASK)
    return BuiltProp(node=root, blocking=[(-length / 2, -deep / 2, length / 2, deep / 2)])


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
    node.set_texture(ctx.textures.get("photo_house", textures.house_photo))
    node.set_two_sided(False)
    # In a hand: turned flat on the palm, the picture out of it and its top along the fingers.
    grip = p3d.TransformState.make_pos_hpr(p3d.LPoint3f(0, 0.04, 0), p3d.LVecBase3f(180, 30, 0))
    return BuiltProp(node=root, grip=grip)
