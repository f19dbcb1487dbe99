"""Procedural textures generated with numpy: asphalt, brick, paving, floors (render layer).

Each generator returns an H×W×3 float array in [0, 1] (row 0 at the top), is
deterministic for a seed, and is cheap (well under a second at 256–512 px).
``TextureKit`` turns them into mipmapped, repeating Panda3D textures once per
name, so many props share one texture.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import panda3d.core as p3d

__all__ = [
    "TextureKit",
    "asphalt",
    "brick",
    "dark_brick",
    "carpet",
    "concrete",
    "floor_tiles",
    "foliage",
    "grass",
    "house_photo",
    "noise",
    "paving",
    "roof_tiles",
    "sky_reflection",
    "to_texture",
    "wood",
]


def noise(size: int, cells: int, seed: int, octaves: int = 4) -> np.ndarray:
    """Tileable fractal value noise, size×size, roughly in [-1, 1]."""
    rng = np.random.default_rng(seed)
    out = np.zeros((size, size))
    amplitude, total = 1.0, 0.0
    for octave in range(octaves):
        n = cells * 2**octave
        if n > size:
            break
        grid = rng.standard_normal((n, n))
        # Bilinear upsampling with wrap-around keeps the result tileable.
        coords = np.arange(size) * n / size
        i0 = np.floor(coords).astype(int) % n
        i1 = (i0 + 1) % n
        f = coords - np.floor(coords)
        f = f * f * (3 - 2 * f)
        rows = grid[i0] * (1 - f)[:, None] + grid[i1] * f[:, None]
        layer = rows[:, i0] * (1 - f)[None, :] + rows[:, i1] * f[None, :]
        out += amplitude * layer
        total += amplitude
        amplitude *= 0.5
    return out / total


def _tint(gray: np.ndarray, color: tuple[float, float, float]) -> np.ndarray:
    return np.clip(gray[:, :, None] * np.asarray(color)[None, None, :], 0.0, 1.0)


def asphalt(size: int = 512, seed: int = 1) -> np.ndarray:
    """Dark grainy asphalt with blotches of wear and darker oil patches."""
    rng = np.random.default_rng(seed)
    grain = rng.standard_normal((size, size)) * 0.045
    blotch = noise(size, 4, seed + 1) * 0.05
    stones = (rng.random((size, size)) > 0.985) * rng.uniform(0.05, 0.12, (size, size))
    gray = 0.26 + grain + blotch + stones
    return _tint(gray, (1.0, 1.0, 1.03))


def brick(size: int = 256, seed: int = 2, courses: int = 8, color=(0.56, 0.30, 0.22)) -> np.ndarray:
    """Running-bond brick, ``courses`` courses per tile, with light mortar joints."""
    rng = np.random.default_rng(seed)
    h = size // courses
    img = np.zeros((size, size, 3))
    per_row = 4
    w = size // per_row
    for row in range(courses):
        offset = (w // 2) * (row % 2)
        for k in range(per_row + 1):
            shade = rng.uniform(0.78, 1.15)
            hue = np.asarray(color) * shade * np.array([1.0, rng.uniform(0.9, 1.1), 1.0])
            x0 = k * w - offset
            xs = np.arange(x0, x0 + w) % size
            img[row * h : (row + 1) * h][:, xs] = hue
    img *= (1.0 + 0.10 * noise(size, 16, seed + 3))[:, :, None]
    img *= (1.0 + 0.06 * rng.standard_normal((size, size)))[:, :, None]
    mortar = np.array([0.66, 0.63, 0.58])
    joint = max(2, size // 96)
    for row in range(courses):
        img[row * h : row * h + joint] = mortar
        offset = (w // 2) * (row % 2)
        for k in range(per_row + 1):
            x = (k * w - offset) % size
            img[row * h : (row + 1) * h, x : x + joint] = mortar
    return np.clip(img, 0.0, 1.0)


def dark_brick() -> np.ndarray:
    """The darker brick of Dutch terraced houses (the car park's row, the street at night)."""
    return brick(seed=21, color=(0.45, 0.24, 0.18))


def paving(size: int = 256, seed: int = 3, tiles: int = 4) -> np.ndarray:
    """Square concrete pavers (``tiles`` per side) with dark joints."""
    rng = np.random.default_rng(seed)
    t = size // tiles
    gray = np.zeros((size, size))
    for i in range(tiles):
        for j in range(tiles):
            gray[i * t : (i + 1) * t, j * t : (j + 1) * t] = rng.uniform(0.52, 0.62)
    gray += 0.05 * noise(size, 8, seed + 1) + 0.03 * rng.standard_normal((size, size))
    gray[::t] *= 0.6
    gray[:, ::t] *= 0.6
    return _tint(gray, (1.0, 0.98, 0.95))


def concrete(size: int = 256, seed: int = 4) -> np.ndarray:
    """Smooth light concrete with faint stains."""
    rng = np.random.default_rng(seed)
    gray = 0.62 + 0.06 * noise(size, 6, seed) + 0.025 * rng.standard_normal((size, size))
    return _tint(gray, (1.0, 0.99, 0.96))


def grass(size: int = 256, seed: int = 5) -> np.ndarray:
    """Mown grass: green with darker patches."""
    rng = np.random.default_rng(seed)
    g = 1.0 + 0.25 * noise(size, 8, seed) + 0.15 * rng.standard_normal((size, size))
    return _tint(g, (0.20, 0.33, 0.13))


def roof_tiles(size: int = 256, seed: int = 9, courses: int = 8) -> np.ndarray:
    """Dutch pantiles seen from below the ridge: wavy rows, shadowed lower lips, grey-white.

    Rows run along u; each tile's lower edge (towards v = 0, the eaves) casts a dark line.
    Tinted by vertex colour, so one texture serves red, brown and anthracite roofs.
    """
    rng = np.random.default_rng(seed)
    h = size // courses
    per_row = 8
    w = size // per_row
    y = np.arange(size)[:, None] % h / h  # 0 at a row's top (uphill), 1 at its lip
    x = np.arange(size)[None, :] % w / w
    # The pantile's S-curve across each tile: a bright crest and a dark trough.
    wave = 0.82 + 0.22 * np.sin(2 * np.pi * x)
    lip = np.where(y > 0.86, 0.55, 1.0 - 0.25 * y)
    gray = wave * lip
    for row in range(courses):
        offset = rng.integers(0, w)
        shades = rng.uniform(0.85, 1.12, per_row + 1)
        cols = ((np.arange(size) + offset) // w) % (per_row + 1)
        gray[row * h : (row + 1) * h] *= shades[cols][None, :]
    gray *= 1.0 + 0.08 * noise(size, 8, seed + 1)
    gray += 0.03 * rng.standard_normal((size, size))
    return _tint(np.clip(gray, 0.0, 1.2) * 0.85, (1.0, 0.97, 0.95))


def foliage(size: int = 128, seed: int = 10) -> np.ndarray:
    """Leaf clutter in grey: bright leaf tips over dark gaps, tinted by each crown's colours."""
    rng = np.random.default_rng(seed)
    clumps = noise(size, 16, seed, octaves=2)
    speck = rng.random((size, size))
    gray = 0.78 + 0.35 * clumps + 0.35 * (speck > 0.55) * speck - 0.45 * (speck < 0.12)
    return _tint(np.clip(gray, 0.15, 1.3) / 1.1, (1.0, 1.0, 1.0))


def sky_reflection(
    size: int = 64,
    zenith=(0.13, 0.18, 0.38),
    horizon=(0.92, 0.58, 0.42),
    ground=(0.05, 0.05, 0.06),
    strength: float = 0.6,
) -> np.ndarray:
    """A sphere-map of the sky for glass to reflect: the horizon as a ring, ground below.

    For ``TexGenAttrib.M_eye_sphere_map``: the centre of the image is what lies
    behind the viewer, the rim what lies ahead, so the ring between them is a
    bright horizon band above a dark ground, with the zenith at the top. Meant
    to be added to dark glass; ``strength`` scales it.
    """
    v = (np.arange(size)[:, None] + 0.5) / size * 2 - 1
    u = (np.arange(size)[None, :] + 0.5) / size * 2 - 1
    # Reflected direction's elevation roughly follows the map's vertical axis (row 0 on top).
    elevation = np.clip(-v, -1.0, 1.0) * np.ones_like(u)
    up = np.clip(elevation, 0.0, 1.0)[:, :, None] ** 0.6
    sky = np.asarray(horizon) * (1 - up) + np.asarray(zenith) * up
    below = np.clip(-elevation * 6.0, 0.0, 1.0)[:, :, None]
    # Fresnel: glass seen square on (the map's centre) reflects little, at a glance a lot.
    rim = np.clip(np.hypot(u, v), 0.0, 1.0)[:, :, None]
    fresnel = strength * (0.2 + 0.8 * rim**3)
    return np.clip((sky * (1 - below) + np.asarray(ground) * below) * fresnel, 0.0, 1.0)


def floor_tiles(size: int = 256, seed: int = 6, tiles: int = 4) -> np.ndarray:
    """Light speckled terrazzo-like floor tiles with thin grout lines."""
    rng = np.random.default_rng(seed)
    gray = 0.74 + 0.03 * noise(size, 8, seed) + 0.035 * rng.standard_normal((size, size))
    speck = rng.random((size, size)) > 0.97
    gray[speck] -= 0.18
    t = size // tiles
    gray[::t] -= 0.16
    gray[:, ::t] -= 0.16
    return _tint(gray, (1.0, 0.98, 0.94))


def carpet(size: int = 128, seed: int = 7, color=(0.30, 0.33, 0.38)) -> np.ndarray:
    """Fine-grained carpet tiles."""
    rng = np.random.default_rng(seed)
    g = 1.0 + 0.12 * rng.standard_normal((size, size)) + 0.08 * noise(size, 8, seed)
    return _tint(g, color)


def wood(size: int = 256, seed: int = 8, color=(0.62, 0.45, 0.30)) -> np.ndarray:
    """Wood grain running along the texture's u axis."""
    rng = np.random.default_rng(seed)
    y = np.arange(size)[:, None]
    warp = 6.0 * noise(size, 4, seed)
    rings = 0.5 + 0.5 * np.sin((y + warp * 4) * 0.35 + 3 * noise(size, 2, seed + 1))
    g = 0.85 + 0.18 * rings + 0.04 * rng.standard_normal((size, size))
    return _tint(g, color)


def house_photo(seed: int = 5) -> np.ndarray:
    """A small snapshot of a house front, as someone would take from across the street, with the
    white border of a print (5 pixels of 144 × 96)."""
    h, w = 96, 144
    rng = np.random.default_rng(seed)
    img = np.ones((h, w, 3)) * np.array([0.62, 0.70, 0.80])
    img[h // 2 :, :] = (0.35, 0.38, 0.33)
    img[22:80, 30:114] = (0.52, 0.30, 0.24)
    for r in range(22, 80, 4):
        img[r, 30:114] *= 0.85
    img[10:24, 26:118] = (0.22, 0.18, 0.17)
    img[48:80, 60:78] = (0.14, 0.22, 0.18)
    for x in (36, 86):
        img[34:52, x : x + 20] = (0.12, 0.14, 0.18)
        img[56:72, x : x + 20] = (0.12, 0.14, 0.18)
    img += 0.03 * rng.standard_normal(img.shape)
    img[:5], img[-5:], img[:, :5], img[:, -5:] = 0.95, 0.95, 0.95, 0.95
    return np.clip(img, 0, 1)


def to_texture(image: np.ndarray, name: str, srgb: bool = False) -> p3d.Texture:
    """A mipmapped, repeating RGB texture from an H×W×3 float array (row 0 at the top)."""
    h, w, _ = image.shape
    tex = p3d.Texture(name)
    fmt = p3d.Texture.F_srgb if srgb else p3d.Texture.F_rgb8
    tex.setup_2d_texture(w, h, p3d.Texture.T_unsigned_byte, fmt)
    data = (np.clip(image[::-1, :, ::-1], 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
    tex.set_ram_image(np.ascontiguousarray(data).tobytes())
    tex.set_minfilter(p3d.SamplerState.FT_linear_mipmap_linear)
    tex.set_magfilter(p3d.SamplerState.FT_linear)
    tex.set_anisotropic_degree(4)
    tex.set_wrap_u(p3d.SamplerState.WM_repeat)
    tex.set_wrap_v(p3d.SamplerState.WM_repeat)
    return tex


class TextureKit:
    """Makes each named procedural texture once and hands out the same object after."""

    def __init__(self) -> None:
        self._cache: dict[str, p3d.Texture] = {}

    def get(self, name: str, make: Callable[[], np.ndarray]) -> p3d.Texture:
        """The texture called ``name``, generated by ``make()`` the first time it is asked for."""
        if name not in self._cache:
            self._cache[name] = to_texture(make(), name)
        return self._cache[name]
