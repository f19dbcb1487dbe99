"""The 3D player: one window showing one session of a scenario on a monitor or projector (render).

``open_window`` makes the single ShowBase (a real window, or an offscreen
buffer for tests and screenshots) and ``Player`` runs a session in it: start
screen, then each node's staging, subtitles and choices, pause at any moment,
a calm cool-down, and the ending. The Runner decides what happens; the
player only presents it and reports the trainee's input back.
"""

from __future__ import annotations

import enum
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import panda3d.core as p3d
from direct.showbase.ShowBase import ShowBase

from simulator.autoplay import Autoplay
from simulator.errors import SimulatorError
from simulator.events import Event
from simulator.gaze import GazeSample
from simulator.i18n import OUTCOME_LABELS, ui
from simulator.loading import LoadedScenario, find_project_root
from simulator.model import Line
from simulator.render.hud import Hud, StartChoices
from simulator.render.stage import Stage
from simulator.render.viewpoint import Viewpoint
from simulator.runner import Runner

__all__ = ["DisplayUnavailable", "Player", "Presentation", "WindowOptions", "open_window"]

FIELD_OF_VIEW = 70.0
"""Horizontal degrees: natural on a monitor, and people at 3 m fill a good part of it."""
GAZE_INTERVAL = 0.25
"""Seconds between recorded gaze samples."""
LOOKING_AT_DEGREES = 12.0
"""A target this close to the centre of view counts as looked at."""
COOL_DOWN_SECONDS = 4.0


class DisplayUnavailable(SimulatorError):
    """No window can be opened here; the message suggests the text and offscreen modes."""


@dataclass(frozen=True)
class WindowOptions:
    """How the player's window is opened."""

    size: tuple[int, int] = (1280, 720)
    """Width and height in pixels (ignored when fullscreen)."""
    fullscreen: bool = False
    offscreen: bool = False
    """Render into an offscreen buffer: no window, for tests, CI and screenshots."""
    title: str = "Simulator"


def open_window(options: WindowOptions) -> ShowBase:
    """Create the one ShowBase of the process; DisplayUnavailable when nothing can be opened."""
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not options.offscreen:
        raise DisplayUnavailable(
            "no display to open a window on (DISPLAY is not set); "
            "use --text to play in the terminal, or --offscreen to render without a window"
        )
    width, height = options.size
    settings = [
        f"win-size {width} {height}",
        f"fullscreen {'#t' if options.fullscreen else '#f'}",
        f"window-title {options.title}",
        "audio-library-name null",
        "sync-video #f" if options.offscreen else "sync-video #t",
        "textures-power-2 none",
        "notify-level error",
        "notify-level-display fatal",
        "notify-level-device fatal",
    ]
    if options.offscreen:
        settings.append("window-type offscreen")
        if headless:
            settings.append("load-display p3headlessgl")
    page = p3d.load_prc_file_data("simulator-window", "\n".join(settings))
    try:
        base = ShowBase()
    except Exception as error:  # Panda3D raises a bare Exception when no pipe or window opens
        p3d.unload_prc_file(page)
        raise DisplayUnavailable(
            f"could not open a window ({error}); "
            "use --text to play in the terminal, or --offscreen to render without a window"
        ) from None
    base.disable_mouse()
    return base


@dataclass(frozen=True)
class Presentation:
    """How a session is presented: language and intensity defaults, pacing, automation."""

    language: str = "nl"
    intensity: int = 2
    trainee: str = ""
    ask_at_start: bool = True
    """Show the start screen (title, content warning, language, intensity, trainee code)."""
    autoplay: Autoplay | None = None
    screenshots: Path | None = None
    """Save a PNG here at every node and at the ending."""
    fixed_step: float | None = None
    """Advance this many seconds per frame instead of real time (offscreen runs)."""


class Phase(enum.Enum):
    START = "start"
    LINES = "lines"
    CHOICES = "choices"
    SAVING = "saving"
    COOL_DOWN = "cool_down"
    ENDING = "ending"
    DONE = "done"


RecordEvents = Callable[[list[Event]], object]
"""Takes the Runner's events; returns a Ticket-like object with done()/wait(), or None."""
BeginRecording = Callable[[str, int, str], "Recording | None"]


class Recording:
    """What the player needs of a recorded session: append events and gaze, then finish."""

    def append(self, events: list[Event]): ...  # pragma: no cover - protocol

    def append_gaze(self, sample: GazeSample) -> None: ...  # pragma: no cover - protocol

    def finish(self): ...  # pragma: no cover - protocol


class Player:
    """Plays one session of ``loaded`` in ``base``'s window; ``run()`` returns the Runner."""

    def __init__(
        self,
        base: ShowBase,
        loaded: LoadedScenario,
        presentation: Presentation,
        begin_recording: BeginRecording | None = None,
    ) -> None:
        self.base = base
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.presentation = presentation
        self.language = presentation.language
        self.begin_recording = begin_recording
        self.recording: Recording | None = None
        self.runner: Runner | None = None
        self.clock = 0.0
        self.phase = Phase.START
        self.paused = False
        self.shots = 0
        width, height = base.win.get_x_size(), base.win.get_y_size()
        aspect = width / max(1, height)
        base.cam.node().get_lens().set_fov(FIELD_OF_VIEW, _vertical_fov(FIELD_OF_VIEW, aspect))
        base.cam.node().get_lens().set_near_far(0.1, 900.0)
        self.world = base.render.attach_new_node("world")
        assets = find_project_root(loaded.path) / "assets"
        self.stage = Stage(self.world, base.loader, loaded.scene, assets)
        self.viewpoint = Viewpoint(base.camera, base.mouseWatcherNode)
        self.hud = Hud(base.aspect2d, base.loader, aspect)
        self._lines: list[Line] = []
        self._line_index = 0
        self._line_left = 0.0
        self._phase_time = 0.0
        self._ticket: object | None = None
        self._next_gaze = 0.0
        self._entry_variables: dict = {}
        self._bind_keys()

    # -- running ---------------------------------------------------------------------------

    def run(self) -> Runner | None:
        """Run the frame loop until the session is over and the ending closed."""
        start = self.presentation
        if start.ask_at_start and start.autoplay is None:
            choices = StartChoices(start.language, start.intensity, start.trainee)
            self.stage.apply(self.scenario.staging_of(self.scenario.start), instant=True)
            self._place_camera(fade=False)
            self.hud.show_start(self._start_texts, choices, lambda: self._begin(choices))
        else:
            self._begin(StartChoices(start.language, start.intensity, start.trainee))
        task_manager = self.base.task_mgr
        last = p3d.ClockObject.get_global_clock().get_real_time()
        while self.phase is not Phase.DONE:
            now = p3d.ClockObject.get_global_clock().get_real_time()
            dt = self.presentation.fixed_step or min(0.1, now - last)
            last = now
            self._frame(dt)
            task_manager.step()
        return self.runner

    def close(self) -> None:
        """Finish the recording and remove everything this player built (reverse order)."""
        if self.recording is not None:
            _settle(self.recording.finish())
            self.recording = None
        self.hud.destroy()
        self.stage.close()
        self.world.remove_node()

    # -- session flow --------------------------------------------------------------------

    def _begin(self, choices: StartChoices) -> None:
        self.hud.close_panel()
        self.language = choices.language
        self.runner = Runner(
            self.scenario, self.loaded.logic, intensity=choices.intensity, clock=self._now
        )
        if self.begin_recording is not None:
            self.recording = self.begin_recording(
                choices.language, choices.intensity, choices.trainee
            )
        self._record(self.runner.start())
        self._present_node(instant=True)

    def _present_node(self, *, instant: bool) -> None:
        runner = self._runner
        self._entry_variables = runner.variables
        self.stage.apply(self.scenario.staging_of(runner.node_id), instant=instant)
        self._place_camera(fade=not instant)
        self.hud.hide_choices()
        self.hud.set_countdown(None)
        self._lines = list(runner.lines)
        self._line_index = -1
        self._set_phase(Phase.LINES)
        self._next_line()

    def _next_line(self) -> None:
        self._line_index += 1
        if self._line_index >= len(self._lines):
            self.hud.clear_line()
            if self._runner.ending is not None:
                self._set_phase(Phase.COOL_DOWN)
            else:
                self._offer_choices()
            return
        line = self._lines[self._line_index]
        speaker = (
            None if line.speaker == "narrator" else self._text(self.scenario.cast[line.speaker])
        )
        text = self._text(line.text)
        self.hud.show_line(speaker, text, ui("continue_hint", self.language))
        if line.gesture and line.speaker in self.stage.people:
            self.stage.gesture(line.speaker, line.gesture)
        self._line_left = 0.35 if self.presentation.autoplay else 1.5 + 0.06 * len(text)

    def _offer_choices(self) -> None:
        runner = self._runner
        texts = [self._text(choice.text) for choice in runner.choices]
        self.hud.show_choices(ui("you_choose", self.language), texts, self._pick)
        runner.show_choices()
        self._set_phase(Phase.CHOICES)

    def _pick(self, index: int, via: str = "mouse") -> None:
        if self.phase is not Phase.CHOICES or self.paused:
            return
        choices = self._runner.choices
        if 0 <= index < len(choices):
            self._after_move(self._runner.choose(choices[index].id, via=via))

    def _after_move(self, events: list[Event]) -> None:
        self.hud.hide_choices()
        self.hud.set_countdown(None)
        self._ticket = self._record(events)
        self._set_phase(Phase.SAVING)

    def _show_ending(self) -> None:
        ending = self._runner.ending
        assert ending is not None
        label = OUTCOME_LABELS[ending.outcome.value][self.language]
        self.hud.show_ending(
            self.language,
            ending.outcome.value,
            label,
            self._text(ending.summary),
            self._text(ending.feedback),
            self._finish,
        )
        self._set_phase(Phase.ENDING)
        self._screenshot("ending")

    def _finish(self) -> None:
        self.hud.close_panel()
        self._set_phase(Phase.DONE)

    # -- pause, restart, stop ------------------------------------------------------------

    def _toggle_pause(self) -> None:
        if self.runner is None or self.phase in (Phase.START, Phase.ENDING, Phase.DONE):
            return
        if self.paused:
            self._resume()
            return
        self._record(self._runner.pause())
        self.paused = True
        self.hud.show_pause(
            self.language,
            [
                ("resume", self._resume),
                ("restart_node", self._restart_node),
                ("stop_scenario", self._stop),
            ],
        )

    def _resume(self) -> None:
        if not self.paused:
            return
        self.hud.close_panel()
        self.paused = False
        self._record(self._runner.resume())

    def _restart_node(self) -> None:
        if not self.paused:
            return
        self.hud.close_panel()
        self.paused = False
        runner = self._runner
        self._record(runner.jump(runner.node_id, self._entry_variables, by="trainee"))
        self._present_node(instant=True)

    def _stop(self) -> None:
        if self.runner is None or self._runner.finished:
            return
        self.hud.close_panel()
        self.paused = False
        _settle(self._record(self._runner.stop(by="trainee", reason="stopped from the pause menu")))
        self.hud.hide_choices()
        self.hud.clear_line()
        self.hud.show_pause(self.language, [("close", self._finish)])
        self.hud.panel_texts()
        self._set_phase(Phase.ENDING)

    # -- each frame ----------------------------------------------------------------------

    def _frame(self, dt: float) -> None:
        if not self.paused:
            self.clock += dt
            self._phase_time += dt
            self.stage.update(dt)
        self.viewpoint.update(dt, dragging=self._dragging(), keys=self._arrow_keys())
        if not self.hud.panel_open:
            self.hud.set_fade(self._fade_level())
        if self.paused or self.phase in (Phase.START, Phase.DONE):
            return
        self._sample_gaze()
        if self.phase is Phase.LINES:
            self._line_left -= dt
            if self._line_left <= 0:
                self._next_line()
        elif self.phase is Phase.CHOICES:
            self._tick_choices()
        elif self.phase is Phase.SAVING:
            if self._ticket is None or self._ticket.done():  # type: ignore[attr-defined]
                _settle(self._ticket)
                self._ticket = None
                self._present_node(instant=False)
        elif self.phase is Phase.COOL_DOWN:
            if self._phase_time == dt:
                self.hud.show_line(None, ui("cool_down", self.language))
            length = 0.8 if self.presentation.autoplay else COOL_DOWN_SECONDS
            if self._phase_time >= length:
                self.hud.clear_line()
                self._show_ending()

    def _tick_choices(self) -> None:
        runner = self._runner
        left = runner.time_left()
        self.hud.set_countdown(left, runner.node.time_limit)
        if left is not None and left <= 0:
            self._after_move(runner.timeout())
            return
        autoplay = self.presentation.autoplay
        if autoplay is None or self._phase_time < 0.3 or self._anyone_walking():
            return
        if self.presentation.screenshots and self._phase_time < 0.35:
            return
        move = autoplay.next_move(runner)
        if move is None:
            self._after_move(runner.timeout())
        else:
            self._after_move(runner.choose(move, by="autoplay", via="autoplay"))

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self._phase_time = 0.0
        if phase is Phase.CHOICES and self.presentation.screenshots:
            self._screenshot(self._runner.node_id)

    # -- input -----------------------------------------------------------------------------

    def _bind_keys(self) -> None:
        base = self.base
        for number in range(1, 10):
            base.accept(str(number), self._pick, [number - 1, "keyboard"])
        for key in ("escape", "p"):
            base.accept(key, self._toggle_pause)
        base.accept("r", self._restart_node)
        base.accept("s", self._stop)
        base.accept("space", self._skip_line)
        base.accept("enter", self._enter)
        base.accept("home", self.viewpoint.recentre)

    def _skip_line(self) -> None:
        if self.phase is Phase.LINES and not self.paused:
            self._line_left = 0

    def _enter(self) -> None:
        if self.phase is Phase.ENDING:
            self._finish()
        else:
            self._skip_line()

    def _dragging(self) -> bool:
        watcher = self.base.mouseWatcherNode
        if watcher is None or not watcher.has_mouse():
            return False
        pressed = watcher.is_button_down(p3d.MouseButton.one())
        return pressed and watcher.get_over_region() is None

    def _arrow_keys(self) -> tuple[float, float]:
        watcher = self.base.mouseWatcherNode
        if watcher is None:
            return (0.0, 0.0)

        def down(name: str) -> float:
            return 1.0 if watcher.is_button_down(p3d.KeyboardButton.ascii_key(name)) else 0.0

        left = watcher.is_button_down(p3d.KeyboardButton.left())
        right = watcher.is_button_down(p3d.KeyboardButton.right())
        up = watcher.is_button_down(p3d.KeyboardButton.up())
        down_key = watcher.is_button_down(p3d.KeyboardButton.down())
        return (float(left) - float(right), float(up) - float(down_key))

    # -- helpers -------------------------------------------------------------------------

    @property
    def _runner(self) -> Runner:
        assert self.runner is not None, "the session has not begun"
        return self.runner

    def _now(self) -> float:
        return self.clock

    def _text(self, text: dict[str, str]) -> str:
        return text.get(self.language) or next(iter(text.values()))

    def _start_texts(self, language: str) -> dict[str, str]:
        scenario = self.scenario

        def text(value: dict[str, str]) -> str:
            return value.get(language) or next(iter(value.values()))

        return {
            "title": text(scenario.title),
            "description": text(scenario.description),
            "warning": text(scenario.content_warning),
            "audience": text(scenario.audience),
        }

    def _record(self, events: list[Event]) -> object | None:
        if self.recording is None or not events:
            return None
        return self.recording.append(events)

    def _place_camera(self, *, fade: bool) -> None:
        position, hpr = self.stage.eye_pose()
        self.viewpoint.set_pose(position, hpr[0], fade=fade)

    def _fade_level(self) -> float:
        fade = self.viewpoint.fade_opacity()
        if self.phase is Phase.COOL_DOWN:
            fade = max(fade, min(0.6, self._phase_time / 2.5))
        return fade

    def _anyone_walking(self) -> bool:
        return any(
            person.walking for person in self.stage.people.values() if not person.root.is_hidden()
        )

    def _sample_gaze(self) -> None:
        if self.recording is None or self.clock < self._next_gaze:
            return
        self._next_gaze = self.clock + GAZE_INTERVAL
        camera = self.base.camera
        forward = self.world.get_relative_vector(camera, p3d.LVector3f(0, 1, 0))
        origin = camera.get_pos(self.world)
        seen: list[tuple[float, str]] = []
        for target, point in self.stage.targets().items():
            direction = point - origin
            if direction.length() < 0.01:
                continue
            direction.normalize()
            angle = math.degrees(math.acos(max(-1.0, min(1.0, forward.dot(direction)))))
            if angle <= FIELD_OF_VIEW / 2:
                seen.append((angle, target))
        seen.sort()
        looking_at = seen[0][1] if seen and seen[0][0] <= LOOKING_AT_DEGREES else None
        self.recording.append_gaze(
            GazeSample(
                t=self.clock,
                heading=round(self.viewpoint.heading, 1),
                pitch=round(self.viewpoint.look_pitch, 1),
                looking_at=looking_at,
                in_view=tuple(target for _, target in seen),
            )
        )

    def _screenshot(self, name: str) -> None:
        folder = self.presentation.screenshots
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        self.base.graphics_engine.render_frame()
        self.base.graphics_engine.render_frame()
        self.shots += 1
        image = self.base.win.get_screenshot()
        if image is not None:
            image.write(p3d.Filename.from_os_specific(str(folder / f"{self.shots:02d}_{name}.png")))


def _vertical_fov(horizontal: float, aspect: float) -> float:
    half = math.radians(horizontal) / 2
    return math.degrees(2 * math.atan(math.tan(half) / aspect))


def _settle(ticket: object | None) -> None:
    """Wait for a record ticket; a failed write is reported once and play goes on."""
    if ticket is None:
        return
    try:
        ticket.wait(5.0)  # type: ignore[attr-defined]
    except SimulatorError as error:
        print(f"simulator: {error}; playing on without recording", file=sys.stderr)
