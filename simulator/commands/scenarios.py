"""List the installed scenarios for a trainer choosing one: title, the trainee's role, the
setting, the intensity levels, how long a play-through usually takes, and the response
elements the trainee is asked to choose."""

from __future__ import annotations

import argparse

from simulator.errors import ScenarioError
from simulator.i18n import element_label
from simulator.scenario.content import content_root
from simulator.scenario.loading import LoadedScenario, load_scenario
from simulator.scenario.logic import INTENSITY_LEVELS
from simulator.scenario.model import Element, localized
from simulator.scenario.teaching import chosen_elements
from simulator.session.duration import estimate_duration

HELP = "list the installed scenarios: role, setting, duration and what each teaches"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default="en", metavar="LANG", help="the language (en)")


def run(arguments: argparse.Namespace) -> int:
    language = arguments.lang
    found = 0
    for path in sorted((content_root() / "scenarios").glob("*.yaml")):
        try:
            loaded = load_scenario(path, explore=False)
        except ScenarioError as error:
            print(f"{path.stem}: not valid ({len(error.problems)} problems; run validate)\n")
            continue
        found += 1
        print(_entry(loaded, language))
    if not found:
        print(f"no scenarios in {content_root() / 'scenarios'}")
    return 0


def _entry(loaded: LoadedScenario, language: str) -> str:
    scenario, scene = loaded.scenario, loaded.scene
    duration = estimate_duration(loaded, language)
    taught = chosen_elements(scenario)
    levels = f"{min(INTENSITY_LEVELS)}-{max(INTENSITY_LEVELS)}"
    rows = [
        ("role", localized(scenario.role, language) if scenario.role else "—"),
        ("setting", localized(scene.title, language)),
        ("intensity", levels),
        (
            "duration",
            f"about {duration.shortest:.0f}-{duration.longest:.0f} minutes alone "
            f"({duration.decisions[0]}-{duration.decisions[1]} decisions)",
        ),
        (
            "teaches",
            ", ".join(
                element_label(element.value, language) for element in Element if element in taught
            ),
        ),
    ]
    body = "\n".join(f"  {name:<10} {value}" for name, value in rows)
    return f"{scenario.id}: {localized(scenario.title, language)}\n{body}\n"
