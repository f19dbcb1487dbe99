"""A holiday park by day: grounds and lane, entrance gate, chalets, a panel van, a picnic table,
a washing line, and the small things on the table (render layer).

All face +y at heading 0 and stand on the ground at their origin; the small ones (banknotes,
ledger, coffee_set) lie on their origin, e.g. on a table top, reading upright for someone on
the side their heading faces.
"""

from __future__ import annotations

import math

import numpy as np
import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import RGBA, MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK
from simulator.render.props.base import BuiltProp, PropContext, color_of, size_of, textured
from simulator.render.props.buildings import make_sign
from simulator.scenario.scene import PropSpec

__all__ = [
    "build_banknotes",
    "build_chalet",
    "build_coffee_set",
    "build_ledger",
    "build_park_gate",
    "build_park_grounds",
    "build_picnic_table",
    "build_van",
    "build_washing_line",
]

_WHITE = (1.0, 1.0, 1.0, 1.0)
_FRAME = rgba("#e8e6df")
_GLASS = rgba((0.26, 0.31, 0.36))
_DARK = rgba((0.07, 0.07, 0.075))
_TIMBER = rgba("#8a6a48")


def _ground_quad(builder: MeshBuilder, x0, y0, x1, y1, z, uv_scale: float) -> None:
    builder.quad(
        [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)],
        _WHITE,
        [(x / uv_scale, y / uv_scale) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))],
    )


def build_park_grounds(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """Grass to the horizon with a public road along y = -13 and the park's lane running north
    from it along x = 0; ``size`` (lane width, lane length north of the road) defaults to
    3.6 × 50 m."""
    lane_w, lane_len, _ = size_of(spec, (3.6, 50.0, 0.0))
    root = p3d.NodePath("park_grounds")
    road_y0, road_y1 = -16.0, -10.0
    tarmac = MeshBuilder()
    _ground_quad(tarmac, -160.0, road_y0, 160.0, road_y1, 0.0, 4.0)
    _ground_quad(tarmac, -lane_w / 2, road_y1, lane_w / 2, road_y1 + lane_len, 0.004, 4.0)
    asphalt = textured(tarmac, root, "asphalt", ctx.textures.get("asphalt", textures.asphalt))
    asphalt.hide(SHADOW_CAMERA_MASK)
    paint = MeshBuilder()
    mid = (road_y0 + road_y1) / 2
    for x in np.arange(-60.0, 60.0, 6.0):
        paint.quad(
            [(x, mid - 0.06, 0.006), (x + 3, mid - 0.06, 0.006), (x + 3, mid + 0.06, 0.006)]
            + [(x, mid + 0.06, 0.006)],
            rgba((0.86, 0.86, 0.82)),
        )
    lines = paint.attach(root, "road_lines")
    lines.set_depth_offset(1)
    grass = MeshBuilder()
    _ground_quad(grass, -400.0, -400.0, 400.0, 400.0, -0.01, 3.0)
    lawn = textured(grass, root, "grass", ctx.textures.get("grass", textures.grass))
    lawn.hide(SHADOW_CAMERA_MASK)
    extent = (-30.0, road_y0, 30.0, road_y1 + lane_len)
    return BuiltProp(node=root, walkable=[extent], extent=extent)


def build_park_gate(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """The entrance: a timber arch 6 m wide carrying the park's name (``text``) on both faces,
    and a red-and-white barrier arm across the lane between two brick piers."""
    text = spec.text or "Vakantiepark"
    timber = color_of(spec, "#6b4f36")
    wood = MeshBuilder()
    for x in (-3.1, 3.1):
        wood.box((x - 0.11, -0.11, 0.0), (x + 0.11, 0.11, 3.3), timber)
    wood.box((-3.4, -0.12, 3.3), (3.4, 0.12, 3.5), timber)
    board = rgba("#2f4a34")
    wood.box((-1.9, -0.05, 2.55), (1.9, 0.05, 3.25), board, bottom=True)
    for x in (-1.4, 1.4):
        wood.box((x - 0.03, -0.03, 3.25), (x + 0.03, 0.03, 3.3), _DARK)
    piers = MeshBuilder()
    for x in (-2.45, 2.45):
        piers.box((x - 0.25, -0.25, 0.0), (x + 0.25, 0.25, 1.1), _WHITE, uv_scale=0.75)
        wood.box((x - 0.29, -0.29, 1.1), (x + 0.29, 0.29, 1.16), rgba((0.55, 0.54, 0.52)))
    arm = MeshBuilder()
    arm.box((-2.25, -0.18, 0.0), (-1.85, 0.18, 1.0), rgba("#c8c4b8"))  # the barrier's housing
    stripe = 0.5
    x = -1.9
    k = 0
    while x < 2.3:
        colour = rgba("#c0221e") if k % 2 == 0 else rgba("#f2f0ea")
        arm.box((x, -0.05, 0.86), (min(x + stripe, 2.3), 0.05, 0.96), colour, bottom=True)
        x += stripe
        k += 1
    root = p3d.NodePath("park_gate")
    wood.attach(root, "timber")
    textured(piers, root, "piers", ctx.textures.get("brick", textures.brick))
    arm.attach(root, "barrier")
    for side, heading in ((0.055, 0.0), (-0.055, 180.0)):
        sign = make_sign(text, 0.26, (0.95, 0.93, 0.85, 1.0), root, "park_name")
        sign.set_pos(0, side, 2.78)
        sign.set_h(sign.get_h() + heading)
    blocking = [(-3.25, -0.25, -2.2, 0.25), (2.2, -0.25, 3.25, 0.25)]
    return BuiltProp(node=root, blocking=blocking)


def build_chalet(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A timber holiday chalet on a low plinth, pitched roof with the ridge along x, front (+y)
    with a porch deck, a door and two windows, and a small sign beside the door (``text``, e.g.
    its number); ``size`` defaults to 6 × 4.4 × 2.5 m (eaves), ``color`` is the timber stain."""
    width, deep, eaves = size_of(spec, (6.0, 4.4, 2.5))
    stain = color_of(spec, "#6e5a44")
    hw, hd = width / 2, deep / 2
    plinth, ridge, over = 0.3, eaves + 1.5, 0.4
    walls = MeshBuilder()
    walls.box((-hw, -hd, plinth), (hw, hd, eaves), stain, uv_scale=1.2)
    slope = math.atan2(ridge - eaves, hd)
    for sign in (-1.0, 1.0):
        gable = [(sign * hw, -hd, eaves), (sign * hw, hd, eaves), (sign * hw, 0.0, ridge)]
        walls.add(
            np.array(gable),
            np.tile((sign, 0.0, 0.0), (3, 1)),
            stain,
            np.array([(0, 0), (deep / 1.2, 0), (deep / 2.4, 1.5 / 1.2)]),
            [[0, 2, 1]] if sign > 0 else [[0, 1, 2]],
        )
    footing = MeshBuilder()
    footing.box((-hw, -hd, 0.0), (hw, hd, plinth), rgba((0.42, 0.42, 0.41)))
    roof = MeshBuilder()
    low = eaves - over * math.tan(slope)
    run = math.hypot(hd + over, ridge - low) / 2.0
    uv = [(0, 0), ((width + 2 * over) / 2.0, 0), ((width + 2 * over) / 2.0, run), (0, run)]
    x0, x1 = -hw - over, hw + over
    roof.quad(
        [(x1, hd + over, low), (x0, hd + over, low), (x0, 0, ridge), (x1, 0, ridge)], _WHITE, uv
    )
    roof.quad(
        [(x0, -hd - over, low), (x1, -hd - over, low), (x1, 0, ridge), (x0, 0, ridge)], _WHITE, uv
    )
    trim = MeshBuilder()
    trim.box((x0, -0.1, ridge - 0.04), (x1, 0.1, ridge + 0.08), rgba((0.18, 0.18, 0.19)))
    # The porch: a deck along the front with a step, two posts and a rail.
    deck_d = 1.4
    timber = rgba(tuple(c * 1.25 for c in stain[:3]))
    trim.box((-hw, hd, 0.0), (hw, hd + deck_d, 0.25), timber)
    trim.box((-0.5, hd + deck_d, 0.0), (0.5, hd + deck_d + 0.35, 0.12), timber)
    for x in (-hw + 0.1, hw - 0.1):
        trim.box((x - 0.06, hd + deck_d - 0.12, 0.25), (x + 0.06, hd + deck_d, 2.2), timber)
        trim.box(
            (min(x, x * 0.25), hd + deck_d - 0.1, 0.85),
            (max(x, x * 0.25), hd + deck_d - 0.04, 0.92),
            timber,
        )
    y = hd
    # The door (left of centre) with a small pane, and a window either side.
    trim.box((-1.0, y, plinth), (-0.1, y + 0.05, 2.05), rgba(tuple(c * 0.55 for c in stain[:3])))
    trim.box((-0.8, y + 0.05, 1.45), (-0.3, y + 0.06, 1.9), _GLASS)
    trim.box((-0.25, y + 0.05, 1.1), (-0.18, y + 0.09, 1.2), rgba((0.75, 0.70, 0.55)))
    for wx0, wx1 in ((-hw + 0.5, -1.4), (0.5, hw - 0.5)):
        trim.box((wx0 - 0.08, y, 0.95), (wx1 + 0.08, y + 0.06, 2.1), _FRAME)
        trim.box((wx0, y + 0.06, 1.03), (wx1, y + 0.07, 2.02), _GLASS)
        mid = (wx0 + wx1) / 2
        trim.box((mid - 0.03, y + 0.06, 1.03), (mid + 0.03, y + 0.08, 2.02), _FRAME)
    # Side windows.
    for sign in (-1.0, 1.0):
        xs = sign * (hw + 0.03)
        lo, hi = sorted((xs, sign * hw))
        trim.box((lo, -0.7, 1.1), (hi, 0.7, 1.9), _FRAME)
        lo2, hi2 = sorted((sign * (hw + 0.04), sign * (hw + 0.035)))
        trim.box((lo2, -0.62, 1.16), (hi2, 0.62, 1.84), _GLASS)
    if spec.text:
        # A name board above the door, as wide as the words on it.
        half = 0.045 * len(spec.text) + 0.1
        trim.box((-0.55 - half, y, 2.08), (-0.55 + half, y + 0.03, 2.24), rgba("#f2efe6"))
    root = p3d.NodePath("chalet")
    wood_tex = ctx.textures.get("chalet_planks", _planks)
    textured(walls, root, "walls", wood_tex)
    footing.attach(root, "plinth")
    roof_tex = ctx.textures.get("roof_tiles", textures.roof_tiles)
    roof_np = textured(roof, root, "roof", roof_tex)
    roof_np.set_color_scale(0.55, 0.55, 0.58, 1.0)
    trim.attach(root, "trim")
    if spec.text:
        label = make_sign(spec.text, 0.13, (0.12, 0.14, 0.18, 1.0), root, "label")
        label.set_pos(-0.55, y + 0.035, 2.115)
    return BuiltProp(node=root, blocking=[(-hw, -hd, hw, hd + deck_d)])


def _planks() -> np.ndarray:
    """Horizontal weatherboards: the wood grain with a dark groove every eighth of the tile."""
    image = textures.wood(color=(0.85, 0.80, 0.74))
    size = image.shape[0]
    rows = np.arange(size) % (size // 8)
    image[rows < 2] *= 0.55
    return image


def _van_outline(half_len: float) -> list[tuple[float, float]]:
    """Side silhouette of a panel van, counter-clockwise seen from +x (nose to +y)."""
    h, sill, r = half_len, 0.36, 0.42
    pts = [(-h + 0.05, sill)]
    for axle in (-h + 0.95, h - 0.85):
        pts += [(axle - r, sill)]
        pts += [
            (axle - r * math.cos(t), 0.33 + r * math.sin(t)) for t in np.linspace(0, math.pi, 7)
        ]
        pts += [(axle + r, sill)]
    pts += [
        (h - 0.05, sill),
        (h, 0.62),
        (h - 0.03, 0.98),
        (h - 0.22, 1.1),
        (h - 0.72, 1.18),
        (h - 1.3, 2.08),
        (h - 1.5, 2.26),
        (-h + 0.08, 2.26),
        (-h, 2.18),
        (-h, sill + 0.08),
    ]
    return pts


def build_van(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A white panel van (``color`` is the paint), nose to +y, 5.0 m long, 2.0 m wide and 2.3 m
    tall: glass only in the cab, a sliding-door seam, split rear doors and yellow plates."""
    paint = color_of(spec, "#e6e6e2")
    half_len, hw = 2.5, 1.0
    outline = np.asarray(_van_outline(half_len))
    colours: list[RGBA] = []
    for i in range(len(outline)):
        a, b = outline[i], outline[(i + 1) % len(outline)]
        mid = (a + b) / 2
        if mid[1] < 0.75 and abs(mid[0]) < half_len - 0.1:
            colours.append(_DARK)  # sills and wheel arches
        elif b[0] < a[0] and b[1] > 1.5 and mid[0] > half_len - 1.4:
            colours.append(_GLASS)  # the windscreen
        else:
            colours.append(paint)
    body = MeshBuilder()
    body.extrude_side_profile(outline, hw, 0.08, colours, side_color=paint, fillet_color=paint)
    trim = MeshBuilder()
    cab = np.array([(half_len - 1.9, 1.28), (half_len - 0.8, 1.28), (half_len - 1.38, 2.0)])
    cab = np.vstack([cab, [(half_len - 1.9, 2.0)]])
    for sign in (1.0, -1.0):
        trim.polygon(cab, sign * (hw + 0.004), _GLASS, sign > 0)
        x = sign * (hw + 0.004)
        for seam_y in (half_len - 2.0, -0.6):  # the cab door's and the sliding door's rear edges
            quad = [(x, seam_y - 0.008, 0.45), (x, seam_y + 0.008, 0.45)]
            quad += [(x, seam_y + 0.008, 2.1), (x, seam_y - 0.008, 2.1)]
            trim.quad(quad if sign > 0 else quad[::-1], _DARK)
    trim.box((-0.006, -half_len - 0.006, 0.5), (0.006, -half_len + 0.01, 2.12), _DARK)
    plate = rgba((0.93, 0.72, 0.06))
    trim.box((-0.26, half_len - 0.02, 0.42), (0.26, half_len + 0.012, 0.53), plate)
    trim.box((-0.26, -half_len - 0.012, 0.62), (0.26, -half_len + 0.02, 0.73), plate)
    for sign in (1.0, -1.0):
        lo, hi = sorted((sign * 0.55, sign * 0.9))
        trim.box((lo, half_len - 0.12, 0.78), (hi, half_len - 0.0, 0.92), rgba((0.8, 0.82, 0.84)))
        lo, hi = sorted((sign * 0.78, sign * 0.96))
        trim.box((lo, -half_len - 0.01, 1.0), (hi, -half_len + 0.04, 1.45), rgba((0.5, 0.04, 0.04)))
        mx = sign * (hw + 0.16)
        lo, hi = sorted((mx, sign * (hw - 0.02)))
        trim.box((lo, half_len - 1.45, 1.3), (hi, half_len - 1.3, 1.6), _DARK, bottom=True)
    trim.box((-0.8, half_len - 0.06, 0.45), (0.8, half_len + 0.01, 0.72), _DARK)
    tyre = [(0.2, -0.11), (0.34, -0.12), (0.36, -0.06), (0.36, 0.06), (0.34, 0.12), (0.2, 0.11)]
    rim = [(0.2, 0.11), (0.05, 0.1), (0.0, 0.1)]
    for axle in (-half_len + 0.95, half_len - 0.85):
        for sign in (1.0, -1.0):
            with trim.transform((sign * (hw - 0.14), axle, 0.36), (0, 0, 90 * sign)):
                trim.lathe(tyre, _DARK, segments=16)
                trim.lathe(rim, rgba((0.6, 0.62, 0.65)), segments=16)
    shadow = MeshBuilder()
    shadow.quad(
        [(-hw - 0.1, -half_len - 0.1, 0.012), (hw + 0.1, -half_len - 0.1, 0.012)]
        + [(hw + 0.1, half_len + 0.1, 0.012), (-hw - 0.1, half_len + 0.1, 0.012)],
        (0.0, 0.0, 0.0, 0.45),
    )
    root = p3d.NodePath("van")
    painted = body.attach(root, "body")
    material = p3d.Material("van_paint")
    material.set_specular((0.45, 0.45, 0.45, 1))
    material.set_shininess(50.0)
    painted.set_material(material)
    trim.attach(root, "trim")
    blob = shadow.attach(root, "contact_shadow")
    blob.set_transparency(p3d.TransparencyAttrib.M_alpha)
    blob.set_light_off(1)
    blob.set_depth_write(False)
    blob.set_bin("transparent", -10)
    blob.hide(SHADOW_CAMERA_MASK)
    return BuiltProp(node=root, blocking=[(-hw, -half_len, hw, half_len)])


def build_picnic_table(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A timber picnic table 1.8 m long (along x) with its top at 0.76 m and a bench fixed along
    each side; ``color`` is the timber."""
    timber = color_of(spec, "#9a7a55")
    darker = rgba(tuple(c * 0.8 for c in timber[:3]))
    b = MeshBuilder()
    half = 0.9
    for k in range(5):
        y0 = -0.375 + k * 0.15
        b.box((-half, y0 + 0.005, 0.72), (half, y0 + 0.145, 0.76), timber, bottom=True)
    for side in (-1.0, 1.0):
        y_lo, y_hi = sorted((side * 0.55, side * 0.82))
        b.box((-half, y_lo, 0.42), (half, y_hi, 0.46), timber, bottom=True)
    for x in (-half + 0.2, half - 0.2):
        b.box((x - 0.04, -0.85, 0.38), (x + 0.04, 0.85, 0.42), darker, bottom=True)
        for side in (-1.0, 1.0):
            with b.transform((x, side * 0.28, 0.0), (0, side * -28, 0)):
                b.box((-0.04, -0.045, 0.0), (0.04, 0.045, 0.82), darker)
    root = p3d.NodePath("picnic_table")
    b.attach(root, "table")
    return BuiltProp(node=root, blocking=[(-half, -0.85, half, 0.85)])


def build_washing_line(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """Two T-posts 3 m apart with a line at 1.7 m and washing pegged on it: work trousers, shirts
    and towels, hanging still on a windless morning."""
    b = MeshBuilder()
    metal = rgba((0.55, 0.56, 0.58))
    for x in (-1.5, 1.5):
        b.box((x - 0.025, -0.025, 0.0), (x + 0.025, 0.025, 1.78), metal)
        b.box((x - 0.025, -0.3, 1.72), (x + 0.025, 0.3, 1.76), metal)
    for y in (-0.2, 0.2):
        b.box((-1.5, y - 0.004, 1.70), (1.5, y + 0.004, 1.708), rgba((0.85, 0.85, 0.82)))
    clothes = [
        (-1.25, 0.42, 0.9, "#3c4a5c", -0.2),  # work trousers
        (-0.7, 0.55, 0.65, "#d8d4c8", -0.2),
        (-0.05, 0.5, 0.7, "#b0463a", -0.2),
        (0.6, 0.7, 0.5, "#e8e4da", 0.2),  # towels
        (1.05, 0.35, 0.85, "#3c4a5c", 0.2),
        (-0.9, 0.6, 0.45, "#6a7d5a", 0.2),
    ]
    for x, w, h, colour, y in clothes:
        c = rgba(colour)
        b.box((x - w / 2, y - 0.01, 1.70 - h), (x + w / 2, y + 0.01, 1.70), c, bottom=True)
    root = p3d.NodePath("washing_line")
    b.attach(root, "washing")
    return BuiltProp(node=root, blocking=[(-1.55, -0.35, 1.55, 0.35)])


def build_banknotes(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A stack of fifty-euro notes (140 × 77 mm, orange) 2 cm thick under a red rubber band."""
    w, d, t = 0.14, 0.077, 0.02
    b = MeshBuilder()
    b.box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, t), rgba("#d9924a"), bottom=True)
    # The top note's print: a paler band and a darker window, so it reads as money.
    z = t + 0.0003
    b.quad(
        [
            (-w / 2 + 0.01, -d / 2 + 0.01, z),
            (-0.01, -d / 2 + 0.01, z),
            (-0.01, d / 2 - 0.01, z),
            (-w / 2 + 0.01, d / 2 - 0.01, z),
        ],
        rgba("#e8b87c"),
    )
    b.quad(
        [(0.025, -0.02, z), (0.055, -0.02, z), (0.055, 0.02, z), (0.025, 0.02, z)], rgba("#a85f2a")
    )
    b.box(
        (0.03, -d / 2 - 0.002, -0.001),
        (0.036, d / 2 + 0.002, t + 0.001),
        rgba("#9a1f1a"),
        bottom=True,
    )
    root = p3d.NodePath("banknotes")
    root.hide(SHADOW_CAMERA_MASK)
    b.attach(root, "banknotes")
    grip = p3d.TransformState.make_pos_hpr(p3d.LPoint3f(0.0, 0.05, 0.0), p3d.LVecBase3f(90, 0, 0))
    return BuiltProp(node=root, grip=grip)


def build_ledger(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A guest register lying open: a dark blue hard cover 42 × 30 cm with ruled white pages."""
    b = MeshBuilder()
    cover = color_of(spec, "#1f2f4a")
    b.box((-0.21, -0.15, 0.0), (0.21, 0.15, 0.006), cover, bottom=True)
    for sign in (-1.0, 1.0):
        lo, hi = sorted((sign * 0.005, sign * 0.2))
        b.box((lo, -0.14, 0.006), (hi, 0.14, 0.016), rgba("#f4f1ea"))
        for k in range(12):
            y = -0.12 + k * 0.02
            b.quad(
                [
                    (lo + 0.015, y, 0.0163),
                    (hi - 0.015, y, 0.0163),
                    (hi - 0.015, y + 0.002, 0.0163),
                    (lo + 0.015, y + 0.002, 0.0163),
                ],
                rgba("#8a9aae"),
            )
    root = p3d.NodePath("ledger")
    root.hide(SHADOW_CAMERA_MASK)
    b.attach(root, "ledger")
    return BuiltProp(node=root)


def build_coffee_set(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A steel thermos flask and two white mugs of coffee, side by side along x."""
    b = MeshBuilder()
    steel = rgba((0.62, 0.64, 0.66))
    with b.transform((-0.18, 0.0, 0.0)):
        b.cylinder(0.045, 0.0, 0.26, steel, segments=14)
        b.cylinder(0.03, 0.26, 0.31, rgba("#2a2a2e"), segments=12)
    for x in (0.02, 0.16):
        with b.transform((x, 0.0, 0.0)):
            b.lathe([(0.0, 0.0), (0.036, 0.0), (0.04, 0.09), (0.036, 0.09)], _WHITE, segments=14)
            b.disc(0.034, 0.075, rgba((0.24, 0.14, 0.08)), segments=14)
            b.box((0.038, -0.006, 0.025), (0.06, 0.006, 0.07), _WHITE)
    root = p3d.NodePath("coffee_set")
    b.attach(root, "coffee")
    return BuiltProp(node=root)
