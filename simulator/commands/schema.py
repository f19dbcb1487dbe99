"""Print the JSON Schema of the scenario (or scene) file format, for editors and tools."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.scenario.model import Scenario
from simulator.scenario.scene import SceneSpec

HELP = "print the JSON Schema of scenario files (or of scene files with --scene)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scene", action="store_true", help="the scene format instead")
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")


def schema_text(scene: bool = False) -> str:
    """The JSON Schema document, as the files in schemas/ hold it."""
    model = SceneSpec if scene else Scenario
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(model.model_json_schema())
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def run(arguments: argparse.Namespace) -> int:
    text = schema_text(arguments.scene)
    if arguments.output:
        arguments.output.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0
