"""Without a runtime the headset mode says why in words (no runtime or root needed)."""

from __future__ import annotations

import sys

import pytest

from simulator.cli import build_parser
from simulator.xr.bridge import XrBridge
from simulator.xr.errors import NoRuntime


def test_without_pyopenxr_the_message_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "xr", None)  # import xr raises ImportError
    with pytest.raises(NoRuntime) as caught:
        XrBridge().open()
    assert str(caught.value) == (
        "headset mode needs pyopenxr: pip install 'weerbaar-simulator[xr]' "
        "(or pip install pyopenxr)"
    )


def test_without_a_runtime_the_message_says_how_to_get_one(monkeypatch) -> None:
    pytest.importorskip("xr")
    monkeypatch.delenv("XR_RUNTIME_JSON", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent")
    monkeypatch.setenv("XDG_CONFIG_DIRS", "/nonexistent")
    with pytest.raises(NoRuntime) as caught:
        XrBridge().open()
    assert str(caught.value).startswith(
        "no OpenXR runtime is active: install and start one (SteamVR, Meta Quest Link, "
    )
    assert "\n" not in str(caught.value)


def test_play_offers_the_headset_mode() -> None:
    arguments = build_parser().parse_args(["play", "--mode", "xr", "--space", "stage"])
    assert arguments.mode == "xr" and arguments.space == "stage"
