"""Antialiasing: the player's window asks for multisampling and uses what the GPU gives (render)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

p3d = pytest.importorskip("panda3d.core")

from simulator.render.app import antialias  # noqa: E402

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[2]

_OPEN = """
import json, sys
import panda3d.core as p3d
from simulator.render.app import WindowOptions, open_window
base = open_window(WindowOptions(size=(160, 90), offscreen=True, multisamples=int(sys.argv[1])))
attrib = base.render.get_attrib(p3d.AntialiasAttrib)
print(json.dumps({
    "samples": base.win.get_fb_properties().get_multisamples(),
    "multisample": bool(attrib and attrib.get_mode() & p3d.AntialiasAttrib.M_multisample),
}))
base.graphicsEngine.remove_all_windows()
"""


def _open(multisamples: int) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _OPEN, str(multisamples)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_window_multisamples_where_the_gpu_offers_it() -> None:
    opened = _open(4)
    if opened["samples"] <= 1:
        pytest.skip("this GPU offers no multisampled framebuffer")
    assert opened == {"samples": 4, "multisample": True}


def test_without_multisamples_the_window_opens_plain() -> None:
    assert _open(0) == {"samples": 0, "multisample": False}


def test_a_framebuffer_without_samples_leaves_the_picture_as_it_was(render_base) -> None:
    root = p3d.NodePath("scene")
    root.set_antialias(p3d.AntialiasAttrib.M_multisample)
    # The test engine's buffer asks for no samples, as a driver that offers none answers.
    assert render_base.win.get_fb_properties().get_multisamples() == 0
    assert antialias(root, render_base.win) == 0
    assert not root.has_antialias()
