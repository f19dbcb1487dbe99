"""Check scenario and scene files and report every problem, each with file, line and column.

Exit code 0 when every file is sound, 1 when problems were found.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from simulator.errors import Problem, ScenarioError
from simulator.scenario.content import scenario_files
from simulator.scenario.loading import find_project_root, load_scenario, read_model
from simulator.scenario.scene import SceneSpec
from simulator.scenario.validation import check_scene

HELP = "check scenarios (and the scenes they play in) for problems"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="scenario or scene files, or folders"
    )


def problems_in(path: Path) -> list[Problem]:
    """Every problem in one scenario or scene file (a file in a scenes/ folder is a scene)."""
    if path.parent.name == "scenes":
        scene, source, problems = read_model(path, SceneSpec)
        if scene is not None and source is not None:
            problems.extend(source.locate(check_scene(scene, find_project_root(path) / "assets")))
        return problems
    try:
        load_scenario(path)
    except ScenarioError as error:
        return error.problems
    return []


def run(arguments: argparse.Namespace) -> int:
    files = scenario_files(arguments.paths)
    total = 0
    for path in files:
        problems = problems_in(path)
        total += len(problems)
        for problem in problems:
            print(problem, file=sys.stderr)
    checked = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    log.info("validate: %d problems in %s", total, checked)
    if total:
        print(f"{total} problem{'s' if total != 1 else ''} in {checked}.", file=sys.stderr)
        return 1
    print(f"{checked} OK.")
    return 0
