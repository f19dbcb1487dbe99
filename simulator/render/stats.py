"""What one view costs to draw: draw calls after culling, triangles, texture memory (render).

``view_stats(scene, camera)`` repeats the view-frustum test Panda3D's cull
traversal makes (each visible Geom's bounds against the camera's lens) and
adds up what survives, so budgets can be checked in tests and the render
benchmark without PStats. Overlays (``aspect2d``/``render2d``, not culled)
are counted in full when given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import panda3d.core as p3d

__all__ = ["DRAW_CALL_BUDGET", "TRIANGLE_BUDGET", "ViewStats", "texture_bytes", "view_stats"]

DRAW_CALL_BUDGET = 150
"""At most this many draw calls in view, so scenes also run on a standalone headset."""
TRIANGLE_BUDGET = 300_000
"""At most this many triangles in view, for the same reason."""


@dataclass(frozen=True)
class ViewStats:
    """The cost of drawing one view."""

    scene_draw_calls: int
    """Geoms of the 3D scene inside the camera's frustum (one draw call each)."""
    overlay_draw_calls: int
    """Geoms of the 2D overlay (HUD), which is never culled."""
    triangles: int
    """Triangles in the visible geoms, scene and overlay."""
    texture_bytes: int
    """Memory of the distinct textures the visible geoms use (mipmaps included)."""
    scene_triangles_total: int
    """Triangles in the whole 3D scene, shown or not in this view, hidden nodes left out."""

    @property
    def draw_calls(self) -> int:
        return self.scene_draw_calls + self.overlay_draw_calls


def view_stats(
    scene: p3d.NodePath, camera: p3d.NodePath, overlays: Iterable[p3d.NodePath] = ()
) -> ViewStats:
    """Count what ``camera`` (a NodePath of a Camera) sees of ``scene`` plus ``overlays``."""
    lens = camera.node().get_lens()
    frustum = lens.make_bounds()
    textures: set[p3d.Texture] = set()
    scene_calls = overlay_calls = triangles = total = 0
    for geom_np, geom, state in _drawn_geoms(scene):
        faces = _faces(geom)
        total += faces
        bounds = geom.get_bounds().make_copy()
        if bounds.is_empty() or bounds.is_infinite():
            inside = True
        else:
            bounds.xform(geom_np.get_mat(camera))
            inside = frustum.contains(bounds) != p3d.BoundingVolume.IF_no_intersection
        if inside:
            scene_calls += 1
            triangles += faces
            _collect_textures(state, textures)
    for overlay in overlays:
        for geom, state in _overlay_geoms(overlay):
            overlay_calls += 1
            triangles += _faces(geom)
            _collect_textures(state, textures)
    return ViewStats(
        scene_draw_calls=scene_calls,
        overlay_draw_calls=overlay_calls,
        triangles=triangles,
        texture_bytes=sum(texture_bytes(tex) for tex in textures),
        scene_triangles_total=total,
    )


def texture_bytes(tex: p3d.Texture) -> int:
    """Video memory a texture takes once uploaded: texels times bytes, plus a third for mipmaps."""
    size = (
        tex.get_x_size()
        * tex.get_y_size()
        * max(1, tex.get_z_size())
        * tex.get_num_components()
        * tex.get_component_width()
    )
    return size * 4 // 3 if tex.uses_mipmaps() else size


def _drawn_geoms(root: p3d.NodePath):
    """Every (GeomNode path, Geom, net state) under ``root`` not hidden from the camera."""
    for geom_np in root.find_all_matches("**/+GeomNode"):
        if geom_np.is_hidden():
            continue
        node = geom_np.node()
        net = geom_np.get_net_state()
        for i in range(node.get_num_geoms()):
            yield geom_np, node.get_geom(i), net.compose(node.get_geom_state(i))


def _overlay_geoms(root: p3d.NodePath, state: p3d.RenderState | None = None):
    """Geoms a 2D overlay draws, including those DirectGUI keeps off the graph.

    A PGItem (DirectGUI widget) draws the subgraph of its current state; a TextNode
    draws the geometry it generates from its text.
    """
    if root.is_hidden():
        return
    node = root.node()
    state = (state or p3d.RenderState.make_empty()).compose(root.get_state())
    if isinstance(node, p3d.GeomNode):
        for i in range(node.get_num_geoms()):
            yield node.get_geom(i), state.compose(node.get_geom_state(i))
    elif isinstance(node, p3d.TextNode):
        yield from _overlay_geoms(p3d.NodePath(node.generate()), state)
    if isinstance(node, p3d.PGItem):
        yield from _overlay_geoms(node.get_state_def(node.get_state()), state)
    for child in root.get_children():
        yield from _overlay_geoms(child, state)


def _faces(geom: p3d.Geom) -> int:
    return sum(geom.get_primitive(k).get_num_faces() for k in range(geom.get_num_primitives()))


def _collect_textures(state: p3d.RenderState, into: set[p3d.Texture]) -> None:
    attrib = state.get_attrib(p3d.TextureAttrib)
    if attrib is None:
        return
    for k in range(attrib.get_num_on_stages()):
        tex = attrib.get_on_texture(attrib.get_on_stage(k))
        into.add(tex)  # Panda3D objects hash and compare by the object they wrap
