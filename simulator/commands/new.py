"""Start a new scenario: a small, valid one in a scene of your choice, with comments showing
each feature of the language.

Writes ``scenarios/NAME.yaml`` (or ``-o FILE``) in the working folder; when the folder has
no copy of the scene yet, the shipped scene is copied to ``scenes/`` beside it, so the new
scenario validates and plays at once. It passes the teaching checks as written.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from simulator.errors import UsageError
from simulator.scenario.content import resolve_scene, scene_beside, shipped_root
from simulator.scenario.loading import load_scenario, load_scene
from simulator.scenario.starter import starter_scenario

HELP = "write a small valid scenario to start from, in a scene of your choice"

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the scenario's id (lower case, digits, _)")
    parser.add_argument(
        "--scene", required=True, metavar="SCENE", help="a shipped scene's id or a scene file"
    )
    parser.add_argument("-o", "--output", type=Path, help="the file (scenarios/NAME.yaml)")
    parser.add_argument("--force", action="store_true", help="replace an existing file")


def run(arguments: argparse.Namespace) -> int:
    name = arguments.name
    if not _ID.match(name):
        raise UsageError(
            f"{name!r} cannot be a scenario id; expected lower-case letters, digits and _, "
            "starting with a letter (e.g. doorstep_evening)"
        )
    output = arguments.output or Path("scenarios") / f"{name}.yaml"
    if output.exists() and not arguments.force:
        raise UsageError(f"{output} exists; choose another name, or --force to replace it")
    scene_path = resolve_scene(arguments.scene)
    scene = load_scene(scene_path)
    project = output.resolve().parent.parent
    copied = scene_beside(output, scene_path)
    if copied is not None:
        print(f"copied scene {scene.id} to {copied}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        starter_scenario(name, scene, output, _schema_for(output, project)), encoding="utf-8"
    )
    load_scenario(output)
    print(f"wrote {output}; next: simulator validate --teaching {output}")
    return 0


def _schema_for(output: Path, project: Path) -> str:
    """The schema's path for the editor comment: the project's own, else the shipped one."""
    schema = project / "schemas" / "scenario.schema.json"
    if not schema.is_file():
        schema = shipped_root() / "schemas" / "scenario.schema.json"
    return Path(os.path.relpath(schema.resolve(), output.resolve().parent)).as_posix()
