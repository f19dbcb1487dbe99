"""Authors' glTF exports load as props: .gltf with an embedded buffer, and .glb (render tests)."""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path

import pytest

p3d = pytest.importorskip("panda3d.core")
pytest.importorskip("gltf", reason="panda3d-gltf is not installed")

from simulator.render.environment import build_environment, triangle_count  # noqa: E402
from simulator.render.lighting import mood_for  # noqa: E402
from simulator.render.props import PropContext, build_prop  # noqa: E402
from simulator.render.textures import TextureKit  # noqa: E402
from simulator.scenario.loading import load_scene  # noqa: E402
from simulator.scenario.scene import Lighting, PropSpec  # noqa: E402

pytestmark = pytest.mark.render

# A unit box, 12 triangles with a red material: what a Blender export of a crate boils down to.
# Corners in Blender's z-up axes, whose front view looks at the model's -Y side.
_CORNERS = [(x, y, z) for x in (-0.5, 0.5) for y in (-0.5, 0.5) for z in (0.0, 1.0)]
_FACES = [
    (0, 1, 3, 2),  # -x
    (4, 6, 7, 5),  # +x
    (0, 4, 5, 1),  # -y
    (2, 3, 7, 6),  # +y
    (0, 2, 6, 4),  # bottom
    (1, 5, 7, 3),  # top
]


def _box_gltf(nose: float = 0.0) -> tuple[dict, bytes]:
    """glTF JSON (buffer uri left for the caller) and its binary buffer, glTF's y-up axes.

    ``nose`` stretches the box's front (glTF's +Z, Blender's -Y) that many metres further out.
    """
    # glTF is y-up; Blender's exporter converts z-up to y-up, so do the same here.
    corners = [(x, y - nose if y < 0 else y, z) for x, y, z in _CORNERS]
    positions = [(x, z, -y) for x, y, z in corners]
    indices = [i for a, b, c, d in _FACES for i in (a, b, c, a, c, d)]
    vertex_bytes = b"".join(struct.pack("<3f", *p) for p in positions)
    index_bytes = b"".join(struct.pack("<H", i) for i in indices)
    index_bytes += b"\0" * (-len(index_bytes) % 4)
    data = vertex_bytes + index_bytes
    document = {
        "asset": {"version": "2.0", "generator": "simulator tests"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": "crate"}],
        "meshes": [
            {
                "name": "crate",
                "primitives": [{"attributes": {"POSITION": 0}, "indices": 1, "material": 0}],
            }
        ],
        "materials": [
            {"pbrMetallicRoughness": {"baseColorFactor": [0.8, 0.1, 0.1, 1.0], "metallicFactor": 0}}
        ],
        "buffers": [{"byteLength": len(data)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": len(vertex_bytes), "target": 34962},
            {
                "buffer": 0,
                "byteOffset": len(vertex_bytes),
                "byteLength": len(indices) * 2,
                "target": 34963,
            },
        ],
        "accessors": [
            {
                "bufferView": 0,
                "componentType": 5126,
                "count": len(positions),
                "type": "VEC3",
                "min": [-0.5, 0.0, -0.5],
                "max": [0.5, 1.0, 0.5 + nose],
            },
            {
                "bufferView": 1,
                "componentType": 5123,
                "count": len(indices),
                "type": "SCALAR",
            },
        ],
    }
    return document, data


def write_gltf(path: Path, nose: float = 0.0) -> Path:
    """A .gltf file with its buffer embedded as a base64 data URI."""
    document, data = _box_gltf(nose)
    encoded = base64.b64encode(data).decode("ascii")
    document["buffers"][0]["uri"] = f"data:application/octet-stream;base64,{encoded}"
    path.write_text(json.dumps(document))
    return path


def write_glb(path: Path) -> Path:
    """The same box as binary glTF: header, JSON chunk, BIN chunk."""
    document, data = _box_gltf()
    text = json.dumps(document).encode("utf-8")
    text += b" " * (-len(text) % 4)
    data += b"\0" * (-len(data) % 4)
    chunks = struct.pack("<I4s", len(text), b"JSON") + text
    chunks += struct.pack("<I4s", len(data), b"BIN\0") + data
    path.write_bytes(struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks)
    return path


@pytest.mark.parametrize("write", [write_gltf, write_glb], ids=["gltf", "glb"])
def test_a_gltf_model_loads_as_a_prop(render_base, tmp_path, write):
    models = tmp_path / "models"
    models.mkdir()
    path = write(models / f"crate{'.gltf' if write is write_gltf else '.glb'}")
    ctx = PropContext(render_base.loader, tmp_path, TextureKit(), mood_for(Lighting()))
    built = build_prop(ctx, "crate", PropSpec(model=f"models/{path.name}"))
    try:
        assert triangle_count(built.node) == 12
        low, high = built.node.get_tight_bounds()
        # Panda3D is z-up: the loader turns glTF's y-up box upright again, 1 m tall.
        assert low.z == pytest.approx(0.0, abs=1e-4) and high.z == pytest.approx(1.0, abs=1e-4)
        assert high.x - low.x == pytest.approx(1.0, abs=1e-4)
    finally:
        built.node.remove_node()


def test_a_scene_places_a_gltf_prop_among_procedural_ones(render_base, tmp_path):
    (tmp_path / "assets" / "models").mkdir(parents=True)
    write_gltf(tmp_path / "assets" / "models" / "crate.gltf")
    scene_file = tmp_path / "scene.yaml"
    scene_file.write_text(
        "format: 1\nid: yard\ntitle: {nl: Erf, en: Yard}\n"
        "marks:\n  trainee: {pos: [0, -4, 0], heading: 0}\n"
        "props:\n"
        "  ground: {kind: car_park, size: [20, 20, 0.1]}\n"
        "  crate: {model: models/crate.gltf, pos: [2, 1, 0], heading: 30, scale: 2}\n"
    )
    stage = render_base.render.attach_new_node("stage")
    try:
        with build_environment(
            stage, render_base.loader, load_scene(scene_file), tmp_path / "assets", shadow_size=256
        ) as env:
            crate = env.prop("crate")
            assert triangle_count(crate) == 12
            low, high = crate.get_tight_bounds(env.root)
            assert high.z == pytest.approx(2.0, abs=1e-3)
            centre = (low + high) / 2
            assert centre.x == pytest.approx(2.0, abs=1e-3)
            assert centre.y == pytest.approx(1.0, abs=1e-3)
    finally:
        stage.remove_node()


@pytest.mark.parametrize(("heading", "front"), [(0, (0, 1)), (90, (-1, 0)), (180, (0, -1))])
def test_a_gltf_props_front_faces_its_heading(render_base, tmp_path, heading, front):
    """glTF's +Z front faces the way the scene's heading says: north (+Y) at heading 0."""
    (tmp_path / "assets" / "models").mkdir(parents=True)
    write_gltf(tmp_path / "assets" / "models" / "kiosk.gltf", nose=1.0)
    scene_file = tmp_path / "scene.yaml"
    scene_file.write_text(
        "format: 1\nid: yard\ntitle: {nl: Erf, en: Yard}\n"
        "marks:\n  trainee: {pos: [0, -4, 0], heading: 0}\n"
        f"props:\n  kiosk: {{model: models/kiosk.gltf, heading: {heading}}}\n"
    )
    stage = render_base.render.attach_new_node("stage")
    try:
        with build_environment(
            stage, render_base.loader, load_scene(scene_file), tmp_path / "assets", shadow_size=256
        ) as env:
            low, high = env.prop("kiosk").get_tight_bounds(env.root)
            # The box reaches 0.5 m behind its origin and 1.5 m out in front (its nose).
            reach = {(0, 1): high.y, (-1, 0): -low.x, (0, -1): -low.y}[front]
            behind = {(0, 1): -low.y, (-1, 0): high.x, (0, -1): high.y}[front]
            assert reach == pytest.approx(1.5, abs=1e-3)
            assert behind == pytest.approx(0.5, abs=1e-3)
    finally:
        stage.remove_node()
