"""What the trainee reads and points at in the headset: world-locked panels (xr layer).

Everything hangs under the ``rig`` (the trainee's mark: eye position and the
mark's heading), so text stays put in the world while the head moves; it
never follows the head. Subtitles sit 1.8 m ahead and 15 degrees below eye
level; menus (choices, pause, ending) 1.3 m ahead and 16 degrees below, tilted
to face the eyes, out of the way of the faces of people standing at 2 to 3 m.
Rows are chosen by a controller ray or by resting the gaze on them; this
module only draws and reports which row a ray hits, the player decides.
Only the comfort vignette follows the head: it is shading, not text. The
layout is decided here; ``simulator.render.world_panels`` draws it.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.render.style import ACCENT, BUTTON, BUTTON_HOVER, PANEL, TEXT, load_font, with_alpha
from simulator.render.world_panels import Card, Panel, PanelLayer, Text, head_vignette
from simulator.xr.maths import Rect, hit_row, ray_hit_panel

__all__ = ["Ui"]

MENU_DISTANCE = 1.3
MENU_DROP = 0.38
SUBTITLE_DISTANCE = 1.8
SUBTITLE_DROP = 0.5
ROW_WIDTH = 0.9
ROW_HEIGHT = 0.09
ROW_GAP = 0.02
TEXT_HEIGHT = 0.036
"""Metres per line of menu text: about 1.6 degrees at 1.3 m, comfortably readable."""
POINTER_LENGTH = 4.0
POINTER_COLOR = (0.6, 0.85, 1.0, 0.9)

_PANEL = with_alpha(PANEL, 0.88)
_ROW = with_alpha(BUTTON, 0.97)
_FILL = with_alpha(ACCENT, 0.55)
_DOT_SORT = 6


class Ui:
    """Subtitles, one menu at a time, the pointer rays, the gaze dot and the vignette.

    ``rig`` and ``head`` are scene-graph handles from the render layer (the
    trainee's mark and the tracked head); ``loader`` loads the fonts.
    """

    def __init__(self, rig: Any, head: Any, loader: object) -> None:
        self.layer = PanelLayer(rig, "xr-ui")
        self.font = load_font(loader, "DejaVuSans.ttf", 64)
        self.bold = load_font(loader, "DejaVuSans-Bold.ttf", 64)
        self.subtitle = self.layer.panel(
            "subtitle", **_facing_the_eye(SUBTITLE_DISTANCE, SUBTITLE_DROP)
        )
        self.menu = self.layer.panel("menu", **_facing_the_eye(MENU_DISTANCE, MENU_DROP))
        self.menu_kind: str | None = None
        self.rows: list[Rect] = []
        self.row_texts: list[str] = []
        self.subtitle_text = ""
        self._row_cards: list[Card] = []
        self._fill: Card | None = None
        self._title: Text | None = None
        self.pointers = {
            hand: self.layer.pointer(f"pointer-{hand}", length=POINTER_LENGTH, color=POINTER_COLOR)
            for hand in ("left", "right")
        }
        self.gaze_dot = self.menu.card(_square(0.008), ACCENT, sort=_DOT_SORT, name="dot")
        self.gaze_dot.hide()
        self.vignette = head_vignette(head, distance=0.3, clear_degrees=20, dark_degrees=45)
        self.set_vignette(0.0)

    # -- subtitles ---------------------------------------------------------------------------

    def show_line(self, speaker: str | None, text: str) -> None:
        self.subtitle.clear()
        self.subtitle_text = f"{speaker}: {text}" if speaker else text
        _build_text_panel(self.subtitle, self.font, self.bold, speaker, text, width=1.6)

    def clear_line(self) -> None:
        self.subtitle.clear()
        self.subtitle_text = ""

    # -- menus -----------------------------------------------------------------------------

    def show_menu(self, kind: str, title: str, body: str, rows: list[str]) -> None:
        """One menu (``choices``, ``pause``, ``ending``, ``notice``) replacing any other."""
        self.close_menu()
        self.menu_kind = kind
        self.row_texts = list(rows)
        total = len(rows) * (ROW_HEIGHT + ROW_GAP)
        top = total / 2 + 0.1
        header = self.menu.text(
            self.bold, title, height=TEXT_HEIGHT * 1.15, color=ACCENT, width=ROW_WIDTH
        )
        header.move_to(-ROW_WIDTH / 2, 0, top + 0.02)
        self._title = header
        body_height = 0.0
        if body:
            body_text = self.menu.text(
                self.font, body, height=TEXT_HEIGHT * 0.8, color=TEXT, width=ROW_WIDTH
            )
            body_height = body_text.rows * TEXT_HEIGHT * 0.8 * 1.2
            body_text.move_to(-ROW_WIDTH / 2, 0, top - 0.04)
        z = top - 0.06 - body_height
        for text in rows:
            rect = Rect(-ROW_WIDTH / 2, ROW_WIDTH / 2, z - ROW_HEIGHT, z)
            card = self.menu.card(_frame(rect), _ROW, sort=1)
            label = card.text(
                self.font, text, height=TEXT_HEIGHT, color=TEXT, width=ROW_WIDTH - 0.06
            )
            rows_of_text = label.rows
            label.move_to(rect.left + 0.03, -0.001, z - ROW_HEIGHT / 2 - 0.3 * TEXT_HEIGHT)
            if rows_of_text > 1:  # two-line choices: start higher, smaller
                label.set_scale(TEXT_HEIGHT * 0.8)
                label.set_z(z - ROW_HEIGHT / 2 + 0.1 * TEXT_HEIGHT)
            self.rows.append(rect)
            self._row_cards.append(card)
            z -= ROW_HEIGHT + ROW_GAP
        background = Rect(
            -ROW_WIDTH / 2 - 0.04, ROW_WIDTH / 2 + 0.04, z - 0.02, top + TEXT_HEIGHT * 1.6
        )
        self.menu.card(_frame(background), _PANEL, sort=0)
        self.menu.put_last(self.gaze_dot)

    def set_title(self, title: str) -> None:
        if self._title is not None:
            self._title.set_text(title)

    def close_menu(self) -> None:
        self.menu.clear(keep=self.gaze_dot)
        self.menu_kind = None
        self.rows = []
        self.row_texts = []
        self._row_cards = []
        self._fill = None
        self._title = None
        self.gaze_dot.hide()

    @property
    def menu_open(self) -> bool:
        return self.menu_kind is not None

    def row_under(self, frame: Any) -> tuple[int | None, tuple[float, float, float] | None]:
        """The menu row ``frame``'s forward ray points at, and where it hits the menu.

        ``frame`` is a scene-graph handle (a hand's aim, the head) whose +Y is
        the ray; the hit is (x, z, distance) in the menu's coordinates.
        """
        if not self.rows:
            return None, None
        local_origin, local_direction = self.menu.forward_ray_of(frame)
        hit = ray_hit_panel(local_origin, local_direction)
        if hit is None:
            return None, None
        return hit_row((hit[0], hit[1]), self.rows), hit

    def highlight(self, row: int | None, progress: float = 0.0) -> None:
        """Light the hovered row; ``progress`` (0..1) fills it while the gaze dwells."""
        for index, card in enumerate(self._row_cards):
            card.set_color(BUTTON_HOVER if index == row else _ROW)
        if self._fill is not None:
            self._fill.remove()
            self._fill = None
        if row is not None and progress > 0:
            rect = self.rows[row]
            width = (rect.right - rect.left) * progress
            filled = Rect(rect.left, rect.left + width, rect.bottom, rect.bottom + 0.012)
            self._fill = self.menu.card(_frame(filled), _FILL, sort=3)

    def row_centre(self, index: int) -> tuple[float, float, float]:
        """Where row ``index``'s middle is, in the menu's coordinates (x, y, z)."""
        rect = self.rows[index]
        return ((rect.left + rect.right) / 2, 0.0, (rect.bottom + rect.top) / 2)

    # -- pointers, gaze dot, vignette ------------------------------------------------------

    def show_gaze_dot(self, hit: tuple[float, float, float] | None) -> None:
        if hit is None or not self.menu_open:
            self.gaze_dot.hide()
            return
        self.gaze_dot.move_to(hit[0], -0.004, hit[1])
        self.gaze_dot.show()

    def set_vignette(self, strength: float) -> None:
        """0 off; 1 narrows the view to a soft 40 degree window (motion, fades)."""
        if strength <= 0.01:
            self.vignette.hide()
            return
        self.vignette.show_strength(min(1.0, strength))

    def close(self) -> None:
        for pointer in self.pointers.values():
            pointer.remove()
        self.vignette.remove()
        self.layer.close()


def _facing_the_eye(distance: float, drop: float) -> dict[str, Any]:
    """A panel ``distance`` ahead and ``drop`` below the eye, tilted to face it."""
    return {"position": (0, distance, -drop), "pitch": -math.degrees(math.atan2(drop, distance))}


def _frame(rect: Rect) -> tuple[float, float, float, float]:
    return (rect.left, rect.right, rect.bottom, rect.top)


def _square(half: float) -> tuple[float, float, float, float]:
    return (-half, half, -half, half)


def _build_text_panel(
    panel: Panel, font: Any, bold: Any, speaker: str | None, text: str, *, width: float
) -> None:
    height = 0.055
    y = 0.0
    if speaker:
        name = panel.text(bold, speaker, height=height * 0.85, color=ACCENT, width=width)
        name.move_to(-width / 2, 0, y)
        y -= height * 1.2
    body = panel.text(font, text, height=height, color=TEXT, width=width)
    body.move_to(-width / 2, 0, y)
    lines = body.rows
    bottom = y - (lines - 1) * height * 1.2 - height * 0.5
    panel.card(
        _frame(Rect(-width / 2 - 0.05, width / 2 + 0.05, bottom, height * 1.1)), _PANEL, sort=0
    )
