"""Play a scenario: the car park when none is named.

By default a window opens (monitor mode); ``--text`` plays in the terminal.
Every session is recorded privately under a pseudonymous trainee code
unless ``--no-record`` is given.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import time
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from simulator.commands._records import (
    add_data_option,
    number_between,
    open_existing_record,
    session_id,
    write_private,
)
from simulator.errors import UsageError, display_path
from simulator.i18n import interface_languages, ui
from simulator.logs import keep_out
from simulator.record.location import data_dir
from simulator.record.pseudonyms import check_trainee_code, new_trainee_code
from simulator.record.store import Mode, Record, RecordedSession, RecordError, ResumePoint
from simulator.scenario.content import resolve_scenario
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.session.autoplay import PlanAutoplay, autoplay_from
from simulator.session.plans import Plan
from simulator.session.watch import ScenarioWatch
from simulator.settings import Settings
from simulator.text.player import TextSession

HELP = "play a scenario (the car park when none is named)"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", help="a scenario file or shipped scenario id")
    parser.add_argument("--text", action="store_true", help="play in the terminal")
    parser.add_argument(
        "--mode",
        choices=("monitor", "projector", "xr"),
        default="monitor",
        help="where the 3D scene is shown (default monitor; xr: an OpenXR headset)",
    )
    parser.add_argument(
        "--space",
        choices=("local", "stage"),
        default="local",
        help="xr: seated (local, default) or standing (stage) tracking",
    )
    parser.add_argument(
        "--eye-height",
        type=number_between(0.5, 2.5, " metres"),
        metavar="M",
        help="xr: the trainee's eye height in metres (default 1.62 standing)",
    )
    parser.add_argument(
        "--lang", choices=interface_languages(), default="nl", help="language (default nl)"
    )
    parser.add_argument(
        "--intensity",
        type=int,
        choices=(1, 2, 3),
        help="1 mild, 2 realistic (default; an --autoplay plan's own), 3 confronting",
    )
    parser.add_argument(
        "--trainee", metavar="CODE", help="pseudonymous trainee code (new if absent)"
    )
    parser.add_argument(
        "--autoplay",
        metavar="FILE|random",
        help="make choices automatically: a plan file or random",
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        metavar="N",
        help="the order the choices are shown in (and --autoplay random's choices); a new "
        "one each session by default, recorded so a replay shows the same",
    )
    parser.add_argument(
        "--no-timers",
        action="store_true",
        help="no time limits (for slow readers and screen readers); recorded in the session",
    )
    parser.add_argument("--fullscreen", action="store_true", help="open the window fullscreen")
    parser.add_argument(
        "--size", type=_size, default=(1280, 720), metavar="WxH", help="window size"
    )
    parser.add_argument(
        "--offscreen", action="store_true", help="render without a window (tests, screenshots)"
    )
    parser.add_argument("--screenshots", type=Path, metavar="DIR", help="save a PNG at every node")
    parser.add_argument(
        "--mute", action="store_true", help="no sound at all: subtitles only, no voices"
    )
    parser.add_argument(
        "--volume",
        type=_volume,
        metavar="PERCENT",
        help="sound level 0-100 (default: SIMULATOR_VOLUME, else 100)",
    )
    parser.add_argument(
        "--display",
        type=_display_number,
        default=0,
        metavar="N",
        help="projector: the screen to open on, counting from 0 left to right",
    )
    parser.add_argument(
        "--console",
        action="store_true",
        help="a trainer console on this terminal (always on with --mode projector; with "
        "--mode xr the trainer can pause or stop the trainee's session from here)",
    )
    parser.add_argument(
        "--debrief-dir",
        type=Path,
        metavar="DIR",
        help="projector: where the console's debrief command writes (default: the data folder)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="authors: load the scenario again whenever it or its scene is saved, and go on "
        "at the same moment (monitor, projector and text)",
    )
    parser.add_argument("--no-record", action="store_true", help="do not record this session")
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help="also send the record as xAPI statements to this Learning Record Store "
        "(credentials: SIMULATOR_LRS_USER / SIMULATOR_LRS_PASSWORD or lrs.toml)",
    )
    parser.add_argument(
        "--resume",
        type=session_id,
        metavar="SESSION",
        help="continue an interrupted session where it stopped (see simulator sessions)",
    )
    add_data_option(parser)


def run(arguments: argparse.Namespace) -> int:
    resume = _resume_point(arguments) if arguments.resume is not None else None
    if resume is not None:
        arguments.lang, arguments.intensity, arguments.trainee = resume.language_intensity_trainee
        arguments.seed, arguments.no_timers = resume.point.seed, not resume.point.timers
    scenario_name = arguments.scenario or (resume.point.scenario_id if resume else None)
    loaded = load_scenario(resolve_scenario(scenario_name))
    if arguments.watch and arguments.mode == "xr" and not arguments.text:
        raise UsageError("--watch works on the monitor, on the projector and with --text")
    if arguments.seed is None and resume is None:
        arguments.seed = secrets.randbelow(2**31)
    autoplay = autoplay_from(arguments.autoplay, arguments.seed) if arguments.autoplay else None
    if isinstance(autoplay, PlanAutoplay):
        _play_as_planned(arguments, autoplay.plan)
    if arguments.intensity is None:
        arguments.intensity = 2
    trainee = check_trainee_code(arguments.trainee) if arguments.trainee else new_trainee_code()
    mode: Mode = "text" if arguments.text else arguments.mode
    start_at = (resume.point.node, resume.point.variables) if resume else None
    with (
        _recording(arguments, loaded, mode, resume.point.session_id if resume else None) as begin,
        ScenarioWatch(loaded) if arguments.watch else nullcontext() as watch,
    ):
        if watch is not None:
            print(ui("watching", arguments.lang, file=display_path(loaded.path)), file=sys.stderr)
        if arguments.text:
            TextSession(
                loaded,
                language=arguments.lang,
                intensity=arguments.intensity,
                seed=arguments.seed,
                timers=not arguments.no_timers,
                trainee=trainee,
                autoplay=autoplay,
                begin_recording=begin,
                start_at=start_at,
                watch=watch,
            ).play()
            return 0
        return _play_3d(arguments, loaded, autoplay, trainee, begin, start_at, watch)


def _play_as_planned(arguments: argparse.Namespace, plan: Plan) -> None:
    """A plan is replayed as it states: at its intensity, and with its seed where it has one;
    an --intensity that contradicts the plan is refused."""
    if arguments.intensity not in (None, plan.intensity):
        raise UsageError(
            f"{display_path(plan.path)} is a plan for intensity {plan.intensity}; drop "
            f"--intensity {arguments.intensity} or change the plan's intensity line"
        )
    arguments.intensity = plan.intensity
    if plan.seed is not None:
        arguments.seed = plan.seed


_volume = number_between(0, 100, " per cent")


def _session_volume(option: float | None) -> float:
    """The sound level as a gain 0..1: ``--volume``, else ``SIMULATOR_VOLUME``, else full."""
    if option is None:
        text = Settings.from_environment().volume
        if text is None:
            return 1.0
        try:
            option = _volume(text)
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"SIMULATOR_VOLUME {error}") from None
    return option / 100.0


def _play_3d(
    arguments, loaded: LoadedScenario, autoplay, trainee: str, begin, start_at, watch
) -> int:
    from simulator.render.app import Presentation, WindowOptions, play_on_monitor

    window = WindowOptions(
        size=arguments.size,
        fullscreen=arguments.fullscreen,
        offscreen=arguments.offscreen,
        title=f"Simulator: {loaded.scenario.title.get(arguments.lang, loaded.scenario.id)}",
        display=arguments.display,
    )
    projector = arguments.mode == "projector"
    presentation = Presentation(
        language=arguments.lang,
        intensity=arguments.intensity,
        seed=arguments.seed,
        timers=not arguments.no_timers,
        trainee=trainee,
        ask_at_start=not arguments.offscreen and start_at is None,
        start_at=start_at,
        autoplay=autoplay,
        screenshots=arguments.screenshots,
        fixed_step=0.1 if arguments.offscreen else None,
        mute=arguments.mute,
        volume=_session_volume(arguments.volume),
        projector=projector,
        console=_trainer_console(arguments, loaded) if projector or arguments.console else None,
    )
    if arguments.mode == "xr":
        return _play_xr(arguments, loaded, presentation, window, begin)
    play_on_monitor(loaded, presentation, window, begin, watch)
    return 0


def _play_xr(arguments, loaded: LoadedScenario, presentation, window, begin) -> int:
    """In the headset (simulator.xr); on the monitor when it cannot be used."""
    from simulator.xr.player import XrOptions, play_in_headset

    options = XrOptions(space=arguments.space)
    if arguments.eye_height is not None:
        options = XrOptions(space=arguments.space, eye_height=arguments.eye_height)
    play_in_headset(loaded, presentation, window, begin, options)
    return 0


def _trainer_console(arguments: argparse.Namespace, loaded: LoadedScenario):
    """The trainer's console on this terminal; its debrief command writes HTML and shows it."""
    from simulator.report.projector_debrief import projector_debrief_html
    from simulator.session.trainer_console import TrainerConsole

    folder = arguments.debrief_dir or data_dir(arguments.data) / "debriefs"

    def write_debrief(flow, path: Path | None) -> Path:
        target = (
            path or folder / f"{loaded.scenario.id}-group-{time.strftime('%Y%m%d-%H%M%S')}.html"
        )
        write_private(target, projector_debrief_html(loaded.scenario, flow.log, flow.language))
        if not arguments.offscreen:
            webbrowser.open(target.resolve().as_uri())
        return target

    return TrainerConsole(sys.stdin, sys.stdout, write_debrief=write_debrief)


@dataclass(frozen=True)
class _Resume:
    point: ResumePoint
    language_intensity_trainee: tuple[str, int, str]


def _seed(text: str) -> int:
    """An argparse type: a session's seed, a whole number from 0 to 2**31 - 1."""
    if not (text.isascii() and text.isdigit()) or int(text) >= 2**31:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a seed; expected a whole number from 0 to {2**31 - 1}"
        )
    return int(text)


def _display_number(text: str) -> int:
    """An argparse type: a screen's number, counting from 0."""
    if not (text.isascii() and text.isdigit()) or int(text) > 63:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a screen; expected 0 for the leftmost, 1 for the next, ..."
        )
    return int(text)


def _resume_point(arguments: argparse.Namespace) -> _Resume:
    """Where the interrupted session ``--resume`` names stood, and how it was being played."""
    if arguments.no_record:
        raise UsageError("--resume continues a recorded session; drop --no-record")
    with open_existing_record(arguments.data, read_only=True) as record:
        info = record.session(arguments.resume)
        if info.status != "interrupted":
            raise UsageError(
                f"session {arguments.resume} is {info.status}; only an interrupted session "
                "can be resumed (see simulator sessions --status interrupted)"
            )
        point = record.resume_point(arguments.resume)
    return _Resume(point, (info.language, info.intensity, info.trainee))


@contextmanager
def _recording(
    arguments: argparse.Namespace, loaded: LoadedScenario, mode: Mode, resume: int | None
) -> Iterator:
    """Yield ``begin(language, intensity, trainee)`` giving a RecordedSession, or None.

    With ``resume`` (a session id) it continues that interrupted session instead.
    """
    if arguments.no_record:

        def unrecorded(language: str, intensity: int, trainee: str) -> None:
            keep_out(trainee)
            log.info("unrecorded session: %s, %s, %s", loaded.scenario.id, mode, language)

        yield unrecorded
        return
    try:
        record = Record.open(arguments.data)
    except RecordError as error:
        raise UsageError(f"{error}; play with --data DIR or --no-record meanwhile") from None
    except (OSError, UsageError) as error:
        raise UsageError(
            f"cannot open the session record ({error}); use --data DIR or --no-record"
        ) from None
    from simulator.interop.lrs import forwarding

    def status(line: str) -> None:
        log.warning("LRS: %s", line)
        print(f"LRS: {line}", file=sys.stderr)

    begun: list[int] = []
    with (
        forwarding(arguments.lrs, record.path, arguments.data, on_status=status) as forward,
        record,
    ):

        def begin(language: str, intensity: int, trainee: str) -> RecordedSession:
            keep_out(trainee)
            if resume is not None:
                session = record.resume(resume, scenario=loaded, forward=forward)
                print(f"Resuming session {resume} for trainee {trainee}.", file=sys.stderr)
            else:
                trainee = trainee or new_trainee_code()  # a start screen's field left empty
                session = record.begin(
                    trainee=trainee,
                    scenario=loaded,
                    mode=mode,
                    language=language,
                    intensity=intensity,
                    forward=forward,
                )
                print(f"Recording session {session.id} for trainee {trainee}.", file=sys.stderr)
            log.info(
                "session %d %s: %s, %s, %s, intensity %d",
                session.id, "resumed" if resume is not None else "begun",
                loaded.scenario.id, mode, language, intensity,
            )  # fmt: skip
            begun.append(session.id)
            return session

        try:
            yield begin
        finally:
            for number in begun:
                log.info("session %d closed", number)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"{text!r} is outside 320x240 .. 7680x4320")
    return width, height
