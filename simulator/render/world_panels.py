"""Flat things in the 3D scene to read and point at: cards, text, rays, a vignette (render).

A ``PanelLayer`` under a parent node (the headset's rig) holds ``Panel``s:
flat surfaces in their local XZ plane (x right, z up) facing -Y, towards
whoever reads them, on which cards and text are laid out in metres. The
layer is unlit and unshaded, drawn over the scene without depth, blended by
alpha, in the ``fixed`` bin from 40 up (``sort`` orders things within it).
What goes where is decided by the caller; this module only draws it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import panda3d.core as p3d

from simulator.render.style import RGBA

__all__ = ["Card", "Item", "Panel", "PanelLayer", "Pointer", "Text", "Vignette", "head_vignette"]

Frame = tuple[float, float, float, float]
"""A rectangle in a panel's plane: (left, right, bottom, top) in metres."""

_BIN = "fixed"
_BIN_BASE = 40
_TEXT_SORT = 2
_POINTER_SORT = 5
_VIGNETTE_SORT = 20


class Item:
    """Something drawn: shown or hidden, moved, reparented, removed."""

    def __init__(self, path: p3d.NodePath) -> None:
        self.path = path

    def show(self) -> None:
        self.path.show()

    def hide(self) -> None:
        self.path.hide()

    def move_to(self, x: float, y: float, z: float) -> None:
        """Place it at (x, y, z) in its parent's coordinates (a panel's: y towards the reader)."""
        self.path.set_pos(x, y, z)

    def attach_to(self, parent: p3d.NodePath) -> None:
        """Hang it under ``parent`` (a tracked hand, say), keeping its own placement."""
        self.path.reparent_to(parent)

    def remove(self) -> None:
        self.path.remove_node()


class Text(Item):
    """A block of text, word-wrapped, its first line's baseline at its origin."""

    @property
    def rows(self) -> int:
        """How many lines the text wrapped to."""
        return self.path.node().get_num_rows()

    def set_text(self, text: str) -> None:
        self.path.node().set_text(text)

    def set_z(self, z: float) -> None:
        self.path.set_z(z)

    def set_scale(self, scale: float) -> None:
        """Its scale in its parent's units (made with a scale of ``height``)."""
        self.path.set_scale(scale)


class Card(Item):
    """A flat coloured rectangle; text may be put on it."""

    def set_color(self, color: RGBA) -> None:
        self.path.set_color(*color)

    def text(
        self, font: p3d.TextFont, text: str, *, height: float, color: RGBA, width: float
    ) -> Text:
        """Text on this card (it moves and goes with the card), as ``Panel.text``."""
        return _text(self.path, font, text, height, color, width)


class Pointer(Item):
    """A ray drawn from its origin along its +Y, hidden until shown."""


class Vignette(Item):
    """A dark ring around the centre of view, hidden until shown."""

    def show_strength(self, opacity: float) -> None:
        """Shown, at ``opacity`` (0..1)."""
        self.path.show()
        self.path.set_color_scale(1, 1, 1, opacity)


class Panel:
    """A surface in its local XZ plane facing -Y: text and cards laid out on it in metres."""

    def __init__(self, path: p3d.NodePath) -> None:
        self.path = path

    def text(
        self, font: p3d.TextFont, text: str, *, height: float, color: RGBA, width: float
    ) -> Text:
        """``text`` in lines ``height`` tall, wrapped at ``width``, at the panel's origin."""
        return _text(self.path, font, text, height, color, width)

    def card(self, frame: Frame, color: RGBA, *, sort: int, name: str = "card") -> Card:
        """A rectangle ``frame`` (left, right, bottom, top); higher ``sort`` draws later."""
        left, right, bottom, top = frame
        maker = p3d.CardMaker(name)
        maker.set_frame(left, right, bottom, top)
        card = self.path.attach_new_node(maker.generate())
        card.set_color(*color)
        card.set_bin(_BIN, _BIN_BASE + sort)
        return Card(card)

    def clear(self, *, keep: Item | None = None) -> None:
        """Remove everything on the panel, except ``keep``."""
        if keep is None:
            self.path.node().remove_all_children()
            return
        for child in self.path.get_children():
            if child != keep.path:
                child.remove_node()

    def put_last(self, item: Item) -> None:
        """Make ``item`` (already on the panel, or elsewhere) the panel's last child."""
        item.path.reparent_to(self.path)

    def forward_ray_of(
        self, frame: p3d.NodePath
    ) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        """Where ``frame``'s forward ray (from its origin along its +Y) starts and points, in
        this panel's coordinates."""
        origin = self.path.get_relative_point(frame, p3d.LPoint3f(0, 0, 0))
        direction = self.path.get_relative_vector(frame, p3d.LVector3f(0, 1, 0))
        return (origin[0], origin[1], origin[2]), (direction[0], direction[1], direction[2])


class PanelLayer:
    """Panels and pointer rays under ``parent``, which carries them through the world."""

    def __init__(self, parent: p3d.NodePath, name: str = "xr-ui") -> None:
        self.parent = parent
        self.root = parent.attach_new_node(name)
        self.root.set_light_off(1)
        self.root.set_shader_off(1)
        self.root.set_depth_test(False)
        self.root.set_depth_write(False)
        self.root.set_bin(_BIN, _BIN_BASE)
        self.root.set_transparency(p3d.TransparencyAttrib.M_alpha)

    def panel(self, name: str, *, position: Sequence[float], pitch: float) -> Panel:
        """A panel at ``position`` (x, y forward, z up) from the parent, tilted ``pitch`` degrees
        (negative: its top away from the reader, to face eyes above it)."""
        path = self.root.attach_new_node(name)
        path.set_pos(*position)
        path.set_p(pitch)
        return Panel(path)

    def pointer(self, name: str, *, length: float, color: RGBA, thickness: float = 3) -> Pointer:
        """A ray ``length`` metres long from the parent's origin, hidden; ``attach_to`` a hand."""
        segments = p3d.LineSegs(name)
        segments.set_thickness(thickness)
        segments.set_color(*color)
        segments.move_to(0, 0, 0)
        segments.draw_to(0, length, 0)
        node = self.parent.attach_new_node(segments.create())
        node.set_light_off(1)
        node.set_shader_off(1)
        node.set_bin(_BIN, _BIN_BASE + _POINTER_SORT)
        node.set_depth_test(False)
        node.hide()
        return Pointer(node)

    def close(self) -> None:
        """Remove the layer and its panels (pointers and vignettes are removed on their own)."""
        self.root.remove_node()


def head_vignette(
    head: p3d.NodePath, *, distance: float, clear_degrees: float, dark_degrees: float
) -> Vignette:
    """A ring ``distance`` ahead of ``head``: clear inside ``clear_degrees`` off the centre of
    view, black beyond ``dark_degrees``, shading smoothly between; hidden until shown."""
    data = p3d.GeomVertexData("vignette", p3d.GeomVertexFormat.get_v3c4(), p3d.Geom.UH_static)
    vertex = p3d.GeomVertexWriter(data, "vertex")
    color = p3d.GeomVertexWriter(data, "color")
    triangles = p3d.GeomTriangles(p3d.Geom.UH_static)
    steps = 48
    radii = (
        math.tan(math.radians(clear_degrees)) * distance,
        math.tan(math.radians(dark_degrees)) * distance,
        3.0,
    )
    alphas = (0.0, 1.0, 1.0)
    for step in range(steps):
        angle = 2 * math.pi * step / steps
        for radius, alpha in zip(radii, alphas, strict=True):
            vertex.add_data3(radius * math.cos(angle), distance, radius * math.sin(angle))
            color.add_data4(0, 0, 0, alpha)
    for step in range(steps):
        here, there = step * 3, ((step + 1) % steps) * 3
        for ring in (0, 1):
            triangles.add_vertices(here + ring, there + ring, there + ring + 1)
            triangles.add_vertices(here + ring, there + ring + 1, here + ring + 1)
    geom = p3d.Geom(data)
    geom.add_primitive(triangles)
    node = p3d.GeomNode("vignette")
    node.add_geom(geom)
    path = head.attach_new_node(node)
    path.set_two_sided(True)
    path.set_light_off(1)
    path.set_shader_off(1)
    path.set_transparency(p3d.TransparencyAttrib.M_alpha)
    path.set_depth_test(False)
    path.set_depth_write(False)
    path.set_bin(_BIN, _BIN_BASE + _VIGNETTE_SORT)
    path.hide()
    return Vignette(path)


def _text(
    parent: p3d.NodePath, font: p3d.TextFont, text: str, height: float, color: RGBA, width: float
) -> Text:
    node = p3d.TextNode("text")
    node.set_font(font)
    node.set_text(text)
    node.set_text_color(*color)
    node.set_wordwrap(width / height)
    path = parent.attach_new_node(node)
    path.set_scale(height)
    path.set_bin(_BIN, _BIN_BASE + _TEXT_SORT)
    return Text(path)
