"""Parked cars built in code: rounded body, glass cabin, wheels, lights, plates (render layer).

Kinds: ``car`` (a family hatchback-saloon) and ``suv`` (taller, boxier, bigger
wheels). The nose faces +y; the origin is on the ground under the car's
centre. About 2,500 triangles a car.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import RGBA, MeshBuilder, rgba
from simulator.render.props.base import BuiltProp, PropContext, color_of
from simulator.scenario.scene import PropSpec

__all__ = ["build_car", "build_suv"]

_GLASS = rgba((0.13, 0.16, 0.20))
_TYRE = rgba((0.045, 0.045, 0.05))
_TRIM = rgba((0.07, 0.07, 0.075))
_RIM = rgba((0.62, 0.64, 0.67))
_PLATE = rgba((0.93, 0.72, 0.06))  # Dutch plates are yellow.
_HEADLIGHT = rgba((0.80, 0.82, 0.84))
_TAILLIGHT = rgba((0.50, 0.04, 0.04))
_INDICATOR = rgba((0.85, 0.45, 0.08))


@dataclass(frozen=True)
class _Shape:
    length: float
    half_width: float
    wheel_radius: float
    axle: float
    """Distance of each axle from the centre along y."""
    sill: float
    belt: float
    roof: float
    bonnet_front: float
    windscreen_base: float
    """y where the windscreen meets the bonnet."""
    roof_front: float
    roof_rear: float
    rear_glass_base: float
    """y where the rear window meets the boot (or the tailgate for an SUV)."""
    tumblehome: float
    """How much narrower the roof is than the belt line, as a fraction."""


_CAR = _Shape(
    length=4.32,
    half_width=0.89,
    wheel_radius=0.31,
    axle=1.32,
    sill=0.27,
    belt=0.97,
    roof=1.45,
    bonnet_front=0.80,
    windscreen_base=0.82,
    roof_front=-0.05,
    roof_rear=-0.95,
    rear_glass_base=-1.62,
    tumblehome=0.2,
)
_SUV = _Shape(
    length=4.66,
    half_width=0.94,
    wheel_radius=0.36,
    axle=1.42,
    sill=0.40,
    belt=1.13,
    roof=1.74,
    bonnet_front=0.98,
    windscreen_base=1.02,
    roof_front=0.30,
    roof_rear=-1.95,
    rear_glass_base=-2.12,
    tumblehome=0.14,
)


def _arch(center_y: float, shape: _Shape, steps: int = 9) -> list[tuple[float, float]]:
    radius = shape.wheel_radius + 0.08
    zc = shape.wheel_radius
    return [
        (center_y - radius * math.cos(t), zc + radius * math.sin(t))
        for t in np.linspace(0.0, math.pi, steps)
    ]


def _lower_outline(s: _Shape) -> list[tuple[float, float]]:
    """Side silhouette of the body below the windows, counter-clockwise seen from +x."""
    h = s.length / 2
    r = s.wheel_radius + 0.08
    bottom = s.sill
    pts = [(-h + 0.12, bottom)]
    pts += [(-s.axle - r, bottom)] + _arch(-s.axle, s) + [(-s.axle + r, bottom)]
    pts += [(s.axle - r, bottom)] + _arch(s.axle, s) + [(s.axle + r, bottom)]
    nose = s.bonnet_front
    pts += [
        (h - 0.10, bottom + 0.02),
        (h - 0.01, bottom + 0.14),
        (h, bottom + 0.32),
        (h - 0.04, nose - 0.05),
        (h - 0.16, nose),
        (h - 0.55, nose + 0.07),
        (s.windscreen_base + 0.05, s.belt - 0.02),
        (s.rear_glass_base, s.belt + 0.01),
        (-h + 0.20, s.belt - 0.01),
        (-h + 0.04, s.belt - 0.12),
        (-h, s.belt - 0.35),
        (-h + 0.01, bottom + 0.16),
    ]
    return pts


def _cabin_outline(s: _Shape) -> list[tuple[float, float]]:
    """Side silhouette of the glasshouse, counter-clockwise seen from +x."""
    base = s.belt - 0.04
    pts = [(s.rear_glass_base, base), (s.windscreen_base, base)]
    # Windscreen to roof with a rounded header.
    pts += [(s.roof_front + 0.18, s.roof - 0.05), (s.roof_front, s.roof)]
    pts += [(s.roof_rear, s.roof - 0.01), (s.roof_rear - 0.16, s.roof - 0.05)]
    return pts


def _clip(poly: np.ndarray, axis: int, value: float, keep_greater: bool) -> np.ndarray:
    """Sutherland–Hodgman clip of a (y, z) polygon against one axis-aligned half-plane."""
    out = []
    n = len(poly)
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        ina = (a[axis] >= value) == keep_greater
        inb = (b[axis] >= value) == keep_greater
        if ina:
            out.append(a)
        if ina != inb:
            t = (value - a[axis]) / (b[axis] - a[axis])
            out.append(a + t * (b - a))
    return np.asarray(out)


def _inset(poly: np.ndarray, margin: float) -> np.ndarray:
    """Move each edge of a convex counter-clockwise polygon inwards by ``margin``."""
    n = len(poly)
    lines = []
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        d = (b - a) / np.linalg.norm(b - a)
        inward = np.array([-d[1], d[0]])
        lines.append((a + margin * inward, d))
    out = []
    for i in range(n):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        m = np.array([d1, -d2]).T
        if abs(np.linalg.det(m)) < 1e-9:
            out.append(p2)
            continue
        t = np.linalg.solve(m, p2 - p1)
        out.append(p1 + t[0] * d1)
    return np.asarray(out)


def _build_vehicle(ctx: PropContext, spec: PropSpec, s: _Shape, default_color: str) -> BuiltProp:
    paint = color_of(spec, default_color)
    dark_paint = rgba(tuple(c * 0.35 for c in paint[:3]))
    half_len = s.length / 2

    def body_narrowing(y: float, z: float) -> float:
        end = (abs(y) / (half_len + 0.02)) ** 4
        shoulder = max(0.0, z - (s.belt - 0.2)) / 0.2
        return (1.0 - 0.13 * end) * (1.0 - 0.05 * shoulder)

    def cabin_narrowing(y: float, z: float) -> float:
        rise = (z - s.belt) / (s.roof - s.belt)
        return (1.0 - 0.05) * (1.0 - s.tumblehome * max(0.0, rise))

    paint_mb, trim_mb = MeshBuilder(), MeshBuilder()

    lower = np.asarray(_lower_outline(s))
    seg_colors: list[RGBA] = []
    for i in range(len(lower)):
        a, b = lower[i], lower[(i + 1) % len(lower)]
        mid = (a + b) / 2
        near_axle = min(abs(mid[0] - s.axle), abs(mid[0] + s.axle)) < s.wheel_radius + 0.1
        if mid[1] < s.sill + 0.005 or (near_axle and mid[1] < s.wheel_radius + 0.2):
            seg_colors.append(_TRIM)
        else:
            seg_colors.append(paint)
    paint_mb.extrude_side_profile(
        lower, s.half_width, 0.09, seg_colors, narrowing=body_narrowing, steps=3
    )

    cabin = np.asarray(_cabin_outline(s))
    cabin_colors = [paint, _GLASS, _GLASS, paint, _GLASS, _GLASS]
    paint_mb.extrude_side_profile(
        cabin,
        s.half_width,
        0.07,
        cabin_colors,
        side_color=paint,
        fillet_color=paint,
        narrowing=cabin_narrowing,
        steps=2,
    )
    # The windscreen and rear screen again, as reflective panes just proud of the body.
    glass_mb = MeshBuilder()
    tangent_of = {1: cabin[2] - cabin[1], 5: cabin[0] - cabin[5]}
    for seg, along in tangent_of.items():
        a, b = cabin[seg], cabin[(seg + 1) % len(cabin)]
        d = along / np.linalg.norm(along)
        out = np.array([d[1], -d[0]]) * 0.002
        a, b = a + d * 0.05 + out, b - d * 0.05 + out
        edge_a = s.half_width * cabin_narrowing(*a) - 0.1
        edge_b = s.half_width * cabin_narrowing(*b) - 0.1
        corners = np.array([[edge_a, *a], [-edge_a, *a], [-edge_b, *b], [edge_b, *b]])
        normal = np.array([0.0, d[1], -d[0]])
        glass_mb.add(
            corners, np.tile(normal, (4, 1)), _GLASS, np.zeros((4, 2)), [[0, 1, 2], [0, 2, 3]]
        )
    # Side windows: the glasshouse outline inset, split by the B pillar.
    glass = _inset(cabin, 0.07)
    glass = _clip(glass, 1, s.belt + 0.01, keep_greater=True)
    pillar = (s.roof_front + s.roof_rear) / 2 + 0.1
    for keep, edge in ((True, pillar + 0.05), (False, pillar - 0.05)):
        pane = _clip(glass, 0, edge, keep_greater=keep)
        if len(pane) >= 3:
            for sign in (1.0, -1.0):
                glass_mb.polygon(
                    pane, sign * (s.half_width + 0.004), _GLASS, sign > 0, cabin_narrowing
                )

    # Door shut lines and a rubbing strip, just proud of the sides.
    w_door = s.half_width * body_narrowing(0.0, s.sill + 0.3) + 0.003
    for y in (s.windscreen_base + 0.1, pillar, s.rear_glass_base + 0.35):
        for sign in (1.0, -1.0):
            x = sign * w_door
            pts = [
                (x, y - 0.008, s.sill + 0.08),
                (x, y + 0.008, s.sill + 0.08),
                (x, y + 0.008, s.belt - 0.03),
                (x, y - 0.008, s.belt - 0.03),
            ]
            if sign < 0:
                pts = pts[::-1]
            trim_mb.quad(pts, _TRIM)

    # Lights, grille, plates, mirrors.
    nose_w = s.half_width * body_narrowing(half_len, s.bonnet_front - 0.1)
    z_lamp = s.bonnet_front - 0.16
    for sign in (1.0, -1.0):
        x_in, x_out = sign * (nose_w - 0.36), sign * (nose_w - 0.05)
        lo, hi = sorted((x_in, x_out))
        paint_mb.box(
            (lo, half_len - 0.16, z_lamp), (hi, half_len - 0.01, z_lamp + 0.11), _HEADLIGHT
        )
        paint_mb.box(
            (lo, -half_len + 0.02, s.belt - 0.22), (hi, -half_len + 0.1, s.belt - 0.08), _TAILLIGHT
        )
        ind_lo, ind_hi = sorted((sign * (nose_w - 0.05), sign * (nose_w - 0.0)))
        paint_mb.box(
            (ind_lo, half_len - 0.3, z_lamp), (ind_hi, half_len - 0.12, z_lamp + 0.06), _INDICATOR
        )
        # Mirror on the door, just behind the A pillar.
        mx = sign * (s.half_width + 0.10)
        mlo, mhi = sorted((mx, sign * (s.half_width - 0.02)))
        paint_mb.box(
            (mlo, s.windscreen_base - 0.22, s.belt + 0.02),
            (mhi, s.windscreen_base - 0.10, s.belt + 0.15),
            paint,
            bottom=True,
        )
    trim_mb.box(
        (-(nose_w - 0.40), half_len - 0.07, s.sill + 0.22),
        (nose_w - 0.40, half_len + 0.005, z_lamp + 0.06),
        _TRIM,
    )
    trim_mb.box(
        (-0.26, half_len - 0.02, s.sill + 0.06), (0.26, half_len + 0.015, s.sill + 0.17), _PLATE
    )
    trim_mb.box(
        (-0.26, -half_len - 0.015, s.belt - 0.42), (0.26, -half_len + 0.05, s.belt - 0.31), _PLATE
    )
    trim_mb.box(
        (-(nose_w - 0.1), -half_len - 0.01, s.sill),
        (nose_w - 0.1, -half_len + 0.1, s.sill + 0.12),
        dark_paint,
    )

    # Wheels: tyre, rim dish and hub, with the outer face outwards.
    r = s.wheel_radius
    tyre = [
        (r - 0.11, -0.1),
        (r - 0.03, -0.108),
        (r - 0.01, -0.09),
        (r, -0.05),
        (r, 0.05),
        (r - 0.01, 0.09),
        (r - 0.03, 0.108),
        (r - 0.11, 0.1),
    ]
    rim = [(r - 0.11, 0.098), (r - 0.13, 0.07), (r - 0.2, 0.082), (0.05, 0.088), (0.0, 0.09)]
    track = s.half_width - 0.12
    for y in (s.axle, -s.axle):
        for sign in (1.0, -1.0):
            with trim_mb.transform((sign * track, y, r), (0, 0, 90 * sign)):
                trim_mb.lathe(tyre, _TYRE, segments=18)
            with paint_mb.transform((sign * track, y, r), (0, 0, 90 * sign)):
                paint_mb.lathe(rim, _RIM, segments=18)
                # Dark gaps between five spokes.
                for k in range(5):
                    a = math.radians(72 * k + 36)
                    cx, cy = 0.13 * math.cos(a), 0.13 * math.sin(a)
                    with paint_mb.transform((cx, cy, 0.0885), (math.degrees(a), 0, 0)):
                        paint_mb.quad(
                            [
                                (-0.035, -0.025, 0),
                                (0.035, -0.025, 0),
                                (0.035, 0.025, 0),
                                (-0.035, 0.025, 0),
                            ],
                            _TRIM,
                        )

    root = p3d.NodePath(spec.kind or "car")
    painted = paint_mb.attach(root, "paint")
    material = p3d.Material("car_paint")
    material.set_specular((0.55, 0.55, 0.55, 1))
    material.set_shininess(60.0)
    painted.set_material(material)
    trim_mb.attach(root, "trim")
    # Glass: dark, with the dusk sky and horizon reflected (a sphere map follows the view).
    glass_np = glass_mb.attach(root, "glass")
    reflection = p3d.TextureStage("sky_reflection")
    reflection.set_mode(p3d.TextureStage.M_add)
    mood = ctx.mood
    sky = ctx.textures.get(
        f"sky_reflection_{mood.sky_zenith}_{mood.sky_horizon}",
        lambda: textures.sky_reflection(zenith=mood.sky_zenith, horizon=mood.sky_horizon),
    )
    glass_np.set_texture(reflection, sky)
    glass_np.set_tex_gen(reflection, p3d.TexGenAttrib.M_eye_sphere_map)
    glass_np.set_material(_glass_material())
    # A soft dark patch under the car so it sits on the ground where the sun does not reach.
    blob = _contact_shadow(s.half_width + 0.15, half_len + 0.15, 0.25).attach(
        root, "contact_shadow"
    )
    blob.set_transparency(p3d.TransparencyAttrib.M_alpha)
    blob.set_light_off(1)
    blob.set_depth_write(False)
    blob.set_bin("transparent", -10)
    hw = s.half_width
    return BuiltProp(node=root, blocking=[(-hw, -half_len, hw, half_len)])


def _glass_material() -> p3d.Material:
    glass = p3d.Material("car_glass")
    glass.set_specular((0.8, 0.8, 0.8, 1))
    glass.set_shininess(90.0)
    return glass


def _contact_shadow(half_x: float, half_y: float, feather: float) -> MeshBuilder:
    """A rectangle on the ground, dark inside and fading to clear over ``feather`` metres."""
    xs = [-half_x, -half_x + feather, half_x - feather, half_x]
    ys = [-half_y, -half_y + feather, half_y - feather, half_y]
    pts = np.array([[(x, y, 0.012) for x in xs] for y in ys])
    alpha = np.zeros((4, 4))
    alpha[1:3, 1:3] = 0.6
    colors = np.zeros((4, 4, 4))
    colors[..., 3] = alpha
    builder = MeshBuilder()
    builder.grid(pts, colors)
    return builder


def build_car(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A family car, nose to +y, 4.3 m long and 1.8 m wide; ``color`` is the paint."""
    return _build_vehicle(ctx, spec, _CAR, "#8a949e")


def build_suv(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A large SUV, nose to +y, 4.7 m long, 1.9 m wide and 1.75 m tall."""
    return _build_vehicle(ctx, spec, _SUV, "#1c1e22")
