"""Runs one XR case against a live runtime and prints a JSON report (test support).

Run inside the runtime root under Xvfb by tests/test_xr_runtime.py:
    python tests/xr_driver.py CASE OUT_DIR [--validation]
Cases: ``view`` (frames, read-back, head poses), ``choose`` (trigger on the
choice panel, pause and resume with the menu button, gaze dwell), ``carpark``
(the car park played to an ending from scripted input) and ``lost`` (the
runtime goes away mid-session: message, record intact, monitor takes over).
The last line printed is the report: ``XR-REPORT {json}``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from xr_remote import RemoteInput, look_quaternion, yaw_pitch_quaternion  # noqa: E402

from simulator.record.store import Record  # noqa: E402
from simulator.render.app import Presentation, WindowOptions, open_window  # noqa: E402
from simulator.scenario.loading import load_scenario  # noqa: E402
from simulator.session.autoplay import autoplay_from  # noqa: E402
from simulator.session.flow import FAST, Phase  # noqa: E402
from simulator.xr.bridge import BridgeOptions, XrBridge  # noqa: E402
from simulator.xr.player import XrOptions, XrPlayer, play_in_headset  # noqa: E402

CAR_PARK = ROOT / "scenarios" / "car_park.yaml"
HEAD = (0.0, 1.6, 0.0)
SCALE = 1.0
"""Swapchain size as a fraction of the remote HMD's recommended size (software rendering)."""
OPTIONS = XrOptions(resolution_scale=SCALE, fixed_step=0.1, pacing=FAST, dwell_seconds=1.0)
SMALL = replace(OPTIONS, resolution_scale=0.5)
"""Half size where pixels are not inspected: software rendering is the cost."""


def _xr_point(player: XrPlayer, node, point) -> np.ndarray:
    """A point under ``node`` in the OpenXR reference space (undo the Z-up change)."""
    p = player.tracking.get_relative_point(node, point)
    return np.array([p.x, p.z, -p.y])


class Script:
    """Frame-by-frame scripted input: aim at rows, pull the trigger, press the menu button."""

    def __init__(self, remote: RemoteInput) -> None:
        self.remote = remote
        self.offset = np.zeros(3)
        """Runtime tracking origin minus the reference space (measured on the first frame)."""
        self.wait = 0
        self.log: list[str] = []

    def measure(self, frame) -> None:
        if frame is not None and frame.views and not self.offset.any():
            located = np.mean([view.position for view in frame.views], axis=0)
            self.offset = np.array(HEAD) - located

    def aim_at_row(self, player: XrPlayer, row: int) -> None:
        target = _xr_point(player, player.ui.menu.path, player.ui.row_centre(row)) + self.offset
        hand = np.array([0.25, 1.25, -0.3])
        self.remote.update(
            right=_controller(hand, look_quaternion(tuple(target - hand)), trigger=False)
        )

    def trigger(self, down: bool) -> None:
        right = self.remote.state.right
        self.remote.update(right=_controller(right.position, right.orientation, trigger=down))

    def menu(self, down: bool) -> None:
        right = self.remote.state.right
        self.remote.update(
            right=_controller(right.position, right.orientation, trigger=False, menu=down)
        )

    def look_at_row(self, player: XrPlayer, row: int) -> None:
        target = _xr_point(player, player.ui.menu.path, player.ui.row_centre(row)) + self.offset
        head = np.array(HEAD)
        self.remote.update(head_orientation=look_quaternion(tuple(target - head)))


def _controller(position, orientation, *, trigger: bool, menu: bool = False):
    from xr_remote import Controller

    return Controller(tuple(position), tuple(orientation), trigger=trigger, menu=menu)


def _stats(image: np.ndarray) -> dict:
    rgb = image[..., :3].astype(float)
    return {"mean": float(rgb.mean()), "std": float(rgb.std()), "shape": list(image.shape)}


def _shift(a: np.ndarray, b: np.ndarray, axis: int) -> int:
    """How many pixels the picture in ``b`` lies shifted from ``a`` along ``axis`` (1 x, 0 y).

    The shift with the least mean difference over the overlap: right and down positive.
    """
    a = a[..., :3].astype(float).mean(axis=2)
    b = b[..., :3].astype(float).mean(axis=2)
    n = a.shape[axis]
    scores = {}
    for s in range(-n // 4, n // 4):
        lo, hi = max(0, -s), n - max(0, s)
        x = a[:, lo:hi] if axis == 1 else a[lo:hi]
        lo, hi = max(0, s), n - max(0, -s)
        y = b[:, lo:hi] if axis == 1 else b[lo:hi]
        scores[s] = float(np.abs(x - y).mean())
    return min(scores, key=scores.__getitem__)


def _window_stats(window, save: Path | None = None) -> dict:
    """The desktop window's picture: the mirrored eye (saved to ``save`` for a look)."""
    import panda3d.core as p3d

    image = p3d.PNMImage()
    if not window.get_screenshot(image):
        return {"mean": 0.0, "std": 0.0}
    if save is not None:
        image.write(p3d.Filename.from_os_specific(str(save)))
    width, height = image.get_x_size(), image.get_y_size()
    values = [image.get_bright(x, y) * 255 for y in range(0, height, 4) for x in range(0, width, 4)]
    return {"mean": float(np.mean(values)), "std": float(np.std(values))}


class Case:
    def __init__(self, out: Path, validation: bool) -> None:
        self.out = out
        self.validation = validation
        self.report: dict = {}

    def run_player(self, hook, *, autoplay=None, record: bool = True, options=OPTIONS):
        loaded = load_scenario(CAR_PARK)
        presentation = Presentation(language="en", ask_at_start=False, autoplay=autoplay)
        bridge = XrBridge(
            BridgeOptions(validation=self.validation, resolution_scale=options.resolution_scale)
        ).open()
        self.report["system"] = bridge.system_name
        base = open_window(WindowOptions(size=(320, 240)))
        self.record = Record.open(self.out / "data") if record else None
        sessions = []

        def begin(language, intensity, trainee):
            session = self.record.begin(
                trainee=self.record.register_trainee(),
                scenario=loaded,
                mode="xr",
                language=language,
                intensity=intensity,
            )
            sessions.append(session)
            return session

        player = XrPlayer(
            base, loaded, presentation, bridge, options, begin if record else None, hook
        )
        started = time.monotonic()
        try:
            result = player.run()
            self.report["seconds"] = round(time.monotonic() - started, 2)
            self.report["frames"] = player.frames
            self.report["states"] = bridge.states
            self.report["frames_submitted"] = bridge.frames_submitted
            self.report["layers_submitted"] = bridge.layers_submitted
            self.report["swapchain_format"] = hex(bridge.swapchain_format)
            self.report["swapchain_sizes"] = bridge.sizes
            self.report["space"] = bridge.space_kind
            self.report["ended"] = result.ended.value if result.ended else None
            self.report["message"] = result.message
            self.report["finished"] = bool(result.flow and result.flow.finished)
            self.report["picks"] = player.picks
            self.report["eyes_drawn"] = player.eyes.drawn if player.eyes else None
        finally:
            player.close()
            player.finish_recording()
            bridge.close()
            base.destroy()
        if self.record is not None:
            self._report_record(sessions[0].id)
            self.record.close()
        return result

    def _report_record(self, session_id: int) -> None:
        info = self.record.session(session_id)
        events = self.record.events(session_id)
        self.report["record"] = {
            "status": info.status,
            "outcome": info.outcome,
            "choices": info.choices,
            "mode": info.mode,
            "kinds": [event.kind for event in events],
            "vias": [event.payload.get("via") for event in events if event.kind == "choice_made"],
            "gaze": [event.payload for event in events if event.kind == "gaze"][:3],
            "gaze_count": sum(event.kind == "gaze" for event in events),
        }


def case_view(case: Case, remote: RemoteInput) -> None:
    """Frames flow; eyes read back show the scene; turning and tilting the head moves it."""
    script = Script(remote)
    poses = [(0.0, 0.0), (10.0, 0.0), (0.0, 8.0)]
    captures: dict[int, dict] = {}
    images: list[np.ndarray] = []
    step = {"pose": 0, "settle": 0}

    def hook(player: XrPlayer, frame) -> None:
        script.measure(frame)
        if player.flow is not None and player.flow.paused is False and player.frames == 1:
            player.flow.toggle_pause()  # hold the scene still while we look around
            player.ui.close_menu()
            player.world.set_color_scale(1, 1, 1, 1)
        if player.frames < 20:
            return
        index = step["pose"]
        if index >= len(poses):
            player.bridge.request_exit()
            return
        if step["settle"] == 0:
            remote.update(head_orientation=yaw_pitch_quaternion(*poses[index]))
        step["settle"] += 1
        if step["settle"] == 12:
            player.eyes.request_capture()
        if step["settle"] == 13 and frame is not None and frame.views:
            case.report.setdefault("views", []).append(
                [frame.views[0].orientation, frame.views[0].fov.__dict__]
            )
        if step["settle"] == 14 and 0 in player.eyes.captures:
            image = player.eyes.captures[0]
            images.append(image)
            captures[index] = _stats(image)
            if index == 0:
                case.report["mirror"] = _window_stats(player.base.win, case.out / "mirror.png")
                case.report["trainer_status"] = player.trainer_view.text
        if step["settle"] >= 14:
            step["settle"] = 0
            step["pose"] += 1

    case.run_player(hook, record=False)
    case.report["captures"] = captures
    if len(images) == 3:
        for name, image in zip(("ahead", "left10", "up8"), images, strict=True):
            np.save(case.out / f"{name}.npy", image)
        case.report["shift_x_after_left_turn"] = _shift(images[0], images[1], axis=1)
        case.report["shift_y_after_look_up"] = _shift(images[0], images[2], axis=0)
        # A pure rotation moves the image centre by focal length * tan(angle).
        height, width = images[0].shape[:2]
        fov = case.report["views"][0][1]
        focal_x = width / (np.tan(fov["right"]) - np.tan(fov["left"]))
        focal_y = height / (np.tan(fov["up"]) - np.tan(fov["down"]))
        case.report["expected_shift_x"] = float(focal_x * np.tan(np.radians(10)))
        case.report["expected_shift_y"] = float(focal_y * np.tan(np.radians(8)))


def case_choose(case: Case, remote: RemoteInput) -> None:
    """A trigger press on row 1 chooses it; the menu button pauses; resume; gaze dwell picks."""
    script = Script(remote)
    plan = {"phase": "wait", "t": 0}
    seen: dict = {}

    def hook(player: XrPlayer, frame) -> None:
        script.measure(frame)
        flow = player.flow
        phase = plan["phase"]
        plan["t"] += 1
        if phase == "wait" and player.ready_node is not None and player.ui.menu_kind == "choices":
            seen["node"] = flow.runner.node_id
            seen["expected_choice"] = flow.runner.choices[1].id
            seen["rows"] = list(player.ui.row_texts)
            script.aim_at_row(player, 1)
            plan.update(phase="aimed", t=0)
        elif phase == "aimed" and plan["t"] == 6:
            script.trigger(True)
        elif phase == "aimed" and plan["t"] == 12:
            script.trigger(False)
            seen["after_trigger_node"] = flow.runner.node_id
            plan.update(phase="menu", t=0)
        elif phase == "menu" and plan["t"] == 4:
            script.menu(True)
        elif phase == "menu" and plan["t"] == 8:
            script.menu(False)
            seen["paused_after_menu"] = flow.paused
            seen["menu_kind_paused"] = player.ui.menu_kind
            seen["world_dim"] = round(player.world.get_color_scale()[0], 2)
            script.aim_at_row(player, 0)  # resume
        elif phase == "menu" and plan["t"] == 14:
            script.trigger(True)
        elif phase == "menu" and plan["t"] == 18:
            script.trigger(False)
            seen["paused_after_resume"] = flow.paused
            # Controllers point at the floor; the next choice is made by gaze alone.
            down = yaw_pitch_quaternion(0, -80)
            remote.update(
                right=_controller((0.25, 1.2, -0.3), down, trigger=False),
                left=_controller((-0.25, 1.2, -0.3), down, trigger=False),
            )
            plan.update(phase="gaze", t=0)
        elif phase == "gaze" and flow.phase is Phase.CHOICES and "gaze_node" not in seen:
            seen["gaze_node"] = flow.runner.node_id
            seen["gaze_expected"] = flow.runner.choices[0].id
            script.look_at_row(player, 0)
        if phase == "gaze" and "gaze_node" in seen and flow.runner.node_id != seen["gaze_node"]:
            seen["after_gaze_node"] = flow.runner.node_id
            flow.stop()
            plan.update(phase="stopping", t=0)
        elif phase == "stopping" and flow.phase is Phase.ENDING:
            flow.close_ending()
        if plan["t"] > 400:
            player.bridge.request_exit()

    case.run_player(hook, options=SMALL)
    case.report["seen"] = seen


def case_carpark(case: Case, remote: RemoteInput) -> None:
    """The car park to an ending: every choice and the ending closed by trigger presses."""
    script = Script(remote)
    plan = {"phase": "wait", "t": 0, "choices": 0}
    nodes: list[str] = []

    def hook(player: XrPlayer, frame) -> None:
        script.measure(frame)
        flow = player.flow
        plan["t"] += 1
        kind = player.ui.menu_kind
        if plan["phase"] == "wait":
            if kind == "choices" and player.ready_node == flow.runner.node_id:
                nodes.append(flow.runner.node_id)
                script.aim_at_row(player, 0)
                plan.update(phase="press", t=0)
            elif kind == "ending":
                nodes.append("ending")
                script.aim_at_row(player, 0)
                plan.update(phase="press", t=0)
        elif plan["phase"] == "press":
            if plan["t"] == 3:
                script.trigger(True)
            elif plan["t"] == 6:
                script.trigger(False)
                plan.update(phase="wait", t=0)
                player.ready_node = None
        if player.frames > 3000:
            player.bridge.request_exit()

    result = case.run_player(hook, options=SMALL)
    case.report["nodes"] = nodes
    case.report["outcome"] = (
        result.flow.runner.ending.outcome.value if result.flow.runner.ending else None
    )


def case_lost(case: Case, remote: RemoteInput) -> None:
    """The runtime dies mid-session: a message, the record intact, the monitor plays on."""
    killed = {}

    def hook(player: XrPlayer, frame) -> None:
        if player.frames == 40 and not killed:
            pid = int(Path("/run/monado.pid").read_text())
            killed["node"] = player.flow.runner.node_id
            os.kill(pid, signal.SIGTERM)

    loaded = load_scenario(CAR_PARK)
    record = Record.open(case.out / "data")
    trainee = record.register_trainee()
    sessions = []

    def begin(language, intensity, _trainee):
        session = record.begin(
            trainee=trainee, scenario=loaded, mode="xr", language=language, intensity=intensity
        )
        sessions.append(session)
        return session

    presentation = Presentation(
        language="en", ask_at_start=False, autoplay=autoplay_from("random", 3), fixed_step=0.1
    )
    result = play_in_headset(
        loaded,
        presentation,
        WindowOptions(size=(320, 240)),
        begin,
        SMALL,
        on_frame=hook,
    )
    case.report["killed_at"] = killed
    case.report["ended"] = result.ended.value if result and result.ended else None
    case.report["message"] = result.message if result else None
    info = record.session(sessions[0].id)
    events = record.events(sessions[0].id)
    case.report["record"] = {
        "status": info.status,
        "outcome": info.outcome,
        "kinds": [event.kind for event in events if event.kind != "gaze"],
    }
    record.close()


CASES = {"view": case_view, "choose": case_choose, "carpark": case_carpark, "lost": case_lost}


def main() -> int:
    name, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    case = Case(out, "--validation" in sys.argv)
    remote = RemoteInput()
    remote.update(head_position=HEAD)
    try:
        CASES[name](case, remote)
    finally:
        remote.close()
    print("XR-REPORT " + json.dumps(case.report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
