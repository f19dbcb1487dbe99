"""A venue's event hall: the hall itself, a bar, standing and dining tables, pendant lamps, a coat
rack and a banner (render layer).

Fronts face +y at heading 0 (the bar's guest side, the banner's lettering, the coat rack's
hooks); everything stands on the floor at its origin, except a pendant lamp, whose origin is
the ceiling point it hangs from.
"""

from __future__ import annotations

import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK, point_light
from simulator.render.props.base import BuiltProp, PropContext, color_of, size_of
from simulator.render.props.buildings import make_sign
from simulator.scenario.scene import PropSpec

__all__ = [
    "build_banner",
    "build_bar",
    "build_coat_rack",
    "build_dining_table",
    "build_event_hall",
    "build_pendant_lamp",
    "build_standing_table",
]

_LINEN = rgba((0.95, 0.94, 0.91))
_STEEL = rgba((0.42, 0.42, 0.44))
_GLASS = rgba((0.80, 0.88, 0.90), 0.55)
_WARM = rgba((1.0, 0.86, 0.62))


def _node(name: str, *parts: tuple[MeshBuilder, str]) -> p3d.NodePath:
    root = p3d.NodePath(name)
    for builder, part in parts:
        if not builder.empty:
            builder.attach(root, part)
    return root


def _wood(ctx: PropContext, node: p3d.NodePath, shade: tuple[float, float, float]) -> None:
    node.set_texture(ctx.textures.get("wood", textures.wood))
    node.set_color_scale(*shade, 1)


def build_event_hall(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A party centre's hall: a wooden floor, warm plastered walls with a dark wainscot, a dark
    beamed ceiling; ``size`` (width, depth, height) defaults to 18 × 14 × 4.2 m, centred on the
    origin. Walls face inwards; put doors and the bar against them as props."""
    w, d, h = size_of(spec, (18.0, 14.0, 4.2))
    x0, x1, y0, y1 = -w / 2, w / 2, -d / 2, d / 2
    floor, walls, ceiling = MeshBuilder(), MeshBuilder(), MeshBuilder()
    floor.quad(
        [(x0, y0, 0), (x1, y0, 0), (x1, y1, 0), (x0, y1, 0)],
        (1, 1, 1, 1),
        [(x0 / 2.5, y0 / 2.5), (x1 / 2.5, y0 / 2.5), (x1 / 2.5, y1 / 2.5), (x0 / 2.5, y1 / 2.5)],
    )
    plaster, panel = color_of(spec, "#d9c9ae"), rgba((0.36, 0.25, 0.18))
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    for i in range(4):
        (ax, ay), (bx, by) = corners[i], corners[(i + 1) % 4]
        walls.quad([(bx, by, 0), (ax, ay, 0), (ax, ay, h), (bx, by, h)], plaster)
        # Wainscot a hand's breadth proud of the wall, to 1.1 m: counter-clockwise walls face
        # inwards, so the inward normal is the edge turned left.
        nx, ny = -(by - ay), bx - ax
        length = (nx**2 + ny**2) ** 0.5
        ox, oy = 0.01 * nx / length, 0.01 * ny / length
        walls.quad(
            [(bx + ox, by + oy, 0), (ax + ox, ay + oy, 0), (ax + ox, ay + oy, 1.1)]
            + [(bx + ox, by + oy, 1.1)],
            panel,
        )
    ceiling.quad([(x0, y1, h), (x1, y1, h), (x1, y0, h), (x0, y0, h)], rgba((0.55, 0.47, 0.40)))
    beam = rgba((0.26, 0.18, 0.12))
    x = x0 + 1.5
    while x < x1:
        ceiling.box((x - 0.12, y0, h - 0.28), (x + 0.12, y1, h), beam)
        x += 3.0
    root = p3d.NodePath("event_hall")
    floor_np = floor.attach(root, "floor")
    _wood(ctx, floor_np, (0.85, 0.72, 0.58))
    floor_np.hide(SHADOW_CAMERA_MASK)
    walls.attach(root, "walls").hide(SHADOW_CAMERA_MASK)
    lid = ceiling.attach(root, "ceiling")
    lid.hide(SHADOW_CAMERA_MASK)
    lights = [
        point_light(root, "hall_light_west", (x0 / 2, 0, h - 0.6), (0.55, 0.45, 0.33), reach=12.0),
        point_light(root, "hall_light_east", (x1 / 2, 0, h - 0.6), (0.55, 0.45, 0.33), reach=12.0),
    ]
    return BuiltProp(node=root, lights=lights, walkable=[(x0, y0, x1, y1)], extent=(x0, y0, x1, y1))


def build_bar(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A bar: guests at +y, the bartender's side at -y with a back shelf of bottles and glasses;
    ``size`` (length, depth, height) defaults to 6 × 0.7 × 1.1 m; the shelf, 0.35 m deep, stands
    0.9 m behind the bar (so the bar's front is 1.6 m from the wall behind the shelf)."""
    length, depth, height = size_of(spec, (6.0, 0.7, 1.1))
    hl, hd = length / 2, depth / 2
    front, body, shelf = MeshBuilder(), MeshBuilder(), MeshBuilder()
    front.box((-hl, hd - 0.06, 0.1), (hl, hd, height - 0.05), (1, 1, 1, 1), uv_scale=1.0)
    body.box((-hl, -hd, 0.0), (hl, hd - 0.06, height - 0.05), rgba((0.22, 0.16, 0.12)))
    body.box((-hl, hd - 0.06, 0.0), (hl, hd + 0.02, 0.1), rgba((0.12, 0.10, 0.09)))
    body.box((-hl, hd - 0.02, 0.2), (hl, hd + 0.04, 0.24), _STEEL)  # foot rail
    body.box(
        (-hl - 0.05, -hd, height - 0.05), (hl + 0.05, hd + 0.08, height), rgba((0.18, 0.12, 0.09))
    )
    # Beer taps on the top, towards the middle.
    for k in range(3):
        x = -0.3 + 0.3 * k
        body.box((x - 0.03, -0.05, height), (x + 0.03, 0.05, height + 0.38), _STEEL)
    # The back shelf: a cabinet with two shelves of bottles and a mirror band.
    back = -hd - 0.9  # the shelf's side towards the bar; the mirror is against the wall
    shelf.box((-hl, back - 0.35, 0.0), (hl, back, 0.9), rgba((0.22, 0.16, 0.12)))
    shelf.box((-hl, back - 0.35, 0.9), (hl, back - 0.3, 2.3), rgba((0.50, 0.55, 0.58)))
    rng = ctx.rng()
    colors = [rgba(c) for c in ("#3c5a2a", "#6a3a1a", "#d8d0b0", "#2a3a5a", "#7a2a2a")]
    for z in (1.05, 1.6):
        shelf.box((-hl, back - 0.3, z - 0.03), (hl, back - 0.1, z), rgba((0.30, 0.22, 0.16)))
        x = -hl + 0.15
        while x < hl - 0.1:
            tall = rng.uniform(0.24, 0.34)
            color = colors[int(rng.integers(len(colors)))]
            with shelf.transform((x, back - 0.2, z)):
                shelf.lathe(
                    [(0.035, 0.0), (0.035, tall * 0.7), (0.012, tall * 0.85), (0.012, tall)],
                    color,
                    segments=6,
                )
            x += rng.uniform(0.11, 0.2)
    glasses = MeshBuilder()
    for k in range(8):
        with glasses.transform((-hl + 0.5 + 0.18 * k, back - 0.25, 0.9)):
            glasses.lathe([(0.03, 0.0), (0.035, 0.14)], _GLASS, segments=6)
    root = _node("bar", (body, "body"), (shelf, "back_shelf"))
    _wood(ctx, front.attach(root, "front"), (0.75, 0.55, 0.40))
    glass_np = glasses.attach(root, "glasses")
    glass_np.set_transparency(p3d.TransparencyAttrib.M_alpha)
    return BuiltProp(node=root, blocking=[(-hl, back - 0.35, hl, hd)])


def build_standing_table(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A round standing table (statafel) 1.1 m high in a white stretch cover, with two glasses
    and a small plate on it; ``color`` is the cover."""
    cover = color_of(spec, "#f2f0ea")
    b, glass = MeshBuilder(), MeshBuilder()
    b.lathe(
        [(0.26, 0.0), (0.16, 0.35), (0.12, 0.75), (0.22, 1.02), (0.40, 1.06)],
        cover,
        segments=16,
    )
    b.cylinder(0.40, 1.06, 1.1, cover, segments=16)  # the top
    b.cylinder(0.09, 1.1, 1.112, _LINEN, segments=10)  # the plate
    for x, y in ((0.16, 0.1), (-0.12, 0.18)):
        with glass.transform((x, y, 1.1)):
            glass.lathe(
                [(0.03, 0.0), (0.004, 0.01), (0.004, 0.1), (0.04, 0.12), (0.04, 0.2)], _GLASS, 6
            )
    root = _node("standing_table", (b, "table"))
    glass_np = glass.attach(root, "glasses")
    glass_np.set_transparency(p3d.TransparencyAttrib.M_alpha)
    return BuiltProp(node=root, blocking=[(-0.4, -0.4, 0.4, 0.4)])


def build_dining_table(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A restaurant table laid for dinner: a white cloth, plates, glasses and a candle, with a
    wooden chair on each long side; ``size`` (width, depth, height) defaults to 1.8 × 0.9 × 0.76
    and seats two a side per 0.9 m of width."""
    w, d, h = size_of(spec, (1.8, 0.9, 0.76))
    cloth, wood, glass = MeshBuilder(), MeshBuilder(), MeshBuilder()
    cloth.box((-w / 2, -d / 2, h - 0.3), (w / 2, d / 2, h), color_of(spec, "#f4f2ec"))
    seats = max(1, round(w / 0.9))
    for k in range(seats):
        x = (k - (seats - 1) / 2) * (w / seats)
        for side in (-1, 1):
            py = side * (d / 2 - 0.2)
            with cloth.transform((x, py, h)):
                cloth.cylinder(0.13, 0.0, 0.01, rgba((0.99, 0.99, 0.98)), segments=12)
            with glass.transform((x + 0.18, py - side * 0.12, h)):
                glass.lathe(
                    [(0.03, 0.0), (0.004, 0.01), (0.004, 0.1), (0.04, 0.12), (0.04, 0.2)], _GLASS, 6
                )
            # A chair pulled up to the table, facing it.
            cy = side * (d / 2 + 0.25)
            with wood.transform((x, cy, 0.0), (0 if side < 0 else 180, 0, 0)):
                wood.box((-0.21, -0.2, 0.44), (0.21, 0.2, 0.48), (1, 1, 1, 1))
                wood.box((-0.21, -0.24, 0.48), (0.21, -0.2, 0.95), (1, 1, 1, 1))
                for lx in (-0.18, 0.18):
                    for ly in (-0.2, 0.17):
                        wood.box((lx - 0.02, ly, 0.0), (lx + 0.02, ly + 0.03, 0.44), (1, 1, 1, 1))
    cloth.cylinder(0.025, h, h + 0.16, rgba((0.96, 0.94, 0.86)), segments=8)  # the candle
    root = _node("dining_table", (cloth, "cloth"))
    _wood(ctx, wood.attach(root, "chairs"), (0.55, 0.38, 0.26))
    glass_np = glass.attach(root, "glasses")
    glass_np.set_transparency(p3d.TransparencyAttrib.M_alpha)
    return BuiltProp(node=root, blocking=[(-w / 2, -d / 2 - 0.45, w / 2, d / 2 + 0.45)])


def build_pendant_lamp(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A lamp hanging 1.2 m on a cord from the ceiling point at its origin: a wide brass shade
    over a glowing bulb (it lights nothing itself; the hall's lights do)."""
    shade, bulb = MeshBuilder(), MeshBuilder()
    shade.lathe([(0.004, -1.0), (0.004, 0.0)], rgba((0.1, 0.1, 0.1)), segments=4)
    shade.lathe(
        [(0.30, -1.2), (0.22, -1.1), (0.07, -1.02), (0.04, -1.0)], color_of(spec, "#b08a3e"), 14
    )
    bulb.sphere(0.07, (0, 0, -1.13), _WARM, rings=4, segments=8)
    root = _node("pendant_lamp", (shade, "shade"))
    glow = bulb.attach(root, "bulb")
    glow.set_light_off(1)
    glow.hide(SHADOW_CAMERA_MASK)
    root.hide(SHADOW_CAMERA_MASK)
    return BuiltProp(node=root)


def build_coat_rack(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A cloakroom rail 1.8 m high with coats hanging from it, against a wall behind it;
    ``size`` x is the rail's length (default 2 m)."""
    length = size_of(spec, (2.0, 0.6, 1.8))[0]
    rail, coats = MeshBuilder(), MeshBuilder()
    for x in (-length / 2, length / 2):
        rail.box((x - 0.02, -0.02, 0.0), (x + 0.02, 0.02, 1.8), _STEEL)
    rail.box((-length / 2, -0.015, 1.74), (length / 2, 0.015, 1.77), _STEEL)
    rng = ctx.rng()
    palette = ("#2a2d33", "#5a4a3a", "#1f3048", "#6a6a62", "#3a2a2a", "#7a5a3a")
    x = -length / 2 + 0.15
    while x < length / 2 - 0.1:
        long = rng.uniform(0.8, 1.1)
        color = rgba(palette[int(rng.integers(len(palette)))])
        coats.box((x - 0.05, -0.22, 1.74 - long), (x + 0.05, 0.22, 1.72), color)
        x += rng.uniform(0.12, 0.2)
    return BuiltProp(
        node=_node("coat_rack", (rail, "rail"), (coats, "coats")),
        blocking=[(-length / 2, -0.3, length / 2, 0.3)],
    )


def build_banner(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A cloth banner on a wall, its lettering (``text``) facing +y; the bottom edge 2.2 m up,
    ``size`` (width, _, height) defaults to 3 × 0.02 × 0.8 m; ``color`` is the cloth."""
    w, _, h = size_of(spec, (3.0, 0.02, 0.8))
    b = MeshBuilder()
    b.box((-w / 2, 0.0, 2.2), (w / 2, 0.02, 2.2 + h), color_of(spec, "#23364a"))
    b.box((-w / 2 - 0.05, 0.0, 2.2 + h), (w / 2 + 0.05, 0.04, 2.24 + h), rgba((0.6, 0.5, 0.3)))
    root = _node("banner", (b, "cloth"))
    title = make_sign(spec.text or "Welkom", h * 0.4, (0.93, 0.85, 0.62, 1), root, "lettering")
    title.set_pos(0, 0.03, 2.2 + h * 0.35)
    return BuiltProp(node=root)
