"""What every prop builder receives and returns (render layer).

A builder is a function ``(PropContext, PropSpec) -> BuiltProp``. It builds
in the prop's own space (origin at ``spec.pos``, front facing +y); the
environment places, turns and scales the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import panda3d.core as p3d

from simulator.render.geometry import RGBA, MeshBuilder, rgba
from simulator.render.lighting import Mood
from simulator.render.textures import TextureKit
from simulator.scenario.scene import PropSpec

__all__ = [
    "BuiltProp",
    "PropBuilder",
    "PropContext",
    "Rect",
    "assemble",
    "color_of",
    "size_of",
    "textured",
]

Rect = tuple[float, float, float, float]
"""x0, y0, x1, y1 in the prop's own space (metres)."""


@dataclass
class PropContext:
    """The handles and shared state a builder may use."""

    loader: Any
    """Panda3D's ``Loader`` (``showbase.loader``), for model files and fonts."""
    assets_dir: Path
    textures: TextureKit
    mood: Mood
    seed: int = 0
    """Varies details (which windows are lit) between props of one kind."""

    def rng(self) -> np.random.Generator:
        """A random generator seeded for this prop."""
        return np.random.default_rng(self.seed)


@dataclass
class BuiltProp:
    """A built prop: its geometry and what the environment needs to know about it."""

    node: p3d.NodePath
    """Unattached root of the prop, in the prop's own space."""
    lights: list[p3d.NodePath] = field(default_factory=list)
    """Point lights under ``node`` that should light the whole scene."""
    walkable: list[Rect] = field(default_factory=list)
    """Floor areas people may stand on (ground, pavements, a room's floor)."""
    blocking: list[Rect] = field(default_factory=list)
    """Footprints people cannot stand in (a car, a counter, a building's solid part)."""
    extent: Rect | None = None
    """Area whose shadows matter (ground-type props); None for small props."""
    grip: p3d.TransformState | None = None
    """How a right hand holds the prop: its own space in the frame of ``Person.right_hand``
    (x towards the thumb, y along the fingers, z out of the palm); None for props no one
    can hold."""


PropBuilder = Callable[[PropContext, PropSpec], BuiltProp]


def color_of(spec: PropSpec, default: str) -> RGBA:
    """The prop's colour from the scene file, or the kind's default."""
    return rgba(spec.color or default)


def size_of(spec: PropSpec, default: tuple[float, float, float]) -> tuple[float, float, float]:
    """The prop's size (width, depth, height) from the scene file, or the kind's default."""
    return spec.size if spec.size is not None else default


def assemble(name: str, *parts: tuple[MeshBuilder, str]) -> p3d.NodePath:
    """A node named ``name`` holding each non-empty mesh as a child named by its part."""
    root = p3d.NodePath(name)
    for builder, part in parts:
        if not builder.empty:
            builder.attach(root, part)
    return root


def textured(
    builder: MeshBuilder, parent: p3d.NodePath, name: str, texture: p3d.Texture
) -> p3d.NodePath:
    """The mesh attached under ``parent`` as ``name``, wearing ``texture``."""
    node = builder.attach(parent, name)
    node.set_texture(texture)
    return node
