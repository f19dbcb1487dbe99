"""The trainee's eyes on a monitor or projector: a camera turned only by the trainee (render).

The scenario moves the viewpoint between marks with a fade through black,
never with a camera flight, so nobody watching gets motion sick. The trainee
looks around by dragging with the mouse or with the arrow keys; Home looks
back at the scene.
"""

from __future__ import annotations

import panda3d.core as p3d

__all__ = ["Viewpoint"]

FADE_SECONDS = 0.35
"""Half of a viewpoint change: fade out, move, fade in."""
PITCH_LIMIT = 60.0
MOUSE_DEGREES_PER_UNIT = 70.0
"""Degrees turned per unit of mouse travel (the window is 2 units wide)."""
KEY_DEGREES_PER_SECOND = 75.0


class Viewpoint:
    """Places ``camera`` at the trainee's eyes and turns it on the trainee's input."""

    def __init__(self, camera: p3d.NodePath, mouse_watcher: p3d.MouseWatcher | None) -> None:
        self.camera = camera
        self.mouse_watcher = mouse_watcher
        self.position = p3d.LPoint3f(0, 0, 1.6)
        self.base_heading = 0.0
        self.look_heading = 0.0
        """Degrees turned from the mark's heading by the trainee."""
        self.look_pitch = 0.0
        self._pending: tuple[p3d.LPoint3f, float] | None = None
        self._fade_time = 0.0
        self._last_mouse: tuple[float, float] | None = None
        self._apply()

    # -- the scenario moves the viewpoint ------------------------------------------------

    def set_pose(self, position: p3d.LPoint3f, heading: float, *, fade: bool) -> None:
        """Go to a new mark: at once, or through black when ``fade`` (the default in play)."""
        if not fade:
            self._jump(position, heading)
            return
        same = (position - self.position).length() < 0.01 and abs(heading - self.base_heading) < 1
        if same:
            return
        self._pending = (p3d.LPoint3f(position), heading)
        self._fade_time = 0.0

    @property
    def fading(self) -> bool:
        return self._pending is not None or 0 < self._fade_time < 2 * FADE_SECONDS

    def fade_opacity(self) -> float:
        """How black the view should be now (0 clear, 1 black) during a viewpoint change."""
        if self._fade_time <= 0 or self._fade_time >= 2 * FADE_SECONDS:
            return 0.0
        return 1.0 - abs(self._fade_time - FADE_SECONDS) / FADE_SECONDS

    # -- the trainee turns -------------------------------------------------------------

    def turn(self, heading: float, pitch: float) -> None:
        """Turn by the given degrees (left and up positive), pitch clamped."""
        self.look_heading = (self.look_heading + heading + 180) % 360 - 180
        self.look_pitch = max(-PITCH_LIMIT, min(PITCH_LIMIT, self.look_pitch + pitch))
        self._apply()

    def recentre(self) -> None:
        """Look the way the mark faces again."""
        self.look_heading = self.look_pitch = 0.0
        self._apply()

    @property
    def heading(self) -> float:
        """The camera's heading in the world (degrees, Panda3D's H)."""
        return self.base_heading + self.look_heading

    def update(self, dt: float, *, dragging: bool, keys: tuple[float, float] = (0, 0)) -> None:
        """Advance a fade and apply mouse drag (``dragging``) and arrow keys (-1..1 each)."""
        if self._pending is not None or 0 < self._fade_time < 2 * FADE_SECONDS:
            before = self._fade_time
            self._fade_time += dt
            if self._pending is not None and before < FADE_SECONDS <= self._fade_time:
                self._jump(*self._pending)
                self._pending = None
        if keys != (0, 0):
            self.turn(keys[0] * KEY_DEGREES_PER_SECOND * dt, keys[1] * KEY_DEGREES_PER_SECOND * dt)
        self._drag(dragging)

    # -- internals -------------------------------------------------------------------------

    def _jump(self, position: p3d.LPoint3f, heading: float) -> None:
        self.position = p3d.LPoint3f(position)
        self.base_heading = heading
        self.recentre()

    def _apply(self) -> None:
        self.camera.set_pos(self.position)
        self.camera.set_hpr(self.heading, self.look_pitch, 0)

    def _drag(self, dragging: bool) -> None:
        watcher = self.mouse_watcher
        if watcher is None or not watcher.has_mouse() or not dragging:
            self._last_mouse = None
            return
        mouse = watcher.get_mouse()
        current = (mouse.x, mouse.y)
        if self._last_mouse is not None:
            dx = current[0] - self._last_mouse[0]
            dy = current[1] - self._last_mouse[1]
            self.turn(dx * MOUSE_DEGREES_PER_UNIT, -dy * MOUSE_DEGREES_PER_UNIT * 0.6)
        self._last_mouse = current
