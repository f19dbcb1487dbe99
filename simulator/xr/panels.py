"""What the trainee reads and points at in the headset: world-locked panels (xr layer, Panda3D).

Everything hangs under the ``rig`` (the trainee's mark: eye position and the
mark's heading), so text stays put in the world while the head moves; it
never follows the head. Subtitles sit 1.8 m ahead and 15 degrees below eye
level; menus (choices, pause, ending) 1.3 m ahead and 16 degrees below, tilted
to face the eyes, out of the way of the faces of people standing at 2 to 3 m.
Rows are chosen by a controller ray or by resting the gaze on them; this
module only draws and reports which row a ray hits, the player decides.
Only the comfort vignette follows the head: it is shading, not text.
"""

from __future__ import annotations

import math

import panda3d.core as p3d

from simulator.render.style import ACCENT, BUTTON, BUTTON_HOVER, PANEL, TEXT, load_font, with_alpha
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

_PANEL = with_alpha(PANEL, 0.88)
_ROW = with_alpha(BUTTON, 0.97)
_FILL = with_alpha(ACCENT, 0.55)


class Ui:
    """Subtitles, one menu at a time, the pointer rays, the gaze dot and the vignette."""

    def __init__(self, rig: p3d.NodePath, head: p3d.NodePath, loader: object) -> None:
        self.root = rig.attach_new_node("xr-ui")
        self.root.set_light_off(1)
        self.root.set_shader_off(1)
        self.root.set_depth_test(False)
        self.root.set_depth_write(False)
        self.root.set_bin("fixed", 40)
        self.root.set_transparency(p3d.TransparencyAttrib.M_alpha)
        self.font = load_font(loader, "DejaVuSans.ttf", 64)
        self.bold = load_font(loader, "DejaVuSans-Bold.ttf", 64)
        self.subtitle = self.root.attach_new_node("subtitle")
        _face_eye(self.subtitle, SUBTITLE_DISTANCE, SUBTITLE_DROP)
        self.menu = self.root.attach_new_node("menu")
        _face_eye(self.menu, MENU_DISTANCE, MENU_DROP)
        self.menu_kind: str | None = None
        self.rows: list[Rect] = []
        self.row_texts: list[str] = []
        self.subtitle_text = ""
        self._row_cards: list[p3d.NodePath] = []
        self._fill: p3d.NodePath | None = None
        self._title: p3d.TextNode | None = None
        self.pointers = {
            hand: _pointer(self.root.get_parent(), f"pointer-{hand}") for hand in ("left", "right")
        }
        self.gaze_dot = _disc(self.menu, 0.008, ACCENT)
        self.gaze_dot.hide()
        self.vignette = _vignette(head)
        self.set_vignette(0.0)

    # -- subtitles ---------------------------------------------------------------------------

    def show_line(self, speaker: str | None, text: str) -> None:
        self.subtitle.node().remove_all_children()
        self.subtitle_text = f"{speaker}: {text}" if speaker else text
        _build_text_panel(self.subtitle, self.font, self.bold, speaker, text, width=1.6)

    def clear_line(self) -> None:
        self.subtitle.node().remove_all_children()
        self.subtitle_text = ""

    # -- menus -----------------------------------------------------------------------------

    def show_menu(self, kind: str, title: str, body: str, rows: list[str]) -> None:
        """One menu (``choices``, ``pause``, ``ending``, ``notice``) replacing any other."""
        self.close_menu()
        self.menu_kind = kind
        self.row_texts = list(rows)
        total = len(rows) * (ROW_HEIGHT + ROW_GAP)
        top = total / 2 + 0.1
        header = _text(self.menu, self.bold, title, TEXT_HEIGHT * 1.15, ACCENT, ROW_WIDTH)
        header.set_pos(-ROW_WIDTH / 2, 0, top + 0.02)
        self._title = header.node()
        body_height = 0.0
        if body:
            body_node = _text(self.menu, self.font, body, TEXT_HEIGHT * 0.8, TEXT, ROW_WIDTH)
            lines = body_node.node().get_num_rows()
            body_height = lines * TEXT_HEIGHT * 0.8 * 1.2
            body_node.set_pos(-ROW_WIDTH / 2, 0, top - 0.04)
        z = top - 0.06 - body_height
        for text in rows:
            rect = Rect(-ROW_WIDTH / 2, ROW_WIDTH / 2, z - ROW_HEIGHT, z)
            card = _card(self.menu, rect, _ROW, sort=1)
            label = _text(card, self.font, text, TEXT_HEIGHT, TEXT, ROW_WIDTH - 0.06)
            rows_of_text = label.node().get_num_rows()
            label.set_pos(rect.left + 0.03, -0.001, z - ROW_HEIGHT / 2 - 0.3 * TEXT_HEIGHT)
            if rows_of_text > 1:  # two-line choices: start higher, smaller
                label.set_scale(0.8)
                label.set_z(z - ROW_HEIGHT / 2 + 0.1 * TEXT_HEIGHT)
            self.rows.append(rect)
            self._row_cards.append(card)
            z -= ROW_HEIGHT + ROW_GAP
        background = Rect(
            -ROW_WIDTH / 2 - 0.04, ROW_WIDTH / 2 + 0.04, z - 0.02, top + TEXT_HEIGHT * 1.6
        )
        _card(self.menu, background, _PANEL, sort=0)
        self.gaze_dot.reparent_to(self.menu)

    def set_title(self, title: str) -> None:
        if self._title is not None:
            self._title.set_text(title)

    def close_menu(self) -> None:
        for child in self.menu.get_children():
            if child != self.gaze_dot:
                child.remove_node()
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

    def row_under(self, origin: p3d.LPoint3f, direction: p3d.LVector3f, frame: p3d.NodePath):
        """The menu row a ray (in ``frame``'s coordinates) points at, and where it hits."""
        if not self.rows:
            return None, None
        local_origin = self.menu.get_relative_point(frame, origin)
        local_direction = self.menu.get_relative_vector(frame, direction)
        hit = ray_hit_panel(local_origin, local_direction)
        if hit is None:
            return None, None
        return hit_row((hit[0], hit[1]), self.rows), hit

    def highlight(self, row: int | None, progress: float = 0.0) -> None:
        """Light the hovered row; ``progress`` (0..1) fills it while the gaze dwells."""
        for index, card in enumerate(self._row_cards):
            card.set_color(*(BUTTON_HOVER if index == row else _ROW))
        if self._fill is not None:
            self._fill.remove_node()
            self._fill = None
        if row is not None and progress > 0:
            rect = self.rows[row]
            width = (rect.right - rect.left) * progress
            filled = Rect(rect.left, rect.left + width, rect.bottom, rect.bottom + 0.012)
            self._fill = _card(self.menu, filled, _FILL, sort=3)

    def row_centre(self, index: int) -> p3d.LPoint3f:
        """Where row ``index``'s middle is, in the menu's coordinates."""
        rect = self.rows[index]
        return p3d.LPoint3f((rect.left + rect.right) / 2, 0, (rect.bottom + rect.top) / 2)

    # -- pointers, gaze dot, vignette ------------------------------------------------------

    def show_gaze_dot(self, hit: tuple[float, float, float] | None) -> None:
        if hit is None or not self.menu_open:
            self.gaze_dot.hide()
            return
        self.gaze_dot.set_pos(hit[0], -0.004, hit[1])
        self.gaze_dot.show()

    def set_vignette(self, strength: float) -> None:
        """0 off; 1 narrows the view to a soft 40 degree window (motion, fades)."""
        if strength <= 0.01:
            self.vignette.hide()
            return
        self.vignette.show()
        self.vignette.set_color_scale(1, 1, 1, min(1.0, strength))

    def close(self) -> None:
        for pointer in self.pointers.values():
            pointer.remove_node()
        self.vignette.remove_node()
        self.root.remove_node()


def _face_eye(node: p3d.NodePath, distance: float, drop: float) -> None:
    node.set_pos(0, distance, -drop)
    node.set_p(-math.degrees(math.atan2(drop, distance)))


def _text(parent, font, text: str, height: float, color, width: float) -> p3d.NodePath:
    node = p3d.TextNode("text")
    node.set_font(font)
    node.set_text(text)
    node.set_text_color(*color)
    node.set_wordwrap(width / height)
    path = parent.attach_new_node(node)
    path.set_scale(height)
    path.set_bin("fixed", 42)
    return path


def _card(parent: p3d.NodePath, rect: Rect, color, *, sort: int) -> p3d.NodePath:
    maker = p3d.CardMaker("card")
    maker.set_frame(rect.left, rect.right, rect.bottom, rect.top)
    card = parent.attach_new_node(maker.generate())
    card.set_color(*color)
    card.set_bin("fixed", 40 + sort)
    return card


def _build_text_panel(parent, font, bold, speaker: str | None, text: str, *, width: float) -> None:
    height = 0.055
    y = 0.0
    if speaker:
        name = _text(parent, bold, speaker, height * 0.85, ACCENT, width)
        name.set_pos(-width / 2, 0, y)
        y -= height * 1.2
    body = _text(parent, font, text, height, TEXT, width)
    body.set_pos(-width / 2, 0, y)
    lines = body.node().get_num_rows()
    bottom = y - (lines - 1) * height * 1.2 - height * 0.5
    _card(parent, Rect(-width / 2 - 0.05, width / 2 + 0.05, bottom, height * 1.1), _PANEL, sort=0)


def _pointer(parent: p3d.NodePath, name: str) -> p3d.NodePath:
    segments = p3d.LineSegs(name)
    segments.set_thickness(3)
    segments.set_color(0.6, 0.85, 1.0, 0.9)
    segments.move_to(0, 0, 0)
    segments.draw_to(0, POINTER_LENGTH, 0)
    node = parent.attach_new_node(segments.create())
    node.set_light_off(1)
    node.set_shader_off(1)
    node.set_bin("fixed", 45)
    node.set_depth_test(False)
    node.hide()
    return node


def _disc(parent: p3d.NodePath, radius: float, color) -> p3d.NodePath:
    maker = p3d.CardMaker("dot")
    maker.set_frame(-radius, radius, -radius, radius)
    node = parent.attach_new_node(maker.generate())
    node.set_color(*color)
    node.set_bin("fixed", 46)
    return node


def _vignette(head: p3d.NodePath) -> p3d.NodePath:
    """A ring 0.3 m ahead of the head: clear inside 20 degrees, black beyond 45."""
    data = p3d.GeomVertexData("vignette", p3d.GeomVertexFormat.get_v3c4(), p3d.Geom.UH_static)
    vertex = p3d.GeomVertexWriter(data, "vertex")
    color = p3d.GeomVertexWriter(data, "color")
    triangles = p3d.GeomTriangles(p3d.Geom.UH_static)
    steps, distance = 48, 0.3
    radii = (math.tan(math.radians(20)) * distance, math.tan(math.radians(45)) * distance, 3.0)
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
    path.set_bin("fixed", 60)
    return path
