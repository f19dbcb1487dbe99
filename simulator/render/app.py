"""The 3D player: one window showing one session of a scenario on a monitor or projector (render).

``open_window`` makes the single ShowBase (a real window, or an offscreen
buffer for tests and screenshots) and ``Player`` runs a session in it: start
screen, then each node's staging, subtitles and choices, pause at any moment,
a calm cool-down, and the ending. The Runner decides what happens; the
player only presents it and reports the trainee's input back.
"""

from __future__ import annotations

import logging
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import panda3d.core as p3d
from direct.showbase.ShowBase import ShowBase

from simulator.errors import SimulatorError, UsageError
from simulator.i18n import ui
from simulator.render.hud import Hud, StartChoices
from simulator.render.speech import Speech
from simulator.render.stage import GazeSampler, Stage
from simulator.render.viewpoint import Viewpoint
from simulator.scenario.loading import LoadedScenario, find_project_root
from simulator.scenario.model import Line, Staging, localized
from simulator.scenario.resolution import opening_staging
from simulator.scenario.texts import changed_lines
from simulator.session.autoplay import Autoplay
from simulator.session.flow import FAST, BeginRecording, Pacing, Phase, SessionFlow
from simulator.session.gaze import GazeSample
from simulator.session.runner import RunnerError
from simulator.session.trainer_console import letter
from simulator.session.watch import Reload, Reloaded, ReloadFailed, ScenarioWatch, save_report

__all__ = [
    "DisplayUnavailable",
    "Player",
    "Presentation",
    "WindowOptions",
    "antialias",
    "open_window",
    "play_on_monitor",
    "speech_for",
]

_log = logging.getLogger(__name__)

FIELD_OF_VIEW = 70.0
"""Horizontal degrees: natural on a monitor, and people at 3 m fill a good part of it."""


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
    display: int = 0
    """Which screen, counting from 0 left to right, when several are side by side: the
    window opens at ``display`` times its width from the left (a projector beside a laptop)."""
    multisamples: int = 4
    """Samples per pixel for antialiasing (multisampling) where the GPU offers them; 0: none.
    Where the driver gives fewer or none, the window opens all the same with what it has."""


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
        f"win-origin {options.display * width} 0",
        f"audio-library-name {_audio_library(options)}",
        "notify-level-audio fatal",
        "sync-video #f" if options.offscreen else "sync-video #t",
        "textures-power-2 none",
        "notify-level error",
        "print-pipe-types #f",
        "notify-level-display fatal",
        "notify-level-device fatal",
    ]
    if options.multisamples > 0:
        settings += ["framebuffer-multisample #t", f"multisamples {options.multisamples}"]
    os.environ.setdefault("ALSOFT_LOGLEVEL", "0")  # OpenAL: no device is not worth a word
    if options.offscreen:
        settings.append("window-type offscreen")
        if headless:
            settings.append("load-display p3headlessgl")
    page = p3d.load_prc_file_data("simulator-window", "\n".join(settings))
    try:
        showbase = ShowBase()
    except Exception as error:  # Panda3D raises a bare Exception when no pipe or window opens
        p3d.unload_prc_file(page)
        raise DisplayUnavailable(
            f"could not open a window ({error}); "
            "use --text to play in the terminal, or --offscreen to render without a window"
        ) from None
    showbase.disable_mouse()
    antialias(showbase.render, showbase.win)
    return showbase


def antialias(root: p3d.NodePath, win: p3d.GraphicsOutput) -> int:
    """Smooth the edges under ``root`` by multisampling if ``win`` got samples; how many it got.

    A driver that offers no multisampled framebuffer (some software renderers, old GPUs)
    opens the window without; then nothing is asked of it and the picture stays as it was.
    """
    samples = win.get_fb_properties().get_multisamples()
    if samples > 1:
        root.set_antialias(p3d.AntialiasAttrib.M_multisample)
    else:
        root.clear_antialias()
        _log.info("no multisampled framebuffer offered: edges are not antialiased")
    return samples


def _audio_library(options: WindowOptions) -> str:
    """OpenAL where a sound device may be there; the silent null library otherwise.

    Offscreen runs (tests, CI, screenshots) stay silent. On Linux OpenAL is offered only
    the sound systems in sight (a sound card for ALSA, a PulseAudio or PipeWire socket),
    and is not tried at all when there are none: probing absent ones writes to the
    terminal. Where it is tried and fails, Panda3D falls back to null by itself.
    """
    if options.offscreen:
        return "null"
    if sys.platform.startswith("linux"):
        runtime = Path(os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}")
        drivers = []
        if os.environ.get("PULSE_SERVER") or (runtime / "pulse" / "native").exists():
            drivers.append("pulse")
        if any(runtime.glob("pipewire-*")):
            drivers += ["pipewire", "pulse"]
        if any(Path("/dev/snd").glob("pcm*")):
            drivers.append("alsa")
        if not drivers:
            return "null"
        os.environ.setdefault("ALSOFT_DRIVERS", ",".join(dict.fromkeys(drivers)))
    return "p3openal_audio"


@dataclass(frozen=True)
class Presentation:
    """How a session is presented: language and intensity defaults, pacing, automation."""

    language: str = "nl"
    intensity: int = 2
    seed: int | None = None
    """The seed of the order the choices are shown in (None: as written)."""
    timers: bool = True
    """False: no choice is timed (``--no-timers``)."""
    trainee: str = ""
    ask_at_start: bool = True
    """Show the start screen (title, content warning, language, intensity, trainee code)."""
    autoplay: Autoplay | None = None
    screenshots: Path | None = None
    """Save a PNG here at every node and at the ending."""
    fixed_step: float | None = None
    """Advance this many seconds per frame instead of real time (offscreen runs)."""
    mute: bool = False
    """No sound at all: subtitles only, even where audio works."""
    volume: float = 1.0
    """The sound level, 0 (silent) to 1 (full)."""
    projector: bool = False
    """A group watching a projector: larger text, options lettered A, B, C and held until
    the trainer reveals them, no mouse-look (the camera follows the staging alone)."""
    console: Any = None
    """A trainer console (simulator.console.TrainerConsole) applied every frame, or None."""
    start_at: tuple[str, dict] | None = None
    """(node, variables) to begin at instead of the scenario's start: resuming a session."""


def speech_for(
    showbase: ShowBase,
    assets: Path,
    scenario_id: str,
    presentation: Presentation,
    world: p3d.NodePath,
    listener: p3d.NodePath,
) -> Speech:
    """The lines of a scenario spoken through ``showbase``'s audio at the presentation's volume
    (or not at all when muted), heard by ``listener`` in ``world``."""
    audio = showbase.sfxManagerList[0] if showbase.sfxManagerList else None
    if audio is not None:
        audio.set_volume(0.0 if presentation.mute else presentation.volume)
    return Speech(
        audio, assets, scenario_id, muted=presentation.mute, root=world, listener=listener
    )


class Player:
    """Plays one session of ``loaded`` in ``showbase``'s window: the monitor presenter of a flow.

    ``run()`` shows the start screen (unless automated), then drives a
    SessionFlow frame by frame until the ending is closed, and returns it.
    """

    def __init__(
        self,
        showbase: ShowBase,
        loaded: LoadedScenario,
        presentation: Presentation,
        begin_recording: BeginRecording | None = None,
        watch: ScenarioWatch | None = None,
    ) -> None:
        self.base = showbase
        self.watch = watch
        """The scenario's files watched for saves (``play --watch``), or None."""
        self._banner_left: float | None = None
        self._stale_speech: set[str] = set()
        """Lines whose text changed in a reload: their recorded audio says the old words."""
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.presentation = presentation
        self.language = presentation.language
        self.begin_recording = begin_recording
        self.flow: SessionFlow | None = None
        self.shots = 0
        width, height = showbase.win.get_x_size(), showbase.win.get_y_size()
        aspect = width / max(1, height)
        lens = showbase.cam.node().get_lens()
        lens.set_fov(FIELD_OF_VIEW, _vertical_fov(FIELD_OF_VIEW, aspect))
        lens.set_near_far(0.1, 900.0)
        self.world = showbase.render.attach_new_node("world")
        self.assets = find_project_root(loaded.path) / "assets"
        self.stage_view = Stage(self.world, showbase.loader, loaded.scene, self.assets)
        self.speech = speech_for(
            showbase, self.assets, self.scenario.id, presentation, self.world, showbase.camera
        )
        self.viewpoint = Viewpoint(showbase.camera, showbase.mouseWatcherNode)
        self.gaze = GazeSampler(self.stage_view, self.world, half_angle=FIELD_OF_VIEW / 2)
        self.hud = Hud(
            showbase.aspect2d,
            showbase.loader,
            aspect,
            text_scale=1.45 if presentation.projector else 1.0,
        )
        self._cool_down_time: float | None = None
        self._started = False
        self._bind_keys()

    # -- running ---------------------------------------------------------------------------

    def run(self) -> SessionFlow | None:
        """Run the frame loop until the session is over and its ending closed."""
        presentation = self.presentation
        choices = StartChoices(presentation.language, presentation.intensity, presentation.trainee)
        if self.flow is not None:
            pass  # adopted: the session is already under way
        elif presentation.ask_at_start and presentation.autoplay is None:
            loaded = self.loaded
            opening = opening_staging(loaded.scenario, loaded.logic, presentation.intensity)
            self.stage(opening, instant=True)
            self.hud.show_start(self._start_texts, choices, lambda: self._begin(choices))
        else:
            self._begin(choices)
        clock = p3d.ClockObject.get_global_clock()
        last = clock.get_real_time()
        while self.flow is None or not self.flow.finished:
            now = clock.get_real_time()
            dt = presentation.fixed_step or min(0.1, now - last)
            last = now
            self._frame(dt)
            self.base.task_mgr.step()
        return self.flow

    def adopt(self, flow: SessionFlow) -> None:
        """Go on here with a session another presenter began (a headset that went away).

        The current node starts again from its beginning; ``run()`` then skips the start
        screen. The flow's recording goes on with it, and ``close()`` finishes it.
        """
        self.flow = flow
        self.language = flow.language
        flow.presenter = self
        flow.restart_node(by="trainer")

    def close(self) -> None:
        """Finish the recording and remove everything this player built (reverse order)."""
        if self.flow is not None:
            self.flow.finish_recording()
        self.speech.stop()
        self.hud.destroy()
        self.stage_view.close()
        self.world.remove_node()

    def _begin(self, choices: StartChoices) -> None:
        self.hud.close_panel()
        self.language = choices.language
        presentation = self.presentation
        try:
            self.flow = SessionFlow.begin(
                self.loaded,
                self,
                language=choices.language,
                intensity=choices.intensity,
                seed=presentation.seed,
                timers=presentation.timers,
                trainee=choices.trainee,
                begin_recording=self.begin_recording,
                start_at=presentation.start_at,
                console=presentation.console,
                autoplay=presentation.autoplay,
                pacing=FAST if presentation.autoplay or presentation.fixed_step else Pacing(),
                hold_choices=presentation.projector,
            )
        except UsageError:  # the trainee code typed on the start screen is refused: say so there
            self.hud.show_start(
                self._start_texts, choices, lambda: self._begin(choices), code_refused=True
            )

    def _frame(self, dt: float) -> None:
        if self.watch is not None:
            self._take_save(self.watch.poll(), dt)
        flow = self.flow
        paused = flow is None or flow.paused
        if not paused:
            self.stage_view.update(dt)
        self.speech.update()
        if self.presentation.projector:
            self.viewpoint.update(dt, dragging=False)
        else:
            self.viewpoint.update(dt, dragging=self._dragging(), keys=self._arrow_keys())
        if not self.hud.panel_open:
            self.hud.set_fade(self._fade_level(dt, paused))
        if flow is not None:
            flow.tick(dt)

    # -- the presenter the flow drives ---------------------------------------------------

    def stage(self, staging: Staging, *, instant: bool) -> None:
        self._build_scene()
        self.stage_view.apply(staging, instant=instant)
        position, hpr = self.stage_view.eye_pose()
        self.viewpoint.set_pose(position, hpr[0], fade=not instant)
        self._cool_down_time = None

    def show_line(self, speaker: str | None, text: str, line: Line | None) -> float | None:
        hint = "" if self.presentation.projector else ui("continue_hint", self.language)
        self.hud.show_line(speaker, text, hint)
        self.stage_view.speak_gesture(line)
        if line is None or line.id in self._stale_speech:
            self.speech.stop()
            return None
        return self.speech.say(
            line.id, self.language, self.stage_view.sound_source(line.speaker, self.scenario.voices)
        )

    def clear_line(self) -> None:
        self.speech.stop()
        self.hud.clear_line()

    def show_choices(self, prompt: str, texts: list[str]) -> None:
        labels = (
            [letter(index) for index in range(len(texts))] if self.presentation.projector else None
        )
        self.hud.show_choices(prompt, texts, self._pick_by_mouse, labels)

    def hide_choices(self) -> None:
        self.hud.hide_choices()

    def set_countdown(self, seconds_left: float | None, total: float | None) -> None:
        self.hud.set_countdown(seconds_left, total)

    def show_pause(self, actions: list[str]) -> None:
        flow = self.flow
        assert flow is not None
        self.speech.pause()
        self.hud.show_pause(self.language, [(key, flow.pause_action(key)) for key in actions])

    def close_panel(self) -> None:
        self.speech.resume()
        self.hud.close_panel()

    def show_cool_down(self, text: str) -> None:
        self.hud.show_line(None, text)
        self._cool_down_time = 0.0

    def show_ending(
        self, outcome: str, label: str, summary: str, feedback: str, cool_down: str
    ) -> None:
        self.hud.clear_line()
        assert self.flow is not None
        self.hud.show_ending(
            self.language, outcome, label, summary, feedback, cool_down, self.flow.close_ending
        )

    def show_stopped(self, text: str, cool_down: str) -> None:
        assert self.flow is not None
        self.hud.show_notice(self.language, text, self.flow.close_ending, cool_down=cool_down)

    def busy(self) -> bool:
        return self.stage_view.anyone_walking or self.viewpoint.fading

    def sample_gaze(self, clock: float) -> GazeSample | None:
        return self.gaze.sample(clock, self.base.camera)

    def choices_ready(self, node_id: str) -> None:
        self._screenshot(node_id)

    def ending_ready(self) -> None:
        self._screenshot("ending")
        if self.presentation.autoplay is not None and self.flow is not None:
            self.flow.close_ending()

    # -- input -----------------------------------------------------------------------------

    def _bind_keys(self) -> None:
        showbase = self.base
        for number in range(1, 10):
            showbase.accept(str(number), self._pick_by_key, [number - 1])
        for key in ("escape", "p"):
            showbase.accept(key, self._when_playing, ["toggle_pause"])
        showbase.accept("r", self._when_paused, ["restart_node"])
        showbase.accept("s", self._when_paused, ["stop"])
        showbase.accept("space", self._when_playing, ["skip_line"])
        showbase.accept("enter", self._enter)
        showbase.accept("home", self.viewpoint.recentre)

    def _pick_by_key(self, index: int) -> None:
        if self.flow is not None:
            self.flow.pick(index, via="keyboard")

    def _pick_by_mouse(self, index: int) -> None:
        if self.flow is not None:
            self.flow.pick(index, via="mouse")

    def _when_playing(self, action: str) -> None:
        if self.flow is not None:
            getattr(self.flow, action)()

    def _when_paused(self, action: str) -> None:
        if self.flow is not None and self.flow.paused:
            getattr(self.flow, action)()

    def _enter(self) -> None:
        if self.flow is None:
            return
        if self.flow.phase is Phase.ENDING:
            self.flow.close_ending()
        else:
            self.flow.skip_line()

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
        down = watcher.is_button_down
        turn = float(down(p3d.KeyboardButton.left())) - float(down(p3d.KeyboardButton.right()))
        tilt = float(down(p3d.KeyboardButton.up())) - float(down(p3d.KeyboardButton.down()))
        return (turn, tilt)

    # -- an author's saves (play --watch) --------------------------------------------------

    def _take_save(self, save: Reload | None, dt: float) -> None:
        """Go on with a saved version of the scenario, or show what is wrong with it (on the
        screen and in the terminal) and hold the session until the next save."""
        if save is None:
            if self._banner_left is not None:
                self._banner_left -= dt
                if self._banner_left <= 0:
                    self._banner_left = None
                    self.hud.clear_banner()
            return
        title, problems = save_report(save, self.loaded.path, self.language)
        notices: list[str] = []
        if isinstance(save, Reloaded):
            try:
                notices = self._go_on_with(save.loaded)
            except RunnerError as error:
                title, problems = save_report(ReloadFailed(error), self.loaded.path, self.language)
        print("\n".join([title, *problems, *notices]), file=sys.stderr)
        self.hud.show_banner(title, [*problems, *notices], warning=bool(problems))
        self._banner_left = None if problems else 4.0
        if problems and self.flow is not None:
            self.flow.hold_for_fix()

    def _go_on_with(self, loaded: LoadedScenario) -> list[str]:
        """Play the new version from here (``stage`` builds its scene when it changed); the
        notice of a move to another node, if any."""
        previous = self.loaded
        self.loaded, self.scenario = loaded, loaded.scenario
        try:
            if self.flow is None:  # the start screen: show the new opening
                intensity = self.presentation.intensity
                self.stage(opening_staging(loaded.scenario, loaded.logic, intensity), instant=True)
                return []
            notice = self.flow.reload(loaded)
        except RunnerError:
            self.loaded, self.scenario = previous, previous.scenario
            raise
        self._stale_speech |= changed_lines(previous.scenario, loaded.scenario)
        return [notice] if notice else []

    def _build_scene(self) -> None:
        """The stage for the scenario's scene, built anew when a reload changed the scene."""
        scene = self.loaded.scene
        if self.stage_view.scene is scene or self.stage_view.scene == scene:
            return  # without a reload the same object: no comparison on every node
        self.stage_view.close()
        self.stage_view = Stage(self.world, self.base.loader, self.loaded.scene, self.assets)
        self.gaze = GazeSampler(self.stage_view, self.world, half_angle=FIELD_OF_VIEW / 2)

    # -- helpers -------------------------------------------------------------------------

    def _start_texts(self, language: str) -> dict[str, str]:
        scenario = self.scenario

        return {
            "title": localized(scenario.title, language),
            "description": localized(scenario.description, language),
            "warning": localized(scenario.content_warning, language),
            "audience": localized(scenario.audience, language),
        }

    def _fade_level(self, dt: float, paused: bool) -> float:
        fade = self.viewpoint.fade_opacity()
        if self._cool_down_time is not None:
            if not paused:
                self._cool_down_time += dt
            fade = max(fade, min(0.6, self._cool_down_time / 2.5))
        return fade

    def _screenshot(self, name: str) -> None:
        folder = self.presentation.screenshots
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        self.base.graphics_engine.render_frame()
        self.base.graphics_engine.render_frame()
        self.shots += 1
        image = p3d.PNMImage()
        if self.base.win.get_screenshot(image):
            # The framebuffer's alpha holds the hair's and brows' cut-outs; a PNG with it
            # would show them as pale halos in image viewers. The window shows no alpha.
            image.remove_alpha()
            image.write(p3d.Filename.from_os_specific(str(folder / f"{self.shots:02d}_{name}.png")))


def play_on_monitor(
    loaded: LoadedScenario,
    presentation: Presentation,
    window: WindowOptions,
    begin_recording: BeginRecording | None,
    watch: ScenarioWatch | None = None,
) -> None:
    """Open the window, play one session in it, and tear both down (in reverse)."""
    showbase = open_window(window)
    player = Player(showbase, loaded, presentation, begin_recording, watch)
    try:
        player.run()
    finally:
        player.close()
        showbase.destroy()


def _vertical_fov(horizontal: float, aspect: float) -> float:
    half = math.radians(horizontal) / 2
    return math.degrees(2 * math.atan(math.tan(half) / aspect))
