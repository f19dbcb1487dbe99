"""CPU time per frame in the headset (against a real runtime) next to the monitor mode.

    sudo python3 benchmarks/bench_xr.py [FRAMES]

Run as root on the host, it starts Monado in the cached runtime root
(tools/xr_runtime.sh) and runs itself there under Xvfb; inside, it plays the
car park with random autoplay for FRAMES frames in each mode and reports the
main thread's CPU time per frame, split into the simulator's own work (flow,
input, panels, gaze, pose maths), the OpenXR calls, and Panda3D's cull and
draw submission (with a GPU the drawing itself is the GPU's; with Mesa's
software rasteriser its set-up lands on this thread too, so that column is an
upper bound). The budget left is 11.1 ms (90 Hz) minus all three.
"""

from __future__ import annotations

import fcntl
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 1000 / 90


class Timer:
    """Main-thread CPU milliseconds per named part, per frame."""

    def __init__(self) -> None:
        self.parts: dict[str, list[float]] = defaultdict(list)
        self.frame: dict[str, float] = defaultdict(float)

    def wrap(self, owner, name: str, part: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.frame[part] += (time.thread_time() - start) * 1000

        setattr(owner, name, timed)

    def end_frame(self) -> None:
        for part, value in self.frame.items():
            self.parts[part].append(value)
        self.frame = defaultdict(float)

    def mean(self, part: str, skip: int = 20) -> float:
        values = self.parts.get(part, [])[skip:]
        return statistics.fmean(values) if values else 0.0


def _loaded():
    from simulator.scenario.loading import load_scenario

    return load_scenario(ROOT / "scenarios" / "car_park.yaml")


def bench_monitor(frames: int) -> Timer:
    from simulator.render.app import Player, Presentation, WindowOptions, open_window
    from simulator.session.autoplay import autoplay_from

    base = open_window(WindowOptions(size=(640, 480)))
    presentation = Presentation(
        language="en", ask_at_start=False, autoplay=autoplay_from("random", 1), fixed_step=0.05
    )
    player = Player(base, _loaded(), presentation)
    timer = Timer()
    timer.wrap(player, "_frame", "simulator")
    timer.wrap(base.task_mgr, "step", "panda")
    try:
        player._begin(_start_choices(presentation))
        for _ in range(frames):
            player._frame(0.05)
            base.task_mgr.step()
            timer.end_frame()
            if player.flow is not None and player.flow.finished:
                break
    finally:
        player.close()
        base.destroy()
    return timer


def _start_choices(presentation):
    from simulator.render.hud import StartChoices

    return StartChoices(presentation.language, presentation.intensity, presentation.trainee)


def bench_xr(frames: int) -> Timer:
    from simulator.render.app import Presentation, WindowOptions, open_window
    from simulator.session.autoplay import autoplay_from
    from simulator.session.flow import FAST
    from simulator.xr.bridge import BridgeOptions, XrBridge
    from simulator.xr.player import XrOptions, XrPlayer

    bridge = XrBridge(BridgeOptions()).open()
    base = open_window(WindowOptions(size=(640, 480)))
    presentation = Presentation(language="en", autoplay=autoplay_from("random", 1))
    timer = Timer()

    def on_frame(player, frame) -> None:
        if player.frames >= frames:
            player.bridge.request_exit()

    options = XrOptions(pacing=FAST, fixed_step=0.05)
    player = XrPlayer(base, _loaded(), presentation, bridge, options, None, on_frame)
    for name in ("_input", "_advance", "_place_head"):
        timer.wrap(player, name, "simulator")
    for name in ("poll", "controls", "end_frame", "request_exit"):
        timer.wrap(bridge, name, "openxr")
    timer.wrap(bridge, "wait_frame", "openxr (wait_frame)")
    timer.wrap(base.task_mgr, "step", "panda")
    original_run_frame = player._run_frame

    def run_frame(frame):
        original_run_frame(frame)
        timer.end_frame()

    player._run_frame = run_frame
    try:
        player.run()
    finally:
        player.close()
        bridge.close()
        base.destroy()
    print(f"headset: {bridge.system_name}, eyes {bridge.sizes}")
    return timer


def report(name: str, timer: Timer) -> None:
    simulator = timer.mean("simulator")
    openxr = timer.mean("openxr") + timer.mean("openxr (wait_frame)")
    panda = timer.mean("panda")
    total = simulator + openxr + panda
    print(
        f"{name:8} frames={len(timer.parts['panda']):4}  simulator {simulator:6.2f} ms  "
        f"openxr {openxr:6.2f} ms  panda cull+draw {panda:7.2f} ms  "
        f"total {total:7.2f} ms  left at 90 Hz {BUDGET_MS - total:7.2f} ms  "
        f"(simulator alone leaves {BUDGET_MS - simulator - openxr:5.2f} ms)"
    )


def main() -> int:
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    if "XR_RUNTIME_JSON" not in os.environ:
        if os.geteuid() != 0:
            print("bench_xr: needs root to run the OpenXR runtime root: sudo python3 " + __file__)
            return 2
        script = str(ROOT / "tools" / "xr_runtime.sh")
        subprocess.run([script, "setup"], check=True)
        root = Path(os.environ.get("XR_ROOT", "/var/cache/simulator-xr/trixie"))
        with (root.parent / "service.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one runtime service per machine: take turns
            subprocess.run([script, "start"], check=True)
            try:
                command = [script, "run", "xvfb-run", "-a", "-s", "-screen 0 640x480x24"]
                command += ["python", "benchmarks/bench_xr.py", str(frames)]
                return subprocess.run(command, check=False).returncode
            finally:
                subprocess.run([script, "stop"], check=False)
    sys.path.insert(0, str(ROOT))
    xr = bench_xr(frames)
    monitor = bench_monitor(frames)
    print(f"main-thread CPU per frame, mean after 20 warm-up frames; budget {BUDGET_MS:.1f} ms")
    report("xr", xr)
    report("monitor", monitor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
