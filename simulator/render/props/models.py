"""Props loaded from model files in assets/: .bam, .egg, .gltf and .glb (render layer).

glTF goes through panda3d-gltf's loader plugin, which registers itself with
Panda3D when the package is installed; without it a clear error says so. A glTF
model's front is its +Z axis, which the loader's turn from y-up to z-up points at
-Y; the prop turns it half round so that front faces the scene's heading 0 (+Y,
north), as every built prop's front does.
"""

from __future__ import annotations

from pathlib import Path

import panda3d.core as p3d

from simulator.errors import SimulatorError
from simulator.render.props.base import BuiltProp, PropContext
from simulator.scenario.scene import PropSpec

__all__ = ["ModelLoadError", "build_model"]

_GLTF = (".gltf", ".glb")
_NATIVE = (".bam", ".egg", ".egg.pz", ".bam.pz")
_GLTF_FRONT_TURN = 180.0
"""Degrees of heading that take a loaded glTF's front (-Y after the loader) to +Y."""


class ModelLoadError(SimulatorError):
    """A prop's model file is missing, of an unknown type, or cannot be read."""


def _gltf_available() -> bool:
    try:
        import gltf  # noqa: F401  (panda3d-gltf registers its loader on import of the entry point)
    except ImportError:
        return False
    return True


def build_model(ctx: PropContext, spec: PropSpec) -> BuiltProp:
    """Load ``spec.model`` (relative to the assets folder) as the prop's geometry.

    Raises ``ModelLoadError`` naming the file and what was expected when it is
    missing, has an unsupported suffix, or glTF support is not installed.
    """
    assert spec.model is not None
    path = Path(ctx.assets_dir) / spec.model
    name = path.name.lower()
    if not path.is_file():
        raise ModelLoadError(
            f"{path}: model file not found; expected a file under {ctx.assets_dir}"
        )
    if name.endswith(_GLTF):
        if not _gltf_available():
            raise ModelLoadError(
                f"{path}: glTF models need the panda3d-gltf package; "
                "install it (pip install panda3d-gltf) or export the model as .bam/.egg"
            )
    elif not name.endswith(_NATIVE):
        raise ModelLoadError(f"{path}: unsupported model type; expected .gltf, .glb, .bam or .egg")
    try:
        model = ctx.loader.load_model(p3d.Filename.from_os_specific(str(path)), noCache=True)
    except OSError as exc:
        raise ModelLoadError(f"{path}: could not be loaded ({exc})") from exc
    root = p3d.NodePath(path.stem)
    model.reparent_to(root)
    if name.endswith(_GLTF):
        model.set_h(_GLTF_FRONT_TURN)
    return BuiltProp(node=root)
