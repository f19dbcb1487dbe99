"""Bring a Twine story in: convert a Twee 3 file into a scenario.

Passages become nodes, links choices, a passage without links an ending; ``(set:)`` and
``<<set>>`` of simple values become variables and effects, tags that name an outcome or a
response element are used as such. What the scenario needs and the story does not say is
written as ``TO WRITE: ...`` and listed; what cannot be mapped is listed with its line. The
result is validated. Exit code 1 when something could not be mapped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from simulator.errors import UsageError
from simulator.interop.twee import convert, parse_twee
from simulator.scenario.content import resolve_scene, scene_beside
from simulator.scenario.loading import load_scenario, load_scene

HELP = "convert a Twine story (Twee 3) into a scenario"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story", type=Path, metavar="STORY.twee", help="a Twee 3 file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the scenario file")
    parser.add_argument(
        "--scene", default="town_hall_car_park", metavar="SCENE", help="the scene it plays in"
    )
    parser.add_argument("--lang", default="en", metavar="LANG", help="the story's language")
    parser.add_argument("--force", action="store_true", help="replace an existing file")


def run(arguments: argparse.Namespace) -> int:
    output: Path = arguments.output
    if output.exists() and not arguments.force:
        raise UsageError(f"{output} exists; choose another file, or --force to replace it")
    try:
        text = arguments.story.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {arguments.story} as Twee text: {error}") from None
    passages = parse_twee(text)
    if not passages:
        raise UsageError(f"{arguments.story} holds no passages; expected lines starting with ::")
    scene_path = resolve_scene(arguments.scene)
    scene = load_scene(scene_path)
    conversion = convert(passages, _scenario_id(output), scene, arguments.lang)
    if not conversion.scenario:
        raise UsageError(f"{arguments.story} holds no story passages to convert")
    header = (
        "# yaml-language-server: $schema=../schemas/scenario.schema.json\n"
        f"# Converted from {arguments.story.name} by `simulator import`; "
        "replace every 'TO WRITE:' text.\n"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    copied = scene_beside(output, scene_path)
    if copied is not None:
        print(f"copied scene {scene.id} to {copied}")
    body = yaml.safe_dump(conversion.scenario, sort_keys=False, allow_unicode=True, width=92)
    output.write_text(header + body, encoding="utf-8")
    nodes = len(conversion.scenario["nodes"])
    print(f"wrote {output}: {nodes} nodes from {len(passages)} passages")
    if conversion.to_write:
        print(f"{len(conversion.to_write)} texts to write (search for 'TO WRITE:')")
    for item in conversion.unmapped:
        print(f"{arguments.story}: {item}", file=sys.stderr)
    load_scenario(output)
    return 1 if conversion.unmapped else 0


def _scenario_id(output: Path) -> str:
    return output.stem if output.stem.isidentifier() else "imported_story"
