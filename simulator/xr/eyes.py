"""Panda3D drawing the scene once per eye into the headset's swapchain images (xr layer).

One offscreen buffer per eye shares the window's GL context. Its display
region's draw callback attaches the eye's acquired swapchain image as the
colour target, clears, lets Panda3D draw, and releases the image; the mirror
eye is then blitted into the desktop window, letterboxed, so a trainer sees
what the trainee sees (the window's own 2D layer is drawn on top of it).

Colours go into the sRGB swapchain unconverted (no GL_FRAMEBUFFER_SRGB):
the scene's colours are already display colours, as on the monitor.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
import panda3d.core as p3d

from simulator.xr.bridge import View, XrBridge
from simulator.xr.maths import position_to_panda, projection_matrix, quaternion_to_panda

__all__ = ["EyeRenderer"]

NEAR = 0.05
FAR = 900.0
_BUFFER_SORT = -60


class EyeRenderer:
    """Two eye cameras under ``head_space`` drawing ``scene`` into ``bridge``'s swapchains.

    ``head_space`` is the node whose origin and axes are the OpenXR reference
    space (converted to Z-up); eye cameras move inside it every frame.
    """

    def __init__(
        self,
        window: p3d.GraphicsOutput,
        engine: p3d.GraphicsEngine,
        scene: p3d.NodePath,
        head_space: p3d.NodePath,
        bridge: XrBridge,
        *,
        mirror_eye: int = 0,
    ) -> None:
        from OpenGL import GL

        self._gl = GL
        self.window = window
        self.bridge = bridge
        self.mirror_eye = mirror_eye
        self.buffers: list[p3d.GraphicsOutput] = []
        self.cameras: list[p3d.NodePath] = []
        self.drawn = [0, 0]
        self.captures: dict[int, np.ndarray] = {}
        self._capture_next = False
        self._drawing = False
        self._valid = False
        properties = p3d.FrameBufferProperties()
        properties.set_rgba_bits(8, 8, 8, 8)
        properties.set_depth_bits(24)
        properties.set_srgb_color(False)
        for eye, (width, height) in enumerate(bridge.sizes):
            buffer = window.make_texture_buffer(
                f"xr-eye-{eye}", width, height, to_ram=False, fbp=properties
            )
            if buffer is None:
                raise RuntimeError("could not create an offscreen buffer for the headset")
            buffer.disable_clears()
            buffer.clear_render_textures()
            buffer.set_sort(_BUFFER_SORT + eye)
            lens = p3d.MatrixLens()
            node = p3d.Camera(f"xr-eye-{eye}", lens)
            node.set_scene(scene)
            camera = head_space.attach_new_node(node)
            region = buffer.make_display_region(0, 1, 0, 1)
            region.disable_clears()
            region.set_camera(camera)
            region.set_draw_callback(p3d.PythonCallbackObject(partial(self._draw, eye)))
            self.buffers.append(buffer)
            self.cameras.append(camera)
        self.engine = engine

    # -- each frame ------------------------------------------------------------------------

    def set_views(self, views: Sequence[View]) -> None:
        """Place and shape the eye cameras for this frame; no views means draw nothing."""
        self._valid = len(views) == len(self.cameras)
        for buffer in self.buffers:
            buffer.set_active(self._valid)
        if not self._valid:
            return
        for camera, view in zip(self.cameras, views, strict=True):
            camera.set_pos(*position_to_panda(view.position))
            camera.set_quat(p3d.LQuaternionf(*quaternion_to_panda(view.orientation)))
            matrix = projection_matrix(view.fov, NEAR, FAR)
            lens = camera.node().get_lens()
            lens.set_user_mat(p3d.LMatrix4f(*matrix.flatten().tolist()))

    def stop_drawing(self) -> None:
        """Draw no eye until the next ``set_views`` (a frame that should not render)."""
        self._valid = False
        for buffer in self.buffers:
            buffer.set_active(False)

    @property
    def drew_all(self) -> bool:
        return self._valid

    def request_capture(self) -> None:
        """Read back both eyes' images at the next drawn frame (tests and screenshots)."""
        self._capture_next = True
        self.captures.clear()

    # -- the draw callback -----------------------------------------------------------------

    def _draw(self, eye: int, data: Any) -> None:
        if not self._valid or not self.bridge.running:
            return
        GL = self._gl
        texture = self.bridge.acquire(eye)
        if texture is None:
            return
        try:
            GL.glFramebufferTexture2D(
                GL.GL_DRAW_FRAMEBUFFER, GL.GL_COLOR_ATTACHMENT0, GL.GL_TEXTURE_2D, texture, 0
            )
            GL.glDisable(GL.GL_FRAMEBUFFER_SRGB)
            GL.glClearColor(0.0, 0.0, 0.0, 1.0)
            GL.glClearDepth(1.0)
            GL.glDepthMask(GL.GL_TRUE)
            GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)
            data.upcall()
            width, height = self.bridge.sizes[eye]
            if self._capture_next:
                pixels = GL.glReadPixels(0, 0, width, height, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE)
                image = np.frombuffer(pixels, dtype=np.uint8).reshape(height, width, 4)
                self.captures[eye] = image[::-1].copy()
                if len(self.captures) == len(self.cameras):
                    self._capture_next = False
            if eye == self.mirror_eye:
                self._mirror(width, height)
            self.drawn[eye] += 1
        finally:
            self.bridge.release(eye)

    def _mirror(self, width: int, height: int) -> None:
        GL = self._gl
        window_width, window_height = self.window.get_x_size(), self.window.get_y_size()
        if window_width <= 0 or window_height <= 0:
            return
        scale = min(window_width / width, window_height / height)
        shown_width, shown_height = int(width * scale), int(height * scale)
        left = (window_width - shown_width) // 2
        bottom = (window_height - shown_height) // 2
        framebuffer = GL.glGetIntegerv(GL.GL_DRAW_FRAMEBUFFER_BINDING)
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, framebuffer)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, 0)
        GL.glClearColor(0.0, 0.0, 0.0, 1.0)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT)
        GL.glBlitFramebuffer(
            0,
            0,
            width,
            height,
            left,
            bottom,
            left + shown_width,
            bottom + shown_height,
            GL.GL_COLOR_BUFFER_BIT,
            GL.GL_LINEAR,
        )
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)

    # -- teardown --------------------------------------------------------------------------

    def close(self) -> None:
        """Remove the eye buffers and cameras (reverse of building)."""
        for camera in reversed(self.cameras):
            camera.remove_node()
        for buffer in reversed(self.buffers):
            buffer.clear_render_textures()
            self.engine.remove_window(buffer)
        self.cameras.clear()
        self.buffers.clear()
