"""Small things that lie on a counter or sit in a hand: gift box, business card, phone, envelope
(render layer).

Each lies flat with its bottom on its origin (a scene's ``pos``, e.g. on a counter top), its
face up (the lid, the printed side, the screen, the flap), and reads upright for someone
standing on the side its heading faces (+y at heading 0). Each also says how a right hand
holds it: ``BuiltProp.grip``, in the frame of ``Person.right_hand`` (x towards the thumb,
y along the fingers, z out of the palm). The flat ones (card, envelope, phone) cast no
shadow: a few millimetres above a counter top, the sun's shadow map would streak them.
"""

from __future__ import annotations

import numpy as np
import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import RGBA, MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK
from simulator.render.props.base import BuiltProp, PropContext, color_of, size_of
from simulator.scenario.scene import PropSpec

__all__ = [
    "build_business_card",
    "build_envelope",
    "build_gift_box",
    "build_phone",
    "print_face_up",
]

_INK = rgba("#1e2430")
_GREY_INK = rgba("#8a8e96")


def _held(pos: tuple[float, float, float], heading: float) -> p3d.TransformState:
    """Where a prop's own space sits in the hand's grip frame."""
    return p3d.TransformState.make_pos_hpr(p3d.LPoint3f(*pos), p3d.LVecBase3f(heading, 0, 0))


def _face(x0: float, y0: float, x1: float, y1: float, z: float) -> list[tuple[float, ...]]:
    """A rectangle at height ``z`` facing up, corners counter-clockwise from above."""
    return [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)]


def build_gift_box(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A wrapped present: a box in gift paper (``color``, dark red by default) with a gold ribbon
    crossing over the lid and a bow on top; ``size`` defaults to 0.25 × 0.18 × 0.08 m."""
    width, depth, height = size_of(spec, (0.25, 0.18, 0.08))
    hw, hd = width / 2, depth / 2
    paper, ribbon = color_of(spec, "#7a1f2b"), rgba("#d9ad4a")
    band = min(width, depth) * 0.07
    builder = MeshBuilder()
    builder.box((-hw, -hd, 0.0), (hw, hd, height), paper, bottom=True)
    # Two bands a little proud of the paper; the one along y lies on the other.
    builder.box((-hw - 0.001, -band, 0.0), (hw + 0.001, band, height + 0.001), ribbon)
    builder.box((-band, -hd - 0.002, 0.0), (band, hd + 0.002, height + 0.002), ribbon)
    # The bow: two loops rising from a knot, each leaning out to its side.
    size = min(width, depth)
    loop = (0.12 * size, 0.05 * size, 0.12 * size)
    for side in (-1, 1):
        with builder.transform((side * 0.10 * size, 0.0, height + 0.08 * size), (0, 0, side * 45)):
            builder.sphere(loop, (0, 0, 0), ribbon, rings=6, segments=10)
    builder.sphere(band * 0.9, (0, 0, height + band * 0.4), ribbon, rings=6, segments=10)
    root = p3d.NodePath("gift_box")
    builder.attach(root, "gift_box")
    return BuiltProp(node=root, grip=_held((0.0, 0.07, 0.0), 90.0))


def build_business_card(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """An 85 × 55 mm card (``color``, a cool white by default) with a blue band along its top
    edge, a name line (``text``, or a dark bar without one) and grey lines of details."""
    width, depth, thick = 0.085, 0.055, 0.0004
    builder = MeshBuilder()
    builder.box(
        (-width / 2, -depth / 2, 0.0),
        (width / 2, depth / 2, thick),
        color_of(spec, "#e3e6eb"),
        bottom=True,
    )
    top = thick + 0.0001
    # The reader stands at +y: the card's top edge is at -y, its left at +x. A coloured band
    # along the top edge keeps a white card visible on a white counter.
    builder.quad(_face(-width / 2, -depth / 2, width / 2, -depth / 2 + 0.009, top), rgba("#2f5d8a"))
    for k, length in enumerate((0.040, 0.030, 0.034)):
        y = 0.008 + 0.0055 * k
        builder.quad(_face(0.034 - length, y, 0.034, y + 0.0018, top), _GREY_INK)
    if spec.text is None:
        builder.quad(_face(-0.014, -0.006, 0.034, -0.001, top), _INK)
    root = p3d.NodePath("business_card")
    root.hide(SHADOW_CAMERA_MASK)
    builder.attach(root, "card")
    if spec.text:
        print_face_up(root, spec.text, start=(0.034, -0.0035), width=0.068, height=0.0055, z=top)
    # Pinched between thumb and index finger by a short edge: the long side points out of the
    # hand, the face towards the thumb (x), so it shows beside a hanging or a pointing hand.
    pinched = p3d.LMatrix4f(0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0.025, 0.11, 0.02, 1)
    return BuiltProp(node=root, grip=p3d.TransformState.make_mat(pinched))


def print_face_up(
    parent: p3d.NodePath,
    text: str,
    *,
    start: tuple[float, float],
    width: float,
    height: float,
    z: float,
) -> None:
    """Dark letters lying face up at ``z``, reading upright from +y: a line starting at
    ``start`` (its middle height), ``height`` tall and at most ``width`` long."""
    node = p3d.TextNode("print")
    node.set_text(text)
    node.set_align(p3d.TextNode.A_left)
    node.set_text_color(*_INK)
    letters = parent.attach_new_node(node.generate())
    scale = min(height / 0.72, width / max(node.get_width(), 1e-6))
    letters.set_scale(scale)
    # Text stands in the x-z plane facing -y; lay it face up, its top towards -y.
    letters.set_hpr(180, -90, 0)
    # The baseline sits below the middle of the letters, towards the reader.
    letters.set_pos(start[0], start[1] + 0.35 * height, z)


def build_phone(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A 72 × 150 × 8 mm smartphone (``color`` for its case, near black by default) lying screen
    up; the lit screen shows a photo of a house, top edge away from the reader."""
    width, depth, thick = 0.072, 0.150, 0.008
    builder = MeshBuilder()
    builder.box(
        (-width / 2, -depth / 2, 0.0),
        (width / 2, depth / 2, thick - 0.0008),
        color_of(spec, "#26282d"),
        bottom=True,
    )
    builder.box(
        (-width / 2 + 0.0008, -depth / 2 + 0.0008, thick - 0.0008),
        (width / 2 - 0.0008, depth / 2 - 0.0008, thick),
        rgba("#08090b"),
    )
    root = p3d.NodePath("phone")
    root.hide(SHADOW_CAMERA_MASK)
    builder.attach(root, "phone")
    screen = MeshBuilder()
    sx, sy = width / 2 - 0.003, depth / 2 - 0.007
    # The photo's top (v = 1) towards -y: away from whoever the screen faces.
    screen.quad(
        _face(-sx, -sy, sx, sy, thick + 0.0002), (1, 1, 1, 1), ((1, 1), (0, 1), (0, 0), (1, 0))
    )
    lit = screen.attach(root, "screen")
    lit.set_texture(ctx.textures.get("phone_photo", _phone_screen))
    lit.set_light_off(1)  # the screen glows
    return BuiltProp(node=root, grip=_held((0.0, 0.02, 0.0), 180.0))


def _phone_screen() -> np.ndarray:
    """A portrait screen showing a landscape photo of a house, black above and below."""
    photo = textures.house_photo()[5:-5, 5:-5]
    h, w = 256, 128
    rows = round(w * photo.shape[0] / photo.shape[1])
    image = np.full((h, w, 3), 0.03)
    ys = (np.arange(rows) * photo.shape[0] / rows).astype(int)
    xs = (np.arange(w) * photo.shape[1] / w).astype(int)
    top = (h - rows) // 2
    image[top : top + rows] = photo[ys][:, xs]
    return image


def build_envelope(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A C5 envelope, 229 × 162 mm (``color``, cream by default), lying flap side up with the
    flap's edge and the folds of its side flaps showing."""
    width, depth, thick = 0.229, 0.162, 0.003
    paper = color_of(spec, "#efe6d2")
    builder = MeshBuilder()
    builder.box((-width / 2, -depth / 2, 0.0), (width / 2, depth / 2, thick), paper, bottom=True)
    hw, hd = width / 2, depth / 2
    z = thick + 0.0002
    fold = _shade(paper, 0.86)
    # The flap hangs from the top edge (-y) to a point below the middle.
    apex = -hd + 0.62 * depth
    builder.add(
        [(-hw, -hd, z), (hw, -hd, z), (0.0, apex, z)],
        np.tile((0, 0, 1), (3, 1)),
        _shade(paper, 0.95),
        [(0, 0), (1, 0), (0.5, 1)],
        [[0, 1, 2]],
    )
    # A thin shadow along the flap's edges, and the two folds rising from the bottom corners.
    for (x0, y0), (x1, y1) in (((-hw, -hd), (0.0, apex)), ((hw, -hd), (0.0, apex))):
        _crease(builder, (x0, y0), (x1, y1), z + 0.0001, 0.0012, fold)
    for x0 in (-hw, hw):
        _crease(builder, (x0, hd), (x0 * 0.2, 0.15 * depth), z - 0.0001, 0.0008, fold)
    root = p3d.NodePath("envelope")
    root.hide(SHADOW_CAMERA_MASK)
    builder.attach(root, "envelope")
    return BuiltProp(node=root, grip=_held((0.0, 0.06, 0.0), 90.0))


def _shade(color: RGBA, factor: float) -> RGBA:
    return (color[0] * factor, color[1] * factor, color[2] * factor, color[3])


def _crease(
    builder: MeshBuilder,
    start: tuple[float, float],
    end: tuple[float, float],
    z: float,
    width: float,
    color: RGBA,
) -> None:
    """A thin strip from ``start`` to ``end`` at height ``z``, facing up."""
    a, b = np.asarray(start), np.asarray(end)
    along = (b - a) / np.linalg.norm(b - a)
    side = np.array([-along[1], along[0]]) * width / 2
    corners = [(*(a - side), z), (*(b - side), z), (*(b + side), z), (*(a + side), z)]
    builder.quad(corners, color)
