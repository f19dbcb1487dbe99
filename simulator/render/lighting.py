"""Time of day as light: sun with shadows, ambient, sky gradient and haze (render layer).

``build_lighting`` turns a scene's ``Lighting`` into Panda3D lights applied to a
parent node, a sky dome and fog. Only the sun casts shadows (one shadow pass
keeps software rendering interactive); lamp posts and ceiling lights add point
lights of their own through the props that carry them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import panda3d.core as p3d

from simulator.render.geometry import MeshBuilder
from simulator.scenario.scene import Lighting

__all__ = ["SHADOW_CAMERA_MASK", "Lights", "Mood", "build_lighting", "mood_for"]

SHADOW_CAMERA_MASK = p3d.BitMask32.bit(3)
"""Camera mask of the sun's shadow camera: hide a node from it to keep it from casting shadows."""

Color3 = tuple[float, float, float]


@dataclass(frozen=True)
class Mood:
    """The colours and switches a time of day brings."""

    sun: Color3
    """Direct light colour (intensity folded in)."""
    ambient: Color3
    sky_zenith: Color3
    sky_horizon: Color3
    sun_glow: Color3
    """Sky colour right around the sun."""
    fog: Color3
    fog_density: float
    """Exponential fog density per metre at haze 0.5."""
    lamps_on: bool
    """Whether street lamps and lit signs glow."""
    lit_windows: float
    """Share of a building's windows lit from inside, 0..1."""
    has_sky: bool = True


_MOODS = {
    "day": Mood(
        sun=(1.05, 0.98, 0.88),
        ambient=(0.42, 0.45, 0.52),
        sky_zenith=(0.28, 0.48, 0.82),
        sky_horizon=(0.74, 0.82, 0.90),
        sun_glow=(1.0, 0.97, 0.9),
        fog=(0.72, 0.78, 0.86),
        fog_density=0.004,
        lamps_on=False,
        lit_windows=0.12,
    ),
    "dusk": Mood(
        sun=(1.1, 0.64, 0.38),
        ambient=(0.29, 0.30, 0.40),
        sky_zenith=(0.13, 0.18, 0.38),
        sky_horizon=(0.92, 0.58, 0.42),
        sun_glow=(1.0, 0.78, 0.5),
        fog=(0.50, 0.45, 0.52),
        fog_density=0.010,
        lamps_on=True,
        lit_windows=0.6,
    ),
    "night": Mood(
        sun=(0.16, 0.20, 0.32),
        ambient=(0.07, 0.08, 0.13),
        sky_zenith=(0.01, 0.015, 0.04),
        sky_horizon=(0.07, 0.08, 0.13),
        sun_glow=(0.10, 0.11, 0.16),
        fog=(0.06, 0.07, 0.10),
        fog_density=0.012,
        lamps_on=True,
        lit_windows=0.35,
    ),
    "indoor": Mood(
        sun=(0.62, 0.62, 0.60),
        ambient=(0.46, 0.46, 0.47),
        sky_zenith=(0.55, 0.66, 0.80),
        sky_horizon=(0.85, 0.88, 0.92),
        sun_glow=(1.0, 1.0, 1.0),
        fog=(0.8, 0.8, 0.8),
        fog_density=0.0,
        lamps_on=True,
        lit_windows=1.0,
        has_sky=False,
    ),
}


def mood_for(lighting: Lighting) -> Mood:
    """The mood for a scene's time of day."""
    return _MOODS[lighting.time_of_day]


@dataclass
class Lights:
    """What ``build_lighting`` made; ``remove()`` takes it all off the parent again."""

    parent: p3d.NodePath
    mood: Mood
    sun: p3d.NodePath
    """The directional light (the sun, or daylight through the windows indoors); casts shadows."""
    ambient: p3d.NodePath
    sky: p3d.NodePath | None
    fog: p3d.NodePath | None
    extra: list[p3d.NodePath] = field(default_factory=list)
    """Point lights props brought (lamp posts, ceiling lights)."""

    @property
    def all(self) -> tuple[p3d.NodePath, ...]:
        """Every light NodePath: sun, ambient, then the props' lights."""
        return (self.sun, self.ambient, *self.extra)

    def add(self, light: p3d.NodePath) -> None:
        """Light everything under the parent with ``light`` too."""
        self.parent.set_light(light)
        self.extra.append(light)

    def remove(self) -> None:
        """Clear the lights, fog and sky from the parent (idempotent)."""
        for light in self.all:
            self.parent.clear_light(light)
            light.remove_node()
        self.extra.clear()
        self.parent.clear_fog()
        if self.fog is not None:
            self.fog.remove_node()
        if self.sky is not None:
            self.sky.remove_node()


def _sun_direction(spec: Lighting) -> np.ndarray:
    h, p = math.radians(spec.sun_heading), math.radians(spec.sun_pitch)
    return np.array([-math.sin(h) * math.cos(p), math.cos(h) * math.cos(p), math.sin(p)])


def _sky_dome(mood: Mood, sun_dir: np.ndarray, radius: float = 450.0) -> p3d.GeomNode:
    rings, segments = 10, 32
    elev = np.radians(np.concatenate([[-12.0], np.linspace(0.0, 90.0, rings)]))
    azim = np.radians(np.linspace(0.0, 360.0, segments, endpoint=False))
    ce, se = np.cos(elev)[:, None], np.sin(elev)[:, None]
    dirs = np.stack(
        [
            ce * np.cos(azim)[None, :],
            ce * np.sin(azim)[None, :],
            np.broadcast_to(se, (len(elev), segments)),
        ],
        -1,
    )
    height = np.clip(dirs[..., 2], 0.0, 1.0)
    blend = (1.0 - (1.0 - height) ** 3)[..., None]
    horizon = np.asarray(mood.sky_horizon)
    colors = horizon * (1 - blend) + np.asarray(mood.sky_zenith) * blend
    glow = np.clip(dirs @ sun_dir, 0.0, 1.0) ** 6 * (1.0 - height) ** 2
    colors = colors + glow[..., None] * (np.asarray(mood.sun_glow) - colors) * 0.8
    rgba = np.concatenate([np.clip(colors, 0, 1), np.ones(dirs.shape[:2] + (1,))], -1)
    builder = MeshBuilder()
    # Seen from inside: reverse the columns so the front faces inwards.
    builder.grid(dirs[:, ::-1] * radius, rgba[:, ::-1], wrap=True)
    return builder.build("sky")


def _shadow_pass_state() -> p3d.RenderState:
    """Depth only for the shadow pass: no shaders, lights, textures or colour writes.

    Without this the shadow camera inherits the auto shader and every light,
    which makes software rendering crawl. Back faces only, against acne.
    """
    override = 10000
    first = p3d.RenderState.make(
        p3d.ShaderAttrib.make_off(),
        p3d.LightAttrib.make_all_off(),
        p3d.TextureAttrib.make_off(),
        p3d.ColorWriteAttrib.make(p3d.ColorWriteAttrib.C_off),
        override,
    )
    second = p3d.RenderState.make(
        p3d.CullFaceAttrib.make_reverse(),
        p3d.FogAttrib.make_off(),
        p3d.MaterialAttrib.make_off(),
        override,
    )
    return first.compose(second)


def build_lighting(
    parent: p3d.NodePath,
    spec: Lighting,
    extent: tuple[float, float, float, float],
    shadow_size: int = 2048,
) -> Lights:
    """Light ``parent`` for the time of day; ``extent`` (x0, y0, x1, y1) is what casts shadows.

    Sets the auto shader on ``parent`` (per-pixel lighting and shadows), the
    sun and ambient lights, exponential fog scaled by ``spec.haze``, and a sky
    dome (radius 450 m: keep the camera's far plane beyond it) outdoors.
    """
    mood = mood_for(spec)
    parent.set_shader_auto()
    x0, y0, x1, y1 = extent
    center = p3d.Point3((x0 + x1) / 2, (y0 + y1) / 2, 0)
    span = max(x1 - x0, y1 - y0)

    sun_light = p3d.DirectionalLight("sun")
    sun_light.set_color(p3d.LColor(*mood.sun, 1))
    sun_light.set_shadow_caster(True, shadow_size, shadow_size)
    sun_light.set_camera_mask(SHADOW_CAMERA_MASK)
    sun_light.set_initial_state(_shadow_pass_state())
    lens = sun_light.get_lens()
    lens.set_film_size(span * 1.15, span * 1.15)
    lens.set_near_far(-span, span)
    sun = parent.attach_new_node(sun_light)
    sun.set_pos(center)
    heading = spec.sun_heading + 180.0
    pitch = -max(spec.sun_pitch, 4.0)
    if spec.time_of_day == "indoor":
        pitch = -max(spec.sun_pitch, 25.0)
    sun.set_hpr(heading, pitch, 0)
    parent.set_light(sun)

    ambient_light = p3d.AmbientLight("ambient")
    ambient_light.set_color(p3d.LColor(*mood.ambient, 1))
    ambient = parent.attach_new_node(ambient_light)
    parent.set_light(ambient)

    fog_np = None
    density = mood.fog_density * spec.haze * 2.0
    if density > 0:
        fog = p3d.Fog("haze")
        fog.set_color(*mood.fog)
        fog.set_exp_density(density)
        fog_np = parent.attach_new_node(fog)
        parent.set_fog(fog)

    sky = None
    if mood.has_sky:
        sky = parent.attach_new_node(_sky_dome(mood, _sun_direction(spec)))
        sky.set_light_off(1)
        sky.set_fog_off(1)
        sky.set_shader_off(1)
        sky.set_bin("background", 0)
        sky.set_depth_write(False)
        sky.hide(SHADOW_CAMERA_MASK)
    return Lights(parent=parent, mood=mood, sun=sun, ambient=ambient, sky=sky, fog=fog_np)


def point_light(
    parent: p3d.NodePath, name: str, pos, color: Color3, reach: float = 12.0
) -> p3d.NodePath:
    """A point light at ``pos`` under ``parent`` fading to about a tenth at ``reach`` metres."""
    light = p3d.PointLight(name)
    light.set_color(p3d.LColor(*color, 1))
    light.set_attenuation((1.0, 0.0, 9.0 / (reach * reach)))
    node = parent.attach_new_node(light)
    node.set_pos(*pos)
    return node
