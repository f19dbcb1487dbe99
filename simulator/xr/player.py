"""The headset presenter: a session of a scenario played in an OpenXR headset (xr layer).

``XrPlayer`` is to the headset what ``simulator.render.app.Player`` is to the
monitor: another presenter of the same ``SessionFlow``, in the same scene
(``Stage``). The trainee stands (or sits) at the scenario's viewpoint mark
with their own eye height; the scenario moves them between marks only
through a fade to black, with a comfort vignette. Subtitles and menus are
world-locked panels; choices are made with a controller ray and the trigger
or by resting the gaze on a row. The menu button pauses from anywhere (the
world dims; resume, restart or stop). The desktop window mirrors one eye.

``play_in_headset`` is the whole of ``simulator play --mode xr``: it finds the
runtime and headset before opening a window, and when the headset cannot be
used or goes away it says why and continues the session on the monitor.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from simulator.i18n import ui
from simulator.render.app import (
    BeginRecording,
    Player,
    Presentation,
    WindowOptions,
    open_window,
    play_on_monitor,
    speech_for,
)
from simulator.render.environment import EYE_HEIGHT
from simulator.render.eye_buffers import WindowMirror
from simulator.render.headset_space import HeadsetSpace
from simulator.render.hud import TrainerStatus
from simulator.render.stage import GazeSampler, Stage
from simulator.scenario.loading import LoadedScenario, find_project_root
from simulator.scenario.model import Line, Staging
from simulator.session.flow import FAST, Pacing, Phase, SessionFlow
from simulator.session.gaze import GazeSample
from simulator.xr.bridge import BridgeOptions, Controls, Frame, SessionEnd, XrBridge
from simulator.xr.errors import HeadsetLost, XrUnavailable
from simulator.xr.eyes import EyeRenderer
from simulator.xr.maths import (
    Dwell,
    position_to_panda,
    quaternion_to_panda,
    recentre_offset,
)
from simulator.xr.panels import Ui

log = logging.getLogger(__name__)

__all__ = ["XrOptions", "XrPlayer", "XrResult", "play_in_headset"]

FADE_SECONDS = 0.35
"""Half of a viewpoint change: fade out, move, fade in."""
PAUSE_DIM = 0.3
IN_VIEW_DEGREES = 50.0
"""Half the field of view a headset shows, for what counts as in view."""
START_TIMEOUT = 30.0
"""Seconds to wait for the runtime to make the session ready before giving up."""


@dataclass(frozen=True)
class XrOptions:
    """How the headset is used."""

    space: str = "local"
    """``local`` for seated play (origin at the head), ``stage`` for standing (floor origin)."""
    eye_height: float = EYE_HEIGHT
    """The trainee's eye height in metres, applied at the viewpoint mark (seated ~1.2)."""
    dwell_seconds: float = 2.0
    """How long the gaze rests on a row to choose it (trainees without controllers)."""
    mirror_eye: int = 0
    validation: bool = False
    """Run with the OpenXR core validation layer (tests)."""
    resolution_scale: float = 1.0
    fixed_step: float | None = None
    """Advance this many seconds per frame instead of the headset's clock (tests)."""
    pacing: Pacing | None = None
    continue_on_monitor: bool = True
    """When the headset goes away mid-session, play on in the desktop window."""


@dataclass
class XrResult:
    """How a headset session went."""

    flow: SessionFlow | None
    ended: SessionEnd | None
    message: str | None = None
    """Why the headset session ended early, for the trainee or trainer; None when it did not."""


FrameHook = Callable[["XrPlayer", Frame | None], None]


class XrPlayer:
    """Plays one session of ``loaded`` in the headset of ``bridge`` (opened, no session yet)."""

    def __init__(
        self,
        showbase: Any,
        loaded: LoadedScenario,
        presentation: Presentation,
        bridge: XrBridge,
        options: XrOptions = XrOptions(),
        begin_recording: BeginRecording | None = None,
        on_frame: FrameHook | None = None,
    ) -> None:
        self.base = showbase
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.presentation = presentation
        self.language = presentation.language
        self.bridge = bridge
        self.options = options
        self.begin_recording = begin_recording
        self.on_frame = on_frame
        self.flow: SessionFlow | None = None
        self.frames = 0
        self.picks: list[tuple[int, str]] = []
        """Every row chosen in the headset: (row, via)."""
        self.space = HeadsetSpace(showbase.render)
        """The world, the trainee's rig at the mark, and the tracked head and hands in it."""
        self.world = self.space.world
        assets = find_project_root(loaded.path) / "assets"
        self.stage_view = Stage(
            self.world, showbase.loader, loaded.scene, assets, eye_height=options.eye_height
        )
        self.speech = speech_for(
            showbase, assets, self.scenario.id, presentation, self.world, self.space.head
        )
        """The lines, heard from the speakers' mouths by the tracked head."""
        self.rig = self.space.rig
        """The trainee's mark: eye position and heading of the mark, world-locked."""
        self.tracking = self.space.tracking
        self.head = self.space.head
        self.aims = self.space.aims
        self.ui = Ui(self.rig, self.head, showbase.loader)
        self.trainer_view = TrainerStatus(showbase.aspect2d, showbase.loader)
        """The mirror window's overlay: where the trainee is, for the trainer beside them."""
        for hand, pointer in self.ui.pointers.items():
            pointer.attach_to(self.aims[hand])
        self.eyes: EyeRenderer | None = None
        self.dwell = Dwell(options.dwell_seconds)
        self._pause_actions: list[Callable[[], None]] = []
        self._fade_time = 0.0
        self._pending_pose: tuple[tuple[float, ...], float] | None = None
        self._cool_down_time: float | None = None
        self.gaze = GazeSampler(self.stage_view, self.world, half_angle=IN_VIEW_DEGREES)
        self._last_display_time: int | None = None
        self._recentre_wanted = True
        self.window_mirror = WindowMirror(showbase.win, showbase.cam)
        self._prompt = ""
        self._choice_texts: list[str] = []
        self.ready_node: str | None = None
        self._bind_keys()

    # -- running ---------------------------------------------------------------------------

    def run(self) -> XrResult:
        """Begin the session and run frames until the ending is closed or the runtime ends it."""
        bridge = self.bridge
        self.base.graphics_engine.render_frame()  # makes the window's GL context current
        bridge.begin_session()
        self.eyes = EyeRenderer(
            self.base.win,
            self.base.graphics_engine,
            self.base.render,
            self.tracking,
            bridge,
            mirror_eye=self.options.mirror_eye,
        )
        self.window_mirror.show_mirror_only()
        self._begin()
        waiting_since = time.monotonic()
        while True:
            bridge.poll()
            if bridge.ended is not None:
                break
            if self.flow is not None and self.flow.finished:
                bridge.request_exit()
            frame = bridge.wait_frame()
            if frame is None:
                if bridge.ended is not None:
                    break
                if time.monotonic() - waiting_since > START_TIMEOUT:
                    raise HeadsetLost("the headset did not start the session; is it on and worn?")
                self.base.task_mgr.step()
                time.sleep(0.005)
                continue
            self._run_frame(frame)
        return self._result()

    def _run_frame(self, frame: Frame) -> None:
        assert self.eyes is not None
        dt = self._frame_seconds(frame)
        if frame.should_render and frame.views:
            self._place_head(frame)
            self.eyes.set_views(frame.views)
        else:
            self.eyes.stop_drawing()
        controls = self.bridge.controls()
        self._input(controls, dt)
        self._advance(dt)
        if self.on_frame is not None:
            self.on_frame(self, frame)
        self.base.task_mgr.step()
        self.bridge.end_frame(rendered=self.eyes.drew_all and frame.should_render)
        self.frames += 1

    def _result(self) -> XrResult:
        ended = self.bridge.ended
        finished = self.flow is not None and self.flow.finished
        if finished or ended is SessionEnd.REQUESTED:
            return XrResult(self.flow, ended)
        reason = {
            SessionEnd.RUNTIME: "the headset's runtime ended the session",
            SessionEnd.LOST: "the connection to the headset was lost",
        }.get(ended, "the headset session ended")  # type: ignore[arg-type]
        return XrResult(self.flow, ended, reason)

    def close(self) -> None:
        """Remove everything built here (reverse order); the recording is finished by the caller."""
        self.speech.stop()
        self.window_mirror.restore()
        if self.eyes is not None:
            self.eyes.close()
            self.eyes = None
        self.ui.close()
        self.stage_view.close()
        self.space.close()
        for event in self._keys:
            self.base.ignore(event)

    def finish_recording(self) -> None:
        if self.flow is not None:
            self.flow.finish_recording()

    def _begin(self) -> None:
        presentation = self.presentation
        self.flow = SessionFlow.begin(
            self.loaded,
            self,
            language=presentation.language,
            intensity=presentation.intensity,
            seed=presentation.seed,
            timers=presentation.timers,
            trainee=presentation.trainee,
            begin_recording=self.begin_recording,
            start_at=presentation.start_at,
            console=presentation.console,
            autoplay=presentation.autoplay,
            pacing=self.options.pacing or (FAST if presentation.autoplay else Pacing()),
        )

    # -- per frame -------------------------------------------------------------------------

    def _frame_seconds(self, frame: Frame) -> float:
        if self.options.fixed_step is not None:
            return self.options.fixed_step
        last, self._last_display_time = self._last_display_time, frame.display_time
        if last is None:
            return 0.0
        return max(0.0, min(0.1, (frame.display_time - last) / 1e9))

    def _place_head(self, frame: Frame) -> None:
        left, right = frame.views[0], frame.views[-1]
        position = (position_to_panda(left.position) + position_to_panda(right.position)) / 2
        self.space.place_head(position, quaternion_to_panda(left.orientation))
        if self._recentre_wanted:
            self._recentre_wanted = False
            self.recentre()

    def recentre(self) -> None:
        """Turn and shift the tracking space so the head is at the mark, facing its heading."""
        position, forward = self.space.head_in_tracking()
        dx, dy, dh = recentre_offset(position, forward)
        self.space.recentre_by(dx, dy, dh)

    def _input(self, controls: Controls, dt: float) -> None:
        flow = self.flow
        if flow is None:
            return
        if controls.menu_pressed and flow.phase not in (Phase.ENDING, Phase.DONE):
            flow.toggle_pause()
        hovered: int | None = None
        for hand, pointer in self.ui.pointers.items():
            state = controls.hands.get(hand)
            aim = self.aims[hand]
            if state is None or state.aim is None:
                pointer.hide()
                continue
            self.space.place_aim(
                hand,
                position_to_panda(state.aim.position),
                quaternion_to_panda(state.aim.orientation),
            )
            pointer.show()
            row, _ = self.ui.row_under(aim)
            if row is not None:
                hovered = row
                if state.select_pressed:
                    self._activate(row, "controller")
                    return
            elif state.select_pressed and not self.ui.menu_open:
                flow.skip_line()
        gaze_row, hit = self.ui.row_under(self.head)
        self.ui.show_gaze_dot(hit if gaze_row is not None else None)
        fired = self.dwell.update(gaze_row if hovered is None else None, dt)
        if fired is not None:
            self._activate(fired, "gaze")
            return
        if hovered is not None:
            self.ui.highlight(hovered)
        else:
            self.ui.highlight(self.dwell.target, self.dwell.progress)

    def _activate(self, row: int, via: str) -> None:
        flow = self.flow
        kind = self.ui.menu_kind
        self.dwell.reset()
        if flow is None or kind is None:
            return
        self.picks.append((row, via))
        if kind == "choices":
            flow.pick(row, via=via)
        elif kind == "pause" and row < len(self._pause_actions):
            self._pause_actions[row]()
        elif kind in ("ending", "notice"):
            flow.close_ending()

    def _advance(self, dt: float) -> None:
        flow = self.flow
        paused = flow is None or flow.paused
        if not paused:
            self.stage_view.update(dt)
        self.speech.update()
        fade = self._advance_fade(dt)
        dim = 1.0 - fade
        if paused:
            dim = min(dim, PAUSE_DIM)
        if self._cool_down_time is not None:
            if not paused:
                self._cool_down_time += dt
            dim = min(dim, 1.0 - min(0.6, self._cool_down_time / 2.5))
        self.space.dim_world(dim)
        self.ui.set_vignette(fade)
        if flow is not None:
            flow.tick(dt)
            self.trainer_view.show(flow)

    def _advance_fade(self, dt: float) -> float:
        if self._pending_pose is None and not 0 < self._fade_time < 2 * FADE_SECONDS:
            return 0.0
        before = self._fade_time
        self._fade_time += dt
        if self._pending_pose is not None and before < FADE_SECONDS <= self._fade_time:
            self._move_rig(*self._pending_pose)
            self._pending_pose = None
        if self._fade_time >= 2 * FADE_SECONDS:
            self._fade_time = 0.0
            return 0.0
        return 1.0 - abs(self._fade_time - FADE_SECONDS) / FADE_SECONDS

    def _move_rig(self, position: Sequence[float], heading: float) -> None:
        # A LOCAL space's origin is the head; a STAGE space's is the floor under it.
        floor = self.options.eye_height if self.bridge.space_kind == "stage" else 0.0
        self.space.move_rig(position, heading, floor=floor)

    def sample_gaze(self, clock: float) -> GazeSample | None:
        return self.gaze.sample(clock, self.head)

    # -- the presenter the flow drives -----------------------------------------------------

    def stage(self, staging: Staging, *, instant: bool) -> None:
        self.stage_view.apply(staging, instant=instant)
        position, hpr = self.stage_view.eye_pose()
        heading = float(hpr[0])
        same = self.space.rig_is_at(position, heading)
        if instant or self.frames == 0:
            self._move_rig(position, heading)
        elif not same:
            self._pending_pose = (tuple(position), heading)
            self._fade_time = 0.0
        self._cool_down_time = None

    def show_line(self, speaker: str | None, text: str, line: Line | None) -> float | None:
        self.ui.show_line(speaker, text)
        self.stage_view.speak_gesture(line)
        if line is None:
            self.speech.stop()
            return None
        source = self.stage_view.sound_source(line.speaker, self.scenario.voices)
        return self.speech.say(line.id, self.language, source)

    def clear_line(self) -> None:
        self.speech.stop()
        self.ui.clear_line()

    def show_choices(self, prompt: str, texts: list[str]) -> None:
        self._prompt = prompt
        self._choice_texts = list(texts)
        self.ui.show_menu("choices", prompt, "", texts)
        self.dwell.reset()

    def hide_choices(self) -> None:
        if self.ui.menu_kind == "choices":
            self.ui.close_menu()

    def set_countdown(self, seconds_left: float | None, total: float | None) -> None:
        if self.ui.menu_kind == "choices" and seconds_left is not None:
            seconds = ui("seconds_left", self.language).format(seconds=math.ceil(seconds_left))
            self.ui.set_title(f"{self._prompt}   {seconds}")

    def show_pause(self, actions: list[str]) -> None:
        flow = self.flow
        assert flow is not None
        self._pause_actions = [flow.pause_action(key) for key in actions]
        self.speech.pause()
        self.ui.show_menu(
            "pause",
            ui("paused_title", self.language),
            ui("stopping_is_fine", self.language),
            [_without_key_hint(ui(key, self.language)) for key in actions],
        )
        self.dwell.reset()

    def close_panel(self) -> None:
        self.speech.resume()
        if self.ui.menu_kind != "choices":
            self.ui.close_menu()
        if self.flow is not None and self.flow.phase is Phase.CHOICES and not self.ui.menu_open:
            # Back from the pause menu: the choices are still open.
            self.ui.show_menu("choices", self._prompt, "", self._choice_texts)

    def show_cool_down(self, text: str) -> None:
        self.ui.show_line(None, text)
        self._cool_down_time = 0.0

    def show_ending(
        self, outcome: str, label: str, summary: str, feedback: str, cool_down: str
    ) -> None:
        self.ui.clear_line()
        body = f"{summary}\n\n{ui('feedback', self.language)}: {feedback}"
        body += self._cool_down_part(cool_down)
        self.ui.show_menu("ending", label, body, [_without_key_hint(ui("close", self.language))])

    def show_stopped(self, text: str, cool_down: str) -> None:
        body = self._cool_down_part(cool_down).lstrip()
        self.ui.show_menu("notice", text, body, [_without_key_hint(ui("close", self.language))])

    def _cool_down_part(self, cool_down: str) -> str:
        return f"\n\n{ui('after_the_scenario', self.language)}: {cool_down}" if cool_down else ""

    def busy(self) -> bool:
        fading = self._pending_pose is not None or self._fade_time > 0
        return self.stage_view.anyone_walking or fading

    def choices_ready(self, node_id: str) -> None:
        self.ready_node = node_id

    def ending_ready(self) -> None:
        if self.presentation.autoplay is not None and self.flow is not None:
            self.flow.close_ending()

    # -- the trainer's keys on the mirror window -------------------------------------------

    def _bind_keys(self) -> None:
        showbase = self.base
        self._keys = [str(number) for number in range(1, 10)] + ["escape", "p", "home"]
        for number in range(1, 10):
            showbase.accept(str(number), self._pick_by_key, [number - 1])
        for key in ("escape", "p"):
            showbase.accept(key, self._toggle_pause)
        showbase.accept("home", self.recentre)

    def _pick_by_key(self, index: int) -> None:
        if self.flow is not None:
            self.flow.pick(index, via="keyboard")

    def _toggle_pause(self) -> None:
        if self.flow is not None:
            self.flow.toggle_pause()


def _without_key_hint(text: str) -> str:
    """'Resume (Esc)' -> 'Resume': keyboard hints mean nothing in a headset."""
    return text.split(" (")[0] if text.endswith(")") else text


def play_in_headset(
    loaded: LoadedScenario,
    presentation: Presentation,
    window: WindowOptions,
    begin_recording: BeginRecording | None,
    options: XrOptions = XrOptions(),
    on_frame: FrameHook | None = None,
) -> XrResult | None:
    """``simulator play --mode xr``: the session in the headset, else on the monitor.

    Returns the headset result, or None when the session was played on the
    monitor from the start because the headset could not be used.
    """
    bridge = XrBridge(
        BridgeOptions(
            space=options.space,
            validation=options.validation,
            resolution_scale=options.resolution_scale,
        )
    )
    try:
        bridge.open()
    except XrUnavailable as error:
        log.warning("no headset, on the monitor instead: %s", error)
        print(f"simulator: {error}; playing on the monitor instead", file=sys.stderr)
        play_on_monitor(loaded, presentation, window, begin_recording)
        return None
    log.info("headset %s (%s)", bridge.system_name, bridge.runtime_name)
    print(f"Headset: {bridge.system_name} ({bridge.runtime_name}).", file=sys.stderr)
    showbase = open_window(replace(window, offscreen=False))
    player = XrPlayer(showbase, loaded, presentation, bridge, options, begin_recording, on_frame)
    result: XrResult | None = None
    try:
        try:
            result = player.run()
        except XrUnavailable as error:
            result = XrResult(player.flow, SessionEnd.LOST, str(error))
        flow = result.flow
        player.close()
        bridge.close()
        over = flow is None or flow.phase in (Phase.COOL_DOWN, Phase.ENDING, Phase.DONE)
        if result.message is None or flow is None or over:
            player.finish_recording()
            return result
        log.warning("headset session ended early: %s", result.message)
        print(f"simulator: {result.message}; the session is recorded up to here", file=sys.stderr)
        if not options.continue_on_monitor:
            player.finish_recording()
            return result
        print("simulator: continuing the session on the monitor", file=sys.stderr)
        monitor = Player(showbase, loaded, replace(presentation, ask_at_start=False), None)
        try:
            monitor.adopt(flow)
            monitor.run()
        finally:
            monitor.close()
        return result
    finally:
        player.finish_recording()
        bridge.close()
        showbase.destroy()
