"""Check scenario and scene files and report every problem, each with file, line and column.

Scenarios that pass are warned about their voice files (a voice-over missing lines, a
recording no line owns); with ``--teaching`` they are also given the teaching checks, reported
as warnings. Exit code 0 when every file is sound (warnings or not), 1 when problems were found.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

from simulator.errors import Problem, ScenarioError
from simulator.scenario.content import scenario_files
from simulator.scenario.diagnostics import MISSING_TRANSLATION
from simulator.scenario.exploration import explore
from simulator.scenario.loading import find_project_root, load_scenario, locate, read_model
from simulator.scenario.scene import SceneSpec
from simulator.scenario.teaching import teaching_problems
from simulator.scenario.validation import check_scene, exploration_findings
from simulator.scenario.voice_files import VOICE_FILE_RULES, voice_file_findings

HELP = "check scenarios (and the scenes they play in) for problems"

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="scenario or scene files, or folders"
    )
    parser.add_argument(
        "--teaching",
        action="store_true",
        help="also run the teaching checks on scenarios that pass (warnings)",
    )


def problems_in(path: Path, *, teaching: bool = False) -> list[Problem]:
    """Every problem in one scenario or scene file (a file in a scenes/ folder is a scene);
    for a sound scenario the warnings about its voice files, and with ``teaching`` its
    teaching warnings."""
    if path.parent.name == "scenes":
        scene, source, problems = read_model(path, SceneSpec)
        if scene is not None and source is not None:
            problems.extend(source.locate(check_scene(scene, find_project_root(path) / "assets")))
        return problems
    try:
        loaded = load_scenario(path, explore=not teaching)
    except ScenarioError as error:
        return error.problems
    assets = find_project_root(path) / "assets"
    voice_files = locate(loaded, voice_file_findings(loaded.scenario, assets))
    if not teaching:
        return voice_files
    # One exploration serves the checks only play can show and the teaching checks.
    found = explore(loaded.scenario, loaded.logic, longest_path=False)
    errors = locate(loaded, exploration_findings(loaded.scenario, found))
    return errors or teaching_problems(loaded, found) + voice_files


def run(arguments: argparse.Namespace) -> int:
    files = scenario_files(arguments.paths)
    errors = 0
    warnings: Counter[str] = Counter()
    """Warnings by kind: teaching checks, voice files."""
    untranslated: Counter[str] = Counter()
    """Texts without a translation, per language."""
    for path in files:
        problems = problems_in(path, teaching=arguments.teaching)
        untranslated.update(
            str(problem.path[-1])
            for problem in problems
            if problem.code == MISSING_TRANSLATION.code and problem.path
        )
        warnings.update(_kind(problem) for problem in problems if problem.warning)
        errors += sum(not problem.warning for problem in problems)
        for problem in problems:
            print(problem, file=sys.stderr)
    checked = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    log.info("validate: %d problems and %d warnings in %s", errors, warnings.total(), checked)
    if untranslated:
        counts = ", ".join(f"{lang} {count}" for lang, count in sorted(untranslated.items()))
        print(f"missing translations: {counts}", file=sys.stderr)
    if errors:
        print(f"{_count(errors, 'problem')} in {checked}.", file=sys.stderr)
        return 1
    if warnings:
        counted = " and ".join(_count(number, kind) for kind, number in sorted(warnings.items()))
        print(f"{checked} OK, with {counted}.")
        return 0
    print(f"{checked} OK.")
    return 0


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' if number != 1 else ''}"


def _kind(warning: Problem) -> str:
    voice = any(warning.code == rule.code for rule in VOICE_FILE_RULES)
    return "voice file warning" if voice else "teaching warning"
