"""The scene drawn once per eye into the headset's swapchain images, from its views (xr layer).

``EyeRenderer`` turns each frame's OpenXR views into eye poses and lens
matrices (``maths``) for ``simulator.render.eye_buffers.EyeBuffers``, which
does the drawing with the bridge as the lender of the swapchain textures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from simulator.render.eye_buffers import EyeBufferError, EyeBuffers
from simulator.xr.bridge import View, XrBridge
from simulator.xr.errors import XrUnavailable
from simulator.xr.maths import position_to_panda, projection_matrix, quaternion_to_panda

__all__ = ["EyeRenderer"]

NEAR = 0.05
FAR = 900.0


class EyeRenderer:
    """Two eye cameras under ``head_space`` drawing ``scene`` into ``bridge``'s swapchains.

    ``head_space`` is the node whose origin and axes are the OpenXR reference
    space (converted to Z-up); eye cameras move inside it every frame. The
    engine handles (``window``, ``engine``, ``scene``, ``head_space``) come
    from the render layer and are only handed on to it.
    """

    def __init__(
        self,
        window: Any,
        engine: Any,
        scene: Any,
        head_space: Any,
        bridge: XrBridge,
        *,
        mirror_eye: int = 0,
    ) -> None:
        self.bridge = bridge
        self.mirror_eye = mirror_eye
        try:
            self.buffers = EyeBuffers(
                window, engine, scene, head_space, bridge, mirror_eye=mirror_eye
            )
        except EyeBufferError as error:
            raise XrUnavailable(str(error)) from None

    # -- each frame ------------------------------------------------------------------------

    def set_views(self, views: Sequence[View]) -> None:
        """Place and shape the eye cameras for this frame; no views means draw nothing."""
        valid = len(views) == self.buffers.count
        self.buffers.set_drawing(valid)
        if not valid:
            return
        for eye, view in enumerate(views):
            self.buffers.place_eye(
                eye,
                position_to_panda(view.position),
                quaternion_to_panda(view.orientation),
                projection_matrix(view.fov, NEAR, FAR),
            )

    def stop_drawing(self) -> None:
        """Draw no eye until the next ``set_views`` (a frame that should not render)."""
        self.buffers.set_drawing(False)

    @property
    def drew_all(self) -> bool:
        return self.buffers.drawing

    @property
    def drawn(self) -> list[int]:
        """How many times each eye was drawn into its swapchain image."""
        return self.buffers.drawn

    @property
    def captures(self) -> dict[int, np.ndarray]:
        """Each eye's picture read back after ``request_capture`` (rows top first, RGBA)."""
        return self.buffers.captures

    def request_capture(self) -> None:
        """Read back both eyes' images at the next drawn frame (tests and screenshots)."""
        self.buffers.request_capture()

    # -- teardown --------------------------------------------------------------------------

    def close(self) -> None:
        """Remove the eye buffers and cameras (reverse of building)."""
        self.buffers.close()
