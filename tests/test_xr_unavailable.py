"""Without a runtime the headset mode says why in words (no runtime or root needed)."""

from __future__ import annotations

import pytest

from simulator.cli import build_parser
from simulator.xr.bridge import XrBridge
from simulator.xr.errors import NoRuntime


def test_no_pyopenxr_or_no_runtime_is_a_clear_message() -> None:
    # Here either pyopenxr is missing or no OpenXR runtime is active: both are NoRuntime.
    with pytest.raises(NoRuntime) as caught:
        XrBridge().open()
    message = str(caught.value)
    assert "pyopenxr" in message or "no OpenXR runtime is active" in message
    assert "Traceback" not in message


def test_play_offers_the_headset_mode() -> None:
    arguments = build_parser().parse_args(["play", "--mode", "xr", "--space", "stage"])
    assert arguments.mode == "xr" and arguments.space == "stage"
