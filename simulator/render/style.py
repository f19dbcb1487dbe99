"""The look shared by every on-screen and in-headset panel: colours and fonts (render)."""

from __future__ import annotations

from typing import Any

import panda3d.core as p3d

from simulator.scenario.content import assets_dir

__all__ = [
    "ACCENT",
    "BUTTON",
    "BUTTON_HOVER",
    "MUTED",
    "OUTCOME_COLORS",
    "PANEL",
    "TEXT",
    "load_font",
    "with_alpha",
]

RGBA = tuple[float, float, float, float]

PANEL: RGBA = (0.05, 0.06, 0.08, 0.82)
BUTTON: RGBA = (0.16, 0.19, 0.24, 0.95)
BUTTON_HOVER: RGBA = (0.26, 0.36, 0.52, 1.0)
ACCENT: RGBA = (0.98, 0.78, 0.36, 1.0)
"""Speaker names, headings, the countdown: warm amber that reads on dark panels."""
TEXT: RGBA = (0.96, 0.96, 0.94, 1.0)
MUTED: RGBA = (0.78, 0.80, 0.84, 1.0)
OUTCOME_COLORS: dict[str, RGBA] = {
    "safe_reported": (0.45, 0.85, 0.55, 1.0),
    "safe_unreported": (0.98, 0.78, 0.36, 1.0),
    "unsafe": (1.0, 0.55, 0.35, 1.0),
    "drawn_in": (1.0, 0.42, 0.42, 1.0),
}


def with_alpha(color: RGBA, alpha: float) -> RGBA:
    """``color`` with another opacity (headset panels are a little more opaque)."""
    return (color[0], color[1], color[2], alpha)


def load_font(loader: Any, name: str, pixels_per_unit: int = 72) -> p3d.TextFont:
    """One of the shipped fonts (``DejaVuSans.ttf``, ``DejaVuSans-Bold.ttf``), crisp when large.

    Fonts are shared by Panda3D's font pool: the resolution is set only before
    the font's first use, so a monitor and a headset view can both load it.
    """
    path = p3d.Filename.from_os_specific(str(assets_dir() / "fonts" / name)).get_fullpath()
    font = loader.load_font(path)
    if isinstance(font, p3d.DynamicTextFont) and font.get_num_pages() == 0:
        font.set_pixels_per_unit(pixels_per_unit)
    return font
