"""Offscreen buffers drawing the scene once per eye into GL textures lent each frame (render).

One offscreen buffer per eye shares the window's GL context. Its display
region's draw callback borrows the eye's texture (a headset swapchain image,
by GL texture name) from an ``EyeTextures``, attaches it as the colour
target, clears, lets Panda3D draw, and gives it back; the mirror eye is then
blitted into the desktop window, letterboxed, so a trainer sees what the
trainee sees (the window's own 2D layer is drawn on top of it).
``WindowMirror`` turns the window's own 3D view off while it shows the mirror.

Colours go into the texture unconverted (no GL_FRAMEBUFFER_SRGB): the
scene's colours are already display colours, as on the monitor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, Protocol

import numpy as np
import panda3d.core as p3d

from simulator.errors import SimulatorError

__all__ = ["EyeBufferError", "EyeBuffers", "EyeTextures", "WindowMirror"]

_BUFFER_SORT = -60


class EyeBufferError(SimulatorError):
    """The graphics driver could not create an eye's offscreen buffer."""


class EyeTextures(Protocol):
    """Where each eye's picture goes: a GL texture per eye, lent for one frame at a time."""

    @property
    def sizes(self) -> Sequence[tuple[int, int]]:
        """Width and height in pixels of each eye's textures."""
        ...

    @property
    def running(self) -> bool:
        """Whether textures can be borrowed now."""
        ...

    def acquire(self, eye: int) -> int | None:
        """The GL texture name to draw eye ``eye`` into, or None to draw nothing."""
        ...

    def release(self, eye: int) -> None:
        """Give eye ``eye``'s texture back (drawn or not)."""
        ...


class EyeBuffers:
    """One camera and offscreen buffer per eye of ``textures``, drawing ``scene`` into them.

    The cameras hang under ``parent`` and are placed every frame with
    ``place_eye``; ``window`` lends its GL context and shows the mirror eye.
    """

    def __init__(
        self,
        window: p3d.GraphicsOutput,
        engine: p3d.GraphicsEngine,
        scene: p3d.NodePath,
        parent: p3d.NodePath,
        textures: EyeTextures,
        *,
        mirror_eye: int = 0,
    ) -> None:
        from OpenGL import GL

        self._gl = GL
        self.window = window
        self.engine = engine
        self.textures = textures
        self.mirror_eye = mirror_eye
        self.buffers: list[p3d.GraphicsOutput] = []
        self.cameras: list[p3d.NodePath] = []
        self.drawn = [0, 0]
        """How many times each eye was drawn into its texture."""
        self.captures: dict[int, np.ndarray] = {}
        """Each eye's picture read back after ``request_capture`` (rows top first, RGBA)."""
        self._capture_next = False
        self._drawing = False
        properties = p3d.FrameBufferProperties()
        properties.set_rgba_bits(8, 8, 8, 8)
        properties.set_depth_bits(24)
        properties.set_srgb_color(False)
        for eye, (width, height) in enumerate(textures.sizes):
            buffer = window.make_texture_buffer(
                f"xr-eye-{eye}", width, height, to_ram=False, fbp=properties
            )
            if buffer is None:
                raise EyeBufferError(
                    "the graphics driver gave no offscreen buffer for the headset's eyes"
                )
            buffer.disable_clears()
            buffer.clear_render_textures()
            buffer.set_sort(_BUFFER_SORT + eye)
            lens = p3d.MatrixLens()
            node = p3d.Camera(f"xr-eye-{eye}", lens)
            node.set_scene(scene)
            camera = parent.attach_new_node(node)
            region = buffer.make_display_region(0, 1, 0, 1)
            region.disable_clears()
            region.set_camera(camera)
            region.set_draw_callback(p3d.PythonCallbackObject(partial(self._draw, eye)))
            self.buffers.append(buffer)
            self.cameras.append(camera)

    @property
    def count(self) -> int:
        """How many eyes there are."""
        return len(self.cameras)

    # -- each frame ------------------------------------------------------------------------

    def set_drawing(self, drawing: bool) -> None:
        """Draw every eye from the next frame on, or none (a frame that should not render)."""
        self._drawing = drawing
        for buffer in self.buffers:
            buffer.set_active(drawing)

    @property
    def drawing(self) -> bool:
        return self._drawing

    def place_eye(
        self,
        eye: int,
        position: Iterable[float],
        quaternion_wxyz: Iterable[float],
        projection: np.ndarray,
    ) -> None:
        """Put eye ``eye``'s camera at ``position`` turned by ``quaternion_wxyz`` (in the parent's
        coordinates) and give it the 4x4 lens matrix ``projection`` (Panda3D convention)."""
        camera = self.cameras[eye]
        camera.set_pos(*position)
        camera.set_quat(p3d.LQuaternionf(*quaternion_wxyz))
        lens = camera.node().get_lens()
        lens.set_user_mat(p3d.LMatrix4f(*np.asarray(projection).flatten().tolist()))

    def request_capture(self) -> None:
        """Read back every eye's picture at the next drawn frame (tests and screenshots)."""
        self._capture_next = True
        self.captures.clear()

    # -- the draw callback -----------------------------------------------------------------

    def _draw(self, eye: int, data: Any) -> None:
        if not self._drawing or not self.textures.running:
            return
        GL = self._gl
        texture = self.textures.acquire(eye)
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
            width, height = self.textures.sizes[eye]
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
            self.textures.release(eye)

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


class WindowMirror:
    """``window`` showing only the mirrored eye and its 2D layer, not a third view of the scene.

    ``show_mirror_only`` turns off the display regions of ``camera`` (the
    window's own 3D view) and the window's colour clear; ``restore`` undoes it.
    """

    def __init__(self, window: p3d.GraphicsOutput, camera: p3d.NodePath) -> None:
        self.window = window
        self.camera = camera
        self._regions_were_active: list[tuple[p3d.DisplayRegion, bool]] = []

    def show_mirror_only(self) -> None:
        self.window.set_clear_color_active(False)
        for region in self.window.get_display_regions():
            if region.get_camera() == self.camera:
                self._regions_were_active.append((region, region.is_active()))
                region.set_active(False)

    def restore(self) -> None:
        """The window's own view and colour clear back on (safe to call when never hidden)."""
        for region, active in self._regions_were_active:
            region.set_active(active)
        self._regions_were_active.clear()
        self.window.set_clear_color_active(True)
