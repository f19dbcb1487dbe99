"""Procedural mesh building with numpy: boxes, lathes, lofts, extrusions (render layer).

A ``MeshBuilder`` collects triangles with position, normal, colour and texture
coordinates, under a stack of transforms, and turns them into one ``GeomNode``.
Builders make static geometry only; callers flatten the result.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence

import numpy as np
import panda3d.core as p3d
from numpy.typing import ArrayLike

__all__ = ["MeshBuilder", "rgba"]

RGBA = tuple[float, float, float, float]

_FORMAT: p3d.GeomVertexFormat | None = None


def _vertex_format() -> p3d.GeomVertexFormat:
    """One interleaved float32 array: vertex, normal, color, texcoord (built once)."""
    global _FORMAT
    if _FORMAT is None:
        array = p3d.GeomVertexArrayFormat()
        array.add_column(p3d.InternalName.get_vertex(), 3, p3d.Geom.NT_float32, p3d.Geom.C_point)
        array.add_column(p3d.InternalName.get_normal(), 3, p3d.Geom.NT_float32, p3d.Geom.C_normal)
        array.add_column(p3d.InternalName.get_color(), 4, p3d.Geom.NT_float32, p3d.Geom.C_color)
        array.add_column(
            p3d.InternalName.get_texcoord(), 2, p3d.Geom.NT_float32, p3d.Geom.C_texcoord
        )
        _FORMAT = p3d.GeomVertexFormat.register_format(p3d.GeomVertexFormat(array))
    return _FORMAT


def rgba(color: str | Sequence[float], alpha: float = 1.0) -> RGBA:
    """A colour as an RGBA tuple of floats in [0, 1], from ``#rrggbb`` or a 3/4-sequence."""
    if isinstance(color, str):
        value = color.lstrip("#")
        r, g, b = (int(value[i : i + 2], 16) / 255.0 for i in (0, 2, 4))
        return (r, g, b, alpha)
    if len(color) == 4:
        return (float(color[0]), float(color[1]), float(color[2]), float(color[3]))
    return (float(color[0]), float(color[1]), float(color[2]), alpha)


def _normalize(v: np.ndarray) -> np.ndarray:
    length = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(length, 1e-9)


def _rotation(heading: float, pitch: float, roll: float) -> np.ndarray:
    """Panda3D's HPR convention as a 3x3 matrix acting on column vectors."""
    mat = p3d.LMatrix3f()
    p3d.compose_matrix(mat, p3d.LVecBase3f(1, 1, 1), p3d.LVecBase3f(heading, pitch, roll))
    # Panda3D matrices act on row vectors; transpose for column vectors.
    return np.array([[mat.get_cell(r, c) for c in range(3)] for r in range(3)]).T


class MeshBuilder:
    """Collects triangles in model space and builds a single ``GeomNode``.

    Positions are metres. ``transform()`` pushes a translation and rotation
    that applies to everything added inside the ``with`` block. ``uv_scale``
    arguments map metres to texture repeats (1 repeat per ``uv_scale`` metres).
    """

    def __init__(self) -> None:
        self._chunks: list[tuple[np.ndarray, np.ndarray]] = []
        self._count = 0
        self._matrix = np.eye(4)

    @property
    def empty(self) -> bool:
        """True while nothing has been added."""
        return self._count == 0

    @contextlib.contextmanager
    def transform(
        self,
        pos: Sequence[float] = (0.0, 0.0, 0.0),
        hpr: Sequence[float] = (0.0, 0.0, 0.0),
        scale: Sequence[float] | float = 1.0,
    ) -> Iterator[None]:
        """Apply translate * rotate(hpr) * scale to everything added in the block."""
        local = np.eye(4)
        sc = np.diag(np.broadcast_to(np.asarray(scale, dtype=float), (3,)))
        local[:3, :3] = _rotation(*hpr) @ sc
        local[:3, 3] = pos
        saved = self._matrix
        self._matrix = saved @ local
        try:
            yield
        finally:
            self._matrix = saved

    # -- raw input -----------------------------------------------------------------

    def add(
        self,
        positions: ArrayLike,
        normals: ArrayLike,
        colors: ArrayLike,
        uvs: ArrayLike,
        triangles: ArrayLike,
    ) -> None:
        """Add vertices (N×3, N×3, N×4 or one RGBA, N×2) and triangles (M×3 local indices).

        Triangles wind counter-clockwise seen from the side the normals face.
        """
        pos = np.asarray(positions, dtype=float).reshape(-1, 3)
        n = len(pos)
        linear = self._matrix[:3, :3]
        pos = pos @ linear.T + self._matrix[:3, 3]
        normal_matrix = np.linalg.inv(linear).T
        nrm = _normalize(np.asarray(normals, dtype=float).reshape(-1, 3) @ normal_matrix.T)
        col = np.broadcast_to(np.asarray(colors, dtype=float), (n, 4))
        uv = np.asarray(uvs, dtype=float).reshape(-1, 2)
        tris = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
        if np.linalg.det(linear) < 0:
            tris = tris[:, ::-1]
        vertices = np.hstack([pos, nrm, col, uv]).astype(np.float32)
        self._chunks.append((vertices, (tris + self._count).astype(np.uint32)))
        self._count += n

    # -- primitives ------------------------------------------------------------------

    def quad(
        self,
        corners: ArrayLike,
        color: RGBA,
        uv: ArrayLike = ((0, 0), (1, 0), (1, 1), (0, 1)),
    ) -> None:
        """A flat quad; corners counter-clockwise seen from the front."""
        pts = np.asarray(corners, dtype=float)
        normal = _normalize(np.cross(pts[1] - pts[0], pts[2] - pts[0]))
        self.add(pts, np.tile(normal, (4, 1)), color, np.asarray(uv), [[0, 1, 2], [0, 2, 3]])

    def box(
        self,
        lo: Sequence[float],
        hi: Sequence[float],
        color: RGBA,
        uv_scale: float | None = None,
        bottom: bool = False,
    ) -> None:
        """An axis-aligned box from corner ``lo`` to corner ``hi`` (no bottom face unless asked)."""
        x0, y0, z0 = lo
        x1, y1, z1 = hi
        faces = [
            ((x0, y0, z0), (x1, y0, z0), (x1, y0, z1), (x0, y0, z1)),  # south (-y)
            ((x1, y1, z0), (x0, y1, z0), (x0, y1, z1), (x1, y1, z1)),  # north (+y)
            ((x0, y1, z0), (x0, y0, z0), (x0, y0, z1), (x0, y1, z1)),  # west (-x)
            ((x1, y0, z0), (x1, y1, z0), (x1, y1, z1), (x1, y0, z1)),  # east (+x)
            ((x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)),  # top
        ]
        if bottom:
            faces.append(((x0, y1, z0), (x1, y1, z0), (x1, y0, z0), (x0, y0, z0)))
        for corners in faces:
            if uv_scale is None:
                self.quad(corners, color)
                continue
            pts = np.asarray(corners)
            u_len = float(np.linalg.norm(pts[1] - pts[0])) / uv_scale
            v_len = float(np.linalg.norm(pts[3] - pts[0])) / uv_scale
            self.quad(corners, color, ((0, 0), (u_len, 0), (u_len, v_len), (0, v_len)))

    def grid(self, points: np.ndarray, colors: np.ndarray | RGBA, wrap: bool = False) -> None:
        """A smooth surface through an R×C×3 grid of points.

        Rows run along the surface's length, columns around it; the front side
        is where ``cross(d_column, d_row)`` points. ``wrap`` closes the columns.
        """
        pts = np.asarray(points, dtype=float)
        rows, cols, _ = pts.shape
        if wrap:
            d_col = np.roll(pts, -1, axis=1) - np.roll(pts, 1, axis=1)
        else:
            d_col = np.gradient(pts, axis=1)
        d_row = np.gradient(pts, axis=0) if rows > 1 else np.zeros_like(pts)
        normals = _normalize(np.cross(d_col, d_row))
        col_count = cols + 1 if wrap else cols
        if wrap:
            pts = np.concatenate([pts, pts[:, :1]], axis=1)
            normals = np.concatenate([normals, normals[:, :1]], axis=1)
        u = np.linspace(0.0, 1.0, col_count)
        v = np.linspace(0.0, 1.0, rows)
        uv = np.stack(np.meshgrid(u, v), axis=-1).reshape(-1, 2)
        idx = np.arange(rows * col_count).reshape(rows, col_count)
        a, b = idx[:-1, :-1].ravel(), idx[:-1, 1:].ravel()
        c, d = idx[1:, 1:].ravel(), idx[1:, :-1].ravel()
        tris = np.concatenate([np.stack([a, b, c], 1), np.stack([a, c, d], 1)])
        color_array = np.asarray(colors, dtype=float)
        if color_array.ndim == 3:
            if wrap:
                color_array = np.concatenate([color_array, color_array[:, :1]], axis=1)
            color_array = color_array.reshape(-1, 4)
        self.add(pts.reshape(-1, 3), normals.reshape(-1, 3), color_array, uv, tris)

    def lathe(
        self,
        profile: Sequence[tuple[float, float]],
        color: RGBA,
        segments: int = 16,
        sweep: float = 360.0,
    ) -> None:
        """Revolve a profile of (radius, z) points, listed bottom to top, around the z axis."""
        prof = np.asarray(profile, dtype=float)
        full = abs(sweep - 360.0) < 1e-6
        count = segments if full else segments + 1
        angles = np.radians(np.linspace(0.0, sweep, segments + 1)[:count])
        cos, sin = np.cos(angles), np.sin(angles)
        pts = np.stack(
            [
                prof[:, :1] * cos[None, :],
                prof[:, :1] * sin[None, :],
                np.broadcast_to(prof[:, 1:2], (len(prof), count)),
            ],
            axis=-1,
        )
        self.grid(pts, color, wrap=full)

    def cylinder(
        self,
        radius: float,
        z0: float,
        z1: float,
        color: RGBA,
        segments: int = 12,
        caps: bool = True,
    ) -> None:
        """An upright cylinder around the z axis, with a top (and bottom) cap."""
        self.lathe([(radius, z0), (radius, z1)], color, segments)
        if caps:
            self.disc(radius, z1, color, segments)
            self.disc(radius, z0, color, segments, facing_up=False)

    def disc(
        self, radius: float, z: float, color: RGBA, segments: int = 12, facing_up: bool = True
    ) -> None:
        """A flat disc in the plane at height ``z``."""
        angles = np.radians(np.linspace(0.0, 360.0, segments, endpoint=False))
        ring = np.stack([radius * np.cos(angles), radius * np.sin(angles), np.full(segments, z)], 1)
        pts = np.vstack([[0.0, 0.0, z], ring])
        normal = (0.0, 0.0, 1.0 if facing_up else -1.0)
        tris = [[0, 1 + i, 1 + (i + 1) % segments] for i in range(segments)]
        if not facing_up:
            tris = [t[::-1] for t in tris]
        uv = pts[:, :2] / (2 * radius) + 0.5
        self.add(pts, np.tile(normal, (len(pts), 1)), color, uv, tris)

    def sphere(
        self,
        radius: float | Sequence[float],
        center: Sequence[float],
        color: RGBA | np.ndarray,
        rings: int = 8,
        segments: int = 12,
    ) -> None:
        """An ellipsoid (radius may be x, y, z radii); colours may be rings×segments×4."""
        rx, ry, rz = np.broadcast_to(np.asarray(radius, dtype=float), (3,))
        theta = np.linspace(-math.pi / 2, math.pi / 2, rings + 1)
        phi = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)
        ct, st = np.cos(theta)[:, None], np.sin(theta)[:, None]
        pts = np.stack(
            [
                center[0] + rx * ct * np.cos(phi)[None, :],
                center[1] + ry * ct * np.sin(phi)[None, :],
                center[2] + rz * np.broadcast_to(st, (rings + 1, segments)),
            ],
            axis=-1,
        )
        if isinstance(color, np.ndarray) and color.ndim == 3:
            self.grid(pts, color, wrap=True)
        else:
            self.grid(pts, color, wrap=True)
        # Normals at the poles are degenerate in the grid; they are tiny, so it is harmless.

    def polygon(
        self, outline: np.ndarray, x: float, color: RGBA, facing_east: bool, narrowing=None
    ) -> None:
        """A flat polygon in the plane x = ``x`` from (y, z) points (any winding, may be concave).

        ``narrowing(y, z) -> factor`` scales x per vertex, as in ``extrude_side_profile``.
        """
        tri = p3d.Triangulator()
        for y, z in outline:
            tri.add_polygon_vertex(tri.add_vertex(float(y), float(z)))
        tri.triangulate()
        tris = np.array(
            [
                [tri.get_triangle_v0(i), tri.get_triangle_v1(i), tri.get_triangle_v2(i)]
                for i in range(tri.get_num_triangles())
            ],
            dtype=np.int64,
        ).reshape(-1, 3)
        pts2 = np.array(
            [[tri.get_vertex(i)[0], tri.get_vertex(i)[1]] for i in range(tri.get_num_vertices())]
        )
        # Make every triangle counter-clockwise in (y, z), which faces +x.
        a, b, c = pts2[tris[:, 0]], pts2[tris[:, 1]], pts2[tris[:, 2]]
        area = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
        tris[area < 0] = tris[area < 0][:, ::-1]
        if not facing_east:
            tris = tris[:, ::-1]
        xs = np.full(len(pts2), x)
        if narrowing is not None:
            xs = xs * np.array([narrowing(y, z) for y, z in pts2])
        pts = np.column_stack([xs, pts2])
        normal = (1.0, 0.0, 0.0) if facing_east else (-1.0, 0.0, 0.0)
        self.add(pts, np.tile(normal, (len(pts), 1)), color, pts2, tris)

    def extrude_side_profile(
        self,
        outline: ArrayLike,
        half_width: float,
        bevel: float,
        colors: Sequence[RGBA],
        side_color: RGBA | None = None,
        fillet_color: RGBA | None = None,
        narrowing=None,
        steps: int = 3,
    ) -> None:
        """Extrude a side silhouette (y, z), counter-clockwise seen from +x, across x.

        The edges are rounded with a fillet of radius ``bevel``. ``colors`` gives
        one colour per outline segment (segment i runs from point i to i + 1)
        for the band between the fillets; the flat sides use ``side_color`` and
        the fillets ``fillet_color`` (both default to the first colour).
        ``narrowing(y, z) -> factor`` scales x, for tumblehome and a tapered nose.
        """
        out = np.asarray(outline, dtype=float)
        n = len(out)
        nxt, prv = np.roll(out, -1, 0), np.roll(out, 1, 0)
        tangent = _normalize(nxt - prv)
        # Outward normal of a counter-clockwise outline in (y, z): rotate the tangent clockwise.
        outward = np.stack([tangent[:, 1], -tangent[:, 0]], 1)
        inset = out - bevel * outward
        side = side_color or colors[0]
        fillet = fillet_color or colors[0]

        def scale(points: np.ndarray) -> np.ndarray:
            if narrowing is None:
                return points
            f = np.array([narrowing(p[1], p[2]) for p in points])
            return points * np.column_stack([f, np.ones(len(f)), np.ones(len(f))])

        phis = np.linspace(0.0, math.pi / 2, steps + 1)
        # Fillet columns: from the flat side (phi=0) to the band (phi=90 deg).
        for sign in (1.0, -1.0):
            cols = []
            for phi in phis:
                x = sign * (half_width - bevel + bevel * math.cos(phi))
                yz = inset + bevel * math.sin(phi) * outward
                cols.append(np.column_stack([np.full(n, x), yz]))
            grid = np.stack(cols, axis=1)  # rows: outline points, cols: fillet
            grid = np.concatenate([grid, grid[:1]], axis=0)
            grid = np.stack([scale(row) for row in grid])
            if sign < 0:
                grid = grid[:, ::-1]
            self._fillet_grid(grid, fillet)
        # Band between the fillets, one strip per segment (so colours change crisply).
        edge = half_width - bevel
        for i in range(n):
            j = (i + 1) % n
            corners = np.array(
                [[edge, *out[i]], [-edge, *out[i]], [-edge, *out[j]], [edge, *out[j]]]
            )
            normals = np.array(
                [[0, *outward[i]], [0, *outward[i]], [0, *outward[j]], [0, *outward[j]]]
            )
            length = float(np.linalg.norm(out[j] - out[i]))
            uv = [(0, 0), (1, 0), (1, length), (0, length)]
            self.add(scale(corners), normals, colors[i % len(colors)], uv, [[0, 1, 2], [0, 2, 3]])
        # Flat sides.
        for sign in (1.0, -1.0):
            self.polygon(inset, sign * half_width, side, sign > 0, narrowing)

    def _fillet_grid(self, grid: np.ndarray, color: RGBA) -> None:
        # Rows follow the outline (counter-clockwise from +x), columns go from
        # the +x side towards the band; the front side then faces outwards.
        self.grid(grid, color)

    # -- output --------------------------------------------------------------------

    def build(self, name: str) -> p3d.GeomNode:
        """One GeomNode holding everything added (an empty node when nothing was)."""
        node = p3d.GeomNode(name)
        if not self._chunks:
            return node
        vertices = np.concatenate([v for v, _ in self._chunks])
        triangles = np.concatenate([t for _, t in self._chunks])
        vdata = p3d.GeomVertexData(name, _vertex_format(), p3d.Geom.UH_static)
        vdata.unclean_set_num_rows(len(vertices))
        memoryview(vdata.modify_array(0)).cast("B")[:] = vertices.tobytes()
        prim = p3d.GeomTriangles(p3d.Geom.UH_static)
        prim.set_index_type(p3d.Geom.NT_uint32)
        handle = prim.modify_vertices()
        handle.unclean_set_num_rows(triangles.size)
        memoryview(handle).cast("B")[:] = triangles.astype(np.uint32).tobytes()
        geom = p3d.Geom(vdata)
        geom.add_primitive(prim)
        node.add_geom(geom)
        return node

    def attach(self, parent: p3d.NodePath, name: str) -> p3d.NodePath:
        """Build and attach under ``parent``; returns the new NodePath."""
        return parent.attach_new_node(self.build(name))
