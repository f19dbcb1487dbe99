"""Play a scenario: the car park when none is named.

Text mode (``--text``) plays in the terminal; the 3D modes open a window.
"""

from __future__ import annotations

import argparse

from simulator.autoplay import autoplay_from
from simulator.content import resolve_scenario
from simulator.i18n import LANGUAGES
from simulator.loading import load_scenario
from simulator.textplay import TextSession

HELP = "play a scenario (the car park when none is named)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", help="a scenario file or shipped scenario id")
    parser.add_argument("--text", action="store_true", help="play in the terminal")
    parser.add_argument("--lang", choices=LANGUAGES, default="nl", help="language (default nl)")
    parser.add_argument(
        "--intensity",
        type=int,
        choices=(1, 2, 3),
        default=2,
        help="1 mild, 2 realistic (default), 3 confronting",
    )
    parser.add_argument(
        "--autoplay",
        metavar="FILE|random",
        help="make choices automatically: a plan file or random",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed for --autoplay random")


def run(arguments: argparse.Namespace) -> int:
    loaded = load_scenario(resolve_scenario(arguments.scenario))
    autoplay = autoplay_from(arguments.autoplay, arguments.seed) if arguments.autoplay else None
    session = TextSession(
        loaded, language=arguments.lang, intensity=arguments.intensity, autoplay=autoplay
    )
    session.play()
    return 0
