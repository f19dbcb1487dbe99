"""The headset's nodes in the scene graph: the world, the trainee's rig, the tracked space (render).

Under ``root``: ``world`` (the scene is built in it and dimmed as a whole)
and ``rig``, the trainee's mark (eye position and the mark's heading). In the
rig, a recentring node turns and shifts the ``tracking`` space, whose origin
and axes are the headset's reference space (Z-up); the tracked ``head`` and
each hand's ``aims`` move in it. Poses come in Panda3D axes: positions
(x, y, z) and quaternions (w, x, y, z).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import panda3d.core as p3d

__all__ = ["HeadsetSpace"]


class HeadsetSpace:
    """The world and the rig under ``root``, with a tracked head and one aim per hand."""

    def __init__(self, root: p3d.NodePath, hands: Sequence[str] = ("left", "right")) -> None:
        self.world = root.attach_new_node("world")
        """Where the scene is built."""
        self.rig = root.attach_new_node("xr-rig")
        """The trainee's mark: eye position and heading of the mark, world-locked."""
        self._recentring = self.rig.attach_new_node("xr-recentre")
        self.tracking = self._recentring.attach_new_node("xr-tracking-space")
        """The headset's reference space: eye cameras, head and aims move in it."""
        self.head = self.tracking.attach_new_node("xr-head")
        self.aims = {hand: self.tracking.attach_new_node(f"xr-aim-{hand}") for hand in hands}
        """Each hand's pointing pose (its +Y is the ray)."""

    # -- tracked poses ---------------------------------------------------------------------

    def place_head(self, position: Iterable[float], quaternion_wxyz: Iterable[float]) -> None:
        """The head's pose in the tracking space."""
        self.head.set_pos(*position)
        self.head.set_quat(p3d.LQuaternionf(*quaternion_wxyz))

    def place_aim(
        self, hand: str, position: Iterable[float], quaternion_wxyz: Iterable[float]
    ) -> None:
        """``hand``'s aim pose in the tracking space."""
        aim = self.aims[hand]
        aim.set_pos(*position)
        aim.set_quat(p3d.LQuaternionf(*quaternion_wxyz))

    def head_in_tracking(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        """Where the head is and which way it looks (its +Y), in the tracking space."""
        position = self.head.get_pos()
        forward = self.tracking.get_relative_vector(self.head, p3d.LVector3f(0, 1, 0))
        return (position[0], position[1], position[2]), (forward[0], forward[1], forward[2])

    # -- placing the tracking space and the rig --------------------------------------------

    def recentre_by(self, dx: float, dy: float, heading: float) -> None:
        """Shift the tracking space by (dx, dy) in the rig and turn it ``heading`` degrees."""
        self._recentring.set_pos(dx, dy, 0)
        self._recentring.set_h(heading)

    def move_rig(self, position: Iterable[float], heading: float, *, floor: float) -> None:
        """The rig to ``position`` (the eyes) facing ``heading``, with the tracking space's
        origin ``floor`` metres below the eyes (0 where the reference space starts at the head)."""
        self.rig.set_pos(*position)
        self.rig.set_h(heading)
        self.tracking.set_z(-floor)

    def rig_is_at(
        self,
        position: Iterable[float],
        heading: float,
        *,
        within_metres: float = 0.01,
        within_degrees: float = 1.0,
    ) -> bool:
        """Whether the rig already stands at ``position`` facing ``heading`` (near enough)."""
        away = (p3d.LPoint3f(*position) - self.rig.get_pos()).length()
        return away < within_metres and abs(heading - self.rig.get_h()) < within_degrees

    def dim_world(self, level: float) -> None:
        """Darken the whole world to ``level`` (1 as built, 0 black); the rig's panels stay."""
        self.world.set_color_scale(level, level, level, 1)

    def close(self) -> None:
        """Remove the rig and the world (close the scene built in the world first)."""
        self.rig.remove_node()
        self.world.remove_node()
