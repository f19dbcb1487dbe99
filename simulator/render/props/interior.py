"""Indoor props: room shell, walls, windows, doors, counter, desks, chairs, plants (render layer).

Fronts face +y at heading 0 (a counter's visitor side, a window's inside
face, a chair's seat front); everything stands on the floor at its origin.
"""

from __future__ import annotations

import math

import numpy as np
import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK, point_light
from simulator.render.props.base import BuiltProp, PropContext, assemble, color_of, size_of
from simulator.render.props.buildings import make_sign
from simulator.scenario.scene import PropSpec

__all__ = [
    "build_bench",
    "build_chair",
    "build_counter",
    "build_desk",
    "build_door",
    "build_notice_board",
    "build_plant",
    "build_room",
    "build_wall",
    "build_window",
]

_METAL = rgba((0.55, 0.57, 0.60))
_DARK = rgba((0.12, 0.12, 0.13))
_DAYLIGHT = rgba((0.90, 0.94, 0.98))


def build_room(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """An office hall: tiled floor, plastered walls, a ceiling with light panels.

    ``size`` (width, depth, height) defaults to 14 × 11 × 2.9 m, centred on
    the origin. Walls face inwards; put windows and doors on them as props.
    """
    w, d, h = size_of(spec, (14.0, 11.0, 2.9))
    x0, x1, y0, y1 = -w / 2, w / 2, -d / 2, d / 2
    wall_color = color_of(spec, "#e4e0d8")
    floor = MeshBuilder()
    floor.quad(
        [(x0, y0, 0), (x1, y0, 0), (x1, y1, 0), (x0, y1, 0)],
        (1, 1, 1, 1),
        [(x0 / 1.2, y0 / 1.2), (x1 / 1.2, y0 / 1.2), (x1 / 1.2, y1 / 1.2), (x0 / 1.2, y1 / 1.2)],
    )
    walls = MeshBuilder()
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for i in range(4):
        (ax, ay), (bx, by) = corners[i], corners[(i + 1) % 4]
        # Counter-clockwise corners seen from above: walls face inwards.
        walls.quad([(bx, by, 0), (ax, ay, 0), (ax, ay, h), (bx, by, h)], wall_color)
        walls.quad(
            [(bx, by, 0), (ax, ay, 0), (ax, ay, 0.1), (bx, by, 0.1)], rgba((0.35, 0.33, 0.31))
        )  # skirting
    ceiling = MeshBuilder()
    ceiling.quad([(x0, y1, h), (x1, y1, h), (x1, y0, h), (x0, y0, h)], rgba((0.93, 0.93, 0.92)))
    panels = MeshBuilder()
    for px in np.arange(x0 + 2.0, x1 - 1.0, 3.0):
        for py in np.arange(y0 + 2.0, y1 - 1.0, 3.0):
            panels.quad(
                [
                    (px - 0.6, py + 0.6, h - 0.01),
                    (px + 0.6, py + 0.6, h - 0.01),
                    (px + 0.6, py - 0.6, h - 0.01),
                    (px - 0.6, py - 0.6, h - 0.01),
                ],
                rgba((1.0, 1.0, 0.97)),
            )
    root = p3d.NodePath("room")
    floor_np = floor.attach(root, "floor")
    floor_np.set_texture(ctx.textures.get("floor_tiles", textures.floor_tiles))
    floor_np.hide(SHADOW_CAMERA_MASK)
    # Walls and ceiling stay out of the shadow pass: the sun stands in for window light.
    walls.attach(root, "walls").hide(SHADOW_CAMERA_MASK)
    lid = ceiling.attach(root, "ceiling")
    lid.hide(SHADOW_CAMERA_MASK)
    lid.set_light_off(1)  # lit evenly by the panels it holds
    lid.set_color_scale(0.82, 0.82, 0.81, 1)
    lamp = panels.attach(root, "ceiling_lights")
    lamp.set_light_off(1)
    lamp.hide(SHADOW_CAMERA_MASK)
    lights = [point_light(root, "ceiling_light", (0, 0, h - 0.3), (0.55, 0.54, 0.5), reach=12.0)]
    return BuiltProp(node=root, lights=lights, walkable=[(x0, y0, x1, y1)], extent=(x0, y0, x1, y1))


def build_wall(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A plastered partition; ``size`` (length, thickness, height) defaults to 4 × 0.12 × 2.9."""
    length, thick, height = size_of(spec, (4.0, 0.12, 2.9))
    b = MeshBuilder()
    b.box((-length / 2, -thick / 2, 0), (length / 2, thick / 2, height), color_of(spec, "#dcd6cc"))
    rect = (-length / 2, -thick / 2, length / 2, thick / 2)
    return BuiltProp(node=assemble("wall", (b, "wall")), blocking=[rect])


def build_window(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A window seen from inside, its daylit pane facing +y; ``size`` defaults to 2.4 × 0.1 × 1.6.

    The origin is the middle of the sill, which sits 0.9 m above the floor
    (``pos`` z moves it). Put it against a wall, facing into the room.
    """
    w, _, h = size_of(spec, (2.4, 0.1, 1.6))
    frame, pane = MeshBuilder(), MeshBuilder()
    color = color_of(spec, "#f0f0ee")
    z0 = 0.9
    for fx0, fx1 in ((-w / 2, -w / 2 + 0.06), (w / 2 - 0.06, w / 2), (-0.03, 0.03)):
        frame.box((fx0, 0.0, z0), (fx1, 0.07, z0 + h), color)
    for fz in (z0, z0 + h - 0.06):
        frame.box((-w / 2, 0.0, fz), (w / 2, 0.07, fz + 0.06), color)
    frame.box((-w / 2 - 0.05, 0.0, z0 - 0.04), (w / 2 + 0.05, 0.22, z0), color)  # sill
    # Daylight: brighter at the top (sky), greener low down (trees across the street).
    top, low = _DAYLIGHT, rgba((0.62, 0.72, 0.64))
    pane.add(
        np.array(
            [(-w / 2, 0.02, z0), (w / 2, 0.02, z0), (w / 2, 0.02, z0 + h), (-w / 2, 0.02, z0 + h)]
        ),
        np.tile((0, 1, 0), (4, 1)),
        np.array([low, low, top, top]),
        np.zeros((4, 2)),
        [[0, 2, 1], [0, 3, 2]],
    )
    root = assemble("window", (frame, "frame"))
    glow = pane.attach(root, "daylight")
    glow.set_light_off(1)
    glow.hide(SHADOW_CAMERA_MASK)
    return BuiltProp(node=root)


def build_door(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A closed door with frame and handle, its face towards +y, 0.93 × 2.11 m."""
    color = color_of(spec, "#8a6a4a")
    b = MeshBuilder()
    frame = rgba((0.85, 0.85, 0.84))
    b.box((-0.55, 0.0, 0.0), (-0.47, 0.06, 2.2), frame)
    b.box((0.47, 0.0, 0.0), (0.55, 0.06, 2.2), frame)
    b.box((-0.55, 0.0, 2.12), (0.55, 0.06, 2.2), frame)
    leaf = MeshBuilder()
    leaf.box((-0.47, 0.0, 0.0), (0.47, 0.04, 2.12), (1, 1, 1, 1), uv_scale=1.0)
    b.box((0.30, 0.04, 1.02), (0.42, 0.09, 1.05), _METAL)
    root = assemble("door", (b, "frame"))
    leaf_np = leaf.attach(root, "leaf")
    leaf_np.set_texture(ctx.textures.get("wood", textures.wood))
    leaf_np.set_color_scale(*(c * 1.4 for c in color[:3]), 1)
    return BuiltProp(node=root)


def build_counter(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A front-desk counter: visitors at +y, staff at -y, with a safety glass screen.

    ``size`` (length, depth, height) defaults to 4 × 0.8 × 1.1 m. The staff
    side has a work top at 0.75 m with a monitor; the screen leaves a 0.25 m
    gap above the counter top to pass papers through.
    """
    length, depth, height = size_of(spec, (4.0, 0.8, 1.1))
    hl, hd = length / 2, depth / 2
    front_color = color_of(spec, "#6e4e36")
    body, top, glass = MeshBuilder(), MeshBuilder(), MeshBuilder()
    wood = MeshBuilder()
    wood.box((-hl, hd - 0.05, 0.08), (hl, hd, height - 0.04), (1, 1, 1, 1), uv_scale=1.2)
    body.box((-hl, -hd, 0.0), (hl, hd - 0.05, 0.75), rgba((0.85, 0.84, 0.82)))
    body.box((-hl, hd - 0.05, 0.0), (hl, hd + 0.01, 0.08), _DARK)  # plinth
    body.box((-hl, 0.05, 0.75), (hl, hd - 0.05, height - 0.04), rgba((0.85, 0.84, 0.82)))
    top.box(
        (-hl - 0.03, 0.0, height - 0.04), (hl + 0.03, hd + 0.06, height), rgba((0.92, 0.91, 0.88))
    )
    top.box((-hl, -hd - 0.1, 0.72), (hl, 0.05, 0.76), rgba((0.92, 0.91, 0.88)))
    # Screen posts and pane.
    for x in (-hl + 0.05, hl - 0.05):
        body.box((x - 0.02, 0.18, height), (x + 0.02, 0.22, height + 0.95), _METAL)
    body.box((-hl + 0.03, 0.18, height + 0.93), (hl - 0.03, 0.22, height + 0.97), _METAL)
    glass.quad(
        [
            (-hl + 0.05, 0.2, height + 0.25),
            (hl - 0.05, 0.2, height + 0.25),
            (hl - 0.05, 0.2, height + 0.93),
            (-hl + 0.05, 0.2, height + 0.93),
        ],
        rgba((0.75, 0.85, 0.88), 0.18),
    )
    # Staff side: a monitor and keyboard.
    for x in (-hl / 2, hl / 2):
        body.box((x - 0.28, -0.25, 0.95), (x + 0.28, -0.22, 1.28), _DARK)
        body.box((x - 0.03, -0.2, 0.76), (x + 0.03, -0.17, 0.96), _DARK)
        body.box((x - 0.22, -0.55, 0.76), (x + 0.22, -0.4, 0.78), _DARK)
    root = assemble("counter", (body, "body"), (top, "top"))
    wood_np = wood.attach(root, "front")
    wood_np.set_texture(ctx.textures.get("wood", textures.wood))
    wood_np.set_color_scale(*(c * 1.15 for c in front_color[:3]), 1)
    glass_np = glass.attach(root, "screen")
    glass_np.set_transparency(p3d.TransparencyAttrib.M_alpha)
    glass_np.set_two_sided(True)
    glass_np.set_depth_write(False)
    glass_np.hide(SHADOW_CAMERA_MASK)
    return BuiltProp(node=root, blocking=[(-hl, -hd, hl, hd)])


def build_desk(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """An office desk with a monitor, facing +y (the user sits at -y); default 1.6 × 0.8 × 0.75."""
    w, d, h = size_of(spec, (1.6, 0.8, 0.75))
    b, top = MeshBuilder(), MeshBuilder()
    top.box((-w / 2, -d / 2, h - 0.03), (w / 2, d / 2, h), (1, 1, 1, 1), uv_scale=1.0)
    for sx in (-1, 1):
        b.box(
            (sx * w / 2 - 0.04 * (sx + 1), -d / 2 + 0.05, 0.0),
            (sx * w / 2 - 0.04 * (sx - 1) * -1 - 0.04 * (sx + 1) + 0.04, d / 2 - 0.05, h - 0.03),
            _METAL,
        )
    b.box((-w / 2 + 0.05, d / 2 - 0.06, 0.3), (w / 2 - 0.05, d / 2 - 0.04, h - 0.03), _METAL)
    b.box((-0.3, 0.15, h + 0.12), (0.3, 0.18, h + 0.48), _DARK)
    b.box((-0.03, 0.18, h), (0.03, 0.21, h + 0.14), _DARK)
    b.box((-0.22, -0.2, h), (0.22, -0.05, h + 0.02), _DARK)
    root = assemble("desk", (b, "frame"))
    top_np = top.attach(root, "top")
    top_np.set_texture(
        ctx.textures.get("wood_light", lambda: textures.wood(color=(0.8, 0.7, 0.55)))
    )
    return BuiltProp(node=root, blocking=[(-w / 2, -d / 2, w / 2, d / 2)])


def _chair(b: MeshBuilder, fabric) -> None:
    b.box((-0.23, -0.22, 0.44), (0.23, 0.22, 0.5), fabric)
    b.box((-0.23, -0.26, 0.5), (0.23, -0.21, 0.9), fabric)
    for x in (-0.2, 0.2):
        for y in (-0.19, 0.19):
            b.box((x - 0.015, y - 0.015, 0.0), (x + 0.015, y + 0.015, 0.44), _METAL)


def build_chair(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A waiting-room chair facing +y; ``color`` is the upholstery."""
    b = MeshBuilder()
    _chair(b, color_of(spec, "#3e5a78"))
    return BuiltProp(node=assemble("chair", (b, "chair")), blocking=[(-0.25, -0.25, 0.25, 0.25)])


def build_bench(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A row of linked waiting chairs facing +y; ``size`` x is the length (default 3 seats)."""
    length = size_of(spec, (1.6, 0.5, 0.9))[0]
    seats = max(1, round(length / 0.54))
    b = MeshBuilder()
    fabric = color_of(spec, "#3e5a78")
    for i in range(seats):
        with b.transform(((i - (seats - 1) / 2) * 0.54, 0.0, 0.0)):
            _chair(b, fabric)
    b.box((-seats * 0.27, -0.05, 0.38), (seats * 0.27, 0.05, 0.42), _METAL)
    half = seats * 0.27
    return BuiltProp(node=assemble("bench", (b, "bench")), blocking=[(-half, -0.27, half, 0.25)])


def build_plant(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A potted office plant about 1.4 m tall (``scale`` resizes it)."""
    rng = ctx.rng()
    leaf = np.asarray(color_of(spec, "#3f6b35")[:3])
    b = MeshBuilder()
    b.lathe(
        [(0.16, 0.0), (0.22, 0.45), (0.23, 0.47), (0.0, 0.47)], rgba((0.85, 0.84, 0.8)), segments=14
    )
    for k in range(7):
        a = 2 * math.pi * k / 7 + rng.uniform(-0.3, 0.3)
        d = rng.uniform(0.05, 0.2)
        c = (d * math.cos(a), d * math.sin(a), rng.uniform(0.75, 1.25))
        r = (rng.uniform(0.15, 0.25), rng.uniform(0.15, 0.25), rng.uniform(0.25, 0.4))
        shade = np.clip(leaf * rng.uniform(0.7, 1.2), 0, 1)
        b.sphere(r, c, rgba(tuple(shade)), rings=5, segments=7)
    b.lathe([(0.025, 0.45), (0.02, 1.0)], rgba((0.3, 0.25, 0.18)), segments=5)
    return BuiltProp(node=assemble("plant", (b, "plant")), blocking=[(-0.23, -0.23, 0.23, 0.23)])


def build_notice_board(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A cork board with pinned notices facing +y, its bottom edge 1 m up; ``text`` is its title."""
    w, _, h = size_of(spec, (1.5, 0.05, 1.0))
    rng = ctx.rng()
    b = MeshBuilder()
    b.box((-w / 2, 0.0, 1.0), (w / 2, 0.03, 1.0 + h), rgba((0.55, 0.48, 0.44)))
    b.box((-w / 2 - 0.03, 0.0, 0.97), (w / 2 + 0.03, 0.025, 1.03 + h), rgba((0.75, 0.75, 0.74)))
    for _ in range(9):
        pw, ph = rng.uniform(0.18, 0.3), rng.uniform(0.2, 0.32)
        px = rng.uniform(-w / 2 + 0.05, w / 2 - 0.05 - pw)
        pz = rng.uniform(1.05, 1.0 + h - 0.2 - ph)
        tint = (
            rgba((0.97, 0.97, 0.95))
            if rng.random() < 0.6
            else rgba(tuple(rng.uniform(0.6, 1.0, 3)))
        )
        b.quad(
            [
                (px, 0.035, pz),
                (px + pw, 0.035, pz),
                (px + pw, 0.035, pz + ph),
                (px, 0.035, pz + ph),
            ][::-1],
            tint,
        )
        for line in range(4):
            lz = pz + ph - 0.05 - line * 0.04
            if lz < pz + 0.03:
                break
            b.quad(
                [
                    (px + 0.03, 0.037, lz),
                    (px + pw - 0.05, 0.037, lz),
                    (px + pw - 0.05, 0.037, lz + 0.012),
                    (px + 0.03, 0.037, lz + 0.012),
                ][::-1],
                rgba((0.3, 0.3, 0.32)),
            )
    root = assemble("notice_board", (b, "board"))
    title = make_sign(spec.text or "Mededelingen", 0.09, (0.15, 0.2, 0.35, 1), root, "title")
    title.set_pos(0, 0.04, 1.0 + h - 0.12)
    return BuiltProp(node=root)
