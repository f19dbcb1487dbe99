"""The headset path against a real OpenXR runtime: Monado 25 in a Debian trixie root.

tools/xr_runtime.sh builds (once, then cached) a root with monado-service, its
null compositor and software Vulkan/GL, and starts the service with the
remote driver, whose head and controller poses and buttons the driver script
sets. Each case runs tests/xr_driver.py inside the root under Xvfb and checks
its JSON report. Needs root (chroot and mounts); `sudo make test` runs them.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "xr_runtime.sh"
LOCK = Path(os.environ.get("XR_ROOT", "/var/cache/simulator-xr/trixie")).parent / "service.lock"
ENABLE = (
    "the XR tests run a real OpenXR runtime in a cached Debian trixie root and need root: "
    "run `sudo make test` (or `sudo tools/xr_runtime.sh setup` once, then `sudo pytest -m xr`)"
)

pytestmark = pytest.mark.xr


def _runtime(command: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), command], capture_output=True, text=True, timeout=timeout, check=False
    )


@contextmanager
def service_lock(timeout: float = 1200) -> Iterator[None]:
    """The machine's one runtime service, held for as long as we use it (other runs wait)."""
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"another run held {LOCK} for {timeout:.0f} s")
                time.sleep(1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def runtime() -> Iterator[None]:
    """monado-service running with the remote driver for this module; stopped after."""
    if os.geteuid() != 0:
        pytest.skip(ENABLE)
    if _runtime("available").returncode != 0:
        setup = _runtime("setup", timeout=1200)
        if setup.returncode != 0:
            pytest.fail(f"could not set up the OpenXR runtime root:\n{setup.stderr[-3000:]}")
    with service_lock():
        started = _runtime("start", timeout=60)
        assert started.returncode == 0, started.stderr
        try:
            yield
        finally:
            _runtime("stop", timeout=60)


@pytest.fixture
def out() -> Iterator[Path]:
    """A folder under /tmp, which the runtime root shares with the host."""
    with tempfile.TemporaryDirectory(prefix="xr-test-", dir="/tmp") as folder:
        yield Path(folder)


def run_case(name: str, out: Path, *, validation: bool = False, timeout: float = 300):
    command = [
        str(SCRIPT),
        "run",
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 640x480x24",
        "python",
        "tests/xr_driver.py",
        name,
        str(out),
    ]
    if validation:
        command.append("--validation")
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    output = done.stdout + done.stderr
    reports = [line for line in done.stdout.splitlines() if line.startswith("XR-REPORT ")]
    assert done.returncode == 0 and reports, f"case {name} failed:\n{output[-6000:]}"
    assert "Traceback" not in output, output[-6000:]
    return json.loads(reports[-1][len("XR-REPORT ") :]), output


def _focused_and_ended_on_request(report: dict) -> None:
    states = report["states"]
    assert states[:5] == ["IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    assert states[-3:] == ["STOPPING", "IDLE", "EXITING"]
    assert report["ended"] == "requested" and report["message"] is None


def test_frames_reach_the_headset_and_head_poses_move_the_view(runtime, out) -> None:
    """FOCUSED, every frame submitted with a layer, the eyes show the scene, and turning the
    head 10 degrees left or looking 8 degrees up shifts the picture by focal * tan(angle):
    the pose and asymmetric-projection maths checked end to end. Validation layer on."""
    report, output = run_case("view", out, validation=True)
    _focused_and_ended_on_request(report)
    assert report["swapchain_format"] == "0x8c43"  # GL_SRGB8_ALPHA8
    assert report["frames_submitted"] == report["frames"] > 40
    assert report["layers_submitted"] == report["eyes_drawn"][0] == report["eyes_drawn"][1]
    assert report["layers_submitted"] >= report["frames"] - 2
    for capture in report["captures"].values():
        assert capture["shape"][:2] == [240, 320]
        assert capture["mean"] > 15 and capture["std"] > 10, "the eye image is blank"
    assert report["mirror"]["mean"] > 10 and report["mirror"]["std"] > 10, "mirror window blank"
    assert report["trainer_status"].startswith("[lobby]"), "the trainer's line on the mirror"
    # Turning left moves the scene right; looking up moves it down (rows run downwards).
    assert abs(report["shift_x_after_left_turn"] - report["expected_shift_x"]) <= 3
    assert abs(report["shift_y_after_look_up"] - report["expected_shift_y"]) <= 3
    # The core validation layer was loaded and reported no API usage error.
    assert "Core Validation" in output or "VUID-CoreValidation" in output
    errors = [line for line in output.splitlines() if "VALID_ERROR" in line or "ERROR|" in line]
    assert not errors, "\n".join(errors[:20])


def test_trigger_menu_button_and_gaze_dwell_drive_the_session(runtime, out) -> None:
    """A controller ray on row 2 plus a trigger pull makes that choice; the menu button pauses
    (the world dims) and the ray plus trigger on 'resume' resumes; resting the gaze on a row
    chooses it; everything is recorded with how it was chosen, and gaze samples too."""
    report, _ = run_case("choose", out)
    seen = report["seen"]
    _focused_and_ended_on_request(report)
    assert seen["node"] == "lobby" and seen["after_trigger_node"] != "lobby"
    assert report["picks"][0] == [1, "controller"]
    assert seen["paused_after_menu"] is True and seen["menu_kind_paused"] == "pause"
    assert seen["world_dim"] == pytest.approx(0.3)
    assert seen["paused_after_resume"] is False
    assert seen["after_gaze_node"] != seen["gaze_node"]
    assert [0, "gaze"] in report["picks"]
    record = report["record"]
    assert record["mode"] == "xr"
    assert record["vias"] == ["controller", "gaze"]
    assert "paused" in record["kinds"] and "resumed" in record["kinds"]
    assert record["gaze_count"] > 10
    assert {"porter", "colleague"} <= set(record["gaze"][0]["in_view"])


def test_car_park_plays_to_an_ending_from_scripted_controller_input(runtime, out) -> None:
    """The flagship scenario from the lobby to an ending, every choice and the closing of the
    ending made by pointing the right controller and pulling the trigger."""
    report, _ = run_case("carpark", out)
    _focused_and_ended_on_request(report)
    assert report["finished"] is True
    assert report["nodes"][0] == "lobby" and report["nodes"][-1] == "ending"
    assert len(report["nodes"]) >= 5
    assert all(via == "controller" for _, via in report["picks"])
    record = report["record"]
    assert record["status"] == "ended" and record["outcome"] == report["outcome"]
    assert record["choices"] == len(report["nodes"]) - 1
    assert [kind for kind in record["kinds"] if kind != "gaze"][-1] == "ending_reached"


def test_runtime_going_away_ends_cleanly_and_the_monitor_plays_on(runtime, out) -> None:
    """monado-service dies mid-session: no traceback, a clear message, the record keeps what
    happened, and the session goes on in the desktop window to its ending."""
    try:
        report, output = run_case("lost", out)
    finally:
        assert _runtime("start", timeout=60).returncode == 0  # for any later test
    assert report["ended"] == "lost"
    assert "the connection to the headset was lost" in output
    assert "continuing the session on the monitor" in output
    kinds = report["record"]["kinds"]
    assert kinds[0] == "started" and "choice_made" in kinds
    assert "jumped" in kinds  # the monitor took the node up again
    assert kinds[-1] == "ending_reached" and report["record"]["status"] == "ended"
