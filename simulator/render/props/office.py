"""An office's furniture and the things on its table: cabinet, meeting table, mug, folder
(render layer).

Fronts face +y at heading 0 (the cabinet's doors, the side of a folder its label reads from);
the furniture stands on the floor at its origin, the mug and the folder stand or lie with their
bottom on it (a scene's ``pos``, e.g. on a table top). The folder is held like the envelope:
flat against the palm (``BuiltProp.grip``, in the frame of ``Person.right_hand``).
"""

from __future__ import annotations

import panda3d.core as p3d

from simulator.render import textures
from simulator.render.geometry import MeshBuilder, rgba
from simulator.render.lighting import SHADOW_CAMERA_MASK
from simulator.render.props.base import BuiltProp, PropContext, color_of, size_of
from simulator.render.props.small_objects import print_face_up
from simulator.scenario.scene import PropSpec

__all__ = ["build_cabinet", "build_folder", "build_meeting_table", "build_mug"]

_METAL = rgba((0.55, 0.57, 0.60))
_BINDERS = ("#2f5d8a", "#8a2f2f", "#3d6b3a", "#c9a227", "#4a4a52", "#2f5d8a", "#6b4a8a")


def build_cabinet(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """An office cupboard: two closed doors below, open shelves of ring binders above; ``size``
    defaults to 1.2 × 0.42 × 1.9 m, ``color`` is the carcass (a light grey by default)."""
    width, depth, height = size_of(spec, (1.2, 0.42, 1.9))
    hw, hd = width / 2, depth / 2
    carcass = color_of(spec, "#d8d6d0")
    body, binders = MeshBuilder(), MeshBuilder()
    board = 0.02
    # Back, sides, top and the shelves, open towards +y.
    body.box((-hw, -hd, 0.0), (hw, -hd + board, height), carcass)
    for x0 in (-hw, hw - board):
        body.box((x0, -hd, 0.0), (x0 + board, hd, height), carcass)
    body.box((-hw, -hd, height - board), (hw, hd, height), carcass)
    shelves = (0.8, 1.16, 1.52)
    for z in (0.0, *shelves):
        body.box((-hw + board, -hd, z), (hw - board, hd, z + board), carcass)
    # The doors below, with a seam and two handles.
    door = rgba("#c8c5be")
    body.box((-hw + board, hd - 0.02, 0.06), (-0.003, hd, 0.78), door)
    body.box((0.003, hd - 0.02, 0.06), (hw - board, hd, 0.78), door)
    for x in (-0.05, 0.05):
        body.box((x - 0.008, hd, 0.5), (x + 0.008, hd + 0.02, 0.62), _METAL)
    # Binders standing on each shelf: 6 cm spines, a label near the top of each.
    for row, z in enumerate(shelves):
        x = -hw + board + 0.01
        k = row * 3
        while x + 0.06 < hw - board - 0.08:
            color = rgba(_BINDERS[k % len(_BINDERS)])
            top = z + board + 0.30 + 0.01 * (k % 2)
            binders.box((x, -hd + 0.05, z + board), (x + 0.055, hd - 0.04, top), color)
            binders.box(
                (x + 0.012, hd - 0.039, top - 0.12),
                (x + 0.043, hd - 0.038, top - 0.04),
                rgba("#f2f0ea"),
            )
            x += 0.06
            k += 1
    root = p3d.NodePath("cabinet")
    body.attach(root, "carcass")
    binders.attach(root, "binders")
    return BuiltProp(node=root, blocking=[(-hw, -hd, hw, hd)])


def build_meeting_table(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A round meeting table for four on a single column and a cross foot; ``size`` defaults
    to 1.1 × 1.1 × 0.74 m (the diameter, the same again, the height of the top)."""
    diameter, _, height = size_of(spec, (1.1, 1.1, 0.74))
    radius = diameter / 2
    top, frame = MeshBuilder(), MeshBuilder()
    top.cylinder(radius, height - 0.025, height, (1, 1, 1, 1), segments=28)
    frame.cylinder(0.045, 0.03, height - 0.025, _METAL, segments=10, caps=False)
    frame.cylinder(0.12, height - 0.06, height - 0.025, _METAL, segments=10)
    for heading in (45, 135):
        with frame.transform((0.0, 0.0, 0.0), (heading, 0, 0)):
            frame.box((-0.34, -0.03, 0.0), (0.34, 0.03, 0.035), _METAL)
    root = p3d.NodePath("meeting_table")
    wood = top.attach(root, "top")
    wood.set_texture(ctx.textures.get("wood_light", lambda: textures.wood(color=(0.8, 0.7, 0.55))))
    frame.attach(root, "frame")
    reach = radius * 0.85
    return BuiltProp(node=root, blocking=[(-reach, -reach, reach, reach)])


def build_mug(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A coffee mug, 8 cm across and 9.5 cm tall (``color`` for the glaze), with a handle
    towards +x and coffee in it."""
    glaze = color_of(spec, "#e8e4dc")
    builder = MeshBuilder()
    builder.lathe(
        [(0.0, 0.0), (0.038, 0.0), (0.040, 0.005), (0.040, 0.095), (0.036, 0.095), (0.036, 0.01)],
        glaze,
        segments=18,
    )
    builder.disc(0.036, 0.075, rgba("#3a2417"), segments=18)
    for z0, z1, x0, x1 in ((0.068, 0.078, 0.036, 0.062), (0.022, 0.032, 0.036, 0.062)):
        builder.box((x0, -0.006, z0), (x1, 0.006, z1), glaze)
    builder.box((0.052, -0.006, 0.022), (0.062, 0.006, 0.078), glaze)
    root = p3d.NodePath("mug")
    builder.attach(root, "mug")
    return BuiltProp(node=root)


def build_folder(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """A closed A4 file folder, 24 × 32 cm and 2 cm thick (``color``, a buff cardboard by
    default) with the edges of its papers showing and a white label with ``text`` on it."""
    width, depth, thick = 0.24, 0.32, 0.02
    hw, hd = width / 2, depth / 2
    board = color_of(spec, "#c9a66b")
    builder = MeshBuilder()
    builder.box((-hw, -hd, 0.0), (hw, hd, 0.002), board, bottom=True)
    builder.box(
        (-hw + 0.005, -hd + 0.004, 0.002), (hw - 0.01, hd - 0.004, thick - 0.002), rgba("#f4f2ec")
    )
    builder.box((-hw, -hd, thick - 0.002), (hw, hd, thick), board)
    builder.box((-hw - 0.004, -hd, 0.0), (-hw, hd, thick), _shade(board))  # the spine
    label = (-0.07, -0.11, 0.07, -0.06)
    builder.quad(
        [
            (label[0], label[1], thick + 0.0004),
            (label[2], label[1], thick + 0.0004),
            (label[2], label[3], thick + 0.0004),
            (label[0], label[3], thick + 0.0004),
        ],
        rgba("#f7f6f2"),
    )
    root = p3d.NodePath("folder")
    root.hide(SHADOW_CAMERA_MASK)
    builder.attach(root, "folder")
    if spec.text:
        print_face_up(
            root, spec.text, start=(0.065, -0.085), width=0.13, height=0.018, z=thick + 0.0006
        )
    held = p3d.TransformState.make_pos_hpr(p3d.LPoint3f(0.0, 0.12, 0.0), p3d.LVecBase3f(90, 0, 0))
    return BuiltProp(node=root, grip=held)


def _shade(color: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (color[0] * 0.8, color[1] * 0.8, color[2] * 0.8, color[3])
