"""Pose, projection and pointing maths between OpenXR and Panda3D (xr layer, pure numpy).

OpenXR is right-handed with +Y up and -Z forward; Panda3D is right-handed with
+Z up and +Y forward. The change of basis is a rotation of +90 degrees about
X: an OpenXR point (x, y, z) is the Panda3D point (x, -z, y), and an OpenXR
quaternion (x, y, z, w) is the Panda3D quaternion (w, x, -z, y).

Matrices here follow Panda3D's convention: row vectors, ``point @ matrix``.
Quaternions in Panda3D order are (w, x, y, z); in OpenXR order (x, y, z, w).
Nothing here imports pyopenxr or Panda3D, so every function is unit-tested.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Dwell",
    "Fov",
    "Rect",
    "forward_of",
    "heading_pitch",
    "hit_row",
    "position_to_panda",
    "projection_matrix",
    "quaternion_to_panda",
    "ray_hit_panel",
    "recentre_offset",
    "rotate",
]

_XR_TO_PANDA = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
"""Row-vector matrix: ``xr_point @ _XR_TO_PANDA`` gives (x, -z, y)."""


@dataclass(frozen=True)
class Fov:
    """One view's field of view as OpenXR gives it: angles in radians, left and down negative."""

    left: float
    right: float
    up: float
    down: float


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in a panel's plane (panel-local x right, z up), in metres."""

    left: float
    right: float
    bottom: float
    top: float

    def contains(self, x: float, z: float) -> bool:
        return self.left <= x <= self.right and self.bottom <= z <= self.top


def position_to_panda(position: Sequence[float]) -> np.ndarray:
    """An OpenXR position (x, y, z) as a Panda3D position (x, -z, y)."""
    return np.asarray(position, dtype=float) @ _XR_TO_PANDA


def quaternion_to_panda(orientation_xyzw: Sequence[float]) -> np.ndarray:
    """An OpenXR orientation (x, y, z, w) as a Panda3D quaternion (w, x, y, z).

    The basis change is a rotation, so the vector part turns like a position.
    """
    x, y, z, w = (float(value) for value in orientation_xyzw)
    return np.array([w, x, -z, y])


def rotate(quaternion_wxyz: Sequence[float], vector: Sequence[float]) -> np.ndarray:
    """``vector`` turned by the unit quaternion (w, x, y, z)."""
    w, x, y, z = (float(value) for value in quaternion_wxyz)
    u = np.array([x, y, z])
    v = np.asarray(vector, dtype=float)
    return v + 2.0 * np.cross(u, np.cross(u, v) + w * v)


def forward_of(quaternion_wxyz: Sequence[float]) -> np.ndarray:
    """The direction a Panda3D orientation looks in (its local +Y)."""
    return rotate(quaternion_wxyz, (0.0, 1.0, 0.0))


def heading_pitch(forward: Sequence[float]) -> tuple[float, float]:
    """Panda3D heading and pitch in degrees of a direction (heading 0 along +Y, left positive)."""
    x, y, z = (float(value) for value in forward)
    length = math.sqrt(x * x + y * y + z * z) or 1.0
    heading = math.degrees(math.atan2(-x, y))
    pitch = math.degrees(math.asin(max(-1.0, min(1.0, z / length))))
    return heading, pitch


def projection_matrix(fov: Fov, near: float, far: float) -> np.ndarray:
    """Panda3D lens matrix (Z-up camera space to OpenGL clip space) for an asymmetric view.

    The edges of ``fov`` land on clip x = -1/+1 and y = -1/+1; ``near`` and
    ``far`` land on depth -1 and +1 (OpenGL clip conventions, as Panda3D uses).
    """
    if not 0 < near < far:
        raise ValueError(f"need 0 < near < far, got near={near} far={far}")
    tan_left, tan_right = math.tan(fov.left), math.tan(fov.right)
    tan_up, tan_down = math.tan(fov.up), math.tan(fov.down)
    width, height = tan_right - tan_left, tan_up - tan_down
    if width <= 0 or height <= 0:
        raise ValueError(f"empty field of view {fov}")
    # The OpenXR/OpenGL projection for -Z forward, +Y up, as a column-vector matrix.
    gl = np.array(
        [
            [2.0 / width, 0.0, (tan_right + tan_left) / width, 0.0],
            [0.0, 2.0 / height, (tan_up + tan_down) / height, 0.0],
            [0.0, 0.0, -(far + near) / (far - near), -2.0 * far * near / (far - near)],
            [0.0, 0.0, -1.0, 0.0],
        ]
    )
    # Panda camera space (x right, y forward, z up) to OpenXR view space (x, z, -y).
    panda_to_view = np.zeros((4, 4))
    panda_to_view[:3, :3] = _XR_TO_PANDA.T
    panda_to_view[3, 3] = 1.0
    return panda_to_view @ gl.T


def ray_hit_panel(
    origin: Sequence[float], direction: Sequence[float]
) -> tuple[float, float, float] | None:
    """Where a ray meets a panel's plane, in the panel's own coordinates, or None.

    The panel lies in its local XZ plane (y = 0) and faces -Y, towards whoever
    reads it. Returns (x, z, distance along the ray) for rays that come from
    the front and point at the plane.
    """
    ox, oy, oz = (float(value) for value in origin)
    dx, dy, dz = (float(value) for value in direction)
    if oy >= 0 or dy <= 1e-9:
        return None
    distance = -oy / dy
    return ox + dx * distance, oz + dz * distance, distance


def hit_row(point: tuple[float, float] | None, rows: Sequence[Rect]) -> int | None:
    """The index of the row under ``point`` (panel-local x, z), or None."""
    if point is None:
        return None
    for index, row in enumerate(rows):
        if row.contains(*point):
            return index
    return None


def recentre_offset(head_position: Sequence[float], head_forward: Sequence[float]) -> tuple:
    """The (x, y, heading) shift that puts the tracked head at the origin facing +Y.

    Only the horizontal position and the heading are taken away: height and
    tilt stay the trainee's own, so the floor stays where the floor is.
    """
    heading, _ = heading_pitch((head_forward[0], head_forward[1], 0.0))
    angle = math.radians(-heading)
    x, y = float(head_position[0]), float(head_position[1])
    cos, sin = math.cos(angle), math.sin(angle)
    # Turn the head position by -heading, then move it back to the origin.
    return (-(x * cos - y * sin), -(x * sin + y * cos), -heading)


class Dwell:
    """Choose by looking: a target fires after the gaze rests on it for ``seconds``.

    ``update(target, dt)`` returns the target at the moment it fires (once per
    rest), otherwise None; ``progress`` (0..1) is for drawing the fill.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.target: int | None = None
        self.elapsed = 0.0
        self._fired = False

    @property
    def progress(self) -> float:
        if self.target is None:
            return 0.0
        return min(1.0, self.elapsed / self.seconds)

    def update(self, target: int | None, dt: float) -> int | None:
        if target != self.target:
            self.target, self.elapsed, self._fired = target, 0.0, False
            return None
        if target is None or self._fired:
            return None
        self.elapsed += dt
        if self.elapsed >= self.seconds:
            self._fired = True
            return target
        return None

    def reset(self) -> None:
        self.target, self.elapsed, self._fired = None, 0.0, False
