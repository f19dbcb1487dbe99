"""One offscreen Panda3D engine for the whole render test session (render tests)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

WIDTH, HEIGHT = 320, 180


@pytest.fixture(scope="session")
def render_base() -> Iterator[object]:
    """A ShowBase drawing into a small offscreen buffer; skips when there is no GL pipe.

    With an X display (pytest-xvfb provides one when Xvfb is installed) it uses
    GLX; without one it asks for EGL through ``p3headlessgl``. All windows are
    removed at teardown, or the process aborts at exit.
    """
    p3d = pytest.importorskip("panda3d.core")
    config = [
        "window-type offscreen",
        f"win-size {WIDTH} {HEIGHT}",
        "audio-library-name null",
        "sync-video 0",
        "notify-level-device fatal",
    ]
    if not os.environ.get("DISPLAY"):
        config.append("load-display p3headlessgl")
    page = p3d.load_prc_file_data("render-tests", "\n".join(config))
    from direct.showbase.ShowBase import ShowBase

    try:
        base = ShowBase()
    except Exception as exc:  # Panda3D raises a bare Exception when no pipe opens.
        p3d.unload_prc_file(page)
        pytest.skip(f"no graphics pipe for offscreen rendering: {exc}")
    if base.win is None:
        base.destroy()
        p3d.unload_prc_file(page)
        pytest.skip("no offscreen buffer could be opened")
    try:
        yield base
    finally:
        base.graphicsEngine.remove_all_windows()
        p3d.unload_prc_file(page)
